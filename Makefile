# Two entry points do all set-up on a fresh Debian machine:
#   make demo   bring up a 3-node kind cluster and say how to use it
#   make test   unit tier, then the cluster tier on a real kind cluster
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO      ?= go
BIN     := bin/resilience
# Cluster tests build the node image first on a cold machine (~30 min).
CLUSTER_TIMEOUT ?= 60m

.PHONY: all build demo test unit cluster-test setup image bench-cluster bench-loadgen clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/resilience

setup: build
	@$(BIN) setup

image: setup
	@$(BIN) image build

demo: image
	@$(BIN) cluster up

test: unit cluster-test

unit:
	$(GO) vet ./...
	$(GO) test -race -short -count=1 ./...

cluster-test: image
	$(GO) test -count=1 -timeout $(CLUSTER_TIMEOUT) ./kind/

bench-cluster: image
	@$(BIN) cluster bench -runs 3

bench-loadgen:
	$(GO) run ./cmd/loadbench

clean:
	rm -rf bin
