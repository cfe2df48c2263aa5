package nodeimage

import (
	"strings"
	"testing"
)

func TestParseDeb822Mirror(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"debian 12 default", `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
`, "http://deb.debian.org/debian"},
		{"security first", `Types: deb
URIs: http://security.example/debian-security
Suites: bookworm-security

Types: deb
URIs: http://mirror.example/debian
Suites: bookworm
`, "http://mirror.example/debian"},
		{"only security", "URIs: http://s/debian-security\nSuites: bookworm-security\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parseDeb822Mirror(strings.NewReader(tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseListMirror(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "deb http://m.example/debian bookworm main\n", "http://m.example/debian"},
		{"options", "deb [arch=amd64 signed-by=/k.gpg] http://m.example/debian bookworm main\n", "http://m.example/debian"},
		{"skips security and src", "deb-src http://x/debian bookworm main\ndeb http://s/debian-security bookworm-security main\ndeb http://m/debian bookworm main\n", "http://m/debian"},
		{"comment only", "# deb http://m/debian bookworm main\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parseListMirror(strings.NewReader(tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
