#!/bin/bash
# End-to-end: RSS 2.0, Atom and RSS 1.0 (RDF) feed files become one article
# per item (by extension, by --format feed, by sniffing a file without a
# known extension); an item without text and a malformed feed are reported
# as FILE:LINE and never hurt what is already stored. The feeds are made up.
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------------------
# RSS 2.0: content:encoded HTML, escaped HTML with entities, a bad date
# ---------------------------------------------------------------------------
cat >"$T/news.rss" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Harbor Ledger</title>
  <link>https://ledger.example/</link>
  <atom:link href="https://ledger.example/feed.rss" rel="self"/>
  <item>
    <title>Ferry fares to rise in May</title>
    <link>https://ledger.example/2026/ferry-fares</link>
    <guid isPermaLink="false">ledger-1001</guid>
    <pubDate>Tue, 10 Mar 2026 09:15:00 +0000</pubDate>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[<p>The Port Alder ferry authority said on <b>Monday</b> that fares will rise in May.</p><p>Commuters &amp; visitors will pay the same new fare, the authority said.</p>]]></content:encoded>
  </item>
  <item>
    <title>Caf&#233; terraces approved</title>
    <link>https://ledger.example/2026/terraces</link>
    <guid isPermaLink="false">ledger-1002</guid>
    <pubDate>sometime last week</pubDate>
    <description>&lt;p&gt;Caf&amp;eacute; owners in &lt;b&gt;Port Alder&lt;/b&gt; won approval for summer terraces &amp;amp; longer hours.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
X
run tl ingest "$T/news.rss"
expect_eq "rss: exit 0" "$RC" 0
expect_match "rss: summary" "$ERR" "ingested 2, duplicates 0, rejected 0"
expect_match "rss: bad date warned at the item's line" "$ERR" \
    "news.rss:16: warning: unreadable date 'sometime last week' in <pubDate>"

tl article ledger-1001 --json >"$T/a1.json"
expect_eq "rss: title" "$(json 'd["title"]' <"$T/a1.json")" "Ferry fares to rise in May"
expect_eq "rss: url" "$(json 'd["url"]' <"$T/a1.json")" "https://ledger.example/2026/ferry-fares"
expect_eq "rss: date" "$(json 'd["published"]' <"$T/a1.json")" "2026-03-10T09:15:00+00:00"
expect_eq "rss: source = channel title" "$(json 'd["source"]' <"$T/a1.json")" "Harbor Ledger"
expect_eq "rss: origin = item line" "$(json 'd["origin"]' <"$T/a1.json")" "$T/news.rss:8"
expect_eq "rss: text from content:encoded, markup gone" "$(json 'd["text"]' <"$T/a1.json")" \
    "The Port Alder ferry authority said on Monday that fares will rise in May.

Commuters & visitors will pay the same new fare, the authority said."
expect_eq "rss: extra.feed" "$(json 'json.dumps(d["extra"]["feed"], sort_keys=True)' <"$T/a1.json")" \
    '{"guid": "ledger-1001", "item": 1, "link": "https://ledger.example/", "text_from": "content", "title": "Harbor Ledger"}'

tl article ledger-1002 --json >"$T/a2.json"
expect_eq "rss: entity in title" "$(json 'd["title"]' <"$T/a2.json")" "Café terraces approved"
expect_eq "rss: bad date left unknown" "$(json 'd["published"]' <"$T/a2.json")" "None"
expect_eq "rss: escaped HTML description to text" "$(json 'd["text"]' <"$T/a2.json")" \
    "Café owners in Port Alder won approval for summer terraces & longer hours."
expect_eq "rss: text_from description" "$(json 'd["extra"]["feed"]["text_from"]' <"$T/a2.json")" description

# ---------------------------------------------------------------------------
# Atom: rel="alternate" links, <content type="html">, published / updated
# ---------------------------------------------------------------------------
cat >"$T/wire.atom" <<'X'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northwind Wire</title>
  <link rel="self" href="https://wire.example/atom.xml"/>
  <link rel="alternate" href="https://wire.example/"/>
  <id>urn:uuid:wire-feed</id>
  <updated>2026-06-02T08:00:00Z</updated>
  <entry>
    <title>Dockworkers vote on new contract</title>
    <link rel="edit" href="https://wire.example/edit/7"/>
    <link rel="alternate" type="text/html" href="https://wire.example/2026/06/vote"/>
    <id>tag:wire.example,2026:7</id>
    <published>2026-06-01T10:30:00-04:00</published>
    <updated>2026-06-01T11:00:00-04:00</updated>
    <content type="html">&lt;p&gt;Dockworkers at &lt;a href="/pier4"&gt;Pier 4&lt;/a&gt; voted on Sunday to accept a new three-year contract.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Harbor board keeps rates</title>
    <link href="https://wire.example/2026/06/rates"/>
    <id>tag:wire.example,2026:8</id>
    <updated>2026-06-02T08:00:00+01:00</updated>
    <summary type="html">&lt;p&gt;The harbor board kept mooring rates unchanged for the &lt;em&gt;third&lt;/em&gt; year.&lt;/p&gt;</summary>
  </entry>
</feed>
X
run tl ingest "$T/wire.atom"
expect_eq "atom: exit 0" "$RC" 0
expect_match "atom: summary" "$ERR" "ingested 2, duplicates 0, rejected 0"
tl article "tag:wire.example,2026:7" --json >"$T/w1.json"
expect_eq "atom: alternate link" "$(json 'd["url"]' <"$T/w1.json")" "https://wire.example/2026/06/vote"
expect_eq "atom: published" "$(json 'd["published"]' <"$T/w1.json")" "2026-06-01T10:30:00-04:00"
expect_eq "atom: source" "$(json 'd["source"]' <"$T/w1.json")" "Northwind Wire"
expect_eq "atom: html content to text" "$(json 'd["text"]' <"$T/w1.json")" \
    "Dockworkers at Pier 4 voted on Sunday to accept a new three-year contract."
tl article "tag:wire.example,2026:8" --json >"$T/w2.json"
expect_eq "atom: link without rel" "$(json 'd["url"]' <"$T/w2.json")" "https://wire.example/2026/06/rates"
expect_eq "atom: updated when no published" "$(json 'd["published"]' <"$T/w2.json")" "2026-06-02T08:00:00+01:00"
expect_eq "atom: summary to text" "$(json 'd["text"]' <"$T/w2.json")" \
    "The harbor board kept mooring rates unchanged for the third year."

# ---------------------------------------------------------------------------
# No extension: --format feed (RSS 1.0 with dc:date), and sniffed
# ---------------------------------------------------------------------------
cat >"$T/gazette" <<'X'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://gazette.example/rss">
    <title>Gull Point Gazette</title>
    <link>https://gazette.example/</link>
    <description>Weekly</description>
  </channel>
  <item rdf:about="https://gazette.example/market-roof">
    <title>Market hall gets a new roof</title>
    <link>https://gazette.example/market-roof</link>
    <description>Work on the market hall roof in Gull Point starts in July and lasts six weeks.</description>
    <dc:date>2026-02-01T08:00:00+01:00</dc:date>
  </item>
</rdf:RDF>
X
run tl ingest --format feed "$T/gazette"
expect_eq "--format feed: exit 0" "$RC" 0
expect_match "--format feed: summary" "$ERR" "ingested 1, duplicates 0, rejected 0"
tl article "https://gazette.example/market-roof" --json >"$T/g1.json"
expect_eq "rdf: id from link" "$(json 'd["id"]' <"$T/g1.json")" "https://gazette.example/market-roof"
expect_eq "rdf: title" "$(json 'd["title"]' <"$T/g1.json")" "Market hall gets a new roof"
expect_eq "rdf: dc:date" "$(json 'd["published"]' <"$T/g1.json")" "2026-02-01T08:00:00+01:00"
expect_eq "rdf: source" "$(json 'd["source"]' <"$T/g1.json")" "Gull Point Gazette"

cat >"$T/latest" <<'X'

<!-- saved by a crawler -->
<rss version="2.0"><channel><title>Alder Evening Post</title>
<item><title>Night market returns</title><link>https://post.example/night-market</link>
<guid>https://post.example/night-market</guid><pubDate>Fri, 13 Mar 2026 20:00:00 +0100</pubDate>
<description>&lt;div&gt;&lt;p&gt;The night market returns to the old quay on Friday.&lt;/p&gt;&lt;/div&gt;</description></item>
</channel></rss>
X
run tl ingest "$T/latest"
expect_eq "sniffed feed: exit 0" "$RC" 0
expect_match "sniffed feed: summary" "$ERR" "ingested 1, duplicates 0, rejected 0"
tl article "https://post.example/night-market" --json >"$T/p1.json"
expect_eq "sniffed: title" "$(json 'd["title"]' <"$T/p1.json")" "Night market returns"
expect_eq "sniffed: date" "$(json 'd["published"]' <"$T/p1.json")" "2026-03-13T20:00:00+01:00"
expect_eq "sniffed: text" "$(json 'd["text"]' <"$T/p1.json")" "The night market returns to the old quay on Friday."

# the list shows them all, with their sources
tl articles --json >"$T/list.json"
expect_eq "articles: 6 stored" "$(json 'len(d)' <"$T/list.json")" 6
expect_eq "articles: ids" "$(json '" ".join(sorted(a["id"] for a in d))' <"$T/list.json")" \
    "https://gazette.example/market-roof https://post.example/night-market ledger-1001 ledger-1002 tag:wire.example,2026:7 tag:wire.example,2026:8"
expect_eq "articles: sources" "$(json '",".join(sorted(set(a["source"] for a in d)))' <"$T/list.json")" \
    "Alder Evening Post,Gull Point Gazette,Harbor Ledger,Northwind Wire"
expect_eq "no markup left in any text" \
    "$(for id in ledger-1001 ledger-1002 "tag:wire.example,2026:7" "tag:wire.example,2026:8" \
        https://post.example/night-market; do tl article "$id" --json | json 'd["text"]'; done | grep -c '[<>]')" 0

# re-ingesting is harmless
run tl ingest "$T/news.rss"
expect_eq "re-ingest: exit 0" "$RC" 0
expect_match "re-ingest: unchanged" "$ERR" "ingested 0, duplicates 0, rejected 0 \(unchanged 2"

# ---------------------------------------------------------------------------
# Bad input: an item without text, a malformed feed, XML that is no feed
# ---------------------------------------------------------------------------
cat >"$T/partial.rss" <<'X'
<rss version="2.0"><channel><title>Harbor Ledger</title>
<item><title>Tug crews honoured</title><guid isPermaLink="false">ledger-1003</guid>
<description>Three tug crews were honoured for a night rescue off Gull Point.</description></item>
<item>
<title>Only a headline here</title><guid isPermaLink="false">ledger-1004</guid>
</item>
</channel></rss>
X
run tl ingest "$T/partial.rss"
expect_eq "item without text: exit 3" "$RC" 3
expect_match "item without text: FILE:LINE" "$ERR" "partial.rss:4: item 2 has no description or content"
expect_match "item without text: the other stored" "$ERR" "ingested 1, duplicates 0, rejected 1"
expect_eq "item without text: not stored" "$(tl article ledger-1004 >/dev/null 2>&1; echo $?)" 4

before=$(tl stats --json | json 'd["articles"]')
cat >"$T/broken.rss" <<'X'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken</title>
<item><title>Fine so far</title><description>Some text.</description></item>
<item><title>Unclosed</description></item>
</channel></rss>
X
run tl ingest "$T/broken.rss"
expect_eq "malformed feed: exit 3" "$RC" 3
expect_match "malformed feed: FILE:LINE" "$ERR" "broken.rss:4: malformed XML: "
expect_match "malformed feed: nothing stored" "$ERR" "ingested 0, duplicates 0, rejected 1"
expect_eq "malformed feed: stored articles remain" "$(tl stats --json | json 'd["articles"]')" "$before"
expect_eq "malformed feed: earlier article intact" "$(tl article ledger-1001 --json | json 'd["title"]')" \
    "Ferry fares to rise in May"

printf '<?xml version="1.0"?>\n<catalog><book id="1"/></catalog>\n' >"$T/books.xml"
run tl ingest "$T/books.xml"
expect_eq "not a feed: exit 3" "$RC" 3
expect_match "not a feed: FILE:LINE" "$ERR" "books.xml:2: not an RSS or Atom feed \(root element <catalog>\)"

# inside a directory, an .xml that is not a feed (a sitemap) is skipped
mkdir -p "$T/dir"
cp "$T/books.xml" "$T/dir/sitemap.xml"
run tl ingest "$T/dir"
expect_eq "directory: a non-feed .xml is skipped, exit 0" "$RC" 0

finish
