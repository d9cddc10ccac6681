#!/bin/bash
# End-to-end: quotes and events per story and per entity (issue 6) through
# the real binary, on the bundled examples with the rules recognizer (no
# model: the same entities on every machine). Checks are of two kinds:
# structure that must hold whatever the extractors find (offsets point at
# the text they claim, every row's article and story exist, the timeline is
# sorted, filters keep what they say), and content the examples are written
# to contain (what Varenko said, the phone call of 8 March, the takeover).
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples
export TRILAT_NER_MODEL=none            # whatever model sits next to the binary

run tl ingest -q --cluster "$EX/articles.jsonl"
expect_eq "ingest --cluster exits 0" "$RC" 0
expect_match "cluster counts quotes and events" "$ERR" "[1-9][0-9]* quotes, [1-9][0-9]* events"

# every article's text, for checking offsets (byte offsets into UTF-8)
mkdir -p "$T/art"
for id in $(tl articles --json --limit 0 | json '" ".join(a["id"] for a in d)'); do
    tl article "$id" --json >"$T/art/$id.json"
done
# spans FILE: 1 when every span of the quotes/events in FILE is its text
spans() {
    python3 - "$1" "$T/art" <<'EOF'
import json, sys, os
items = json.load(open(sys.argv[1]))
def text(aid):
    return json.load(open(os.path.join(sys.argv[2], aid + ".json")))["text"].encode()
ok = True
for it in items:
    t = text(it["article"])
    pairs = [("text", "offsets"), ("speaker", "speaker_offsets"), ("cue", "cue_offsets"),
             ("channel", "channel_offsets"), ("trigger", "trigger_offsets"),
             ("sentence", "sentence_offsets")]
    subs = [(it, a, b) for a, b in pairs if b in it]
    for k in ("actor", "target"):
        if isinstance(it.get(k), dict): subs.append((it[k], "phrase", "offsets"))
    if isinstance(it.get("date"), dict): subs.append((it["date"], "expression", "offsets"))
    for o, a, b in subs:
        if o[b] is None:
            ok = ok and o[a] is None
        else:
            ok = ok and t[o[b][0]:o[b][1]].decode() == o[a]
print(1 if ok else 0)
EOF
}

# --- quotes -----------------------------------------------------------------
run tl quotes --json -n 0
expect_eq "quotes --json exits 0" "$RC" 0
printf '%s' "$OUT" >"$T/quotes.json"
expect_eq "quotes: kinds are direct or indirect" \
    "$(json 'sorted(set(q["kind"] for q in d))' <"$T/quotes.json")" "['direct', 'indirect']"
expect_eq "quotes: every span is the text it names" "$(spans "$T/quotes.json")" 1
expect_eq "quotes: an entity speaker has a name" \
    "$(json 'all((q["speaker_entity"] is None) == (q["speaker_name"] is None) for q in d)' <"$T/quotes.json")" True
nq=$(json 'len(d)' <"$T/quotes.json")
expect_eq "quotes -n 5 keeps 5" "$(tl quotes --json -n 5 | json 'len(d)')" 5

story=$(tl stories --json | json '[s["id"] for s in d if "Varenko" in s["headline"]][0]')
run tl quotes --story "$story" --json -n 0
expect_eq "quotes --story exits 0" "$RC" 0
printf '%s' "$OUT" >"$T/sq.json"
expect_eq "quotes --story: all from that story" \
    "$(json 'len(d) > 0 and all(q["story"] == '"$story"' for q in d)' <"$T/sq.json")" True
expect_eq "quotes --story: newest articles first" \
    "$(json 'all((a["published"] or "") >= (b["published"] or "") for a, b in zip(d, d[1:]))' <"$T/sq.json")" True

run tl quotes --speaker "Oleksandr Varenko" --json -n 0
expect_eq "quotes --speaker exits 0" "$RC" 0
printf '%s' "$OUT" >"$T/vq.json"
expect_eq "quotes --speaker: all by him (Oleksandr or Olexandr: one person)" \
    "$(json 'len(set(q["speaker_entity"] for q in d)) == 1 and all(q["speaker_name"] in ("Oleksandr Varenko", "Olexandr Varenko") for q in d)' <"$T/vq.json")" True
expect_eq "Varenko: \"We have agreed to meet face to face within two weeks\"" \
    "$(json 'any(q["kind"] == "direct" and "meet face to face" in q["text"] and q["article"] == "e1-01-kharvik-ledger" for q in d)' <"$T/vq.json")" True
run tl quotes --speaker Varenko --json -n 0
expect_eq "a bare last name picks one Varenko" "$(printf '%s' "$OUT" | json 'len(set(q["speaker_entity"] for q in d))')" 1
expect_match "... and names the others on stderr" "$ERR" "matches [0-9]+ entities; using .*Mila Varenko"
run tl quotes --speaker "Lena Ostrova" --story "$story"
expect_match "quotes text: speaker, outlet, date, article" "$OUT" \
    "^Lena Ostrova — [A-Z][A-Za-z ]+, 2026-03-[0-9]{2} \[e1-[0-9a-z-]+\]"
expect_match "quotes text: direct quotes in marks" "$OUT" "    “[^”]+”"
run tl quotes --article e1-01-kharvik-ledger --json -n 0
expect_eq "quotes --article: one article" "$(printf '%s' "$OUT" | json 'sorted(set(q["article"] for q in d))')" \
    "['e1-01-kharvik-ledger']"

# --- events -------------------------------------------------------------------
run tl events --json -n 0
expect_eq "events --json exits 0" "$RC" 0
printf '%s' "$OUT" >"$T/events.json"
ne=$(json 'len(d)' <"$T/events.json")
expect_match "events found" "$ne" "^[1-9][0-9]*$"
expect_eq "events: every article exists" \
    "$(python3 -c 'import json,sys,os; d=json.load(open(sys.argv[1])); print(all(os.path.exists(sys.argv[2] + "/" + e["article"] + ".json") for e in d))' "$T/events.json" "$T/art")" True
expect_eq "events: every span is the text it names" "$(spans "$T/events.json")" 1
expect_eq "events: a timeline, dated first, by date" \
    "$(json 'all((a["date"]["first"] is None, a["date"]["first"] or "", a["date"]["last"] or "") <= (b["date"]["first"] is None, b["date"]["first"] or "", b["date"]["last"] or "") for a, b in zip(d, d[1:]))' <"$T/events.json")" True
expect_eq "events: certainty says whether there is a date" \
    "$(json 'all(e["date"]["certainty"] in ("exact", "inferred", "unresolved") and (e["date"]["first"] is None) == (e["date"]["certainty"] == "unresolved") and (e["date"]["first"] or "") <= (e["date"]["last"] or "") for e in d)' <"$T/events.json")" True
expect_eq "events: CAMEO codes with a label and a root" \
    "$(json 'all(e["code"].isdigit() and e["label"] and 1 <= e["root"] <= 20 and e["root_name"] for e in d)' <"$T/events.json")" True
expect_eq "events: every event is in a story" \
    "$(json 'all(isinstance(e["story"], int) for e in d)' <"$T/events.json")" True

run tl events --story "$story" --json -n 0
printf '%s' "$OUT" >"$T/se.json"
expect_eq "events --story: all from that story" \
    "$(json 'len(d) > 0 and all(e["story"] == '"$story"' for e in d)' <"$T/se.json")" True
expect_eq "the Varenko-Haldorsen call is dated Sunday 8 March (inferred)" \
    "$(json 'any(e["date"]["first"] == "2026-03-08" and e["date"]["certainty"] == "inferred" and {"Oleksandr Varenko", "Ingrid Haldorsen"} & {p["name"] for p in [e["actor"], e["target"]] + e["others"] if p} for e in d)' <"$T/se.json")" True

story2=$(tl stories --json | json '[s["id"] for s in d if "summit collapses" in s["headline"]][0]')
expect_eq "the summit broke down on Friday 20 March, with Haldorsen there" \
    "$(tl events --story "$story2" --json -n 0 | json 'any(e["date"]["first"] == "2026-03-20" and "Ingrid Haldorsen" in {p["name"] for p in [e["actor"], e["target"]] + e["others"] if p} for e in d)')" True

run tl events --actor "Ingrid Haldorsen" --json -n 0
printf '%s' "$OUT" >"$T/ae.json"
hid=$(tl entity "Ingrid Haldorsen" --json | json 'd[0]["id"]')
expect_eq "events --actor: she takes part in each" \
    "$(json 'len(d) > 0 and all('"$hid"' in [p["entity"] for p in [e["actor"], e["target"]] + e["others"] if p] for e in d)' <"$T/ae.json")" True
expect_eq "entity NAME lists the same events" \
    "$(tl entity "Ingrid Haldorsen" --json -n 0 | json '[e["id"] for e in d[0]["events"]]')" \
    "$(json '[e["id"] for e in d]' <"$T/ae.json")"

run tl events --since 2026-03-20 --until 2026-03-22 --json -n 0
expect_eq "events --since/--until: ranges meet the window" \
    "$(printf '%s' "$OUT" | json 'len(d) > 0 and all((e["date"]["last"] or e["published"][:10]) >= "2026-03-20" and (e["date"]["first"] or e["published"][:10]) < "2026-03-22" for e in d)')" True
expect_eq "the takeover: Kestrel buys Tarn" \
    "$(json 'any("Kestrel" in ((e["actor"] or {}).get("name") or "") and "Tarn" in ((e["target"] or {}).get("name") or "") for e in d)' <"$T/events.json")" True
run tl events -n 3
expect_match "events text: a dated timeline line" "$OUT" "^[0-9]{4}-[0-9]{2}-[0-9]{2}[.0-9-]*[~?]? +.* — .*\([0-9]+\)"

# --- the story view -------------------------------------------------------------
run tl story "$story" --json
expect_eq "story --json exits 0" "$RC" 0
printf '%s' "$OUT" >"$T/story.json"
expect_eq "story: quotes grouped by speaker, counts right, most quoted first" \
    "$(json 'all(g["count"] == len(g["quotes"]) > 0 for g in d["quotes"]) and [g["count"] for g in d["quotes"] if g["speaker"]] == sorted([g["count"] for g in d["quotes"] if g["speaker"]], reverse=True)' <"$T/story.json")" True
expect_eq "story: every quote of the story, once" \
    "$(json 'sum(g["count"] for g in d["quotes"])' <"$T/story.json")" "$(json 'len(d)' <"$T/sq.json")"
expect_eq "story: the events timeline" \
    "$(json '[e["id"] for e in d["events"]]' <"$T/story.json")" "$(json '[e["id"] for e in d]' <"$T/se.json")"
# the same statement across outlets (qgroup.h): Varenko's "meet face to face"
# is quoted by the Kharvik Ledger, the Caspian Wire and its syndicated copy
expect_eq "story: statements group the same quote across outlets" \
    "$(json 'any(s["sources"] >= 3 and "face to face" in s["text"] and "Varenko" in (g["speaker"] or "") for g in d["quotes"] for s in g["statements"])' <"$T/story.json")" True
expect_eq "story: statements cover every quote once" \
    "$(json 'all(sorted({q["statement"] for q in g["quotes"]}) == sorted(s["statement"] for s in g["statements"]) for g in d["quotes"])' <"$T/story.json")" True
expect_eq "story: a statement's outlets are its quotes' outlets" \
    "$(json 'all(len(s["outlets"]) == s["sources"] for g in d["quotes"] for s in g["statements"])' <"$T/story.json")" True
run tl story "$story"
expect_match "story text: quoted by several sources" "$OUT" "quoted by 3 sources"
expect_match "story text: a Quotes section" "$OUT" "Quotes \([0-9]+, [0-9]+ speakers\)"
expect_match "story text: an Events section" "$OUT" "Events \([0-9]+\)"

# --- errors -------------------------------------------------------------------
for args in "quotes --story x" "quotes --story 0" "quotes -n -1" "quotes extra" "quotes --nope" \
            "events --since garbage" "events --until 2026-13-45" "events -n x" "events extra"; do
    run tl $args
    expect_eq "'$args' is a usage error" "$RC" 2
done
for args in "quotes --speaker Nobody-Atall" "quotes --story 999" "quotes --article no-such" \
            "events --actor Nobody-Atall" "events --story 999"; do
    run tl $args
    expect_eq "'$args' is not found" "$RC" 4
done

# --- re-extraction is deterministic ---------------------------------------------
run tl cluster --reset
expect_eq "cluster --reset exits 0" "$RC" 0
expect_eq "same quotes again" "$(tl quotes --json -n 0 | json 'len(d)')" "$nq"
expect_eq "same events again" "$(tl events --json -n 0 | json 'len(d)')" "$ne"
expect_eq "store consistent" "$(tl check)" "ok"
finish
