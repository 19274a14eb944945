"""Times the officers' lists (first page, a page further on, a search, a filter) beside the
statistics page, as an administrator and as an officer, on one running HRX.

Usage: lists.py BASE_URL ADMIN_PASSWORD OFFICER_USER OFFICER_PASSWORD

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
REPEAT = 7
TARGET_MS = 150.0

# (label, path); "next" rows follow the first page's rel="next" link, "page 20" follows it
# 19 times (a page deep into the list).
LISTS = [
    ("/study-abroad", "/study-abroad"),
    ("/study-abroad next page", "next:/study-abroad"),
    ("/study-abroad page 20", "deep:/study-abroad"),
    ("/study-abroad ?q=li", "/study-abroad?q=li"),
    ("/study-abroad ?country=US&current=1", "/study-abroad?country=US&current=1"),
    ("/foreign-students", "/foreign-students"),
    ("/foreign-students next page", "next:/foreign-students"),
    ("/foreign-students ?country=KR", "/foreign-students?country=KR"),
    ("/coverage/certificates", "/coverage/certificates"),
    ("/coverage/certificates next page", "next:/coverage/certificates"),
    ("/coverage/certificates ?ending=90", "/coverage/certificates?ending=90"),
    ("/coverage/certificates/past-limit", "/coverage/certificates/past-limit"),
    ("/persons", "/persons"),
    ("/persons next page", "next:/persons"),
    ("/organisations", "/organisations"),
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


def run(user, password):
    client = Client(BASE)
    client.sign_in(user, password)
    client.request("GET", REFERENCE)  # warm the connection
    ref, _ = median_ms(client, REFERENCE)
    print(f"\nsigned in as {user}; {REFERENCE}: median of {REPEAT} {ref:.1f} ms")
    print(f"| list | median ms | / {REFERENCE} | status | under {TARGET_MS:.0f} ms |")
    print("|---|---:|---:|---|---|")
    rows = []
    for label, path in LISTS:
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
    run(OFFICER, OFFICER_PASSWORD)


main()
