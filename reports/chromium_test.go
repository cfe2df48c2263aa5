package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// needChromium skips the test without a headless Chromium to drive.
func needChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped under -short: it starts headless Chromium")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test skipped: Debian's headless Chromium is not at %s (apt-get install -y chromium): %v", chromiumPath, err)
	}
}

// recordingProxy is the browser's only way out: an HTTP proxy on 127.0.0.1
// that refuses every request and records it, so that a page fetching
// anything, even from the loopback, is seen.
type recordingProxy struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newRecordingProxy(t *testing.T) *recordingProxy {
	p := &recordingProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Method+" "+r.Host+r.URL.RequestURI())
		p.mu.Unlock()
		http.Error(w, "networking is disabled in this test", http.StatusForbidden)
	}))
	t.Cleanup(p.Close)
	return p
}

// browserOwnHosts are the hosts of Chromium's own services that Debian's
// build calls at start whatever the flags (component updater, sign-in,
// network time; Chromium 148 also preconnects to its default search
// engine, www.google.com). The proxy refuses them like everything else;
// they are not the page's doing, which the page's self-check and CSP watch
// anyway.
var browserOwnHosts = map[string]bool{
	"update.googleapis.com": true, "accounts.google.com": true, "clients2.google.com": true,
	"www.google.com": true,
}

// requests returns the requests the proxy refused, less the browser's own.
func (p *recordingProxy) requests() (page []string, browser int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.seen {
		_, target, _ := strings.Cut(r, " ")
		host, _, _ := strings.Cut(target, "/")
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if browserOwnHosts[host] {
			browser++
			continue
		}
		page = append(page, r)
	}
	return page, browser
}

// chromium runs headless Chromium on a file with networking disabled: every
// connection goes to proxy (loopback included) and names resolve to
// nothing. extra adds the action, e.g. --dump-dom. It returns stdout.
func chromium(t *testing.T, proxy *recordingProxy, page string, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
		"--hide-scrollbars", "--mute-audio", "--user-data-dir=" + t.TempDir(),
		"--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings",
		"--disable-breakpad", "--safebrowsing-disable-auto-update", "--disable-features=" +
			"NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication," +
			"CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,PrivacySandboxSettings4",
		"--proxy-server=" + proxy.URL, "--proxy-bypass-list=<-loopback>",
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--window-size=1400,2600", "--virtual-time-budget=10000",
	}
	args = append(append(args, extra...), "file://"+page)
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
	}
	return stdout.Bytes()
}

// selfCheck is what assets/selfcheck.js records in #report-selfcheck.
type selfCheck struct {
	Errors    []string `json:"errors"`
	Warnings  []string `json:"warnings"`
	Resources []string `json:"resources"`
	Refs      []string `json:"refs"`
	Charts    []struct {
		ID           string `json:"id"`
		Width        int    `json:"width"`
		Height       int    `json:"height"`
		CanvasWidth  int    `json:"canvasWidth"`
		CanvasHeight int    `json:"canvasHeight"`
		Series       int    `json:"series"`
	} `json:"charts"`
	Done bool `json:"done"`
}

var selfCheckRE = regexp.MustCompile(`(?s)<pre id="report-selfcheck"[^>]*>(.*?)</pre>`)

// readSelfCheck finds the page's self-check in a DOM dump.
func readSelfCheck(dom []byte) (selfCheck, error) {
	var sc selfCheck
	m := selfCheckRE.FindSubmatch(dom)
	if m == nil {
		return sc, fmt.Errorf("no #report-selfcheck in the DOM dump (%d bytes)", len(dom))
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &sc); err != nil {
		return sc, fmt.Errorf("self-check %q: %w", m[1], err)
	}
	return sc, nil
}

// writeControlPage writes beside index.html a copy that must trip every
// detector: no CSP, an image fetched from the loopback, a script error.
func writeControlPage(t *testing.T, dir string) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, FileHTML))
	if err != nil {
		t.Fatal(err)
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)
	if !csp.Match(page) {
		t.Fatal("index.html has no Content-Security-Policy")
	}
	page = csp.ReplaceAll(page, nil)
	end := bytes.LastIndex(page, []byte("</body>"))
	if end < 0 {
		t.Fatal("index.html has no </body>")
	}
	page = append(page[:end:end], []byte(
		`<img src="http://127.0.0.1:18080/probe.png"><script>throw new Error("control failure")</script></body></html>`)...)
	path := filepath.Join(dir, "control.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
