/* summary.h -- extractive multi-document summaries with citations.
 *
 * A story is a handful of articles from different outlets about one
 * event; its summary is a few of their sentences, chosen so that together
 * they say what the articles say most, without repeating themselves,
 * and each carries a citation to every article that states it.
 *
 * Methods (sum_params.method):
 *   SUM_TRILAT    the default: sentence centrality (cosine with the TF-IDF
 *                 centroid of the documents, blended with LexRank), a bonus
 *                 for content several sources corroborate, MMR to drop
 *                 redundancy, at most a few sentences per source, output in
 *                 chronological order (publication, then position);
 *   SUM_CENTROID  plain centroid (MEAD-style, no MMR, no corroboration):
 *                 a baseline;
 *   SUM_LEAD      the first sentences of the earliest document: a baseline;
 *   SUM_RANDOM    random sentences (seeded): a baseline.
 *
 * The budget is in words (whitespace-separated tokens, as ROUGE's -l
 * counts them) or in bytes; the last sentence is kept whole only when it
 * fits, except that SUM_LEAD, like DUC's lead baseline, may truncate.
 *
 * Citations: a chosen sentence cites its own document and every other
 * document with a near-duplicate sentence (word-bigram overlap >=
 * SUM_DUP_OVERLAP), so syndicated copies and shared wire text cite all
 * their outlets.
 *
 * Ownership: sum_summarize fills a caller-owned sum_result; free it with
 * sum_result_free. Documents are borrowed for the duration of the call.
 */
#ifndef TRILAT_SUMMARY_H
#define TRILAT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define SUM_DUP_OVERLAP 0.6

enum { SUM_TRILAT = 0, SUM_CENTROID, SUM_LEAD, SUM_RANDOM };

typedef struct sum_doc {
    const char *id;         /* the caller's identifier (not interpreted) */
    const char *source;     /* outlet, or NULL */
    const char *title;      /* or NULL (not summarized) */
    const char *text;       /* body, UTF-8 */
    size_t len;
    int has_ts;
    int64_t ts;             /* publication, Unix seconds, when has_ts */
} sum_doc;

typedef struct sum_params {
    int method;             /* SUM_* */
    long words;             /* word budget (default 100); <= 0: none */
    long bytes;             /* byte budget; <= 0: none */
    double lambda;          /* MMR: weight of relevance vs novelty (0.85) */
    int per_source;         /* per source (2) until every source had its turn; 0: no cap */
    unsigned seed;          /* SUM_RANDOM */
} sum_params;

typedef struct sum_sent {
    size_t doc;             /* the document the text is taken from */
    uint32_t start, end;    /* byte span in docs[doc].text */
    size_t *cites;          /* documents stating it, doc first, then by index */
    size_t ncites;
    double score;           /* the method's score when chosen */
} sum_sent;

typedef struct sum_result {
    sum_sent *sents;        /* in output order */
    size_t n;
    long words;             /* words in the summary */
} sum_result;

void sum_params_default(sum_params *p);

/* Summarize n documents. TL_OK (an empty result when there is nothing
 * to say), TL_EINVAL for a bad parameter, TL_ENOMEM. */
int sum_summarize(const sum_doc *docs, size_t n, const sum_params *p, sum_result *out,
                  tl_err *e);

void sum_result_free(sum_result *r);

/* The method name ("trilat", "centroid", "lead", "random") and back;
 * sum_method_parse returns -1 for an unknown name. */
const char *sum_method_name(int method);
int sum_method_parse(const char *name);

#endif
