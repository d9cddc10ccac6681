/* feat.h -- per-article features for placement: the weighted bag of
 * terms (stems) that story clustering compares, and the MinHash signature
 * that near-duplicate detection compares.
 *
 * Terms: every word token of title and text, case-folded, without
 * diacritics, stopwords, numbers and one-letter words, stemmed with the
 * article language's Snowball stemmer. Each occurrence counts 1; in the
 * title FEAT_TITLE_BOOST; a capitalized word that does not open a sentence
 * (a name, most of the time) FEAT_NAME_BOOST. Terms are created in the
 * vocabulary on first sight; document frequencies are NOT touched here
 * (the clusterer counts a document when it places it).
 *
 * MinHash: over the body's folded word tokens (stopwords included, so
 * that word order and function words tell copies from paraphrases).
 */
#ifndef TRILAT_FEAT_H
#define TRILAT_FEAT_H

#include <stddef.h>
#include <stdint.h>

#include "mh.h"
#include "vocab.h"

#define FEAT_TITLE_BOOST 3.0f
#define FEAT_NAME_BOOST 2.0f

typedef struct feat_doc {
    uint32_t *ids;       /* distinct term ids, ascending */
    float *tf;           /* boosted term frequency of each */
    uint8_t *name;       /* 1 if written capitalized inside a sentence */
    size_t n, cap;
    size_t ntokens;      /* word tokens seen */
    mh_sig sig;
} feat_doc;

#define FEAT_DOC_INIT {NULL, NULL, NULL, 0, 0, 0, {{0}, 0}}

typedef struct feat_ctx feat_ctx;

feat_ctx *feat_new(void);
void feat_free(feat_ctx *c);
void feat_doc_free(feat_doc *d);

/* Extract features of one article (title may be NULL; lang an ISO 639-1
 * code or NULL). Reuses out's memory. TL_OK or TL_ENOMEM. */
int feat_extract(feat_ctx *c, vocab *v, const char *title, const char *text,
                 size_t len, const char *lang, feat_doc *out);

#endif
