package network

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// fakeNet simulates iptables and tc in the network namespaces of kind nodes
// and pods, addressed by the docker arguments before the command.
type fakeNet struct {
	mu       sync.Mutex
	chains   map[string]map[string][]string // namespace → chain → rules
	qdisc    map[string]string              // namespace → root qdisc line
	noNetem  bool
	dropping uint64 // packets each DROP rule reports
	races    int    // appends that fail as if another writer had raced the chain
	// stale deletions of a chain fail busy and put back what the removal
	// took (its rules, the jumps to it), as iptables-nft does when another
	// writer's batch was built on a cache that still held them.
	stale int
	taken map[string][][2]string // namespace → (chain, rule) the removal took
}

func newFakeNet() *fakeNet {
	return &fakeNet{chains: map[string]map[string][]string{}, qdisc: map[string]string{}, dropping: 3, taken: map[string][][2]string{}}
}

// split cuts a docker command line into namespace and command.
func split(line string) (ns string, cmd []string) {
	f := strings.Fields(line)
	i := 2 // "exec <node>"
	if len(f) > 2 && f[2] == "nsenter" {
		i = 4
	}
	return strings.Join(f[:i], " "), f[i:]
}

func (n *fakeNet) handle(line string) ([]byte, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	ns, cmd := split(line)
	switch {
	case strings.HasPrefix(line, "inspect") && strings.Contains(line, "State.Status"):
		return []byte("running\n"), nil
	case len(cmd) > 1 && cmd[0] == "crictl":
		return []byte("77\n"), nil
	case len(cmd) > 2 && cmd[0] == "ip" && cmd[2] == "identify":
		return []byte("cni-" + cmd[3] + "\n"), nil
	case len(cmd) > 0 && cmd[0] == "ls":
		return []byte("cni-77\n"), nil
	case len(cmd) > 0 && cmd[0] == "iptables":
		return n.iptables(ns, cmd[3:])
	case len(cmd) > 0 && cmd[0] == "ip6tables":
		return n.iptables(ns+"#6", cmd[3:])
	case len(cmd) > 2 && cmd[0] == "tc":
		return n.tc(ns, cmd)
	}
	return nil, errors.New("unexpected: " + line)
}

func (n *fakeNet) iptables(ns string, a []string) ([]byte, error) {
	c := n.chains[ns]
	if c == nil {
		c = map[string][]string{"INPUT": nil, "OUTPUT": nil, "FORWARD": nil}
		n.chains[ns] = c
	}
	switch a[0] {
	case "-N":
		if _, ok := c[a[1]]; ok {
			return nil, errors.New("iptables: Chain already exists.")
		}
		c[a[1]] = []string{}
	case "-A", "-I":
		if a[0] == "-A" && n.races > 0 {
			n.races--
			return nil, errors.New("running iptables: exit status 1: iptables: No chain/target/match by that name.")
		}
		rule := strings.Join(a[2:], " ")
		if a[0] == "-I" {
			rule = strings.Join(a[3:], " ")
		}
		c[a[1]] = append(c[a[1]], rule)
	case "-D":
		rule := strings.Join(a[2:], " ")
		i := slices.Index(c[a[1]], rule)
		if i < 0 {
			return nil, errors.New("iptables: Bad rule")
		}
		c[a[1]] = slices.Delete(c[a[1]], i, i+1)
		n.taken[ns] = append(n.taken[ns], [2]string{a[1], rule})
	case "-F":
		for _, r := range c[a[1]] {
			n.taken[ns] = append(n.taken[ns], [2]string{a[1], r})
		}
		c[a[1]] = []string{}
	case "-X":
		if n.stale > 0 {
			n.stale--
			for _, t := range n.taken[ns] {
				c[t[0]] = append(c[t[0]], t[1])
			}
			delete(n.taken, ns)
			return nil, errors.New("exit status 4: iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain " + a[1])
		}
		delete(c, a[1])
		delete(n.taken, ns)
	case "-S":
		var b strings.Builder
		for _, name := range slices.Sorted(maps.Keys(c)) {
			if !strings.Contains("INPUT OUTPUT FORWARD", name) {
				fmt.Fprintf(&b, "-N %s\n", name)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(c)) {
			for _, r := range c[name] {
				fmt.Fprintf(&b, "-A %s %s\n", name, r)
			}
		}
		return []byte(b.String()), nil
	case "-L":
		var b strings.Builder
		fmt.Fprintf(&b, "Chain %s (1 references)\n    pkts      bytes target     prot opt in     out     source               destination\n", a[1])
		for _, r := range c[a[1]] {
			target := r[strings.LastIndex(r, " ")+1:]
			pkts := uint64(0)
			if target == "DROP" {
				pkts = n.dropping
			}
			fmt.Fprintf(&b, "%8d %8d %-10s all  --  *      *       0.0.0.0/0            0.0.0.0/0\n", pkts, pkts*60, target)
		}
		return []byte(b.String()), nil
	}
	return nil, nil
}

func (n *fakeNet) tc(ns string, cmd []string) ([]byte, error) {
	switch cmd[2] {
	case "add":
		if n.noNetem {
			return nil, errors.New("running tc: exit status 2: Error: Specified qdisc kind is unknown.")
		}
		n.qdisc[ns] = "qdisc netem 1a7e: root refcnt 2 limit 1000 delay " + strings.Join(cmd[10:], " ")
	case "del":
		delete(n.qdisc, ns)
	case "show":
		if q, ok := n.qdisc[ns]; ok {
			return []byte(q + "\n"), nil
		}
		return []byte("qdisc noqueue 0: root refcnt 2\n"), nil
	}
	return nil, nil
}

// ours lists the chains of ours left in any namespace, and qdiscs.
func (n *fakeNet) ours() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []string
	for ns, c := range n.chains {
		for name, rules := range c {
			if strings.HasPrefix(name, "GOLIVE-") {
				out = append(out, ns+" "+name)
			}
			for _, r := range rules {
				if strings.Contains(r, "GOLIVE-") {
					out = append(out, ns+" "+name+" "+r)
				}
			}
		}
	}
	for ns := range n.qdisc {
		out = append(out, ns+" qdisc")
	}
	slices.Sort(out)
	return out
}
