package fiberendpoint_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http/httptest"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/fiberendpoint"
	"github.com/waflow/waflow/endpoint/script"
)

// The endpoint mounted on a Fiber app, answering a health-check ping sealed
// as WhatsApp seals it.
func ExampleNew() {
	key, err := crypto.GenerateKey(nil, 2048)
	if err != nil {
		log.Fatal(err)
	}
	prog, err := script.Compile("hello.js", `function handle(req, ctx) { return {screen: "WELCOME", data: {}} }`)
	if err != nil {
		log.Fatal(err)
	}
	host := script.NewHost(script.Options{})
	defer host.Close()
	h, err := endpoint.New(endpoint.Config{Keys: crypto.KeySet{key}, Program: prog, Host: host})
	if err != nil {
		log.Fatal(err)
	}

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.All("/wa/v2/flows/:id/endpoint", fiberendpoint.New(h))

	body, cs, err := crypto.SealRequest(&key.PublicKey, []byte(`{"version":"3.0","action":"ping"}`), nil)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := app.Test(httptest.NewRequest("POST", "/wa/v2/flows/42/endpoint", bytes.NewReader(body)))
	if err != nil {
		log.Fatal(err)
	}
	sealed, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	answer, err := cs.OpenResponse(sealed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(answer))

	resp, err = app.Test(httptest.NewRequest("PUT", "/wa/v2/flows/42/endpoint", nil))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Allow"))
	// Output:
	// 200 {"data":{"status":"active"}}
	// 405 GET, HEAD, POST
}
