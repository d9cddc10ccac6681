/* html.h -- web page bytes -> a parsed HTML5 tree (gumbo), in UTF-8.
 *
 * Pages arrive in any charset, often declared wrongly. html_parse()
 * decides the encoding the way browsers and crawlers do in practice:
 *
 *   1. a byte order mark wins (UTF-8, UTF-16LE/BE);
 *   2. bytes that are valid UTF-8 are UTF-8, whatever the page declares
 *      (a page saying iso-8859-1 while sending UTF-8 is the common lie);
 *   3. else the charset declared in the first 4 KiB (<meta charset>, or
 *      <meta http-equiv="Content-Type" content="...; charset=X">), found
 *      by the HTML5 prescan over bytes, converted with iconv;
 *   4. else windows-1252 (what HTML5 says "iso-8859-1" and an undeclared
 *      Western page mean), unless the page is nearly all UTF-8 with a few
 *      broken sequences, which are then repaired to U+FFFD.
 *
 * The tree is gumbo's (Debian libgumbo); the helpers below read it.
 * Ownership: html_doc owns the decoded buffer and the tree; html_free().
 */
#ifndef TRILAT_HTML_H
#define TRILAT_HTML_H

#include <gumbo.h>
#include <stddef.h>

#include "err.h"

#define HTML_MAX_BYTES (256u << 20)   /* refuse pages above 256 MiB */
#define HTML_MAX_DEPTH 2000           /* refuse deeper nesting (html.c) */

typedef struct html_doc {
    GumboOutput *out;        /* the tree; out->root is <html> */
    char *buf;               /* the UTF-8 bytes gumbo parsed (owned) */
    size_t len;
    char charset[32];        /* "utf-8", "windows-1252", "shift_jis", ... */
    const char *charset_from;/* "bom", "utf-8-valid", "meta", "fallback",
                              * "utf-8-repaired" */
    size_t repaired;         /* invalid sequences replaced by U+FFFD */
    char note[200];          /* a non-fatal remark ("declared iso-8859-1,
                              * bytes are UTF-8"), or "" */
} html_doc;

/* Decode and parse len bytes of a page. TL_OK with *out set (caller frees
 * with html_free), TL_EINVAL (NUL-heavy binary data, not a page),
 * TL_ETOOBIG (over HTML_MAX_BYTES, or elements nested deeper than
 * HTML_MAX_DEPTH), TL_EEMPTY (no bytes), TL_ENOMEM. */
int html_parse(const char *data, size_t len, html_doc **out, tl_err *e);
void html_free(html_doc *d);

/* Is this buffer plausibly HTML (first non-blank bytes are '<' and a tag
 * or doctype or comment follows)? Used to sniff unnamed files. */
int html_sniff(const char *data, size_t len);

/* ------------------------------------------------------------------------
 * Tree helpers
 * ---------------------------------------------------------------------- */

/* The value of attribute name on an element node, or NULL. */
const char *html_attr(const GumboNode *n, const char *name);

/* Walk the elements under root (root included) depth first, without
 * recursion. fn(ud, node, depth) returns HTML_DESCEND to visit the node's
 * children, HTML_SKIP to skip them, HTML_STOP to end the walk. leave, when
 * not NULL, is called after an element's children were visited (not for
 * skipped ones). Returns TL_OK or TL_ENOMEM. */
#define HTML_DESCEND 0
#define HTML_SKIP 1
#define HTML_STOP 2
typedef int (*html_visit_fn)(void *ud, const GumboNode *n, int depth);
typedef void (*html_leave_fn)(void *ud, const GumboNode *n, int depth);
int html_walk(const GumboNode *root, html_visit_fn fn, html_leave_fn leave, void *ud);

/* First descendant element (depth first, n included) with this tag, or
 * NULL. */
const GumboNode *html_find(const GumboNode *n, GumboTag tag);

/* Append the text under n to a growing buffer, whitespace collapsed to
 * single spaces, skipping script/style/template/noscript. The buffer is
 * *buf (realloc'd, NUL-terminated) of *len bytes, *cap capacity; stops
 * adding after max bytes (0: no limit). TL_OK or TL_ENOMEM. */
int html_text(const GumboNode *n, char **buf, size_t *len, size_t *cap, size_t max);

/* The element's tag name, lower case (also for unknown tags). Writes at
 * most cap bytes to out and returns out. */
const char *html_tagname(const GumboNode *n, char *out, size_t cap);

#endif
