package loadgen

import (
	"fmt"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// DefaultNamespace prefixes the metrics' names unless Namespace says otherwise.
const DefaultNamespace = "loadgen"

// DefaultBuckets are the latency histogram's buckets, in seconds: 1 ms
// doubling to about 33 s.
var DefaultBuckets = prometheus.ExponentialBuckets(0.001, 2, 16)

// Metrics are Prometheus collectors fed by every Run given WithMetrics:
// <ns>_requests_total{code}, <ns>_errors_total{class},
// <ns>_request_duration_seconds (successful requests, as in windows) and
// <ns>_requests_in_flight. One Metrics can serve many runs.
type Metrics struct {
	requests *prometheus.CounterVec
	errors   [numClasses]prometheus.Counter
	latency  prometheus.Histogram
	inFlight prometheus.Gauge
}

// MetricsOption configures NewMetrics.
type MetricsOption func(*metricsConfig)

type metricsConfig struct {
	namespace string
	buckets   []float64
}

// Namespace sets the metrics' name prefix.
func Namespace(ns string) MetricsOption { return func(c *metricsConfig) { c.namespace = ns } }

// Buckets sets the latency histogram's buckets, in seconds.
func Buckets(b []float64) MetricsOption { return func(c *metricsConfig) { c.buckets = b } }

// NewMetrics creates the collectors and registers them on reg.
func NewMetrics(reg prometheus.Registerer, opts ...MetricsOption) (*Metrics, error) {
	cfg := metricsConfig{namespace: DefaultNamespace, buckets: DefaultBuckets}
	for _, o := range opts {
		o(&cfg)
	}
	errs := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: cfg.namespace,
		Name: "errors_total", Help: "Failed requests by class."}, []string{"class"})
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: cfg.namespace,
			Name: "requests_total", Help: "Requests by response status code (0: no response)."}, []string{"code"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: cfg.namespace,
			Name: "request_duration_seconds", Help: "Latency of successful requests.", Buckets: cfg.buckets}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: cfg.namespace,
			Name: "requests_in_flight", Help: "Requests sent and not yet finished."}),
	}
	for _, c := range Classes {
		m.errors[c] = errs.WithLabelValues(c.String()) // every class exported from zero
	}
	for _, c := range []prometheus.Collector{m.requests, errs, m.latency, m.inFlight} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("registering loadgen metrics: %w", err)
		}
	}
	return m, nil
}

// observer feeds one run's results to Metrics; a nil observer does nothing.
type observer struct {
	m     *Metrics
	codes [600]prometheus.Counter
}

func newObserver(m *Metrics) *observer {
	if m == nil {
		return nil
	}
	return &observer{m: m}
}

// sent is the targeter's hook; it is called from vegeta's workers.
func (o *observer) sent() { o.m.inFlight.Inc() }

func (o *observer) observe(r *vegeta.Result, c Class) {
	if o == nil {
		return
	}
	o.m.inFlight.Dec()
	if int(r.Code) < len(o.codes) {
		if o.codes[r.Code] == nil {
			o.codes[r.Code] = o.m.requests.WithLabelValues(strconv.Itoa(int(r.Code)))
		}
		o.codes[r.Code].Inc()
	} else {
		o.m.requests.WithLabelValues(strconv.Itoa(int(r.Code))).Inc()
	}
	if c == ClassNone {
		o.m.latency.Observe(r.Latency.Seconds())
		return
	}
	o.m.errors[c].Inc()
}
