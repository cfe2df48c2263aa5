package scenarios_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// row is one proof of a checklist item: a scenario on a variant of the
// target, the status the item must come out as, and a phrase its reason
// must contain (FAIL only).
type row struct {
	kind    scenarios.Kind
	variant target.Variant
	status  harness.Status
	reason  string
}

// good is the row of the good target on a scenario: the item must PASS.
func good(k scenarios.Kind) row { return row{kind: k, variant: target.Good, status: harness.Pass} }

// fine is the row of a variant without the item's defect (another shape
// of a good target): the item must PASS, and a FAIL is a false alarm.
func fine(k scenarios.Kind, v target.Variant) row {
	return row{kind: k, variant: v, status: harness.Pass}
}

// twin is the row of a defect twin: the item must FAIL for reason.
func twin(k scenarios.Kind, v target.Variant, reason string) row {
	return row{kind: k, variant: v, status: harness.Fail, reason: reason}
}

// prove runs (or reuses) every row's run and judges item on each of its
// repetitions; the rows go side by side, the runs are scheduled by results.
func prove(t *testing.T, item string, rows ...row) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs scenarios on a kind cluster; skipped under -short")
	}
	for _, r := range rows {
		t.Run(fmt.Sprintf("%s/%s", r.kind, r.variant), func(t *testing.T) {
			t.Parallel()
			for rep, res := range results(t, r.kind, r.variant) {
				judge(t, item, r, rep, res)
			}
		})
	}
}

func judge(t *testing.T, item string, r row, rep int, res *harness.Result) {
	t.Helper()
	var got *harness.Verdict
	for i, v := range res.Verdicts {
		if v.Item == item && (got == nil || worse(v.Status, got.Status)) {
			got = &res.Verdicts[i]
		}
	}
	if got == nil {
		cell(item, r, rep, harness.Error, "no verdict")
		t.Errorf("%s on %s: no verdict for %q", r.kind, r.variant, item)
		return
	}
	cell(item, r, rep, got.Status, got.Reason)
	t.Logf("%s: %s — %s", item, got.Status, got.Reason)
	if got.Status == harness.Inconclusive && r.status == harness.Pass {
		// Too close to its target to tell: neither a pass nor a false
		// alarm; the matrix shows it apart.
		return
	}
	if got.Status != r.status || !strings.Contains(got.Reason, r.reason) {
		t.Errorf("%s on %s: %s is %s (%q), want %s for %q", r.kind, r.variant, item, got.Status, got.Reason, r.status, r.reason)
	}
}

// worse orders statuses for merging: FAIL over ERROR over INCONCLUSIVE
// and SKIP over PASS.
func worse(a, b harness.Status) bool { return rank(a) > rank(b) }

func rank(s harness.Status) int {
	switch s {
	case harness.Fail:
		return 3
	case harness.Error:
		return 2
	case harness.Inconclusive:
		return 1
	case harness.Skip:
		return 1
	}
	return 0
}

// Cell is one verdict of the matrix: item × variant (× scenario and
// repetition), with what was expected.
type Cell struct {
	Item     string `json:"item"`
	Variant  string `json:"variant"`
	Scenario string `json:"scenario"`
	Rep      int    `json:"repetition"`
	Want     string `json:"want"`
	// WantReason is the phrase a twin's reason must hold to count as caught.
	WantReason string `json:"wantReason,omitempty"`
	Got        string `json:"got"`
	Reason     string `json:"reason"`
}

var (
	cellsMu sync.Mutex
	cells   []Cell
)

func cell(item string, r row, rep int, got harness.Status, reason string) {
	cellsMu.Lock()
	defer cellsMu.Unlock()
	cells = append(cells, Cell{Item: item, Variant: r.variant.String(), Scenario: string(r.kind), Rep: rep + 1,
		Want: r.status.String(), WantReason: r.reason, Got: got.String(), Reason: reason})
}

// Matrix is the suite's outcome: every cell, and how well the harness told
// the defects from the good target.
type Matrix struct {
	Cells        []Cell  `json:"cells"`
	Defects      int     `json:"defects"`
	Caught       int     `json:"caught"`
	Recall       float64 `json:"recall"`
	GoodVerdicts int     `json:"goodVerdicts"`
	FalseAlarms  int     `json:"falseAlarms"`
	// Inconclusive and Errors count the cells (good and twins) that came
	// out INCONCLUSIVE or ERROR; a good target's INCONCLUSIVE is not a
	// false alarm, a twin's is not caught.
	Inconclusive int `json:"inconclusive"`
	Errors       int `json:"errors"`
	// Stable is true when every repetition of a cell gave the same status.
	Stable bool `json:"stable"`
}

// matrix sums up the cells. A defect is a twin's row (each repetition);
// it is caught when the item FAILs for the stated reason. A false alarm is
// a good-target cell that did not PASS.
func matrix() Matrix {
	cellsMu.Lock()
	defer cellsMu.Unlock()
	m := Matrix{Cells: append([]Cell(nil), cells...), Stable: true}
	sort.Slice(m.Cells, func(i, j int) bool {
		a, b := m.Cells[i], m.Cells[j]
		return fmt.Sprint(a.Item, a.Variant, a.Scenario, a.Rep) < fmt.Sprint(b.Item, b.Variant, b.Scenario, b.Rep)
	})
	first := map[string]string{}
	for _, c := range m.Cells {
		switch c.Got {
		case harness.Inconclusive.String():
			m.Inconclusive++
		case harness.Error.String():
			m.Errors++
		}
		if c.Variant == target.Good.String() {
			m.GoodVerdicts++
			if c.Got != harness.Pass.String() && c.Got != harness.Inconclusive.String() {
				m.FalseAlarms++
			}
		} else {
			m.Defects++
			if c.Got == c.Want && strings.Contains(c.Reason, c.WantReason) {
				m.Caught++
			}
		}
		k := c.Item + "|" + c.Variant + "|" + c.Scenario
		if s, ok := first[k]; ok && s != c.Got {
			m.Stable = false
		}
		first[k] = c.Got
	}
	if m.Defects > 0 {
		m.Recall = float64(m.Caught) / float64(m.Defects)
	}
	return m
}

// Print writes the matrix as a table.
func (m Matrix) Print(w io.Writer) {
	fmt.Fprintf(w, "\n%-28s %-24s %-16s %-3s %-5s %s\n", "ITEM", "VARIANT", "SCENARIO", "REP", "GOT", "REASON")
	for _, c := range m.Cells {
		mark := ""
		if c.Got != c.Want || !strings.Contains(c.Reason, c.WantReason) {
			mark = " (want " + c.Want + " " + strconv.Quote(c.WantReason) + ")"
		}
		fmt.Fprintf(w, "%-28s %-24s %-16s %-3d %-5s %s%s\n", c.Item, c.Variant, c.Scenario, c.Rep, c.Got, c.Reason, mark)
	}
	recall := "n/a (no defect twin ran)"
	if m.Defects > 0 {
		recall = fmt.Sprintf("%d/%d = %.0f%%", m.Caught, m.Defects, 100*m.Recall)
	}
	fmt.Fprintf(w, "recall %s, false alarms %d of %d good-target verdicts, %d INCONCLUSIVE, %d ERROR, repetitions agree: %v\n",
		recall, m.FalseAlarms, m.GoodVerdicts, m.Inconclusive, m.Errors, m.Stable)
}

// OK is the suite's bar: every defect caught, no false alarm.
func (m Matrix) OK() bool {
	return len(m.Cells) > 0 && m.Caught == m.Defects && m.FalseAlarms == 0 && m.Stable
}

// writeMatrix prints the matrix and writes it as JSON beside the report.
func writeMatrix(dir string) (Matrix, error) {
	m := matrix()
	if len(m.Cells) == 0 {
		return m, nil
	}
	m.Print(os.Stdout)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, err
	}
	p := filepath.Join(dir, "matrix.json")
	fmt.Printf("matrix: %s\n", p)
	return m, os.WriteFile(p, b, 0o644)
}
