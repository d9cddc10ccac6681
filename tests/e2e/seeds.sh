#!/bin/bash
# End-to-end: the seed articles in ../shared/seeds (skipped when absent).
. "$(dirname "$0")/lib.sh"
SEEDS=$ROOT/../shared/seeds
if [ ! -d "$SEEDS" ]; then
    echo "skip: $SEEDS not found (shared seed articles absent)"
    exit 77
fi

run tl ingest "$SEEDS"
expect_eq "seeds ingest exits 0" "$RC" 0
expect_match "five seeds stored" "$ERR" "^ingested 5, duplicates 0, rejected 0 "
ids=$(tl articles --json | json '" ".join(sorted(a["id"] for a in d))')
expect_eq "ids from file names" "$ids" "000_1995a1ccb43838a9 001_dc1560fb2344031c 002_fd869992562ce700 003_7c10af62444fe382 004_a886bfcfddbe0ba4"
expect_eq "no header: title unknown, text starts at first line" \
    "$(tl article 000_1995a1ccb43838a9 --json | json 'd["text"][:20] + "|" + str(d["title"])')" "The White House on M|None"
expect_eq "curly quotes kept" "$(tl article 002_fd869992562ce700 --json | json '"“good meeting”" in d["text"]')" "True"
expect_eq "syndication tag still in text (issue 9 strips it)" \
    "$(tl article 002_fd869992562ce700 --json | json 'd["text"].endswith("{Matzav.com}")')" "True"
expect_eq "language detected" "$(tl stats --json | json 'd["languages"]')" 1
hits=$(tl search --json Ushakov | json '" ".join(sorted(h["id"][:3] for h in d))')
expect_eq "search Ushakov" "$hits" "002 003 004"
hits=$(tl search --json '"Merz"' | json '" ".join(sorted(h["id"][:3] for h in d))')
expect_eq "search Merz" "$hits" "002 003"
hits=$(tl search --json 'Zelensky OR Zelenskyy' | json 'len(d)')
expect_eq "search spelling variants with OR" "$hits" 5
finish
