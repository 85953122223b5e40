#!/usr/bin/env bash
# Benchmarks (not tests): generates a 1M-row order export (~105 MB), measures ingest, rfm() and compare()
# (and exportCustomers() of 1,000,000 made-up customers)
# natively and inside WebAssembly (Node), and clv() on the CDNOW sample and 100,000 made-up customers; appends the
# figures with the commit to tests/bench/results.md.
# Usage: ./bench.sh [rows]   (default 1000000)
#        ./bench.sh --big    a 20M-row export (~2.1 GB) streamed through the module's Loader in Node, once
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
./build.sh
if [ "${1:-}" = "--big" ]; then
  input=target/bench/orders-20000000.csv
  mkdir -p target/bench
  [ -f "$input" ] || python3 tests/fixtures/make_orders.py --rows 20000000 --out "$input"
  {
    echo "## $(date -u +%Y-%m-%d) commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)'): 20M rows streamed in Node"
    echo
    echo "Input: $(stat -c %s "$input") bytes. Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo '```'
    node --max-old-space-size=4096 tests/bench/stream-big.mjs "$input"
    echo '```'
    echo
  } | tee -a tests/bench/results.md
  exit 0
fi
rows=${1:-1000000}
input="target/bench/orders-$rows.csv"
mkdir -p target/bench
[ -f "$input" ] || python3 tests/fixtures/make_orders.py --rows "$rows" --out "$input"

out=$(mktemp)
{
  echo "## $(date -u +%Y-%m-%d) commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); input: $rows rows, $(stat -c %s "$input") bytes."
  echo
  echo '```'
  cargo bench --quiet --bench ingest -- "$input" 2>/dev/null
  if [ -f tests/bench/compare.rs ]; then cargo bench --quiet --bench compare -- "$input" 2>/dev/null; fi
  node tests/bench/ingest-wasm.mjs "$input"
  if [ -f tests/bench/compare-wasm.mjs ]; then node tests/bench/compare-wasm.mjs "$input"; fi
  # Campaign evaluation: campaigns() with 200,000 contacts.
  if [ -f tests/bench/campaigns-wasm.mjs ]; then node tests/bench/campaigns-wasm.mjs "$input"; fi
  # products: affinity() and growthMatrix() on 1M lines and 5,000 products (its own generated export)
  if [ -f tests/bench/products-wasm.mjs ]; then node tests/bench/products-wasm.mjs 1000000 5000; fi
  # lists (issue 17.2): exportCustomers() of 1,000,000 made-up customers
  node --max-old-space-size=4096 tests/bench/export-wasm.mjs 1000000
  cargo bench --quiet --bench clv 2>/dev/null
  node tests/bench/clv-wasm.mjs 100000
  # Customer attributes (§14): profile() of 150,000 customers.
  node tests/bench/profile-wasm.mjs 150000
  echo '```'
  echo
} | tee "$out"
cat "$out" >> tests/bench/results.md
rm -f "$out"
