package loadgen

import (
	"fmt"
	"strings"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Class is the kind of a failed request.
type Class uint8

// The classes of failure, in the order Classify tests them.
const (
	// ClassNone is a success: a 2xx or 3xx response read to the end.
	ClassNone Class = iota
	// ClassHTTP5xx is a response with a 5xx status.
	ClassHTTP5xx
	// ClassHTTP4xx is a response with a 4xx status (or another status
	// vegeta counts as failed: below 200 or 400 and up).
	ClassHTTP4xx
	// ClassTimeout is a request that ran out of time.
	ClassTimeout
	// ClassCanceled is a request aborted because the run was cancelled;
	// it says nothing about the target and is left out of success ratios.
	ClassCanceled
	// ClassRefused is a connection refused: nothing listens.
	ClassRefused
	// ClassReset is a connection reset by the peer (or a write to a
	// connection it had reset: broken pipe).
	ClassReset
	// ClassEOF is a connection closed before or in the middle of a response.
	ClassEOF
	// ClassOther is any other failure: DNS, TLS, a refused dial, ...
	ClassOther
	numClasses
)

// Classes lists the failure classes, ClassNone excluded.
var Classes = []Class{ClassHTTP5xx, ClassHTTP4xx, ClassTimeout, ClassCanceled, ClassRefused, ClassReset, ClassEOF, ClassOther}

var classNames = [numClasses]string{"none", "5xx", "4xx", "timeout", "canceled", "refused", "reset", "eof", "other"}

// String returns the class's short name, which is also its Prometheus label
// value and its JSON map key.
func (c Class) String() string {
	if c < numClasses {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// MarshalText implements encoding.TextMarshaler.
func (c Class) MarshalText() ([]byte, error) {
	if c >= numClasses {
		return nil, fmt.Errorf("marshaling class %d: unknown class", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Class) UnmarshalText(b []byte) error {
	for i, name := range classNames {
		if name == string(b) {
			*c = Class(i)
			return nil
		}
	}
	return fmt.Errorf("unmarshaling class %q: unknown class", b)
}

// errorPatterns map substrings of Go's network error messages to classes,
// tested in order.
var errorPatterns = []struct {
	substr string
	class  Class
}{
	{"Client.Timeout", ClassTimeout},
	{"deadline exceeded", ClassTimeout},
	{"i/o timeout", ClassTimeout},
	{"context canceled", ClassCanceled},
	{"connection refused", ClassRefused},
	{"connection reset", ClassReset},
	{"broken pipe", ClassReset},
	{"EOF", ClassEOF},
	{"server closed idle connection", ClassEOF},
	{"transport connection broken", ClassEOF},
}

// Classify returns the class of r, from its status code and, when there is
// none, from its error message: it works on results read back from a file
// as well as on live ones.
func Classify(r *vegeta.Result) Class {
	switch {
	case r.Code >= 500 && r.Code < 600:
		return ClassHTTP5xx
	case r.Code != 0 && (r.Code < 200 || r.Code >= 400):
		return ClassHTTP4xx
	case r.Error == "":
		return ClassNone
	}
	for _, p := range errorPatterns {
		if strings.Contains(r.Error, p.substr) {
			return p.class
		}
	}
	return ClassOther
}
