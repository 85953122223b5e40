#!/usr/bin/env bash
# Installs what building and testing clientele needs on a fresh machine, from the registries this machine
# reaches (rustup target, crates.io, Debian, npm). Idempotent: each step checks first, so a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")"
say() { echo "setup: $*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# 1. The Rust target for WebAssembly.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI (and its test runner) at exactly the version of the wasm-bindgen crate in Cargo.lock:
#    a different version generates glue that does not match the module.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ -z "$want" ]; then echo "setup: Cargo.lock has no wasm-bindgen entry" >&2; exit 1; fi
if [ "$want" != "$have" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes once"
  # Not --locked: a locked dependency of the CLI can be missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. Debian's Chromium and ChromeDriver for the browser tests (never a browser downloaded by a test tool), and a
#    CJK font so screenshots of the 简体中文 page show characters, not boxes.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  say "installing chromium, chromium-driver and fonts-wqy-microhei from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei
fi

# 4. npm packages from the committed lockfile: echarts and esbuild (the charts bundled into the page), binaryen (wasm-opt),
#    playwright-core (drives Debian's Chromium; it downloads nothing by itself).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
