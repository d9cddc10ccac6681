/* xhint.h -- what an element's tag, role and class/id words say about it,
 * for main-text extraction (extract.c) and metadata (htmlmeta.c).
 *
 * Class and id values are cut into words at spaces, '-', '_', ':', '.',
 * digits and camelCase humps, and the words are matched whole, so
 * "article__body" is content and "header" is not "ad". Three lists:
 * boilerplate words (comment, share, related, cookie, ad ...: boilerplate
 * whatever its size), layout words (sidebar, nav, menu, footer, author
 * ...: boilerplate unless the element holds most of the page's text) and
 * weak words (byline, caption, date ...: short text under them is not
 * body text); plus content words (article, body, content, story ...).
 */
#ifndef TRILAT_XHINT_H
#define TRILAT_XHINT_H

#include <gumbo.h>

#define XF_SKIP      0x0001   /* never text: script, nav, hidden ... */
#define XF_BLOCK     0x0002   /* block-level: owns the inline text under it */
#define XF_NEG       0x0004   /* boilerplate hint (comment, share, ...) */
#define XF_WEAK      0x0008   /* weak boilerplate hint (byline, caption) */
#define XF_POS       0x0010   /* content hint (article-body, story) */
#define XF_ARTICLE   0x0020   /* <article> */
#define XF_MAIN      0x0040   /* <main> or role=main */
#define XF_BODYPROP  0x0080   /* itemprop=articleBody */
#define XF_LINK      0x0100   /* <a href> */
#define XF_QUOTE     0x0200   /* <blockquote> */
#define XF_PRE       0x0400   /* <pre> */
#define XF_LIST      0x0800   /* ul/ol/dl */
#define XF_HEADER    0x1000   /* <header> */
#define XF_LAYOUT    0x2000   /* layout-boilerplate hint (sidebar, nav) */
#define XF_COMMENT   0x4000   /* comment section hint */
#define XF_TIME      0x8000   /* <time> */

/* The XF_* flags of element g (from its tag, hidden state, role, class,
 * id and itemprop). */
unsigned xh_flags(const GumboNode *g);

#endif
