// Package fakebsp is the plumbing the BSP fakes (metatest, gupshuptest,
// infobiptest, kapsotest) share: an httptest server, the log of what it
// received, queued faults and how they are answered, and the delivery loop
// of the webhooks a fake sends. What makes each fake its BSP (auth checks,
// paths, shapes, state machines, error envelopes, signatures) stays in the
// fake.
//
// # Requests and faults
//
// A fake keeps one [Traffic] value. Its ServeHTTP logs each request and
// takes the next fault queued for the request's key in one step
// ([Traffic.Receive]), so the n-th request to a route takes the n-th fault
// injected for it. Keys are the fake's business: "METHOD route" ([Key]) for
// most, the route alone for Gupshup.
//
// A fake's exported Fault is translated into a [Fault] and answered with
// [Fault.Answer]: Delay is waited first (a client that gives up meanwhile
// gets no answer), a zero Status lets the request go on, Retry-After is set
// when given, and the body is either written as is (an HTML 502 from a
// proxy) or by the fake's Envelope (its own error shape).
//
// # Webhooks
//
// [Post] is the delivery loop: one POST, then one more after each wait of
// the retry schedule while the receiver answers other than 2xx. Signing and
// tampering are the fake's; [Reindent] gives the re-serialised body of a
// "reserialized" tamper.
//
// # Example
//
// The skeleton of a fake:
//
//	type Server struct {
//		URL     string
//		traffic fakebsp.Traffic[Request, Fault]
//	}
//
//	func New(t testing.TB) *Server {
//		s := &Server{}
//		s.URL = fakebsp.Serve(t, s)
//		return s
//	}
//
//	func (s *Server) Inject(method, route string, faults ...Fault) {
//		s.traffic.Inject(fakebsp.Key(strings.ToUpper(method), route), faults...)
//	}
//
//	func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
//		body, _ := io.ReadAll(r.Body)
//		route := routeOf(r)
//		f, ok := s.traffic.Receive(Request{Path: r.URL.Path, Body: body}, fakebsp.Key(r.Method, route))
//		if ok && f.answer().Answer(w, r) {
//			return
//		}
//		// authenticate, route and answer as the BSP does
//	}
package fakebsp
