package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/httpapi"
)

// A route is described once; the description mounts it, documents it in
// /openapi.json and decides whether it needs an API key.
func ExampleServer_Handle() {
	srv := httpapi.New(httpapi.Options{})
	srv.Handle(httpapi.Route{
		Method:  http.MethodGet,
		Path:    "/wa/v2/hello/:name",
		Summary: "Greet someone.",
	}, func(c *fiber.Ctx) error {
		return c.SendString("hello " + c.Params("name"))
	})

	// Without an API key, the route under /wa/v2/ is refused.
	resp, _ := srv.App().Test(httptest.NewRequest(http.MethodGet, "/wa/v2/hello/ana", nil))
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	fmt.Println(string(body[:31]))

	for _, r := range srv.Routes() {
		fmt.Println(r.Method, httpapi.OpenAPIPath(r.Path), "public:", r.Public)
	}
	// Output:
	// 401 Bearer realm="waflow"
	// {"error":{"code":"UNAUTHORIZED"
	// GET /healthz public: true
	// GET /metrics public: true
	// GET /openapi.json public: true
	// GET /readyz public: true
	// GET /wa/v2/hello/{name} public: false
}
