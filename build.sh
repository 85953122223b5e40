#!/usr/bin/env bash
# Builds the WebAssembly module into www/pkg (cargo → wasm-bindgen → wasm-opt) twice, the full module and the page's
# first-load module, vendors ECharts into www/vendor, prints their sizes and the first load's, and fails when one
# exceeds its budget in pkg-config/size-budget.json.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

# npm's binaryen: Debian's wasm-opt (version 108) silently breaks wasm-bindgen's externref table. The producers and
# target-features sections are only notes for tools (the features are read from the input): left out. The functions
# named `*_chunk` are never inlined (src/analysis/mod.rs, PASS_CHUNK: V8 optimises a long pass only if its chunks
# are calls of their own); the flag comes before -O3, as wasm-opt runs its passes in order.
optimise() { # module.wasm
  node_modules/.bin/wasm-opt --no-inline='*_chunk::h*' -O3 --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue "$1" -o "$1"
}

cargo build --release --locked --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --out-dir www/pkg --out-name clientele target/wasm32-unknown-unknown/release/clientele.wasm
if ! grep -aq '_chunk::h' www/pkg/clientele_bg.wasm; then
  echo "build: no function of the module is named *_chunk (src/analysis/mod.rs, PASS_CHUNK): the --no-inline pattern matches nothing" >&2
  exit 1
fi
optimise www/pkg/clientele_bg.wasm

# www/pkg is also the npm package for embedders.
cp pkg-config/package.json www/pkg/package.json

# split (issue 17.13): the page's first-load module, the same crate with only what the Overview asks for (UTF-8
# text, the mapping and report, rfm, compare, exportCustomers, catalog, trend and migration for its deltas, and the
# range readers of parallel parsing): www/pkg/clientele_core.js + clientele_core_bg.wasm. The worker starts with it and moves to the
# full module (above) when a request needs more (pkg-config/package.json's "files" leave it out of the npm package).
# Its own target directory: the two feature sets would otherwise rebuild each other's crate on every run.
cargo build --release --locked --target wasm32-unknown-unknown --lib --no-default-features --features first-view \
  --target-dir target/first-load
wasm-bindgen --target web --out-dir www/pkg --out-name clientele_core target/first-load/wasm32-unknown-unknown/release/clientele.wasm
optimise www/pkg/clientele_core_bg.wasm

# The chart library: ECharts' tree-shakable echarts/core with only the charts and components the views use, bundled
# by esbuild from npm; the page loads it in parallel with the module. split (issue 17.13): two entries sharing one
# chunk (the core): pkg-config/echarts-first.mjs (the Overview's charts, in the first load) and echarts-more.mjs (the
# other views' charts, loaded when one draws) → www/vendor/echarts-first.js, echarts-more.js, echarts-shared.js.
rm -rf www/vendor
mkdir -p www/vendor
node_modules/.bin/esbuild pkg-config/echarts-first.mjs pkg-config/echarts-more.mjs --bundle --splitting --format=esm --minify \
  --legal-comments=none --log-level=warning --chunk-names=echarts-shared --entry-names=[name] --outdir=www/vendor
if [ "$(ls www/vendor)" != "$(printf 'echarts-first.js\necharts-more.js\necharts-shared.js')" ]; then
  echo "build: esbuild made other chart files than echarts-first.js, echarts-more.js and echarts-shared.js: $(ls www/vendor | tr '\n' ' ')" >&2
  exit 1
fi

# Prints what `what` weighs and fails when `bytes` (gzipped) is over the budget `key` of pkg-config/size-budget.json.
check_budget() { # what bytes key [details]
  local what=$1 bytes=$2 key=$3 details=${4:-}
  local budget
  budget=$(sed -n "s/.*\"$key\": *\([0-9]*\).*/\1/p" pkg-config/size-budget.json)
  echo "build: $what is $bytes bytes gzipped${details} (budget $budget gzipped)"
  if [ "$bytes" -gt "$budget" ]; then
    echo "build: $what is over its budget ($bytes > $budget bytes gzipped): find what grew, or raise $key in pkg-config/size-budget.json with a reason" >&2
    exit 1
  fi
}

gz=$(gzip -9 -c www/pkg/clientele_bg.wasm | wc -c)
check_budget "www/pkg/clientele_bg.wasm (the full module)" "$gz" wasmGzipBytes ", $(stat -c %s www/pkg/clientele_bg.wasm) raw"
core_gz=$(gzip -9 -c www/pkg/clientele_core_bg.wasm | wc -c)
check_budget "www/pkg/clientele_core_bg.wasm (the first-load module)" "$core_gz" firstLoadWasmGzipBytes ", $(stat -c %s www/pkg/clientele_core_bg.wasm) raw"

# The whole first load (issue 17, point 13): what a visitor's browser fetches to show the first results, each file
# gzipped: exactly the files listed in pkg-config/first-load.txt (the e2e test first-load.test.mjs checks that the
# page's requests are that list). Every other file of the page is loaded when first needed: listed with its size.
mapfile -t first_patterns < <(grep -v '^#' pkg-config/first-load.txt | grep -v '^$')
first_files=()
for pattern in "${first_patterns[@]}"; do
  mapfile -t matched < <(cd www && compgen -G "$pattern" || true)
  if [ "${#matched[@]}" -eq 0 ]; then
    echo "build: $pattern of pkg-config/first-load.txt names no file of www/" >&2
    exit 1
  fi
  first_files+=("${matched[@]}")
done
first_load=0
for f in "${first_files[@]}"; do
  first_load=$((first_load + $(gzip -9 -c "www/$f" | wc -c)))
done
lazy=""
lazy_total=0
for f in $(cd www && ls index.html *.js *.css views/*.js i18n/*.js pkg/*.js pkg/*.wasm vendor/*.js); do
  case "$f" in embed-example.*) continue ;; esac
  printf '%s\n' "${first_files[@]}" | grep -qxF "$f" && continue
  size=$(gzip -9 -c "www/$f" | wc -c)
  lazy="$lazy $f=$size"
  lazy_total=$((lazy_total + size))
done
charts_gz=$(($(gzip -9 -c www/vendor/echarts-first.js | wc -c) + $(gzip -9 -c www/vendor/echarts-shared.js | wc -c)))
echo "build: loaded when first needed, $lazy_total bytes gzipped:$lazy"
check_budget "the first load" "$first_load" firstLoadGzipBytes " (the ${#first_files[@]} files of pkg-config/first-load.txt; the first-load module $core_gz, the Overview's charts $charts_gz of it)"
