/* story.h -- online story clustering, near-duplicate linking and
 * storylines.
 *
 * Articles arrive one at a time (story_place) and are never moved later:
 *  1. near-duplicates: MinHash LSH finds earlier articles whose shingle
 *     sets overlap by >= near_dup (estimated Jaccard); the best one is the
 *     article's original and the article joins its story;
 *  2. otherwise its TF-IDF vector (sublinear tf x incremental idf, title
 *     and name boosts from feat.c, top article_terms terms, unit length) is
 *     compared by cosine with the centroids of the stories that share one
 *     of its probe_terms strongest terms (an inverted index, so the cost
 *     does not grow with the number of stories), skipping stories outside
 *     window_days of its publication time and discounting the others by
 *     exp(-gap / decay_days) for each day of gap beyond the first;
 *  3. it joins the most similar story if the similarity is >= threshold,
 *     else it starts a new story;
 *  4. document frequencies are updated with its terms (so idf is always
 *     computed over the articles placed so far).
 * Stories whose centroids are similar (>= line_threshold) within
 * line_days are joined into storylines (union-find, the smallest story id
 * names the storyline); a story is compared when it is created and each
 * time its size reaches a power of two.
 *
 * Determinism: the same articles placed in the same order give the same
 * stories, ids and storylines. A different order can give different
 * stories near the threshold (an article that would have joined a story
 * may have come before the story's first member), and different ids.
 */
#ifndef TRILAT_STORY_H
#define TRILAT_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "feat.h"
#include "vocab.h"

typedef struct story_params {
    double threshold;       /* cosine to join a story */
    double window_days;     /* stories farther than this in time are not considered */
    double decay_days;      /* similarity decay per day of gap beyond one day */
    int article_terms;      /* terms kept per article vector */
    int centroid_terms;     /* terms kept per story centroid */
    int probe_terms;        /* strongest article terms used to find candidates */
    double near_dup;        /* MinHash Jaccard for a near-duplicate */
    double line_threshold;  /* centroid cosine to link stories into a storyline */
    double line_days;       /* storyline horizon */
} story_params;

void story_params_default(story_params *p);

typedef struct story_result {
    uint32_t story;         /* story id (1-based) */
    double sim;             /* similarity with the story when joined, 1 when created */
    int created;            /* started a new story */
    uint32_t near_dup_of;   /* original article id, 0 if none */
    double near_dup_sim;    /* its estimated Jaccard */
} story_result;

typedef struct story_info {
    uint32_t id;
    uint32_t size;
    uint32_t storyline;
    int has_ts;
    int64_t first_ts, last_ts;
    const uint32_t *term_ids;   /* centroid, ascending ids */
    const float *term_w;
    uint32_t nterms;
} story_info;

typedef struct story_clu story_clu;

/* The clusterer uses (does not own) v. */
story_clu *story_new(const story_params *p, vocab *v);
void story_free(story_clu *c);

/* Place article `art` (a caller id > 0, e.g. the store rowid). TL_OK or
 * TL_ENOMEM. The vector used is returned through vec_ids/vec_w/vec_n if
 * those are not NULL (valid until the next call). */
int story_place(story_clu *c, uint32_t art, const feat_doc *d, int has_ts, int64_t ts,
                story_result *out);

/* Restore state saved earlier: a story (ids ascending), then its
 * members' signatures. Stories must be restored in id order. */
int story_restore(story_clu *c, const story_info *s);
int story_restore_member(story_clu *c, uint32_t art, uint32_t story, const mh_sig *sig);

/* Look at a story (NULL if no such id). Pointers valid until the next
 * change. */
int story_get(const story_clu *c, uint32_t id, story_info *out);
uint32_t story_count(const story_clu *c);
uint32_t story_storyline(story_clu *c, uint32_t id);
uint32_t story_of(const story_clu *c, uint32_t art);

/* Stories changed since the last call (ids ascending, into a caller
 * array of story_count() entries); clears the marks. */
size_t story_take_dirty(story_clu *c, uint32_t *out);

size_t story_bytes(const story_clu *c);

/* Cosine of two sparse vectors sorted by id. */
double story_cosine(const uint32_t *ai, const float *aw, size_t an, const uint32_t *bi,
                    const float *bw, size_t bn);

#endif
