/* xhint.c -- tag, role and class/id hints for extraction (xhint.h). */
#include "xhint.h"
#include "html.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Boilerplate whatever its size. */
static const char *const NEG_WORDS[] = {
    "share", "sharing", "sharer", "social", "sociallinks", "socialmedia",
    "related", "relatedposts", "recommended", "recommendations", "recirc",
    "cookie", "cookies", "consent", "gdpr", "cmp",
    "newsletter", "subscribe", "subscription", "signup",
    "promo", "promotion", "advert", "advertisement", "advertising", "ad", "ads",
    "adslot", "adunit", "dfp", "gpt", "sponsor", "sponsored", "outbrain", "taboola",
    "breadcrumb", "breadcrumbs", "popup", "modal", "overlay", "trending", "popular",
    "mostread", "mostpopular", "login", "signin", "copyright", "disclaimer",
    "pagination", "pager", "carousel", "slideshow", "gallery", "lightbox", "nocontent",
    "readmore", NULL};

/* Boilerplate unless the element holds most of the page's text (then it is
 * a layout wrapper: "has-sidebar", "nav-open"). */
static const char *const LAYOUT_WORDS[] = {
    "sidebar", "aside", "footer", "menu", "nav", "navbar", "navigation", "widget",
    "toolbar", "masthead", "skip", "tags", "tagcloud", "taglist", "keywords", "topics",
    "hidden", "jump", "print", "more", "next", "prev", "author", "autor", "auteur",
    "autore", "bio", "profile", "header", NULL};

static const char *const WEAK_WORDS[] = {
    "byline", "dateline", "caption", "credit", "credits", "meta", "timestamp",
    "date", "time", "figure", "photo", "image", "img", "media", "video",
    "embed", "inline", "note", "info", NULL};

static const char *const POS_WORDS[] = {
    "article", "articlebody", "body", "content", "entry", "post", "story",
    "storybody", "text", "main", "blog", "prose", "richtext", "rte", "paragraph",
    NULL};

static int in_list(const char *w, size_t n, const char *const *list) {
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0) return 1;
    return 0;
}

static const char *const COMMENT_WORDS[] = {
    "comment", "comments", "commentlist", "disqus", "respond", "reply", "replies", NULL};

static unsigned word_flags(const char *w, size_t n) {
    if (in_list(w, n, COMMENT_WORDS)) return XF_NEG | XF_COMMENT;
    if (in_list(w, n, NEG_WORDS)) return XF_NEG;
    if (in_list(w, n, LAYOUT_WORDS)) return XF_LAYOUT;
    if (in_list(w, n, WEAK_WORDS)) return XF_WEAK;
    if (in_list(w, n, POS_WORDS)) return XF_POS;
    return 0;
}

static int is_sep(char c) {
    return isspace((unsigned char)c) || c == '-' || c == '_' || c == ':' || c == '.' ||
           isdigit((unsigned char)c);
}

/* Flags from the words of one class/id value. Words are split at spaces,
 * '-', '_', ':', '.', digits, and also at camelCase humps
 * ("commentsContainer" -> comments, container); the unsplit camelCase
 * word counts too ("articleBody"). */
static unsigned hint_flags(const char *v) {
    unsigned f = 0;
    if (!v) return 0;
    const char *p = v;
    while (*p) {
        while (*p && is_sep(*p)) p++;
        const char *w = p;
        while (*p && !is_sep(*p)) p++;
        size_t n = (size_t)(p - w);
        if (!n) continue;
        unsigned wf = word_flags(w, n);
        if (!wf) {
            for (size_t i = 0, st = 0; i <= n; i++) {
                if (i == n || (i > st && isupper((unsigned char)w[i]) &&
                               islower((unsigned char)w[i - 1]))) {
                    wf |= word_flags(w + st, i - st);
                    st = i;
                }
            }
        }
        f |= wf;
    }
    return f;
}

static int is_block_tag(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CAPTION:
        return 1;
    default:
        return 0;
    }
}

static int is_skip_tag(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MENU:
        return 1;
    default:
        return 0;
    }
}

static int hidden(const GumboNode *g) {
    if (html_attr(g, "hidden")) return 1;
    const char *ah = html_attr(g, "aria-hidden");
    if (ah && strcasecmp(ah, "true") == 0) return 1;
    const char *st = html_attr(g, "style");
    if (st) {
        /* display:none / visibility:hidden, any spacing */
        char c[64];
        size_t k = 0;
        for (const char *p = st; *p && k + 1 < sizeof(c); p++)
            if (!isspace((unsigned char)*p)) c[k++] = (char)tolower((unsigned char)*p);
        c[k] = 0;
        if (strstr(c, "display:none") || strstr(c, "visibility:hidden")) return 1;
    }
    return 0;
}

unsigned xh_flags(const GumboNode *g) {
    GumboTag t = g->v.element.tag;
    unsigned f = 0;
    if (is_skip_tag(t) || hidden(g)) f |= XF_SKIP;
    if (is_block_tag(t)) f |= XF_BLOCK;
    const char *role = html_attr(g, "role");
    if (role) {
        if (strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alertdialog") == 0)
            f |= XF_NEG;
        if (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "banner") == 0 ||
            strcasecmp(role, "contentinfo") == 0 || strcasecmp(role, "complementary") == 0 ||
            strcasecmp(role, "menu") == 0 || strcasecmp(role, "search") == 0)
            f |= XF_LAYOUT;
        if (strcasecmp(role, "main") == 0) f |= XF_MAIN;
        if (strcasecmp(role, "article") == 0) f |= XF_ARTICLE;
    }
    unsigned h = hint_flags(html_attr(g, "class")) | hint_flags(html_attr(g, "id"));
    /* "article modal-enabled" is an article; "comment-content" a comment */
    if ((h & XF_NEG) && (h & XF_POS) && !(h & XF_COMMENT)) h &= ~(unsigned)XF_NEG;
    if (h & XF_NEG) h &= ~(unsigned)(XF_POS | XF_WEAK | XF_LAYOUT);
    else if (h & XF_POS) h &= ~(unsigned)XF_LAYOUT;     /* "article-byline" stays weak */
    else if (h & XF_LAYOUT) h &= ~(unsigned)XF_WEAK;
    f |= h;
    const char *ip = html_attr(g, "itemprop");
    if (ip && (strcasecmp(ip, "articleBody") == 0 || strcasecmp(ip, "text") == 0 ||
               strcasecmp(ip, "reviewBody") == 0))
        f |= XF_BODYPROP;
    switch (t) {
    case GUMBO_TAG_ARTICLE: f |= XF_ARTICLE; break;
    case GUMBO_TAG_MAIN: f |= XF_MAIN; break;
    case GUMBO_TAG_A:
        /* an <a> the parser re-opened or cloned (an unclosed menu link
         * carried into every later paragraph) is not a link a reader sees
         * as one */
        if (html_attr(g, "href") &&
            !(g->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
                                GUMBO_INSERTION_ADOPTION_AGENCY_CLONED)))
            f |= XF_LINK;
        break;
    case GUMBO_TAG_TIME: f |= XF_TIME; break;
    case GUMBO_TAG_BLOCKQUOTE: f |= XF_QUOTE; break;
    case GUMBO_TAG_PRE: f |= XF_PRE; break;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: f |= XF_LIST; break;
    case GUMBO_TAG_HEADER: f |= XF_HEADER; break;
    case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
        f &= ~(unsigned)(XF_NEG | XF_LAYOUT | XF_WEAK | XF_SKIP);
        break;
    default: break;
    }
    return f;
}
