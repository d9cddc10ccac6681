#!/bin/bash
# End-to-end: every kind of bad input gets a file:line message, is skipped,
# and never hurts what is already stored.
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples

# A store with good content first; it must survive everything below.
run tl ingest "$EX/corpus"
expect_eq "baseline ingest" "$RC" 0
before=$(tl stats --json | json 'd["articles"]')

# malformed JSON, missing/empty text, non-article values, wrong types
cat >"$T/mixed.jsonl" <<'J'
{"id":"g1","text":"A good article about the harbour."}
{"id":"m1","text":"unterminated
{"id":"m2","title":"no text"}
{"id":"m3","text":"   "}
42
"a string"
[1,2,3]
null
{"id":"m4","text":["not","a","string"]}
{"id":"g2","text":"Another good one, after the bad lines."}
J
run tl ingest "$T/mixed.jsonl"
expect_eq "mixed file exits 3 (rejects)" "$RC" 3
expect_match "summary counts" "$ERR" "ingested 2, duplicates 0, rejected 8 "
expect_match "malformed JSON names file:line" "$ERR" "mixed.jsonl:2: malformed JSON at column"
expect_match "missing text" "$ERR" "mixed.jsonl:3: missing 'text'"
expect_match "empty text" "$ERR" "mixed.jsonl:4: empty 'text'"
expect_match "integer is not an article" "$ERR" "mixed.jsonl:5: expected a JSON object \(an article\), got an integer"
expect_match "array is not an article" "$ERR" "mixed.jsonl:7: expected a JSON object \(an article\), got an array"
expect_match "wrong type" "$ERR" "mixed.jsonl:9: field 'text' must be a string, got an array"
expect_eq "good lines around bad ones stored" "$(tl article g2 --json | json 'd["id"]')" g2

# invalid UTF-8 is repaired with U+FFFD and warned about
printf '{"id":"u1","text":"caf\xe9 au lait \xff\xfe end"}\n' >"$T/utf8.jsonl"
run tl ingest "$T/utf8.jsonl"
expect_eq "invalid UTF-8: stored, exit 0" "$RC" 0
expect_match "invalid UTF-8 warning" "$ERR" "utf8.jsonl:1: warning: invalid UTF-8: 3 byte sequence\(s\) replaced by U\+FFFD"
expect_eq "repaired text" "$(tl article u1 --json | json 'd["text"]')" "caf� au lait �� end"
printf 'Title: Latin-1 file\n\nSo\xf1a and Fran\xe7ois met.\n' >"$T/latin1.txt"
run tl ingest "$T/latin1.txt"
expect_match "invalid UTF-8 in .txt warned" "$ERR" "latin1.txt:1: warning: invalid UTF-8"

# NUL bytes and binary junk
printf '{"id":"n1","text":"a\0b"}\n{"id":"n2","text":"fine"}\n' >"$T/nul.jsonl"
run tl ingest "$T/nul.jsonl"
expect_match "NUL byte in JSONL rejected" "$ERR" "nul.jsonl:1: NUL byte at column 21 \(binary data\?\)"
expect_match "line after NUL stored" "$ERR" "ingested 1, duplicates 0, rejected 1"
printf 'text with\0a NUL\n' >"$T/nul.txt"
run tl ingest "$T/nul.txt"
expect_match "NUL byte in .txt rejected as binary" "$ERR" "nul.txt:1: NUL byte at offset 9: binary data"
head -c 65536 /dev/urandom >"$T/junk.jsonl"
run tl ingest "$T/junk.jsonl"
expect_eq "binary junk exits 3" "$RC" 3
expect_match "binary junk: nothing stored" "$ERR" "^ingested 0, duplicates 0, rejected [0-9]+"
head -c 4096 /dev/urandom >"$T/junk.bin"
run tl ingest "$T/junk.bin"
expect_eq "explicit binary file exits 3" "$RC" 3

# a 100 MB single line: rejected against the size limit, in bounded memory
python3 - "$T/huge.jsonl" <<'P'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"id":"h0","text":"before the huge line"}\n{"id":"h1","text":"')
    chunk = "x" * (1 << 20)
    for _ in range(100):
        f.write(chunk)
    f.write('"}\n{"id":"h2","text":"after the huge line"}\n')
P
python3 - "$TRILAT" "$DB" "$T/huge.jsonl" >"$T/rss" 2>"$T/huge.err" <<'P'
import resource, subprocess, sys
r = subprocess.run([sys.argv[1], "--db", sys.argv[2], "ingest", sys.argv[3]], stderr=sys.stderr)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
P
read -r hrc hrss <"$T/rss"
HERR=$(cat "$T/huge.err")
expect_eq "100 MB line: exit 3" "$hrc" 3
expect_match "100 MB line rejected with its line number" "$HERR" "huge.jsonl:2: line longer than the 16777216-byte limit, skipped"
expect_match "lines around the huge one stored" "$HERR" "ingested 2, duplicates 0, rejected 1"
if [ -z "${ASAN_OPTIONS:-}" ] && [ "$hrss" -lt 80 ]; then ok "100 MB line read in bounded memory (${hrss} MB peak RSS)"
elif [ -n "${ASAN_OPTIONS:-}" ]; then ok "RSS not checked under sanitizers (${hrss} MB)"
else bad "100 MB line peak RSS ${hrss} MB (want < 80)"; fi
rm -f "$T/huge.jsonl"
run tl ingest --max-record 30 "$T/mixed.jsonl"
expect_match "--max-record applies" "$ERR" "mixed.jsonl:1: line longer than the 30-byte limit"

# unreadable and missing files
run tl ingest "$T/does-not-exist.jsonl"
expect_eq "missing file exits 3" "$RC" 3
expect_match "missing file named" "$ERR" "does-not-exist.jsonl: no such file or directory"
ln -s "$T/nowhere" "$T/broken.jsonl"
run tl ingest "$T/broken.jsonl"
expect_match "broken symlink named" "$ERR" "broken.jsonl: no such file or directory"
if [ "$(id -u)" -ne 0 ]; then
    echo '{"id":"p","text":"x"}' >"$T/noperm.jsonl"; chmod 000 "$T/noperm.jsonl"
    run tl ingest "$T/noperm.jsonl"
    expect_match "unreadable file named" "$ERR" "noperm.jsonl: cannot open: Permission denied"
fi

# duplicate ids with different text: the first version is kept
printf '{"id":"d1","text":"first version"}\n{"id":"d1","text":"second version"}\n' >"$T/dupid.jsonl"
run tl ingest "$T/dupid.jsonl"
expect_eq "duplicate id with other text exits 3" "$RC" 3
expect_match "duplicate id explained" "$ERR" "dupid.jsonl:2: id 'd1' is already stored with different text; the stored version is kept"
expect_eq "first version kept" "$(tl article d1 --json | json 'd["text"]')" "first version"

# empty files, empty and truncated gzip
: >"$T/empty.jsonl"
run tl ingest "$T/empty.jsonl"
expect_eq "empty file: exit 0" "$RC" 0
expect_match "empty file warned" "$ERR" "empty.jsonl: warning: empty file"
: >"$T/empty0.jsonl.gz"
run tl ingest "$T/empty0.jsonl.gz"
expect_match "zero-byte .gz warned" "$ERR" "empty0.jsonl.gz: warning: empty file"
printf '' | gzip -c >"$T/emptyz.jsonl.gz"
run tl ingest "$T/emptyz.jsonl.gz"
expect_match "gzip of nothing warned" "$ERR" "emptyz.jsonl.gz: warning: empty file"
python3 - "$T/trunc.jsonl.gz" <<'P'
import gzip, sys, random
random.seed(7)
lines = "".join('{"id":"t%d","text":"truncated gzip test article %d %s"}\n'
                % (i, i, " ".join(str(random.random()) for _ in range(20))) for i in range(2000))
data = gzip.compress(lines.encode())
open(sys.argv[1], "wb").write(data[: len(data) * 2 // 3])
P
run tl ingest "$T/trunc.jsonl.gz"
expect_eq "truncated gzip exits 3" "$RC" 3
expect_match "truncated gzip named with line" "$ERR" "trunc.jsonl.gz:[0-9]+: truncated gzip stream"
n=$(echo "$ERR" | sed -n 's/^ingested \([0-9]*\),.*/\1/p')
if [ "$n" -gt 500 ] && [ "$n" -lt 2000 ]; then ok "records before the truncation stored ($n)"; else bad "records before truncation: $n"; fi

# --strict: the first reject aborts and nothing from the run is stored
printf '{"id":"s1","text":"strict one"}\n{"id":"s2","text":\n{"id":"s3","text":"strict three"}\n' >"$T/strict.jsonl"
run tl ingest --strict "$T/strict.jsonl"
expect_eq "--strict exits 3" "$RC" 3
expect_match "--strict says nothing stored" "$ERR" "nothing from this run was stored"
run tl article s1
expect_eq "--strict stored nothing" "$RC" 4

# a file that is not a store is refused and left untouched
echo "not a database, just some text that is here" >"$T/notdb.db"
sum=$(md5sum <"$T/notdb.db")
run "$TRILAT" --db "$T/notdb.db" ingest "$EX/corpus"
expect_eq "not-a-store exits 1" "$RC" 1
expect_match "not-a-store message" "$ERR" "notdb.db"
expect_match "not-a-store message says why, once" "$ERR" "^trilat: cannot use .*notdb.db as a store: file is not a database$"
expect_eq "not-a-store untouched" "$(md5sum <"$T/notdb.db")" "$sum"

# nothing already stored was lost
run tl check
expect_eq "store consistent after all bad input" "$OUT" "ok"
after=$(tl stats --json | json 'd["articles"]')
if [ "$after" -ge "$before" ]; then ok "no stored article lost ($before -> $after)"; else bad "lost articles: $before -> $after"; fi
expect_eq "example article intact" "$(tl article e2-01-caspian-wire --json | json 'd["source"]')" "Caspian Wire"
finish
