package reports

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJUnitGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, smallFixture.result()); err != nil {
		t.Fatal(err)
	}
	golden(t, "junit.golden.xml", buf.Bytes())
}

// junitCaseSeen is what a CI system reads of a testcase.
type junitCaseSeen struct {
	Class, Name, Kind, Message string
}

func readJUnit(t *testing.T, data []byte) (junitSuites, []junitCaseSeen) {
	t.Helper()
	var doc junitSuites
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	var cases []junitCaseSeen
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			seen := junitCaseSeen{Class: c.Classname, Name: c.Name, Kind: "passed"}
			switch {
			case c.Failure != nil:
				seen.Kind, seen.Message = "failure", c.Failure.Message
			case c.Error != nil:
				seen.Kind, seen.Message = "error", c.Error.Message
			case c.Skipped != nil:
				seen.Kind, seen.Message = "skipped", c.Skipped.Message
			}
			cases = append(cases, seen)
		}
	}
	return doc, cases
}

func TestJUnitCases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		scenario Scenario
		want     []junitCaseSeen
	}{
		{"one case per status", Scenario{Name: "s", Verdicts: []Verdict{
			{Item: "a", Status: StatusPass, Reason: "fine"},
			{Item: "b", Status: StatusFail, Reason: "12 requests failed."},
			{Item: "c", Status: StatusError, Reason: "could not scrape"},
			{Item: "d", Status: StatusSkip, Reason: "CNI does not enforce policy"},
		}}, []junitCaseSeen{
			{"s", "a", "passed", ""}, {"s", "b", "failure", "12 requests failed."},
			{"s", "c", "error", "could not scrape"}, {"s", "d", "skipped", "CNI does not enforce policy"},
		}},
		{"aborted scenario adds an error case", Scenario{Name: "s", Aborted: true, Reason: "revert timed out",
			Verdicts: []Verdict{{Item: "a", Status: StatusPass}}}, []junitCaseSeen{
			{"s", "a", "passed", ""}, {"s", JUnitRunItem, "error", "The scenario was aborted: revert timed out"},
		}},
		{"markup in a reason is escaped", Scenario{Name: "s<1>", Verdicts: []Verdict{
			{Item: `"x" & y`, Status: StatusFail, Reason: "<failure/> ]]> \x01"}}}, []junitCaseSeen{
			{"s<1>", `"x" & y`, "failure", "<failure/> ]]> \uFFFD"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &Result{Scenarios: []Scenario{tc.scenario}}
			var buf bytes.Buffer
			if err := WriteJUnit(&buf, r); err != nil {
				t.Fatal(err)
			}
			_, got := readJUnit(t, buf.Bytes())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("testcases (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJUnitCounts(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	r := fullFixture.result()
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	doc, cases := readJUnit(t, buf.Bytes())
	type counts struct{ Tests, Failures, Errors, Skipped, Suites, Cases int }
	want := counts{Tests: 11, Failures: 3, Errors: 1, Skipped: 1, Suites: 2, Cases: 11}
	got := counts{doc.Tests, doc.Failures, doc.Errors, doc.Skipped, len(doc.Suites), len(cases)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	if d, want := doc.Suites[0].Time, seconds(10*time.Minute); d != want {
		t.Errorf("first suite time = %s, want %s", d, want)
	}
}
