/* qgroup.c -- grouping the same statement quoted by several outlets (see
 * qgroup.h for the rule).
 *
 * Steps, all inside one call with no state kept between calls:
 *  1. content words: each quote's words become ids in a per-call
 *     vocabulary (a string hash table), sorted and deduplicated;
 *  2. candidates: an inverted index (term -> items, in item order) counts,
 *     for each item, the words it shares with every earlier item. Only
 *     pairs sharing a word are ever looked at, so a story of a few hundred
 *     quotes costs well under a millisecond, and thousands of quotes on
 *     unrelated topics stay near linear; the worst case (every quote
 *     sharing a word with every other) is the full n²/2 pairs, each O(1);
 *  3. matches that cannot conflict with anything (two quotes of
 *     QG_BRIDGE_WORDS or more words, same speaker) are unions right away;
 *     every other match (an unresolved speaker meeting a resolved one, or
 *     a short quote) is kept as an edge, at most QG_MAX_EDGES per item
 *     (its best ones), so memory stays linear whatever the input;
 *  4. the kept edges are taken best first (overlap coefficient, then
 *     Jaccard, then item order: deterministic) and joined unless the join
 *     would put two resolved speakers in one group, or let a short quote
 *     glue two groups of longer quotes together;
 *  5. groups are numbered in order of first appearance, and counted.
 */
#include "qgroup.h"
#include "stop.h"
#include "tok.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define QG_WORD 96               /* bytes of a folded word kept; longer ones are cut */
#define QG_NONE UINT32_MAX

typedef struct {
    uint32_t i, j;               /* items, j < i */
    uint32_t s, m, u;            /* shared words, smaller set, union of the two */
} edge;

typedef struct {
    /* vocabulary: term id -> string; hash table of ids + 1 */
    char *sb;
    size_t sblen, sbcap;
    size_t *soff;
    uint32_t *slen;
    uint64_t *shash;
    uint32_t nterm, capterm;
    uint32_t *slots;
    size_t nslots;
    /* content words of each item: t[toff[i] .. toff[i + 1]) */
    uint32_t *t;
    size_t nt, capt;
    size_t *toff;
    /* union-find over items, with what each root's set holds */
    uint32_t *parent, *size, *spk, *nlong;
    /* kept edges */
    edge *e;
    size_t ne, cape;
    tok_list toks;
    stem_t *st;
    int own_st;
} qg_ctx;

/* ------------------------------------------------------------------------
 * Vocabulary
 * ---------------------------------------------------------------------- */

static int vocab_grow(qg_ctx *c) {
    size_t cap = c->nslots ? c->nslots * 2 : 1024;
    uint32_t *s = calloc(cap, sizeof(uint32_t));
    if (!s) return TL_ENOMEM;
    for (uint32_t id = 0; id < c->nterm; id++) {
        size_t k = (size_t)c->shash[id] & (cap - 1);
        while (s[k]) k = (k + 1) & (cap - 1);
        s[k] = id + 1;
    }
    free(c->slots);
    c->slots = s;
    c->nslots = cap;
    return TL_OK;
}

/* The id of the n bytes at w, added when new; QG_NONE when out of memory. */
static uint32_t vocab_id(qg_ctx *c, const char *w, size_t n) {
    if ((size_t)(c->nterm + 1) * 2 > c->nslots && vocab_grow(c) != TL_OK) return QG_NONE;
    uint64_t h = XXH3_64bits(w, n);
    size_t mask = c->nslots - 1, k = (size_t)h & mask;
    for (uint32_t s; (s = c->slots[k]) != 0; k = (k + 1) & mask)
        if (c->shash[s - 1] == h && c->slen[s - 1] == n && memcmp(c->sb + c->soff[s - 1], w, n) == 0)
            return s - 1;
    if (c->nterm == c->capterm) {
        uint32_t cap = c->capterm ? c->capterm * 2 : 256;
        size_t *o = realloc(c->soff, cap * sizeof(size_t));
        if (!o) return QG_NONE;
        c->soff = o;
        uint32_t *l = realloc(c->slen, cap * sizeof(uint32_t));
        if (!l) return QG_NONE;
        c->slen = l;
        uint64_t *hv = realloc(c->shash, cap * sizeof(uint64_t));
        if (!hv) return QG_NONE;
        c->shash = hv;
        c->capterm = cap;
    }
    if (c->sblen + n > c->sbcap) {
        size_t cap = c->sbcap ? c->sbcap * 2 : 4096;
        while (cap < c->sblen + n) cap *= 2;
        char *b = realloc(c->sb, cap);
        if (!b) return QG_NONE;
        c->sb = b;
        c->sbcap = cap;
    }
    memcpy(c->sb + c->sblen, w, n);
    uint32_t id = c->nterm++;
    c->soff[id] = c->sblen;
    c->slen[id] = (uint32_t)n;
    c->shash[id] = h;
    c->sblen += n;
    c->slots[k] = id + 1;
    return id;
}

/* ------------------------------------------------------------------------
 * Content words
 * ---------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int push_term(qg_ctx *c, uint32_t id) {
    if (c->nt == c->capt) {
        size_t cap = c->capt ? c->capt * 2 : 1024;
        uint32_t *v = realloc(c->t, cap * sizeof(uint32_t));
        if (!v) return TL_ENOMEM;
        c->t = v;
        c->capt = cap;
    }
    c->t[c->nt++] = id;
    return TL_OK;
}

/* Drop the periods of a folded abbreviation: "u.s." -> "us". */
static size_t undot(char *w, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] != '.') w[k++] = w[i];
    return k;
}

/* Append the content words of one text to c->t, sorted, each once. */
static int content_words(qg_ctx *c, const char *s, size_t len) {
    size_t from = c->nt;
    c->toks.n = 0;
    if (len == 0) return TL_OK;
    int rc = tok_text(s, len, &c->toks);
    if (rc != TL_OK) return rc;
    char w[QG_WORD];
    for (size_t i = 0; i < c->toks.n; i++) {
        const tok_t *t = &c->toks.v[i];
        if (!(t->flags & (TOK_WORD | TOK_NUM))) continue;
        size_t n = tok_fold(s + t->start, t->end - t->start, w, sizeof(w));
        if (t->flags & TOK_ABBR) n = undot(w, n);
        if (n == 0) continue;
        const char *key = w;
        if (!(t->flags & TOK_NUM)) {           /* a word: drop, or stem */
            if (n < 2 || (stop_is(w, n) && !(t->flags & TOK_ALLCAP))) continue;
            size_t sn;
            const char *stem = stem_word(c->st, w, n, &sn);
            if (!stem) return TL_ENOMEM;
            if (sn == 0) continue;
            if (sn > sizeof(w)) sn = sizeof(w);
            memmove(w, stem, sn);
            n = tok_variant_key(w, sn);
            key = w;
        }
        uint32_t id = vocab_id(c, key, n);
        if (id == QG_NONE || push_term(c, id) != TL_OK) return TL_ENOMEM;
    }
    size_t k = c->nt - from;
    if (k > 1) {
        qsort(c->t + from, k, sizeof(uint32_t), cmp_u32);
        size_t u = from + 1;
        for (size_t i = from + 1; i < c->nt; i++)
            if (c->t[i] != c->t[u - 1]) c->t[u++] = c->t[i];
        c->nt = u;
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Union-find
 * ---------------------------------------------------------------------- */

static uint32_t find(uint32_t *parent, uint32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Join the sets of roots a and b (a != b). */
static void join(qg_ctx *c, uint32_t a, uint32_t b) {
    if (c->size[a] < c->size[b]) { uint32_t x = a; a = b; b = x; }
    c->parent[b] = a;
    c->size[a] += c->size[b];
    c->nlong[a] += c->nlong[b];
    if (!c->spk[a]) c->spk[a] = c->spk[b];
}

/* ------------------------------------------------------------------------
 * Matching
 * ---------------------------------------------------------------------- */

/* Is x a better match than y? Overlap coefficient s/m, then Jaccard s/u
 * (fractions compared exactly), then the earlier items. */
static int better(const edge *x, const edge *y) {
    uint64_t l = (uint64_t)x->s * y->m, r = (uint64_t)y->s * x->m;
    if (l != r) return l > r;
    l = (uint64_t)x->s * y->u;
    r = (uint64_t)y->s * x->u;
    if (l != r) return l > r;
    if (x->i != y->i) return x->i < y->i;
    return x->j < y->j;
}

static int cmp_edge(const void *a, const void *b) {
    const edge *x = a, *y = b;
    return better(x, y) ? -1 : better(y, x) ? 1 : 0;
}

typedef struct {
    double min_overlap;
    uint32_t min_shared, bridge;
} params;

/* Do two quotes of a and b content words sharing s match (speakers
 * already compatible)? */
static int is_match(const params *p, uint32_t s, uint32_t a, uint32_t b, uint32_t sa, uint32_t sb) {
    uint32_t m = a < b ? a : b;
    if (s >= p->min_shared) return (double)s >= p->min_overlap * (double)m - 1e-9;
    if (sa != sb || sa == 0) return 0;     /* short: only the same resolved speaker */
    return (s == a && s == b) ||           /* identical: "candid and constructive" */
           (s == m && s >= 2);             /* partial quote of a longer one */
}

/* Keep edge x among item i's best QG_MAX_EDGES (best[0..*nb), best first). */
static void keep_best(edge *best, size_t *nb, const edge *x) {
    size_t k = *nb;
    if (k == QG_MAX_EDGES) {
        if (!better(x, &best[k - 1])) return;
        k--;
    } else {
        (*nb)++;
    }
    while (k > 0 && better(x, &best[k - 1])) {
        best[k] = best[k - 1];
        k--;
    }
    best[k] = *x;
}

static int push_edges(qg_ctx *c, const edge *v, size_t k) {
    if (c->ne + k > c->cape) {
        size_t cap = c->cape ? c->cape * 2 : 256;
        while (cap < c->ne + k) cap *= 2;
        edge *x = realloc(c->e, cap * sizeof(edge));
        if (!x) return TL_ENOMEM;
        c->e = x;
        c->cape = cap;
    }
    memcpy(c->e + c->ne, v, k * sizeof(edge));
    c->ne += k;
    return TL_OK;
}

/* Steps 2 to 4 of the file comment, over the items' content words. */
static int match_all(qg_ctx *c, const qg_item *items, uint32_t n, const params *p) {
    /* inverted index: post[poff[t] .. poff[t + 1]) are the items holding t */
    size_t *poff = calloc((size_t)c->nterm + 1, sizeof(size_t));
    uint32_t *post = malloc((c->nt ? c->nt : 1) * sizeof(uint32_t));
    uint32_t *cnt = calloc(n, sizeof(uint32_t));
    uint32_t *touched = malloc(n * sizeof(uint32_t));
    int rc = TL_ENOMEM;
    if (!poff || !post || !cnt || !touched) goto done;
    for (size_t k = 0; k < c->nt; k++) poff[c->t[k] + 1]++;
    for (uint32_t t = 0; t < c->nterm; t++) poff[t + 1] += poff[t];
    for (uint32_t i = 0; i < n; i++)
        for (size_t k = c->toff[i]; k < c->toff[i + 1]; k++) post[poff[c->t[k]]++] = i;
    for (uint32_t t = c->nterm; t > 0; t--) poff[t] = poff[t - 1];
    poff[0] = 0;

    edge best[QG_MAX_EDGES];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = (uint32_t)(c->toff[i + 1] - c->toff[i]), nt = 0;
        for (size_t k = c->toff[i]; k < c->toff[i + 1]; k++)
            for (size_t q = poff[c->t[k]]; post[q] < i; q++)     /* i itself ends the run */
                if (!cnt[post[q]]++) touched[nt++] = post[q];
        size_t nb = 0;
        for (uint32_t k = 0; k < nt; k++) {
            uint32_t j = touched[k], s = cnt[j];
            cnt[j] = 0;
            uint32_t b = (uint32_t)(c->toff[j + 1] - c->toff[j]);
            uint32_t si = items[i].speaker, sj = items[j].speaker;
            if (si && sj && si != sj) continue;
            if (!is_match(p, s, a, b, si, sj)) continue;
            if (si == sj && a >= p->bridge && b >= p->bridge) {
                uint32_t ri = find(c->parent, i), rj = find(c->parent, j);
                if (ri != rj) join(c, ri, rj);                 /* cannot conflict */
                continue;
            }
            if (find(c->parent, i) == find(c->parent, j)) continue;
            edge x = {i, j, s, a < b ? a : b, a + b - s};
            keep_best(best, &nb, &x);
        }
        if (nb && push_edges(c, best, nb) != TL_OK) goto done;
    }

    if (c->ne > 1) qsort(c->e, c->ne, sizeof(edge), cmp_edge);
    for (size_t k = 0; k < c->ne; k++) {
        const edge *x = &c->e[k];
        uint32_t ri = find(c->parent, x->i), rj = find(c->parent, x->j);
        if (ri == rj) continue;
        if (c->spk[ri] && c->spk[rj] && c->spk[ri] != c->spk[rj]) continue;
        int is_short = c->toff[x->i + 1] - c->toff[x->i] < p->bridge ||
                       c->toff[x->j + 1] - c->toff[x->j] < p->bridge;
        if (is_short && c->nlong[ri] && c->nlong[rj]) continue;   /* no glue */
        join(c, ri, rj);
    }
    rc = TL_OK;
done:
    free(poff);
    free(post);
    free(cnt);
    free(touched);
    return rc;
}

/* ------------------------------------------------------------------------
 * Result
 * ---------------------------------------------------------------------- */

typedef struct {
    const char *src;
    int64_t art;
} who;

static int cmp_art(const void *a, const void *b) {
    int64_t x = ((const who *)a)->art, y = ((const who *)b)->art;
    return (x > y) - (x < y);
}

/* Outlets first by name, items without one after them by article. */
static int cmp_src(const void *a, const void *b) {
    const who *x = a, *y = b;
    if (x->src && y->src) return strcmp(x->src, y->src);
    if (x->src || y->src) return x->src ? -1 : 1;
    return cmp_art(a, b);
}

static int build_result(qg_ctx *c, const qg_item *items, uint32_t n, qg_result *out) {
    uint32_t *gid = malloc(n * sizeof(uint32_t));
    who *w = malloc(n * sizeof(who));
    out->group = malloc(n * sizeof(size_t));
    out->members = malloc(n * sizeof(size_t));
    out->g = calloc(n, sizeof(qg_group));
    int rc = TL_ENOMEM;
    if (!gid || !w || !out->group || !out->members || !out->g) goto done;
    out->n = n;
    for (uint32_t i = 0; i < n; i++) gid[i] = QG_NONE;
    size_t ng = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = find(c->parent, i);
        if (gid[r] == QG_NONE) {
            gid[r] = (uint32_t)ng;
            out->g[ng].speaker = c->spk[r];
            ng++;
        }
        out->group[i] = gid[r];
        out->g[gid[r]].n++;
    }
    out->ngroups = ng;
    size_t at = 0;
    for (size_t k = 0; k < ng; k++) {
        out->g[k].first = at;
        at += out->g[k].n;
        out->g[k].n = 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        qg_group *g = &out->g[out->group[i]];
        size_t words = c->toff[i + 1] - c->toff[i];
        out->members[g->first + g->n] = i;
        w[g->first + g->n] = (who){items[i].source, items[i].article};
        int said = items[i].speaker != 0, rsaid = g->n && items[g->rep].speaker != 0;
        if (g->n == 0 || said > rsaid ||
            (said == rsaid && (words > g->words || (words == g->words && items[i].len > items[g->rep].len)))) {
            g->rep = i;
            g->words = (uint32_t)words;
        }
        g->n++;
    }
    for (size_t k = 0; k < ng; k++) {
        qg_group *g = &out->g[k];
        who *v = w + g->first;
        qsort(v, g->n, sizeof(who), cmp_art);
        g->articles = 1;
        for (size_t i = 1; i < g->n; i++) g->articles += v[i].art != v[i - 1].art;
        qsort(v, g->n, sizeof(who), cmp_src);
        g->sources = 1;
        for (size_t i = 1; i < g->n; i++) g->sources += cmp_src(&v[i], &v[i - 1]) != 0;
    }
    rc = TL_OK;
done:
    free(gid);
    free(w);
    return rc;
}

/* ------------------------------------------------------------------------
 * API
 * ---------------------------------------------------------------------- */

static void ctx_free(qg_ctx *c) {
    free(c->sb);
    free(c->soff);
    free(c->slen);
    free(c->shash);
    free(c->slots);
    free(c->t);
    free(c->toff);
    free(c->parent);
    free(c->size);
    free(c->spk);
    free(c->nlong);
    free(c->e);
    tok_list_free(&c->toks);
    if (c->own_st) stem_free(c->st);
}

int qg_group_quotes(const qg_item *items, size_t n, const qg_opts *o, qg_result *out, tl_err *e) {
    if (!out) return err_set(e, TL_EINVAL, "qg_group_quotes: no result");
    *out = (qg_result)QG_RESULT_INIT;
    if (n == 0) return TL_OK;
    if (!items) return err_set(e, TL_EINVAL, "qg_group_quotes: no items");
    if (n >= QG_NONE) return err_set(e, TL_ETOOBIG, "qg_group_quotes: %zu quotes", n);
    params p = {QG_MIN_OVERLAP, QG_MIN_SHARED, QG_BRIDGE_WORDS};
    if (o && o->min_overlap > 0) p.min_overlap = o->min_overlap;
    if (o && o->min_shared) p.min_shared = o->min_shared;
    if (o && o->bridge_words) p.bridge = o->bridge_words;

    qg_ctx c = {0};
    c.toks = (tok_list)TOK_LIST_INIT;
    int rc = TL_ENOMEM;
    const char *what = "grouping quotes";
    if (o && o->stem) {
        c.st = o->stem;
    } else {
        c.st = stem_new("en");
        c.own_st = 1;
        if (!c.st) goto fail;
    }
    c.toff = malloc((n + 1) * sizeof(size_t));
    c.parent = malloc(n * sizeof(uint32_t));
    c.size = malloc(n * sizeof(uint32_t));
    c.spk = malloc(n * sizeof(uint32_t));
    c.nlong = malloc(n * sizeof(uint32_t));
    if (!c.toff || !c.parent || !c.size || !c.spk || !c.nlong) goto fail;
    for (size_t i = 0; i < n; i++) {
        c.toff[i] = c.nt;
        if (!items[i].text && items[i].len) {
            rc = TL_EINVAL;
            what = "a quote with no text";
            goto fail;
        }
        if ((rc = content_words(&c, items[i].text, items[i].len)) != TL_OK) {
            what = rc == TL_ETOOBIG ? "a quote over 4 GB" : "reading the words of quotes";
            goto fail;
        }
        c.parent[i] = (uint32_t)i;
        c.size[i] = 1;
        c.spk[i] = items[i].speaker;
        c.nlong[i] = c.nt - c.toff[i] >= p.bridge;
    }
    c.toff[n] = c.nt;
    rc = TL_ENOMEM;
    if (c.nt >= QG_NONE) {
        rc = TL_ETOOBIG;
        what = "over 2^32 words";
        goto fail;
    }
    if (match_all(&c, items, (uint32_t)n, &p) != TL_OK) goto fail;
    if (build_result(&c, items, (uint32_t)n, out) != TL_OK) goto fail;
    ctx_free(&c);
    return TL_OK;
fail:
    ctx_free(&c);
    qg_result_free(out);
    return err_set(e, rc, "qg_group_quotes: %s: %s", what, err_name(rc));
}

void qg_result_free(qg_result *r) {
    if (!r) return;
    free(r->group);
    free(r->g);
    free(r->members);
    *r = (qg_result)QG_RESULT_INIT;
}
