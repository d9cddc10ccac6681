#!/usr/bin/env python3
"""Build examples/articles.jsonl from the examples/corpus/*.txt articles.

Each .txt file starts with a header block:

    Title: ...
    Source: ...
    Published: 2026-03-09T14:20:00+01:00
    URL: https://....example/...

followed by one blank line and the body (paragraphs separated by one blank
line). The JSON "text" field is the body exactly as in the file, minus the
final newline. The "section" field is not in the .txt header; it comes from
the SECTIONS table below.

Usage: python3 examples/make_jsonl.py   (stdlib only; run from anywhere)
"""
import datetime
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TXT_DIR = os.path.join(HERE, "corpus")
OUT = os.path.join(HERE, "articles.jsonl")

HEADER_KEYS = ["Title", "Source", "Published", "URL"]

# section per article id (not part of the .txt header)
SECTIONS = {
    "e1-01-kharvik-ledger": "politics",
    "e1-02-caspian-wire": "world",
    "e1-03-northbridge-herald": "world",
    "e1-04-daily-meridian": "world",
    "e1-05-harbor-post": "world",
    "e2-01-caspian-wire": "world",
    "e2-02-sondby-courier": "politics",
    "e2-03-northbridge-herald": "world",
    "e3-01-marren-observer": "news",
    "e3-02-caspian-wire": "world",
    "e3-03-daily-meridian": "world",
    "e3-04-harbor-post": "world",
    "e4-01-northbridge-herald": "business",
    "e4-02-caspian-wire": "business",
    "e4-03-daily-meridian": "business",
    "e4-04-kharvik-ledger": "business",
    "e5-01-aldmere-gazette": "news",
    "e5-02-caspian-wire": "world",
    "e5-03-harbor-post": "world",
}


def fail(msg):
    sys.stderr.write("make_jsonl: %s\n" % msg)
    sys.exit(1)


def parse(path):
    with open(path, "rb") as f:
        raw = f.read()
    if b"\r" in raw:
        fail("%s: contains CR characters (LF line endings required)" % path)
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("%s: not UTF-8: %s" % (path, e))
    head, sep, body = data.partition("\n\n")
    if not sep:
        fail("%s: no blank line after header" % path)
    fields = {}
    lines = head.split("\n")
    if len(lines) != len(HEADER_KEYS):
        fail("%s: header must have exactly %d lines" % (path, len(HEADER_KEYS)))
    for want, line in zip(HEADER_KEYS, lines):
        key, colon, value = line.partition(": ")
        if key != want or not colon or not value.strip():
            fail("%s: expected header line '%s: ...', got %r" % (path, want, line))
        fields[key] = value.strip()
    try:
        ts = datetime.datetime.fromisoformat(fields["Published"])
    except ValueError:
        fail("%s: bad Published timestamp %r" % (path, fields["Published"]))
    if ts.tzinfo is None:
        fail("%s: Published timestamp has no UTC offset" % path)
    if not fields["URL"].startswith("https://") or ".example/" not in fields["URL"]:
        fail("%s: URL must be https on an .example domain" % path)
    if body.endswith("\n"):
        body = body[:-1]
    if not body.strip() or body != body.strip():
        fail("%s: body empty or has leading/trailing blank space" % path)
    if "\n\n\n" in body:
        fail("%s: paragraphs must be separated by exactly one blank line" % path)
    return fields, body


def main():
    names = sorted(n for n in os.listdir(TXT_DIR) if n.endswith(".txt"))
    if not names:
        fail("no .txt files in %s" % TXT_DIR)
    ids = [n[:-4] for n in names]
    missing = [i for i in ids if i not in SECTIONS]
    extra = [i for i in SECTIONS if i not in ids]
    if missing or extra:
        fail("SECTIONS out of sync; missing=%s extra=%s" % (missing, extra))
    rows = []
    for name, aid in zip(names, ids):
        fields, body = parse(os.path.join(TXT_DIR, name))
        rows.append({
            "id": aid,
            "title": fields["Title"],
            "text": body,
            "source": fields["Source"],
            "published": fields["Published"],
            "url": fields["URL"],
            "section": SECTIONS[aid],
        })
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("wrote %d articles to %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
