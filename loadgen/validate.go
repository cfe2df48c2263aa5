package loadgen

import (
	"errors"
	"fmt"
	"net"
	"net/url"
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
func (p Plan) Validate() error {
	if len(p.Targets) == 0 {
		return ErrNoTargets
	}
	total := 0
	for i, t := range p.Targets {
		if err := checkURL(t.URL); err != nil {
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

// checkURL accepts only absolute http(s) URLs whose host is loopback.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q: %w: %w", raw, ErrBadURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q: %w", raw, ErrBadURL)
	}
	if !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("url %q: %w", raw, ErrNotLoopback)
	}
	return nil
}

// isLoopbackHost accepts "localhost" and loopback IP literals.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
