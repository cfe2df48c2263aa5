// Package spec reads the file that describes a target for a resilience
// run — its manifests, the images to build or load, where to send load,
// the SLO and the checklist items to prove — strictly (an unknown field is
// an error with its line), renders the manifests for a namespace and
// builds the images.
package spec
