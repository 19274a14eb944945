#!/usr/bin/env bash
# Person search benchmark: seeds PEOPLE synthetic people (default 1,000,000) into a fresh
# SQLite file and measures search by Latin and native name and by passport number, against
# a substring-scan reference measured in the same run (see
# crates/hrx-store/examples/search_bench/). With HRX_BENCH_DATABASE_URL set to a PostgreSQL
# database it may fill, the same run follows there; a database that already holds the people
# from an earlier run is reused without seeding again.
#
#   bench/search.sh                       # SQLite, 1,000,000 people
#   PEOPLE=100000 bench/search.sh         # smaller
#   HRX_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrx_bench bench/search.sh
#
# Extra arguments go to the benchmark (e.g. --verbose for every query, --queries 40).
# Set HRX_BENCH_KEEP=1 to keep the SQLite file (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."

PEOPLE="${PEOPLE:-1000000}"

redact() { sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#g' <<<"$*"; }
run() {
  echo "+ $(redact "$*")"
  "$@"
}

echo "== machine: $(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown CPU)," \
  "$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM," \
  "load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?');" \
  "revision $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (modified)')"

run cargo build --release -p hrx-store --example search_bench

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hrx-search-bench.XXXXXX")"
if [ "${HRX_BENCH_KEEP:-}" = 1 ]; then
  echo "the SQLite database is kept in $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

status=0
echo
echo "== SQLite"
run cargo run --release --quiet -p hrx-store --example search_bench -- \
  --url "sqlite://$tmp/hrx.db" --people "$PEOPLE" "$@" || status=$?

if [ -n "${HRX_BENCH_DATABASE_URL:-}" ]; then
  echo
  echo "== PostgreSQL"
  run cargo run --release --quiet -p hrx-store --example search_bench -- \
    --url "$HRX_BENCH_DATABASE_URL" --people "$PEOPLE" "$@" || status=$?
else
  echo
  echo "PostgreSQL skipped: set HRX_BENCH_DATABASE_URL=postgres://USER@HOST:PORT/DB (a database it may fill)"
fi
exit "$status"
