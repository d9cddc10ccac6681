/* xscore.c -- the Article Extraction Benchmark's scorer (see xscore.h for
 * the rules, which are evaluate.py's).
 *
 * How: one pass over each text finds Python's \w+ tokens (an ASCII table,
 * utf8proc's general category above it) and interns them into ids through
 * an open-addressing table keyed by XXH3 (the bytes are compared on a
 * hash hit, so two tokens never merge). A shingle is then four ids, the
 * missing ones of a short text UINT32_MAX. The gold shingles are counted
 * in a second table, sized once; each predicted shingle takes one count
 * from its gold entry when some is left, which is the clipped
 * intersection: tp. fp and fn are what remains of either side.
 *
 * The bootstrap draws page indices with splitmix64 (unbiased by
 * rejection) and keeps a running mean and variance per figure (Welford),
 * so it allocates nothing.
 */
#include "xscore.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

/* ------------------------------------------------------------------------
 * Tokens: Python's \w
 * ---------------------------------------------------------------------- */

static int ascii_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* L* or N* (Python's str.isalnum), or '_'. */
static int cp_word(utf8proc_int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Is the character at s[i] a word character? *adv receives its length
 * (an invalid byte is one non-word byte). */
static int word_at(const char *s, size_t len, size_t i, size_t *adv) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *adv = 1;
        return ascii_word(c);
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
        *adv = 1;
        return 0;
    }
    *adv = (size_t)n;
    return cp_word(cp);
}

int xs_next_token(const char *s, size_t len, size_t *pos, size_t *start, size_t *tlen) {
    size_t i = *pos, adv;
    while (i < len && !word_at(s, len, i, &adv)) i += adv;
    if (i >= len) {
        *pos = len;
        return 0;
    }
    size_t b = i;
    while (i < len && word_at(s, len, i, &adv)) i += adv;
    *start = b;
    *tlen = i - b;
    *pos = i;
    return 1;
}

size_t xs_count_tokens(const char *s, size_t len) {
    size_t pos = 0, b, n, k = 0;
    while (s && xs_next_token(s, len, &pos, &b, &n)) k++;
    return k;
}

/* ------------------------------------------------------------------------
 * Interning tokens (both texts of a page share one table)
 * ---------------------------------------------------------------------- */

#define NO_ID UINT32_MAX

typedef struct {
    uint64_t h;
    const char *s;
    uint32_t n;
    uint32_t id;      /* NO_ID: empty slot */
} vslot;

typedef struct {
    vslot *v;
    size_t cap;       /* power of two */
    uint32_t n;       /* distinct tokens */
} vocab;

typedef struct {
    uint32_t *v;
    size_t n, cap;
} idlist;

static int vocab_grow(vocab *t) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    vslot *nv = malloc(cap * sizeof(*nv));
    if (!nv) return TL_ENOMEM;
    for (size_t i = 0; i < cap; i++) nv[i].id = NO_ID;
    for (size_t i = 0; i < t->cap; i++) {
        if (t->v[i].id == NO_ID) continue;
        size_t j = (size_t)t->v[i].h & (cap - 1);
        while (nv[j].id != NO_ID) j = (j + 1) & (cap - 1);
        nv[j] = t->v[i];
    }
    free(t->v);
    t->v = nv;
    t->cap = cap;
    return TL_OK;
}

/* The id of token s[0, n) (a new one if unseen), or NO_ID (no memory). */
static uint32_t vocab_id(vocab *t, const char *s, size_t n) {
    if ((size_t)(t->n + 1) * 2 > t->cap && vocab_grow(t) != TL_OK) return NO_ID;
    uint64_t h = XXH3_64bits(s, n);
    size_t j = (size_t)h & (t->cap - 1);
    for (;;) {
        vslot *x = &t->v[j];
        if (x->id == NO_ID) break;
        if (x->h == h && x->n == n && memcmp(x->s, s, n) == 0) return x->id;
        j = (j + 1) & (t->cap - 1);
    }
    vslot *x = &t->v[j];
    x->h = h;
    x->s = s;
    x->n = (uint32_t)n;
    x->id = t->n++;
    return x->id;
}

/* The ids of the tokens of s into out. TL_OK, TL_ETOOBIG, TL_ENOMEM. */
static int tokenize(vocab *t, const char *s, size_t len, idlist *out) {
    size_t pos = 0, b, n;
    while (s && xs_next_token(s, len, &pos, &b, &n)) {
        if (n >= UINT32_MAX || out->n >= (size_t)UINT32_MAX - 1) return TL_ETOOBIG;
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 1024;
            uint32_t *nv = realloc(out->v, cap * sizeof(*nv));
            if (!nv) return TL_ENOMEM;
            out->v = nv;
            out->cap = cap;
        }
        uint32_t id = vocab_id(t, s + b, n);
        if (id == NO_ID) return TL_ENOMEM;
        out->v[out->n++] = id;
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Shingles
 * ---------------------------------------------------------------------- */

typedef struct {
    uint32_t k[XS_NGRAM];  /* k[0] == NO_ID: empty slot */
    uint32_t count;        /* gold occurrences not yet matched */
} sslot;

/* How many shingles a text of n tokens gives (evaluate.py's _ngrams:
 * range(max(1, n - 3)), empty tuples dropped). */
static size_t nshingles(size_t n) {
    if (n == 0) return 0;
    return n < XS_NGRAM ? 1 : n - XS_NGRAM + 1;
}

/* The i-th shingle of ids, padded with NO_ID. */
static void shingle(const idlist *t, size_t i, uint32_t k[XS_NGRAM]) {
    for (size_t j = 0; j < XS_NGRAM; j++) k[j] = i + j < t->n ? t->v[i + j] : NO_ID;
}

static sslot *shingle_slot(sslot *tab, size_t cap, const uint32_t k[XS_NGRAM]) {
    size_t j = (size_t)XXH3_64bits(k, sizeof(uint32_t) * XS_NGRAM) & (cap - 1);
    while (tab[j].k[0] != NO_ID && memcmp(tab[j].k, k, sizeof(tab[j].k)) != 0)
        j = (j + 1) & (cap - 1);
    return &tab[j];
}

/* Shingles the two texts have in common, counted with multiplicity. */
static int common_shingles(const idlist *g, const idlist *p, size_t *out) {
    size_t ng = nshingles(g->n), np = nshingles(p->n), cap = 16;
    *out = 0;
    if (ng == 0 || np == 0) return TL_OK;
    while (cap < ng * 2) cap *= 2;
    sslot *tab = malloc(cap * sizeof(*tab));
    if (!tab) return TL_ENOMEM;
    memset(tab, 0xff, cap * sizeof(*tab));
    uint32_t k[XS_NGRAM];
    for (size_t i = 0; i < ng; i++) {
        shingle(g, i, k);
        sslot *x = shingle_slot(tab, cap, k);
        if (x->k[0] == NO_ID) {
            memcpy(x->k, k, sizeof(k));
            x->count = 0;
        }
        x->count++;
    }
    size_t tp = 0;
    for (size_t i = 0; i < np; i++) {
        shingle(p, i, k);
        sslot *x = shingle_slot(tab, cap, k);
        if (x->k[0] != NO_ID && x->count > 0) {
            x->count--;
            tp++;
        }
    }
    free(tab);
    *out = tp;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * One page
 * ---------------------------------------------------------------------- */

int xs_score_page(const char *gold, size_t glen, const char *pred, size_t plen, xs_page *out,
                  tl_err *e) {
    memset(out, 0, sizeof(*out));
    vocab t = {0};
    idlist g = {0}, p = {0};
    int rc = tokenize(&t, gold, glen, &g);
    if (rc == TL_OK) rc = tokenize(&t, pred, plen, &p);
    size_t tp = 0;
    if (rc == TL_OK) rc = common_shingles(&g, &p, &tp);
    if (rc == TL_OK) {
        out->gold_tokens = g.n;
        out->pred_tokens = p.n;
        out->exact = g.n == p.n && (g.n == 0 || memcmp(g.v, p.v, g.n * sizeof(*g.v)) == 0);
        out->gold_shingles = nshingles(g.n);
        out->pred_shingles = nshingles(p.n);
        out->common = tp;
        double dtp = (double)tp, dfp = (double)(out->pred_shingles - tp),
               dfn = (double)(out->gold_shingles - tp);
        double s = dtp + dfp + dfn;
        if (s > 0) {
            dtp /= s;
            dfp /= s;
            dfn /= s;
        }
        out->tp = dtp;
        out->fp = dfp;
        out->fn = dfn;
    }
    free(t.v);
    free(g.v);
    free(p.v);
    if (rc == TL_ETOOBIG) return err_set(e, rc, "text of 2^32 tokens or more");
    if (rc != TL_OK) return err_set(e, rc, "out of memory");
    return TL_OK;
}

double xs_precision(const xs_page *p) {
    if (p->fp == 0 && p->fn == 0) return 1;
    if (p->tp == 0 && p->fp == 0) return 0;
    return p->tp / (p->tp + p->fp);
}

double xs_recall(const xs_page *p) {
    if (p->fp == 0 && p->fn == 0) return 1;
    if (p->tp == 0 && p->fn == 0) return 0;
    return p->tp / (p->tp + p->fn);
}

double xs_page_f1(const xs_page *p) {
    double pr = xs_precision(p), r = xs_recall(p);
    return pr + r > 0 ? 2 * pr * r / (pr + r) : 0;
}

int xs_counts_precision(const xs_page *p) { return p->tp + p->fp > 0; }
int xs_counts_recall(const xs_page *p) { return p->tp + p->fn > 0; }

/* ------------------------------------------------------------------------
 * Overall figures and the bootstrap
 * ---------------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static size_t draw(uint64_t *s, size_t n) {
    uint64_t m = (uint64_t)n, lim = UINT64_MAX - UINT64_MAX % m, x;
    do x = splitmix64(s); while (x >= lim);
    return (size_t)(x % m);
}

enum { F_P, F_R, F_F1, F_ACC, F_N };

/* The figures of n pages: pages[i] in order (rng NULL) or n drawn with
 * replacement. */
static void figures(const xs_page *pages, size_t n, uint64_t *rng, double f[F_N],
                    size_t *np, size_t *nr, size_t *nx) {
    double sp = 0, sr = 0;
    size_t cp = 0, cr = 0, cx = 0;
    for (size_t i = 0; i < n; i++) {
        const xs_page *x = &pages[rng ? draw(rng, n) : i];
        if (xs_counts_precision(x)) { sp += xs_precision(x); cp++; }
        if (xs_counts_recall(x)) { sr += xs_recall(x); cr++; }
        cx += x->exact != 0;
    }
    f[F_P] = cp ? sp / (double)cp : 0;
    f[F_R] = cr ? sr / (double)cr : 0;
    f[F_F1] = f[F_P] + f[F_R] > 0 ? 2 * f[F_P] * f[F_R] / (f[F_P] + f[F_R]) : 0;
    f[F_ACC] = n ? (double)cx / (double)n : 0;
    if (np) *np = cp;
    if (nr) *nr = cr;
    if (nx) *nx = cx;
}

int xs_aggregate(const xs_page *pages, size_t n, int bootstrap, uint64_t seed, xs_summary *out,
                 tl_err *e) {
    memset(out, 0, sizeof(*out));
    if (n == 0) return err_set(e, TL_EEMPTY, "no pages to score");
    double f[F_N];
    figures(pages, n, NULL, f, &out->precision_pages, &out->recall_pages, &out->exact_pages);
    out->pages = n;
    out->precision = f[F_P];
    out->recall = f[F_R];
    out->f1 = f[F_F1];
    out->accuracy = f[F_ACC];
    if (bootstrap < 2) return TL_OK;
    double mean[F_N] = {0}, m2[F_N] = {0};
    uint64_t rng = seed;
    for (int b = 0; b < bootstrap; b++) {
        figures(pages, n, &rng, f, NULL, NULL, NULL);
        for (int k = 0; k < F_N; k++) {   /* Welford */
            double d = f[k] - mean[k];
            mean[k] += d / (double)(b + 1);
            m2[k] += d * (f[k] - mean[k]);
        }
    }
    double sd[F_N];
    for (int k = 0; k < F_N; k++) {
        double v = m2[k] / (double)(bootstrap - 1);
        sd[k] = v > 0 ? sqrt(v) : 0;
    }
    out->precision_sd = sd[F_P];
    out->recall_sd = sd[F_R];
    out->f1_sd = sd[F_F1];
    out->accuracy_sd = sd[F_ACC];
    out->bootstrap = bootstrap;
    return TL_OK;
}
