/* test_feed.c -- unit tests for src/feed.c (RSS 2.0, RSS 1.0/RDF, Atom).
 *
 * Every feed below is made up for the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"

/* ------------------------------------------------------------------------
 * A callback that keeps what it is given
 * ---------------------------------------------------------------------- */

#define MAXI 16

typedef struct col {
    int n;
    art_t *a[MAXI];          /* NULL for a rejected item */
    long line[MAXI];
    char msg[MAXI][512];     /* the reason of a rejected item */
    int stop_after;          /* > 0: return TL_ECONFLICT after that many */
} col;

static int collect(void *ud, art_t *a, long line, const tl_err *ie) {
    col *c = ud;
    if (c->n >= MAXI) { art_free(a); return TL_ERR; }
    c->a[c->n] = a;
    c->line[c->n] = line;
    snprintf(c->msg[c->n], sizeof(c->msg[0]), "%s", !a && ie ? ie->msg : "");
    c->n++;
    return c->stop_after && c->n >= c->stop_after ? TL_ECONFLICT : TL_OK;
}

static void col_free(col *c) {
    for (int i = 0; i < c->n; i++) art_free(c->a[i]);
    memset(c, 0, sizeof(*c));
}

/* Parse s, which must succeed, into c. */
static void parse_ok(const char *s, col *c) {
    memset(c, 0, sizeof(*c));
    tl_err e;
    err_clear(&e);
    int rc = feed_parse(s, strlen(s), collect, c, &e);
    if (rc != TL_OK) fail_msg("feed_parse: %d %s (line %ld)", rc, e.msg, e.line);
}

/* Parse s, which must fail with TL_EPARSE; returns the error. */
static tl_err parse_bad(const char *s) {
    col c;
    memset(&c, 0, sizeof(c));
    tl_err e;
    err_clear(&e);
    assert_int_equal(feed_parse(s, strlen(s), collect, &c, &e), TL_EPARSE);
    assert_int_equal(c.n, 0);
    return e;
}

static int contains(const char *hay, const char *needle) {
    return hay && strstr(hay, needle) != NULL;
}

/* ------------------------------------------------------------------------
 * RSS 2.0
 * ---------------------------------------------------------------------- */

static const char RSS_CONTENT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "     xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
    "<channel>\n"
    "  <title>Harbor Ledger</title>\n"
    "  <link>https://ledger.example/</link>\n"
    "  <atom:link href=\"https://ledger.example/feed.rss\" rel=\"self\"/>\n"
    "  <description>News from the harbor</description>\n"
    "  <item>\n"                                                    /* line 9 */
    "    <title>Ferry fares to rise in May</title>\n"
    "    <atom:link href=\"https://ledger.example/not-this\" rel=\"related\"/>\n"
    "    <link>https://ledger.example/2026/ferry-fares</link>\n"
    "    <guid isPermaLink=\"false\">ledger-1001</guid>\n"
    "    <pubDate>Tue, 10 Mar 2026 09:15:00 +0000</pubDate>\n"
    "    <description>Short summary only.</description>\n"
    "    <content:encoded><![CDATA[<p>The Port Alder ferry authority said on "
    "<b>Monday</b> that fares will rise.</p><script>track()</script>"
    "<p>Commuters &amp; visitors pay the same.</p>]]></content:encoded>\n"
    "  </item>\n"
    "  <item>\n"                                                    /* line 18 */
    "    <title>Lighthouse reopens</title>\n"
    "    <guid>https://ledger.example/2026/lighthouse</guid>\n"
    "    <pubDate>Wed, 11 Mar 2026 18:00:00 GMT</pubDate>\n"
    "    <content:encoded>The old lighthouse on Gull Point reopened to visitors.</content:encoded>\n"
    "  </item>\n"
    "</channel>\n"
    "</rss>\n";

static void test_rss_content(void **st) {
    (void)st;
    col c;
    parse_ok(RSS_CONTENT, &c);
    assert_int_equal(c.n, 2);
    art_t *a = c.a[0];
    assert_non_null(a);
    assert_int_equal(c.line[0], 9);
    assert_string_equal(a->id, "ledger-1001");
    assert_string_equal(a->url, "https://ledger.example/2026/ferry-fares");
    assert_string_equal(a->title, "Ferry fares to rise in May");
    assert_string_equal(a->source, "Harbor Ledger");
    assert_string_equal(a->published, "2026-03-10T09:15:00+00:00");
    assert_string_equal(a->text, "The Port Alder ferry authority said on Monday that fares will "
                                 "rise.\n\nCommuters & visitors pay the same.");
    assert_string_equal(a->extra,
                        "{\"feed\":{\"title\":\"Harbor Ledger\",\"link\":\"https://ledger.example/\","
                        "\"guid\":\"ledger-1001\",\"item\":1,\"text_from\":\"content\"}}");
    assert_string_equal(a->note, "");
    /* a permalink guid is also the url when there is no <link> */
    a = c.a[1];
    assert_non_null(a);
    assert_int_equal(c.line[1], 18);
    assert_string_equal(a->id, "https://ledger.example/2026/lighthouse");
    assert_string_equal(a->url, "https://ledger.example/2026/lighthouse");
    assert_string_equal(a->published, "2026-03-11T18:00:00+00:00");
    assert_string_equal(a->text, "The old lighthouse on Gull Point reopened to visitors.");
    assert_true(contains(a->extra, "\"item\":2,\"text_from\":\"content\""));
    col_free(&c);
}

static const char RSS_DESC[] =
    "<rss version=\"2.0\"><channel>\n"
    "<title>The Alder &amp; Gull Times</title>\n"
    "<item>\n"
    "  <title>Caf&#233; owners &amp;amp; the council</title>\n"
    "  <link>  https://times.example/cafe  </link>\n"
    "  <description>&lt;p&gt;Caf&amp;eacute; owners in &lt;b&gt;Port Alder&lt;/b&gt; met the "
    "council &amp;amp; agreed on terraces.&lt;/p&gt;&lt;p&gt;Talks resume in "
    "June&amp;nbsp;2026.&lt;/p&gt;</description>\n"
    "  <pubDate>2026-04-02T07:30:00+02:00</pubDate>\n"
    "</item>\n"
    "<item>\n"
    "  <description>Plain text, no markup at all</description>\n"
    "</item>\n"
    "</channel></rss>\n";

static void test_rss_description(void **st) {
    (void)st;
    col c;
    parse_ok(RSS_DESC, &c);
    assert_int_equal(c.n, 2);
    art_t *a = c.a[0];
    assert_non_null(a);
    assert_string_equal(a->id, "https://times.example/cafe");   /* no guid: the link */
    assert_string_equal(a->url, "https://times.example/cafe");
    assert_string_equal(a->title, "Caf\xC3\xA9 owners & the council");
    assert_string_equal(a->source, "The Alder & Gull Times");
    assert_string_equal(a->published, "2026-04-02T07:30:00+02:00");
    assert_string_equal(a->text, "Caf\xC3\xA9 owners in Port Alder met the council & agreed on "
                                 "terraces.\n\nTalks resume in June\xC2\xA0" "2026.");
    assert_string_equal(a->extra, "{\"feed\":{\"title\":\"The Alder & Gull Times\",\"item\":1,"
                                  "\"text_from\":\"description\"}}");
    /* no guid, no link: no id (art_finish derives one); plain text kept */
    a = c.a[1];
    assert_non_null(a);
    assert_null(a->id);
    assert_null(a->url);
    assert_null(a->title);
    assert_null(a->published);
    assert_string_equal(a->text, "Plain text, no markup at all");
    col_free(&c);
}

/* The item has no text: rejected through the callback; the next item is
 * still read. A present but empty description says so. */
static void test_rss_no_text(void **st) {
    (void)st;
    col c;
    parse_ok("<rss><channel><title>T</title>\n"
             "<item><title>First</title><description>One.</description></item>\n"
             "<item>\n<title>Only a title</title>\n<link>https://x.example/2</link>\n</item>\n"
             "<item><title>Empty</title><description>  </description></item>\n"
             "<item><title>Image</title><description>&lt;img src=\"a.png\"&gt;</description>"
             "</item>\n"
             "<item><description>Last.</description></item>\n"
             "</channel></rss>",
             &c);
    assert_int_equal(c.n, 5);
    assert_non_null(c.a[0]);
    assert_null(c.a[1]);
    assert_int_equal(c.line[1], 3);
    assert_string_equal(c.msg[1], "item 2 has no description or content");
    assert_null(c.a[2]);
    assert_string_equal(c.msg[2], "item 3 has no text in its description");
    assert_null(c.a[3]);
    assert_string_equal(c.msg[3], "item 4 has no text in its description");
    assert_non_null(c.a[4]);
    assert_string_equal(c.a[4]->text, "Last.");
    assert_true(contains(c.a[4]->extra, "\"item\":5"));
    col_free(&c);
}

static void test_rss_bad_date(void **st) {
    (void)st;
    col c;
    parse_ok("<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\n"
             "<item><title>A</title><pubDate>sometime last week</pubDate>"
             "<description>Kept despite the date.</description></item>\n"
             "<item><title>B</title><pubDate>not a date</pubDate>"
             "<dc:date>2026-05-01</dc:date><description>Second.</description></item>\n"
             "</channel></rss>",
             &c);
    assert_int_equal(c.n, 2);
    art_t *a = c.a[0];
    assert_non_null(a);
    assert_null(a->published);
    assert_string_equal(a->text, "Kept despite the date.");
    assert_string_equal(a->note, "unreadable date 'sometime last week' in <pubDate>; the "
                                 "publication date is left unknown");
    assert_null(a->source);                      /* the channel has no title */
    /* a readable dc:date makes up for an unreadable pubDate */
    assert_string_equal(c.a[1]->published, "2026-05-01");
    assert_string_equal(c.a[1]->note, "");
    col_free(&c);
}

/* content:encoded with an undeclared prefix still counts; an Atom link in
 * the item is not its link; unknown elements are ignored. */
static void test_rss_namespaces(void **st) {
    (void)st;
    col c;
    parse_ok("<rss><channel><title>Loose</title>\n"
             "<item><link xmlns=\"http://www.w3.org/2005/Atom\" href=\"https://x.example/atom\"/>"
             "<category>Harbor</category>"
             "<content:encoded>&lt;p&gt;Undeclared prefix.&lt;/p&gt;</content:encoded>"
             "<encoded>not this one</encoded></item>\n"
             "</channel></rss>",
             &c);
    assert_int_equal(c.n, 1);
    assert_non_null(c.a[0]);
    assert_null(c.a[0]->url);
    assert_string_equal(c.a[0]->text, "Undeclared prefix.");
    col_free(&c);
}

static void test_rss_empty_and_stop(void **st) {
    (void)st;
    col c;
    parse_ok("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Quiet</title>"
             "</channel></rss>\n", &c);
    assert_int_equal(c.n, 0);
    /* the callback's error stops the walk and is returned */
    memset(&c, 0, sizeof(c));
    c.stop_after = 1;
    tl_err e;
    err_clear(&e);
    const char *s = "<rss><channel><item><description>a</description></item>"
                    "<item><description>b</description></item></channel></rss>";
    assert_int_equal(feed_parse(s, strlen(s), collect, &c, &e), TL_ECONFLICT);
    assert_int_equal(c.n, 1);
    col_free(&c);
}

/* ------------------------------------------------------------------------
 * Atom
 * ---------------------------------------------------------------------- */

static const char ATOM[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://wire.example/\">\n"
    "  <title type=\"html\">Northwind &amp;amp; Co &lt;i&gt;Dispatch&lt;/i&gt;</title>\n"
    "  <link rel=\"self\" href=\"https://wire.example/atom.xml\"/>\n"
    "  <link rel=\"alternate\" type=\"text/html\" href=\"https://wire.example/\"/>\n"
    "  <id>urn:uuid:feed-0001</id>\n"
    "  <updated>2026-06-01T12:00:00Z</updated>\n"
    "  <entry>\n"                                                   /* line 8 */
    "    <title>Dockworkers vote on new contract</title>\n"
    "    <link rel=\"edit\" href=\"https://wire.example/edit/7\"/>\n"
    "    <link rel=\"alternate\" type=\"text/html\" href=\"https://wire.example/2026/06/vote\"/>\n"
    "    <id>tag:wire.example,2026:7</id>\n"
    "    <updated>2026-06-01T11:00:00Z</updated>\n"
    "    <published>2026-06-01T10:30:00-04:00</published>\n"
    "    <summary>Summary is not used when there is content.</summary>\n"
    "    <content type=\"html\">&lt;p&gt;Dockworkers at &lt;a href=\"/x\"&gt;Pier 4&lt;/a&gt; "
    "voted on Sunday.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Yes: 412&lt;/li&gt;&lt;li&gt;No: 97"
    "&lt;/li&gt;&lt;/ul&gt;</content>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <title type=\"text\">Rates &lt;unchanged&gt;</title>\n"
    "    <link href=\"2026/06/rates\"/>\n"
    "    <id>tag:wire.example,2026:8</id>\n"
    "    <updated>2026-06-02T08:00:00+01:00</updated>\n"
    "    <summary type=\"text\">The harbor board kept rates at 3 &lt; 4 percent.</summary>\n"
    "  </entry>\n"
    "  <entry xml:base=\"/archive/\">\n"
    "    <title>Xhtml entry</title>\n"
    "    <link rel=\"enclosure\" href=\"https://wire.example/a.mp3\"/>\n"
    "    <link rel=\"alternate\" href=\"item9\"/>\n"
    "    <id>tag:wire.example,2026:9</id>\n"
    "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
    "<p>First <em>paragraph</em>.</p><p>Second paragraph.</p></div></content>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <title>Elsewhere</title>\n"
    "    <id>tag:wire.example,2026:10</id>\n"
    "    <content src=\"https://wire.example/10.html\" type=\"text/html\"/>\n"
    "    <summary type=\"html\">&lt;p&gt;Only the summary has text.&lt;/p&gt;</summary>\n"
    "  </entry>\n"
    "</feed>\n";

static void test_atom(void **st) {
    (void)st;
    col c;
    parse_ok(ATOM, &c);
    assert_int_equal(c.n, 4);
    art_t *a = c.a[0];
    assert_non_null(a);
    assert_int_equal(c.line[0], 8);
    assert_string_equal(a->id, "tag:wire.example,2026:7");
    assert_string_equal(a->url, "https://wire.example/2026/06/vote");
    assert_string_equal(a->title, "Dockworkers vote on new contract");
    assert_string_equal(a->source, "Northwind & Co Dispatch");
    assert_string_equal(a->published, "2026-06-01T10:30:00-04:00");   /* published wins */
    assert_false(contains(a->text, "<"));
    assert_true(contains(a->text, "Dockworkers at Pier 4 voted on Sunday."));
    assert_true(contains(a->text, "Yes: 412"));
    assert_false(contains(a->text, "Summary is not used"));
    assert_string_equal(a->extra,
                        "{\"feed\":{\"title\":\"Northwind & Co Dispatch\",\"link\":"
                        "\"https://wire.example/\",\"guid\":\"tag:wire.example,2026:7\","
                        "\"item\":1,\"text_from\":\"content\"}}");
    /* no rel: the alternate link, relative to xml:base; type="text" kept as is */
    a = c.a[1];
    assert_non_null(a);
    assert_string_equal(a->url, "https://wire.example/2026/06/rates");
    assert_string_equal(a->title, "Rates <unchanged>");
    assert_string_equal(a->published, "2026-06-02T08:00:00+01:00");   /* updated */
    assert_string_equal(a->text, "The harbor board kept rates at 3 < 4 percent.");
    assert_true(contains(a->extra, "\"text_from\":\"summary\""));
    /* inline XHTML; xml:base nested on the entry */
    a = c.a[2];
    assert_non_null(a);
    assert_string_equal(a->url, "https://wire.example/archive/item9");
    assert_string_equal(a->text, "First paragraph.\n\nSecond paragraph.");
    assert_null(a->published);
    assert_string_equal(a->note, "");
    /* out-of-line content: the summary */
    a = c.a[3];
    assert_non_null(a);
    assert_null(a->url);
    assert_string_equal(a->id, "tag:wire.example,2026:10");
    assert_string_equal(a->text, "Only the summary has text.");
    assert_true(contains(a->extra, "\"text_from\":\"summary\""));
    col_free(&c);
}

/* ------------------------------------------------------------------------
 * RSS 1.0 (RDF)
 * ---------------------------------------------------------------------- */

static const char RDF[] =
    "<?xml version=\"1.0\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    "         xmlns=\"http://purl.org/rss/1.0/\"\n"
    "         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "  <channel rdf:about=\"https://gazette.example/rss\">\n"
    "    <title>Gull Point Gazette</title>\n"
    "    <link>https://gazette.example/</link>\n"
    "    <description>Weekly</description>\n"
    "    <items><rdf:Seq><rdf:li rdf:resource=\"https://gazette.example/a\"/></rdf:Seq></items>\n"
    "  </channel>\n"
    "  <item rdf:about=\"https://gazette.example/a\">\n"            /* line 11 */
    "    <title>Market hall gets a new roof</title>\n"
    "    <link>https://gazette.example/a</link>\n"
    "    <description>Work on the market hall roof starts in July.</description>\n"
    "    <dc:date>2026-02-01T08:00:00+01:00</dc:date>\n"
    "  </item>\n"
    "  <item rdf:about=\"https://gazette.example/b\">\n"
    "    <title>Tide tables</title>\n"
    "    <description>New tide tables are out.</description>\n"
    "  </item>\n"
    "</rdf:RDF>\n";

static void test_rdf(void **st) {
    (void)st;
    col c;
    parse_ok(RDF, &c);
    assert_int_equal(c.n, 2);
    art_t *a = c.a[0];
    assert_non_null(a);
    assert_int_equal(c.line[0], 11);
    assert_string_equal(a->id, "https://gazette.example/a");
    assert_string_equal(a->url, "https://gazette.example/a");
    assert_string_equal(a->title, "Market hall gets a new roof");
    assert_string_equal(a->source, "Gull Point Gazette");
    assert_string_equal(a->published, "2026-02-01T08:00:00+01:00");
    assert_string_equal(a->text, "Work on the market hall roof starts in July.");
    assert_string_equal(a->extra, "{\"feed\":{\"title\":\"Gull Point Gazette\",\"link\":"
                                  "\"https://gazette.example/\",\"item\":1,"
                                  "\"text_from\":\"description\"}}");
    /* no <link>: rdf:about */
    assert_string_equal(c.a[1]->url, "https://gazette.example/b");
    col_free(&c);
}

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

static void test_malformed(void **st) {
    (void)st;
    tl_err e = parse_bad("<?xml version=\"1.0\"?>\n<rss><channel>\n<item>\n"
                         "<title>Unclosed</description>\n</item></channel></rss>\n");
    assert_int_equal(e.code, TL_EPARSE);
    assert_int_equal(e.line, 4);
    assert_true(contains(e.msg, "malformed XML: "));
    assert_true(contains(e.msg, "mismatch"));
    /* an HTML entity is not XML */
    e = parse_bad("<rss><channel>\n\n<item><description>a&nbsp;b</description></item>"
                  "</channel></rss>");
    assert_int_equal(e.line, 3);
    assert_true(contains(e.msg, "nbsp"));
    /* not XML at all, truncated, empty */
    e = parse_bad("just some words\n");
    assert_int_equal(e.line, 1);
    e = parse_bad("<rss><channel><item><title>cut off");
    assert_true(e.line >= 1);
    e = parse_bad("");
    assert_int_equal(e.line, 1);
    assert_true(contains(e.msg, "malformed XML"));
    /* undeclared Latin-1: libxml2's two-line message becomes one line */
    e = parse_bad("<rss><channel>\n<item><description>caf\xE9 au lait</description></item>"
                  "</channel></rss>");
    assert_int_equal(e.line, 2);
    assert_true(contains(e.msg, "UTF-8"));
    assert_null(strchr(e.msg, '\n'));
}

static void test_not_a_feed(void **st) {
    (void)st;
    tl_err e = parse_bad("<?xml version=\"1.0\"?>\n<html><body><p>x</p></body></html>\n");
    assert_string_equal(e.msg, "not an RSS or Atom feed (root element <html>)");
    assert_int_equal(e.line, 2);
    e = parse_bad("<x:catalog xmlns:x=\"urn:example:books\"><x:book/></x:catalog>");
    assert_string_equal(e.msg, "not an RSS or Atom feed (root element <x:catalog>)");
    e = parse_bad("<feed xmlns=\"urn:example:other\"><entry/></feed>");
    assert_string_equal(e.msg, "not an RSS or Atom feed (root element <feed>)");
    e = parse_bad("<rss version=\"2.0\"><item><title>no channel</title></item></rss>");
    assert_true(contains(e.msg, "<channel>"));
}

/* Entity references are neither fetched nor expanded into the text. */
static void test_entities(void **st) {
    (void)st;
    const char *s =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss [\n"
        "  <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "  <!ENTITY ext SYSTEM \"file:///etc/hostname\">\n"
        "]>\n"
        "<rss><channel><item><description>start &c; &ext; end</description></item>"
        "</channel></rss>\n";
    col c;
    memset(&c, 0, sizeof(c));
    tl_err e;
    err_clear(&e);
    int rc = feed_parse(s, strlen(s), collect, &c, &e);
    if (rc == TL_OK) {
        assert_int_equal(c.n, 1);
        assert_non_null(c.a[0]);
        assert_true(c.a[0]->text_len < 64);
        assert_false(contains(c.a[0]->text, "aaaa"));
    } else {
        assert_int_equal(rc, TL_EPARSE);
    }
    col_free(&c);
}

/* ------------------------------------------------------------------------
 * Sniffing
 * ---------------------------------------------------------------------- */

static int sniff(const char *s) { return feed_sniff(s, strlen(s)); }

static void test_sniff(void **st) {
    (void)st;
    assert_true(sniff("<rss version=\"2.0\"><channel/></rss>"));
    assert_true(sniff("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a <rss> in a comment -->\n"
                      "<?xml-stylesheet href=\"s.xsl\"?>\n  <feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert_true(sniff("<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'>"));
    assert_true(sniff("<!DOCTYPE rss [ <!ENTITY x \">\"> ]>\n<rss>"));
    assert_true(sniff("\n\n<rss\n  version=\"0.91\">"));
    assert_false(sniff("<!DOCTYPE html><html><head><title>rss</title></head></html>"));
    assert_false(sniff("<html><body><rss></rss></body></html>"));
    assert_false(sniff("<rssfeed/>"));
    assert_false(sniff("<RDF/>"));
    assert_false(sniff("{\"feed\": []}"));
    assert_false(sniff("plain text about <rss>"));
    assert_false(sniff(""));
    assert_false(sniff("<rs"));
    assert_false(sniff("<!-- never closed <rss>"));
    assert_false(feed_sniff(NULL, 0));
    /* the root must begin within the first 4 KiB */
    size_t n = 5000;
    char *big = malloc(n + 8);
    memset(big, ' ', n);
    memcpy(big + n, "<rss>", 6);
    assert_false(feed_sniff(big, n + 5));
    assert_true(feed_sniff(big + n - 100, 105));
    free(big);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss_content),   cmocka_unit_test(test_rss_description),
        cmocka_unit_test(test_rss_no_text),   cmocka_unit_test(test_rss_bad_date),
        cmocka_unit_test(test_rss_namespaces), cmocka_unit_test(test_rss_empty_and_stop),
        cmocka_unit_test(test_atom),          cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_malformed),     cmocka_unit_test(test_not_a_feed),
        cmocka_unit_test(test_entities),      cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
