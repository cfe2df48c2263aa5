// Package static judges rendered Kubernetes manifests (the multi-document
// YAML that kustomize build prints) against the static column of the
// go-live checklist, returning one verdict per checklist item per
// Deployment or StatefulSet.
//
// The checks read only the manifests: what the API server would default
// is defaulted here too (a 30 s grace period, a 25 % maxUnavailable, a cpu
// request taken from the cpu limit), and objects that act on a workload
// (HorizontalPodAutoscalers, PodDisruptionBudgets, NetworkPolicies,
// Services, ServiceMonitors and PodMonitors) are matched to it by
// namespace, name and label selector. Check returns the verdicts; AsCheck
// wraps them as a harness.Check, which ignores the run's timeline.
package static
