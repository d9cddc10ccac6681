/* xscore.h -- the scorer of the Article Extraction Benchmark (Zyte /
 * ScrapingHub, github scrapinghub/article-extraction-benchmark,
 * evaluate.py): how close an extracted article body is to the gold one.
 *
 * Why our own: the published figures of extractors (trafilatura,
 * readability, newspaper, goose, boilerpipe, AutoExtract ...) on that
 * benchmark all come from evaluate.py; a scorer that departs from it in a
 * detail (tokens, short texts, empty predictions, how pages are averaged)
 * gives numbers that cannot be set next to them. This module follows the
 * script exactly:
 *
 *   tokens    Python's re.findall(r'\w+', text) on a Unicode string: runs
 *             of characters whose general category is L* (Lu Ll Lt Lm Lo)
 *             or N* (Nd Nl No), or '_'. Combining marks (Mn, Mc, Me) are
 *             NOT word characters, so "cafe\u0301s" is two tokens. Case is
 *             kept. Invalid UTF-8 bytes separate tokens.
 *   shingles  the multiset of 4-token n-grams; a text of 1 to 3 tokens
 *             gives one shorter shingle (all its tokens), a text of no
 *             token gives none.
 *   per page  over every shingle s: tp = sum min(gold_s, pred_s),
 *             fp = sum max(0, pred_s - gold_s), fn = sum max(0, gold_s -
 *             pred_s); then each is divided by tp + fp + fn (when > 0), so
 *             every page weighs the same.
 *             P = tp / (tp + fp), R = tp / (tp + fn), except: fp = fn = 0
 *             gives P = R = 1; tp = fp = 0 gives P = 0; tp = fn = 0 gives
 *             R = 0.
 *   overall   macro averages: precision = mean P over the pages with
 *             tp + fp > 0 (an empty prediction does not count against
 *             precision), recall = mean R over the pages with tp + fn > 0;
 *             F1 = 2 P R / (P + R) from those means; accuracy = the share
 *             of pages whose token list equals the gold one exactly.
 *   +-        the standard deviation (n - 1) of each figure over bootstrap
 *             resamples of the pages (the script: 1000, drawn with
 *             Python's random; here a seeded splitmix64, so the figures
 *             repeat from run to run, not the script's digits).
 *
 * Shingles are compared exactly: tokens are interned into small integers
 * for the call (XXH3 hashes, the bytes compared on a hit) and a shingle is
 * four of them.
 *
 * Ownership: every call reads caller-owned texts and fills caller-owned
 * records. No global state; thread-safe.
 */
#ifndef TRILAT_XSCORE_H
#define TRILAT_XSCORE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define XS_NGRAM 4
#define XS_BOOTSTRAP 1000   /* resamples, as evaluate.py */

/* One page's comparison. */
typedef struct xs_page {
    double tp, fp, fn;        /* normalized by tp + fp + fn (all 0 without shingles) */
    size_t common;            /* shingles in common (raw tp) */
    size_t gold_shingles, pred_shingles;
    size_t gold_tokens, pred_tokens;
    int exact;                /* the token lists are equal */
} xs_page;

/* Overall figures of a set of pages. */
typedef struct xs_summary {
    size_t pages;
    size_t precision_pages;   /* pages with tp + fp > 0 */
    size_t recall_pages;      /* pages with tp + fn > 0 */
    size_t exact_pages;
    double precision, recall, f1, accuracy;
    double precision_sd, recall_sd, f1_sd, accuracy_sd;   /* bootstrap */
    int bootstrap;            /* resamples drawn */
} xs_summary;

/* The next token of s[0, len) at or after byte *pos: returns 1 and sets
 * *start and *tlen (bytes) and *pos past the token, or 0 when none is left. */
int xs_next_token(const char *s, size_t len, size_t *pos, size_t *start, size_t *tlen);

/* Number of tokens of s. */
size_t xs_count_tokens(const char *s, size_t len);

/* Compare a predicted body with the gold one (UTF-8, not necessarily
 * NUL-terminated; NULL with length 0 is an empty text). TL_OK; TL_ETOOBIG
 * (a text of 2^32 - 1 tokens or more); TL_ENOMEM. */
int xs_score_page(const char *gold, size_t glen, const char *pred, size_t plen, xs_page *out,
                  tl_err *e);

/* The page's P and R with the script's edge rules, and 2PR / (P + R)
 * (0 when both are 0); xs_page_f1 is for ranking pages, the overall F1 is
 * computed from the means. */
double xs_precision(const xs_page *p);
double xs_recall(const xs_page *p);
double xs_page_f1(const xs_page *p);

/* Does the page count in the precision / recall mean? */
int xs_counts_precision(const xs_page *p);
int xs_counts_recall(const xs_page *p);

/* Overall figures of n pages, with bootstrap resamples (< 2: no standard
 * deviations, all 0) drawn from seed. A mean over no page (no prediction
 * at all, or no gold text) is 0, as is F1 when P + R = 0. TL_OK; TL_EEMPTY
 * (n == 0). */
int xs_aggregate(const xs_page *pages, size_t n, int bootstrap, uint64_t seed, xs_summary *out,
                 tl_err *e);

#endif
