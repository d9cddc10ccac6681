/* entx.h -- the entity extraction driver: recognizer -> entity.c ->
 * entreg.c -> store, for every article not yet analyzed.
 *
 * Like placement (place.h), it is incremental: a cursor in the store
 * (meta key entities.cursor, the last article rowid analyzed) says where
 * to resume, the registry is restored from the stored entities, and each
 * batch of ENTX_BATCH articles is written in one transaction (mentions,
 * changed entities, the cursor), so an interrupted run loses at most one
 * batch and a re-run completes it.
 *
 * Names are found with the statistical model (ner.h) when one is given,
 * completed by the gazetteer (names_complete); without a model, with the
 * rules of names_guess. Quotes (quote.h) and events (event.h, dated by
 * the article's time expressions, when.h, read against its publication
 * day) are extracted in the same pass, their speakers and participants
 * resolved to the article's entities. The article's story helps to
 * resolve a bare last name (entreg.h), so entities are resolved after
 * placement: the extractor stops at the first article not placed yet
 * (the next run, after placement, goes on from there).
 *
 * Analysing an article (anl.h) needs nothing but the article; resolving
 * its entities needs every earlier one. When `trilat worker` stored an
 * article's analysis (store_put_analysis) and it was made by the same
 * build and model (anl_producer), the extractor decodes it instead of
 * analysing the article again; the batch's analyses are dropped with the
 * batch. The results are the same either way.
 */
#ifndef TRILAT_ENTX_H
#define TRILAT_ENTX_H

#include "err.h"
#include "store.h"

#define ENTX_BATCH 500

typedef struct entx_stats {
    long articles;          /* analyzed in this run */
    long mentions;
    long quotes;            /* direct and indirect, with their speakers */
    long events;            /* who did what to whom, with resolved dates */
    long entities;          /* in the store after the run */
    long new_entities;      /* created in this run */
    long precomputed;       /* articles whose stored analysis was used (anl.h) */
    long foreign;           /* stored analyses made by another build or model */
    long invalid;           /* stored analyses that did not decode */
    double seconds;
    int model;              /* 1 when a statistical model was used */
} entx_stats;

/* Called after each batch is committed; a non-zero return stops the run
 * there (what was committed stays; the next run goes on from it). */
typedef int (*entx_progress_fn)(void *ud, const entx_stats *st);

/* A resident extractor for long-running processes (`trilat serve`): the
 * model and the entity registry are loaded once (entx_open), and each
 * entx_more() analyses the articles stored since, without reloading. If
 * another process analysed articles in between, or a run failed, the
 * registry is loaded again first. The store must outlive it. */
typedef struct entx entx;
int entx_open(store_t *s, const char *model_path, entx **out, tl_err *e);
/* The same with a model the caller has loaded (NULL: rules only); it must
 * outlive the extractor. */
typedef struct ner_model ner_model;
int entx_open_with(store_t *s, const ner_model *m, entx **out, tl_err *e);
int entx_more(entx *x, entx_progress_fn progress, void *ud, entx_stats *st, tl_err *e);
void entx_close(entx *x);

/* Analyze every article after the cursor (open, more, close). model_path NULL: rules only.
 * reset: forget all entities and mentions first. TL_OK or an error
 * (TL_EIO/TL_EPARSE for a bad model file, TL_ESTORE, TL_ENOMEM). */
int entx_run(store_t *s, const char *model_path, int reset, entx_progress_fn progress, void *ud,
             entx_stats *st, tl_err *e);

/* The model file to use when none is given: $TRILAT_NER_MODEL ("none":
 * rules only, NULL), else
 * ner.model next to the executable exe_dir (may be NULL), else
 * /usr/local/share/trilat/ner.model, else /usr/share/trilat/ner.model;
 * NULL when none exists. Returns a static or environment string. */
const char *entx_default_model(const char *exe_dir, char *buf, size_t cap);

#endif
