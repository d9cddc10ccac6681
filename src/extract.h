/* extract.h -- the main text of a web page: article body without
 * boilerplate.
 *
 * hx_extract() keeps the article's paragraphs, headings, list items,
 * block quotes and preformatted blocks in document order and drops
 * navigation, headers and footers, cookie/consent notices, comments,
 * share widgets, "related"/"read more" lists and ads. How (see
 * docs/extraction.md): every text block of the tree is measured (text
 * length, link density, punctuation, tag, class/id hints); blocks vote for
 * their ancestors; the best-scoring container (with <article>/<main> and
 * JSON-LD articleBody as strong hints) is the body; inside it, blocks that
 * look like boilerplate are removed.
 *
 * The text is blocks joined by one blank line ("\n\n"); blocks[] gives each
 * block's kind and byte range in it. Ownership: hx_text owns text and
 * blocks; hx_text_free().
 */
#ifndef TRILAT_EXTRACT_H
#define TRILAT_EXTRACT_H

#include <stddef.h>

#include "err.h"
#include "html.h"

enum { HX_P, HX_H, HX_LI, HX_QUOTE, HX_PRE, HX_CELL };

typedef struct hx_block {
    int kind;               /* HX_* */
    int level;              /* heading level 1-6 for HX_H, else 0 */
    size_t start, len;      /* byte range in hx_text.text */
} hx_block;

typedef struct hx_text {
    char *text;             /* NUL-terminated UTF-8 */
    size_t len;
    hx_block *blocks;
    size_t nblocks;
    const char *from;       /* "dom", "json-ld" (articleBody) */
} hx_text;

/* Extract the body of a parsed page. title, when not NULL, is the page's
 * headline (a heading repeating it is dropped from the text). jsonld_body,
 * when not NULL, is the page's JSON-LD articleBody (htmlmeta.h finds it):
 * used when the tree yields much less text, or none. TL_OK; TL_EEMPTY when
 * the page has no body text (message says why); TL_ENOMEM. */
int hx_extract(const html_doc *d, const char *title, const char *jsonld_body,
               hx_text *out, tl_err *e);

/* 1 if element n is never article text or marks boilerplate by its tag,
 * role or class/id words (nav, footer, aside, related, comments, share,
 * cookie ...): metadata must not be read from inside it. */
int hx_is_boiler(const GumboNode *n);
void hx_text_free(hx_text *t);

/* All visible text of a page or fragment, block by block, with no
 * boilerplate removal (feed item content, HTML snippets). Same returns. */
int hx_all_text(const html_doc *d, hx_text *out, tl_err *e);

/* Name of a block kind: "p", "h", "li", "quote", "pre", "cell". */
const char *hx_kind_name(int kind);

#endif
