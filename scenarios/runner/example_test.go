package runner_test

import (
	"fmt"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios/runner"
)

func ExampleSelect() {
	kinds, err := runner.Select(nil, []string{checks.ItemPDB, checks.ItemGracefulShutdown})
	fmt.Println(kinds, err)
	_, err = runner.Select(nil, []string{"uptime"})
	fmt.Println(err)
	// Output:
	// [pod-termination node-drain] <nil>
	// unknown checklist item "uptime"
}
