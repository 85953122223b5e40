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

mkdir -p www/vendor
cp node_modules/echarts/dist/echarts.esm.min.mjs www/vendor/echarts.esm.min.js

raw=$(stat -c %s www/pkg/clientele_bg.wasm)
gz=$(gzip -9 -c www/pkg/clientele_bg.wasm | wc -c)
budget=$(sed -n 's/.*"wasmGzipBytes": *\([0-9]*\).*/\1/p' pkg-config/size-budget.json)
echo "build: www/pkg/clientele_bg.wasm is $raw bytes raw, $gz bytes gzipped (budget $budget gzipped)"
if [ "$gz" -gt "$budget" ]; then
  echo "build: the module is over its size budget ($gz > $budget bytes gzipped): find what grew, or raise the budget in pkg-config/size-budget.json with a reason" >&2
  exit 1
fi
