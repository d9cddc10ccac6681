/* extract.c -- main-text extraction from a parsed page (extract.h).
 *
 * Three passes over the tree, all iterative (a hostile page can nest
 * elements a million deep):
 *
 *   1. flatten: copy gumbo's tree into an array of xnode (parent, tag,
 *      hint flags from tag/class/id/role) and cut it into text blocks: a
 *      block is the inline text directly under one block-level element
 *      (its "owner"), with its length, link-text length and commas;
 *   2. score: each substantial block votes for its owner's ancestors
 *      (1 + commas + length/100, capped, halved per level as in
 *      Readability); a container's score is scaled down by its link density
 *      and up by positive hints (article, content, story-body, itemprop=
 *      articleBody); the best container is the body, widened to its parent
 *      when the parent holds comparable text in sibling containers;
 *   3. emit: blocks under the body in document order, minus boilerplate:
 *      blocks under negatively hinted elements (comment, share, related,
 *      cookie, newsletter, ad ...), link lists, high link density blocks,
 *      a heading repeating the title, short "Advertisement" / "Read more"
 *      lines, headings left with nothing after them.
 *
 * Hint words are whole tokens of class/id split at '-', '_' and spaces, so
 * "article-body" is positive and "head" is not "ad". A negative hint on an
 * element that holds most of the page's text is ignored: it is a layout
 * wrapper ("has-sidebar"), not boilerplate.
 */
#include "extract.h"
#include "xhint.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------
 * Data
 * ---------------------------------------------------------------------- */

typedef struct xnode {
    const GumboNode *g;
    int parent;              /* index, -1 for the root */
    GumboTag tag;
    unsigned flags;
    size_t text;             /* text bytes in the subtree (visible only) */
    size_t link;             /* of which inside links */
    size_t good;             /* bytes of substantial blocks in the subtree */
    int boiler;              /* under (or is) an element hinted as boilerplate */
    double score;
} xnode;

typedef struct xblock {
    int owner;               /* xnode index */
    size_t off, len;         /* in the scratch buffer */
    size_t link;             /* bytes inside links */
    size_t time;             /* bytes inside <time> */
    int commas;
    int kind, level;
    int keep;
} xblock;

typedef struct xctx {
    const html_doc *d;
    xnode *n;
    size_t nn, ncap;
    xblock *b;
    size_t nb, bcap;
    char *s;                 /* scratch: block texts, back to back */
    size_t slen, scap;
    /* the run being collected */
    size_t run_off, run_link, run_time;
    int run_commas;
    int run_owner;
    int pre_depth;
} xctx;

/* ------------------------------------------------------------------------
 * Pass 1: flatten into nodes and blocks
 * ---------------------------------------------------------------------- */

static int sgrow(xctx *x, size_t more) {
    if (x->slen + more + 1 <= x->scap) return TL_OK;
    size_t nc = x->scap ? x->scap : 4096;
    while (nc < x->slen + more + 1) nc *= 2;
    char *ns = realloc(x->s, nc);
    if (!ns) return TL_ENOMEM;
    x->s = ns;
    x->scap = nc;
    return TL_OK;
}

static int block_kind(const xctx *x, int owner, int *level) {
    *level = 0;
    GumboTag t = x->n[owner].tag;
    if (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6) {
        *level = (int)(t - GUMBO_TAG_H1) + 1;
        return HX_H;
    }
    for (int i = owner; i >= 0; i = x->n[i].parent) {
        if (x->n[i].flags & XF_QUOTE) return HX_QUOTE;
        if (x->n[i].flags & XF_PRE) return HX_PRE;
        if (x->n[i].flags & (XF_ARTICLE | XF_MAIN | XF_BODYPROP)) break;
    }
    if (t == GUMBO_TAG_LI || t == GUMBO_TAG_DD || t == GUMBO_TAG_DT) return HX_LI;
    if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) return HX_CELL;
    return HX_P;
}

/* End the inline run: trim it and, when it has text, make it a block. */
static int flush(xctx *x) {
    size_t off = x->run_off;
    size_t end = x->slen;
    while (end > off && (x->s[end - 1] == ' ' || x->s[end - 1] == '\n')) end--;
    size_t start = off;
    while (start < end && (x->s[start] == ' ' || x->s[start] == '\n')) start++;
    if (end > start && x->run_owner >= 0) {
        if (x->nb == x->bcap) {
            size_t nc = x->bcap ? x->bcap * 2 : 256;
            xblock *nbk = realloc(x->b, nc * sizeof(*nbk));
            if (!nbk) return TL_ENOMEM;
            x->b = nbk;
            x->bcap = nc;
        }
        xblock *b = &x->b[x->nb++];
        memset(b, 0, sizeof(*b));
        b->owner = x->run_owner;
        b->off = start;
        b->len = end - start;
        b->link = x->run_link < b->len ? x->run_link : b->len;
        b->time = x->run_time < b->len ? x->run_time : b->len;
        b->commas = x->run_commas;
        b->kind = block_kind(x, b->owner, &b->level);
        x->slen = end;
    } else {
        x->slen = off;
    }
    x->run_off = x->slen;
    x->run_link = 0;
    x->run_time = 0;
    x->run_commas = 0;
    return TL_OK;
}

/* Append a text node's bytes to the run, whitespace collapsed unless in
 * <pre>. */
static int add_text(xctx *x, const char *t, int in_link, int in_time) {
    size_t k = strlen(t);
    if (sgrow(x, k + 1) != TL_OK) return TL_ENOMEM;
    size_t before = x->slen;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)t[i];
        if (x->pre_depth == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
            if (x->slen > x->run_off && x->s[x->slen - 1] != ' ' && x->s[x->slen - 1] != '\n')
                x->s[x->slen++] = ' ';
            continue;
        }
        if (c == '\r') continue;
        if (c == ',') x->run_commas++;
        else if (c == 0xEF && i + 2 < k && (unsigned char)t[i + 1] == 0xBC &&
                 (unsigned char)t[i + 2] == 0x8C)
            x->run_commas++;             /* U+FF0C fullwidth comma */
        else if (c == 0xE3 && i + 2 < k && (unsigned char)t[i + 1] == 0x80 &&
                 ((unsigned char)t[i + 2] == 0x81 || (unsigned char)t[i + 2] == 0x82))
            x->run_commas++;             /* 、。 */
        x->s[x->slen++] = (char)c;
    }
    if (in_link) x->run_link += x->slen - before;
    if (in_time) x->run_time += x->slen - before;
    return TL_OK;
}

static int add_node(xctx *x, const GumboNode *g, int parent, GumboTag tag, unsigned flags) {
    if (x->nn == x->ncap) {
        size_t nc = x->ncap ? x->ncap * 2 : 1024;
        xnode *nv = realloc(x->n, nc * sizeof(*nv));
        if (!nv) return -1;
        x->n = nv;
        x->ncap = nc;
    }
    xnode *n = &x->n[x->nn];
    memset(n, 0, sizeof(*n));
    n->g = g;
    n->parent = parent;
    n->tag = tag;
    n->flags = flags;
    return (int)x->nn++;
}

typedef struct frame {
    const GumboNode *g;
    int idx;                 /* xnode index */
    unsigned next;           /* next child to visit */
    int owner_before;        /* run owner to restore on exit */
} frame;

static int flatten(xctx *x, const GumboNode *root) {
    size_t cap = 256, top = 0;
    frame *st = malloc(cap * sizeof(*st));
    if (!st) return TL_ENOMEM;
    int link_depth = 0, time_depth = 0;
    int idx = add_node(x, root, -1, root->v.element.tag, xh_flags(root));
    if (idx < 0) { free(st); return TL_ENOMEM; }
    x->run_owner = idx;
    st[top++] = (frame){root, idx, 0, -1};
    int rc = TL_OK;
    while (top > 0 && rc == TL_OK) {
        frame *f = &st[top - 1];
        const GumboVector *ch = &f->g->v.element.children;
        if (f->next >= ch->length) {
            /* leave the element */
            unsigned fl = x->n[f->idx].flags;
            if (fl & XF_BLOCK) {
                rc = flush(x);
                x->run_owner = f->owner_before;
            }
            if (fl & XF_LINK) link_depth--;
            if (fl & XF_TIME) time_depth--;
            if (fl & XF_PRE) x->pre_depth--;
            top--;
            continue;
        }
        const GumboNode *c = ch->data[f->next++];
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
            c->type == GUMBO_NODE_WHITESPACE) {
            rc = add_text(x, c->v.text.text, link_depth > 0, time_depth > 0);
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT) continue;
        GumboTag t = c->v.element.tag;
        if (t == GUMBO_TAG_BR) {
            if (sgrow(x, 1) != TL_OK) { rc = TL_ENOMEM; break; }
            while (x->slen > x->run_off && x->s[x->slen - 1] == ' ') x->slen--;
            if (x->slen > x->run_off) x->s[x->slen++] = '\n';
            continue;
        }
        unsigned fl = xh_flags(c);
        if (fl & XF_SKIP) {
            /* an inline skip (a button in a sentence) only separates words */
            if (!(fl & XF_BLOCK) && sgrow(x, 1) == TL_OK && x->slen > x->run_off &&
                x->s[x->slen - 1] != ' ')
                x->s[x->slen++] = ' ';
            continue;
        }
        int ci = add_node(x, c, f->idx, t, fl);
        if (ci < 0) { rc = TL_ENOMEM; break; }
        if (top == cap) {
            cap *= 2;
            frame *ns = realloc(st, cap * sizeof(*ns));
            if (!ns) { rc = TL_ENOMEM; break; }
            st = ns;
            f = &st[top - 1];
        }
        int owner_before = x->run_owner;
        if (fl & XF_BLOCK) {
            if ((rc = flush(x)) != TL_OK) break;
            x->run_owner = ci;
        }
        if (fl & XF_LINK) link_depth++;
        if (fl & XF_TIME) time_depth++;
        if (fl & XF_PRE) x->pre_depth++;
        st[top++] = (frame){c, ci, 0, owner_before};
    }
    if (rc == TL_OK) rc = flush(x);
    free(st);
    return rc;
}

/* ------------------------------------------------------------------------
 * Pass 2: score containers
 * ---------------------------------------------------------------------- */

#define MIN_GOOD 25          /* bytes: a block that can vote */

static int is_good(const xblock *b) {
    return b->len >= MIN_GOOD && b->link * 2 < b->len;
}

/* Subtree sums: nodes are in pre-order, so children come after parents. */
static void sums(xctx *x) {
    for (size_t i = 0; i < x->nb; i++) {
        xnode *o = &x->n[x->b[i].owner];
        o->text += x->b[i].len;
        o->link += x->b[i].link;
        if (is_good(&x->b[i])) o->good += x->b[i].len;
    }
    for (size_t i = x->nn; i-- > 1;) {
        xnode *n = &x->n[i], *p = &x->n[n->parent];
        p->text += n->text;
        p->link += n->link;
        p->good += n->good;
    }
}

/* A boilerplate hint counts unless the element is the article itself, or
 * the hint is a layout word and the element holds most of the page's
 * substantial text (a wrapper). */
static int neg_applies(const xctx *x, int i) {
    const xnode *n = &x->n[i];
    if (!(n->flags & (XF_NEG | XF_LAYOUT))) return 0;
    if (n->flags & (XF_ARTICLE | XF_MAIN | XF_BODYPROP)) return 0;
    if (n->flags & XF_NEG) return n->good < 400 || n->good * 10 < x->n[0].good * 9;
    return n->good * 2 < x->n[0].good;
}

/* Mark every node under an applicable boilerplate hint (pre-order: a
 * parent's index is below its children's). */
static void mark_boiler(xctx *x) {
    for (size_t i = 0; i < x->nn; i++) {
        xnode *n = &x->n[i];
        n->boiler = (n->parent >= 0 && x->n[n->parent].boiler) || neg_applies(x, (int)i);
    }
}

static void score(xctx *x) {
    for (size_t i = 0; i < x->nb; i++) {
        const xblock *b = &x->b[i];
        if (!is_good(b)) continue;
        double s = 1.0 + b->commas + (b->len / 100.0 > 3 ? 3 : b->len / 100.0);
        /* A block directly in a div votes for that div first. */
        int a = b->owner;
        GumboTag t = x->n[a].tag;
        if (t == GUMBO_TAG_P || (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6) ||
            t == GUMBO_TAG_LI || t == GUMBO_TAG_TD || t == GUMBO_TAG_PRE)
            a = x->n[a].parent;
        for (int lvl = 0; a >= 0 && lvl < 5; lvl++, a = x->n[a].parent)
            x->n[a].score += s / (lvl == 0 ? 1.0 : lvl == 1 ? 2.0 : lvl * 3.0);
    }
    for (size_t i = 0; i < x->nn; i++) {
        xnode *n = &x->n[i];
        if (n->score == 0) continue;
        double ld = n->text ? (double)n->link / (double)n->text : 0;
        n->score *= 1.0 - ld;
        if (n->flags & XF_BODYPROP) n->score *= 1.5;
        if (n->flags & (XF_POS | XF_ARTICLE)) n->score *= 1.25;
        if (n->boiler) n->score = 0;
    }
}

static int inside(const xctx *x, int i, int anc) {
    for (; i >= 0; i = x->n[i].parent)
        if (i == anc) return 1;
    return 0;
}

/* The body container. */
static int pick_body(const xctx *x) {
    int best = -1;
    for (size_t i = 0; i < x->nn; i++)
        if (x->n[i].score > 0 && (best < 0 || x->n[i].score > x->n[best].score))
            best = (int)i;
    if (best < 0) return 0;
    /* An itemprop=articleBody or <article> holding this container and not
     * much more is the better boundary: it keeps the article's own
     * headings and lists that did not vote. */
    for (int a = x->n[best].parent; a > 0; a = x->n[a].parent) {
        double ald = x->n[a].text ? (double)x->n[a].link / (double)x->n[a].text : 1;
        if ((x->n[a].flags & (XF_BODYPROP | XF_ARTICLE | XF_MAIN)) && !x->n[a].boiler &&
            x->n[a].good <= x->n[best].good * 5 / 2 && ald <= 0.3) {
            best = a;
            break;
        }
    }
    /* Widen while the parent's substantial text is mostly outside best
     * but in sibling containers that look like article text too (pages
     * that split the body into several divs around ads). */
    for (int guard = 0; guard < 4; guard++) {
        int p = x->n[best].parent;
        if (p < 0) break;
        size_t mine = x->n[best].good, all = x->n[p].good;
        if (all == 0 || mine * 10 >= all * 7) break;
        /* the siblings' share must be "clean": low link density */
        double ld = x->n[p].text ? (double)x->n[p].link / (double)x->n[p].text : 1;
        if (x->n[p].score < x->n[best].score * 0.6 || ld > 0.25) break;
        best = p;
    }
    return best;
}

/* ------------------------------------------------------------------------
 * Pass 3: emit
 * ---------------------------------------------------------------------- */

static int eq_ci_ws(const char *a, size_t an, const char *b, size_t bn) {
    while (an && isspace((unsigned char)a[an - 1])) an--;
    while (bn && isspace((unsigned char)b[bn - 1])) bn--;
    return an == bn && strncasecmp(a, b, an) == 0;
}

static int boiler_line(const char *s, size_t n) {
    static const char *const lines[] = {
        "advertisement", "advertisements", "ad", "sponsored", "share", "share this",
        "share this article", "share this story", "read more", "read more:",
        "continue reading", "related", "related articles", "related stories",
        "recommended", "most read", "most popular", "comments", "leave a comment",
        "follow us", "subscribe", "sign up", "skip to content", "skip advertisement",
        "story continues below advertisement", "supported by", "(ad)", "loading...",
        NULL};
    if (n > 48) return 0;
    for (int i = 0; lines[i]; i++)
        if (eq_ci_ws(s, n, lines[i], strlen(lines[i]))) return 1;
    return 0;
}

/* Is block i under an element (below body) that marks boilerplate? */
static int in_boiler(const xctx *x, int owner, int body) {
    if (x->n[owner].boiler && !x->n[body].boiler) return 1;
    for (int a = owner; a >= 0 && a != body; a = x->n[a].parent) {
        if (neg_applies(x, a)) return 1;
        if ((x->n[a].flags & XF_HEADER) && x->n[a].good < 200) return 1;
    }
    return 0;
}

static int weak_hinted(const xctx *x, int owner, int body) {
    for (int a = owner; a >= 0 && a != body; a = x->n[a].parent)
        if (x->n[a].flags & XF_WEAK) return 1;
    return 0;
}

/* The list element a list-item block belongs to, or -1. */
static int list_of(const xctx *x, int owner, int body) {
    for (int a = owner; a >= 0 && a != body; a = x->n[a].parent)
        if (x->n[a].flags & XF_LIST) return a;
    return -1;
}

/* The body's own class, repeated: pages that cut the article into chunks
 * (<div class="article__body"> x 5, between ads) get every chunk. Marks
 * the chosen roots in sel[] (by node index). */
static void pick_chunks(const xctx *x, int body, char *sel) {
    sel[body] = 1;
    const GumboNode *g = x->n[body].g;
    const char *cls = html_attr(g, "class");
    if (!cls || !*cls || body == 0) return;
    for (size_t i = 0; i < x->nn; i++) {
        const xnode *n = &x->n[i];
        if ((int)i == body || n->tag != x->n[body].tag || n->boiler || n->good == 0) continue;
        const char *c2 = html_attr(n->g, "class");
        if (!c2 || strcmp(c2, cls) != 0) continue;
        if (inside(x, (int)i, body) || inside(x, body, (int)i)) continue;
        double ld = n->text ? (double)n->link / (double)n->text : 1;
        if (ld <= 0.3) sel[i] = 1;
    }
}

/* The selected root a node is under, or -1. */
static int root_of(const xctx *x, int i, const char *sel) {
    for (; i >= 0; i = x->n[i].parent)
        if (sel[i]) return i;
    return -1;
}

static void choose(xctx *x, const char *sel, const char *title) {
    size_t tlen = title ? strlen(title) : 0;
    for (size_t i = 0; i < x->nb; i++) {
        xblock *b = &x->b[i];
        b->keep = 0;
        int body = root_of(x, b->owner, sel);
        if (body < 0) continue;
        const char *s = x->s + b->off;
        if (in_boiler(x, b->owner, body)) continue;
        if (boiler_line(s, b->len)) continue;
        double ld = b->len ? (double)b->link / (double)b->len : 0;
        if (ld > 0.5 && b->kind != HX_QUOTE) continue;
        int lst = list_of(x, b->owner, body);
        if (lst >= 0) {
            const xnode *L = &x->n[lst];
            double lld = L->text ? (double)L->link / (double)L->text : 0;
            if (lld > 0.55) continue;            /* a list of links */
        }
        if (b->kind == HX_H && title && tlen &&
            eq_ci_ws(s, b->len, title, tlen))
            continue;                            /* the headline again */
        if (b->kind == HX_H && b->level == 1) continue;
        if (weak_hinted(x, b->owner, body) && b->len < 120) continue;
        if (b->time * 10 >= b->len * 8 && b->len < 80) continue;   /* a timestamp line */
        /* short fragments with no sentence punctuation in a link-rich
         * neighbourhood: labels, counters, "5 min read" */
        if (b->len < 20 && b->kind == HX_P && ld > 0) continue;
        b->keep = 1;
    }
    /* A heading needs kept text after it, before the next heading. */
    int after = 0;
    for (size_t i = x->nb; i-- > 0;) {
        xblock *b = &x->b[i];
        if (!b->keep) continue;
        if (b->kind == HX_H) {
            if (!after) b->keep = 0;
            after = 0;
        } else {
            after = 1;
        }
    }
}

/* ------------------------------------------------------------------------
 * Output
 * ---------------------------------------------------------------------- */

static int out_block(hx_text *t, size_t *cap, size_t *bcap, const char *s, size_t n,
                     int kind, int level) {
    size_t need = t->len + n + 3;
    if (need > *cap) {
        size_t nc = *cap ? *cap : 1024;
        while (nc < need) nc *= 2;
        char *nt = realloc(t->text, nc);
        if (!nt) return TL_ENOMEM;
        t->text = nt;
        *cap = nc;
    }
    if (t->nblocks == *bcap) {
        size_t nc = *bcap ? *bcap * 2 : 32;
        hx_block *nb = realloc(t->blocks, nc * sizeof(*nb));
        if (!nb) return TL_ENOMEM;
        t->blocks = nb;
        *bcap = nc;
    }
    if (t->len) {
        t->text[t->len++] = '\n';
        t->text[t->len++] = '\n';
    }
    t->blocks[t->nblocks++] = (hx_block){kind, level, t->len, n};
    memcpy(t->text + t->len, s, n);
    t->len += n;
    t->text[t->len] = 0;
    return TL_OK;
}

/* JSON-LD articleBody: paragraphs at blank lines or single newlines. */
static int from_jsonld(hx_text *t, const char *body) {
    size_t cap = 0, bcap = 0;
    const char *p = body;
    while (*p) {
        while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t') p++;
        const char *q = p;
        while (*q && *q != '\n') q++;
        size_t n = (size_t)(q - p);
        while (n && isspace((unsigned char)p[n - 1])) n--;
        if (n && out_block(t, &cap, &bcap, p, n, HX_P, 0) != TL_OK) return TL_ENOMEM;
        p = q;
    }
    t->from = "json-ld";
    return TL_OK;
}

#ifdef HX_DEBUG
static void debug_dump(const xctx *x, int body) {
    int top[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    for (size_t i = 0; i < x->nn; i++) {
        for (int k = 0; k < 8; k++) {
            if (top[k] < 0 || x->n[i].score > x->n[top[k]].score) {
                memmove(top + k + 1, top + k, (size_t)(7 - k) * sizeof(int));
                top[k] = (int)i;
                break;
            }
        }
    }
    for (int k = 0; k < 8 && top[k] >= 0; k++) {
        const xnode *n = &x->n[top[k]];
        fprintf(stderr, "%c %d <%s class='%s' id='%s'> score %.1f text %zu link %zu good %zu flags %x\n",
                top[k] == body ? '*' : ' ', top[k], gumbo_normalized_tagname(n->tag),
                html_attr(n->g, "class") ? html_attr(n->g, "class") : "",
                html_attr(n->g, "id") ? html_attr(n->g, "id") : "", n->score, n->text, n->link,
                n->good, n->flags);
    }
    for (size_t i = 1; i < x->nn; i++) {
        const xnode *n = &x->n[i];
        if (n->boiler && !x->n[n->parent].boiler && n->good > 300)
            fprintf(stderr, "boiler root %zu <%s class='%s' id='%s'> good %zu of %zu\n", i,
                    gumbo_normalized_tagname(n->tag),
                    html_attr(n->g, "class") ? html_attr(n->g, "class") : "",
                    html_attr(n->g, "id") ? html_attr(n->g, "id") : "", n->good, x->n[0].good);
    }
    const xnode *b = &x->n[body];
    fprintf(stderr, "body %d <%s class='%s'> ancestors:", body, gumbo_normalized_tagname(b->tag),
            html_attr(b->g, "class") ? html_attr(b->g, "class") : "");
    for (int a = b->parent; a >= 0; a = x->n[a].parent)
        fprintf(stderr, " %s.%s#%s", gumbo_normalized_tagname(x->n[a].tag),
                html_attr(x->n[a].g, "class") ? html_attr(x->n[a].g, "class") : "",
                html_attr(x->n[a].g, "id") ? html_attr(x->n[a].g, "id") : "");
    fputc('\n', stderr);
}
#endif

int hx_is_boiler(const GumboNode *n) {
    if (!n || n->type != GUMBO_NODE_ELEMENT) return 0;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_HEAD) return 0;          /* <meta> lives there */
    return (xh_flags(n) & (XF_SKIP | XF_NEG | XF_LAYOUT)) != 0;
}

int hx_extract(const html_doc *d, const char *title_in, const char *jsonld_body,
               hx_text *out, tl_err *e) {
    memset(out, 0, sizeof(*out));
    xctx x;
    memset(&x, 0, sizeof(x));
    x.d = d;
    x.run_owner = -1;
    int rc = TL_OK;
    const GumboNode *root = d->out->root;
    const char *title = NULL;
    char *tbuf = NULL, *sel = NULL;
    size_t tlen = 0, tcap = 0;
    if (title_in) {
        title = title_in;
    } else {
        const GumboNode *tn = html_find(root, GUMBO_TAG_TITLE);
        if (tn && html_text(tn, &tbuf, &tlen, &tcap, 4096) == TL_OK) title = tbuf;
    }

    if ((rc = flatten(&x, root)) != TL_OK) goto error;
    sums(&x);
    mark_boiler(&x);
    score(&x);
    int body = pick_body(&x);
#ifdef HX_DEBUG
    debug_dump(&x, body);
#endif
    sel = calloc(x.nn, 1);
    if (!sel) { rc = TL_ENOMEM; goto error; }
    pick_chunks(&x, body, sel);
    choose(&x, sel, title);

    size_t cap = 0, bcap = 0, kept = 0;
    for (size_t i = 0; i < x.nb; i++) {
        const xblock *b = &x.b[i];
        if (!b->keep) continue;
        if ((rc = out_block(out, &cap, &bcap, x.s + b->off, b->len, b->kind, b->level)) != TL_OK)
            goto error;
        kept += b->len;
    }
    out->from = "dom";
    /* JSON-LD body when the tree gave clearly less (script-rendered pages,
     * teasers): measured in bytes of text. */
    if (jsonld_body && strlen(jsonld_body) > kept * 2 + 200) {
        hx_text_free(out);
        if ((rc = from_jsonld(out, jsonld_body)) != TL_OK) goto error;
    }
    if (out->len == 0) {
        hx_text_free(out);
        if (x.nb)
            rc = err_set(e, TL_EEMPTY, "no article text found: the page holds only "
                         "navigation, links or boilerplate (%zu text blocks)", x.nb);
        else
            rc = err_set(e, TL_EEMPTY, "no article text found: the page has no visible text");
        goto done;
    }
    goto done;

error:
    hx_text_free(out);
    if (rc == TL_ENOMEM) err_set(e, rc, "out of memory");
done:
    free(sel);
    free(tbuf);
    free(x.n);
    free(x.b);
    free(x.s);
    return rc;
}

int hx_all_text(const html_doc *d, hx_text *out, tl_err *e) {
    memset(out, 0, sizeof(*out));
    xctx x;
    memset(&x, 0, sizeof(x));
    x.d = d;
    x.run_owner = -1;
    int rc = flatten(&x, d->out->root);
    size_t cap = 0, bcap = 0;
    for (size_t i = 0; i < x.nb && rc == TL_OK; i++)
        rc = out_block(out, &cap, &bcap, x.s + x.b[i].off, x.b[i].len, x.b[i].kind, x.b[i].level);
    out->from = "dom";
    free(x.n);
    free(x.b);
    free(x.s);
    if (rc != TL_OK) { hx_text_free(out); return err_set(e, TL_ENOMEM, "out of memory"); }
    if (!out->len) { hx_text_free(out); return err_set(e, TL_EEMPTY, "no text"); }
    return TL_OK;
}

void hx_text_free(hx_text *t) {
    if (!t) return;
    free(t->text);
    free(t->blocks);
    memset(t, 0, sizeof(*t));
}

const char *hx_kind_name(int kind) {
    static const char *const names[] = {"p", "h", "li", "quote", "pre", "cell"};
    return kind >= 0 && kind <= HX_CELL ? names[kind] : "p";
}
