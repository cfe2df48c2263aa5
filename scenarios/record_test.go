package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness"
)

// recordResult keeps results for the report written at the end (see report_test.go).
func recordResult(t *testing.T, e expect, res *harness.Result) {
	t.Helper()
	results = append(results, named{name: string(e.kind) + "/" + e.variant.String(), res: res})
}

type named struct {
	name string
	res  *harness.Result
}

var results []named
