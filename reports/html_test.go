package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func renderHTML(t *testing.T, r *Result, tr *Trend) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r, tr); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestHTMLSize keeps the page of a 10-minute scenario at 1 s windows, and
// of the two-scenario suite, under 2 MB.
func TestHTMLSize(t *testing.T) {
	t.Parallel()
	const limit = 2 << 20
	suite := fullFixture.result()
	one := fullFixture.result()
	one.Scenarios = one.Scenarios[:1]
	for _, tc := range []struct {
		name string
		r    *Result
	}{{"one scenario", one}, {"suite of two", suite}} {
		size := len(renderHTML(t, tc.r, nil))
		t.Logf("%s: index.html is %d bytes (%d of them ECharts)", tc.name, size, len(echartsJS))
		if size > limit {
			t.Errorf("%s: index.html is %d bytes, want at most %d", tc.name, size, limit)
		}
	}
}

// externalRef matches markup that would make a browser fetch something.
var externalRef = regexp.MustCompile(`(?i)<(link|img|iframe|object|embed|source|audio|video)\b|\b(src|srcset|action|poster)\s*=|url\(|@import|href\s*=\s*["']?[a-z]+:`)

func TestHTMLIsSelfContained(t *testing.T) {
	t.Parallel()
	page := renderHTML(t, fullFixture.result(), nil)
	if !strings.Contains(page, echartsJS) {
		t.Fatal("index.html does not inline ECharts")
	}
	ours := strings.Replace(page, echartsJS, "", 1)
	if m := externalRef.FindAllString(ours, -1); len(m) > 0 {
		t.Errorf("index.html references outside resources: %q", m)
	}
	if strings.Contains(ours, "go-echarts-assets") {
		t.Error("index.html names go-echarts' asset host")
	}
	if !strings.Contains(ours, `default-src 'none'`) {
		t.Error("index.html has no Content-Security-Policy forbidding fetches")
	}
}

// TestHTMLEscapes feeds markup through every string that reaches the page.
func TestHTMLEscapes(t *testing.T) {
	t.Parallel()
	const evil = `</script><script>alert(1)</script><!--`
	r := smallFixture.result()
	s := &r.Scenarios[0]
	s.Name, s.Description, s.Faults[0].Kind = evil, evil, evil
	s.Verdicts[0].Reason, s.Verdicts[0].Evidence[0].Value = evil, evil
	page := renderHTML(t, r, nil)
	if n := strings.Count(page, "</script>"); n != 4 {
		t.Errorf("index.html closes %d script elements, want 4: markup escaped its string", n)
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("index.html holds the injected script")
	}
}

func TestHTMLSummary(t *testing.T) {
	t.Parallel()
	prev := smallFixture.result()
	prev.Scenarios[1].Verdicts[0].Status = StatusPass
	cur := smallFixture.result()
	for _, tc := range []struct {
		name      string
		previous  *Result
		want, not []string
	}{
		{"without a previous run", nil, []string{
			`id="overall">FAIL<`,
			`<b>graceful shutdown</b>: Requests failed while pods were deleted`,
			`<b>observability</b>: The target&#39;s /metrics could not be scraped`,
			`<td>network policy</td><td title="The cluster&#39;s CNI (kindnet) does not enforce NetworkPolicy."><span class="badge skip">SKIP</span>`,
			`id="s1-pods"`,
		}, []string{`id="trend"`, `class="regressed"`}},
		{"with a regression", prev, []string{
			`id="trend"`,
			`<span class="tag">regressed</span> node-loss: &#34;HA &amp; failover, chaos&#34; was PASS and is now FAIL.`,
			`class="regressed"><span class="badge fail">FAIL</span> <span class="tag">regressed</span>`,
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var tr *Trend
			if tc.previous != nil {
				tr = Compare(cur, tc.previous, TrendConfig{})
			}
			page := renderHTML(t, cur, tr)
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("index.html lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(page, n) {
					t.Errorf("index.html holds %q", n)
				}
			}
		})
	}
}

// A run that kept logs links them from the run's table, relative to the
// report: nothing the browser fetches by itself.
func TestHTMLLinksTheLogs(t *testing.T) {
	t.Parallel()
	r := fullFixture.result()
	if page := renderHTML(t, r, nil); strings.Contains(page, `href="logs/"`) {
		t.Error("a run without logs links some")
	}
	r.Logs = "logs"
	page := renderHTML(t, r, nil)
	if !strings.Contains(page, `<a href="logs/">logs/`) {
		t.Error("the kept logs are not linked")
	}
	if m := externalRef.FindAllString(strings.Replace(page, echartsJS, "", 1), -1); len(m) > 0 {
		t.Errorf("the logs link makes the page reference outside resources: %q", m)
	}
}
