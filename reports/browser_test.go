package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var reportDir = flag.String("report-dir", "", "write the browser test's report and screenshot here and keep them (default: a temporary folder)")

// TestBrowser opens the fixture's index.html in headless Chromium with
// networking disabled and checks that it ran without an error, fetched
// nothing and drew every chart; it saves a screenshot beside the report.
// A control copy of the page, broken on purpose, must trip each check.
func TestBrowser(t *testing.T) {
	needChromium(t)
	dir := *reportDir
	if dir == "" {
		dir = t.TempDir()
	}
	if _, err := Render(t.Context(), dir, fullFixture.result(), nil); err != nil {
		t.Fatal(err)
	}
	page, err := filepath.Abs(filepath.Join(dir, FileHTML))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	wantCharts := bytes.Count(raw, []byte(`class="chart"`))
	if wantCharts != 8 {
		t.Fatalf("index.html has %d chart elements, want 8 (4 per scenario)", wantCharts)
	}
	proxy := newRecordingProxy(t)

	sc, err := readSelfCheck(chromium(t, proxy, page, "--dump-dom"))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !sc.Done:
		t.Error("the page's self-check did not finish")
	case len(sc.Errors) > 0:
		t.Errorf("console or script errors: %q", sc.Errors)
	case len(sc.Resources) > 0 || len(sc.Refs) > 0:
		t.Errorf("the page fetched or referenced resources: %q %q", sc.Resources, sc.Refs)
	}
	if len(sc.Warnings) > 0 {
		t.Logf("console warnings: %q", sc.Warnings)
	}
	if len(sc.Charts) != wantCharts {
		t.Errorf("self-check measured %d charts, want %d", len(sc.Charts), wantCharts)
	}
	for _, c := range sc.Charts {
		if c.Width <= 0 || c.Height <= 0 || c.CanvasWidth <= 0 || c.CanvasHeight <= 0 || c.Series == 0 {
			t.Errorf("chart %s not drawn: box %dx%d, canvas %dx%d, %d series",
				c.ID, c.Width, c.Height, c.CanvasWidth, c.CanvasHeight, c.Series)
		}
	}

	shot := filepath.Join(dir, "screenshot.png")
	chromium(t, proxy, page, "--screenshot="+shot)
	if png, err := os.ReadFile(shot); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 50_000 {
		t.Errorf("screenshot %s: %d bytes, err %v; want a PNG of the drawn page", shot, len(png), err)
	}
	got, own := proxy.requests()
	if len(got) > 0 {
		t.Errorf("the browser made network requests: %q", got)
	}
	t.Logf("the proxy refused %d requests of Chromium's own services", own)
	t.Logf("report %s (%d bytes), screenshot %s", page, len(raw), shot)
}

// TestBrowserControl shows that the browser test can fail: a copy of the
// page without its CSP, with an image from the loopback and a throwing
// script, is caught by the self-check and by the proxy.
func TestBrowserControl(t *testing.T) {
	needChromium(t)
	dir := t.TempDir()
	if _, err := Render(t.Context(), dir, smallFixture.result(), nil); err != nil {
		t.Fatal(err)
	}
	proxy := newRecordingProxy(t)
	sc, err := readSelfCheck(chromium(t, proxy, writeControlPage(t, dir), "--dump-dom"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(sc.Errors, "\n"), "control failure") {
		t.Errorf("the self-check missed the control's script error: %q", sc.Errors)
	}
	if len(sc.Resources) == 0 || len(sc.Refs) == 0 {
		t.Errorf("the self-check missed the control's image: resources %q, refs %q", sc.Resources, sc.Refs)
	}
	if got, _ := proxy.requests(); !strings.Contains(strings.Join(got, "\n"), "/probe.png") {
		t.Errorf("the proxy missed the control's image request: %q", got)
	}
}
