"""Times the officers' lists (first page, a page further on, a search, a filter) beside the
statistics page, as an administrator and as an officer, on one running HRX.

Usage: lists.py BASE_URL ADMIN_PASSWORD OFFICER_USER OFFICER_PASSWORD [DESK_USER DESK_PASSWORD]

Every figure is the median of REPEAT requests of the whole page (client round trip over one
kept-alive connection, the page fully read); the ratio is the list's median over the
statistics page's median measured in the same run.
"""
import html
import http.client
import re
import statistics
import sys
import time
import urllib.parse

BASE, ADMIN_PASSWORD, OFFICER, OFFICER_PASSWORD = sys.argv[1:5]
DESK = sys.argv[5:7]
# The capabilities bench/lists.sh gives its officers.
OFFICER_CAPS = {"mobility", "coverage", "registry"}
DESK_CAPS = {"training", "cooperation", "work_permits", "experts", "international_organisations"}
REPEAT = 7
TARGET_MS = 150.0

# (label, path, capability); "next" rows follow the first page's rel="next" link, "page 20"
# follows it 19 times (a page deep into the list). The administrator times every list; an
# officer those of their capabilities ("any" for a list every officer may read).
LISTS = [
    ("/study-abroad", "/study-abroad", "mobility"),
    ("/study-abroad next page", "next:/study-abroad", "mobility"),
    ("/study-abroad page 20", "deep:/study-abroad", "mobility"),
    ("/study-abroad ?q=li", "/study-abroad?q=li", "mobility"),
    ("/study-abroad ?country=US&current=1", "/study-abroad?country=US&current=1", "mobility"),
    ("/foreign-students", "/foreign-students", "mobility"),
    ("/foreign-students next page", "next:/foreign-students", "mobility"),
    ("/foreign-students ?country=KR", "/foreign-students?country=KR", "mobility"),
    ("/coverage/certificates", "/coverage/certificates", "coverage"),
    ("/coverage/certificates next page", "next:/coverage/certificates", "coverage"),
    ("/coverage/certificates ?ending=90", "/coverage/certificates?ending=90", "coverage"),
    ("/coverage/certificates/past-limit", "/coverage/certificates/past-limit", "coverage"),
    ("/work-permits/applications", "/work-permits/applications", "work_permits"),
    ("/persons", "/persons", "registry"),
    ("/persons next page", "next:/persons", "registry"),
    ("/organisations", "/organisations", "registry"),
    ("/imports", "/imports", "mobility"),
    ("/training/participants", "/training/participants", "training"),
    ("/training/participants next page", "next:/training/participants", "training"),
    ("/training/participants page 20", "deep:/training/participants", "training"),
    ("/training/participants ?year=2009", "/training/participants?year=2009", "training"),
    ("/training/participants ?q=wang", "/training/participants?q=wang", "training"),
    ("/training/reports", "/training/reports", "training"),
    ("/cooperation/agreements", "/cooperation/agreements", "cooperation"),
    ("/cooperation/agreements ?q=labour", "/cooperation/agreements?q=labour", "cooperation"),
    ("/cooperation/events", "/cooperation/events", "cooperation"),
    ("/international-organisations/serving", "/international-organisations/serving",
     "international_organisations"),
    ("/international-organisations/serving next page",
     "next:/international-organisations/serving", "international_organisations"),
    ("/experts", "/experts", "experts"),
    ("/awards/laureates", "/awards/laureates", "any"),
]
REFERENCE = "/statistics"


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port)
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {"Accept-Language": "zh-CN"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return r.status, text

    def sign_in(self, user, password):
        _, page = self.request("GET", "/login")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"_csrf": csrf, "username": user, "password": password})
        status, _ = self.request("POST", "/login", body)
        status, page = self.request("GET", "/")
        if status != 200 or "/logout" not in page:
            sys.exit(f"could not sign in as {user}")


def next_link(page):
    m = re.search(r'<a href="([^"]+)" rel="next"', page)
    return html.unescape(m.group(1)) if m else None


def resolve(client, path):
    """The address to time: a list's next page is found by following its link."""
    if ":" not in path:
        return path
    how, first = path.split(":", 1)
    hops = 1 if how == "next" else 19
    at = first
    for _ in range(hops):
        _, page = client.request("GET", at)
        link = next_link(page)
        if link is None:
            return None
        at = link
    return at


def median_ms(client, path):
    times = []
    status = None
    for _ in range(REPEAT):
        t = time.perf_counter()
        status, _ = client.request("GET", path)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), status


def run(user, password, caps=None):
    client = Client(BASE)
    client.sign_in(user, password)
    client.request("GET", REFERENCE)  # warm the connection
    ref, _ = median_ms(client, REFERENCE)
    print(f"\nsigned in as {user}; {REFERENCE}: median of {REPEAT} {ref:.1f} ms")
    print(f"| list | median ms | / {REFERENCE} | status | under {TARGET_MS:.0f} ms |")
    print("|---|---:|---:|---|---|")
    rows = []
    for label, path, cap in LISTS:
        if caps is not None and cap != "any" and cap not in caps:
            continue
        at = resolve(client, path)
        if at is None:
            print(f"| {label} | — | — | no next page | — |")
            continue
        ms, status = median_ms(client, at)
        rows.append(ms)
        print(f"| {label} | {ms:.1f} | {ms / ref:.2f} | {status} | "
              f"{'yes' if ms < TARGET_MS and status == 200 else 'NO'} |")
    ref2, _ = median_ms(client, REFERENCE)
    print(f"{REFERENCE} again after the lists: {ref2:.1f} ms")


def main():
    run("admin", ADMIN_PASSWORD)
    run(OFFICER, OFFICER_PASSWORD, OFFICER_CAPS)
    if DESK:
        run(DESK[0], DESK[1], DESK_CAPS)


main()
