#!/usr/bin/env bash
# Issue 19: runs the Spark dialect of the warehouse SQL (ds.sql / `clientele sql --dialect spark`) with PySpark in
# local mode on the bundled sample and the edge cases of tests/warehouse/spark_check.py, and compares every
# customer's fields with `clientele rfm` (whose output equals exportCustomers, tests/it/cli.rs), then the
# comparison's query (`--by`) group by group with `clientele compare`. Not part of ./test.sh (it needs a JRE and a
# ~300 MB PySpark download); run it by hand:  tests/warehouse/spark.sh [--compare-only]
# Needs: java (Debian's default-jre-headless; installed with apt-get when missing), python3-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v java >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y default-jre-headless; else sudo apt-get install -y default-jre-headless; fi
fi
venv=target/warehouse/spark-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyspark
fi
cargo build --locked --release --bin clientele
exec "$venv/bin/python" tests/warehouse/spark_check.py target/release/clientele "$@"
