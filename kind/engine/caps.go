package engine

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// capNames maps Linux capability numbers to the names OCI specs use.
var capNames = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
}

// Bounding is a process's capability bounding set together with the highest
// capability number the kernel knows.
type Bounding struct {
	Set     uint64
	LastCap int
}

// ReadBounding reads the calling process's bounding set from /proc.
func ReadBounding() (Bounding, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return Bounding{}, fmt.Errorf("reading capability bounding set: %w", err)
	}
	defer f.Close()
	set, err := parseCapBnd(f)
	if err != nil {
		return Bounding{}, err
	}
	last := len(capNames) - 1
	if b, err := os.ReadFile("/proc/sys/kernel/cap_last_cap"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			last = n
		}
	}
	return Bounding{Set: set, LastCap: last}, nil
}

func parseCapBnd(r io.Reader) (uint64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "CapBnd:")
		if !ok {
			continue
		}
		set, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		if err != nil {
			return 0, fmt.Errorf("parsing CapBnd %q: %w", v, err)
		}
		return set, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("reading CapBnd: %w", err)
	}
	return 0, fmt.Errorf("no CapBnd line in process status")
}

// Missing names the capabilities the kernel knows but the bounding set
// lacks, sorted; these are the ones a privileged container cannot get.
func (b Bounding) Missing() []string {
	var out []string
	for i := 0; i <= b.LastCap && i < 64; i++ {
		if b.Set&(1<<uint(i)) == 0 {
			out = append(out, capName(i))
		}
	}
	sort.Strings(out)
	return out
}

// Has reports whether the named capability (e.g. "CAP_SYS_ADMIN") is in the
// bounding set. Unknown names are kept: the filter only removes what it knows
// to be missing.
func (b Bounding) Has(name string) bool {
	for i, n := range capNames {
		if n == name {
			return b.Set&(1<<uint(i)) != 0
		}
	}
	return true
}

func capName(i int) string {
	if i < len(capNames) {
		return capNames[i]
	}
	return "CAP_" + strconv.Itoa(i)
}
