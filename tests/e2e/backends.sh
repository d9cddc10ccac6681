#!/bin/bash
# End-to-end: the PostgreSQL store gives the same answers as the SQLite
# one. The same input goes into both (the examples, then articles made to
# tie: equal dates, no date, no source, duplicates, a conflicting id), is
# clustered and analysed, and every read command's output is compared.
# What may differ is masked first: ingest times, the store's name, and of
# a search its scores, snippets and order (ts_rank_cd is not BM25; the
# same articles must be found; the queries avoid what websearch reads
# otherwise, docs/postgresql.md). Runs only with TRILAT_TEST_PG (ctest's
# pg_e2e_backends); skipped otherwise.
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples
export TRILAT_NER_MODEL=none
on_pg || { echo "skip: compares a PostgreSQL store with SQLite (needs TRILAT_TEST_PG)"; exit 77; }
SQ=$T/sq.db

python3 - >"$T/ties.jsonl" <<'P'
import json
rows = []
for i in range(12):
    rows.append({"id": "tie-%02d" % i, "source": ["Wire A", "Wire B", None][i % 3],
                 "published": ["2026-03-10T12:00:00Z", None][i % 4 == 3],
                 "title": "Harbour board meeting %d" % (i % 5),
                 "text": "The harbour board met on Monday. Item %d of the agenda was the new pier, "
                         "said chairman Ivo Lund. " % i + "The pier will cost more. " * (1 + i % 3)})
rows.append(dict(rows[0], id="tie-copy"))                  # a duplicate
rows.append(dict(rows[1], text="A different text."))       # a conflict
for r in rows:
    print(json.dumps({k: v for k, v in r.items() if v is not None}))
P
for db in "$SQ" "$DB"; do
    "$TRILAT" --db "$db" ingest -q --cluster "$EX/articles.jsonl" "$EX/corpus" >/dev/null 2>&1
    "$TRILAT" --db "$db" ingest -q --cluster "$T/ties.jsonl" >/dev/null 2>&1
done

# same NAME ARGS...: `trilat ARGS` on both stores gives the same stdout
# and exit status (after masking)
same() {
    local name=$1
    shift
    "$TRILAT" --db "$SQ" "$@" >"$T/sq.out" 2>"$T/sq.err"
    echo "exit $?" >>"$T/sq.out"
    "$TRILAT" --db "$DB" "$@" >"$T/pg.out" 2>"$T/pg.err"
    echo "exit $?" >>"$T/pg.out"
    for b in sq pg; do
        python3 - "$T/$b.out" "$name" <<'P'
import json, re, sys
path, name = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
body, status = s.rsplit("exit ", 1)
def mask(d):
    if isinstance(d, dict):
        for k in list(d):
            if k in ("ingested_at", "store", "backend"):
                d[k] = "*"
            elif name.startswith("search") and k in ("score", "snippet", "snippet_html"):
                d[k] = "*"
            else:
                mask(d[k])
    elif isinstance(d, list):
        for x in d:
            mask(x)
    return d
try:
    d = mask(json.loads(body))
    if name.startswith("search") and isinstance(d, list):
        d.sort(key=lambda h: h["id"])
    body = json.dumps(d, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
except ValueError:
    body = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "*", body)
    body = re.sub(r"(?m)^store: .*$", "store: *", body)
open(path, "w", encoding="utf-8").write(body + "exit " + status)
P
    done
    if cmp -s "$T/sq.out" "$T/pg.out"; then
        ok "$name: same output"
    else
        bad "$name: outputs differ"
        diff "$T/sq.out" "$T/pg.out" | head -n 20 | sed 's/^/#   /'
    fi
}

same "stats" stats --json
same "articles" articles --limit 0
same "articles json" articles --json --limit 0
same "articles of a source" articles --json --source "Wire B"
same "articles page" articles --json --limit 7 --offset 3
same "articles since" articles --json --since 2026-03-20 --until 2026-04-05
for id in $("$TRILAT" --db "$SQ" articles --json --limit 0 | json '" ".join(a["id"] for a in d)') tie-copy; do
    same "article $id" article "$id" --json
done
same "missing article" article no-such-id --json
same "search one word" search --json Varenko
same "search OR" search --json 'Zelensky OR Zelenskyy'
same "search words" search --json harbour pier
same "search phrase" search --json '"harbour board"'
same "search source" search --json --source "Wire A" pier
same "search NOT" search --json Varenko NOT Haldorsen
same "search AND" search --json Varenko AND Haldorsen
same "sources" stats
same "check" check
same "stories" stories
same "stories json" stories --json
same "stories of a source" stories --json --source "Caspian Wire"
same "stories page" stories --json --limit 2 --offset 1
same "stories min size" stories --json --min-size 3
same "stories since" stories --json --since 2026-03-20
same "stories until" stories --json --until 2026-03-20
same "storylines" storylines --json
for id in $("$TRILAT" --db "$SQ" stories --json | json '" ".join(str(s["id"]) for s in d)'); do
    same "story $id" story "$id" --json
done
same "entities" entities --json --limit 0
same "entities text" entities --limit 0
same "entities PER" entities --json --type PER --limit 5 --offset 2
for n in Varenko Haldorsen "Ivo Lund" Aldmere kharvik 1 no-such-one; do
    same "entity $n" entity "$n" --json
done
same "quotes" quotes --json --limit 0
same "quotes text" quotes --limit 0
same "quotes of Varenko" quotes --json --speaker Varenko
same "quotes of a story" quotes --json --story 1
same "events" events --json --limit 0
same "events text" events --limit 0
same "events since" events --json --since 2026-03-15 --until 2026-03-30
same "events of Varenko" events --json --actor Varenko
same "events of a story" events --json --story 2
same "events until" events --json --until 2026-03-10

# all placed and analysed again: the same stories, entities and event ids
for db in "$SQ" "$DB"; do
    "$TRILAT" --db "$db" cluster -q --reset >/dev/null 2>&1
done
same "stories after --reset" stories --json
same "entities after --reset" entities --json --limit 0
same "events after --reset" events --json --limit 0
same "check after --reset" check
finish
