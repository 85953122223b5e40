#!/usr/bin/env bash
# Builds the WebAssembly module into www/pkg (cargo → wasm-bindgen → wasm-opt), vendors ECharts into www/vendor,
# prints the module's size and fails when it exceeds the budget in pkg-config/size-budget.json.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --locked --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --out-dir www/pkg --out-name clientele target/wasm32-unknown-unknown/release/clientele.wasm
# npm's binaryen: Debian's wasm-opt (version 108) silently breaks wasm-bindgen's externref table. The producers and
# target-features sections are only notes for tools (the features are read from the input): left out.
node_modules/.bin/wasm-opt -O3 --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  www/pkg/clientele_bg.wasm -o www/pkg/clientele_bg.wasm

# www/pkg is also the npm package for embedders.
cp pkg-config/package.json www/pkg/package.json

# The chart library: ECharts' tree-shakable echarts/core with only the charts and components the views use
# (pkg-config/echarts-entry.mjs), bundled by esbuild from npm; the page loads it in parallel with the module.
mkdir -p www/vendor
node_modules/.bin/esbuild pkg-config/echarts-entry.mjs --bundle --format=esm --minify --legal-comments=none \
  --log-level=warning --outfile=www/vendor/echarts.esm.min.js

raw=$(stat -c %s www/pkg/clientele_bg.wasm)
gz=$(gzip -9 -c www/pkg/clientele_bg.wasm | wc -c)
budget=$(sed -n 's/.*"wasmGzipBytes": *\([0-9]*\).*/\1/p' pkg-config/size-budget.json)
echo "build: www/pkg/clientele_bg.wasm is $raw bytes raw, $gz bytes gzipped (budget $budget gzipped)"
if [ "$gz" -gt "$budget" ]; then
  echo "build: the module is over its size budget ($gz > $budget bytes gzipped): find what grew, or raise the budget in pkg-config/size-budget.json with a reason" >&2
  exit 1
fi

# The whole first load (issue 17, point 13): what a visitor's browser fetches to show the first results, each file
# gzipped: the page, its scripts and styles (every module of www/ but the embed example), the module and the charts.
first_load=$(cd www && for f in index.html *.js *.css views/*.js i18n/*.js img/logo.svg pkg/clientele.js pkg/clientele_bg.wasm vendor/echarts.esm.min.js; do
  case "$f" in embed-example.*) continue ;; esac
  gzip -9 -c "$f" | wc -c
done | awk '{ total += $1 } END { print total }')
first_budget=$(sed -n 's/.*"firstLoadGzipBytes": *\([0-9]*\).*/\1/p' pkg-config/size-budget.json)
charts_gz=$(gzip -9 -c www/vendor/echarts.esm.min.js | wc -c)
echo "build: the first load is $first_load bytes gzipped, the charts $charts_gz of it (budget $first_budget gzipped)"
if [ "$first_load" -gt "$first_budget" ]; then
  echo "build: the first load is over its budget ($first_load > $first_budget bytes gzipped): find what grew, or raise firstLoadGzipBytes in pkg-config/size-budget.json with a reason" >&2
  exit 1
fi
