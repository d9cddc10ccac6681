/* ner_feat.c -- feature extraction and scoring for the NER perceptron
 * (see ner.h, ner_impl.h; docs/ner.md lists the features).
 *
 * Each feature is a short string ("w-1=the", "s=Xxxx") hashed with
 * XXH3_64bits; the strings never leave the stack. Word-level strings
 * (folded form, shapes) are computed once per token and shared by the
 * window features of its neighbours. Label-history features (first
 * order: the previous label only, so Viterbi is exact) are combinations of
 * precomputed hashes, made at decoding time.
 */
#include "ner_impl.h"
#include "hash.h"
#include "err.h"
#include "tok.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

/* ------------------------------------------------------------------------
 * Hashing helpers
 * ---------------------------------------------------------------------- */


/* Hash of prefix + a (+ "|" + b when b is not NULL), cut at 128 bytes. */
static uint64_t fh(const char *pfx, const char *a, size_t na, const char *b, size_t nb) {
    char buf[128];
    size_t n = strlen(pfx);
    memcpy(buf, pfx, n);
    if (na > sizeof(buf) - n) na = sizeof(buf) - n;
    memcpy(buf + n, a, na);
    n += na;
    if (b) {
        if (n < sizeof(buf)) buf[n++] = '|';
        if (nb > sizeof(buf) - n) nb = sizeof(buf) - n;
        memcpy(buf + n, b, nb);
        n += nb;
    }
    return XXH3_64bits(buf, n);
}

/* ------------------------------------------------------------------------
 * Word information
 * ---------------------------------------------------------------------- */

static void word_info(const char *s, size_t len, ner_wordinfo *wi) {
    memset(wi, 0, sizeof(*wi));
    wi->nlow = (uint8_t)tok_fold(s, len, wi->low, sizeof(wi->low));
    size_t i = 0, ns = 0, nss = 0, cased = 0, upper = 0;
    int first = 1;
    char last = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        char c;
        if (k <= 0) { c = '?'; k = 1; }
        else if (cp < 0x80) {
            if (cp >= 'A' && cp <= 'Z') c = 'X';
            else if (cp >= 'a' && cp <= 'z') c = 'x';
            else if (cp >= '0' && cp <= '9') c = 'd';
            else c = (char)cp;
        } else {
            utf8proc_category_t cat = utf8proc_category(cp);
            if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) c = 'X';
            else if (cat >= UTF8PROC_CATEGORY_LL && cat <= UTF8PROC_CATEGORY_LO) c = 'x';
            else if (cat == UTF8PROC_CATEGORY_ND) c = 'd';
            else if (cat == UTF8PROC_CATEGORY_PD) c = '-';
            else if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) c = 0;
            else c = '*';
        }
        i += (size_t)k;
        if (!c) continue;
        if (c == 'X') { cased++; upper++; if (first) wi->cap = 1; }
        else if (c == 'x') cased++;
        else if (c == 'd') wi->digit = 1;
        else if (c == '-') wi->hyphen = 1;
        first = 0;
        if (ns < NER_SHAPE_MAX) wi->shape[ns++] = c;
        if (c != last && nss < NER_SHAPE_MAX) wi->sshape[nss++] = c;
        last = c;
    }
    wi->allcap = cased >= 2 && upper == cased;
    wi->nshape = (uint8_t)ns;
    wi->nsshape = (uint8_t)nss;
    wi->hlow = XXH3_64bits(wi->low, wi->nlow);
    wi->hshape = XXH3_64bits(wi->sshape, wi->nsshape);
}

/* ------------------------------------------------------------------------
 * Static features
 * ---------------------------------------------------------------------- */

static const ner_wordinfo BOS = {.low = "<s>", .shape = "<s>", .sshape = "<s>",
                                 .nlow = 3, .nshape = 3, .nsshape = 3};
static const ner_wordinfo EOS = {.low = "</s>", .shape = "</s>", .sshape = "</s>",
                                 .nlow = 4, .nshape = 4, .nsshape = 4};

static const ner_wordinfo *at(const ner_sentfeat *sf, size_t i, long d) {
    long j = (long)i + d;
    if (j < 0) return &BOS;
    if ((size_t)j >= sf->n) return &EOS;
    return &sf->wi[j];
}

static size_t static_feats(const ner_sentfeat *sf, size_t i, const char *w, size_t wl,
                           uint64_t *f) {
    const ner_wordinfo *c = &sf->wi[i], *m1 = at(sf, i, -1), *m2 = at(sf, i, -2),
                       *p1 = at(sf, i, 1), *p2 = at(sf, i, 2);
    size_t n = 0;
    f[n++] = fh("bias", "", 0, NULL, 0);
    f[n++] = fh("w=", c->low, c->nlow, NULL, 0);
    f[n++] = fh("f=", w, wl, NULL, 0);
    f[n++] = fh("s=", c->shape, c->nshape, NULL, 0);
    f[n++] = fh("ss=", c->sshape, c->nsshape, NULL, 0);
    static const char *const PP[] = {"p1=", "p2=", "p3=", "p4="};
    static const char *const SS[] = {"x1=", "x2=", "x3=", "x4="};
    for (size_t k = 1; k <= 4; k++) {
        if (c->nlow < k) break;
        f[n++] = fh(PP[k - 1], c->low, k, NULL, 0);
        f[n++] = fh(SS[k - 1], c->low + c->nlow - k, k, NULL, 0);
    }
    if (c->cap) f[n++] = fh("cap", "", 0, NULL, 0);
    if (c->allcap) f[n++] = fh("allcap", "", 0, NULL, 0);
    if (c->digit) f[n++] = fh("digit", "", 0, NULL, 0);
    if (c->hyphen) f[n++] = fh("hyphen", "", 0, NULL, 0);
    if (i == 0) {
        f[n++] = fh("init", c->sshape, c->nsshape, NULL, 0);
        f[n++] = fh("init-w=", c->low, c->nlow, NULL, 0);
    }
    char lb[4] = {(char)('0' + (wl > 9 ? 9 : wl)), 0, 0, 0};
    f[n++] = fh("len=", lb, 1, NULL, 0);
    f[n++] = fh("w-1=", m1->low, m1->nlow, NULL, 0);
    f[n++] = fh("w-2=", m2->low, m2->nlow, NULL, 0);
    f[n++] = fh("w+1=", p1->low, p1->nlow, NULL, 0);
    f[n++] = fh("w+2=", p2->low, p2->nlow, NULL, 0);
    f[n++] = fh("ss-1=", m1->sshape, m1->nsshape, NULL, 0);
    f[n++] = fh("ss-2=", m2->sshape, m2->nsshape, NULL, 0);
    f[n++] = fh("ss+1=", p1->sshape, p1->nsshape, NULL, 0);
    f[n++] = fh("ss+2=", p2->sshape, p2->nsshape, NULL, 0);
    f[n++] = fh("w-1w=", m1->low, m1->nlow, c->low, c->nlow);
    f[n++] = fh("ww+1=", c->low, c->nlow, p1->low, p1->nlow);
    f[n++] = fh("w-1s=", m1->low, m1->nlow, c->sshape, c->nsshape);
    f[n++] = fh("sw+1=", c->sshape, c->nsshape, p1->low, p1->nlow);
    f[n++] = fh("ss-1s+1=", m1->sshape, m1->nsshape, p1->sshape, p1->nsshape);
    char s3[3 * NER_SHAPE_MAX + 2];
    size_t k = 0;
    memcpy(s3 + k, m1->sshape, m1->nsshape); k += m1->nsshape; s3[k++] = '|';
    memcpy(s3 + k, c->sshape, c->nsshape); k += c->nsshape;
    f[n++] = fh("ss-1s=", s3, k, p1->sshape, p1->nsshape);
    f[n++] = fh("x3-1=", m1->low + (m1->nlow > 3 ? m1->nlow - 3 : 0),
                m1->nlow > 3 ? 3 : m1->nlow, NULL, 0);
    f[n++] = fh("x3+1=", p1->low + (p1->nlow > 3 ? p1->nlow - 3 : 0),
                p1->nlow > 3 ? 3 : p1->nlow, NULL, 0);
    return n;
}

int ner_sentfeat_build(ner_sentfeat *sf, const char *const *words, const size_t *lens, size_t n) {
    if (n > sf->cap) {
        size_t cap = n < 64 ? 64 : n;
        ner_wordinfo *wi = realloc(sf->wi, cap * sizeof(*wi));
        if (!wi) return TL_ENOMEM;
        sf->wi = wi;
        uint64_t *fe = realloc(sf->feats, cap * NER_MAXF * sizeof(uint64_t));
        if (!fe) return TL_ENOMEM;
        sf->feats = fe;
        uint8_t *nf = realloc(sf->nf, cap);
        if (!nf) return TL_ENOMEM;
        sf->nf = nf;
        float *vit = realloc(sf->vit, cap * NER_NLAB * sizeof(float));
        if (!vit) return TL_ENOMEM;
        sf->vit = vit;
        uint8_t *bp = realloc(sf->bp, cap * NER_NLAB);
        if (!bp) return TL_ENOMEM;
        sf->bp = bp;
        sf->cap = cap;
    }
    sf->n = n;
    for (size_t i = 0; i < n; i++) word_info(words[i], lens[i], &sf->wi[i]);
    for (size_t i = 0; i < n; i++)
        sf->nf[i] = (uint8_t)static_feats(sf, i, words[i], lens[i], sf->feats + i * NER_MAXF);
    return TL_OK;
}

void ner_sentfeat_free(ner_sentfeat *sf) {
    free(sf->wi);
    free(sf->feats);
    free(sf->nf);
    free(sf->vit);
    free(sf->bp);
    memset(sf, 0, sizeof(*sf));
}

/* ------------------------------------------------------------------------
 * Label history, scoring, decoding
 * ---------------------------------------------------------------------- */

void ner_feat_dynamic(const ner_sentfeat *sf, size_t i, int p1, uint64_t *out) {
    const ner_wordinfo *c = &sf->wi[i];
    out[0] = mix64(0x7431000000000000ULL + (uint64_t)p1);
    out[1] = mix64(c->hlow ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(p1 + 1)));
    out[2] = mix64(c->hshape ^ (0xC2B2AE3D27D4EB4FULL * (uint64_t)(p1 + 1)));
}

void ner_score(const float *w, const uint64_t *h, size_t nh, float *scores) {
    for (int l = 0; l < NER_NLAB; l++) scores[l] = 0;
    for (size_t k = 0; k < nh; k++) {
        const float *row = w + (size_t)(h[k] & (NER_SLOTS - 1)) * NER_NLAB;
        for (int l = 0; l < NER_NLAB; l++) scores[l] += row[l];
    }
}

void ner_decode(const float *w, ner_sentfeat *sf, uint8_t *labs) {
    const size_t n = sf->n;
    if (n == 0) return;
    for (size_t i = 0; i < n; i++) {
        float st[NER_NLAB], *v = sf->vit + i * NER_NLAB;
        uint8_t *bp = sf->bp + i * NER_NLAB;
        ner_score(w, sf->feats + i * NER_MAXF, sf->nf[i], st);
        for (int l = 0; l < NER_NLAB; l++) { v[l] = -1e30f; bp[l] = 0; }
        for (int p = 0; p < NER_NLAB; p++) {
            float base = i ? sf->vit[(i - 1) * NER_NLAB + p] : (p ? -1e30f : 0);
            if (base <= -1e29f) continue;
            uint64_t dyn[NER_NDYN];
            float dt[NER_NLAB];
            ner_feat_dynamic(sf, i, p, dyn);
            ner_score(w, dyn, NER_NDYN, dt);
            for (int l = 0; l < NER_NLAB; l++) {
                if (!ner_lab_allowed(p, l)) continue;
                float x = base + dt[l] + st[l];
                if (x > v[l]) { v[l] = x; bp[l] = (uint8_t)p; }
            }
        }
    }
    int best = 0;
    const float *last = sf->vit + (n - 1) * NER_NLAB;
    for (int l = 1; l < NER_NLAB; l++)
        if (last[l] > last[best]) best = l;
    for (size_t i = n; i-- > 0;) {
        labs[i] = (uint8_t)best;
        best = sf->bp[i * NER_NLAB + best];
    }
}
