#!/usr/bin/env bash
# Builds the real backends the end-to-end tests run, from their published Go
# modules (test machines have no Docker engine and no GitHub access, only the Go
# module proxy). Everything is cached outside the repo; a binary whose pinned
# version is already cached is not rebuilt.
#
#   otelcol-llm   ocb build of collector/ocb/manifest.yaml   (collector 0.161.0)
#   prometheus    + promtool, Go module v0.316.0              (Prometheus 3.16.0)
#   jaeger        Go module v1.75.0                           (Jaeger 2.12.0)
#
# Jaeger v2 is the trace store docker-compose ships; the e2e tests run this build.
#
# Usage: build-backends.sh [--print-bin-dir]
set -euo pipefail

OTELCOL_VERSION=0.161.0
OCB_VERSION=v0.161.0
PROMETHEUS_MODULE_VERSION=v0.316.0 # Prometheus v3.16.0
JAEGER_MODULE_VERSION=v1.75.0      # Jaeger v2.12.0 (cmd/jaeger is the v2 binary)

HERE="$(cd "$(dirname "$0")" && pwd)"
COLLECTOR_DIR="$(dirname "$HERE")"
CACHE="${LLM_OTEL_CACHE:-$HOME/.cache/llm-otel}"
BIN="$CACHE/bin"
if [ "${1:-}" = "--print-bin-dir" ]; then
  echo "$BIN"
  exit 0
fi

export GOTOOLCHAIN=local CGO_ENABLED=0
export GOMODCACHE="$CACHE/gomod" GOCACHE="$CACHE/gocache" GOFLAGS=-modcacherw
export GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"
mkdir -p "$BIN" "$CACHE/work" "$CACHE/logs"

log() { printf '[build-backends %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
timed() { # name cmd... : run, record wall seconds in $CACHE/logs/times.txt
  local name=$1 start end
  shift
  start=$(date +%s)
  "$@"
  end=$(date +%s)
  echo "$name $((end - start))s $(date -u +%FT%TZ)" >>"$CACHE/logs/times.txt"
  log "$name took $((end - start))s"
}

# The collector binary is keyed by a hash of the manifest (comments ignored), so a component change rebuilds it.
MANIFEST="$COLLECTOR_DIR/ocb/manifest.yaml"
MANIFEST_HASH=$(grep -v '^[[:space:]]*#' "$MANIFEST" | sha256sum | cut -c1-12)
OTELCOL_BIN="$BIN/otelcol-llm-$OTELCOL_VERSION-$MANIFEST_HASH"
PROM_BIN="$BIN/prometheus-$PROMETHEUS_MODULE_VERSION"
PROMTOOL_BIN="$BIN/promtool-$PROMETHEUS_MODULE_VERSION"
JAEGER_BIN="$BIN/jaeger-$JAEGER_MODULE_VERSION"

build_otelcol() {
  local ocb="$BIN/ocb-$OCB_VERSION" work="$CACHE/work/otelcol"
  if [ ! -x "$ocb" ]; then
    GOBIN="$CACHE/work/ocb-bin" go install -trimpath -ldflags='-s -w' "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION"
    mv "$CACHE/work/ocb-bin/builder" "$ocb"
  fi
  rm -rf "$work" && mkdir -p "$work"
  # ocb resolves output_path relative to the manifest's directory; keep generated sources out of the repo.
  sed "s#output_path: .*#output_path: $work#" "$MANIFEST" >"$CACHE/work/manifest.yaml"
  "$ocb" --config="$CACHE/work/manifest.yaml"
  cp "$work/otelcol-llm" "$OTELCOL_BIN"
}

build_prometheus() {
  local work="$CACHE/work/prometheus"
  rm -rf "$work" && mkdir -p "$work" && cd "$work"
  # No `go mod tidy`: it would resolve every service-discovery dependency, and the proxy
  # refuses some of them (pseudo-versions such as hashicorp/nomad/api). `-mod=mod` fetches
  # only what the build tags below compile.
  cat >go.mod <<MOD
module local/prombuild

go 1.26.7

require github.com/prometheus/prometheus $PROMETHEUS_MODULE_VERSION
MOD
  # remove_all_sd: no cloud/k8s service discovery (our prometheus.yml has no scrape targets).
  go build -mod=mod -trimpath -ldflags='-s -w' -tags 'netgo remove_all_sd' -o "$PROM_BIN" github.com/prometheus/prometheus/cmd/prometheus
  go build -mod=mod -trimpath -ldflags='-s -w' -tags 'netgo remove_all_sd' -o "$PROMTOOL_BIN" github.com/prometheus/prometheus/cmd/promtool
}

build_jaeger() {
  local work="$CACHE/work/jaeger"
  rm -rf "$work" && mkdir -p "$work" && cd "$work"
  # Wrapper module: replace directives only apply in the main module (jaeger's own go.mod has one).
  cat >go.mod <<MOD
module local/jaegerbuild

go 1.25.4

require github.com/jaegertracing/jaeger $JAEGER_MODULE_VERSION

replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
MOD
  # Reuse Jaeger's own checksums: the proxy's sumdb endpoint answers 404 for some of its
  # dependencies, and go.sum lines make that lookup unnecessary (still verified hashes).
  local src
  src=$(go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  cp "$src/go.sum" go.sum
  go build -mod=mod -trimpath -ldflags='-s -w' -o "$JAEGER_BIN" github.com/jaegertracing/jaeger/cmd/jaeger
}

if [ -x "$OTELCOL_BIN" ]; then log "cached $OTELCOL_BIN"; else timed "otelcol-$OTELCOL_VERSION" build_otelcol; fi
if [ -x "$PROM_BIN" ] && [ -x "$PROMTOOL_BIN" ]; then log "cached $PROM_BIN"; else timed "prometheus-$PROMETHEUS_MODULE_VERSION" build_prometheus; fi
if [ -x "$JAEGER_BIN" ]; then log "cached $JAEGER_BIN"; else timed "jaeger-$JAEGER_MODULE_VERSION" build_jaeger; fi

# Stable names the tests use.
ln -sf "$(basename "$OTELCOL_BIN")" "$BIN/otelcol-llm"
ln -sf "$(basename "$PROM_BIN")" "$BIN/prometheus"
ln -sf "$(basename "$PROMTOOL_BIN")" "$BIN/promtool"
ln -sf "$(basename "$JAEGER_BIN")" "$BIN/jaeger"
ls -lL "$BIN"/otelcol-llm "$BIN"/prometheus "$BIN"/promtool "$BIN"/jaeger
