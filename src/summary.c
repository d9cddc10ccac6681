/* summary.c -- extractive multi-document summaries with citations
 * (summary.h).
 *
 * Every document is split into sentences (sent.h) and each sentence into
 * folded, stemmed content words (stopwords dropped), weighted TF-IDF with
 * document frequencies taken over the given documents. Then:
 *
 *   centrality   cosine with the centroid (the sum of all sentence
 *                vectors), blended with LexRank (PageRank over the graph
 *                of sentences whose cosine is >= LEX_EDGE, damping 0.85);
 *   position     a small bonus for a document's opening sentences, where
 *                news puts what matters;
 *   corroboration the share of the other sources with a similar sentence
 *                (cosine >= CORR_SIM): what several outlets say first;
 *   penalties    sentences opening on a pronoun or a connective ("He",
 *                "But", "This") lean on context the summary will not
 *                have; very short or very long sentences, headings and
 *                datelines are not candidates;
 *   selection    MMR: repeatedly the sentence maximizing
 *                lambda * score - (1 - lambda) * max cosine with those
 *                chosen, within the budget and the per-source cap;
 *   order        publication time of the document, then position.
 *
 * Citations (summary.h) compare sentences by word bigrams, so a
 * syndicated copy or a shared wire paragraph cites every outlet carrying it.
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sent.h"
#include "stem.h"
#include "stop.h"
#include "tok.h"
#include "vocab.h"

#define MIN_WORDS 6
#define MAX_WORDS 60
#define LEX_EDGE 0.1
#define CORR_SIM 0.35
#define DUP_SIM 0.9

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* ------------------------------------------------------------------------
 * Sentences as sparse vectors
 * ---------------------------------------------------------------------- */

typedef struct { uint32_t id; float w; } tw;

typedef struct {
    size_t doc;
    uint32_t start, end;
    int pos;               /* index in its document */
    int words;             /* whitespace-separated words */
    int candidate;         /* may be chosen */
    double penalty;        /* multiplier on the score */
    tw *v;                 /* sorted by id; weights TF-IDF, then normalized */
    size_t nv;
    uint64_t *bigrams;     /* sorted hashes of word bigrams (citations) */
    size_t nb;
    double score;
} sentv;

typedef struct {
    const sum_doc *docs;
    size_t ndocs;
    sentv *s;
    size_t n, cap;
    vocab *terms;          /* stem -> dense term id */
    stem_t *stem;
} sctx;

static int tw_cmp(const void *a, const void *b) {
    const tw *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int u64_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double cosine(const sentv *a, const sentv *b) {
    double d = 0;
    size_t i = 0, j = 0;
    while (i < a->nv && j < b->nv) {
        if (a->v[i].id == b->v[j].id) d += (double)a->v[i++].w * b->v[j++].w;
        else if (a->v[i].id < b->v[j].id) i++;
        else j++;
    }
    return d;
}

/* bigram overlap: shared / the smaller set */
static double bigram_overlap(const sentv *a, const sentv *b) {
    if (!a->nb || !b->nb) return 0;
    size_t i = 0, j = 0, k = 0;
    while (i < a->nb && j < b->nb) {
        if (a->bigrams[i] == b->bigrams[j]) { k++; i++; j++; }
        else if (a->bigrams[i] < b->bigrams[j]) i++;
        else j++;
    }
    return (double)k / (double)(a->nb < b->nb ? a->nb : b->nb);
}

static int count_words(const char *s, size_t n) {
    int w = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* openers that point back to context the summary will not carry */
static int dangling(const char *w) {
    static const char *const OPEN[] = {"also", "and", "but", "he", "her", "his", "however",
                                       "it", "its", "meanwhile", "she", "so", "that",
                                       "their", "there", "these", "they", "this", "those",
                                       "yet"};
    size_t lo = 0, hi = sizeof(OPEN) / sizeof(OPEN[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, OPEN[mid]);
        if (!c) return 1;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return 0;
}

/* "KHARVIK — President ...", "KOSTRAVA, Marrenland, March 24 (Caspian
 * Wire) - An explosion ...": an opening all-capitals place name up to a
 * dash within the first 16 tokens is a dateline, not part of the
 * sentence. Returns the first token after it (b when none) and moves
 * *start. */
static size_t skip_dateline(const char *text, const tok_list *tl, size_t b, size_t e,
                            uint32_t *start) {
    if (b >= e || !(tl->v[b].flags & TOK_ALLCAP)) return b;
    for (size_t i = b + 1; i < e && i < b + 16; i++) {
        const tok_t *t = &tl->v[i];
        size_t n = t->end - t->start;
        const char *p = text + t->start;
        int dash = (n == 1 && *p == '-') || (n == 3 && (!memcmp(p, "\xe2\x80\x94", 3) ||
                                                        !memcmp(p, "\xe2\x80\x93", 3)));
        if (!dash || i + 1 >= e) continue;
        *start = tl->v[i + 1].start;
        return i + 1;
    }
    return b;
}

static int add_doc(sctx *c, size_t d, tok_list *tl, sent_list *sl) {
    const sum_doc *doc = &c->docs[d];
    tl->n = 0;
    sl->n = 0;
    if (!doc->text || !doc->len) return TL_OK;
    if (tok_text(doc->text, doc->len, tl) != TL_OK) return TL_ENOMEM;
    if (sent_split(doc->text, doc->len, sl) != TL_OK) return TL_ENOMEM;
    int rc = TL_OK;
    for (size_t k = 0; k < sl->n; k++) {
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 256;
            sentv *v = realloc(c->s, cap * sizeof(*v));
            if (!v) { rc = TL_ENOMEM; break; }
            c->s = v;
            c->cap = cap;
        }
        sentv *s = &c->s[c->n];
        memset(s, 0, sizeof(*s));
        s->doc = d;
        s->start = sl->v[k].start;
        s->end = sl->v[k].end;
        s->pos = (int)k;
        s->penalty = 1;
        size_t b = tok_index_at(tl, s->start), e = tok_index_at(tl, s->end);
        if (k == 0) b = skip_dateline(doc->text, tl, b, e, &s->start);
        s->words = count_words(doc->text + s->start, s->end - s->start);
        s->v = malloc((e - b + 1) * sizeof(*s->v));
        s->bigrams = malloc((e - b + 1) * sizeof(*s->bigrams));
        if (!s->v || !s->bigrams) { free(s->v); free(s->bigrams); rc = TL_ENOMEM; break; }
        c->n++;
        uint64_t prev = 0;
        int first_word = 1;
        for (size_t i = b; i < e; i++) {
            const tok_t *t = &tl->v[i];
            if (!(t->flags & (TOK_WORD | TOK_NUM))) continue;
            char w[64];
            size_t wl = tok_fold_word(doc->text + t->start, t->end - t->start, w, sizeof(w));
            if (!wl) continue;
            if (first_word && dangling(w)) s->penalty = 0.6;
            first_word = 0;
            uint64_t h = fnv(w, wl);
            if (prev) s->bigrams[s->nb++] = prev * 31 + h;
            prev = h;
            if (stop_is(w, wl)) continue;
            size_t sl2 = 0;
            const char *st = stem_word(c->stem, w, wl, &sl2);
            if (!st) { rc = TL_ENOMEM; break; }
            uint32_t id = voc_id(c->terms, st, sl2, 1);
            if (id == VOC_NONE) { rc = TL_ENOMEM; break; }
            s->v[s->nv++] = (tw){id, 1};
        }
        if (rc != TL_OK) break;
        /* merge repeated terms into counts */
        qsort(s->v, s->nv, sizeof(*s->v), tw_cmp);
        size_t m = 0;
        for (size_t i = 0; i < s->nv; i++) {
            if (m && s->v[m - 1].id == s->v[i].id) s->v[m - 1].w += 1;
            else s->v[m++] = s->v[i];
        }
        s->nv = m;
        qsort(s->bigrams, s->nb, sizeof(*s->bigrams), u64_cmp);
        /* candidates: real sentences of reasonable length */
        char last = doc->text[s->end - 1];
        int closed = last == '.' || last == '!' || last == '?' || last == '"' ||
                     (unsigned char)last == 0x9d /* ” */ || (unsigned char)last == 0x99 /* ’ */ ||
                     last == '\'' || last == ')';
        s->candidate = s->words >= MIN_WORDS && s->words <= MAX_WORDS && closed && s->nv >= 3;
    }
    return rc;
}

/* TF-IDF weights (log-scaled tf, idf from the documents), unit length. */
static int weigh(sctx *c) {
    size_t nt = voc_size(c->terms);
    uint32_t *df = calloc(nt ? nt : 1, sizeof(*df));
    size_t *last = malloc((nt ? nt : 1) * sizeof(*last));
    if (!df || !last) { free(df); free(last); return TL_ENOMEM; }
    for (size_t t = 0; t < nt; t++) last[t] = (size_t)-1;
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->s[i].nv; k++) {
            uint32_t id = c->s[i].v[k].id;
            if (last[id] != c->s[i].doc) { df[id]++; last[id] = c->s[i].doc; }
        }
    double N = (double)c->ndocs;
    for (size_t i = 0; i < c->n; i++) {
        sentv *s = &c->s[i];
        double norm = 0;
        for (size_t k = 0; k < s->nv; k++) {
            double w = (1 + log(s->v[k].w)) * (log((N + 1) / df[s->v[k].id]) + 1);
            s->v[k].w = (float)w;
            norm += w * w;
        }
        norm = sqrt(norm);
        for (size_t k = 0; k < s->nv && norm > 0; k++) s->v[k].w = (float)(s->v[k].w / norm);
    }
    free(df);
    free(last);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Scores
 * ---------------------------------------------------------------------- */

/* cosine of each sentence with the centroid of all sentences */
static int centroid_scores(sctx *c, double *out) {
    size_t nt = voc_size(c->terms);
    double *cen = calloc(nt ? nt : 1, sizeof(*cen));
    if (!cen) return TL_ENOMEM;
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->s[i].nv; k++) cen[c->s[i].v[k].id] += c->s[i].v[k].w;
    double norm = 0;
    for (size_t t = 0; t < nt; t++) norm += cen[t] * cen[t];
    norm = sqrt(norm);
    for (size_t i = 0; i < c->n; i++) {
        double d = 0;
        for (size_t k = 0; k < c->s[i].nv; k++) d += c->s[i].v[k].w * cen[c->s[i].v[k].id];
        out[i] = norm > 0 ? d / norm : 0;
    }
    free(cen);
    return TL_OK;
}

/* LexRank over candidate sentences: PageRank on the thresholded cosine
 * graph; scores scaled so the best is 1. sim is the n x n cosine matrix. */
static int lexrank(const sctx *c, const float *sim, double *out) {
    size_t n = c->n;
    double *deg = calloc(n, sizeof(*deg)), *nxt = malloc(n * sizeof(*nxt));
    if (!deg || !nxt) { free(deg); free(nxt); return TL_ENOMEM; }
    for (size_t i = 0; i < n; i++) {
        out[i] = 1.0 / (double)n;
        for (size_t j = 0; j < n; j++)
            if (sim[i * n + j] >= LEX_EDGE) deg[i] += 1;
    }
    for (int it = 0; it < 50; it++) {
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            double r = 0;
            for (size_t j = 0; j < n; j++)
                if (sim[j * n + i] >= LEX_EDGE && deg[j] > 0) r += out[j] / deg[j];
            nxt[i] = 0.15 / (double)n + 0.85 * r;
        }
        for (size_t i = 0; i < n; i++) {
            delta += fabs(nxt[i] - out[i]);
            out[i] = nxt[i];
        }
        if (delta < 1e-7) break;
    }
    double mx = 0;
    for (size_t i = 0; i < n; i++) if (out[i] > mx) mx = out[i];
    for (size_t i = 0; i < n && mx > 0; i++) out[i] /= mx;
    free(deg);
    free(nxt);
    return TL_OK;
}

static int same_source(const sctx *c, size_t a, size_t b) {
    const char *x = c->docs[a].source, *y = c->docs[b].source;
    if (a == b) return 1;
    return x && y && strcmp(x, y) == 0;
}

/* ------------------------------------------------------------------------
 * Selection
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t *idx;
    size_t n;
    long words;
    long bytes;
} chosen;

static int fits(const sum_params *p, const chosen *ch, const sentv *s) {
    if (p->words > 0 && ch->words + s->words > p->words) return 0;
    if (p->bytes > 0 && ch->bytes + (long)(s->end - s->start) + (ch->n ? 1 : 0) > p->bytes) return 0;
    return 1;
}

static void take(chosen *ch, const sentv *s, size_t i) {
    ch->idx[ch->n++] = i;
    ch->words += s->words;
    ch->bytes += (long)(s->end - s->start) + (ch->n > 1 ? 1 : 0);
}

static unsigned lcg(unsigned *st) {
    *st = *st * 1103515245u + 12345u;
    return (*st >> 16) & 0x7fff;
}

/* MMR (or, with lambda 1 and redundancy off, a plain ranking) */
static void select_mmr(const sctx *c, const sum_params *p, const double *score, const float *sim,
                       double lambda, int mmr, chosen *ch) {
    size_t n = c->n;
    int capped = p->per_source > 0;
    for (;;) {
        size_t best = (size_t)-1;
        double bv = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            const sentv *s = &c->s[i];
            if (!s->candidate || !fits(p, ch, s)) continue;
            int skip = 0;
            double red = 0;
            size_t same = 0;
            for (size_t k = 0; k < ch->n && !skip; k++) {
                size_t j = ch->idx[k];
                if (j == i) skip = 1;
                double x = sim[i * n + j];
                if (x >= DUP_SIM) skip = 1;
                if (x > red) red = x;
                if (same_source(c, s->doc, c->s[j].doc)) same++;
            }
            if (skip) continue;
            if (capped && same >= (size_t)p->per_source) continue;
            double v = mmr ? lambda * score[i] - (1 - lambda) * red : score[i];
            if (v > bv) { bv = v; best = i; }
        }
        if (best == (size_t)-1 && capped) {   /* every source had its turn: fill the budget */
            capped = 0;
            continue;
        }
        if (best == (size_t)-1) break;
        c->s[best].score = score[best];
        take(ch, &c->s[best], best);
    }
}

static int by_time(const void *x, const void *y, const sctx *c) {
    const sentv *a = &c->s[*(const size_t *)x], *b = &c->s[*(const size_t *)y];
    const sum_doc *da = &c->docs[a->doc], *db = &c->docs[b->doc];
    if (da->has_ts != db->has_ts) return da->has_ts ? -1 : 1;
    if (da->has_ts && da->ts != db->ts) return da->ts < db->ts ? -1 : 1;
    if (a->doc != b->doc) return a->doc < b->doc ? -1 : 1;
    return a->pos - b->pos;
}

/* insertion sort with a context (the summary has a handful of sentences) */
static void sort_by_time(const sctx *c, size_t *v, size_t n) {
    for (size_t i = 1; i < n; i++) {
        size_t x = v[i], j = i;
        while (j > 0 && by_time(&v[j - 1], &x, c) > 0) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

/* the earliest document (publication, then index) */
static size_t earliest(const sctx *c) {
    size_t best = 0;
    for (size_t d = 1; d < c->ndocs; d++) {
        const sum_doc *a = &c->docs[d], *b = &c->docs[best];
        if (a->has_ts && (!b->has_ts || a->ts < b->ts)) best = d;
    }
    return best;
}

/* ------------------------------------------------------------------------
 * API
 * ---------------------------------------------------------------------- */

void sum_params_default(sum_params *p) {
    memset(p, 0, sizeof(*p));
    p->method = SUM_TRILAT;
    p->words = 100;
    p->lambda = 0.85;
    p->per_source = 2;
    p->seed = 1;
}

static int cite(const sctx *c, size_t i, sum_sent *out) {
    const sentv *s = &c->s[i];
    size_t *v = malloc(c->ndocs * sizeof(*v));
    if (!v) return TL_ENOMEM;
    size_t n = 0;
    v[n++] = s->doc;
    for (size_t d = 0; d < c->ndocs; d++) {
        if (d == s->doc) continue;
        for (size_t j = 0; j < c->n; j++) {
            if (c->s[j].doc != d) continue;
            if (bigram_overlap(s, &c->s[j]) >= SUM_DUP_OVERLAP) { v[n++] = d; break; }
        }
    }
    out->doc = s->doc;
    out->start = s->start;
    out->end = s->end;
    out->cites = v;
    out->ncites = n;
    out->score = s->score;
    return TL_OK;
}

int sum_summarize(const sum_doc *docs, size_t n, const sum_params *p, sum_result *out,
                  tl_err *e) {
    memset(out, 0, sizeof(*out));
    if (p->method < SUM_TRILAT || p->method > SUM_RANDOM)
        return err_set(e, TL_EINVAL, "unknown summary method %d", p->method);
    if (p->lambda < 0 || p->lambda > 1)
        return err_set(e, TL_EINVAL, "MMR lambda must be within 0..1");
    sctx c;
    memset(&c, 0, sizeof(c));
    c.docs = docs;
    c.ndocs = n;
    tok_list tl = TOK_LIST_INIT;
    sent_list sl = SENT_LIST_INIT;
    float *sim = NULL;
    double *score = NULL, *cen = NULL, *lex = NULL;
    chosen ch = {0};
    int rc = TL_OK;
    c.stem = stem_new("en");
    c.terms = voc_new();
    if (!c.stem || !c.terms) goto nomem;
    for (size_t d = 0; d < n; d++)
        if ((rc = add_doc(&c, d, &tl, &sl)) != TL_OK) goto error;
    if (!c.n) goto done;
    if ((rc = weigh(&c)) != TL_OK) goto error;
    ch.idx = malloc(c.n * sizeof(*ch.idx));
    score = calloc(c.n, sizeof(*score));
    if (!ch.idx || !score) goto nomem;

    if (p->method == SUM_LEAD) {
        /* the opening of the earliest document, cut at the budget */
        size_t d = earliest(&c);
        for (size_t i = 0; i < c.n; i++) {
            if (c.s[i].doc != d) continue;
            if (!fits(p, &ch, &c.s[i])) {
                if (p->words > 0 && ch.words < p->words) {
                    /* keep the words that fit */
                    sentv cut = c.s[i];
                    long left = p->words - ch.words, w = 0;
                    const char *t = docs[d].text;
                    uint32_t k = cut.start;
                    int in = 0;
                    for (; k < cut.end; k++) {
                        int sp = t[k] == ' ' || t[k] == '\n';
                        if (!sp && !in && ++w > left) break;
                        in = !sp;
                    }
                    while (k > cut.start && (t[k - 1] == ' ' || t[k - 1] == '\n')) k--;
                    c.s[i].end = k;
                    c.s[i].words = (int)left;
                    take(&ch, &c.s[i], i);
                }
                break;
            }
            take(&ch, &c.s[i], i);
        }
    } else if (p->method == SUM_RANDOM) {
        unsigned st = p->seed ? p->seed : 1;
        for (size_t i = 0; i < c.n; i++) score[i] = (double)lcg(&st);
        sum_params q = *p;
        q.per_source = 0;
        sim = calloc(c.n * c.n, sizeof(*sim));
        if (!sim) goto nomem;
        select_mmr(&c, &q, score, sim, 1, 0, &ch);
    } else {
        sim = malloc(c.n * c.n * sizeof(*sim));
        cen = calloc(c.n, sizeof(*cen));
        if (!sim || !cen) goto nomem;
        for (size_t i = 0; i < c.n; i++) {
            sim[i * c.n + i] = 1;
            for (size_t j = i + 1; j < c.n; j++)
                sim[i * c.n + j] = sim[j * c.n + i] = (float)cosine(&c.s[i], &c.s[j]);
        }
        if ((rc = centroid_scores(&c, cen)) != TL_OK) goto error;
        if (p->method == SUM_CENTROID) {
            sum_params q = *p;
            q.per_source = 0;
            select_mmr(&c, &q, cen, sim, 1, 0, &ch);
        } else {
            lex = calloc(c.n, sizeof(*lex));
            if (!lex) goto nomem;
            if ((rc = lexrank(&c, sim, lex)) != TL_OK) goto error;
            /* sources: distinct outlets (documents without one count alone) */
            for (size_t i = 0; i < c.n; i++) {
                const sentv *s = &c.s[i];
                size_t others = 0, agree = 0;
                for (size_t d = 0; d < n; d++) {
                    if (same_source(&c, s->doc, d)) continue;
                    others++;
                    for (size_t j = 0; j < c.n; j++)
                        if (c.s[j].doc == d && sim[i * c.n + j] >= CORR_SIM) { agree++; break; }
                }
                double corr = others ? (double)agree / (double)others : 0;
                double pos = s->pos < 3 ? (3 - s->pos) / 3.0 : 0;
                score[i] = s->penalty * (0.45 * cen[i] + 0.25 * lex[i] + 0.15 * corr + 0.15 * pos);
            }
            select_mmr(&c, p, score, sim, p->lambda, 1, &ch);
        }
    }
    sort_by_time(&c, ch.idx, ch.n);
    out->sents = calloc(ch.n ? ch.n : 1, sizeof(*out->sents));
    if (!out->sents) goto nomem;
    for (size_t k = 0; k < ch.n; k++) {
        if (cite(&c, ch.idx[k], &out->sents[k]) != TL_OK) goto nomem;
        out->n++;
    }
    out->words = ch.words;
    goto done;
nomem:
    rc = TL_ENOMEM;
error:
    if (rc == TL_ENOMEM) err_set(e, rc, "out of memory summarizing");
    sum_result_free(out);
done:
    for (size_t i = 0; i < c.n; i++) {
        free(c.s[i].v);
        free(c.s[i].bigrams);
    }
    free(c.s);
    voc_free(c.terms);
    stem_free(c.stem);
    tok_list_free(&tl);
    sent_list_free(&sl);
    free(sim);
    free(score);
    free(cen);
    free(lex);
    free(ch.idx);
    return rc;
}

void sum_result_free(sum_result *r) {
    for (size_t i = 0; i < r->n; i++) free(r->sents[i].cites);
    free(r->sents);
    memset(r, 0, sizeof(*r));
}

static const char *const METHODS[] = {"trilat", "centroid", "lead", "random"};

const char *sum_method_name(int method) {
    return method >= 0 && method <= SUM_RANDOM ? METHODS[method] : "?";
}

int sum_method_parse(const char *name) {
    for (int m = 0; m <= SUM_RANDOM; m++)
        if (strcmp(name, METHODS[m]) == 0) return m;
    return -1;
}
