// Package fiberendpoint mounts a WhatsApp Flows data endpoint
// ([endpoint.Handler]) on Fiber v2. It is a package of its own so that
// programs embedding the endpoint with net/http do not link Fiber.
//
// # Mounting
//
//	h, err := endpoint.New(cfg)
//	if err != nil {
//		return err
//	}
//	app.All("/wa/v2/flows/:id/endpoint", fiberendpoint.New(h))
//
// # Body size
//
// Fiber refuses bodies over its own Config.BodyLimit (4 MiB by default)
// before the handler runs; the endpoint then applies its own, smaller
// [endpoint.Config.MaxBodyBytes]. Keep Fiber's limit at or above it.
package fiberendpoint
