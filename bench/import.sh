#!/usr/bin/env bash
# Bulk import benchmark (issue 5): generates study-abroad rows with HRX's own seeded generator,
# imports them into a fresh SQLite database with `hrx import` (validation, person matching,
# registry search terms and every index HRX keeps), and in the same run loads the same file
# with the sqlite3 shell's .import into a plain table with a primary key. Prints both times
# and their ratio (HRX / sqlite3; the target is <= 1.0). With HRX_BENCH_PG_URL (an admin URL
# such as postgres://postgres@127.0.0.1:5432/postgres) it also imports into a fresh
# PostgreSQL database and prints that time.
#
#   bench/import.sh [ROWS]        (default 1620000)
set -euo pipefail
rows="${1:-1620000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v sqlite3 >/dev/null || { echo "bench/import.sh needs the sqlite3 shell: apt-get install sqlite3" >&2; exit 1; }
cargo build --release -q -p hrx --manifest-path "$root/Cargo.toml"
hrx="$root/target/release/hrx"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
"$hrx" generate study-abroad --persons "$rows" --seed 2009 --out "$work/study-abroad.csv"
echo "file: $rows rows, $(du -h "$work/study-abroad.csv" | cut -f1)"

t0=$(now)
"$hrx" --data-dir "$work/hrx" import study-abroad "$work/study-abroad.csv" --actor bench
t1=$(now)
hrx_s=$(echo "$t1 - $t0" | bc -l)

t0=$(now)
sqlite3 "$work/reference.db" \
  "CREATE TABLE study_abroad (record_ref TEXT PRIMARY KEY, person_ref TEXT, family_name TEXT, given_name TEXT, sex TEXT, birth_date TEXT, destination_country TEXT, institution TEXT, isced_level TEXT, field TEXT, funding TEXT, departure_date TEXT, return_date TEXT);" \
  ".import --csv --skip 1 $work/study-abroad.csv study_abroad"
t1=$(now)
sqlite_s=$(echo "$t1 - $t0" | bc -l)
loaded=$(sqlite3 "$work/reference.db" "SELECT COUNT(*) FROM study_abroad")
[ "$loaded" = "$rows" ] || { echo "sqlite3 loaded $loaded rows, expected $rows" >&2; exit 1; }

printf 'hrx import (SQLite):      %8.2f s\n' "$hrx_s"
printf 'sqlite3 .import:          %8.2f s\n' "$sqlite_s"
printf 'ratio hrx / sqlite3:      %8.2f (target <= 1.0)\n' "$(echo "$hrx_s / $sqlite_s" | bc -l)"

if [ -n "${HRX_BENCH_PG_URL:-}" ]; then
  db="hrx_bench_$$"
  psql -q "$HRX_BENCH_PG_URL" -c "CREATE DATABASE $db"
  pg_url="${HRX_BENCH_PG_URL%/*}/$db"
  t0=$(now)
  "$hrx" --database-url "$pg_url" import study-abroad "$work/study-abroad.csv" --actor bench
  t1=$(now)
  psql -q "$HRX_BENCH_PG_URL" -c "DROP DATABASE $db"
  printf 'hrx import (PostgreSQL):  %8.2f s\n' "$(echo "$t1 - $t0" | bc -l)"
fi
