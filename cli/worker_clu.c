/* worker_clu.c -- `trilat worker --cluster`: one clusterer for the store.
 *
 * Placement (place.c) and entity resolution (entx.c) advance derived
 * state -- stories, terms, the entity registry, their cursors -- that
 * must have one writer. Every --cluster worker offers to be it. The first
 * to take the store's clustering lock (store_lock_clusterer: a session
 * advisory lock on PostgreSQL, a lock file on SQLite) keeps it as long
 * as it lives, and clusters whenever articles were committed: its own,
 * or other processes'. The others stand by: they try the lock after
 * each of their commits and, when idle, every STANDBY_CHECK_S seconds
 * while articles wait to be clustered. When the holder dies its
 * connection closes, the lock is free, and one of them takes over within
 * seconds, with no one to elect it and nothing to clean up.
 *
 * The clustering runs in a thread of its own, on a store connection of
 * its own (which is the one holding the lock), so that the worker's
 * batches go on while it clusters: with commits in stream order
 * (worker_batch.c) a clusterer that stopped fetching while it clusters
 * would hold every other worker's commits back. The worker thread pokes
 * it after each commit that stored articles; it wakes at least every
 * second anyway, to look at the store. Both share the NER model
 * (read-only, ner.h).
 *
 * The clusterer reads articles in commit order (store.h), so what it
 * places does not depend on which worker stored an article, nor on
 * whether it clustered from the start or took over half-way (it loads
 * the state its predecessor committed). Its state stays loaded between
 * passes. If it lost the lock without noticing (a reset connection) and
 * someone else clustered meanwhile, the fencing check of place.c and
 * entx.c refuses its next batch (TL_EBUSY) and the state is loaded
 * again: two clusterers never interleave their writes.
 */
#include "worker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define STANDBY_CHECK_S 2       /* a standby looks for work left this often */
#define LEADER_CHECK_S 30       /* the clusterer looks for work it missed */
#define WAKE_MS 1000            /* the thread looks at the store at least this often */

struct wk_clu {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    worker *w;                  /* configuration and the model (read-only here) */
    /* under mu (leader: written by the thread only, so the thread reads
     * it without the lock) */
    int stop;
    unsigned long poked, handled;  /* commits the worker reported / the thread saw */
    long placed, precomputed;
    int leader;                 /* this worker holds the clustering lock */
    /* the thread's own */
    store_t *s;
    placer *pl;
    entx *ex;
    char *holder;               /* who holds the lock, when another process (said once) */
    int64_t version;            /* store_data_version after the last pass */
    int have_version;
    struct timespec last_check;
    char err[512];              /* the last error said */
};

/* ------------------------------------------------------------------------
 * The thread's store
 * ---------------------------------------------------------------------- */

static void set_leader(wk_clu *c, int leader) {
    pthread_mutex_lock(&c->mu);
    c->leader = leader;
    pthread_mutex_unlock(&c->mu);
}

static void drop(wk_clu *c) {
    place_close(c->pl);
    entx_close(c->ex);
    store_close(c->s);          /* releases the lock */
    c->pl = NULL;
    c->ex = NULL;
    c->s = NULL;
    set_leader(c, 0);
}

static int ready(wk_clu *c, tl_err *e) {
    return c->s ? TL_OK : store_open(&c->s, c->w->db, STORE_CREATE, e);
}

static int any_article(void *ud, const art_t *a, uint32_t story) {
    (void)a;
    (void)story;
    *(int *)ud = 1;
    return 1;
}

/* Articles past the entity extractor's cursor on store s: not placed, or
 * placed and not analysed (the extractor follows placement). -1 when the
 * store cannot tell. */
static int backlog(store_t *s) {
    tl_err e;
    char *cur = NULL;
    if (!s || store_get_meta(s, "entities.cursor", &cur, &e) != TL_OK) return -1;
    int64_t after = cur ? strtoll(cur, NULL, 10) : 0;
    free(cur);
    int any = 0;
    if (store_articles_after(s, after, 1, any_article, &any, &e) != TL_OK) return -1;
    return any;
}

/* ------------------------------------------------------------------------
 * One pass
 * ---------------------------------------------------------------------- */

/* Idle: is there clustering to do (articles another process stored, a
 * clusterer gone with work left)? */
static int due(wk_clu *c) {
    tl_err e;
    if (ready(c, &e) != TL_OK) return 0;
    if (c->leader) {
        int64_t v;                  /* another process committed since our last pass? */
        if (store_data_version(c->s, &v, &e) != TL_OK) return 1;
        if (!c->have_version || v != c->version) return 1;
        /* commits made during a pass are counted in it: look now and then */
        if (wk_elapsed(&c->last_check) < LEADER_CHECK_S) return 0;
    } else if (wk_elapsed(&c->last_check) < STANDBY_CHECK_S) {
        return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &c->last_check);
    return backlog(c->s) != 0;
}

/* Between the batches of a pass: stop there when the worker stops (a
 * takeover's backlog can take long; what is committed stays). */
static int stopping(wk_clu *c) {
    pthread_mutex_lock(&c->mu);
    int stop = c->stop;
    pthread_mutex_unlock(&c->mu);
    return stop;
}
static int place_progress(void *ud, const place_stats *st) {
    (void)st;
    return stopping(ud);
}
static int entx_progress(void *ud, const entx_stats *st) {
    (void)st;
    return stopping(ud);
}


/* Take (or keep) the lock; with it, place and analyse what is not yet. */
static int pass(wk_clu *c, tl_err *e) {
    int got = 0;
    char *holder = NULL;
    int rc = ready(c, e);
    if (rc == TL_OK) rc = store_lock_clusterer(c->s, &got, &holder, e);
    if (rc != TL_OK) return rc;
    clock_gettime(CLOCK_MONOTONIC, &c->last_check);
    if (!got) {
        if (c->leader || !c->holder || !holder || strcmp(c->holder, holder) != 0)
            wk_say("clustering: standing by (%s holds the clustering lock)",
                   holder ? holder : "another process");
        set_leader(c, 0);
        free(c->holder);
        c->holder = holder;
        return TL_OK;
    }
    free(holder);
    if (!c->leader) {
        wk_say("clustering: took the clustering lock; this worker places articles now");
        set_leader(c, 1);
        free(c->holder);
        c->holder = NULL;
    }
    /* the store's version before the pass: whatever another process
     * commits from here on (the worker's own thread included: it has its
     * own connection) makes the next look find work; this connection's
     * own commits do not count (store_data_version) */
    int64_t version = 0;
    rc = store_data_version(c->s, &version, e);
    if (rc == TL_OK && !c->pl) {
        story_params p;
        cli_story_defaults(&p);
        rc = place_open(c->s, &p, &c->pl, e);
    }
    place_stats ps;
    memset(&ps, 0, sizeof(ps));
    if (rc == TL_OK) rc = place_more(c->pl, place_progress, c, &ps, e);
    if (rc == TL_OK && !c->ex) rc = entx_open_with(c->s, c->w->model, &c->ex, e);
    entx_stats es;
    memset(&es, 0, sizeof(es));
    if (rc == TL_OK && !stopping(c)) rc = entx_more(c->ex, entx_progress, c, &es, e);
    pthread_mutex_lock(&c->mu);
    c->placed += ps.placed;
    c->precomputed += es.precomputed;
    pthread_mutex_unlock(&c->mu);
    if (es.foreign && !c->w->quiet)
        wk_say("clustering: %ld stored analyses were made by another build or NER model; "
               "analysed again here", es.foreign);
    if (es.invalid)
        wk_say("clustering: %ld stored analyses did not decode (damaged); analysed again here",
               es.invalid);
    if (rc == TL_OK) {
        c->version = version;
        c->have_version = 1;
    }
    return rc;
}

static void step(wk_clu *c) {
    tl_err e;
    err_clear(&e);
    if (pass(c, &e) == TL_OK) {
        c->err[0] = '\0';
        return;
    }
    if (strcmp(c->err, e.msg) != 0) wk_say("clustering: %s; will retry", e.msg);
    snprintf(c->err, sizeof(c->err), "%s", e.msg);
    /* a fresh connection and state next time (this releases the lock: a
     * standby may take over meanwhile) */
    drop(c);
}

static void *run(void *arg) {
    wk_clu *c = arg;
    clock_gettime(CLOCK_MONOTONIC, &c->last_check);
    int first = 1;
    for (;;) {
        pthread_mutex_lock(&c->mu);
        if (!c->stop && c->poked == c->handled && !first) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += WAKE_MS / 1000;
            pthread_cond_timedwait(&c->cv, &c->mu, &until);
        }
        int stop = c->stop;
        unsigned long poked = c->poked;
        int work = poked != c->handled;
        pthread_mutex_unlock(&c->mu);
        if (stop) break;
        if (work || first || due(c)) step(c);
        first = 0;
        pthread_mutex_lock(&c->mu);
        c->handled = poked;
        pthread_mutex_unlock(&c->mu);
        pthread_cond_broadcast(&c->cv);
    }
    drop(c);
    free(c->holder);
    return NULL;
}

/* ------------------------------------------------------------------------
 * The worker's side
 * ---------------------------------------------------------------------- */

int wk_clu_start(worker *w, tl_err *e) {
    wk_clu *c = calloc(1, sizeof(*c));
    if (!c) return err_set(e, TL_ENOMEM, "out of memory");
    c->w = w;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    if (pthread_create(&c->th, NULL, run, c) != 0) {
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cv);
        free(c);
        return err_set(e, TL_ERR, "cannot start the clustering thread");
    }
    w->clu = c;
    return TL_OK;
}

void wk_clu_poke(worker *w) {
    wk_clu *c = w->clu;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->poked++;
    pthread_mutex_unlock(&c->mu);
    pthread_cond_broadcast(&c->cv);
}

void wk_clu_stop(worker *w) {
    wk_clu *c = w->clu;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_mutex_unlock(&c->mu);
    pthread_cond_broadcast(&c->cv);
    pthread_join(c->th, NULL);
    w->placed = c->placed;
    w->precomputed = c->precomputed;
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    free(c);
    w->clu = NULL;
}

void wk_clu_state(worker *w, int *leader, long *placed) {
    wk_clu *c = w->clu;
    *leader = 0;
    *placed = 0;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    *leader = c->leader;
    *placed = c->placed;
    pthread_mutex_unlock(&c->mu);
}

int wk_clu_caught_up(worker *w) {
    wk_clu *c = w->clu;
    if (!c) return 1;
    pthread_mutex_lock(&c->mu);
    int pending = c->poked != c->handled;
    pthread_mutex_unlock(&c->mu);
    if (pending) return 0;
    tl_err e;
    return wk_store_ready(w, &e) == TL_OK && backlog(w->s) == 0;
}
