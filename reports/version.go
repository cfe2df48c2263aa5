package reports

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SchemaVersion is the version of the result.json schema this package
// writes, "major.minor". A reader accepts every minor version of its major
// version (a minor version only adds fields) and older majors it knows; it
// rejects a newer major with ErrFutureVersion.
const SchemaVersion = "1.1"

const schemaMajor = 1

// Errors returned when reading or validating a Result.
var (
	// ErrFutureVersion is a result.json of a newer major schema version
	// than this package reads.
	ErrFutureVersion = errors.New("result schema version is newer than this reader")
	// ErrBadVersion is a missing or malformed schemaVersion.
	ErrBadVersion = errors.New("missing or malformed result schema version")
	// ErrUnknownStatus is a verdict status other than Statuses.
	ErrUnknownStatus = errors.New("unknown verdict status")
	// ErrInvalid is a Result that breaks a rule of the schema, e.g. two
	// scenarios of one name.
	ErrInvalid = errors.New("invalid result")
)

// checkVersion accepts v when this package can read it.
func checkVersion(v string) error {
	majorText, _, ok := strings.Cut(v, ".")
	major, err := strconv.Atoi(majorText)
	if !ok || err != nil || major < 1 {
		return fmt.Errorf("schema version %q: %w", v, ErrBadVersion)
	}
	if major > schemaMajor {
		return fmt.Errorf("schema version %q (this reader knows %s): %w", v, SchemaVersion, ErrFutureVersion)
	}
	return nil
}
