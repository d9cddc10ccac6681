/* place.h -- the placement driver: puts every article the store holds
 * but has not placed yet into a story (story.c), in ingest order, and
 * persists the result in batches.
 *
 * State (terms with document frequencies, stories with centroids,
 * placements with MinHash signatures) is loaded from the store when the
 * run starts, so placing is incremental across runs: articles placed once
 * are never moved, and a new run only places what arrived since.
 */
#ifndef TRILAT_PLACE_H
#define TRILAT_PLACE_H

#include "err.h"
#include "store.h"
#include "story.h"

#define PLACE_BATCH 1000

typedef struct place_stats {
    long placed;          /* articles placed in this run */
    long created;         /* of which founded a new story */
    long near_dups;       /* of which joined as near-duplicates */
    long stories;         /* stories in the store after the run */
    long storylines;      /* storylines after the run */
    size_t index_bytes;   /* memory of the in-memory state */
    double load_seconds;  /* loading state from the store */
} place_stats;

/* Called after each batch is committed; a non-zero return stops the run
 * there (what was committed stays; the next run goes on from it). */
typedef int (*place_progress_fn)(void *ud, const place_stats *st);

/* A resident placer: the state loaded once (place_open), then each
 * place_more() places what arrived since, without reloading, which is
 * what a long-running process wants (`trilat serve`). If another process
 * placed articles in between (every batch leaves its writer's token in
 * the store), or a run failed, the state is loaded again first. The
 * store must outlive the placer; place_close frees it. */
typedef struct placer placer;
int place_open(store_t *s, const story_params *p, placer **out, tl_err *e);
int place_more(placer *g, place_progress_fn progress, void *ud, place_stats *st, tl_err *e);
void place_close(placer *g);

/* Place all unplaced articles (open, more, close). reset: forget every placement first and
 * re-place everything (needed after changing parameters for the change
 * to apply to articles already placed). p may be NULL (defaults). */
int place_run(store_t *s, const story_params *p, int reset, place_progress_fn progress,
              void *ud, place_stats *st, tl_err *e);

/* Set one tuning parameter by name ("threshold", "window_days",
 * "decay_days", "article_terms", "centroid_terms", "probe_terms",
 * "near_dup", "line_threshold", "line_days"). TL_EINVAL if unknown or
 * out of range. */
int place_param_set(story_params *p, const char *key, const char *value, tl_err *e);

/* Read "key = value" lines (# comments) from a config file into p. */
int place_param_load(story_params *p, const char *path, tl_err *e);

/* The parameters as one line of text "threshold=0.3 window_days=3 ...". */
void place_param_string(const story_params *p, char *out, size_t n);

#endif
