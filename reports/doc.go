// Package reports turns the results of resilience runs into what people and
// CI systems read: a versioned result.json, a self-contained index.html, a
// junit.xml with one testcase per checklist item, and Prometheus metrics,
// with regressions marked against a previous run.
//
// The package has its own plain-data schema (Result and the types it
// holds), so that a report re-renders from result.json files alone, without
// the cluster and without the harness that produced them.
package reports
