#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (issue 18). Not part of the test command: ./test.sh only replays the
# committed corpus (tests/it/fuzz_replay.rs).
#
#   fuzz/run.sh [seconds] [target…]     default: 1800 s each, every target, two at a time
#
# Only the stable toolchain is on these machines: cargo-fuzz needs nightly flags (-Zsanitizer), which stable
# accepts with RUSTC_BOOTSTRAP=1. New inputs go to fuzz/runs/<target>/ (not committed; the committed seeds are
# fuzz/corpus/<target>/, written by fuzz/make_corpus.py); crashes to fuzz/artifacts/<target>/; logs to
# fuzz/runs/<target>.log. An input that found a bug belongs in fuzz/regressions/<target>/ once fixed.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH" RUSTC_BOOTSTRAP=1
seconds=${1:-1800}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(loader xlsx options parsers)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
nice -n 19 cargo fuzz build -O
run() {
  local target=$1 max_len=4096
  case $target in loader) max_len=300000 ;; xlsx) max_len=65536 ;; esac
  mkdir -p "runs/$target" "artifacts/$target"
  nice -n 19 cargo fuzz run -O "$target" "runs/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"runs/$target.log" 2>&1 || echo "fuzz: $target stopped with a finding: see runs/$target.log and artifacts/$target/"
  tail -n 30 "runs/$target.log" | grep -E "^(#[0-9]+|stat::)|Done" | tail -n 12
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  [ $((i + 1)) -lt ${#targets[@]} ] && run "${targets[i + 1]}" &
  wait
done
