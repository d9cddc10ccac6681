/* ner_train.c -- CoNLL corpora, averaged-perceptron training and
 * conlleval-style evaluation for the NER model (see ner.h).
 *
 * Training follows Collins (2002): each sentence is Viterbi-decoded with
 * the current weights, and where the best sequence differs from gold, the
 * features of the gold labels (and gold label pairs) move up and those of
 * the predicted ones down.
 * The returned weights are the average over all steps, computed lazily:
 * w_avg = w - u / c where u accumulates c * delta at each update.
 * Sentences are visited in an order shuffled with a fixed seed, so the
 * same data and options always give the same model.
 */
#include "ner_impl.h"
#include "reader.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Corpora
 * ---------------------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return TL_OK;
    size_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return TL_ENOMEM;
    *p = q;
    *cap = c;
    return TL_OK;
}

static int add_word(ner_corpus *c, const char *w, size_t len, int lab) {
    if (grow((void **)&c->arena, &c->arena_cap, c->arena_n + len + 1, 1) ||
        grow((void **)&c->tok, &c->tok_cap, c->ntok + 1, sizeof(*c->tok)))
        return TL_ENOMEM;
    memcpy(c->arena + c->arena_n, w, len);
    c->arena[c->arena_n + len] = 0;
    c->tok[c->ntok++] = (struct ner_tok){c->arena_n, (uint32_t)len, (uint8_t)lab};
    c->arena_n += len + 1;
    return TL_OK;
}

/* Close the sentence that started at token first (nothing when empty). */
static int end_sentence(ner_corpus *c, size_t first) {
    if (c->ntok == first) return TL_OK;
    if (grow((void **)&c->sent, &c->sent_cap, c->nsent + 1, sizeof(*c->sent))) return TL_ENOMEM;
    c->sent[c->nsent++] = (struct ner_sent){first, c->ntok - first};
    return TL_OK;
}

int ner_corpus_add(ner_corpus *c, const char *const *words, const ner_type *types,
                   const int *begins, size_t n) {
    size_t first = c->ntok;
    for (size_t i = 0; i < n; i++) {
        int lab = ner_lab(types[i], begins[i] || i == 0 || types[i - 1] != types[i]);
        if (add_word(c, words[i], strlen(words[i]), lab)) return TL_ENOMEM;
    }
    return end_sentence(c, first);
}

void ner_corpus_free(ner_corpus *c) {
    free(c->arena);
    free(c->tok);
    free(c->sent);
    memset(c, 0, sizeof(*c));
}

/* "O", "B-PER", "I-LOC", ... -> type and B flag; -1 when not a tag. */
static int parse_tag(const char *s, size_t n, ner_type *t, int *b) {
    if (n == 1 && s[0] == 'O') { *t = NER_NONE; *b = 0; return 0; }
    if (n < 3 || (s[0] != 'B' && s[0] != 'I') || s[1] != '-') return -1;
    for (int k = 1; k < NER_NTYPES; k++)
        if (strlen(ner_type_name((ner_type)k)) == n - 2 &&
            memcmp(s + 2, ner_type_name((ner_type)k), n - 2) == 0) {
            *t = (ner_type)k;
            *b = s[0] == 'B';
            return 0;
        }
    return -1;
}

int ner_corpus_read_conll(const char *path, ner_corpus *c, tl_err *e) {
    rd_t *r;
    int rc = rd_open(&r, path, 1 << 16, e);
    if (rc != TL_OK) return rc;
    char *line;
    size_t len, first = c->ntok;
    while ((rc = rd_line(r, &line, &len, e)) == RD_LINE) {
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
        if (len == 0 || strncmp(line, "-DOCSTART-", 10) == 0) {
            if ((rc = end_sentence(c, first)) != TL_OK) break;
            first = c->ntok;
            continue;
        }
        size_t wl = strcspn(line, " \t");
        size_t ts = len;
        while (ts > 0 && line[ts - 1] != ' ' && line[ts - 1] != '\t') ts--;
        ner_type t;
        int b;
        if (wl == len || parse_tag(line + ts, len - ts, &t, &b) != 0) {
            rc = err_setat(e, TL_EPARSE, path, rd_lineno(r),
                           "expected 'WORD ... TAG' with TAG O, B-/I-PER|ORG|LOC|MISC");
            break;
        }
        /* IOB1 -> BIO: an I- that does not continue its type begins */
        int prev = c->ntok > first ? c->tok[c->ntok - 1].label : 0;
        if (t != NER_NONE && (prev == 0 || ner_lab_type(prev) != t)) b = 1;
        if ((rc = add_word(c, line, wl, ner_lab(t, b))) != TL_OK) break;
    }
    if (rc == RD_EOF) rc = end_sentence(c, first);
    else if (rc == TL_ETOOBIG) rc = err_setat(e, TL_EPARSE, path, rd_lineno(r), "line too long");
    else if (rc == TL_ENOMEM) err_set(e, rc, "out of memory reading %s", path);
    rd_close(r);
    return rc;
}

/* Words and lengths of sentence s into the caller's arrays. */
static void sent_words(const ner_corpus *c, size_t s, const char **w, size_t *l) {
    const struct ner_sent *st = &c->sent[s];
    for (size_t i = 0; i < st->n; i++) {
        w[i] = c->arena + c->tok[st->first + i].off;
        l[i] = c->tok[st->first + i].len;
    }
}

static size_t max_sent(const ner_corpus *c) {
    size_t m = 1;
    for (size_t s = 0; s < c->nsent; s++)
        if (c->sent[s].n > m) m = c->sent[s].n;
    return m;
}

/* ------------------------------------------------------------------------
 * Evaluation
 * ---------------------------------------------------------------------- */

/* End (exclusive) of the span that begins at i. */
static size_t span_end(const uint8_t *labs, size_t n, size_t i) {
    size_t k = i + 1;
    while (k < n && labs[k] == labs[i] + 1) k++;
    return k;
}

static void count_sentence(const uint8_t *gold, const uint8_t *pred, size_t n,
                           ner_eval_result *r) {
    r->sentences++;
    r->tokens += n;
    for (size_t i = 0; i < n; i++) {
        r->tokens_correct += gold[i] == pred[i];
        int gb = ner_lab_begin(gold[i]), pb = ner_lab_begin(pred[i]);
        if (gb) { r->gold[0]++; r->gold[ner_lab_type(gold[i])]++; }
        if (pb) { r->pred[0]++; r->pred[ner_lab_type(pred[i])]++; }
        if (gb && pred[i] == gold[i] && span_end(gold, n, i) == span_end(pred, n, i)) {
            r->correct[0]++;
            r->correct[ner_lab_type(gold[i])]++;
        }
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int eval_weights(const float *w, const ner_corpus *gold, ner_eval_result *r) {
    memset(r, 0, sizeof(*r));
    size_t ms = max_sent(gold);
    const char **words = malloc(ms * sizeof(*words));
    size_t *lens = malloc(ms * sizeof(*lens));
    uint8_t *pred = malloc(ms), *g = malloc(ms);
    ner_sentfeat sf = {0};
    int rc = words && lens && pred && g ? TL_OK : TL_ENOMEM;
    double t0 = now();
    for (size_t s = 0; rc == TL_OK && s < gold->nsent; s++) {
        size_t n = gold->sent[s].n;
        sent_words(gold, s, words, lens);
        if ((rc = ner_sentfeat_build(&sf, words, lens, n)) != TL_OK) break;
        ner_decode(w, &sf, pred);
        for (size_t i = 0; i < n; i++) g[i] = gold->tok[gold->sent[s].first + i].label;
        count_sentence(g, pred, n, r);
    }
    r->seconds = now() - t0;
    free(words);
    free(lens);
    free(pred);
    free(g);
    ner_sentfeat_free(&sf);
    return rc;
}

int ner_eval(const ner_model *m, const ner_corpus *gold, ner_eval_result *r) {
    return eval_weights(m->w, gold, r);
}

void ner_eval_prf(const ner_eval_result *r, ner_type t, double *p, double *rec, double *f1) {
    size_t k = (size_t)t < NER_NTYPES ? (size_t)t : 0;
    *p = r->pred[k] ? (double)r->correct[k] / (double)r->pred[k] : 0;
    *rec = r->gold[k] ? (double)r->correct[k] / (double)r->gold[k] : 0;
    *f1 = *p + *rec > 0 ? 2 * *p * *rec / (*p + *rec) : 0;
}

/* ------------------------------------------------------------------------
 * Training
 * ---------------------------------------------------------------------- */

void ner_train_defaults(ner_train_opts *o) {
    o->epochs = 10;
    o->seed = 0x5eed2003u;
}

static uint64_t rng_next(uint64_t *s) {   /* splitmix64 */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct trainer {
    float *w;          /* current weights (NER_SLOTS * NER_NLAB) */
    double *u;         /* sum of c * delta per weight */
    double c;          /* step counter, from 1 */
} trainer;

static void update(trainer *t, const uint64_t *h, size_t nh, int lab, float d) {
    for (size_t k = 0; k < nh; k++) {
        size_t row = (size_t)(h[k] & (NER_SLOTS - 1)) * NER_NLAB;
        t->w[row + (size_t)lab] += d;
        t->u[row + (size_t)lab] += t->c * d;
    }
}

/* One sentence: Viterbi-decode with the current weights; where the best
 * sequence differs from gold, move the features of the gold labels up and
 * those of the predicted ones down (Collins 2002). Returns the number of
 * correctly tagged tokens. */
static size_t train_sentence(trainer *t, ner_sentfeat *sf, const uint8_t *gold, uint8_t *pred) {
    ner_decode(t->w, sf, pred);
    size_t ok = 0;
    for (size_t i = 0; i < sf->n; i++) {
        int gp = i ? gold[i - 1] : 0, pp = i ? pred[i - 1] : 0;
        if (pred[i] == gold[i]) ok++;
        else {
            const uint64_t *f = sf->feats + i * NER_MAXF;
            update(t, f, sf->nf[i], gold[i], 1);
            update(t, f, sf->nf[i], pred[i], -1);
        }
        if (pred[i] != gold[i] || pp != gp) {
            uint64_t dyn[NER_NDYN];
            ner_feat_dynamic(sf, i, gp, dyn);
            update(t, dyn, NER_NDYN, gold[i], 1);
            ner_feat_dynamic(sf, i, pp, dyn);
            update(t, dyn, NER_NDYN, pred[i], -1);
        }
    }
    t->c += (double)sf->n;
    return ok;
}

static void average_into(const trainer *t, float *avg) {
    const size_t nw = (size_t)NER_SLOTS * NER_NLAB;
    for (size_t i = 0; i < nw; i++) avg[i] = (float)(t->w[i] - t->u[i] / t->c);
}

int ner_train(const ner_corpus *train, const ner_corpus *dev, const ner_train_opts *o,
              ner_epoch_cb cb, void *ud, ner_model **out, tl_err *e) {
    *out = NULL;
    if (train->nsent == 0) return err_set(e, TL_EEMPTY, "no training sentences");
    ner_train_opts def;
    if (!o) { ner_train_defaults(&def); o = &def; }
    const size_t nw = (size_t)NER_SLOTS * NER_NLAB;
    trainer t = {calloc(nw, sizeof(float)), calloc(nw, sizeof(double)), 1};
    ner_model *avg = ner_model_new(), *best = dev ? ner_model_new() : NULL;
    size_t ms = max_sent(train);
    size_t *order = malloc(train->nsent * sizeof(size_t));
    const char **words = malloc(ms * sizeof(*words));
    size_t *lens = malloc(ms * sizeof(*lens));
    uint8_t *gold = malloc(ms), *pred = malloc(ms);
    ner_sentfeat sf = {0};
    int rc = TL_OK;
    if (!t.w || !t.u || !avg || (dev && !best) || !order || !words || !lens || !gold || !pred)
        rc = err_set(e, TL_ENOMEM, "out of memory training the NER model");
    for (size_t s = 0; rc == TL_OK && s < train->nsent; s++) order[s] = s;
    uint64_t rng = o->seed;
    double best_f1 = -1;
    for (int ep = 1; rc == TL_OK && ep <= o->epochs; ep++) {
        for (size_t s = train->nsent; s > 1; s--) {   /* Fisher-Yates */
            size_t j = (size_t)(rng_next(&rng) % s), x = order[s - 1];
            order[s - 1] = order[j];
            order[j] = x;
        }
        size_t ok = 0;
        for (size_t k = 0; k < train->nsent; k++) {
            size_t s = order[k], n = train->sent[s].n;
            sent_words(train, s, words, lens);
            for (size_t i = 0; i < n; i++) gold[i] = train->tok[train->sent[s].first + i].label;
            if ((rc = ner_sentfeat_build(&sf, words, lens, n)) != TL_OK) {
                err_set(e, rc, "out of memory training the NER model");
                break;
            }
            ok += train_sentence(&t, &sf, gold, pred);
        }
        if (rc != TL_OK) break;
        average_into(&t, avg->w);
        double f1 = -1;
        if (dev) {
            ner_eval_result r;
            double p, rec;
            if ((rc = eval_weights(avg->w, dev, &r)) != TL_OK) {
                err_set(e, rc, "out of memory evaluating the NER model");
                break;
            }
            ner_eval_prf(&r, NER_NONE, &p, &rec, &f1);
            if (f1 > best_f1) {
                best_f1 = f1;
                memcpy(best->w, avg->w, nw * sizeof(float));
            }
        }
        if (cb && cb(ud, ep, (double)ok / (double)train->ntok, f1)) break;
    }
    free(t.w);
    free(t.u);
    free(order);
    free(words);
    free(lens);
    free(gold);
    free(pred);
    ner_sentfeat_free(&sf);
    if (rc == TL_OK && dev && best_f1 >= 0) { ner_model_free(avg); avg = best; best = NULL; }
    ner_model_free(best);
    if (rc != TL_OK) { ner_model_free(avg); return rc; }
    *out = avg;
    return TL_OK;
}
