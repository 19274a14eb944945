#!/usr/bin/env bash
# API throughput (issue 25): requests per second and p50/p99 latency with `wrk` at 1, 16 and
# 64 connections, in one run, for the bare reference `GET /healthz`, an indicator, the public
# points assessment (a POST) and an officer's list page, each with its ratio to `/healthz` at
# the same connections. Targets: the indicator and the assessment at least 50 % of
# `/healthz`'s throughput at 16 connections, p99 under 20 ms, on both backends.
#
#   bench/throughput.sh                                   (SQLite, the lists benchmark's demo)
#   HRX_BENCH_DATABASE_URL=postgres://... bench/throughput.sh   (also PostgreSQL, loaded once
#                                                          by bench/lists.sh)
#   SECONDS_EACH=10 bench/throughput.sh                   (default 5 s a cell)
set -euo pipefail
scale="${DEMO_SCALE:-1}"
each="${SECONDS_EACH:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
dir="${HRX_BENCH_DIR:-$target/bench-lists-$scale}"
admin_password="bench password long enough"
if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ ! -f "$dir/.bench-lists-loaded" ]; then
  echo "run bench/lists.sh first: it loads the demo dataset this benchmark reads ($dir)" >&2
  exit 1
fi
cargo build --release -q -p hrx --manifest-path "$root/Cargo.toml"
hrx="$target/release/hrx"
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; true; }
trap cleanup EXIT

cat >"$work/assessment.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"assessment_date": "2026-03-01", "birth_date": "1990-05-01", "annual_salary_cny": 300000, "education": "master", "related_experience_years": 4, "months_in_china_per_year": 12, "chinese": {"hsk_level": 4, "chinese_taught_degree": false, "former_chinese_national": false}, "work_location": {"province": "310000", "designated_area": false}, "distinctions": {"high_level_foreign_university": false, "fortune_global_500": false, "patents": false, "five_consecutive_years_in_china": false}, "local_bonus": 0}'
LUA

# A latency as wrk writes it (850.00us, 1.23ms, 2.00s) in milliseconds.
ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

# One cell: requests per second, p50, p99 and the answers that were not 2xx.
cell() {
  local connections="$1"; shift
  local threads=$(( connections < 2 ? 1 : 2 ))
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${each}s" --latency "$@")
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  echo "$rps $p50 $p99 ${non2xx:-0}"
}

run() {
  local label="$1"; shift
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local base="http://127.0.0.1:$port"
  HRX_LOG=error "$hrx" "$@" serve --listen "127.0.0.1:$port" \
    --public-requests-per-minute 1000000000 >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    curl -sf "$base/readyz" >/dev/null && break
    sleep 0.2
  done
  local token
  token=$(curl -sf -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  echo
  echo "== $label =="
  echo "| request | connections | requests/s | / healthz | p50 ms | p99 ms | not 2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for c in 1 16 64; do
    local reference
    reference=$(cell "$c" "$base/healthz")
    read -r ref_rps ref_p50 ref_p99 ref_bad <<<"$reference"
    echo "| \`GET /healthz\` | $c | $ref_rps | 1.00 | $ref_p50 | $ref_p99 | $ref_bad |"
    local name args
    for name in indicator assessment list; do
      case "$name" in
        indicator) args=("$base/api/v1/indicators/work_permits_valid?period=2009")
          name='`GET /api/v1/indicators/work_permits_valid?period=2009`' ;;
        assessment) args=(-s "$work/assessment.lua" "$base/api/v1/work-permits/assessments")
          name='`POST /api/v1/work-permits/assessments`' ;;
        list) args=(-H "Authorization: Bearer $token" "$base/study-abroad")
          name='`GET /study-abroad` (an officer list page)' ;;
      esac
      read -r rps p50 p99 bad <<<"$(cell "$c" "${args[@]}")"
      local ratio
      ratio=$(awk -v a="$rps" -v b="$ref_rps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
      echo "| $name | $c | $rps | $ratio | $p50 | $p99 | $bad |"
    done
  done
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hrx: $(git -C "$root" rev-parse --short HEAD), demo scale $scale, $each s a cell"
run "SQLite ($dir)" --data-dir "$dir"
if [ -n "${HRX_BENCH_DATABASE_URL:-}" ]; then
  run "PostgreSQL" --data-dir "$target/bench-lists-pg" --database-url "$HRX_BENCH_DATABASE_URL"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
