package fault

import (
	"crypto/sha256"
	"encoding/hex"
)

// Marks that faults put on what they touch, so that Sweep finds the
// leftovers of a run that died before reverting.
const (
	// LabelFault is set on objects a fault creates (stress pods); its value
	// is the fault's name.
	LabelFault = "golive.io/fault"
	// LabelRun is set beside LabelFault; its value is the run ID.
	LabelRun = "golive.io/run"
	// AnnotationCordoned on a node says a fault cordoned it; the value is
	// the run ID.
	AnnotationCordoned = "golive.io/cordoned-by"
	// AnnotationNodeIP on a node records the node container's address on
	// the kind network before a fault disconnected or stopped it.
	AnnotationNodeIP = "golive.io/node-ip"
	// AnnotationReplicas on a Deployment records its replicas before a
	// fault scaled it down.
	AnnotationReplicas = "golive.io/original-replicas"
	// ChainPrefix starts the name of every iptables chain a fault adds.
	ChainPrefix = "GOLIVE-"
	// QdiscHandle is the handle of every root qdisc a fault adds.
	QdiscHandle = "1a7e:"
)

// maxChain is iptables' limit on chain names (28 usable characters).
const maxChain = 28

// Chain returns an iptables chain name of ours for a fault and a run:
// ChainPrefix, the kind, and a short hash of id, at most 28 characters.
func Chain(kind, id string) string {
	name := ChainPrefix + kind + "-" + ShortID(id)
	if len(name) > maxChain {
		name = name[:maxChain]
	}
	return name
}

// ShortID returns eight hex digits that identify parts, for names of ours
// that must be short (chains, pods).
func ShortID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}
