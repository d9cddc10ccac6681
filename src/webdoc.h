/* webdoc.h -- one web page -> one article: decode, parse, extract the main
 * text and the metadata, recognise syndication tags.
 *
 * The article gets title, source (outlet), url, published, language and
 * text from the page; extra.web records where each came from:
 *
 *   "web": {
 *     "body_from": "dom" | "json-ld",
 *     "blocks": [["p", start, len], ["h2", ...], ...],   (bytes in text)
 *     "title_from": "og:title" | "json-ld" | "title" | "h1" | "record",
 *     "published_from": "json-ld" | "meta:<name>" | "time" | "byline" |
 *                       "url" | "record",
 *     "modified": ISO date, when the page gives one,
 *     "authors": [..], "authors_from": "json-ld" | "meta:author" | "byline",
 *     "site_name": .., "source_from": "og:site_name" | "json-ld" | "domain",
 *     "canonical_url": .., "url_from": "canonical" | "og:url" | "record",
 *     "language_from": "html-lang" | "meta" | "detected",
 *     "charset": .., "charset_from": ..
 *   },
 *   "syndication": {"outlet": "Reuters", "tag": "(Reuters)", "where":
 *                   "trailing" | "dateline"}     (syndic.h; all formats)
 *
 * Fields the caller already knows (a JSON Lines record's own title, url,
 * date) win over the page's; web_opts says which.
 */
#ifndef TRILAT_WEBDOC_H
#define TRILAT_WEBDOC_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "err.h"

typedef struct web_opts {
    const char *url;        /* the page's address when known (record, feed) */
    const char *id;         /* id to give the article, or NULL (derived) */
    int64_t now;            /* crawl time (UTC s) for "no future dates";
                             * 0: the current time */
} web_opts;

/* Turn len bytes of HTML into a new article in *out (caller frees with
 * art_free; art_finish() not yet called). TL_OK; TL_EEMPTY (no body text:
 * the message says what the page holds instead); TL_EINVAL (not HTML /
 * binary); TL_ETOOBIG; TL_ENOMEM. */
int web_parse(const char *data, size_t len, const web_opts *o, art_t **out,
              tl_err *e);

/* The text of an HTML fragment (a feed item's content, a record's
 * "html" snippet), with no boilerplate removal: block elements become
 * paragraphs separated by "\n\n". *out is NUL-terminated, caller frees.
 * TL_OK, TL_EEMPTY (no text), TL_ENOMEM. */
int web_fragment_text(const char *html, size_t len, char **out,
                      size_t *outlen, tl_err *e);

#endif
