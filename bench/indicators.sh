#!/usr/bin/env bash
# Indicator benchmark (issue 6): loads the synthetic demo dataset (`hrx demo --keep-files`),
# answers every catalogue indicator for 2009 through HRX's API, and in the same run through
# DuckDB (the `duckdb` Python package, installed into a virtualenv) over the same rows loaded
# from the demo's CSV files; checks that the values agree and prints, per indicator, HRX's
# server-side time (the Server-Timing header), the round trip, DuckDB's query time and the
# ratio DuckDB / HRX. Targets: every indicator under 10 ms server-side and at least 10 times
# faster than DuckDB's scan.
#
#   bench/indicators.sh [SCALE]     (default 1: 1.62 million study-abroad persons; about 6.2
#                                    gives 10 million study-abroad rows)
set -euo pipefail
scale="${1:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release -q -p hrx --manifest-path "$root/Cargo.toml"
hrx="$root/target/release/hrx"
work="$(mktemp -d)"
venv="${HRX_BENCH_VENV:-$root/target/bench-venv}"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb
fi

t0=$(date +%s.%N)
"$hrx" --data-dir "$work/hrx" demo --scale "$scale" --keep-files
t1=$(date +%s.%N)
printf 'demo dataset generated and loaded in %.1f s\n' "$(echo "$t1 - $t0" | bc -l)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HRX_ADMIN_PASSWORD="bench password long enough" HRX_LOG=warn \
  "$hrx" --data-dir "$work/hrx" serve --listen "127.0.0.1:$port" >/dev/null &
server=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.1
done

"$venv/bin/python" "$root/bench/indicators.py" "http://127.0.0.1:$port" "$work/hrx/demo"
