/* qgroup.h -- the same statement quoted by several outlets, grouped.
 *
 * Why: outlets quote one statement in different words: translated,
 * trimmed, with a word changed ("I called President Putin, and began the
 * arrangements for a meeting" / "I called President Putin and began
 * arranging a meeting"). A story should show that statement once, "quoted
 * by 3 sources", with its variants, instead of three unrelated quotes.
 *
 * How (docs/quotes.md, "Same quote across outlets", has the measurements):
 * each quote becomes the set of its content words: tokens (tok.h) folded,
 * stopwords dropped (stop.h), words of two letters or more stemmed with
 * Snowball English (stem.h) and spelling-variant keyed (tok_variant_key),
 * numbers kept as written ("20", "1,500"). Two quotes are one statement
 * when their speakers are compatible (the same entity, or either one
 * unresolved) and, with s shared words and m the size of the smaller set:
 *   - s >= QG_MIN_SHARED and s >= QG_MIN_OVERLAP * m (overlap coefficient,
 *     so a trimmed quote matches the full one); or
 *   - the smaller set has fewer than QG_MIN_SHARED words, the two
 *     speakers are the same resolved entity, and the sets are identical
 *     ("candid and constructive" from two outlets) or the smaller one, of
 *     two words or more, is contained in the other (a partial quote:
 *     "contained but not extinguished"). One word is never enough, and
 *     an unattributed "very good" never matches.
 * Groups are the transitive closure of these matches (union-find), except:
 *   - a group holds at most one resolved speaker: a quote of an unresolved
 *     speaker that matches quotes of two different speakers joins its best
 *     match only (matches are taken best first);
 *   - a short quote (fewer than QG_BRIDGE_WORDS content words) joins at
 *     most one group of longer quotes: it never glues two of them, since a
 *     few words ("the gas field", "talks") recur in unrelated
 *     statements of the same story.
 * Items of the same article may group (an article repeats a quote); the
 * counts below tell articles and outlets apart.
 *
 * Ownership: the caller owns the items and their strings (read only, not
 * kept); qg_group_quotes() fills a qg_result the caller frees with
 * qg_result_free(). No global mutable state: calls on different results
 * may run in parallel threads (with distinct stemmers, see qg_opts).
 */
#ifndef TRILAT_QGROUP_H
#define TRILAT_QGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "stem.h"

#define QG_MIN_OVERLAP 0.6   /* |A∩B| / min(|A|,|B|) */
#define QG_MIN_SHARED 3      /* shared content words */
#define QG_BRIDGE_WORDS 6    /* quotes with fewer words never join two groups */
#define QG_MAX_EDGES 16      /* matches kept per quote that need ordering */

/* One quote. text may be NULL when len is 0. */
typedef struct qg_item {
    const char *text;        /* the quoted content, UTF-8 (NFC) */
    size_t len;
    uint32_t speaker;        /* global entity id, 0 = unresolved */
    int64_t article;         /* the article quoting it */
    const char *source;      /* outlet, NULL when unknown */
} qg_item;

/* Parameters; a NULL qg_opts, or a zero field, means the default. */
typedef struct qg_opts {
    double min_overlap;      /* QG_MIN_OVERLAP */
    unsigned min_shared;     /* QG_MIN_SHARED */
    unsigned bridge_words;   /* QG_BRIDGE_WORDS */
    stem_t *stem;            /* an English stemmer to use (not thread-safe:
                                one per thread); NULL: one is made and
                                freed inside the call (~0.3 ms,
                                770 KB) */
} qg_opts;

/* One group (one statement). */
typedef struct qg_group {
    size_t rep;              /* representative item: an attributed one
                                (speaker != 0) if any, then the most
                                content words, the longest text, the first */
    size_t first;            /* its items are members[first .. first + n) */
    size_t n;                /* items (quotes) in the group */
    size_t articles;         /* distinct articles quoting it */
    size_t sources;          /* distinct outlets: items with a NULL source
                                count one outlet per article */
    uint32_t speaker;        /* the group's resolved speaker, 0 if none */
    uint32_t words;          /* content words of the representative */
} qg_group;

typedef struct qg_result {
    size_t n;                /* items */
    size_t *group;           /* group[i] of item i: 0..ngroups-1, numbered
                                in order of first appearance */
    size_t ngroups;
    qg_group *g;             /* g[k] for group k */
    size_t *members;         /* item indices, group after group, each
                                group's in ascending order */
} qg_result;

#define QG_RESULT_INIT {0, NULL, 0, NULL, NULL}

/* Group items[0..n) into statements; out is overwritten (free a previous
 * result first). Time O(W + P·w) for W content words in all, P pairs of
 * quotes sharing a word (found through an inverted index, never all pairs
 * unless every quote shares a word with every other) and w words a quote;
 * memory O(W + n · QG_MAX_EDGES). Measured (bench/qgroup, Release): a
 * story's quotes in 0.03 ms with a warm stemmer passed in qg_opts, 0.35
 * ms when the call makes its own; 10,000 quotes in 0.25-0.33 s, even when
 * all are the same quote (the worst case), 20,000 in 1.1 s: fine for a
 * story, not for a whole corpus in one call. TL_OK; TL_EINVAL (items NULL
 * with n > 0, a NULL text with len > 0, or out NULL); TL_ETOOBIG (n or
 * the words over 2^32-2, or a text over 4 GB); TL_ENOMEM. On failure out
 * is left empty (as QG_RESULT_INIT) and e says why. n = 0 gives an empty
 * result. */
int qg_group_quotes(const qg_item *items, size_t n, const qg_opts *o, qg_result *out, tl_err *e);

/* Free a result; it is left empty (QG_RESULT_INIT) and reusable. NULL is
 * fine. */
void qg_result_free(qg_result *r);

#endif
