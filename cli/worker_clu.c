/* worker_clu.c -- `trilat worker --cluster`: one clusterer for the store.
 *
 * Placement (place.c) and entity extraction (entx.c) advance derived
 * state -- stories, terms, the entity registry, their cursors -- that
 * must have one writer. Every --cluster worker offers to be it. The first
 * to take the store's clustering lock (store_lock_clusterer: a session
 * advisory lock on PostgreSQL, a lock file on SQLite) keeps it as long
 * as it lives, and clusters after each of its batches and whenever other
 * processes stored articles. The others stand by: they try the lock after
 * each of their batches and, when idle, every STANDBY_CHECK_S seconds
 * while articles wait to be clustered. When the holder dies its
 * connection closes, the lock is free, and one of them takes over within
 * seconds, with no one to elect it and nothing to clean up.
 *
 * The clusterer reads articles in commit order (store.h), so what it
 * places does not depend on which worker stored an article, nor on
 * whether it clustered from the start or took over half-way (it loads
 * the state its predecessor committed). Its state stays loaded between
 * passes. If it lost the lock without noticing (a reset connection) and
 * someone else clustered meanwhile, the fencing check of place.c and
 * entx.c refuses its next batch (TL_EBUSY) and the state is loaded
 * again: two clusterers never interleave their writes.
 *
 * The workers' analyses (anl.h) are used by the extractor when they were
 * made with the same build and model; the clusterer loads the model the
 * worker analyses with, once.
 */
#include "worker.h"

#include <stdlib.h>
#include <string.h>

#define STANDBY_CHECK_S 2       /* a standby looks for work left this often */
#define LEADER_CHECK_S 30       /* the clusterer looks for work it missed */

static int any_article(void *ud, const art_t *a, uint32_t story) {
    (void)a;
    (void)story;
    *(int *)ud = 1;
    return 1;
}

/* Articles past the entity extractor's cursor: not placed, or placed and
 * not analysed (the extractor follows placement). -1 when the store
 * cannot tell. */
static int backlog(worker *w) {
    tl_err e;
    char *cur = NULL;
    if (wk_store_ready(w, &e) != TL_OK || store_get_meta(w->s, "entities.cursor", &cur, &e) != TL_OK)
        return -1;
    int64_t after = cur ? strtoll(cur, NULL, 10) : 0;
    free(cur);
    int any = 0;
    if (store_articles_after(w->s, after, 1, any_article, &any, &e) != TL_OK) return -1;
    return any;
}

int wk_cluster_caught_up(worker *w) { return backlog(w) == 0; }

int wk_cluster_due(worker *w) {
    if (!w->cluster) return 0;
    if (w->dirty) return 1;
    if (w->leader) {
        /* another process committed since our last pass? */
        int64_t v;
        tl_err e;
        if (!w->s || store_data_version(w->s, &v, &e) != TL_OK) return 1;
        if (!w->have_version || v != w->version) return 1;
        /* commits made during a pass are counted in it: look now and then */
        if (wk_elapsed(&w->last_backlog_check) < LEADER_CHECK_S) return 0;
    } else if (wk_elapsed(&w->last_backlog_check) < STANDBY_CHECK_S) {
        return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &w->last_backlog_check);
    return backlog(w) != 0;
}

/* Take (or keep) the lock; with it, place and analyse what is not yet. */
static int cluster_now(worker *w, tl_err *e) {
    int got = 0;
    char *holder = NULL;
    int rc = wk_store_ready(w, e);
    if (rc == TL_OK) rc = store_lock_clusterer(w->s, &got, &holder, e);
    if (rc != TL_OK) return rc;
    if (!got) {
        if (w->leader || !w->holder || !holder || strcmp(w->holder, holder) != 0)
            wk_say("clustering: standing by (%s holds the clustering lock)",
                   holder ? holder : "another process");
        w->leader = 0;
        free(w->holder);
        w->holder = holder;
        w->dirty = 0;                   /* the holder places them */
        clock_gettime(CLOCK_MONOTONIC, &w->last_backlog_check);
        return TL_OK;
    }
    free(holder);
    if (!w->leader) {
        wk_say("clustering: took the clustering lock; this worker places articles now");
        w->leader = 1;
        free(w->holder);
        w->holder = NULL;
    }
    if (!w->pl) {
        story_params p;
        cli_story_defaults(&p);
        rc = place_open(w->s, &p, &w->pl, e);
    }
    place_stats ps;
    memset(&ps, 0, sizeof(ps));
    if (rc == TL_OK) rc = place_more(w->pl, NULL, NULL, &ps, e);
    if (rc == TL_OK && !w->ex) rc = entx_open_with(w->s, w->model, &w->ex, e);
    entx_stats es;
    memset(&es, 0, sizeof(es));
    if (rc == TL_OK) rc = entx_more(w->ex, NULL, NULL, &es, e);
    /* read after the pass: a backend may count this pass's own commits */
    int64_t version = 0;
    if (rc == TL_OK) rc = store_data_version(w->s, &version, e);
    w->placed += ps.placed;
    w->precomputed += es.precomputed;
    if (es.foreign && !w->quiet)
        wk_say("clustering: %ld stored analyses were made by another build or NER model; "
               "analysed again here", es.foreign);
    if (rc == TL_OK) {
        w->dirty = 0;
        w->version = version;
        w->have_version = 1;
        clock_gettime(CLOCK_MONOTONIC, &w->last_backlog_check);
    }
    return rc;
}

void wk_cluster_step(worker *w) {
    tl_err e;
    err_clear(&e);
    if (cluster_now(w, &e) == TL_OK) {
        w->cluster_err[0] = '\0';
        return;
    }
    if (strcmp(w->cluster_err, e.msg) != 0) wk_say("clustering: %s; will retry", e.msg);
    snprintf(w->cluster_err, sizeof(w->cluster_err), "%s", e.msg);
    /* a fresh connection and state next time (this releases the lock:
     * a standby may take over meanwhile) */
    wk_store_drop(w);
}
