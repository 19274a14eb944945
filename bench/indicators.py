"""Answers every catalogue indicator for 2009 through HRX's API and through DuckDB over the
same rows (the demo's CSV files), checks that they agree and prints the times.

Usage: indicators.py BASE_URL DEMO_DIR
"""
import json
import statistics
import sys
import time
import urllib.request

import duckdb

BASE, DEMO = sys.argv[1], sys.argv[2]
E = "DATE '2009-12-31'"
Y0 = "DATE '2009-01-01'"
S = "DATE '1978-01-01'"

# Each definition of ../shared/spec/indicators.md, written as a scan of the rows.
QUERIES = {
    "outbound_students_cumulative":
        f"SELECT count(DISTINCT person_ref) FROM sa WHERE departure_date BETWEEN {S} AND {E}",
    "returned_students_cumulative":
        f"SELECT count(DISTINCT person_ref) FROM sa WHERE return_date BETWEEN {S} AND {E}",
    "outbound_departures":
        f"SELECT count(*) FROM sa WHERE departure_date BETWEEN {Y0} AND {E}",
    "studying_abroad":
        f"SELECT count(DISTINCT person_ref) FROM sa WHERE departure_date <= {E} "
        f"AND (return_date IS NULL OR return_date > {E})",
    "foreign_students":
        f"SELECT count(*) FROM fs WHERE enrolment_start <= {E} "
        f"AND (enrolment_end IS NULL OR enrolment_end >= {Y0})",
    "foreign_students_cumulative":
        "SELECT sum(greatest(0, least(2009, coalesce(year(enrolment_end), 9999)) "
        "- greatest(1978, year(enrolment_start)) + 1)) FROM fs",
    "foreign_student_source_countries":
        f"SELECT count(DISTINCT nationality) FROM fs WHERE enrolment_start <= {E} "
        f"AND (enrolment_end IS NULL OR enrolment_end >= {S})",
    "work_permits_valid":
        f"SELECT count(DISTINCT person_ref) FROM wp WHERE valid_from <= {E} AND valid_to >= {E} "
        f"AND (cancelled_on IS NULL OR cancelled_on > {E})",
    "work_permits_issued":
        f"SELECT count(*) FROM wp WHERE valid_from BETWEEN {Y0} AND {E}",
    # Imported certificates count as issued or accepted on their first day (issued_on =
    # valid_from); only inbound ones exempt from Chinese branches.
    "coverage_exemptions_active":
        f"SELECT count(DISTINCT person_ref) FROM cc WHERE direction = 'inbound' "
        f"AND valid_from <= {E} AND valid_to >= {E} AND (revoked_on IS NULL OR revoked_on > {E})",
    "coverage_certificates_issued":
        f"SELECT count(*) FROM cc WHERE valid_from BETWEEN {Y0} AND {E}",
}

# The demo's CSV files, as tables; the certificates' dates typed explicitly (few rows carry
# a revocation, so a small file's sample may not show that the column holds dates).
TABLES = [
    ("sa", "study-abroad", ""),
    ("fs", "foreign-students", ""),
    ("wp", "work-permits", ""),
    ("cc", "coverage-certificates",
     ", types={'valid_from': 'DATE', 'valid_to': 'DATE', 'revoked_on': 'DATE'}"),
]

REPEAT = 15


def hrx(code):
    """Median server-side and round-trip milliseconds, and the value."""
    server, trip, value = [], [], None
    for _ in range(REPEAT):
        t = time.perf_counter()
        with urllib.request.urlopen(f"{BASE}/api/v1/indicators/{code}?period=2009") as r:
            body = json.load(r)
            timing = r.headers.get("server-timing", "")
        trip.append((time.perf_counter() - t) * 1000)
        server.append(float(timing.split("dur=")[1]) if "dur=" in timing else float("nan"))
        value = body["value"]
    return statistics.median(server), statistics.median(trip), value


def main():
    catalogue = json.load(urllib.request.urlopen(f"{BASE}/api/v1/indicators"))
    con = duckdb.connect()
    t = time.perf_counter()
    for table, name, options in TABLES:
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{DEMO}/demo-{name}.csv', header=true, all_varchar=false{options})"
        )
    rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t, _, _ in TABLES}
    print(f"DuckDB loaded the same CSV rows in {time.perf_counter() - t:.1f} s: {rows}")
    print(f"{'indicator':36} {'value':>10} {'hrx server ms':>14} {'hrx trip ms':>12} {'duckdb ms':>10} {'duckdb/hrx':>11}")
    failures = 0
    for ind in catalogue:
        code = ind["code"]
        if code not in QUERIES:
            print(f"{code:36} (no rows of this kind in the demo dataset; not compared)")
            continue
        server_ms, trip_ms, value = hrx(code)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            expected = con.execute(QUERIES[code]).fetchone()[0]
            times.append((time.perf_counter() - t) * 1000)
        duck_ms = statistics.median(times)
        agree = value == expected
        failures += 0 if agree else 1
        ratio = duck_ms / server_ms if server_ms > 0 else float("inf")
        flag = "" if agree else f"  DIFFERENT: duckdb {expected}"
        print(f"{code:36} {value:>10} {server_ms:>14.3f} {trip_ms:>12.3f} {duck_ms:>10.2f} {ratio:>11.1f}{flag}")
    if failures:
        print(f"{failures} indicators differ")
        sys.exit(1)
    print("every value agrees with DuckDB")


main()
