/* store.c -- backend selection and dispatch (see store.h). */
#include "store_impl.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int store_open(store_t **out, const char *uri, int flags, tl_err *e) {
    *out = NULL;
    store_t *s = calloc(1, sizeof(*s));
    if (!s) return err_set(e, TL_ENOMEM, "out of memory");
    /* a PostgreSQL URI selects that backend; anything else is a path */
    int pg = strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
    s->ops = pg ? &store_pg_ops : &store_sqlite_ops;
    int rc = s->ops->open(s, uri, flags, e);
    if (rc != TL_OK) {
        free(s);
        return rc;
    }
    *out = s;
    return TL_OK;
}

void store_close(store_t *s) {
    if (!s) return;
    if (s->in_tx) s->ops->rollback(s, NULL);
    s->ops->close(s);
    free(s);
}

int store_begin(store_t *s, tl_err *e) {
    int rc = s->ops->begin(s, e);
    if (rc == TL_OK) s->in_tx = 1;
    return rc;
}

int store_commit(store_t *s, tl_err *e) {
    int rc = s->ops->commit(s, e);
    if (rc == TL_OK) s->in_tx = 0;
    return rc;
}

int store_rollback(store_t *s, tl_err *e) {
    s->in_tx = 0;
    return s->ops->rollback(s, e);
}

int store_put_article(store_t *s, art_t *a, int *outcome, char **other, tl_err *e) {
    if (other) *other = NULL;
    return s->ops->put_article(s, a, outcome, other, e);
}

int store_get_article(store_t *s, const char *id, art_t **out, char **dup_of, tl_err *e) {
    *out = NULL;
    if (dup_of) *dup_of = NULL;
    return s->ops->get_article(s, id, out, dup_of, e);
}

int store_list_articles(store_t *s, const store_filter *f, int with_text,
                        store_art_cb cb, void *ud, tl_err *e) {
    return s->ops->list_articles(s, f, with_text, cb, ud, e);
}

int store_list_duplicates(store_t *s, const char *id, store_dup_cb cb, void *ud,
                          tl_err *e) {
    return s->ops->list_duplicates(s, id, cb, ud, e);
}

int store_search(store_t *s, const char *query, const store_filter *f,
                 const char *hl_open, const char *hl_close, store_hit_cb cb,
                 void *ud, tl_err *e) {
    return s->ops->search(s, query, f, hl_open, hl_close, cb, ud, e);
}

int store_get_stats(store_t *s, store_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    return s->ops->get_stats(s, st, e);
}

int store_count_sources(store_t *s, store_count_cb cb, void *ud, tl_err *e) {
    return s->ops->count_sources(s, cb, ud, e);
}

int store_check(store_t *s, char **report, tl_err *e) {
    *report = NULL;
    return s->ops->check(s, report, e);
}

/* ------------------------------------------------------------------------
 * Stories
 * ---------------------------------------------------------------------- */

int store_unplaced(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud, tl_err *e) {
    return s->ops->unplaced(s, after, limit, cb, ud, e);
}
int store_put_placement(store_t *s, const store_placement *p, tl_err *e) {
    return s->ops->put_placement(s, p, e);
}
int store_put_story(store_t *s, const store_story_row *r, tl_err *e) {
    return s->ops->put_story(s, r, e);
}
int store_put_term(store_t *s, uint32_t id, const char *term, const char *surface, uint32_t df,
                   uint32_t ndf,
                   tl_err *e) {
    return s->ops->put_term(s, id, term, surface, df, ndf, e);
}
int store_set_meta(store_t *s, const char *key, const char *value, tl_err *e) {
    return s->ops->set_meta(s, key, value, e);
}
int store_get_meta(store_t *s, const char *key, char **value, tl_err *e) {
    *value = NULL;
    return s->ops->get_meta(s, key, value, e);
}
int store_load_terms(store_t *s, store_term_cb cb, void *ud, tl_err *e) {
    return s->ops->load_terms(s, cb, ud, e);
}
int store_load_stories(store_t *s, store_story_cb cb, void *ud, tl_err *e) {
    return s->ops->load_stories(s, cb, ud, e);
}
int store_load_placements(store_t *s, store_place_cb cb, void *ud, tl_err *e) {
    return s->ops->load_placements(s, cb, ud, e);
}
int store_list_stories(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                       void *ud, tl_err *e) {
    return s->ops->list_stories(s, f, min_size, cb, ud, e);
}
int store_get_story(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e) {
    return s->ops->get_story(s, id, cb, ud, e);
}
int store_story_members(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e) {
    return s->ops->story_members(s, story, cb, ud, e);
}
int store_get_placement(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e) {
    return s->ops->get_placement(s, article, cb, ud, e);
}
int store_near_dups(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e) {
    return s->ops->near_dups(s, article, cb, ud, e);
}
int store_reset_placement(store_t *s, tl_err *e) { return s->ops->reset_placement(s, e); }

int store_articles_after(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                         tl_err *e) {
    return s->ops->articles_after(s, after, limit, cb, ud, e);
}
int store_put_entity(store_t *s, const store_entity_row *r, tl_err *e) {
    return s->ops->put_entity(s, r, e);
}
int store_put_mention(store_t *s, const store_mention_row *m, tl_err *e) {
    return s->ops->put_mention(s, m, e);
}
int store_load_entities(store_t *s, store_entity_cb cb, void *ud, tl_err *e) {
    return s->ops->load_entities(s, cb, ud, e);
}
int store_list_entities(store_t *s, const char *type, long limit, long offset,
                        store_entity_cb cb, void *ud, tl_err *e) {
    return s->ops->list_entities(s, type, limit, offset, cb, ud, e);
}
int store_find_entities(store_t *s, const char *name, const char *key, store_entity_cb cb,
                        void *ud, tl_err *e) {
    return s->ops->find_entities(s, name, key, cb, ud, e);
}
int store_entity_articles(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                          tl_err *e) {
    return s->ops->entity_articles(s, entity, limit, cb, ud, e);
}
int store_article_mentions(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e) {
    return s->ops->article_mentions(s, article, cb, ud, e);
}
int store_reset_entities(store_t *s, tl_err *e) { return s->ops->reset_entities(s, e); }
int store_put_quote(store_t *s, const store_quote_row *q, tl_err *e) {
    return s->ops->put_quote(s, q, e);
}
int store_quotes(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud, tl_err *e) {
    return s->ops->quotes(s, f, cb, ud, e);
}

/* ---- events ---- */

int store_put_event(store_t *s, const store_event_row *r, tl_err *e) {
    if (r->nothers < 0 || r->nothers > STORE_EVT_MAX_OTHERS)
        return err_set(e, TL_EINVAL, "an event has %d other participants (at most %d)",
                       r->nothers, STORE_EVT_MAX_OTHERS);
    return s->ops->put_event(s, r, e);
}
int store_events(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud, tl_err *e) {
    return s->ops->events(s, f, cb, ud, e);
}

int store_data_version(store_t *s, int64_t *version, tl_err *e) {
    return s->ops->data_version(s, version, e);
}

void store_writer_token(char *out, size_t cap) {
    static atomic_ulong seq;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(out, cap, "%ld-%lld.%09ld-%lu", (long)getpid(), (long long)ts.tv_sec, ts.tv_nsec,
             atomic_fetch_add(&seq, 1) + 1);
}

/* ------------------------------------------------------------------------
 * The clustering lock, and fencing
 * ---------------------------------------------------------------------- */

int store_fence(store_t *s, const char *key, const char *seen, const char *who, tl_err *e) {
    char *w = NULL;
    int rc = store_get_meta(s, key, &w, e);
    if (rc == TL_OK && strcmp(w ? w : "", seen) != 0)
        rc = err_set(e, TL_EBUSY,
                     "another process %s in this store meanwhile; this batch was not written "
                     "(the state is loaded again)", who);
    free(w);
    return rc;
}

/* Record who holds the lock now (meta lock.clusterer), in a transaction
 * of its own unless the caller has one open. */
static int note_holder(store_t *s, tl_err *e) {
    char host[256] = "?", when[32], v[400];
    if (gethostname(host, sizeof(host)) != 0) snprintf(host, sizeof(host), "?");
    host[sizeof(host) - 1] = '\0';
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(v, sizeof(v), "%s pid %ld since %s", host, (long)getpid(), when);
    if (s->in_tx) return store_set_meta(s, "lock.clusterer", v, e);
    int rc = store_begin(s, e);
    if (rc != TL_OK) return rc;
    rc = store_set_meta(s, "lock.clusterer", v, e);
    if (rc == TL_OK) return store_commit(s, e);
    store_rollback(s, NULL);
    return rc;
}

int store_lock_clusterer(store_t *s, int *got, char **holder, tl_err *e) {
    *got = 0;
    if (holder) *holder = NULL;
    int fresh = 0;
    int rc = s->ops->lock_clusterer(s, got, &fresh, e);
    if (rc != TL_OK) return rc;
    if (*got && fresh && (rc = note_holder(s, e)) != TL_OK) {
        s->ops->unlock_clusterer(s);
        *got = 0;
        return rc;
    }
    if (!*got && holder) {
        tl_err me;
        if (store_get_meta(s, "lock.clusterer", holder, &me) != TL_OK) *holder = NULL;
    }
    return TL_OK;
}

int store_lock_clusterer_within(store_t *s, int ms, int *got, char **holder, tl_err *e) {
    for (int waited = 0;; waited += 50) {
        int rc = store_lock_clusterer(s, got, waited + 50 > ms ? holder : NULL, e);
        if (rc != TL_OK || *got || waited + 50 > ms) return rc;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

void store_unlock_clusterer(store_t *s) { s->ops->unlock_clusterer(s); }

/* ------------------------------------------------------------------------
 * Analyses
 * ---------------------------------------------------------------------- */

int store_put_analysis(store_t *s, int64_t article, const char *producer, const void *data,
                       size_t len, tl_err *e) {
    return s->ops->put_analysis(s, article, producer, data, len, e);
}
int store_analyses(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                   tl_err *e) {
    return s->ops->analyses(s, after, limit, cb, ud, e);
}
int store_drop_analyses(store_t *s, int64_t upto, tl_err *e) {
    return s->ops->drop_analyses(s, upto, e);
}
int store_count_analyses(store_t *s, long *n, tl_err *e) {
    *n = 0;
    return s->ops->count_analyses(s, n, e);
}
