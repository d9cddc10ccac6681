#!/bin/bash
# End-to-end: golden web pages. Every tests/golden/web/NAME.html is
# ingested into a fresh store and `trilat article NAME --json` is compared
# with NAME.expected.json, which says what a careful human reader takes
# from the page: the body text (blocks joined by a blank line), title,
# source, published, url, language, and the extra.web provenance keys
# listed under "web". Keys absent from an expected file are not checked;
# a null value means "absent or null". Then the same pages gzip-compressed
# (made here, at run time), and all pages ingested at once.
. "$(dirname "$0")/lib.sh"
G=$ROOT/tests/golden/web

# cmp.py EXPECTED GOT LABEL COUNTS [brief]: one "ok -"/"FAIL -" line per
# checked key (brief: one line per page unless something fails); adds
# "checks fails" to the COUNTS file.
cat >"$T/cmp.py" <<'PY'
import difflib, json, sys

exp_path, got_path, label, counts = sys.argv[1:5]
brief = len(sys.argv) > 5
exp = json.load(open(exp_path, encoding="utf-8"))
try:
    got = json.load(open(got_path, encoding="utf-8"))
except ValueError as x:
    print(f"FAIL - {label}: article --json is not JSON: {x}")
    open(counts, "a").write("1 1\n")
    sys.exit(0)
extra = got.get("extra") if isinstance(got.get("extra"), dict) else {}
web = extra.get("web") if isinstance(extra.get("web"), dict) else {}
results = []   # (ok, key, message)

def show(v):
    return json.dumps(v, ensure_ascii=False)

def text_diff(want, have):
    if not isinstance(have, str):
        return f"got {show(have)}"
    w, h = want.split("\n\n"), have.split("\n\n")
    lines = list(difflib.unified_diff(w, h, "expected", "extracted", lineterm="", n=1))
    out = [f"{len(h)} blocks, want {len(w)}"]
    out += ["    " + l for l in lines[:60]]
    if len(lines) > 60:
        out.append(f"    ... ({len(lines) - 60} more diff lines)")
    if w == h or not lines:
        i = next((i for i, (a, b) in enumerate(zip(want, have)) if a != b), min(len(want), len(have)))
        out.append(f"    first difference at char {i}: want {want[i:i+20]!r}, got {have[i:i+20]!r}")
    return "\n".join(out)

def check(key, want, have, where):
    if want is None:
        ok = have is None
    else:
        ok = want == have
    if ok:
        results.append((True, key, ""))
    elif key == "text":
        results.append((False, key, text_diff(want, have)))
    else:
        results.append((False, key, f"{where} is {show(have)}, want {show(want)}"))

def check_blocks(want, have, text):
    """want: list of kinds, or list of [kind, start, len]. The stored
    blocks must also cut the stored text into its "\\n\\n"-separated parts."""
    if not isinstance(have, list) or not all(isinstance(b, list) and len(b) == 3 for b in have):
        results.append((False, "web.blocks", f"extra.web.blocks is {show(have)}"))
        return
    if isinstance(text, str):
        size = len(text.encode("utf-8"))
        out = [b for b in have if not isinstance(b[1], int) or not isinstance(b[2], int)
               or b[1] < 0 or b[1] + b[2] > size]
        if out:
            results.append((False, "web.blocks", f"block(s) {show(out)} outside the {size}-byte text"))
            return
    if want and isinstance(want[0], str):
        kinds = [b[0] for b in have]
        if kinds != want:
            results.append((False, "web.blocks", f"kinds {show(kinds)}, want {show(want)}"))
            return
    elif have != want:
        results.append((False, "web.blocks", f"{show(have)}, want {show(want)}"))
        return
    if isinstance(text, str):
        raw = text.encode("utf-8")
        parts = [raw[s:s + n].decode("utf-8", "replace") for _, s, n in have]
        if parts != text.split("\n\n"):
            results.append((False, "web.blocks", "offsets do not cut the text into its blocks: "
                            + show(parts[:3]) + " ..."))
            return
    results.append((True, "web.blocks", ""))

for key in ("text", "title", "source", "published", "url", "language"):
    if key in exp:
        check(key, exp[key], got.get(key), key)
for key, want in exp.get("web", {}).items():
    if key == "blocks":
        check_blocks(want, web.get("blocks"), got.get("text"))
    elif key == "syndication":
        # webdoc.h/syndic.h: recorded as extra.syndication (all formats);
        # accepted under extra.web too.
        have = web.get("syndication", extra.get("syndication"))
        if want is None:
            check("web.syndication", None, have, "syndication")
        elif not isinstance(have, dict):
            results.append((False, "web.syndication", f"syndication is {show(have)}, want {show(want)}"))
        else:
            sub = {k: have.get(k) for k in want}
            check("web.syndication", want, sub, "syndication")
    else:
        check("web." + key, want, web.get(key), "extra.web." + key)
want_id = exp.get("id", exp_path.rsplit("/", 1)[-1][: -len(".expected.json")])
check("id", want_id, got.get("id"), "id")

fails = [r for r in results if not r[0]]
if brief and not fails:
    print(f"ok - {label}: all {len(results)} expected fields match")
    n = 1
elif brief:
    for ok, key, msg in fails:
        print(f"FAIL - {label}: {key}: {msg}")
    n = len(fails)
else:
    for ok, key, msg in results:
        print(f"ok - {label}: {key}" if ok else f"FAIL - {label}: {key}: {msg}")
    n = len(results)
open(counts, "a").write(f"{n} {len(fails)}\n")
PY

COUNTS=$T/counts
# compare EXPECTED GOT LABEL [brief]
compare() {
    : >"$COUNTS"
    if ! python3 "$T/cmp.py" "$1" "$2" "$3" "$COUNTS" ${4:+brief}; then
        bad "$3: comparison script failed"
    fi
    local c f
    read -r c f <"$COUNTS" || { c=0; f=0; }
    CHECKS=$((CHECKS + c)); FAILS=$((FAILS + f))
}

# ingest_one LABEL DB FILE: ingest must store exactly one article, exit 0
ingest_one() {
    run "$TRILAT" --db "$2" ingest "$3"
    if [ "$RC" -eq 0 ] && printf '%s' "$ERR" | grep -q "ingested 1, duplicates 0, rejected 0"; then
        ok "$1: ingest stores one article"
        return 0
    fi
    bad "$1: ingest exit $RC: $(printf '%s' "$ERR" | head -n 5 | tr '\n' ' ')"
    return 1
}

# fetch LABEL DB ID OUTFILE: article ID --json into OUTFILE. When ID is
# not found but ID.html is, that one is compared (its id check fails), so
# that the other fields are still checked.
fetch() {
    run "$TRILAT" --db "$2" article "$3" --json
    if [ "$RC" -eq 4 ]; then run "$TRILAT" --db "$2" article "$3.html" --json; fi
    if [ "$RC" -ne 0 ]; then
        bad "$1: 'article $3 --json' exit $RC: $(printf '%s' "$ERR" | head -n 3 | tr '\n' ' ')"
        return 1
    fi
    printf '%s\n' "$OUT" >"$4"
}

pages=()
for f in "$G"/*.html; do
    [ -f "$f" ] || continue
    pages+=("$f")
done
if [ "${#pages[@]}" -lt 10 ]; then bad "golden pages: found ${#pages[@]}, want at least 10"; fi

# 1. each page alone, then its gzip, each into a fresh store
mkdir -p "$T/gz"
for f in "${pages[@]}"; do
    name=$(basename "$f" .html)
    exp=$G/$name.expected.json
    if [ ! -f "$exp" ]; then bad "$name: no $name.expected.json"; continue; fi
    echo "# $name"
    if ingest_one "$name" "$T/$name.db" "$f" &&
       fetch "$name" "$T/$name.db" "$name" "$T/$name.got.json"; then
        compare "$exp" "$T/$name.got.json" "$name"
    fi
    gzip -c "$f" >"$T/gz/$name.html.gz"
    if ingest_one "$name (gzip)" "$T/$name.gz.db" "$T/gz/$name.html.gz" &&
       fetch "$name (gzip)" "$T/$name.gz.db" "$name" "$T/$name.gz.got.json"; then
        compare "$exp" "$T/$name.gz.got.json" "$name (gzip)" brief
    fi
done

# 2. the whole directory at once (pages copied, so that the expected
# .json files are not ingested as JSON articles), into one store
echo "# all pages in one run"
mkdir -p "$T/all/sub"
for f in "${pages[@]}"; do cp "$f" "$T/all/"; done
# one of them compressed, in a subdirectory
mv "$T/all/$(basename "${pages[0]}")" "$T/all/sub/"
gzip "$T/all/sub/$(basename "${pages[0]}")"
ALL=$(newdb all)             # (the stores of single pages stay SQLite files)
run "$TRILAT" --db "$ALL" ingest "$T/all"
expect_eq "directory ingest exit" "$RC" 0
expect_match "directory ingest summary" "$ERR" "ingested ${#pages[@]}, duplicates 0, rejected 0"
run "$TRILAT" --db "$ALL" stats --json
expect_eq "store holds every page once" "$(printf '%s' "$OUT" | json 'd["articles"]' 2>&1)" "${#pages[@]}"
run "$TRILAT" --db "$ALL" articles --json
ids=$(printf '%s' "$OUT" | json '" ".join(sorted(a["id"] for a in d))' 2>&1)
want_ids=$(for f in "${pages[@]}"; do basename "$f" .html; done | sort | tr '\n' ' ' | sed 's/ $//')
expect_eq "article ids are the file names" "$ids" "$want_ids"
for f in "${pages[@]}"; do
    name=$(basename "$f" .html)
    [ -f "$G/$name.expected.json" ] || continue
    if fetch "$name (combined)" "$ALL" "$name" "$T/$name.all.got.json"; then
        compare "$G/$name.expected.json" "$T/$name.all.got.json" "$name (combined)" brief
    fi
done
run "$TRILAT" --db "$ALL" check
expect_eq "store consistent" "$OUT" "ok"
finish
