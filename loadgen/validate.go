package loadgen

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// Errors returned by Plan.Validate, wrapped with the detail of what is wrong;
// test for them with errors.Is.
var (
	// ErrNoTargets: the plan has no targets.
	ErrNoTargets = errors.New("plan has no targets")
	// ErrBadURL: a target's URL is not an absolute http or https URL.
	ErrBadURL = errors.New("target url is not an absolute http(s) url")
	// ErrNotLoopback: a target's host is neither "localhost" nor a
	// loopback IP. Load goes to 127.0.0.1 only.
	ErrNotLoopback = errors.New("target host is not a loopback address")
	// ErrBadWeight: a weight is negative, or the weights add up to more
	// than MaxTotalWeight.
	ErrBadWeight = errors.New("target weights are out of range")
	// ErrNoPacing: the plan's Pacing is nil.
	ErrNoPacing = errors.New("plan has no pacing")
	// ErrZeroRate: a rate's Freq or Per is zero or negative.
	ErrZeroRate = errors.New("rate is not positive")
	// ErrBadPacing: a ramp or a step lasts no time, or Steps is empty.
	ErrBadPacing = errors.New("pacing span is not positive")
	// ErrNegativeDuration: the plan's Duration is negative.
	ErrNegativeDuration = errors.New("duration is negative")
	// ErrNegativeTimeout: the plan's Timeout is negative.
	ErrNegativeTimeout = errors.New("timeout is negative")
	// ErrBadWorkers: Workers is above a non-zero MaxWorkers.
	ErrBadWorkers = errors.New("workers exceed max workers")
	// ErrWindowTooShort: the plan's Window is below MinWindow.
	ErrWindowTooShort = errors.New("window is shorter than the minimum")
)

// Validate reports the first thing wrong with p, as one of the Err* sentinels
// wrapped with detail.
func (p Plan) Validate() error { return p.ValidateHosts() }

// ValidateHosts is Validate for a Run given AllowHosts(hosts...): target URLs
// may also name one of hosts.
func (p Plan) ValidateHosts(hosts ...string) error {
	if len(p.Targets) == 0 {
		return ErrNoTargets
	}
	allowed := newHostSet(hosts)
	total := 0
	for i, t := range p.Targets {
		if err := checkURL(t.URL, allowed); err != nil {
			return fmt.Errorf("target %d: %w", i, err)
		}
		if t.Weight < 0 {
			return fmt.Errorf("target %d: weight %d: %w", i, t.Weight, ErrBadWeight)
		}
		total += max(t.Weight, 1)
	}
	if total > MaxTotalWeight {
		return fmt.Errorf("total weight %d over %d: %w", total, MaxTotalWeight, ErrBadWeight)
	}
	if p.Pacing == nil {
		return ErrNoPacing
	}
	if err := p.Pacing.validate(); err != nil {
		return fmt.Errorf("pacing: %w", err)
	}
	switch {
	case p.Duration < 0:
		return fmt.Errorf("duration %s: %w", p.Duration, ErrNegativeDuration)
	case p.Timeout < 0:
		return fmt.Errorf("timeout %s: %w", p.Timeout, ErrNegativeTimeout)
	case p.MaxWorkers != 0 && p.Workers > p.MaxWorkers:
		return fmt.Errorf("workers %d, max %d: %w", p.Workers, p.MaxWorkers, ErrBadWorkers)
	case p.Window != 0 && p.Window < MinWindow:
		return fmt.Errorf("window %s under %s: %w", p.Window, MinWindow, ErrWindowTooShort)
	}
	return nil
}

// checkURL accepts only absolute http(s) URLs whose host is loopback or
// allowed.
func checkURL(raw string, allowed hostSet) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q: %w: %w", raw, ErrBadURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q: %w", raw, ErrBadURL)
	}
	if isLoopbackHost(u.Hostname()) || allowed.has(u.Hostname()) {
		return nil
	}
	if len(allowed) > 0 {
		return fmt.Errorf("url %q: %w, nor one of the allowed hosts %s", raw, ErrNotLoopback, allowed)
	}
	return fmt.Errorf("url %q: %w", raw, ErrNotLoopback)
}

// isLoopbackHost accepts "localhost" and loopback IP literals.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostSet holds the hosts AllowHosts allows, normalized by normHost.
type hostSet map[string]struct{}

func newHostSet(hosts []string) hostSet {
	s := hostSet{}
	for _, h := range hosts {
		if h = normHost(h); h != "" {
			s[h] = struct{}{}
		}
	}
	return s
}

func (s hostSet) has(host string) bool {
	_, ok := s[normHost(host)]
	return ok
}

// String returns the hosts sorted, comma-separated, for messages.
func (s hostSet) String() string {
	hs := make([]string, 0, len(s))
	for h := range s {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	return strings.Join(hs, ", ")
}

// normHost lowercases a host name and writes an IP in its canonical form,
// so that "::1" and "0:0::1" or "Target.NS" and "target.ns" are one host.
func normHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if ip := net.ParseIP(h); ip != nil {
		return ip.String()
	}
	return h
}
