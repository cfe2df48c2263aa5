package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// JUnitRunItem is the testcase name junit.xml adds to a scenario that was
// aborted or interrupted, so that CI sees the incomplete run as an error.
const JUnitRunItem = "run completed"

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr,omitempty"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML: a testsuite per scenario and a testcase
// per checklist item (classname the scenario, name the item). A FAIL is a
// <failure>, an ERROR an <error>, a SKIP <skipped/>, each with the verdict's
// reason as message and its evidence as text.
func WriteJUnit(w io.Writer, r *Result) error {
	if err := r.Validate(); err != nil {
		return err
	}
	doc := junitSuites{Name: r.Name, Time: seconds(r.Duration())}
	for i := range r.Scenarios {
		s := junitSuiteOf(r, &r.Scenarios[i])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing junit: %w", err)
	}
	return nil
}

func junitSuiteOf(r *Result, s *Scenario) junitSuite {
	js := junitSuite{Name: s.Name, Time: seconds(s.Duration()), Properties: junitProperties(r, s)}
	if !s.Started.IsZero() {
		js.Timestamp = s.Started.UTC().Format(time.RFC3339)
	}
	verdicts := s.Verdicts
	if s.Aborted || s.Interrupted {
		verdicts = append(verdicts[:len(verdicts):len(verdicts)], Verdict{
			Item: JUnitRunItem, Status: StatusError, Reason: stoppedReason(s)})
	}
	for _, v := range verdicts {
		c := junitCase{Classname: s.Name, Name: v.Item, Time: "0"}
		p := &junitProblem{Message: v.Reason, Type: string(v.Status), Text: evidenceText(v.Evidence)}
		switch v.Status {
		case StatusFail:
			c.Failure, js.Failures = p, js.Failures+1
		case StatusError:
			c.Error, js.Errors = p, js.Errors+1
		case StatusSkip:
			c.Skipped, js.Skipped = &junitProblem{Message: v.Reason}, js.Skipped+1
		case StatusInconclusive:
			// Neither a pass nor a failure: JUnit's nearest is skipped.
			c.Skipped, js.Skipped = &junitProblem{Message: "inconclusive: " + v.Reason}, js.Skipped+1
		default:
			c.SystemOut = p.Text
		}
		js.Tests++
		js.Cases = append(js.Cases, c)
	}
	return js
}

func junitProperties(r *Result, s *Scenario) []junitProperty {
	target := s.Target.Workload
	if s.Target.Namespace != "" && target != "" {
		target = s.Target.Namespace + "/" + target
	}
	var props []junitProperty
	for _, p := range []junitProperty{
		{"seed", fmt.Sprint(s.Seed)},
		{"cluster", r.Cluster.Name},
		{"kubernetesVersion", r.Cluster.KubernetesVersion},
		{"target", target},
		{"description", s.Description},
	} {
		if p.Value != "" {
			props = append(props, p)
		}
	}
	return props
}

// stoppedReason says why a scenario did not complete.
func stoppedReason(s *Scenario) string {
	what := "aborted"
	if s.Interrupted {
		what = "interrupted"
	}
	if s.Reason == "" {
		return "The scenario was " + what + "."
	}
	return "The scenario was " + what + ": " + s.Reason
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
