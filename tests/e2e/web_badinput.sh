#!/bin/bash
# End-to-end: bad and hostile web pages. Broken markup still gives its
# text; lying or missing charsets decode right; huge, empty, textless and
# binary pages get a clear message naming the file (and line) and are
# skipped; JSON Lines records carrying "html" are web pages; and nothing
# already stored is ever lost. All inputs are made here, byte-exact.
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples

# A store with good content first; it must survive everything below.
run tl ingest "$EX/corpus"
expect_eq "baseline ingest" "$RC" 0
before=$(tl stats --json | json 'd["articles"]')
ids_before=$(tl articles --json --limit 1000000 | json '" ".join(sorted(a["id"] for a in d))')

# field ID EXPR: python over the article's JSON `d` (empty if not stored).
# A page stored under "ID.html" (a wrong id, checked once below) is used
# too, so that the other checks still say something.
field() {
    { tl article "$1" --json 2>/dev/null || tl article "$1.html" --json 2>/dev/null; } |
        json "$2" 2>/dev/null
}
count() { tl stats --json | json 'd["articles"]'; }
# not_stored LABEL ID
not_stored() {
    run tl article "$2"
    local r1=$RC
    run tl article "$2.html"
    expect_eq "$1: nothing stored as '$2'" "$r1/$RC" 4/4
}
# text_is LABEL ID WANT
text_is() {
    local got
    got=$(field "$2" 'd["text"]')
    if [ "$got" = "$3" ]; then ok "$1"
    else
        bad "$1"
        python3 - "$3" "$got" <<'P'
import difflib, sys
for l in difflib.unified_diff(sys.argv[1].split("\n\n"), sys.argv[2].split("\n\n"),
                              "expected", "extracted", lineterm="", n=1):
    print("    " + l)
P
    fi
}

# ---------------------------------------------------------------------
# 1. malformed HTML: unclosed tags, stray end tags, unquoted attributes
mkdir -p "$T/pages"
cat >"$T/pages/broken-markup.html" <<'H'
<html><head><title>Fire guts disused Harlan textile mill | Ashgrove Post</title>
<meta property=og:type content=article>
<link rel=canonical href=https://ashgrove-post.test/news/harlan-mill-fire?ref=home&amp;x=1>
<body class=news>
<div id=cookie class=cookie-banner><p>This website uses cookies to give you the best experience. Continue browsing to accept.<button>OK</div>
<nav class=menu><a href=/>Home<a href=/news>News</a> <a href=/sport>Sport</a> <a href=/letters>Letters</a></nav>
<article class=story id=main-story>
<h1>Fire guts disused Harlan textile mill</h1>
<p class=lead>Firefighters from three towns spent the night battling a blaze that gutted the
disused Harlan textile mill on the edge of Ashgrove, the fire service said on Sunday.
</div></span>
<p>The five-storey brick building, which <b>closed in 1991</b>, had been due to be converted into flats next year. Nobody was inside when the fire broke out shortly before midnight.
<p>Investigators said <i>the cause was not yet known, but that they were treating the fire as suspicious because it appeared to have started in two places at once.
<p>Residents of nearby Weaver Street were allowed to return home early on Sunday morning after the smoke cleared.
</td></tr></table>
<div class=share><a href=#>Share on Facebook</a> <a href=#>Share on X</a>
<div class=related><h3>Related</h3><ul><li><a href=/a>Mill owner plans flats<li><a href=/b>Fire service budget cut</ul>
</article>
<footer><p>&copy; Ashgrove Post <a href=/privacy>Privacy</a>
H
run tl ingest "$T/pages/broken-markup.html"
expect_eq "malformed HTML: stored, exit 0" "$RC" 0
text_is "malformed HTML: the article text is extracted" broken-markup \
"Firefighters from three towns spent the night battling a blaze that gutted the disused Harlan textile mill on the edge of Ashgrove, the fire service said on Sunday.

The five-storey brick building, which closed in 1991, had been due to be converted into flats next year. Nobody was inside when the fire broke out shortly before midnight.

Investigators said the cause was not yet known, but that they were treating the fire as suspicious because it appeared to have started in two places at once.

Residents of nearby Weaver Street were allowed to return home early on Sunday morning after the smoke cleared."
expect_eq "malformed HTML: title" "$(field broken-markup 'd["title"]')" "Fire guts disused Harlan textile mill"
run tl article broken-markup
expect_eq "the id of NAME.html is NAME" "$RC" 0
# the same page with its last menu link left open: an HTML5 parser then
# re-opens that <a> around every later paragraph (browsers too: the whole
# article shows as one long link), yet a reader still sees the article
sed 's|<a href=/letters>Letters</a></nav>|<a href=/letters>Letters</nav>|' \
    "$T/pages/broken-markup.html" >"$T/pages/open-menu-link.html"
run tl ingest "$T/pages/open-menu-link.html"
expect_eq "menu link left open: stored, exit 0" "$RC" 0
expect_eq "menu link left open: same text as with it closed" \
    "$(field open-menu-link 'd["text"]')" "$(field broken-markup 'd["text"]')"
expect_eq "malformed HTML: canonical url with &amp; decoded" "$(field broken-markup 'd["url"]')" \
    "https://ashgrove-post.test/news/harlan-mill-fire?ref=home&x=1"

# ---------------------------------------------------------------------
# 2. charsets: declared iso-8859-1 but really UTF-8; undeclared
# windows-1252; declared windows-1252; UTF-16 with a byte order mark
python3 - "$T/pages" <<'P'
import sys
d = sys.argv[1]
def page(title, paras):
    body = "".join("<p>%s</p>\n" % p for p in paras)
    return ("<!DOCTYPE html>\n<html><head>%%META%%<title>%s</title></head>\n<body>\n"
            "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
            "<article>\n<h1>%s</h1>\n%s</article>\n"
            "<footer><a href=\"/about\">About</a></footer>\n</body></html>\n" % (title, title, body))
utf8 = page("Zürich study questions naïve demand models", [
    "Researchers in Zürich said on Monday that the naïve model used by the city planners had overestimated demand for new parking by about 40 per cent.",
    "The café owners’ association welcomed the study and asked the council to spend the money on wider pavements instead.",
]).replace("%META%", '<meta charset="iso-8859-1">')
open(d + "/lying-charset.html", "wb").write(utf8.encode("utf-8"))
cp = page("Caf\xe9 owners fight roadworks", [
    "Caf\xe9 owner Ren\xe9e Lacroix said \u201cwe will stay open all winter\u201d despite the roadworks outside her door on the Rue des Tanneurs.",
    "The works, which began in October, are due to finish in March, the city\u2019s transport office said.",
]).replace("%META%", "")
b = cp.encode("cp1252")
assert b"\xe9" in b and b"\x93" in b and b"\x94" in b and b"\x92" in b
open(d + "/cp1252-undeclared.html", "wb").write(b)
open(d + "/cp1252-declared.html", "wb").write(
    cp.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', 1)
      .replace("Caf\xe9 owners", "Declared: caf\xe9 owners")
      .replace("Rue des Tanneurs", "Rue des Teinturiers").encode("cp1252"))
u16 = page("Grüne Welle für Radfahrer", [
    "Auf der Hauptstraße gilt ab Montag eine grüne Welle für Radfahrer, teilte die Stadt mit.",
    "Wer mit 20 Kilometern pro Stunde fährt, soll künftig an sieben Ampeln nicht mehr halten müssen.",
]).replace("%META%", '<meta charset="utf-16">').replace("<html>", '<html lang="de">')
open(d + "/utf16-bom.html", "wb").write(u16.encode("utf-16"))   # BOM + UTF-16LE
P
for p in lying-charset cp1252-undeclared cp1252-declared utf16-bom; do
    run tl ingest "$T/pages/$p.html"
    expect_eq "$p: stored, exit 0" "$RC" 0
done
t=$(field lying-charset 'd["text"]')
expect_match "declared iso-8859-1, really UTF-8: Zürich intact" "$t" "Researchers in Zürich said"
expect_match "declared iso-8859-1, really UTF-8: naïve intact" "$t" "the naïve model"
expect_match "declared iso-8859-1, really UTF-8: café owners’ intact" "$t" "The café owners’ association"
if printf '%s' "$t" | grep -q 'Ã\|Â\|�'; then bad "lying charset: mojibake in text"; else ok "lying charset: no mojibake"; fi
expect_eq "lying charset: title" "$(field lying-charset 'd["title"]')" "Zürich study questions naïve demand models"
expect_match "lying charset: charset recorded as UTF-8" \
    "$(field lying-charset 'd["extra"]["web"]["charset"].lower()')" "^utf-?8$"
text_is "undeclared windows-1252: é “ ” ’ decoded" cp1252-undeclared \
"Café owner Renée Lacroix said “we will stay open all winter” despite the roadworks outside her door on the Rue des Tanneurs.

The works, which began in October, are due to finish in March, the city’s transport office said."
expect_eq "undeclared windows-1252: title" "$(field cp1252-undeclared 'd["title"]')" "Café owners fight roadworks"
expect_match "undeclared windows-1252: charset recorded" \
    "$(field cp1252-undeclared 'd["extra"]["web"]["charset"].lower()')" "1252"
expect_match "declared windows-1252: decoded" "$(field cp1252-declared 'd["text"]')" \
    "^Café owner Renée Lacroix said “we will stay open all winter” despite the roadworks outside her door on the Rue des Teinturiers\.$"
expect_eq "declared windows-1252: title" "$(field cp1252-declared 'd["title"]')" "Declared: café owners fight roadworks"
text_is "UTF-16 with BOM decoded" utf16-bom \
"Auf der Hauptstraße gilt ab Montag eine grüne Welle für Radfahrer, teilte die Stadt mit.

Wer mit 20 Kilometern pro Stunde fährt, soll künftig an sieben Ampeln nicht mehr halten müssen."
expect_eq "UTF-16: language from <html lang>" "$(field utf16-bom 'd["language"]')" "de"

# ---------------------------------------------------------------------
# 3. a 50 MB page: a real article inside ~50 MB of sponsored-link soup
# and unclosed nested divs. Stored with just the article's text, or
# refused with a message naming the limit; either way in bounded time.
ART1="The regional rail authority will add four trains a day between Kessington and Moor Vale from April, after passenger numbers on the line rose by a quarter in two years."
ART2="The extra services will run in the early morning and late evening, when commuters have complained of overcrowding, the authority said in a statement on Wednesday."
ART3="“We are running out of seats, which is a good problem to have,” said operations director Imelda Quarshie. “Four more trains is the quickest fix while we wait for longer platforms.”"
ART4="The platforms at Moor Vale and two smaller stations are due to be lengthened by the end of next year, allowing six-car trains instead of four."
python3 - "$T/pages/big-page.html" "$ART1" "$ART2" "$ART3" "$ART4" <<'P'
import sys
path, paras = sys.argv[1], sys.argv[2:]
card = ('<div class="promo-grid sponsored-content"><div class="card"><a href="/deal/%d">'
        '<img src="/i/%d.jpg" alt="">Sponsored: ten gadgets you did not know you needed</a></div>'
        '<div class="card"><a href="/deal/%d">Sponsored: the hotel deal everyone is talking about</a>'
        '</div><span class="ad-label">Ad</span></div>\n')
with open(path, "w", encoding="utf-8") as f:
    f.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<title>Four more trains a day for the Moor Vale line | Kessington Echo</title></head><body>\n'
            '<nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/travel">Travel</a></nav>\n')
    n = 0
    while f.tell() < 25 << 20:
        f.write(card % (n, n, n + 1)); n += 2
    f.write('<article class="story"><h1>Four more trains a day for the Moor Vale line</h1>\n')
    for p in paras:
        f.write("<p>%s</p>\n" % p)
    f.write('</article>\n')
    depth = 0
    while f.tell() < 50 << 20:
        f.write(card % (n, n, n + 1)); n += 2
        if depth < 500 and n % 64 == 0:
            f.write('<div class="wrap">'); depth += 1
    f.write('<footer><a href="/privacy">Privacy</a></footer></body></html>\n')
P
size=$(wc -c <"$T/pages/big-page.html")
n0=$(count)
python3 - "$TRILAT" "$DB" "$T/pages/big-page.html" >"$T/rss" 2>"$T/big.err" <<'P'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run([sys.argv[1], "--db", sys.argv[2], "ingest", sys.argv[3]], stderr=sys.stderr)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
      int(time.monotonic() - t))
P
read -r brc brss bsecs <"$T/rss"
BERR=$(cat "$T/big.err")
echo "# 50 MB page ($size bytes): exit $brc, ${bsecs} s, peak RSS ${brss} MB"
if [ "$bsecs" -le 240 ]; then ok "50 MB page handled in ${bsecs} s"; else bad "50 MB page took ${bsecs} s"; fi
if [ "$brc" -eq 0 ]; then
    ok "50 MB page stored"
    text_is "50 MB page: just the article's text" big-page "$ART1

$ART2

$ART3

$ART4"
    expect_eq "50 MB page: title" "$(field big-page 'd["title"]')" "Four more trains a day for the Moor Vale line"
    expect_eq "50 MB page: one article more" "$(count)" "$((n0 + 1))"
elif [ "$brc" -eq 3 ]; then
    ok "50 MB page refused (exit 3)"
    expect_match "50 MB page: refusal names the file and the limit" "$BERR" \
        "big-page.html(:[0-9]+)?: .*(too big|too large|larger than|exceeds).*[0-9]"
    not_stored "50 MB page" big-page
    expect_eq "50 MB page: store unchanged" "$(count)" "$n0"
else
    bad "50 MB page: exit $brc: $(printf '%s' "$BERR" | tail -n 3 | tr '\n' ' ')"
fi
if [ -n "${ASAN_OPTIONS:-}" ]; then ok "RSS not checked under sanitizers (${brss} MB)"
elif [ "$brss" -lt 2048 ]; then ok "50 MB page: peak RSS ${brss} MB (< 2048)"
else bad "50 MB page: peak RSS ${brss} MB"; fi
rm -f "$T/pages/big-page.html"

# a page nested 50,000 elements deep, the article at the bottom
python3 - "$T/pages/deep-nesting.html" <<'P'
import sys
depth = 50000
with open(sys.argv[1], "w") as f:
    f.write('<!DOCTYPE html><html><head><title>Deep page</title></head><body>')
    f.write('<div class="x">' * depth)
    f.write('<article><p>The harbour master said the breakwater would be inspected after the storm, and that the pier would stay closed until then.</p>'
            '<p>Fishing boats were moved to the inner basin on Tuesday night as a precaution.</p></article>')
    f.write('</div>' * depth)
    f.write('</body></html>')
P
# (stored with its text, or refused with a message naming the file and
# the depth limit; never a crash or an hour-long parse)
n0=$(count)
run tl ingest "$T/pages/deep-nesting.html"
if [ "$RC" -eq 0 ]; then
    ok "50,000-deep nesting: stored"
    text_is "50,000-deep nesting: text" deep-nesting \
"The harbour master said the breakwater would be inspected after the storm, and that the pier would stay closed until then.

Fishing boats were moved to the inner basin on Tuesday night as a precaution."
else
    expect_eq "50,000-deep nesting: refused with exit 3" "$RC" 3
    expect_match "50,000-deep nesting: refusal names the file and the limit" "$ERR" \
        "deep-nesting.html(:[0-9]+)?: .*(nest|deep|depth).*[0-9]"
    not_stored "50,000-deep nesting" deep-nesting
    expect_eq "50,000-deep nesting: store unchanged" "$(count)" "$n0"
fi

# ---------------------------------------------------------------------
# 4. pages with no body text: clear rejection, nothing stored, nothing lost
cat >"$T/pages/nav-only.html" <<'H'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Section: World | Greystone Tribune</title></head>
<body>
<header><a href="/" class="logo">Greystone Tribune</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/nation">Nation</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
<main><ul class="teasers">
<li><a href="/world/ceasefire-talks-resume-in-harbour-city">Ceasefire talks resume in harbour city after two-week pause</a></li>
<li><a href="/world/drought-cuts-grain-harvest">Drought cuts grain harvest across the southern plains</a></li>
<li><a href="/world/new-president-sworn-in">New president sworn in amid calls for unity</a></li>
</ul></main>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/careers">Careers</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of service</a></li></ul>
<p><a href="/contact">Contact the newsroom</a></p></footer>
</body></html>
H
n0=$(count)
run tl ingest "$T/pages/nav-only.html"
expect_eq "nav-only page: exit 3" "$RC" 3
expect_match "nav-only page: rejection names the file and says why" "$ERR" \
    "nav-only.html(:[0-9]+)?: .*(no body text|no article text|no main text|no text|only navigation|boilerplate)"
expect_match "nav-only page: summary" "$ERR" "ingested 0, duplicates 0, rejected 1"
not_stored "nav-only page" nav-only
expect_eq "nav-only page: store unchanged" "$(count)" "$n0"
printf '<!DOCTYPE html>\n<html><head><title>Untitled</title></head><body>\n\n</body></html>\n' >"$T/pages/blank-body.html"
run tl ingest "$T/pages/blank-body.html"
expect_eq "page with an empty body: exit 3" "$RC" 3
expect_match "page with an empty body: named" "$ERR" "blank-body.html(:[0-9]+)?: "
not_stored "page with an empty body" blank-body

# empty and blank files
: >"$T/pages/empty.html"
run tl ingest "$T/pages/empty.html"
if [ "$RC" -eq 0 ] || [ "$RC" -eq 3 ]; then ok "empty .html: exit $RC"; else bad "empty .html: exit $RC"; fi
expect_match "empty .html: named, says empty" "$ERR" "empty.html(:[0-9]+)?: .*empty"
not_stored "empty .html" empty
printf ' \n\t\n  \n' >"$T/pages/blank.html"
run tl ingest "$T/pages/blank.html"
expect_match "blank .html: named, says empty" "$ERR" "blank.html(:[0-9]+)?: .*empty"
not_stored "blank .html" blank
expect_eq "empty pages: store unchanged" "$(count)" "$n0"

# binary files named .html
python3 - "$T/pages" <<'P'
import random, sys, zlib
d = sys.argv[1]
random.seed(20261203)
png = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes([0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0])
       + zlib.compress(bytes(random.getrandbits(8) for _ in range(6000))))
open(d + "/image.html", "wb").write(png)
open(d + "/random.html", "wb").write(bytes(random.getrandbits(8) for _ in range(8192)))
P
for p in image random; do
    run tl ingest "$T/pages/$p.html"
    expect_eq "binary $p.html: exit 3" "$RC" 3
    expect_match "binary $p.html: named, says binary / not HTML" "$ERR" \
        "$p.html(:[0-9]+)?: .*(binary|not HTML|not a web page)"
    not_stored "binary $p.html" "$p"
done
expect_eq "binary pages: store unchanged" "$(count)" "$n0"

# ---------------------------------------------------------------------
# 5. JSON Lines records carrying "html"
python3 - "$T/recs.jsonl" <<'P'
import json, sys
tram = ('<html><head><title>Tram line opens to Riverside | X Daily</title></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        '<article><h1>Tram line opens to Riverside</h1>'
        '<p>The new tram line to Riverside opened on Saturday, cutting the journey from the central station to about 14 minutes.</p>'
        '<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div>'
        '<p>More than 9,000 people rode the line on its first day, the transport company said.</p></article>'
        '<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>')
meta = ('<html lang="en"><head><meta property="og:title" content="The page\'s own headline">'
        '<meta property="article:published_time" content="2026-01-10T08:00:00Z">'
        '<link rel="canonical" href="https://y.test/page-says-this"></head><body><article>'
        '<p>The district court in Orrin County will move to a new building next month, its president said on Friday.</p>'
        '</article></body></html>')
navonly = '<html><body><nav><a href="/">Home</a> <a href="/a">A section</a> <a href="/b">B section</a></nav><footer><a href="/c">Contact us</a></footer></body></html>'
lines = [
    {"id": "r1", "url": "https://x.test/a", "html": tram},
    {"id": "r2", "url": "https://x.test/b", "title": "The record's title", "published": "2026-02-01T12:00:00Z",
     "source": "Record Wire", "html": meta},
    {"id": "r3", "url": "https://x.test/c", "html": navonly},
    {"id": "r4", "html": 42},
    {"id": "r5", "html": ""},
    {"id": "r6", "html": "<html><body><article><p>After the bad records, a good one: the ferry timetable changes on Monday.</p></article></body></html>"},
]
with open(sys.argv[1], "w") as f:
    for l in lines:
        f.write(json.dumps(l) + "\n")
P
run tl ingest "$T/recs.jsonl"
expect_eq "html records: exit 3 (some rejected)" "$RC" 3
expect_match "html records: summary" "$ERR" "ingested 3, duplicates 0, rejected 3"
text_is "html record r1: extracted text" r1 \
"The new tram line to Riverside opened on Saturday, cutting the journey from the central station to about 14 minutes.

More than 9,000 people rode the line on its first day, the transport company said."
expect_eq "html record r1: url from the record" "$(field r1 'd["url"]')" "https://x.test/a"
expect_eq "html record r1: title from the page" "$(field r1 'd["title"]')" "Tram line opens to Riverside"
expect_eq "html record r1: extra.web present" "$(field r1 '"web" in (d["extra"] or {})')" "True"
expect_eq "html record r2: the record's title wins" "$(field r2 'd["title"]')" "The record's title"
expect_eq "html record r2: the record's date wins" "$(field r2 'd["published"]')" "2026-02-01T12:00:00+00:00"
expect_eq "html record r2: the record's url wins" "$(field r2 'd["url"]')" "https://x.test/b"
expect_eq "html record r2: the record's source wins" "$(field r2 'd["source"]')" "Record Wire"
expect_eq "html record r2: text from the page" "$(field r2 'd["text"]')" \
    "The district court in Orrin County will move to a new building next month, its president said on Friday."
expect_eq "html record r2: title_from record" "$(field r2 'd["extra"]["web"].get("title_from")')" "record"
expect_eq "html record r2: published_from record" "$(field r2 'd["extra"]["web"].get("published_from")')" "record"
expect_match "html record without text: rejected with file:line" "$ERR" "recs.jsonl:3: .*html"
expect_match "html record of the wrong type: file:line" "$ERR" "recs.jsonl:4: field 'html' must be a string, got an integer"
expect_match "empty html record: file:line" "$ERR" "recs.jsonl:5: "
not_stored "html record without text" r3
expect_eq "good html record after the bad ones stored" "$(field r6 'd["text"]')" \
    "After the bad records, a good one: the ferry timetable changes on Monday."

# a record with both text and html: its own text is the article's text
printf '%s\n' '{"id":"b1","url":"https://x.test/both","text":"The record gives its own text: the bridge will close for repairs on 4 May.","html":"<html><body><article><p>The page says something else entirely about a football match that ended in a draw.</p></article></body></html>"}' >"$T/both.jsonl"
run tl ingest "$T/both.jsonl"
expect_eq "text and html: stored, exit 0" "$RC" 0
expect_eq "text and html: the record's text wins" "$(field b1 'd["text"]')" \
    "The record gives its own text: the bridge will close for repairs on 4 May."

# an HTML file without an extension, named on the command line: sniffed
mkdir -p "$T/saved"
cat >"$T/saved/page-without-extension" <<'H'
<!DOCTYPE html>
<html lang="en"><head><title>Orchard cooperative elects new board</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Orchard cooperative elects new board</h1>
<p>Members of the Ashby orchard cooperative elected a new five-member board on Saturday, with turnout of more than 80 percent.</p>
</article><footer><a href="/about">About</a></footer></body></html>
H
run tl ingest "$T/saved/page-without-extension"
expect_eq "HTML without extension: stored" "$RC" 0
expect_eq "HTML without extension: read as a web page" "$(field page-without-extension 'd["text"]')" \
    "Members of the Ashby orchard cooperative elected a new five-member board on Saturday, with turnout of more than 80 percent."

# ---------------------------------------------------------------------
# nothing already stored was lost
run tl check
expect_eq "store consistent after all bad input" "$OUT" "ok"
after=$(count)
if [ "$after" -ge "$before" ]; then ok "no stored article lost ($before -> $after)"; else bad "lost articles: $before -> $after"; fi
expect_eq "example article intact" "$(field e2-01-caspian-wire 'd["source"]')" "Caspian Wire"
ids_after=$(tl articles --json --limit 1000000 | json '" ".join(sorted(a["id"] for a in d))')
missing=$(python3 -c 'import sys; print(" ".join(sorted(set(sys.argv[1].split()) - set(sys.argv[2].split()))))' \
    "$ids_before" "$ids_after")
expect_eq "every article stored before is still listed" "$missing" ""
finish
