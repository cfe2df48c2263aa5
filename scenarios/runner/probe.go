package runner

import (
	"context"

	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/kind"
)

// buildProbe builds the network-policy probe (cmd/netprobe of this
// module) into the image ref. Like the demo target, it builds from the
// module's source: the command runs inside the repository.
func buildProbe(ctx context.Context, ref string) error {
	return kind.ImageFromPackage(ctx, ref, netpol.Package)
}
