/* feed.h -- RSS 2.0 and Atom feeds -> articles.
 *
 * A downloaded feed file holds items (RSS <item>, Atom <entry>) with a
 * link, a title, a date and a summary or full content, often as escaped
 * HTML. feed_parse() turns each item into an article: id from <guid> /
 * <id> (else the link), url from <link> (Atom: rel="alternate" first),
 * title, published from pubDate / dc:date / published / updated, source
 * from the feed's title, text from content:encoded / content, else
 * description / summary, with HTML reduced to its text (webdoc.h). Parsed
 * with libxml2 (feeds are XML; an HTML5 parser would treat <link> as a
 * void element).
 *
 * extra.feed = {"title": feed title, "link": feed site, "guid": ..,
 *               "item": 1-based item index, "text_from": "content" |
 *               "description" | "summary"}.
 */
#ifndef TRILAT_FEED_H
#define TRILAT_FEED_H

#include <stddef.h>

#include "article.h"
#include "err.h"

/* Called once per item, in document order. line is the item's line in
 * the file (libxml2's count). On an item that cannot become an article
 * (no text in its content or description / summary; a title alone is not
 * an article) a is NULL and ie says why ("item 3 has no description or
 * content"); else ie is a cleared record. The callback returns TL_OK to go
 * on or an error code to stop. Ownership of a passes to the callback; the
 * article is not finished (art_finish() not called). */
typedef int (*feed_item_fn)(void *ud, art_t *a, long line, const tl_err *ie);

/* Is this buffer a feed (an XML document whose root is <rss>, <feed> or
 * <rdf:RDF>)? Looks at the first 4 KiB only. */
int feed_sniff(const char *data, size_t len);

/* Parse a whole feed. TL_OK after every item was handed over (none for a
 * feed without items); TL_EPARSE (not well-formed XML: no item is handed
 * over; or not RSS/Atom) with e->line; TL_ETOOBIG above INT_MAX bytes;
 * TL_ENOMEM; or the callback's error (e then only names the item). */
int feed_parse(const char *data, size_t len, feed_item_fn fn, void *ud,
               tl_err *e);

#endif
