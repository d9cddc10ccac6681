/* ner_impl.h -- internals shared by ner.c, ner_feat.c and ner_train.c
 * (not part of the library's interface; see ner.h).
 *
 * Labels are BIO over the four types: 0 = O, 1 + 2*(t-1) = B-t,
 * 2 + 2*(t-1) = I-t for t = NER_PER..NER_MISC. A feature is a 64-bit hash;
 * its weights are row (hash & (NER_SLOTS-1)) of the table, one float per
 * label.
 */
#ifndef TRILAT_NER_IMPL_H
#define TRILAT_NER_IMPL_H

#include "ner.h"

#include <stddef.h>
#include <stdint.h>

#define NER_NLAB 9
#define NER_SLOTS_LOG2 20
#define NER_SLOTS (1u << NER_SLOTS_LOG2)
#define NER_MAXF 48              /* static features per token, at most */
#define NER_LOW_MAX 40           /* folded word kept for features, bytes */
#define NER_SHAPE_MAX 12

struct ner_model {
    float *w;                    /* NER_SLOTS * NER_NLAB weights, owned */
    uint64_t id;                 /* checksum of the loaded file's weights (0: not loaded) */
};

/* A model with all weights zero (ner.c); NULL when out of memory. */
ner_model *ner_model_new(void);

static inline ner_type ner_lab_type(int lab) { return lab ? (ner_type)((lab + 1) / 2) : NER_NONE; }
static inline int ner_lab_begin(int lab) { return lab && (lab % 2) == 1; }
static inline int ner_lab(ner_type t, int begin) {
    return t == NER_NONE ? 0 : 1 + 2 * ((int)t - 1) + (begin ? 0 : 1);
}

/* BIO: I-t may only follow B-t or I-t. */
static inline int ner_lab_allowed(int prev, int lab) {
    if (lab == 0 || ner_lab_begin(lab)) return 1;
    return prev != 0 && ner_lab_type(prev) == ner_lab_type(lab);
}

/* ------------------------------------------------------------------------
 * Features (ner_feat.c)
 * ---------------------------------------------------------------------- */

/* Per-token strings the features are made of. */
typedef struct ner_wordinfo {
    char low[NER_LOW_MAX];       /* folded (lower case, no diacritics) */
    char shape[NER_SHAPE_MAX];   /* Xxxxx, dd-dd (capped) */
    char sshape[NER_SHAPE_MAX];  /* runs collapsed: Xx, d-d */
    uint8_t nlow, nshape, nsshape;
    uint8_t cap, allcap, digit, hyphen;
    uint64_t hlow, hshape;       /* hashes of low and sshape, for combinations */
} ner_wordinfo;

/* A sentence prepared for scoring: n tokens, feats[i*NER_MAXF ..] holding
 * nf[i] static feature hashes. Owned by whoever made it (ner_sentfeat_free). */
typedef struct ner_sentfeat {
    ner_wordinfo *wi;
    uint64_t *feats;
    uint8_t *nf;
    float *vit;                  /* Viterbi scratch: n * NER_NLAB scores */
    uint8_t *bp;                 /* and back pointers */
    size_t n, cap;
} ner_sentfeat;

/* Compute the static features of a sentence (reusing sf's memory).
 * TL_OK or TL_ENOMEM. */
int ner_sentfeat_build(ner_sentfeat *sf, const char *const *words, const size_t *lens, size_t n);
void ner_sentfeat_free(ner_sentfeat *sf);

/* The label-history features of token i given the previous label p1
 * (out holds NER_NDYN hashes). First order, so Viterbi decoding is exact. */
#define NER_NDYN 3
void ner_feat_dynamic(const ner_sentfeat *sf, size_t i, int p1, uint64_t *out);

/* scores[l] = sum over the nh features h of w[row(h)][l]. */
void ner_score(const float *w, const uint64_t *h, size_t nh, float *scores);

/* Viterbi decoding of a prepared sentence into labs[], over the label
 * sequences BIO allows (the label before the first token is O). */
void ner_decode(const float *w, ner_sentfeat *sf, uint8_t *labs);

#endif
