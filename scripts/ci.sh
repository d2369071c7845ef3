#!/usr/bin/env bash
# The one test command (see README "Testing"). It sets up everything it needs on a
# fresh machine: npm dependencies, the TypeScript build, and (for the end-to-end
# suite) the real Collector, Prometheus and Jaeger built from their Go modules,
# cached outside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== install"
npm ci --no-audit --no-fund
echo "== build"
npm run build
echo "== lint"
npm run lint
npm run typecheck
echo "== unit and integration tests"
npm test
# The product supports Node.js 20, 22 and 24: the same suite on the other two
# (official builds from the npm registry, cached outside the repo).
for major in 22 24; do
  node_bin=$(bash scripts/node-binary.sh "$major")
  echo "== unit and integration tests on Node.js $("$node_bin" --version)"
  PATH="$(dirname "$node_bin"):$PATH" "$node_bin" scripts/run-tests.mjs unit
done
if [ -x collector/build/build-backends.sh ]; then
  echo "== backends (cached outside the repo)"
  bash collector/build/build-backends.sh
  echo "== end-to-end tests"
  npm run test:e2e
fi
