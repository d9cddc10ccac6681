/* worker_batch.c -- one fetched batch of `trilat worker`: parse, analyse,
 * store in one transaction, ack after the commit (see cmd_worker.c).
 *
 * Only step 3 holds the store's write lock (which on PostgreSQL makes
 * writers take turns, store.h); parsing and analysing, nearly all of a
 * worker's CPU time, happen before it, so they run in parallel across
 * workers.
 */
#include "worker.h"

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

static void add_stats(ing_stats *to, const ing_stats *d) {
    to->records += d->records;
    to->ingested += d->ingested;
    to->duplicates += d->duplicates;
    to->unchanged += d->unchanged;
    to->rejected += d->rejected;
    to->warnings += d->warnings;
    to->bytes += d->bytes;
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
            add_stats(&w->tot, &st);
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
            /* the clusterer analyses it then; said once per kind */
            w->blobs.len = off;
            if (w->analysis_errors++ == 0)
                wk_say("%s:%ld: analysis failed (%s); the clusterer will analyse it", it->file,
                       it->line, ae.msg[0] ? ae.msg : "out of memory");
        }
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Step 3: store in one transaction, ack after the commit
 * ---------------------------------------------------------------------- */

/* Store items [from, to) that are not done in one transaction; TL_OK once
 * committed, with the counts in *st. */
static int store_items(worker *w, nq_batch *b, int from, int to, ing_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    int rc = wk_store_ready(w, e);
    if (rc == TL_OK) rc = store_begin(w->s, e);
    if (rc != TL_OK) return rc;
    ing_cb cb = {on_report, NULL, w};
    for (int i = from; i < to && rc == TL_OK; i++) {
        wk_item *it = &w->items[i];
        if (it->done) continue;
        int outcome;
        w->cur = &b->msg[i];
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

static void committed(worker *w, nq_batch *b, int from, int to, const ing_stats *st) {
    for (int i = from; i < to; i++)
        if (!w->items[i].done) ack_one(w, &b->msg[i], &w->items[i]);
    add_stats(&w->tot, st);
    if (w->cluster && (st->ingested || st->duplicates)) w->dirty = 1;
}

static void items_free(worker *w, int n) {
    for (int i = 0; i < n; i++) {
        art_free(w->items[i].a);
        w->items[i].a = NULL;
    }
}

int wk_handle_batch(worker *w, nq_batch *b, long backoff_ms) {
    tl_err e;
    err_clear(&e);
    w->batches++;
    w->msgs += b->n;
    for (int i = 0; i < b->n; i++)
        if (b->msg[i].deliveries > 1) w->redelivered++;
    int rc = prepare(w, b, &e);
    if (rc != TL_OK) {                 /* out of memory: nothing stored, all come again */
        wk_say("%s; batch of %d not stored, delivered again in %ld ms", e.msg, b->n, backoff_ms);
        for (int i = 0; i < b->n; i++)
            if (!w->items[i].done) nq_nak(&b->msg[i], backoff_ms, &e);
        items_free(w, b->n);
        return rc;
    }
    ing_stats st;
    rc = store_items(w, b, 0, b->n, &st, &e);
    if (rc == TL_OK) {
        committed(w, b, 0, b->n, &st);
        items_free(w, b->n);
        return TL_OK;
    }
    wk_say("store: %s; batch of %d rolled back, retrying one by one", e.msg, b->n);
    w->store_retries++;
    wk_store_drop(w);
    int first_rc = rc;
    for (int i = 0; i < b->n; i++) {
        tl_err me;
        err_clear(&me);
        if (!w->items[i].done) nq_in_progress(&b->msg[i], &me);    /* the retries take time */
    }
    int failed = 0;
    for (int i = 0; i < b->n; i++) {
        if (w->items[i].done) continue;
        tl_err me;
        err_clear(&me);
        rc = failed ? TL_ESTORE : store_items(w, b, i, i + 1, &st, &me);
        if (rc == TL_OK) {
            committed(w, b, i, i + 1, &st);
            continue;
        }
        if (!failed) {
            wk_say("store: %s:%llu: %s; not acked, delivered again in %ld ms", nq_stream(w->q),
                   (unsigned long long)b->msg[i].seq, me.msg, backoff_ms);
            wk_store_drop(w);
        }
        failed = 1;                     /* the store is down: the rest waits too */
        w->items[i].done = 1;
        nq_nak(&b->msg[i], backoff_ms, &me);
    }
    items_free(w, b->n);
    return failed ? first_rc : TL_OK;
}

void wk_batch_free(worker *w) {
    free(w->items);
    w->items = NULL;
    w->capitems = 0;
    anl_doc_free(&w->an);
    buf_free(&w->blobs);
}
