package httpapi

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/waflow/waflow/endpoint"
)

// Metrics are the server's Prometheus collectors, all registered on the
// server's own registry (never the global default, so two servers in one
// process, as in tests, never collide). Every method is safe for concurrent
// use.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	endpoint   *prometheus.CounterVec
	reconciler *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *Metrics {
	m := &Metrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waflow_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "waflow_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		endpoint: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waflow_endpoint_requests_total",
			Help: "Data endpoint requests answered, by flow and status.",
		}, []string{"flow", "status"}),
		reconciler: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waflow_reconciler_steps_total",
			Help: "Lifecycle reconciler steps taken, by step and outcome.",
		}, []string{"step", "outcome"}),
	}
	reg.MustRegister(m.requests, m.duration, m.endpoint, m.reconciler)
	return m
}

// Registry is where further collectors go; /metrics serves all of it.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// EndpointRequest counts one data endpoint answer for a flow.
func (m *Metrics) EndpointRequest(flowID string, status int) {
	m.endpoint.WithLabelValues(flowID, strconv.Itoa(status)).Inc()
}

// ReconcilerStep counts one step the lifecycle reconciler took for a
// target and how it ended.
func (m *Metrics) ReconcilerStep(step, outcome string) {
	m.reconciler.WithLabelValues(step, outcome).Inc()
}

// EndpointObserver returns an [endpoint.Observer] that counts the answers
// of one flow's data endpoint; pass it in that flow's endpoint.Config.
func (m *Metrics) EndpointObserver(flowID string) endpoint.Observer {
	return endpointObserver{m: m, flow: flowID}
}

type endpointObserver struct {
	m    *Metrics
	flow string
}

func (o endpointObserver) Observe(out endpoint.Outcome) { o.m.EndpointRequest(o.flow, out.Status) }

func (m *Metrics) observeHTTP(method, route string, status int, seconds float64) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(seconds)
}
