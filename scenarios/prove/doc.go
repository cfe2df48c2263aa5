// Package prove runs the go-live suite from a team's own go test: it
// proves the checklist items of a spec file against the team's own
// Deployment on a kind cluster, writes the report as `resilience run`
// does, and turns each verdict into a subtest — PASS passes, FAIL, ERROR
// and INCONCLUSIVE fail with the verdict's reason, SKIP skips.
//
// With sigs.k8s.io/e2e-framework, TestMain makes or reuses the spec's
// cluster once and deletes it after, when it made it:
//
//	var testenv env.Environment
//
//	func TestMain(m *testing.M) {
//		testenv = env.New()
//		testenv.Setup(prove.Setup("golive.yaml"))
//		testenv.Finish(prove.Finish("golive.yaml"))
//		os.Exit(testenv.Run(m))
//	}
//
//	func TestGoLive(t *testing.T) {
//		testenv.Test(t, prove.Feature("golive.yaml", nil))
//	}
//
// Without e2e-framework, Prove alone makes or reuses the cluster and
// deletes one it made when the test ends. The package links e2e-framework
// and package testing: programs (the CLI) use scenarios/runner instead.
package prove
