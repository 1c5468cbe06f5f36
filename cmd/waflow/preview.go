package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/preview"
)

// previewConfig is the typed form of "waflow preview"'s flags and argument.
type previewConfig struct {
	Flow    string
	Script  string
	EnvFile string
	Addr    string
	Timeout time.Duration
}

func (c previewConfig) validate() error {
	if c.Flow == "" {
		return usageErrorf("no flow given (waflow preview FLOW [--script FILE])")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return usageErrorf("--addr: %v (want HOST:PORT, e.g. 127.0.0.1:8090)", err)
	}
	return checkScriptTimeout(c.Timeout)
}

// runPreview serves the browser preview of a flow on disk until ctx ends.
// It needs no database and no API key: it listens on loopback unless told
// otherwise, and seals requests to a throwaway key made at start. The page
// re-reads the flow and the script within a second of an edit.
func runPreview(ctx context.Context, m *Main, args []string) error {
	c := previewConfig{Addr: "127.0.0.1:8090"}
	flags := m.newCommandFlags("preview", "FLOW [--script FILE] [--env-file FILE] [--addr HOST:PORT]")
	flags.StringVar(&c.Script, "script", "", "JavaScript handler answering the flow's requests (for a flow with a data_api_version)")
	flags.StringVar(&c.EnvFile, "env-file", "", "file of KEY=VALUE lines passed to the script as its env")
	flags.StringVar(&c.Addr, "addr", c.Addr, "address to listen on, HOST:PORT; anyone who can reach it can run the script")
	flags.DurationVar(&c.Timeout, "timeout", script.DefaultTimeout, "wall-clock budget of one script call")
	if err := parseCommandFlags(flags, args); err != nil {
		return err
	}
	// FLOW may come before the flags, as in the usage line.
	if flags.NArg() > 0 {
		c.Flow = flags.Arg(0)
		if err := parseCommandFlags(flags, flags.Args()[1:]); err != nil {
			return err
		}
		if err := noArgs(flags); err != nil {
			return err
		}
	}
	if err := c.validate(); err != nil {
		return err
	}
	env, err := readEnvFile(c.EnvFile)
	if err != nil {
		return err
	}
	key, err := crypto.GenerateKey(nil, crypto.MinKeyBits)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(m.Stderr, nil))
	host := script.NewHost(script.Options{Timeout: c.Timeout, Logger: logger, Media: endpoint.MediaFetcher{}.Fetch})
	defer host.Close()
	files := &preview.Files{Flow: c.Flow, Script: c.Script, Env: env, Key: key, Host: host, Logger: logger}
	// A missing file is a mistake in the command line; everything else
	// about the flow the page shows.
	if _, err := files.Load(ctx); err != nil {
		return usageErrorf("%v", err)
	}

	srv := &http.Server{
		Handler:           preview.New(preview.Options{Load: files.Load, Logger: logger}),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      c.Timeout + 10*time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	fmt.Fprintf(m.Stdout, "preview of %s on http://%s/\n", c.Flow, ln.Addr())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.Timeout+time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
