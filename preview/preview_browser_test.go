package preview

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// findBrowser returns a Chromium or Chrome to drive, "" when there is none.
func findBrowser() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for the test, with a fresh profile
// and everything that would reach Google's hosts turned off.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findBrowser()
	if path == "" {
		t.Skip("no Chromium found (looked for /usr/bin/chromium, chromium, chromium-browser, google-chrome on PATH); install one to run the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1240, 900),
	}
	ctx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	require.NoError(t, chromedp.Do(ctx), "start %s", path)
	return ctx
}

// page opens url in a new tab of the browser. It fails the test on any
// uncaught JavaScript exception of the page.
func page(t *testing.T, browserCtx context.Context, url string) context.Context {
	t.Helper()
	ctx, cancelTab := chromedp.NewContext(browserCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 40*time.Second)
	var (
		mu     sync.Mutex
		thrown []string
	)
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			d := e.ExceptionDetails
			msg := fmt.Sprintf("%s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, d.Text)
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			thrown = append(thrown, msg)
			mu.Unlock()
		}
	}))
	t.Cleanup(func() {
		if t.Failed() {
			screenshot(ctx, t, "failure.png")
		}
		cancelTimeout()
		cancelTab()
		mu.Lock()
		defer mu.Unlock()
		require.Empty(t, thrown, "uncaught exceptions in the page")
	})
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url)))
	return ctx
}

// waitText waits until the element's text contains want.
func waitText(selector, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.includes(%q); })()`, selector, want),
		chromedp.WithPollingInterval(50*time.Millisecond))
}

func text(ctx context.Context, t *testing.T, selector string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(selector)))
	require.NoError(t, err)
	return s
}

// screenshot saves the page to the test's artifact directory (kept with
// go test -artifacts) and logs where.
func screenshot(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	path := filepath.Join(t.ArtifactDir(), name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

func completion(ctx context.Context, t *testing.T) map[string]any {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#completion"))))
	var payload map[string]any
	require.NoError(t, json.Unmarshal([]byte(text(ctx, t, "#completion")), &payload))
	return payload
}

func TestBrowserWalksFlows(t *testing.T) {
	browserCtx := browser(t)

	t.Run("static flow with If, OptIn and a refused Footer", func(t *testing.T) {
		srv := httptest.NewServer(New(Options{Load: filesOf(t, "feedback-7.3.json", "").Load}))
		defer srv.Close()
		ctx := page(t, browserCtx, srv.URL+"/")

		require.NoError(t, chromedp.Do(ctx,
			waitText("#screen-title", "Feedback"),
			waitText("#screen-body", "Help us improve"),
			chromedp.Click(chromedp.CSS("#footer-button")),
			waitText("#in-recommend-error", "This field is required"),
			chromedp.Click(chromedp.CSS(`#in-recommend input[value="no"]`)),
			chromedp.WaitVisible(chromedp.CSS("#in-reason")),
			chromedp.SendKeys(chromedp.CSS("#in-reason"), "Slow delivery"),
			chromedp.Click(chromedp.CSS(`#in-follow_up`)),
			chromedp.Click(chromedp.CSS(`.optin .link`)),
			waitText("#notice", "The phone would open https://"),
		))
		require.Equal(t, "Slow delivery", formValue(ctx, t, "reason"))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#footer-button"))))

		payload := completion(ctx, t)
		require.Equal(t, "no", payload["recommend"])
		require.Equal(t, "Slow delivery", payload["reason"])
		require.Equal(t, true, payload["follow_up"])
		require.Contains(t, text(ctx, t, "#overlay"), "Flow completed")
	})

	t.Run("every component", func(t *testing.T) {
		srv := httptest.NewServer(New(Options{Load: filesOf(t, "every-component-7.3.json", "").Load}))
		defer srv.Close()
		ctx := page(t, browserCtx, srv.URL+"/")
		upload := filepath.Join(t.TempDir(), "invoice.pdf")
		require.NoError(t, os.WriteFile(upload, []byte("%PDF-1.4"), 0o600))

		require.NoError(t, chromedp.Do(ctx,
			waitText("#screen-title", "Every component"),
			waitText("#screen-body", "Subheading"),
			waitText(".t-body strong", "bold"),
			waitText(".t-body ul", "second"),
			chromedp.SendKeys(chromedp.CSS("#in-email"), "ada@example.com"),
			chromedp.Click(chromedp.CSS(`#in-tags input[value="hot"] + .item`)),
			chromedp.Click(chromedp.CSS("#in-pizza")),
			waitText("#screen-body .sheet", "Spicy salami"),
			chromedp.Click(chromedp.CSS(`.sheet input[value="b"]`)),
			waitText("#in-pizza", "Diavola"),
			chromedp.Click(chromedp.CSS("#in-terms")),
			waitText("#screen-footer", "EUR 18"),
		))
		unknown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#screen-body .unknown").length`))
		require.NoError(t, err)
		require.Zero(t, unknown, "components the page cannot draw")
		require.Equal(t, []any{"hot"}, formValue(ctx, t, "tags"))
		require.Equal(t, "b", formValue(ctx, t, "pizza"))
		require.Equal(t, true, formValue(ctx, t, "terms"))
		screenshot(ctx, t, "every-component-inputs.png")

		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("#footer-button")),
			waitText("#screen-title", "Rich text"),
			waitText(".rich table", "Diavola"),
			waitText(".rich h3", "Our menu"),
			chromedp.WaitVisible(chromedp.CSS(".rich img.md-image")),
		))
		screenshot(ctx, t, "every-component-rich.png")
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("#footer-button")),
			waitText("#screen-title", "Choose"),
			waitText(".navlist", "Upload documents"),
			chromedp.Click(chromedp.CSS(`.navitem[data-item="docs"]`)),
			waitText("#screen-title", "Documents"),
			chromedp.SetUploadFiles(chromedp.CSS("#in-doc"), []string{upload}),
			waitText("#screen-body .files", "invoice.pdf"),
			chromedp.Click(chromedp.CSS("#footer-button")),
		))
		payload := completion(ctx, t)
		require.Equal(t, "ada@example.com", payload["email"])
		require.Equal(t, []any{map[string]any{"file_name": "invoice.pdf"}}, payload["doc"])
	})

	t.Run("back with refresh_on_back sends BACK", func(t *testing.T) {
		srv := httptest.NewServer(New(Options{Load: filesOf(t, "appointment-endpoint-7.3.json", "appointment.plain.js").Load}))
		defer srv.Close()
		ctx := page(t, browserCtx, srv.URL+"/")

		require.NoError(t, chromedp.Do(ctx,
			waitText("#screen-title", "Book a visit"),
			chromedp.Click(chromedp.CSS("#in-service")),
			chromedp.Click(chromedp.CSS(`.sheet input[value="cut"]`)),
			// A date input types in the browser's locale; set it as a pick does.
			chromedp.Evaluate[chromedp.Void](`(() => { const e = document.getElementById("in-day");
				e.value = "2026-03-07"; e.dispatchEvent(new Event("change")); })()`),
			chromedp.Click(chromedp.CSS("#footer-button")),
			waitText("#screen-title", "Pick a time"),
			waitText("#screen-body", "Saturday 7 March"),
			chromedp.Click(chromedp.CSS("#nav-button")),
			waitText("#exchange-log", "BACK from SLOT → HTTP 200"),
			waitText("#screen-title", "Book a visit"),
		))
		require.Equal(t, "cut", formValue(ctx, t, "service"), "back keeps what was entered")
		require.Equal(t, "×", text(ctx, t, "#nav-button"))
	})

	t.Run("endpoint flow through the real envelope", func(t *testing.T) {
		srv := httptest.NewServer(New(Options{Load: filesOf(t, "pizza-order-endpoint-7.3.json", "pizza-order.plain.js").Load}))
		defer srv.Close()
		ctx := page(t, browserCtx, srv.URL+"/")

		require.NoError(t, chromedp.Do(ctx,
			waitText("#screen-title", "Build your pizza"),
			waitText("#screen-body", "Pick a size and up to 3 toppings."),
			waitText("#exchange-log", "INIT → HTTP 200"),
			chromedp.Click(chromedp.CSS(`#in-size input[value="large"]`)),
			chromedp.Click(chromedp.CSS(`#in-toppings input[value="mushrooms"]`)),
			chromedp.Click(chromedp.CSS(`#in-toppings input[value="olives"]`)),
			chromedp.Click(chromedp.CSS("#footer-button")),
			waitText("#screen-title", "Delivery details"),
			waitText("#screen-body", "Large pizza with mushrooms and olives, EUR 14.00"),
			chromedp.SendKeys(chromedp.CSS("#in-name"), "Ada Lovelace"),
			chromedp.SendKeys(chromedp.CSS("#in-phone"), "+44 20 7946 0018"),
			chromedp.SendKeys(chromedp.CSS("#in-address"), "12 St James's Square, London"),
			chromedp.Click(chromedp.CSS("#footer-button")),
			waitText("#screen-title", "Confirm your order"),
			waitText("#screen-body", "Delivery to 12 St James's Square, London in about 35 minutes"),
			waitText("#screen-footer", "EUR 14.00"),
			waitText("#exchange-log", "data_exchange from DETAILS → HTTP 200"),
		))
		require.Equal(t, "←", text(ctx, t, "#nav-button"))
		screenshot(ctx, t, "pizza-confirm.png")

		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#footer-button"))))
		payload := completion(ctx, t)
		require.Equal(t, "large", payload["size"])
		require.Equal(t, []any{"mushrooms", "olives"}, payload["toppings"])
		require.Equal(t, "Ada Lovelace", payload["deliver_to"])
		require.Equal(t, "preview", payload["flow_token"])
		require.Regexp(t, `^PZ-[0-9A-Z]{6}$`, payload["order_id"])
		screenshot(ctx, t, "pizza-completed.png")
	})
}

// formValue reads one form value from the inspector's JSON.
func formValue(ctx context.Context, t *testing.T, name string) any {
	t.Helper()
	var form map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(text(ctx, t, "#form-values"))), &form))
	return form[name]
}
