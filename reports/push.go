package reports

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/prometheus/client_golang/prometheus/push"
)

// DefaultPushJob is the Pushgateway job a run's metrics are pushed as.
const DefaultPushJob = "resilience"

// Pushgateway says where to push a run's metrics.
type Pushgateway struct {
	// URL is the Pushgateway's base URL, e.g. "http://127.0.0.1:9091".
	URL string
	// Job is the job label; DefaultPushJob when empty.
	Job string
	// Grouping adds labels to the grouping key, e.g. {"instance": "shop"}.
	// They must differ from the metrics' own labels (cluster, scenario,
	// item, status, phase, kind, ...), which the Pushgateway refuses.
	Grouping map[string]string
	// Client sends the request; http.DefaultClient when nil.
	Client *http.Client
}

// Push replaces the metrics of the gateway's group with those of r and t
// (see NewRegistry).
func (g Pushgateway) Push(ctx context.Context, r *Result, t *Trend) error {
	reg, err := NewRegistry(r, t)
	if err != nil {
		return err
	}
	job := g.Job
	if job == "" {
		job = DefaultPushJob
	}
	p := push.New(g.URL, job).Gatherer(reg)
	if g.Client != nil {
		p = p.Client(g.Client)
	}
	keys := make([]string, 0, len(g.Grouping))
	for k := range g.Grouping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p = p.Grouping(k, g.Grouping[k])
	}
	if err := p.PushContext(ctx); err != nil {
		return fmt.Errorf("pushing metrics to %s: %w", g.URL, err)
	}
	return nil
}
