package kind

import "strings"

func containsLine(s, sub string) bool { return strings.Contains(s, sub) }

func splitDocs(s string) []string {
	var out []string
	for _, d := range strings.Split(s, "\n---\n") {
		if strings.Contains(d, "kind:") {
			out = append(out, d)
		}
	}
	return out
}
