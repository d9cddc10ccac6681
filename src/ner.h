/* ner.h -- named-entity recognition: PERSON, ORG, LOC, MISC spans with
 * byte offsets, from a statistical model trained by trilat itself.
 *
 * Why: stories are about people, organizations and places; clustering,
 * storylines and the entity index need to know which words name them. The
 * model is an averaged structured perceptron (Collins 2002) that tags a
 * sentence with BIO labels (O, B-PER, I-PER, ..., 9 labels) by Viterbi
 * decoding, over hashed features of the word, its shape, affixes, a +-2
 * word window and the previous label (docs/ner.md lists them). Transitions
 * that BIO forbids (I-X after anything but B-X / I-X) are never predicted,
 * so every output is a well-formed span sequence.
 *
 * Features are strings hashed with XXH3_64bits into a fixed table of
 * NER_SLOTS rows x 9 labels; no feature dictionary is kept. The model file
 * is a small header (magic, version, sizes, checksum) followed by the
 * non-zero rows, int16-quantized and zstd-compressed.
 *
 * Raw text is split with the sentence splitter and the tokenizer
 * (sent.h, tok.h); pre-tokenized input (CoNLL files, training) goes through
 * ner_tag_tokens() with the given tokens. POS and chunk columns are never
 * used: real input has none.
 *
 * Ownership: a ner_model is created by ner_model_load() or ner_train() and
 * freed by ner_model_free(); it is read-only while tagging, so one model
 * may serve several threads. ner_spans and ner_corpus are owned by the
 * caller and freed with ner_spans_free() / ner_corpus_free().
 */
#ifndef TRILAT_NER_H
#define TRILAT_NER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef enum { NER_NONE = 0, NER_PER, NER_ORG, NER_LOC, NER_MISC } ner_type;
#define NER_NTYPES 5

typedef struct { size_t start, end; ner_type type; } ner_span;  /* byte offsets into text */
typedef struct { ner_span *v; size_t n, cap; } ner_spans;       /* caller frees with ner_spans_free */

typedef struct ner_model ner_model;

/* "PER", "ORG", "LOC", "MISC" ("O" for NER_NONE). */
const char *ner_type_name(ner_type t);

/* ------------------------------------------------------------------------
 * Models and tagging
 * ---------------------------------------------------------------------- */

/* Load a model file. TL_OK; TL_EIO (cannot read), TL_EPARSE (not a model,
 * wrong version, checksum mismatch, truncated), TL_ENOMEM; e says which. */
int ner_model_load(const char *path, ner_model **out, tl_err *e);

/* Write a model file (atomically: a temp file renamed over path). */
int ner_model_save(const ner_model *m, const char *path, tl_err *e);

void ner_model_free(ner_model *m);

/* What identifies a loaded model: the checksum of its weights as stored
 * in its file (same file, same id, on any machine); 0 for a model not
 * loaded from a file, and for NULL. */
uint64_t ner_model_id(const ner_model *m);

/* Tag len bytes of UTF-8 text and append the entities found to out, in
 * text order. TL_OK, TL_ENOMEM or TL_ETOOBIG (text over 4 GB). */
int ner_tag_text(const ner_model *m, const char *text, size_t len, ner_spans *out);

/* Tag one pre-tokenized sentence of n words (words[i] is lens[i] bytes, no
 * NUL needed). types[i] receives the entity type of word i, begins[i] 1
 * when word i starts an entity (B-), else 0. TL_OK or TL_ENOMEM. */
int ner_tag_tokens(const ner_model *m, const char *const *words, const size_t *lens, size_t n,
                   ner_type *types, int *begins);

void ner_spans_free(ner_spans *s);

/* ------------------------------------------------------------------------
 * Corpora (CoNLL 2003 format) and training
 * ---------------------------------------------------------------------- */

/* Sentences of words with gold BIO labels, in one arena. */
typedef struct ner_corpus {
    char *arena;              /* words, back to back, NUL-separated */
    size_t arena_n, arena_cap;
    struct ner_tok { size_t off; uint32_t len; uint8_t label; } *tok;
    size_t ntok, tok_cap;
    struct ner_sent { size_t first, n; } *sent;
    size_t nsent, sent_cap;
} ner_corpus;

#define NER_CORPUS_INIT {0}

/* Append the sentences of a CoNLL file ("word ... NE" per line, blank
 * lines between sentences, -DOCSTART- lines ignored; the NE column may be
 * IOB1 or BIO, it is read as BIO). TL_OK; TL_EIO; TL_EPARSE with the line
 * of a bad tag; TL_ENOMEM. */
int ner_corpus_read_conll(const char *path, ner_corpus *c, tl_err *e);

/* Append one sentence: words[i] NUL-terminated, types[i] / begins[i] as in
 * ner_tag_tokens(). TL_OK or TL_ENOMEM. */
int ner_corpus_add(ner_corpus *c, const char *const *words, const ner_type *types,
                   const int *begins, size_t n);

void ner_corpus_free(ner_corpus *c);

typedef struct ner_train_opts {
    int epochs;               /* passes over the training data (default 10) */
    uint64_t seed;            /* sentence shuffling (fixed: deterministic) */
} ner_train_opts;

void ner_train_defaults(ner_train_opts *o);

/* Called after each epoch; dev_f1 is -1 without a dev corpus. A non-zero
 * return stops training (the model so far is kept). */
typedef int (*ner_epoch_cb)(void *ud, int epoch, double train_acc, double dev_f1);

/* Train on train (dev may be NULL: then the model after the last epoch is
 * returned; otherwise the epoch with the best dev F1). The caller owns
 * *out. TL_OK; TL_EEMPTY (no sentences); TL_ENOMEM. */
int ner_train(const ner_corpus *train, const ner_corpus *dev, const ner_train_opts *o,
              ner_epoch_cb cb, void *ud, ner_model **out, tl_err *e);

/* ------------------------------------------------------------------------
 * Evaluation (conlleval-equivalent: entity level, exact span match)
 * ---------------------------------------------------------------------- */

typedef struct ner_eval_result {
    size_t sentences, tokens, tokens_correct;   /* BIO label accuracy */
    size_t gold[NER_NTYPES], pred[NER_NTYPES], correct[NER_NTYPES];  /* [0]: all types */
    double seconds;                              /* tagging time */
} ner_eval_result;

/* Tag every sentence of gold and count. TL_OK or TL_ENOMEM. */
int ner_eval(const ner_model *m, const ner_corpus *gold, ner_eval_result *r);

/* Precision, recall, F1 of type t (NER_NONE: overall) from r. */
void ner_eval_prf(const ner_eval_result *r, ner_type t, double *p, double *rec, double *f1);

#endif
