#!/usr/bin/env bash
# Sets up and runs every check: format, lints (native and wasm32), docs, native tests, wasm tests in Node and in
# headless Chromium, the release build with its size budget, the TypeScript types, the page's end-to-end tests,
# and the reproducibility of the sample and fixtures. Runs every step, then exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
./setup.sh || { echo "test: setup failed" >&2; exit 1; }

passed=0; failed=0; failures=()
step() {
  local name=$1; shift
  echo; echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ($((SECONDS - start)) s)"
  fi
}
wasm_test() { cargo test --locked --target wasm32-unknown-unknown --test wasm "$@"; }
chromium_wasm_test() {
  # The whole suite runs in one page: the runner's default timeout (20 s) is shorter than the suite on a loaded 2-core machine.
  WASM_BINDGEN_TEST_TIMEOUT=300 WASM_BINDGEN_USE_DEDICATED_WORKER=1 CHROMEDRIVER=/usr/bin/chromedriver wasm_test
}
fixtures_are_reproducible() {
  python3 tests/fixtures/make_orders.py --out - | cmp - www/samples/orders.csv || return 1
  python3 tests/fixtures/make_fixtures.py --check || return 1
  # Customer attributes (People view): the bundled sample customers file.
  python3 tests/fixtures/make_sample_customers.py --check || return 1
  # Campaign evaluation: the bundled sample campaign file.
  python3 tests/fixtures/make_sample_campaigns.py --check || return 1
  # platforms (issue 12): one export per platform.
  python3 tests/fixtures/make_platforms.py --check || return 1
  # hostile input (issue 18): the hostile inputs and the fuzz seed corpus.
  python3 tests/hostile/make_hostile.py --check || return 1
  python3 fuzz/make_corpus.py --check || return 1
}

step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --locked --all-targets -- -D warnings
step "clippy (wasm32)" cargo clippy --locked --target wasm32-unknown-unknown --lib --tests -- -D warnings
step "rustdoc" env RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps
# split (issue 17.13): the page's first-load module (UTF-8 text, the Overview's analyses) is the same crate built
# with fewer features: linted, and its unit tests run, as built.
step "clippy (wasm32, first-load module)" cargo clippy --locked --target wasm32-unknown-unknown --lib --no-default-features --features first-view -- -D warnings
step "native unit tests (first-load features)" cargo test --locked --lib --no-default-features --features first-view
step "native tests" cargo test --locked
step "wasm tests in Node" wasm_test
step "wasm tests in headless Chromium (dedicated worker)" chromium_wasm_test
step "release build + size budget" ./build.sh
step "TypeScript types of the module" node_modules/.bin/tsc -p tests/types/tsconfig.json
step "page unit tests (node --test)" node --test tests/www/
step "page end-to-end tests (headless Chromium)" node --test tests/e2e/
# ds.sql (issue 19): the warehouse SQL run by DuckDB (DuckDB-WASM in Node) against rfm() and compare().
step "warehouse SQL in DuckDB (node --test)" node --test tests/warehouse/
step "sample and fixtures are reproducible" fixtures_are_reproducible

echo
for f in "${failures[@]}"; do echo "test: FAILED: $f"; done
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
