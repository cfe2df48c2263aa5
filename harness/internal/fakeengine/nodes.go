package fakeengine

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
)

// ErrNoSubnet is what Docker answers to `network connect --ip` on a
// network without a user-configured subnet.
var ErrNoSubnet = errors.New("user specified IP address is supported only when connecting to networks with user configured subnets")

// Node is the simulated state of one node container.
type Node struct {
	State string // running, paused, exited
	IP    string // address on the network; "" when disconnected
}

// Nodes simulates docker's view of kind node containers: inspect, stop,
// start, kill, restart, pause, unpause and network connect/disconnect.
// Other commands go to Exec. Changed is called after every change with
// whether the node is healthy (running and connected), so tests can mirror
// it into the fake clientset.
type Nodes struct {
	Network string
	// RefuseIP makes `network connect --ip` fail as on kind's network.
	RefuseIP bool
	// NextIP is the address a connect without --ip hands out.
	NextIP  string
	Exec    func(line string) ([]byte, error)
	Changed func(name string, healthy bool)

	mu    sync.Mutex
	nodes map[string]*Node
	orig  map[string]string
}

// NewNodes returns running, connected nodes: name → IP.
func NewNodes(network string, ips map[string]string) *Nodes {
	n := &Nodes{Network: network, nodes: map[string]*Node{}, orig: map[string]string{}}
	for name, ip := range ips {
		n.nodes[name] = &Node{State: "running", IP: ip}
		n.orig[name] = ip
	}
	return n
}

// Set changes a node's simulated state.
func (n *Nodes) Set(name string, s Node) {
	n.mu.Lock()
	n.nodes[name] = &s
	n.mu.Unlock()
	n.changed(name)
}

// Get returns a node's simulated state.
func (n *Nodes) Get(name string) Node {
	n.mu.Lock()
	defer n.mu.Unlock()
	return *n.nodes[name]
}

func (n *Nodes) changed(name string) {
	if n.Changed != nil {
		s := n.Get(name)
		n.Changed(name, s.State == "running" && s.IP != "")
	}
}

// Handle answers one docker command line; use it as Engine.Handler.
func (n *Nodes) Handle(line string) ([]byte, error) {
	f := strings.Fields(line)
	name := f[len(f)-1]
	n.mu.Lock()
	node, ok := n.nodes[name]
	if !ok && f[0] != "exec" {
		n.mu.Unlock()
		return nil, errors.New("Error: No such container: " + name)
	}
	var out []byte
	var err error
	switch {
	case f[0] == "inspect" && strings.Contains(line, "State.Status"):
		out = []byte(node.State + "\n")
	case f[0] == "inspect" && strings.Contains(line, "Networks"):
		nets := map[string]map[string]string{}
		if node.IP != "" {
			nets[n.Network] = map[string]string{"IPAddress": node.IP}
		}
		out, _ = json.Marshal(nets)
	case f[0] == "stop" || f[0] == "kill":
		node.State = "exited"
	case f[0] == "start" || f[0] == "restart":
		node.State = "running"
	case f[0] == "pause":
		node.State = "paused"
	case f[0] == "unpause":
		if node.State != "paused" {
			err = errors.New("Container " + name + " is not paused")
		}
		node.State = "running"
	case f[0] == "network" && f[1] == "disconnect":
		node.IP = ""
	case f[0] == "network" && f[1] == "connect" && f[2] == "--ip":
		if n.RefuseIP {
			err = ErrNoSubnet
		} else {
			node.IP = f[3]
		}
	case f[0] == "network" && f[1] == "connect":
		node.IP = n.NextIP
	default:
		n.mu.Unlock()
		if n.Exec != nil {
			return n.Exec(line)
		}
		return nil, nil
	}
	n.mu.Unlock()
	n.changed(name)
	return out, err
}
