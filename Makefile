# Two entry points do all set-up on a fresh Debian machine:
#   make demo   the go-live suite against the demo target, report in _out/demo
#   make test   unit tier, then the cluster tier on a real kind cluster
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO      ?= go
BIN     := bin/resilience
# Cluster tests build the node image first on a cold machine (~30 min).
CLUSTER_TIMEOUT ?= 60m

.PHONY: all build demo test unit cluster-test cluster-test-harness suite setup image test-tools bench-cluster bench-loadgen bench-load clean

all: build

build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/resilience

setup: build
	@$(BIN) setup

image: setup
	@$(BIN) image build

# Every scenario of the suite against the demo target (cmd/resilience/demo.yaml)
# on the kind cluster "golive", deleted afterwards (it holds 127.0.0.1:30080,
# which the test clusters map too); the report goes to _out/demo.
demo: image
	@$(BIN) run -out _out/demo -delete-cluster

test: test-tools unit cluster-test

# Browser and Pushgateway tests use Debian's chromium and prometheus-pushgateway.
test-tools:
	@if ! command -v chromium >/dev/null || ! command -v prometheus-pushgateway >/dev/null; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium prometheus-pushgateway >/dev/null || \
			{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium prometheus-pushgateway >/dev/null; } ; \
		else echo "chromium / prometheus-pushgateway missing: their tests will skip"; fi; \
	fi

unit:
	$(GO) vet ./...
	cd examples/prove && $(GO) vet ./...
	# On a failure, the first data race is printed again last: a CI log is
	# often read from its tail, where only the race's last lines would be.
	@log=$$(mktemp); $(GO) test -race -short -count=1 ./... 2>&1 | tee $$log; s=$${PIPESTATUS[0]}; \
	if [ $$s != 0 ] && grep -q 'WARNING: DATA RACE' $$log; then \
		echo '--- the first data race again:'; awk '/WARNING: DATA RACE/{p=1} p{print} p&&/^==================$$/{exit}' $$log; fi; \
	rm -f $$log; exit $$s
	# Without -short: the report in headless Chromium and a real Pushgateway,
	# and a node-image step failing on an unknown Kubernetes version.
	$(GO) test -count=1 ./reports/ ./kind/nodeimage/
	# A few seconds of fuzzing over the CLI's whole input path (spec bytes → plan).
	$(GO) test -run '^$$' -fuzz FuzzDryRun -fuzztime 5s -parallel 1 ./cmd/resilience/

# `resilience run` end to end on a cluster of its own (golive-cli, deleted
# after): one short scenario against the demo target, the report's files
# checked against the verdicts and the exit code; then a run interrupted in
# its fault phase (exit 130, partial report, namespace gone).
.PHONY: cli-test
cli-test: image
	$(GO) test -count=1 -timeout 30m -run TestRunE2E -v ./cmd/resilience/

# The cluster tier: the kind package's acceptance test, the go-live suite
# (demo target and defect twins; report and matrix in _out/report), every
# fault against a real cluster (cluster-test-harness), then the CLI end to
# end. One cluster at a time: each deletes the one it made.
cluster-test: image
	$(GO) test -count=1 -timeout $(CLUSTER_TIMEOUT) ./kind/
	$(GO) test -count=1 -timeout $(CLUSTER_TIMEOUT) -parallel 100 -v ./scenarios/ 2>&1 | grep --line-buffered -vE '^(time=|[IWE][0-9]{4} |=== (PAUSE|CONT|NAME))'; exit $${PIPESTATUS[0]}
	@$(MAKE) --no-print-directory harness-tier
	$(GO) test -count=1 -timeout 30m -run TestRunE2E -v ./cmd/resilience/ 2>&1 | grep --line-buffered -vE '^(time=|[IWE][0-9]{4} )'; exit $${PIPESTATUS[0]}
	@$(MAKE) --no-print-directory example-test

# The example module's own go test (examples/prove): the hello app's
# go-live items proven through package scenarios/prove on its kind cluster
# (golive-example, deleted after); report in examples/prove/_out/golive.
# Kept: go test's summary, each verdict's reason and the report's path.
.PHONY: example-test
example-test: image
	cd examples/prove && $(GO) test -count=1 -timeout 30m -v ./... 2>&1 | grep --line-buffered -E '^\s*--- |^(ok|FAIL|PASS)\b|^    [a-z_]+\.go:[0-9]+: ' | grep --line-buffered -v '^    tlog\.go:'; exit $${PIPESTATUS[0]}

# Every fault against a real cluster, each proving its effect, and the
# crash test (SIGINT / SIGKILL of a runner, then Sweep); ~9 min. The
# cluster's node-monitor grace is 30 s rather than 50 s: its node faults
# are proven by the node turning NotReady, which then takes ~30 s.
cluster-test-harness: image harness-tier

.PHONY: harness-tier
harness-tier:
	@$(BIN) cluster up -name golive-harness -metrics-server=false -node-monitor-grace 30s >/dev/null
	GOLIVE_CLUSTER=golive-harness $(GO) test -p 1 -count=1 -timeout $(CLUSTER_TIMEOUT) -run Cluster -v ./harness/... 2>&1 | grep -E '^(--- |\s+--- |ok|FAIL|PASS)|leftovers|^\s+[a-z_]+_test\.go:[0-9]+: '; s=$${PIPESTATUS[0]}; $(BIN) cluster down -name golive-harness; exit $$s

# The suite alone, keeping its report.
suite: image
	$(GO) test -count=1 -timeout $(CLUSTER_TIMEOUT) -parallel 100 -v ./scenarios/

bench-cluster: image
	@$(BIN) cluster bench -runs 3

bench-loadgen:
	$(GO) run ./cmd/loadbench

# Local load against in-cluster attackers on the demo target, at rising
# rates: achieved rate, errors, p99 and CPU per request of each source,
# and the highest rate each holds (≤ 1 % errors). Its own cluster, deleted.
bench-load: image build
	$(BIN) run -bench-load -cluster golive-bench -delete-cluster

clean:
	rm -rf bin
