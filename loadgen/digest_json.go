package loadgen

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/influxdata/tdigest"
)

// digestJSON is Digest's wire form.
type digestJSON struct {
	Count     uint64       `json:"count"`
	Sum       int64        `json:"sum_ns"`
	Min       int64        `json:"min_ns"`
	Max       int64        `json:"max_ns"`
	Centroids [][2]float64 `json:"centroids"`
}

// MarshalJSON implements json.Marshaler.
func (d Digest) MarshalJSON() ([]byte, error) {
	j := digestJSON{Count: d.count, Sum: int64(d.sum), Min: int64(d.min), Max: int64(d.max),
		Centroids: make([][2]float64, len(d.centroids))}
	for i, c := range d.centroids {
		j.Centroids[i] = [2]float64{c.Mean, c.Weight}
	}
	return json.Marshal(j)
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Digest) UnmarshalJSON(b []byte) error {
	var j digestJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("unmarshaling digest: %w", err)
	}
	*d = Digest{count: j.Count, sum: time.Duration(j.Sum), min: time.Duration(j.Min), max: time.Duration(j.Max)}
	if len(j.Centroids) > 0 {
		d.centroids = make(tdigest.CentroidList, len(j.Centroids))
		for i, c := range j.Centroids {
			d.centroids[i] = tdigest.Centroid{Mean: c[0], Weight: c[1]}
		}
	}
	return nil
}
