#!/usr/bin/env bash
# Load benchmark (issue 24): requests per second, p99 and errors at 50 connections with `hey`
# for a read endpoint (an indicator), a breakdown, the statistics page, a person search and
# person creation (20 connections), each for a fixed time against one `hrx serve` over the
# demo dataset; then the read endpoint again while 300 connections flood sign-in with wrong
# passwords, beside the same read at rest in the same run.
#
#   bench/load.sh                       (SQLite; reuses the lists benchmark's demo directory)
#   DEMO_SCALE=0.1 bench/load.sh        (a smaller demo, loaded once)
#   SECONDS_EACH=20 bench/load.sh       (longer runs; default 10 s each)
#   HRX_BENCH_DIR=DIR                   (where the demo is kept; default target/bench-lists-SCALE)
set -euo pipefail
scale="${DEMO_SCALE:-1}"
each="${SECONDS_EACH:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
dir="${HRX_BENCH_DIR:-$target/bench-lists-$scale}"
admin_password="bench password long enough"
if ! command -v hey >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq hey >/dev/null
fi
cargo build --release -q -p hrx --manifest-path "$root/Cargo.toml"
hrx="$target/release/hrx"
server=""
flood=""
cleanup() {
  [ -n "$flood" ] && kill "$flood" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null
  true
}
trap cleanup EXIT

mkdir -p "$dir"
if [ ! -f "$dir/.bench-lists-loaded" ]; then
  echo "loading the demo dataset (scale $scale) into $dir ..."
  "$hrx" --data-dir "$dir" demo --scale "$scale" | tail -n 1
  HRX_PASSWORD="$admin_password" "$hrx" --data-dir "$dir" user add admin --role admin >/dev/null
  touch "$dir/.bench-lists-loaded"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
HRX_LOG=error "$hrx" --data-dir "$dir" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 600); do
  curl -sf "$base/readyz" >/dev/null && break
  sleep 0.2
done
token=$(curl -sf -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hrx: $(git -C "$root" rev-parse --short HEAD), demo scale $scale, SQLite, $each s per row"
echo
echo "| request | connections | requests/s | p99 ms | max ms | errors |"
echo "|---|---:|---:|---:|---:|---:|"

# One row of the table: hey's summary read for requests per second, the 99th percentile, the
# slowest answer and the answers that were not 2xx (or not answered at all).
row() {
  local label="$1" connections="$2"; shift 2
  local out
  out=$(hey -z "${each}s" -c "$connections" "$@")
  local rps p99 max ok total errors
  rps=$(awk '/Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '/ 99% in/ {printf "%.1f", $3 * 1000}' <<<"$out")
  max=$(awk '/Slowest:/ {printf "%.1f", $2 * 1000}' <<<"$out")
  ok=$(awk '/\[2[0-9][0-9]\]/ {n += $2} END {print n + 0}' <<<"$out")
  total=$(awk '/\[[0-9][0-9][0-9]\]/ {n += $2} END {print n + 0}' <<<"$out")
  errors=$(( total - ok + $(awk '/Error distribution/ {e = 1; next} e && /\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); n += $1} END {print n + 0}' <<<"$out") ))
  echo "| $label | $connections | $rps | $p99 | $max | $errors |"
}

auth=(-H "Authorization: Bearer $token")
indicator="$base/api/v1/indicators/foreign_students?period=2009"
row "GET an indicator (\`foreign_students\`, 2009)" 50 "$indicator"
row "GET a breakdown (\`foreign_students\` by nationality)" 50 \
  "$base/api/v1/indicators/foreign_students?period=2009&by=nationality"
row "GET \`/statistics\` (the page)" 50 "$base/statistics"
row "GET a person search (\`/api/v1/persons?q=wang\`)" 50 "${auth[@]}" "$base/api/v1/persons?q=wang"
row "POST a person (\`/api/v1/persons\`)" 20 "${auth[@]}" -m POST -T application/json \
  -d '{"name_latin":"Load Test","sex":"female","birth_date":"1990-05-01","nationality":"DE"}' \
  "$base/api/v1/persons"

# The sign-in flood: 300 connections sending wrong passwords for as long as the read runs.
hey -z "$(( each + 4 ))s" -c 300 -m POST -T application/json \
  -d '{"username":"flood-nobody","password":"wrong password of a flood"}' \
  "$base/api/v1/auth/token" >/dev/null 2>&1 &
flood=$!
sleep 2
row "GET the indicator during a sign-in flood (300 connections)" 50 "$indicator"
wait "$flood" 2>/dev/null || true
flood=""
row "GET the indicator after the flood" 50 "$indicator"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
