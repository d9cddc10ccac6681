#!/usr/bin/env python3
"""tests/e2e/api.py -- the HTTP API against a real `trilat serve` on loopback.

    api.py TRILAT_BINARY SOURCE_DIR

Builds a store from the example corpus, starts the server on a free port
and checks every endpoint of docs/api.md: answers equal to the CLI's
--json output, paging, filters, bad parameters, errors and their status
codes, the token (ingest and --private), POST rules (all or nothing,
every bad line reported, body limit), caches seeing new data, concurrent
readers during a write, and a graceful stop with a write in flight.
Python's standard library only.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

TRILAT, SRC = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="trilat-api.")
DB = os.path.join(TMP, "t.db")
# TRILAT_TEST_PG=DIR (a tests/pg/pgctl cluster): the store is a fresh
# PostgreSQL database instead, dropped at the end (as tests/e2e/lib.sh does)
PGCTL, PGDIR = os.path.join(SRC, "tests", "pg", "pgctl"), os.environ.get("TRILAT_TEST_PG")
PGDB = "tl_api_%d" % os.getpid()
if PGDIR:
    made = subprocess.run([PGCTL, "createdb", PGDIR, PGDB], capture_output=True, text=True)
    if made.returncode == 77:
        print("skip on PostgreSQL: PostgreSQL is not installed")
        sys.exit(77)
    if made.returncode != 0:
        print("FAIL: cannot create a PostgreSQL database:", made.stderr.strip())
        sys.exit(1)
    DB = made.stdout.strip()
TOKEN = "s3cret-token"
checks = 0
servers = []            # killed on the way out, whatever happens


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def ok(cond, msg):
    global checks
    if not cond:
        fail(msg)
    checks += 1


def cli(*args):
    out = subprocess.run([TRILAT, "--db", DB] + list(args), capture_output=True, text=True)
    if out.returncode != 0:
        fail("trilat %s: %s" % (" ".join(args), out.stderr))
    return out.stdout


class Server:
    def __init__(self, *args, env=None, quiet=True):
        self.log = open(os.path.join(TMP, "serve-%d.log" % time.time_ns()), "w+")
        e = dict(os.environ)
        e.pop("TRILAT_TOKEN", None)
        e.update(env or {})
        self.p = subprocess.Popen([TRILAT, "--db", DB, "serve", "--port", "0"] +
                                  (["--quiet"] if quiet else []) + list(args),
                                  stderr=self.log, env=e)
        servers.append(self.p)
        for _ in range(200):
            self.log.seek(0)
            text = self.log.read()
            if "listening on http://" in text:
                self.base = text.split("listening on ")[1].split()[0].rstrip("/")
                return
            if self.p.poll() is not None:
                fail("server exited early: " + text)
            time.sleep(0.05)
        fail("server did not start: " + text)

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(30)
        self.log.seek(0)
        return rc, self.log.read()


def req(base, path, method="GET", body=None, headers=None):
    r = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(r, timeout=60) as resp:
            data = resp.read()
            return resp.status, dict(resp.headers), data
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get(base, path, status=200, **kw):
    st, hd, data = req(base, path, **kw)
    ok(st == status, "GET %s: status %d, expected %d: %s" % (path, st, status, data[:300]))
    return json.loads(data) if data and hd.get("Content-Type", "").startswith("application/json") else data


def error_of(base, path, status, code, **kw):
    j = get(base, path, status, **kw)
    ok(isinstance(j, dict) and j.get("error", {}).get("code") == code and
       j["error"]["status"] == status and j["error"]["message"],
       "%s: expected error %s, got %s" % (path, code, j))
    return j


def post(base, body, token=TOKEN, path="/api/v1/articles"):
    h = {"Content-Type": "application/x-ndjson"}
    if token:
        h["Authorization"] = "Bearer " + token
    st, hd, data = req(base, path, "POST", body.encode() if isinstance(body, str) else body, h)
    return st, hd, json.loads(data) if data else None


def jl(*objs):
    return "".join(json.dumps(o) + "\n" for o in objs)


def main():
    cli("ingest", os.path.join(SRC, "examples", "corpus"))
    cli("cluster", "-q")
    s = Server("--token", TOKEN)
    b = s.base

    # -- health, index, stats
    h = get(b, "/api/v1/health")
    ok(h["status"] == "ok" and h["version"], "health: %s" % h)
    idx = get(b, "/api/v1")
    ok("/api/v1/stories" in idx["endpoints"], "index lists the endpoints")
    st = get(b, "/api/v1/stats")
    cst = json.loads(cli("stats", "--json"))
    ok(st["articles"] == cst["articles"] == 19 and st["stories"] == 5 and st["entities"] > 0,
       "stats: %s" % st)

    # -- stories: the same as the CLI, paged
    cl = json.loads(cli("stories", "--json"))
    page = get(b, "/api/v1/stories")
    ok(page["items"] == cl and page["has_more"] is False and page["limit"] == 20,
       "story list equals `trilat stories --json`")
    p1 = get(b, "/api/v1/stories?limit=2")
    p2 = get(b, "/api/v1/stories?limit=2&offset=2")
    p3 = get(b, "/api/v1/stories?limit=2&offset=4")
    ok(p1["has_more"] and p2["has_more"] and not p3["has_more"] and
       p1["items"] + p2["items"] + p3["items"] == cl, "story pages concatenate to the list")
    ok(get(b, "/api/v1/stories?limit=100000")["limit"] == 200, "limit capped at 200")
    ok(all(x["articles"] >= 4 for x in get(b, "/api/v1/stories?min_size=4")["items"]), "min_size")
    since = get(b, "/api/v1/stories?since=2026-03-30")["items"]
    ok(since == json.loads(cli("stories", "--json", "--since", "2026-03-30")), "since filter")
    src = get(b, "/api/v1/stories?source=" + urllib.parse.quote("Caspian Wire"))["items"]
    ok(src == json.loads(cli("stories", "--json", "--source", "Caspian Wire")) and src,
       "source filter")
    for bad in ["limit=abc", "limit=-1", "offset=x", "since=notadate", "min_size=0"]:
        error_of(b, "/api/v1/stories?" + bad, 400, "bad_request")

    big = max(cl, key=lambda x: x["articles"])
    one = get(b, "/api/v1/stories/%d" % big["id"])
    ok(one == json.loads(cli("story", str(big["id"]), "--json")),
       "story %d equals `trilat story --json`" % big["id"])
    ok(one["members"] and one["summary"]["sentences"] and one["facts"] is not None and
       one["quotes"] is not None and one["events"] is not None, "story view has every section")
    w = get(b, "/api/v1/stories/%d?words=30&method=lead" % big["id"])
    ok(w["summary"]["method"] == "lead" and w["summary"]["words"] <= 40, "words and method")
    error_of(b, "/api/v1/stories/999", 404, "not_found")
    error_of(b, "/api/v1/stories/abc", 400, "bad_request")
    error_of(b, "/api/v1/stories/1?method=magic", 400, "bad_request")

    # -- storylines
    sl = get(b, "/api/v1/storylines")
    ok(sl["items"] == json.loads(cli("storylines", "--json")), "storylines equal the CLI")
    first = sl["items"][0]
    ok(get(b, "/api/v1/storylines/%d" % first["id"]) == first, "one storyline")
    error_of(b, "/api/v1/storylines/424242", 404, "not_found")

    # -- articles
    arts = get(b, "/api/v1/articles?limit=200")
    ok(arts["items"] == json.loads(cli("articles", "--json")), "article list equals the CLI")
    aid = arts["items"][0]["id"]
    a = get(b, "/api/v1/articles/" + aid)
    ok(a == json.loads(cli("article", aid, "--json")) and a["text"] and a["story"],
       "one article equals `trilat article --json`, with its story")
    ok("text" not in get(b, "/api/v1/articles/%s?text=0" % aid), "text=0 leaves the text out")
    error_of(b, "/api/v1/articles/no-such-id", 404, "not_found")
    ok(get(b, "/api/v1/articles?source=Caspian%20Wire")["items"] ==
       json.loads(cli("articles", "--json", "--source", "Caspian Wire")), "article filter")

    # -- entities
    ents = get(b, "/api/v1/entities?limit=5")
    ok(ents["items"] == json.loads(cli("entities", "--json", "--limit", "5")) and ents["has_more"],
       "entity list equals the CLI")
    per = get(b, "/api/v1/entities?type=PER&limit=200")["items"]
    ok(per and all(e["type"] == "PER" for e in per), "type filter")
    error_of(b, "/api/v1/entities?type=ALIEN", 400, "bad_request")
    v = get(b, "/api/v1/entities/Varenko")
    ok(v["name"].endswith("Varenko") and v["quotes"] and v["recent_articles"] and "also" in v,
       "entity by name: %s" % v.get("name"))
    ok(get(b, "/api/v1/entities/%d" % v["id"])["id"] == v["id"], "entity by id")
    cv = json.loads(cli("entity", "Varenko", "--json"))[0]
    v.pop("also")
    ok(v == cv, "entity equals `trilat entity --json`")
    error_of(b, "/api/v1/entities/Nobody%20Atall", 404, "not_found")

    # -- quotes and events
    q = get(b, "/api/v1/quotes?speaker=Varenko&limit=200")["items"]
    ok(q == json.loads(cli("quotes", "--speaker", "Varenko", "--json", "-n", "200")) and q,
       "quotes by speaker equal the CLI")
    qs = get(b, "/api/v1/quotes?story=1&limit=3")
    qs2 = get(b, "/api/v1/quotes?story=1&limit=3&offset=3")
    allq = json.loads(cli("quotes", "--story", "1", "--json", "-n", "6"))
    ok(qs["items"] + qs2["items"] == allq, "quote pages")
    error_of(b, "/api/v1/quotes?story=999", 404, "not_found")
    error_of(b, "/api/v1/quotes?speaker=Nobody%20Atall", 404, "not_found")
    error_of(b, "/api/v1/quotes?article=nope", 404, "not_found")
    ev = get(b, "/api/v1/events?limit=200")["items"]
    ok(ev == json.loads(cli("events", "--json", "-n", "200")) and ev, "events equal the CLI")
    evs = get(b, "/api/v1/events?since=2026-03-30&until=2026-04-01&limit=200")["items"]
    ok(evs == json.loads(cli("events", "--json", "-n", "200", "--since", "2026-03-30",
                             "--until", "2026-04-01")), "event date filter")
    eva = get(b, "/api/v1/events?actor=Varenko")["items"]
    ok(eva == json.loads(cli("events", "--json", "--actor", "Varenko", "-n", "20")), "event actor")

    # -- search
    sr = get(b, "/api/v1/search?q=Varenko&limit=3")
    ok(len(sr["items"]) == 3 and sr["has_more"], "search pages")
    hit = sr["items"][0]
    ok("<mark>" in hit["snippet_html"] and hit["highlights"] and "\x01" not in hit["snippet"],
       "snippet, highlights, snippet_html")
    s0, e0 = hit["highlights"][0]
    ok(hit["snippet"].encode()[s0:e0].decode().lower() == "varenko", "highlight offsets")
    ok(hit["story"] is not None, "a hit carries its story")
    cs = json.loads(cli("search", "--json", "--limit", "3", "Varenko"))
    ok([x["id"] for x in sr["items"]] == [x["id"] for x in cs], "search order equals the CLI")
    xs = get(b, "/api/v1/search?q=" + urllib.parse.quote('"<script>" OR Varenko'))
    ok(all("<script>" not in x["snippet_html"] for x in xs["items"]), "snippet_html is escaped")
    error_of(b, "/api/v1/search", 400, "bad_request")
    error_of(b, "/api/v1/search?q=", 400, "bad_request")

    # -- routes, methods, HEAD, static files
    error_of(b, "/api/v1/nope", 404, "not_found")
    error_of(b, "/api/v1/stats/7", 404, "not_found")
    error_of(b, "/api/v2/stories", 404, "not_found")
    st_, hd, _ = req(b, "/api/v1/stories", "DELETE")
    ok(st_ == 405 and "GET" in hd.get("Allow", ""), "DELETE is 405 with Allow")
    st_, hd, _ = req(b, "/api/v1/stories", "POST", b"{}")
    ok(st_ == 405, "POST to stories is 405")
    st_, hd, data = req(b, "/api/v1/stories", "HEAD")
    ok(st_ == 200 and data == b"", "HEAD has no body")
    ok("Access-Control-Allow-Origin" not in hd, "no CORS header without --cors")
    st_, hd, page_ = req(b, "/")
    ok(st_ == 200 and hd["Content-Type"].startswith("text/html") and b"<html" in page_ and
       "Content-Security-Policy" in hd and hd.get("ETag"), "web page at /")
    st_, _, _ = req(b, "/", headers={"If-None-Match": hd["ETag"]})
    ok(st_ == 304, "ETag gives 304")
    for f in ["/static/app.js", "/static/style.css"]:
        st_, hd, _ = req(b, f)
        ok(st_ == 200 and hd.get("ETag"), "static " + f)
    error_of(b, "/static/../../etc/passwd", 404, "not_found")
    ok(get(b, "/api/v1/stories?pretty=1")["items"] == cl, "pretty=1")

    # -- POST: auth
    art1 = {"id": "api-1", "title": "Varenko lands in Kharvik for a second round",
            "text": "President Oleksandr Varenko landed in Kharvik on Tuesday for a second round "
                    "of talks with Prime Minister Ingrid Haldorsen on the gas revenue split.",
            "source": "Test Wire", "published": "2026-03-24T09:00:00Z"}
    st_, hd, j = post(b, jl(art1), token=None)
    ok(st_ == 401 and "Bearer" in hd.get("WWW-Authenticate", ""), "POST without token: 401")
    st_, _, j = post(b, jl(art1), token="wrong")
    ok(st_ == 401, "POST with a wrong token: 401")
    ok(get(b, "/api/v1/stats")["articles"] == 19, "nothing stored by refused posts")

    # -- POST: all or nothing, every bad line reported
    bad = jl(art1) + "not json\n" + jl({"id": "api-2"}) + jl({"id": "api-3", "text": 5})
    st_, _, j = post(b, bad)
    ok(st_ == 422 and j["error"]["code"] == "rejected" and j["records"] == 4 and
       j["rejected"] == 3 and [x["line"] for x in j["errors"]] == [2, 3, 4],
       "422 lists every bad line: %s" % j)
    ok(get(b, "/api/v1/stats")["articles"] == 19, "a rejected POST stores nothing")
    st_, _, j = post(b, "   \n\n")
    ok(st_ == 400, "empty body: 400")
    st_, _, j = post(b, json.dumps([art1]))
    ok(st_ == 400 and "JSON Lines" in j["error"]["message"], "a JSON array: 400")
    conflict = dict(art1, id="e1-01-kharvik-ledger")
    st_, _, j = post(b, jl(conflict))
    ok(st_ == 422 and "e1-01-kharvik-ledger" in json.dumps(j), "same id, other text: 422")

    # -- POST: stored, clustered, seen by cached readers
    before = get(b, "/api/v1/stories")["items"]
    body = (jl(art1, {"id": "api-dup", "text": art1["text"]}).encode() +
            b'{"id": "api-utf", "text": "Caf\xc3\xa9 in Kharvik \xff\xfe re-opened on Tuesday.",'
            b' "source": "Test Wire"}\n')
    st_, _, j = post(b, body)
    ok(st_ == 200 and j["ingested"] == 2 and j["duplicates"] == 1 and j["clustered"] is True,
       "POST stores and clusters: %s" % j)
    ok([w["line"] for w in j["warnings"]] == [3], "invalid UTF-8 repaired, warned: %s" % j)
    st_, _, j2 = post(b, jl(art1))
    ok(st_ == 200 and j2["unchanged"] == 1 and j2["ingested"] == 0, "re-POST is unchanged")
    a1 = get(b, "/api/v1/articles/api-1")
    ok(a1["story"] is not None and a1["source"] == "Test Wire", "posted article is placed")
    after = get(b, "/api/v1/stories")["items"]
    ok(after != before and get(b, "/api/v1/stats")["articles"] == 21,
       "caches see the new articles")
    ok(get(b, "/api/v1/articles/api-dup")["is_duplicate_of"] == "api-1", "duplicate recorded")
    ok(any(e["name"].endswith("Varenko") for e in
           get(b, "/api/v1/entities?limit=200")["items"]), "entities of posted articles")
    qid = urllib.parse.quote("api/slash id", safe="")
    st_, _, j = post(b, jl({"id": "api/slash id", "text": "An id with a slash and a space."}))
    ok(st_ == 200 and get(b, "/api/v1/articles/" + qid)["id"] == "api/slash id",
       "percent-encoded ids")
    st_, _, j = post(b, jl({"id": "api-4", "text": "A text that nobody placed yet."}),
                     path="/api/v1/articles?cluster=0")
    ok(st_ == 200 and j["clustered"] is False and get(b, "/api/v1/articles/api-4")["story"] is None,
       "cluster=0 stores without placing: %s" % j)

    # -- concurrent readers while writing
    errors = []

    def reader():
        for _ in range(40):
            st__, _, _ = req(b, "/api/v1/stories?limit=5")
            if st__ != 200:
                errors.append(st__)

    ths = [threading.Thread(target=reader) for _ in range(6)]
    for t in ths:
        t.start()
    for i in range(5):
        st_, _, j = post(b, jl({"id": "conc-%d" % i, "text": "Concurrent article %d about the "
                                "Kestrel Shipping takeover of Tarn Maritime." % i,
                                "published": "2026-03-31T12:00:00Z"}))
        ok(st_ == 200 and j["ingested"] == 1, "POST during reads")
    for t in ths:
        t.join()
    ok(not errors, "readers during writes all got 200: %s" % errors[:5])

    # -- junk on the wire: the server answers or hangs up, and stays up
    host, port = b.split("//")[1].split(":")

    def raw(data, read=True):
        c = socket.create_connection((host, int(port)), timeout=10)
        try:
            c.sendall(data)
            if not read:
                return b""
            c.shutdown(socket.SHUT_WR)
            out = b""
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    return out
                out += chunk
        except OSError:
            return b""
        finally:
            c.close()

    for junk in [bytes(range(256)) * 4, b"\x00\x01\x02\r\n\r\n", b"GET\r\n\r\n",
                 b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Long: " + b"a" * 200000 + b"\r\n\r\n",
                 b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\"",
                 b"GET /api/v1/articles/%zz%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                 b"GET /api/v1/search?q=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                 b"BREW /api/v1/stories HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]:
        out = raw(junk)
        ok(out == b"" or out.startswith(b"HTTP/1."), "junk gets HTTP or a hang-up: %r" % out[:80])
        ok(not out.startswith(b"HTTP/1.1 5"), "junk is not a server error: %r" % out[:80])
    ok(get(b, "/api/v1/health")["status"] == "ok", "the server is up after the junk")
    st_, _, data = req(b, "/api/v1/search?q=" + urllib.parse.quote("caf\u00e9 \u201cVarenko\u201d"))
    ok(st_ == 200, "a UTF-8 query")

    # -- another process clusters the same store while the server runs:
    # the server's resident state must notice and reload, not reuse ids
    ext = os.path.join(TMP, "ext.jsonl")
    with open(ext, "w") as f:
        f.write(jl({"id": "ext-1", "title": "Fire crews still at Port Brennock plant",
                    "text": "Fire crews remained at the Port Brennock fertiliser plant on "
                            "Tuesday as investigators from Aldmere began work.",
                    "published": "2026-04-07T08:00:00Z", "source": "Side Process"}))
    cli("ingest", ext)
    cli("cluster", "-q")
    ext_story = json.loads(cli("article", "ext-1", "--json"))["story"]
    st_, _, j = post(b, jl({"id": "after-ext", "text": "Investigators at the Port Brennock "
                            "fertiliser plant said the Aldmere fire started in a store.",
                            "published": "2026-04-07T10:00:00Z"}))
    ok(st_ == 200 and j["clustered"], "POST after an outside cluster run")
    members = [m["id"] for m in get(b, "/api/v1/stories/%d" % ext_story)["members"]]
    ok("ext-1" in members, "the outside run's placement survives: %s" % members)
    stories = json.loads(cli("stories", "--json", "--limit", "0"))
    placed = sum(1 for x in json.loads(cli("articles", "--json"))
                 if json.loads(cli("article", x["id"], "--json", "--no-text"))["story"])
    ok(sum(x["articles"] for x in stories) == placed, "story sizes add up to the placed articles")

    rc, log = s.stop()
    ok(rc == 0 and "stopped" in log, "SIGTERM stops the server with 0: %s" % log[-300:])

    # -- ingest disabled without a token; --private; body limit
    s = Server()
    st_, _, j = post(s.base, jl(art1))
    ok(st_ == 403 and j["error"]["code"] == "forbidden", "no token configured: 403")
    s.stop()
    s = Server("--private", env={"TRILAT_TOKEN": TOKEN})
    error_of(s.base, "/api/v1/stories", 401, "unauthorized")
    error_of(s.base, "/", 401, "unauthorized")
    ok(get(s.base, "/api/v1/health")["status"] == "ok", "health stays open when private")
    ok(get(s.base, "/api/v1/stories", headers={"Authorization": "Bearer " + TOKEN})["items"],
       "private reads with the token")
    s.stop()
    # -- the response cache: repeats are answered from it (the access log
    # says so), a change to the store empties it
    s = Server("--token", TOKEN, "--threads", "1", quiet=False)
    paths = ["/api/v1/stories?limit=%d" % n for n in range(1, 9)]
    for _ in range(3):
        for p_ in paths:
            get(s.base, p_)
    post(s.base, jl({"id": "cache-1", "text": "A new article so the store changes."}))
    get(s.base, paths[0])
    rc, log = s.stop()
    lines = [l for l in log.splitlines() if '"GET /api/v1/stories?limit=' in l]
    ok(len(lines) == 25 and sum(" cached" in l for l in lines[:24]) == 16 and
       " cached" not in lines[24], "cache hits on repeats, none after a write:\n%s" % log[-800:])

    s = Server("--cors", "https://news.example")
    st_, hd, _ = req(s.base, "/api/v1/stories", "OPTIONS",
                     headers={"Origin": "https://news.example",
                              "Access-Control-Request-Method": "POST"})
    ok(st_ == 204 and hd.get("Access-Control-Allow-Origin") == "https://news.example" and
       "Authorization" in hd.get("Access-Control-Allow-Headers", ""), "CORS preflight: %s" % hd)
    st_, hd, _ = req(s.base, "/api/v1/stories")
    ok(hd.get("Access-Control-Allow-Origin") == "https://news.example", "CORS on answers")
    s.stop()
    s = Server("--token", TOKEN, "--max-body", "1000")
    st_, _, j = post(s.base, jl(dict(art1, id="big", text="word " * 1000)))
    ok(st_ == 413 and j["error"]["code"] == "too_large", "body over --max-body: 413")
    ok(get(s.base, "/api/v1/articles/big", 404), "nothing stored from a 413")

    # -- graceful stop with a write in flight: committed whole
    many = jl(*[{"id": "late-%d" % i, "text": "Late article number %d on the Selvan Strait "
                 "shipping lanes and the Tarn Maritime deal." % i} for i in range(300)])
    s.stop()
    s = Server("--token", TOKEN)
    res = {}

    def big_post():
        res["r"] = post(s.base, many)

    t = threading.Thread(target=big_post)
    t.start()
    time.sleep(0.05)
    rc, log = s.stop()
    t.join()
    n = int(json.loads(cli("stats", "--json"))["articles"])
    late = sum(1 for x in json.loads(cli("articles", "--json")) if x["id"].startswith("late-"))
    ok(rc == 0, "stopped with 0 during a write")
    ok(late in (0, 300), "a write in flight is all or nothing (%d of 300 stored)" % late)
    if "r" in res and res["r"][0] == 200:
        ok(late == 300, "an acknowledged write is stored")
    chk = subprocess.run([TRILAT, "--db", DB, "check"], capture_output=True, text=True)
    ok(chk.returncode == 0, "store intact after the stop: " + chk.stdout)

    # -- bad options
    for args in (["--port", "70000"], ["--bind", "nonsense"], ["--private"], ["--threads", "0"]):
        out = subprocess.run([TRILAT, "--db", DB, "serve"] + args, capture_output=True, text=True,
                             env={k: v for k, v in os.environ.items() if k != "TRILAT_TOKEN"},
                             timeout=10)
        ok(out.returncode in (1, 2) and out.stderr, "serve %s fails clearly" % args)
    print("api: %d checks passed (%d articles at the end)" % (checks, n))


try:
    main()
finally:
    for p in servers:
        if p.poll() is None:
            p.kill()
            p.wait()
    shutil.rmtree(TMP, ignore_errors=True)
    if PGDIR:
        subprocess.run([PGCTL, "dropdb", PGDIR, PGDB], capture_output=True)
