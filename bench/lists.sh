#!/usr/bin/env bash
# Officers' lists benchmark (issue 23 group 7): loads the synthetic demo dataset once into a
# data directory (kept and reused: scale 1 takes about two minutes and 1.9 GB), starts
# `hrx serve` on it, signs in as the administrator and as an officer of study abroad and
# coverage, and prints the median of 7 for each list's first page, a next page, a page deep
# into the list, a search and a filter, beside the median of /statistics in the same run,
# with the ratio. Target: every list under 150 ms.
#
#   bench/lists.sh                                   (SQLite, scale 1)
#   DEMO_SCALE=0.1 bench/lists.sh                    (a smaller demo)
#   HRX_BENCH_DATABASE_URL=postgres://... bench/lists.sh
#                                                    (also on PostgreSQL: an empty database
#                                                     the first time; it is loaded once)
#   HRX_BENCH_DIR=DIR                                (where the SQLite demo is kept; default
#                                                     target/bench-lists-SCALE)
set -euo pipefail
scale="${DEMO_SCALE:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -q -p hrx --manifest-path "$root/Cargo.toml"
hrx="$target/release/hrx"
dir="${HRX_BENCH_DIR:-$target/bench-lists-$scale}"
admin_password="bench password long enough"
officer_password="officer password long enough"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; true; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hrx: $(git -C "$root" rev-parse --short HEAD), demo scale $scale"

# Loads the demo once (a marker file says it is in), adds the officer, then times the lists.
bench() {
  local label="$1" marker="$2"; shift 2
  local args=("$@")
  if [ ! -f "$marker" ]; then
    echo "$label: loading the demo dataset (scale $scale) ..."
    local t0 t1
    t0=$(date +%s.%N)
    "$hrx" "${args[@]}" demo --scale "$scale" | tail -n 3
    t1=$(date +%s.%N)
    printf '%s: demo loaded in %.1f s\n' "$label" "$(echo "$t1 - $t0" | bc -l)"
    HRX_PASSWORD="$admin_password" "$hrx" "${args[@]}" user add admin --role admin >/dev/null
    HRX_PASSWORD="$officer_password" "$hrx" "${args[@]}" user add bench-officer \
      --role officer --capabilities mobility,coverage,registry >/dev/null
    touch "$marker"
  fi
  # The officer of the other desks (training, cooperation, permits, experts, organisations),
  # added once to a demo loaded before it was.
  if [ ! -f "$marker.desk" ]; then
    HRX_PASSWORD="$officer_password" "$hrx" "${args[@]}" user add bench-desk --role officer \
      --capabilities training,cooperation,work_permits,experts,international_organisations >/dev/null
    touch "$marker.desk"
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  HRX_LOG=warn "$hrx" "${args[@]}" serve --listen "127.0.0.1:$port" >/dev/null &
  server=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
    sleep 0.2
  done
  echo
  echo "== $label =="
  python3 "$root/bench/lists.py" "http://127.0.0.1:$port" "$admin_password" \
    bench-officer "$officer_password" bench-desk "$officer_password"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

mkdir -p "$dir"
bench "SQLite ($dir)" "$dir/.bench-lists-loaded" --data-dir "$dir"

if [ -n "${HRX_BENCH_DATABASE_URL:-}" ]; then
  pgdir="$target/bench-lists-pg"
  mkdir -p "$pgdir"
  key=$(printf '%s %s' "$HRX_BENCH_DATABASE_URL" "$scale" | sha256sum | cut -c1-16)
  bench "PostgreSQL" "$pgdir/.loaded-$key" --data-dir "$pgdir" \
    --database-url "$HRX_BENCH_DATABASE_URL"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
