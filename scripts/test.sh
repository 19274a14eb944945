#!/usr/bin/env bash
# The test command. Runs every crate's tests: storage and HTTP suites on SQLite always and on
# PostgreSQL when one is reachable, the browser journey when Chromium is installed. What it
# could not run is said at the end. Under CI=true nothing may be skipped: the tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

skipped=()
if [ -z "${HRX_TEST_DATABASE_URL:-}" ]; then
  candidate="postgres://postgres@127.0.0.1:5432/test"
  if command -v psql >/dev/null 2>&1 && psql "$candidate" -Atqc 'SELECT 1' >/dev/null 2>&1; then
    export HRX_TEST_DATABASE_URL="$candidate"
    echo "PostgreSQL found at 127.0.0.1:5432: storage and HTTP suites run on SQLite and PostgreSQL."
  else
    skipped+=("PostgreSQL halves of the storage, HTTP and two-process tests (set HRX_TEST_DATABASE_URL=postgres://USER@HOST:PORT/DB)")
  fi
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  skipped+=("browser journey (install the Debian packages chromium and chromium-driver)")
fi

cargo test --workspace --no-fail-fast "$@"

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  for s in "${skipped[@]}"; do echo "SKIPPED: $s"; done
fi
