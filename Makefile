# Njord Quant. `make run` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
SWIFT ?= swift
NJORD_SHARED_DIR ?= $(abspath ../shared)
export NJORD_SHARED_DIR
BIN_DEBUG := .build/debug
BIN_RELEASE := .build/release

.PHONY: all deps build release run run-md run-strat run-risk run-paper test bench bench-bus fmt lint clean

all: build

deps:
	@./scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job on the embedded defaults; see README "Quick start".
run: release
	@DURATION="$(DURATION)" DEMO="$(DEMO)" HEADLESS="$(HEADLESS)" ./scripts/run

# One daemon in the foreground against the configured Redis (config/, NJORD_REDIS_URL); Ctrl-C stops it.
run-md: release
	$(BIN_RELEASE)/njord-md-ingest --config-dir config

run-risk: release
	$(BIN_RELEASE)/njord-risk-engine --config-dir config

run-strat: release
	$(BIN_RELEASE)/njord-strategy-host --config-dir config

# The paper trader alone, in the foreground, against the Redis of config/base.yaml (NJORD_REDIS_URL
# overrides); Ctrl-C stops it (journal flushed). See README "The paper trader".
run-paper: release
	$(BIN_RELEASE)/njord-paper-trader --config-dir config

# The whole suite: unit tests and integration tests against real servers the harness starts.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Benchmarks in release mode; figures merge into var/bench/latest.json.
bench: release
	@./scripts/install-deps --bench
	$(BIN_RELEASE)/njord-bench --output var/bench/latest.json

# The bus benchmark alone (needs redis-server); figures merge into var/bench/latest.json.
bench-bus: release
	$(BIN_RELEASE)/njord-bench --only bus --output var/bench/latest.json

fmt:
	$(SWIFT) format format --in-place --recursive --configuration .swift-format Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Package.swift

clean:
	rm -rf .build
