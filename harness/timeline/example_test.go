package timeline_test

import (
	"fmt"

	"github.com/golive/resilience/harness/timeline"
)

func ExampleTimeline() {
	tl := timeline.New()
	tl.BeginPhase(timeline.PhaseFault)
	tl.Sample("pods/ready", 3)
	tl.Record(timeline.Event{Kind: timeline.KindInject, Source: "pod-delete",
		Objects: []timeline.Ref{{Kind: "pod", Namespace: "shop", Name: "web-1"}}})
	tl.Sample("pods/ready", 2)
	tl.Sample("pods/ready", 2) // unchanged: not recorded
	tl.EndPhases()

	span, _ := tl.Span(timeline.PhaseFault)
	lo, hi, _ := tl.Range("pods/ready", span.Start, span.End)
	for _, e := range tl.Events(timeline.OfKind(timeline.KindInject)) {
		fmt.Println(e.Kind, e.Source, e.Objects[0])
	}
	fmt.Printf("ready pods between %v and %v, %d samples\n", lo, hi, len(tl.Series("pods/ready")))
	// Output:
	// inject pod-delete pod/shop/web-1
	// ready pods between 2 and 3, 2 samples
}
