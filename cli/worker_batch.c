/* worker_batch.c -- one fetched batch of `trilat worker`: parse, analyse,
 * store in one transaction, ack after the commit (see cmd_worker.c).
 *
 * Only step 3 holds the store's write lock (which on PostgreSQL makes
 * writers take turns, store.h); parsing and analysing, nearly all of a
 * worker's CPU time, happen before it, so they run in parallel across
 * workers.
 */
#include "worker.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Reports: STREAM:SEQ: FILE:LINE: reason
 * ---------------------------------------------------------------------- */

static void on_report(void *ud, int severity, const tl_err *e) {
    worker *w = ud;
    if (severity == ING_WARNING && w->quiet) return;
    if (w->messages >= WORKER_MAX_MESSAGES) { w->suppressed++; return; }
    w->messages++;
    char where[64] = "";
    if (w->cur)
        snprintf(where, sizeof(where), "%s:%llu: ", nq_stream(w->q),
                 (unsigned long long)w->cur->seq);
    fprintf(stderr, "%s%s:%ld: %s%s\n", where, e->file, e->line,
            severity == ING_WARNING ? "warning: " : "", e->msg);
}

/* The record's origin header "FILE:LINE" into file and line; without
 * one, "nats:STREAM" and the stream sequence. */
static void origin_of(const worker *w, const nq_msg *m, char *file, size_t cap, long *line) {
    const char *o = m->origin;
    const char *colon = o ? strrchr(o, ':') : NULL;
    if (colon && colon > o && colon[1]) {
        char *end;
        long v = strtol(colon + 1, &end, 10);
        if (!*end && v >= 0) {
            snprintf(file, cap, "%.*s", (int)(colon - o), o);
            *line = v;
            return;
        }
    }
    snprintf(file, cap, "nats:%s", nq_stream(w->q));
    *line = (long)m->seq;
}

static void ack_one(worker *w, nq_msg *m, wk_item *it) {
    tl_err e;
    it->done = 1;
    if (nq_ack(m, &e) == TL_OK) {
        w->acked++;
    } else if (w->ack_errors++ < 10) {
        wk_say("%s:%llu: %s (it will be delivered again; storing it again changes nothing)",
               nq_stream(w->q), (unsigned long long)m->seq, e.msg);
    }
}

/* ------------------------------------------------------------------------
 * Steps 1 and 2: parse and analyse, outside any transaction
 * ---------------------------------------------------------------------- */

static int prepare(worker *w, nq_batch *b, tl_err *e) {
    if (b->n > w->capitems) {
        wk_item *v = realloc(w->items, (size_t)b->n * sizeof(*v));
        if (!v) return err_set(e, TL_ENOMEM, "out of memory");
        w->items = v;
        w->capitems = b->n;
    }
    buf_reset(&w->blobs);
    ing_cb cb = {on_report, NULL, w};
    ing_opts o = {0};
    for (int i = 0; i < b->n; i++) {
        wk_item *it = &w->items[i];
        memset(it, 0, sizeof(*it));
        origin_of(w, &b->msg[i], it->file, sizeof(it->file), &it->line);
        w->cur = &b->msg[i];
        ing_stats st;
        memset(&st, 0, sizeof(st));
        int rc = ing_prepare(it->file, it->line, b->msg[i].data, b->msg[i].len, &o, &cb, &it->a,
                             &st, e);
        w->cur = NULL;
        if (rc != TL_OK) return rc;                 /* out of memory */
        if (!it->a) {                               /* rejected: never storable */
            ing_stats_add(&w->tot, &st);
            ack_one(w, &b->msg[i], it);
            continue;
        }
        w->tot.records += st.records;               /* the outcome is counted when committed */
        w->tot.bytes += st.bytes;
        if (!w->analyze) continue;
        tl_err ae;
        err_clear(&ae);
        size_t off = w->blobs.len;
        if (anl_article(w->model, it->a, &w->an, &ae) == TL_OK &&
            anl_encode(&w->an, &w->blobs) == TL_OK) {
            it->an_off = off;
            it->an_len = w->blobs.len - off;
            w->analysed++;
        } else {
            /* the clusterer analyses it then; said once */
            w->blobs.len = off;
            if (w->analysis_errors++ == 0)
                wk_say("%s:%ld: analysis failed (%s); the clusterer will analyse it", it->file,
                       it->line, ae.msg[0] ? ae.msg : "out of memory");
        }
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Commit order: the stream's
 *
 * Workers finish their batches in any order, and committed as they
 * finish, articles would get rowids -- and the clusterer, which reads
 * them in commit order, would see them -- in an order that depends on
 * timing; online clustering depends on order (on WikiRef220, commits in
 * finishing order moved B-cubed F1 by 0.012 to 0.025). So
 * each message is committed only once every earlier message of the
 * stream is acked (the consumer's ack floor has reached it): commits
 * follow the stream, which is publish order, and a distributed run
 * stores and clusters articles in the order one `trilat ingest` of the
 * same files would. Parsing and analysing, the expensive part, still
 * overlap; only commits, which the store serializes anyway, take turns.
 *
 * A batch is committed in runs of consecutive sequences. Under load a
 * fetch returns one run; when several workers wait for messages at once
 * the server deals them out in turn, and their runs are shorter (one
 * transaction each). A gap that does not close -- a dead worker's
 * messages come back only after AckWait -- is waited for at most
 * --order-wait seconds; then the rest of the batch is committed at once,
 * out of order (counted, said once).
 * ---------------------------------------------------------------------- */

/* Wait until every message before seq is acked. 1 when it is (or there
 * is nothing to wait for), 0 when the wait timed out or cannot be told
 * (broker away): then the caller stops ordering this batch. */
static int wait_turn(worker *w, uint64_t seq) {
    if (seq <= w->floor_seen + 1) return 1;     /* known without asking */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long pause_ms = 1;
    while (!wk_stop_flag) {
        nq_lag lag;
        tl_err e;
        if (nq_get_lag(w->q, &lag, &e) != TL_OK) return 0;
        if (lag.ack_floor > w->floor_seen) w->floor_seen = lag.ack_floor;
        if (lag.ack_floor + 1 >= seq) return 1;
        if (wk_elapsed(&t0) >= w->order_wait) {
            if (w->out_of_order++ == 0)
                wk_say("messages before %s:%llu are still out after %.0f s (a worker gone?): "
                       "committing out of stream order", nq_stream(w->q),
                       (unsigned long long)seq, w->order_wait);
            return 0;
        }
        struct timespec ts = {0, pause_ms * 1000000L};
        nanosleep(&ts, NULL);
        if (pause_ms < 20) pause_ms *= 2;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Step 3: store in one transaction, ack after the commit
 * ---------------------------------------------------------------------- */

/* Store the items idx[0..n) that are not done in one transaction; TL_OK
 * once committed, with the counts in *st. */
static int store_items(worker *w, nq_batch *b, const int *idx, int n, ing_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    int rc = wk_store_ready(w, e);
    if (rc == TL_OK) rc = store_begin(w->s, e);
    if (rc != TL_OK) return rc;
    ing_cb cb = {on_report, NULL, w};
    for (int k = 0; k < n && rc == TL_OK; k++) {
        wk_item *it = &w->items[idx[k]];
        if (it->done) continue;
        int outcome;
        w->cur = &b->msg[idx[k]];
        rc = ing_store(w->s, it->a, it->file, it->line, &cb, &outcome, st, e);
        if (rc == TL_OK && outcome == STORE_NEW && it->an_len)
            rc = store_put_analysis(w->s, it->a->rowid, w->producer, w->blobs.p + it->an_off,
                                    it->an_len, e);
    }
    w->cur = NULL;
    if (rc == TL_OK) rc = store_commit(w->s, e);
    if (rc != TL_OK) store_rollback(w->s, NULL);
    return rc;
}

static void committed(worker *w, nq_batch *b, const int *idx, int n, const ing_stats *st) {
    for (int k = 0; k < n; k++)
        if (!w->items[idx[k]].done) ack_one(w, &b->msg[idx[k]], &w->items[idx[k]]);
    ing_stats_add(&w->tot, st);
    if (st->ingested || st->duplicates) wk_clu_poke(w);
}

static void items_free(worker *w, int n) {
    for (int i = 0; i < n; i++) {
        art_free(w->items[i].a);
        w->items[i].a = NULL;
    }
}

/* The batch's message indexes in stream order. */
typedef struct { uint64_t seq; int i; } seq_ix;
static int by_seq(const void *x, const void *y) {
    const seq_ix *a = x, *b = y;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int *stream_order(const nq_batch *b) {
    seq_ix *v = malloc((size_t)(b->n ? b->n : 1) * sizeof(*v));
    int *idx = malloc((size_t)(b->n ? b->n : 1) * sizeof(int));
    if (v && idx) {
        for (int i = 0; i < b->n; i++) v[i] = (seq_ix){b->msg[i].seq, i};
        qsort(v, (size_t)b->n, sizeof(*v), by_seq);
        for (int i = 0; i < b->n; i++) idx[i] = v[i].i;
    } else {
        free(idx);
        idx = NULL;
    }
    free(v);
    return idx;
}

/* After a store error: the items idx[0..n) that are not done, one per
 * transaction (so one record that trips the store cannot hold up the
 * others); what still fails is nak'ed to come again after backoff_ms. */
static int one_by_one(worker *w, nq_batch *b, const int *idx, int n, long backoff_ms) {
    for (int k = 0; k < n; k++) {
        tl_err me;
        err_clear(&me);
        if (!w->items[idx[k]].done) nq_in_progress(&b->msg[idx[k]], &me);  /* retries take time */
    }
    int failed = 0;
    for (int k = 0; k < n; k++) {
        wk_item *it = &w->items[idx[k]];
        if (it->done) continue;
        tl_err me;
        err_clear(&me);
        ing_stats st;
        int rc = failed ? TL_ESTORE : store_items(w, b, &idx[k], 1, &st, &me);
        if (rc == TL_OK) {
            committed(w, b, &idx[k], 1, &st);
            continue;
        }
        if (!failed) {
            wk_say("store: %s:%llu: %s; not acked, delivered again in %ld ms", nq_stream(w->q),
                   (unsigned long long)b->msg[idx[k]].seq, me.msg, backoff_ms);
            wk_store_drop(w);
        }
        failed = 1;                     /* the store is down: the rest waits too */
        it->done = 1;
        nq_nak(&b->msg[idx[k]], backoff_ms, &me);
    }
    return failed ? TL_ESTORE : TL_OK;
}

int wk_handle_batch(worker *w, nq_batch *b, long backoff_ms) {
    tl_err e;
    err_clear(&e);
    w->batches++;
    w->msgs += b->n;
    for (int i = 0; i < b->n; i++)
        if (b->msg[i].deliveries > 1) w->redelivered++;
    int rc = prepare(w, b, &e);
    int *idx = rc == TL_OK ? stream_order(b) : NULL;
    if (!idx) {                        /* out of memory: nothing stored, all come again */
        wk_say("%s; batch of %d not stored, delivered again in %ld ms",
               rc != TL_OK ? e.msg : "out of memory", b->n, backoff_ms);
        for (int i = 0; i < b->n; i++)
            if (!w->items[i].done) nq_nak(&b->msg[i], backoff_ms, &e);
        items_free(w, b->n);
        return rc != TL_OK ? rc : TL_ENOMEM;
    }
    int ordered = w->order_wait > 0;
    for (int k = 0; k < b->n && rc == TL_OK;) {
        int end = b->n;
        int in_turn = 0;
        if (ordered) {
            /* the run of consecutive sequences from k (done items included:
             * they are acked, so the floor passes them) */
            end = k + 1;
            while (end < b->n && b->msg[idx[end]].seq == b->msg[idx[end - 1]].seq + 1) end++;
            in_turn = wait_turn(w, b->msg[idx[k]].seq);
            if (!in_turn) { ordered = 0; end = b->n; }
        }
        ing_stats st;
        rc = store_items(w, b, &idx[k], end - k, &st, &e);
        if (rc == TL_OK) {
            committed(w, b, &idx[k], end - k, &st);
            /* everything before the run was acked, and now the run is:
             * the next run that follows on needs no question */
            if (in_turn) w->floor_seen = b->msg[idx[end - 1]].seq;
            k = end;
            continue;
        }
        wk_say("store: %s; %d messages rolled back, retrying one by one", e.msg, b->n - k);
        w->store_retries++;
        wk_store_drop(w);
        rc = one_by_one(w, b, &idx[k], b->n - k, backoff_ms);
        break;
    }
    free(idx);
    items_free(w, b->n);
    return rc;
}

void wk_batch_free(worker *w) {
    free(w->items);
    w->items = NULL;
    w->capitems = 0;
    anl_doc_free(&w->an);
    buf_free(&w->blobs);
}
