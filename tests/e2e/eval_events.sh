#!/bin/bash
# End-to-end: score the event extractor on the hand-made gold of the
# bundled examples corpus (examples/gold/events.jsonl) through the real
# binary: well-formed JSON, counts that add up, rates in [0,1], floors well
# under the measured figures (docs/eval-events.md) as a regression guard,
# bad arguments exit 2, missing files exit 1. Rules only (--model none):
# the same figures whether or not a model was trained. The PETRARCH2
# records are scored by eval_petrarch.sh (they live outside the project);
# here a small made-up set in the same format checks how they are read and
# how actors are coded with the dictionaries.
. "$(dirname "$0")/lib.sh"
A=$ROOT/examples/articles.jsonl
G=$ROOT/examples/gold/events.jsonl

run "$TRILAT" eval events --gold "$G" --articles "$A" --model none --json
expect_eq "eval events on the examples gold exits 0" "$RC" 0
echo "events: $(printf '%s' "$OUT" | json '"root P %.3f R %.3f F1 %.3f; code F1 %.3f; actor %.3f target %.3f date %.3f" % (d["root"]["precision"], d["root"]["recall"], d["root"]["f1"], d["exact"]["f1"], d["actor"]["accuracy"], d["target"]["accuracy"], d["date"]["accuracy"])')"
expect_eq "source is the examples" "$(printf '%s' "$OUT" | json 'd["source"]')" examples
expect_eq "all 19 articles scored" "$(printf '%s' "$OUT" | json 'd["articles"]')" 19
expect_eq "all 77 gold events read" "$(printf '%s' "$OUT" | json 'd["root"]["gold"]')" 77
sane=$(printf '%s' "$OUT" | json '1 if all(0 <= x[k] <= 1 for x in (d["root"], d["exact"]) for k in ("precision", "recall", "f1")) and all(0 <= d[k]["accuracy"] <= 1 and d[k]["right"] <= d[k]["matched_with_gold"] <= d["root"]["gold_matched"] for k in ("actor", "target", "date")) and 0 <= d["code_accuracy"] <= 1 and d["exact"]["gold_matched"] <= d["root"]["gold_matched"] == d["root"]["predicted_matched"] and d["root"]["gold"] == sum(v["gold"] for v in d["by_root"].values()) and d["root"]["predicted"] == sum(v["predicted"] for v in d["by_root"].values()) and d["root"]["gold_matched"] == sum(v["matched"] for v in d["by_root"].values()) else 0')
expect_eq "event figures are rates and counts add up" "$sane" 1
floor=$(printf '%s' "$OUT" | json '1 if d["root"]["precision"] > 0.4 and d["root"]["recall"] > 0.12 and d["actor"]["accuracy"] > 0.5 else 0')
expect_eq "events: root P > 0.4, R > 0.12, actor > 0.5" "$floor" 1

run "$TRILAT" eval events --gold "$G" --articles "$A" --model none
expect_eq "text report exits 0" "$RC" 0
expect_match "text report has the root row" "$OUT" "events/root +77 +[0-9]+"
expect_match "text report has the per-root table" "$OUT" "^04 +consult"
run "$TRILAT" eval events --gold "$G" --articles "$A" --model none --show-errors
expect_match "--show-errors lists misses" "$OUT" "^MISS e[0-9]"

# --- PETRARCH reading, on a small made-up set (the real records are
# scored by eval_petrarch.sh): comments, sentence="false", codes outside
# CAMEO, date-restricted and stem entries of the actor dictionary
mkdir -p "$T/petr"
cat >"$T/petr/PETR.UnitTest.records.xml" <<'XML'
<Validation>
<!-- a record in a comment is no record:
<Sentence date="19970101" id="C-00" category="X" sentence="true">
<EventCoding sourcecode="AAA" targetcode="BBB" eventcode="010"></EventCoding>
<Text>Commented out.</Text></Sentence> -->
<Sentences>
<Sentence date="19970101" id="R-01" category="T" sentence="true">
<!-- France is FRAGOV from 1995-06-01 to 1999-08-15 -->
<EventCoding sourcecode="FRAGOV" targetcode="DEU" eventcode="042"></EventCoding>
<!--EventCoding sourcecode="FRA" targetcode="DEU" eventcode="043"-->
<Text>
France visited
Germany in 1997.
</Text>
</Sentence>
<Sentence date="20000101" id="R-02" category="T" sentence="true">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190"></EventCoding>
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="903"></EventCoding>
<Text>Russia attacked Ukraine on Monday.</Text>
</Sentence>
<Sentence date="20000101" id="R-03" category="T" sentence="false">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190"></EventCoding>
<Text>Not coded.</Text>
</Sentence>
<Sentence date="19940101" id="R-04" category="T" sentence="true">
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="042"></EventCoding>
<Text>France visited Germany on Monday.</Text>
</Sentence>
</Sentences>
</Validation>
XML
cat >"$T/petr/PETR.Validate.actors.txt" <<'DICT'
<!-- test actors
GERMANY [XXX] -->
FRANCE  # a comment
+FRENCH
	[FRA < 950601]
	[FRAGOV 19950601 - 19990815]
	[FRAREB > 990816]
GERMANY_ [DEU]
RUSSIA [RUS]
UKRAIN [UKR]
DICT
printf '!PERSON! = MAN, MEN\nPOLICE {} [~COP] # x\n' >"$T/petr/PETR.Validate.agents.txt"
run "$TRILAT" eval events --petrarch "$T/petr" --model none --json
expect_eq "made-up PETRARCH set exits 0" "$RC" 0
expect_eq "records, sentence=false, codings, codes outside CAMEO" \
    "$(printf '%s' "$OUT" | json '"%d %d %d %d %d" % (d["records"], d["skipped_not_sentence"], d["codings"], d["codings_outside_cameo"], d["root"]["gold"])')" "3 1 4 1 3"
coded=$(printf '%s' "$OUT" | json '1 if d["root"]["gold_matched"] >= 2 and d["actor"]["exact"] == d["actor"]["matched_with_gold"] == d["root"]["gold_matched"] and d["target"]["exact"] == d["target"]["matched_with_gold"] else 0')
expect_eq "actors coded with the dictionaries, dates and stems included" "$coded" 1

# bad input: usage errors exit 2, missing or broken files exit 1
run "$TRILAT" eval events
expect_eq "no gold is a usage error" "$RC" 2
run "$TRILAT" eval events --gold "$G"
expect_eq "--gold without --articles is a usage error" "$RC" 2
run "$TRILAT" eval events --gold "$G" --articles "$A" --petrarch "$T"
expect_eq "--gold and --petrarch together is a usage error" "$RC" 2
run "$TRILAT" eval events --gold "$G" --articles "$A" extra
expect_eq "a stray argument is a usage error" "$RC" 2
run "$TRILAT" eval events --gold "$T/missing.jsonl" --articles "$A" --model none
expect_eq "a missing gold file fails" "$RC" 1
run "$TRILAT" eval events --gold "$G" --articles "$T/missing.jsonl" --model none
expect_eq "a missing articles file fails" "$RC" 1
run "$TRILAT" eval events --gold "$G" --articles "$A" --model "$T/missing.model"
expect_eq "a missing model fails" "$RC" 1
run "$TRILAT" eval events --petrarch "$T/nowhere" --model none
expect_eq "a missing PETRARCH directory fails" "$RC" 1
printf '{"article": "e1-01-kharvik-ledger", "sentence": "No such sentence.", "code": "041"}\n' >"$T/bad.jsonl"
run "$TRILAT" eval events --gold "$T/bad.jsonl" --articles "$A" --model none
expect_eq "a sentence that is not in its article fails" "$RC" 1
printf '{"article": "e1-01-kharvik-ledger", "sentence": "Talmyra has promised", "code": "xyz"}\n' >"$T/bad.jsonl"
run "$TRILAT" eval events --gold "$T/bad.jsonl" --articles "$A" --model none
expect_eq "a code that is no CAMEO code fails" "$RC" 1
finish
