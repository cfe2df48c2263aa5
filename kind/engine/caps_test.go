package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCapBnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  string
		want    uint64
		wantErr bool
	}{
		{"missing sys_resource", "Name:\tx\nCapBnd:\t000001fffeffffff\n", 0x1fffeffffff, false},
		{"full", "CapBnd:\t000001ffffffffff\n", 0x1ffffffffff, false},
		{"absent", "Name:\tx\n", 0, true},
		{"garbage", "CapBnd:\tzz\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseCapBnd(strings.NewReader(tt.status))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("set = %#x, want %#x", got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		b    Bounding
		want []string
	}{
		{"this host", Bounding{Set: 0x1fffeffffff, LastCap: 40}, []string{"CAP_SYS_RESOURCE"}},
		{"full", Bounding{Set: 0x1ffffffffff, LastCap: 40}, nil},
		{"older kernel knows fewer", Bounding{Set: 0xffffffffff, LastCap: 39}, nil},
		{"two missing", Bounding{Set: 0x1ffffffffff &^ (1 << 21) &^ (1 << 12), LastCap: 40}, []string{"CAP_NET_ADMIN", "CAP_SYS_ADMIN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.b.Missing()); diff != "" {
				t.Errorf("Missing() (-want +got):\n%s", diff)
			}
		})
	}
}
