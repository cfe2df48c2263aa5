package fault_test

import (
	"context"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// A fault pushes the step that undoes each change before making it; the
// revert runs the steps newest first, once, on a context of its own.
func ExampleUndo() {
	undo := fault.NewUndo("example", time.Minute, func(e timeline.Event) { fmt.Println(e.Kind, e.Message) })
	_ = undo.Push("uncordon node w1", func(context.Context) error { return nil })
	_ = undo.Push("remove chain GOLIVE-X", func(context.Context) error { return nil })
	fmt.Println(undo.Revert(), undo.Revert())
	fmt.Println(undo.Push("too late", nil))
	// Output:
	// revert remove chain GOLIVE-X; uncordon node w1
	// <nil> <nil>
	// example: too late: fault already reverted
}
