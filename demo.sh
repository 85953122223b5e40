#!/usr/bin/env bash
# Sets up, builds the module and serves the page on http://127.0.0.1:${PORT:-8080}/ with the bundled sample loaded.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
./build.sh
exec node serve.mjs --port "${PORT:-8080}" --root www
