package endpoint_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
)

// A Go service embeds the data endpoint with net/http in three lines: New,
// its error, Handle. The rest of the example plays WhatsApp's part.
func ExampleHandler_ServeHTTP() {
	pem, err := os.ReadFile("testdata/key-current.pem")
	if err != nil {
		log.Fatal(err)
	}
	key, err := crypto.ParsePrivateKeyPEM(pem, nil)
	if err != nil {
		log.Fatal(err)
	}
	prog, err := script.Compile("hello.js", `function handle(req, ctx) { return {screen: "WELCOME", data: {}} }`)
	if err != nil {
		log.Fatal(err)
	}
	host := script.NewHost(script.Options{})
	defer host.Close()
	mux := http.NewServeMux()

	h, err := endpoint.New(endpoint.Config{Keys: crypto.KeySet{key}, Program: prog, Host: host})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/flows/endpoint", h)

	srv := httptest.NewServer(mux)
	defer srv.Close()
	body, cs, err := crypto.SealRequest(&key.PublicKey, []byte(`{"version":"3.0","action":"ping"}`), nil)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.Post(srv.URL+"/flows/endpoint", "application/json", bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	sealed, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	answer, err := cs.OpenResponse(sealed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), string(answer))
	// Output: 200 text/plain {"data":{"status":"active"}}
}
