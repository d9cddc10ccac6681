/* rouge.c -- ROUGE-N, ROUGE-L and ROUGE-SU as ROUGE-1.5.5 computes them
 * (see rouge.h for the rules and the script's quirks kept here).
 *
 * How: each text (peer, models) is read twice as the script reads it --
 * once as one string cut to the length limit (readText: n-grams, skip
 * bigrams and the unigram counts that clip ROUGE-L) and once as a list of
 * sentences (readText_LCS: ROUGE-L) -- and turned into tokens, stemmed.
 * Tokens are interned into small integers for the call, so an n-gram
 * (n <= 4) or a skip bigram is one 64-bit key; the keys of a text are
 * sorted once and clipped hits are a merge of two sorted arrays. The
 * stemmer and the WordNet exceptions are in rouge_stem.c.
 */
#include "rouge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stop.h"

/* ------------------------------------------------------------------------
 * Small helpers
 * ---------------------------------------------------------------------- */


double rouge_round5(double x) {
    char b[64];
    snprintf(b, sizeof(b), "%7.5f", x);
    return strtod(b, NULL);
}

static int is_alnum_lc(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Perl's \s on a byte string: space, \t, \n, \v, \f, \r. */
static int is_ws(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* ------------------------------------------------------------------------
 * Reading a text as the script does (lines, length cut, tokens)
 * ---------------------------------------------------------------------- */

typedef struct { const char *s; size_t n; } span;

typedef struct {
    uint32_t *v;   /* token ids */
    size_t n, cap;
} ids;

typedef struct {
    char **word;       /* id -> stemmed token */
    uint32_t *slot;    /* open addressing over ids + 1 (0 = empty) */
    size_t n, cap;
} vocab;

/* One prepared text. */
typedef struct {
    ids all;           /* readText tokens */
    ids *sent;         /* readText_LCS sentences */
    size_t nsent;
    uint64_t *gram[ROUGE_MAX_N]; size_t ngram[ROUGE_MAX_N];  /* sorted keys */
    uint64_t *skip; size_t nskip;
} text;

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->n + n + 1) nc *= 2;
        char *p = realloc(b->s, nc);
        if (!p) return TL_ENOMEM;
        b->s = p;
        b->cap = nc;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
    return TL_OK;
}

static int ids_push(ids *a, uint32_t v) {
    if (a->n == a->cap) {
        size_t nc = a->cap ? 2 * a->cap : 64;
        uint32_t *p = realloc(a->v, nc * sizeof(*p));
        if (!p) return TL_ENOMEM;
        a->v = p;
        a->cap = nc;
    }
    a->v[a->n++] = v;
    return TL_OK;
}

/* The non-empty lines (chomp: only '\n' goes). */
static size_t split_lines(const char *t, size_t len, span *out) {
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || t[i] == '\n') {
            if (i > a) { if (out) out[k] = (span){t + a, i - a}; k++; }
            a = i + 1;
        }
    }
    return k;
}

/* Perl's split(/\s+/, s): a leading empty field when s opens with white
 * space, no trailing ones. Appends the first `take` fields joined by ' '
 * (take < 0: all) to b; returns the number of fields. */
static long perl_fields(span s, long take, sbuf *b, int *rc) {
    long k = 0;
    size_t i = 0;
    int any = 0;
    for (size_t j = 0; j < s.n; j++) if (!is_ws((unsigned char)s.s[j])) { any = 1; break; }
    if (!any) return 0;
    if (is_ws((unsigned char)s.s[0])) {
        if (take != 0 && b) *rc |= sb_add(b, "", 0);
        k = 1;
        while (i < s.n && is_ws((unsigned char)s.s[i])) i++;
    }
    while (i < s.n) {
        size_t a = i;
        while (i < s.n && !is_ws((unsigned char)s.s[i])) i++;
        if (b && (take < 0 || k < take)) {
            if (k > 0) *rc |= sb_add(b, " ", 1);
            *rc |= sb_add(b, s.s + a, i - a);
        }
        k++;
        while (i < s.n && is_ws((unsigned char)s.s[i])) i++;
    }
    return k;
}

/* readText: the lines, cut to the limit, joined by ' ' into b. */
static int read_whole(const span *ln, size_t nl, const rouge_opts *o, sbuf *b) {
    int rc = TL_OK;
    long used = 0;
    for (size_t i = 0; i < nl && rc == TL_OK; i++) {
        if (o->limit_words > 0) {
            long w = perl_fields(ln[i], -1, NULL, &rc);
            if (used + w < o->limit_words) {
                if (used) rc |= sb_add(b, " ", 1);
                rc |= sb_add(b, ln[i].s, ln[i].n);
                used += w;
            } else {
                if (used > 0) rc |= sb_add(b, " ", 1);
                perl_fields(ln[i], o->limit_words - used, b, &rc);
                break;
            }
        } else if (o->limit_bytes > 0) {
            long l = (long)ln[i].n;
            if (used + l < o->limit_bytes) {
                if (used) rc |= sb_add(b, " ", 1);
                rc |= sb_add(b, ln[i].s, ln[i].n);
                used += l;
            } else {
                if (used > 0) rc |= sb_add(b, " ", 1);
                rc |= sb_add(b, ln[i].s, (size_t)(o->limit_bytes - used));
                break;
            }
        } else {
            if (i) rc |= sb_add(b, " ", 1);
            rc |= sb_add(b, ln[i].s, ln[i].n);
        }
    }
    return rc ? TL_ENOMEM : TL_OK;
}

/* readText_LCS: the sentences kept, each cut as the script cuts it, into
 * out[] (texts in bufs[]). Returns the count. */
static size_t read_sents(const span *ln, size_t nl, const rouge_opts *o, sbuf *bufs, int *rc) {
    long used = 0;
    size_t k = 0;
    for (size_t i = 0; i < nl; i++) {
        sbuf *b = &bufs[k++];
        if (o->limit_words > 0) {
            long w = perl_fields(ln[i], -1, NULL, rc);
            if (used + w < o->limit_words) {
                used += w;
                *rc |= sb_add(b, ln[i].s, ln[i].n);
            } else {
                perl_fields(ln[i], o->limit_words - used, b, rc);
                *rc |= sb_add(b, "", 0);
                break;
            }
        } else if (o->limit_bytes > 0) {
            /* 1.5.5 never adds to its running length here: every line
             * shorter than the limit is kept whole. */
            if ((long)ln[i].n < o->limit_bytes) *rc |= sb_add(b, ln[i].s, ln[i].n);
            else { *rc |= sb_add(b, ln[i].s, (size_t)o->limit_bytes); break; }
        } else {
            *rc |= sb_add(b, ln[i].s, ln[i].n);
        }
    }
    return k;
}

static int intern(vocab *v, const char *w, size_t n, uint32_t *id) {
    if (2 * (v->n + 1) > v->cap) {
        size_t nc = v->cap ? 2 * v->cap : 1024;
        uint32_t *ns = calloc(nc, sizeof(uint32_t));
        char **nw = realloc(v->word, nc / 2 * sizeof(char *));
        if (!ns || !nw) { free(ns); if (nw) v->word = nw; return TL_ENOMEM; }
        v->word = nw;
        for (size_t i = 0; i < v->cap; i++) {
            if (!v->slot[i]) continue;
            const char *s = v->word[v->slot[i] - 1];
            size_t j = fnv(s, strlen(s)) & (nc - 1);
            while (ns[j]) j = (j + 1) & (nc - 1);
            ns[j] = v->slot[i];
        }
        free(v->slot);
        v->slot = ns;
        v->cap = nc;
    }
    size_t j = fnv(w, n) & (v->cap - 1);
    for (; v->slot[j]; j = (j + 1) & (v->cap - 1)) {
        const char *s = v->word[v->slot[j] - 1];
        if (strlen(s) == n && memcmp(s, w, n) == 0) { *id = v->slot[j] - 1; return TL_OK; }
    }
    if (v->n >= 0xFFFF) return TL_ETOOBIG;
    char *c = malloc(n + 1);
    if (!c) return TL_ENOMEM;
    memcpy(c, w, n);
    c[n] = '\0';
    v->word[v->n] = c;
    v->slot[j] = (uint32_t)++v->n;
    *id = (uint32_t)(v->n - 1);
    return TL_OK;
}

/* Tokens of a cut, lower-cased text: runs of [a-z0-9] (every other byte
 * separates, '-' too), stopwords dropped with -s, stemmed with -m. */
static int tokenize(const char *s, size_t n, const rouge_opts *o, vocab *v, ids *out) {
    char buf[ROUGE_TOK_MAX + 64];
    size_t i = 0;
    while (i < n) {
        while (i < n && !is_alnum_lc((unsigned char)s[i])) i++;
        size_t a = i;
        while (i < n && is_alnum_lc((unsigned char)s[i])) i++;
        if (i == a) break;
        const char *w = s + a;
        size_t wl = i - a;
        if (o->remove_stop && stop_is(w, wl)) continue;
        if (o->stem && wl > 3 && wl < ROUGE_TOK_MAX) {
            wl = rouge_stem(o->exc, w, wl, buf, sizeof(buf));
            w = buf;
        }
        uint32_t id;
        int rc = intern(v, w, wl, &id);
        if (rc == TL_OK) rc = ids_push(out, id);
        if (rc != TL_OK) return rc;
    }
    return TL_OK;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted n-gram keys: (id + 1) of the i-th word in bits 16 i.. */
static int make_grams(text *t, int max_n) {
    for (int n = 1; n <= max_n; n++) {
        size_t cnt = t->all.n >= (size_t)n ? t->all.n - (size_t)n + 1 : 0;
        uint64_t *k = malloc((cnt ? cnt : 1) * sizeof(uint64_t));
        if (!k) return TL_ENOMEM;
        for (size_t i = 0; i < cnt; i++) {
            uint64_t key = 0;
            for (int j = 0; j < n; j++) key |= (uint64_t)(t->all.v[i + (size_t)j] + 1) << (16 * j);
            k[i] = key;
        }
        qsort(k, cnt, sizeof(uint64_t), cmp_u64);
        t->gram[n - 1] = k;
        t->ngram[n - 1] = cnt;
    }
    return TL_OK;
}

/* Skip bigrams (gap <= gap, < 0: any) and, with unigrams, the unigram of
 * every token but the last (createSkipBigram's loop stops before it). */
static int make_skip(text *t, int gap) {
    size_t n = t->all.n, cap = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        size_t hi = gap < 0 ? n - 1 : (i + (size_t)gap + 1 < n - 1 ? i + (size_t)gap + 1 : n - 1);
        cap += 1 + (hi - i);
    }
    uint64_t *k = malloc((cap ? cap : 1) * sizeof(uint64_t));
    if (!k) return TL_ENOMEM;
    size_t c = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        uint64_t a = (uint64_t)t->all.v[i] + 1;
        k[c++] = a;
        for (size_t j = i + 1; j < n && (gap < 0 || j <= i + (size_t)gap + 1); j++)
            k[c++] = a | ((uint64_t)t->all.v[j] + 1) << 16;
    }
    qsort(k, c, sizeof(uint64_t), cmp_u64);
    t->skip = k;
    t->nskip = c;
    return TL_OK;
}

static void text_free(text *t) {
    free(t->all.v);
    for (size_t i = 0; i < t->nsent; i++) free(t->sent[i].v);
    free(t->sent);
    for (int n = 0; n < ROUGE_MAX_N; n++) free(t->gram[n]);
    free(t->skip);
    memset(t, 0, sizeof(*t));
}

static int text_prepare(const char *s, size_t len, const rouge_opts *o, vocab *v, text *t) {
    memset(t, 0, sizeof(*t));
    size_t nl = split_lines(s, len, NULL);
    span *ln = malloc((nl ? nl : 1) * sizeof(span));
    char *low = malloc(len + 1);
    sbuf whole = {0};
    sbuf *sb = calloc(nl ? nl : 1, sizeof(sbuf));
    int rc = ln && low && sb ? TL_OK : TL_ENOMEM;
    if (rc == TL_OK) {
        for (size_t i = 0; i < len; i++) low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
        split_lines(low, len, ln);
        rc = read_whole(ln, nl, o, &whole);
    }
    if (rc == TL_OK && whole.n) rc = tokenize(whole.s, whole.n, o, v, &t->all);
    if (rc == TL_OK && o->lcs) {
        int r2 = 0;
        t->nsent = read_sents(ln, nl, o, sb, &r2);
        t->sent = calloc(t->nsent ? t->nsent : 1, sizeof(ids));
        if (r2 || !t->sent) rc = TL_ENOMEM;
        for (size_t i = 0; rc == TL_OK && i < t->nsent; i++)
            if (sb[i].n) rc = tokenize(sb[i].s, sb[i].n, o, v, &t->sent[i]);
    }
    if (rc == TL_OK) rc = make_grams(t, o->max_n);
    if (rc == TL_OK && o->su) rc = make_skip(t, o->su_gap);
    for (size_t i = 0; sb && i < nl; i++) free(sb[i].s);
    free(sb);
    free(whole.s);
    free(ln);
    free(low);
    if (rc != TL_OK) text_free(t);
    return rc;
}

/* ------------------------------------------------------------------------
 * Matching
 * ---------------------------------------------------------------------- */

/* Clipped hits of two sorted key arrays. */
static long clipped(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
    long hit = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) i++;
        else if (a[i] > b[j]) j++;
        else {
            uint64_t k = a[i];
            size_t ca = 0, cb = 0;
            while (i < na && a[i] == k) { i++; ca++; }
            while (j < nb && b[j] == k) { j++; cb++; }
            hit += (long)(ca < cb ? ca : cb);
        }
    }
    return hit;
}

/* lcs_inner + markLCS: mark in mask the model positions of the LCS the
 * script's back-trace picks (diagonal on a match, else up when
 * c[i-1][j] >= c[i][j-1], else left). */
static int lcs_mark(const ids *m, const ids *p, unsigned char *mask, int *c, unsigned char *b) {
    size_t M = m->n, N = p->n, W = N + 1;
    if (!M) return TL_OK;
    for (size_t j = 0; j <= N; j++) c[j] = 0;
    for (size_t i = 1; i <= M; i++) {
        c[i * W] = 0;
        for (size_t j = 1; j <= N; j++) {
            size_t x = i * W + j;
            if (m->v[i - 1] == p->v[j - 1]) { c[x] = c[x - W - 1] + 1; b[x] = 1; }
            else if (c[x - W] >= c[x - 1]) { c[x] = c[x - W]; b[x] = 2; }
            else { c[x] = c[x - 1]; b[x] = 3; }
        }
    }
    size_t i = M, j = N;
    while (i && j) {
        unsigned char d = b[i * W + j];
        if (d == 1) { i--; j--; mask[i] = 1; }
        else if (d == 2) i--;
        else j--;
    }
    return TL_OK;
}

/* Unigram counts of a text's readText tokens, by id. */
static void count_unigrams(const text *t, int *cnt, size_t nv) {
    memset(cnt, 0, nv * sizeof(int));
    for (size_t i = 0; i < t->all.n; i++) cnt[t->all.v[i]]++;
}

/* ROUGE-L of one model: hit and base (model sentence lengths). */
static int lcs_model(const text *m, const text *p, size_t nv, long *hit, long *base) {
    int *mc = malloc((nv ? nv : 1) * sizeof(int)), *pc = malloc((nv ? nv : 1) * sizeof(int));
    size_t maxm = 0, maxp = 0;
    for (size_t i = 0; i < m->nsent; i++) if (m->sent[i].n > maxm) maxm = m->sent[i].n;
    for (size_t i = 0; i < p->nsent; i++) if (p->sent[i].n > maxp) maxp = p->sent[i].n;
    size_t cells = (maxm + 1) * (maxp + 1);
    int *c = malloc(cells * sizeof(int));
    unsigned char *b = malloc(cells), *mask = malloc(maxm + 1);
    int rc = mc && pc && c && b && mask ? TL_OK : TL_ENOMEM;
    *hit = *base = 0;
    if (rc == TL_OK) {
        count_unigrams(m, mc, nv);
        count_unigrams(p, pc, nv);
        for (size_t i = 0; i < m->nsent; i++) {
            const ids *ms = &m->sent[i];
            memset(mask, 0, maxm + 1);
            *base += (long)ms->n;
            for (size_t j = 0; j < p->nsent; j++) lcs_mark(ms, &p->sent[j], mask, c, b);
            for (size_t k = 0; k < ms->n; k++) {
                uint32_t w = ms->v[k];
                if (mask[k] && mc[w] > 0 && pc[w] > 0) { (*hit)++; mc[w]--; pc[w]--; }
            }
        }
    }
    free(mc); free(pc); free(c); free(b); free(mask);
    return rc;
}

/* ------------------------------------------------------------------------
 * Scoring
 * ---------------------------------------------------------------------- */

typedef struct { long hit, count, countp; double best; } acc;

static void acc_add(acc *a, int best, long hit, long count, long countp, double score) {
    if (!best) { a->hit += hit; a->count += count; a->countp += countp; return; }
    if (score > a->best) { a->best = score; a->hit = hit; a->count = count; a->countp = countp; }
}

static rouge_prf acc_prf(const acc *a, double alpha) {
    rouge_prf s;
    s.r = rouge_round5(a->count ? (double)a->hit / (double)a->count : 0);
    s.p = rouge_round5(a->countp ? (double)a->hit / (double)a->countp : 0);
    double d = (1 - alpha) * s.p + alpha * s.r;
    s.f = d > 0 ? rouge_round5(s.p * s.r / d) : rouge_round5(0);
    return s;
}

/* One evaluation: the peer against models[use[0..nuse)]. */
static int score_one(const text *p, const text *ms, const size_t *use, size_t nuse, size_t nv,
                     const rouge_opts *o, rouge_scores *out) {
    acc g[ROUGE_MAX_N], l, s;
    memset(g, 0, sizeof(g));
    memset(&l, 0, sizeof(l));
    memset(&s, 0, sizeof(s));
    for (int n = 0; n < ROUGE_MAX_N; n++) g[n].best = -1;
    l.best = s.best = -1;
    for (size_t u = 0; u < nuse; u++) {
        const text *m = &ms[use[u]];
        for (int n = 0; n < o->max_n; n++) {
            long h = clipped(m->gram[n], m->ngram[n], p->gram[n], p->ngram[n]);
            long c = (long)m->ngram[n];
            acc_add(&g[n], o->best, h, c, (long)p->ngram[n], c ? rouge_round5((double)h / (double)c) : 0);
        }
        if (o->su) {
            long h = clipped(m->skip, m->nskip, p->skip, p->nskip);
            long c = (long)m->nskip;
            acc_add(&s, o->best, h, c, (long)p->nskip, c ? rouge_round5((double)h / (double)c) : 0);
        }
        if (o->lcs) {
            long h, base;
            int rc = lcs_model(m, p, nv, &h, &base);
            if (rc != TL_OK) return rc;
            acc_add(&l, o->best, h, base, (long)p->all.n, base ? (double)h / (double)base : 0);
        }
    }
    memset(out, 0, sizeof(*out));
    for (int n = 0; n < o->max_n; n++) out->n[n] = acc_prf(&g[n], o->alpha);
    if (o->lcs) out->l = acc_prf(&l, o->alpha);
    if (o->su) out->su = acc_prf(&s, o->alpha);
    return TL_OK;
}

static void prf_add(rouge_prf *a, const rouge_prf *b, double w) {
    a->r += w * b->r;
    a->p += w * b->p;
    a->f += w * b->f;
}

void rouge_opts_default(rouge_opts *o) {
    memset(o, 0, sizeof(*o));
    o->max_n = 4;
    o->stem = 1;
    o->lcs = 1;
    o->su = 1;
    o->su_gap = 4;
    o->alpha = 0.5;
}

int rouge_score(const char *peer, size_t plen, const char *const *models,
                const size_t *mlens, size_t nmodels, const rouge_opts *o,
                rouge_scores *out, tl_err *e) {
    memset(out, 0, sizeof(*out));
    if (!nmodels) return err_set(e, TL_EINVAL, "rouge: no model summary");
    if (o->max_n < 1 || o->max_n > ROUGE_MAX_N)
        return err_set(e, TL_EINVAL, "rouge: n must be 1..%d", ROUGE_MAX_N);
    if (o->limit_words > 0 && o->limit_bytes > 0)
        return err_set(e, TL_EINVAL, "rouge: a limit in words or in bytes, not both");
    if (o->alpha < 0 || o->alpha > 1) return err_set(e, TL_EINVAL, "rouge: alpha must be in [0, 1]");
    vocab v = {0};
    text p;
    text *ms = calloc(nmodels, sizeof(text));
    size_t *use = malloc(nmodels * sizeof(size_t));
    size_t ready = 0;
    int rc = ms && use ? TL_OK : TL_ENOMEM, have_p = 0;
    if (rc == TL_OK && (rc = text_prepare(peer ? peer : "", peer ? plen : 0, o, &v, &p)) == TL_OK)
        have_p = 1;
    for (; rc == TL_OK && ready < nmodels; ready++)
        rc = text_prepare(models[ready] ? models[ready] : "", models[ready] ? mlens[ready] : 0, o,
                          &v, &ms[ready]);
    if (rc == TL_OK && o->jackknife && nmodels > 1) {
        /* the mean of the nmodels scores against all models but one */
        for (size_t out_i = 0; rc == TL_OK && out_i < nmodels; out_i++) {
            size_t k = 0;
            for (size_t i = 0; i < nmodels; i++) if (i != out_i) use[k++] = i;
            rouge_scores one;
            rc = score_one(&p, ms, use, k, v.n, o, &one);
            double w = 1.0 / (double)nmodels;
            for (int n = 0; n < o->max_n; n++) prf_add(&out->n[n], &one.n[n], w);
            prf_add(&out->l, &one.l, w);
            prf_add(&out->su, &one.su, w);
        }
    } else if (rc == TL_OK) {
        for (size_t i = 0; i < nmodels; i++) use[i] = i;
        rc = score_one(&p, ms, use, nmodels, v.n, o, out);
    }
    if (have_p) text_free(&p);
    for (size_t i = 0; i < ready && ms; i++) text_free(&ms[i]);
    for (size_t i = 0; i < v.n; i++) free(v.word[i]);
    free(v.word);
    free(v.slot);
    free(ms);
    free(use);
    if (rc == TL_ETOOBIG) return err_set(e, rc, "rouge: more than 65535 distinct tokens");
    if (rc != TL_OK) return err_set(e, rc, "out of memory");
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * The script's bootstrap average (Perl srand/rand = drand48)
 * ---------------------------------------------------------------------- */

static double drand48_next(uint64_t *x) {
    *x = (0x5DEECE66DULL * *x + 0xB) & ((1ULL << 48) - 1);
    return (double)*x / (double)(1ULL << 48);
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void rouge_boot(const double *x, size_t n, int resamples, double conf, double *mean,
                double *lo, double *hi) {
    double *s = resamples > 0 && n ? malloc((size_t)resamples * sizeof(double)) : NULL;
    if (!s) {
        double t = 0;
        for (size_t i = 0; i < n; i++) t += x[i];
        *mean = *lo = *hi = rouge_round5(n ? t / (double)n : 0);
        return;
    }
    for (int r = 0; r < resamples; r++) {
        uint64_t st = ((uint64_t)(uint32_t)r << 16) + 0x330E;
        double t = 0;
        for (size_t i = 0; i < n; i++) t += x[(size_t)(drand48_next(&st) * (double)n)];
        s[r] = t / (double)n;
    }
    qsort(s, (size_t)resamples, sizeof(double), cmp_dbl);
    double t = 0;
    for (int r = 0; r < resamples; r++) t += s[r];
    *mean = rouge_round5(t / resamples);
    double delta = resamples * ((100 - conf) / 2.0) / 100.0;
    int ua = (int)(resamples - delta - 1), la = (int)delta;
    double ratio = resamples - delta - 1 - ua;
    int ub = ua + 1 < resamples ? ua + 1 : ua, lb = la + 1 < resamples ? la + 1 : la;
    *lo = rouge_round5(s[la] + (s[lb] - s[la]) * ratio);
    *hi = rouge_round5(s[ua] + (s[ub] - s[ua]) * ratio);
    free(s);
}
