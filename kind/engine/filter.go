package engine

import (
	"encoding/json"
	"fmt"
)

// FilterSpec removes from an OCI runtime spec (config.json) or an OCI process
// document (runc exec --process) every capability the bounding set lacks. All
// other fields are preserved as they were.
func FilterSpec(doc []byte, b Bounding) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, fmt.Errorf("decoding OCI document: %w", err)
	}
	// A process document has "capabilities" at the top; a bundle spec has it
	// under "process".
	if raw, ok := top["process"]; ok {
		proc, err := filterProcess(raw, b)
		if err != nil {
			return nil, err
		}
		top["process"] = proc
		return json.Marshal(top)
	}
	return filterProcess(doc, b)
}

func filterProcess(raw json.RawMessage, b Bounding) (json.RawMessage, error) {
	var proc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &proc); err != nil {
		return nil, fmt.Errorf("decoding OCI process: %w", err)
	}
	capsRaw, ok := proc["capabilities"]
	if !ok || string(capsRaw) == "null" {
		return raw, nil
	}
	var sets map[string][]string
	if err := json.Unmarshal(capsRaw, &sets); err != nil {
		return nil, fmt.Errorf("decoding OCI capabilities: %w", err)
	}
	for kind, names := range sets {
		kept := names[:0]
		for _, n := range names {
			if b.Has(n) {
				kept = append(kept, n)
			}
		}
		sets[kind] = kept
	}
	enc, err := json.Marshal(sets)
	if err != nil {
		return nil, fmt.Errorf("encoding OCI capabilities: %w", err)
	}
	proc["capabilities"] = enc
	return json.Marshal(proc)
}
