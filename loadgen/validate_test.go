package loadgen

import (
	"errors"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	valid := func() Plan { return plan("http://127.0.0.1:8080/healthz", 10, time.Second) }
	tests := []struct {
		name   string
		modify func(p *Plan)
		want   error
	}{
		{"valid", func(*Plan) {}, nil},
		{"localhost", func(p *Plan) { p.Targets[0].URL = "https://localhost:8443/" }, nil},
		{"ipv6 loopback", func(p *Plan) { p.Targets[0].URL = "http://[::1]:80/" }, nil},
		{"valid ramp", func(p *Plan) { p.Pacing = Ramp{From: PerSecond(1), To: PerSecond(9), Over: time.Second} }, nil},
		{"valid steps", func(p *Plan) { p.Pacing = Steps{{Rate: PerSecond(1), For: time.Second}} }, nil},
		{"no targets", func(p *Plan) { p.Targets = nil }, ErrNoTargets},
		{"relative url", func(p *Plan) { p.Targets[0].URL = "/healthz" }, ErrBadURL},
		{"unparsable url", func(p *Plan) { p.Targets[0].URL = "http://127.0.0.1:80%/" }, ErrBadURL},
		{"ftp url", func(p *Plan) { p.Targets[0].URL = "ftp://127.0.0.1/" }, ErrBadURL},
		{"remote host", func(p *Plan) { p.Targets[0].URL = "http://10.0.0.1/" }, ErrNotLoopback},
		{"host name", func(p *Plan) { p.Targets[0].URL = "http://example.com/" }, ErrNotLoopback},
		{"negative weight", func(p *Plan) { p.Targets[0].Weight = -1 }, ErrBadWeight},
		{"huge weight", func(p *Plan) { p.Targets[0].Weight = MaxTotalWeight + 1 }, ErrBadWeight},
		{"no pacing", func(p *Plan) { p.Pacing = nil }, ErrNoPacing},
		{"zero rate", func(p *Plan) { p.Pacing = Constant{Rate: PerSecond(0)} }, ErrZeroRate},
		{"negative rate", func(p *Plan) { p.Pacing = Constant{Rate: PerSecond(-5)} }, ErrZeroRate},
		{"zero per", func(p *Plan) { p.Pacing = Constant{Rate: Rate{Freq: 5}} }, ErrZeroRate},
		{"ramp from zero", func(p *Plan) { p.Pacing = Ramp{To: PerSecond(9), Over: time.Second} }, ErrZeroRate},
		{"ramp over nothing", func(p *Plan) { p.Pacing = Ramp{From: PerSecond(1), To: PerSecond(9)} }, ErrBadPacing},
		{"no steps", func(p *Plan) { p.Pacing = Steps{} }, ErrBadPacing},
		{"step of zero rate", func(p *Plan) { p.Pacing = Steps{{For: time.Second}} }, ErrZeroRate},
		{"step for nothing", func(p *Plan) { p.Pacing = Steps{{Rate: PerSecond(1)}} }, ErrBadPacing},
		{"negative duration", func(p *Plan) { p.Duration = -time.Second }, ErrNegativeDuration},
		{"negative timeout", func(p *Plan) { p.Timeout = -time.Second }, ErrNegativeTimeout},
		{"workers over max", func(p *Plan) { p.Workers, p.MaxWorkers = 5, 4 }, ErrBadWorkers},
		{"window too short", func(p *Plan) { p.Window = 99 * time.Millisecond }, ErrWindowTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := valid()
			tt.modify(&p)

			err := p.Validate()

			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Validate() = %v, want errors.Is(%v)", err, tt.want)
			}
			if tt.want == nil {
				return // a valid plan would send load
			}
			if _, err := Run(t.Context(), p); !errors.Is(err, tt.want) {
				t.Errorf("Run() error = %v, want errors.Is(%v)", err, tt.want)
			}
		})
	}
}
