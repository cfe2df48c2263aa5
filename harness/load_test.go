package harness

import (
	"context"
	"testing"

	"github.com/golive/resilience/harness/timeline"
)

// TestRecordInLoad: a LoadFunc records into the timeline of the scenario
// whose load it sends, and Record outside one does nothing.
func TestRecordInLoad(t *testing.T) {
	t.Parallel()
	tl := timeline.New()
	ctx := context.WithValue(context.Background(), recorderKey{}, tl)
	Record(ctx, timeline.Event{Kind: timeline.KindNote, Message: "attacker lost"})
	Record(context.Background(), timeline.Event{Kind: timeline.KindNote, Message: "nowhere"})
	es := tl.Events(timeline.OfKind(timeline.KindNote))
	if len(es) != 1 || es[0].Source != "load" || es[0].Message != "attacker lost" {
		t.Errorf("events %+v", es)
	}
}
