/* ingest.c -- the ingest driver (see ingest.h): reports, batching, the
 * reader thread and the entry points; reading files is ingest_files.c.
 *
 * Per record: parse (jsonl.c / txtdoc.c / webdoc.c / feed.c) -> normalize
 * and hash (article.c) -> store_put_article(). The driver owns batching:
 * it opens a transaction, commits every `batch` stored records, and on a
 * fatal store error rolls back only the batch in flight.
 */
#include "ingest_impl.h"
#include "article.h"
#include "jsonl.h"
#include "syndic.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Reader -> writer queue (threaded runs)
 *
 * With a queue, a second thread walks the paths, reads, parses and
 * finishes articles (normalize, hash, language), and the calling thread
 * stores them: the two halves of the work overlap. Every report, article
 * and counter update travels through the queue in order, so the output is
 * the same as a serial run's.
 * ---------------------------------------------------------------------- */

enum { MSG_ART, MSG_REPORT, MSG_STATS, MSG_END };
#define INGQ_CAP 128

typedef struct {
    int type;
    int severity;           /* MSG_REPORT */
    int rc;                 /* MSG_END */
    art_t *a;               /* MSG_ART */
    tl_err err;             /* file and line for ART and REPORT; error for END */
    ing_stats delta;        /* MSG_STATS */
} ingmsg;

typedef struct ingq {
    ingmsg m[INGQ_CAP];
    size_t head, n;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
} ingq;

static void q_push(ingq *q, const ingmsg *m) {
    pthread_mutex_lock(&q->mu);
    while (q->n == INGQ_CAP) pthread_cond_wait(&q->not_full, &q->mu);
    q->m[(q->head + q->n++) % INGQ_CAP] = *m;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}

static void q_pop(ingq *q, ingmsg *m) {
    pthread_mutex_lock(&q->mu);
    while (q->n == 0) pthread_cond_wait(&q->not_empty, &q->mu);
    *m = q->m[q->head];
    q->head = (q->head + 1) % INGQ_CAP;
    q->n--;
    pthread_cond_signal(&q->not_full);
    pthread_mutex_unlock(&q->mu);
}

/* Send the reader's counter changes since the last send. */
static void send_stats(ing_t *g) {
    ingmsg m;
    memset(&m, 0, sizeof(m));
    m.type = MSG_STATS;
    m.delta.files = g->pst->files - g->sent.files;
    m.delta.skipped_files = g->pst->skipped_files - g->sent.skipped_files;
    m.delta.records = g->pst->records - g->sent.records;
    m.delta.bytes = g->pst->bytes - g->sent.bytes;
    g->sent = *g->pst;
    q_push(g->q, &m);
}

/* ------------------------------------------------------------------------
 * Reporting and batching
 * ---------------------------------------------------------------------- */

/* Writer side: count a problem and tell the caller. A rejected record
 * ends an atomic run. */
static void apply_report(ing_t *g, int severity, const char *file, long line,
                         const tl_err *e) {
    if (severity == ING_REJECTED) {
        g->st->rejected++;
        if (g->o.atomic) atomic_store(&g->aborted, 1);
    } else {
        g->st->warnings++;
    }
    if (!g->cb || !g->cb->report) return;
    tl_err r = *e;
    snprintf(r.file, sizeof(r.file), "%s", file);
    r.line = line;
    g->cb->report(g->cb->ud, severity, &r);
}

/* Reader side: a problem met while reading or parsing. */
void ing_report(ing_t *g, int severity, const char *file, long line,
                   const tl_err *e) {
    if (!g->q) { apply_report(g, severity, file, line, e); return; }
    ingmsg m;
    memset(&m, 0, sizeof(m));
    m.type = MSG_REPORT;
    m.severity = severity;
    m.err = *e;
    snprintf(m.err.file, sizeof(m.err.file), "%s", file);
    m.err.line = line;
    q_push(g->q, &m);
}

void ing_progress(ing_t *g) {
    if (g->q) { send_stats(g); return; }
    if (g->cb && g->cb->progress) g->cb->progress(g->cb->ud, g->st);
}

static int tx_open(ing_t *g, tl_err *e) {
    if (g->in_tx) return TL_OK;
    int rc = store_begin(g->s, e);
    if (rc == TL_OK) g->in_tx = 1;
    return rc;
}

static int tx_commit(ing_t *g, tl_err *e) {
    if (!g->in_tx) return TL_OK;
    int rc = store_commit(g->s, e);
    g->in_tx = 0;
    g->pending = 0;
    return rc;
}

/* A record was rejected (reader side). */
void ing_reject(ing_t *g, const char *file, long line, const tl_err *pe) {
    ing_report(g, ING_REJECTED, file, line, pe);
}

/* Writer side: warn about what parsing had to repair in a new article. */
static void note_repairs(ing_t *g, const art_t *a, const char *file, long line) {
    tl_err pe;
    err_clear(&pe);
    if (a->invalid_utf8) {
        err_set(&pe, TL_EPARSE, "invalid UTF-8: %zu byte sequence(s) replaced by U+FFFD",
                a->invalid_utf8);
        apply_report(g, ING_WARNING, file, line, &pe);
    }
    if (a->note[0]) {
        err_set(&pe, TL_EPARSE, "%s", a->note);
        apply_report(g, ING_WARNING, file, line, &pe);
    }
}

/* Writer side, with a sink (ing_each): hand one finished article over
 * instead of storing it; takes ownership of a. */
static int sink_art(ing_t *g, art_t *a, const char *file, long line, tl_err *e) {
    int rc = g->sink(g->sink_ud, a, file, line, e);
    if (rc == TL_OK) {
        g->st->ingested++;
        note_repairs(g, a, file, line);
    }
    art_free(a);
    return rc;
}

/* Writer side: store one finished article into the open transaction,
 * count and report its outcome; a stays the caller's (a->rowid set when
 * new). */
static int store_one(ing_t *g, art_t *a, const char *file, long line, int *outcome, tl_err *e) {
    tl_err pe;
    err_clear(&pe);
    char *other = NULL;
    int rc = store_put_article(g->s, a, outcome, &other, e);
    if (rc != TL_OK) return rc;
    switch (*outcome) {
    case STORE_NEW: g->st->ingested++; g->pending++; break;
    case STORE_DUP: g->st->duplicates++; g->pending++; break;
    case STORE_SAME: g->st->unchanged++; break;
    case STORE_CONFLICT:
        err_set(&pe, TL_ECONFLICT,
                "id '%s' is already stored with different text; the stored "
                "version is kept (give the new version its own id)", a->id);
        apply_report(g, ING_REJECTED, file, line, &pe);
        break;
    }
    if (*outcome == STORE_NEW || *outcome == STORE_DUP) note_repairs(g, a, file, line);
    free(other);
    return TL_OK;
}

/* Writer side: store one finished article; takes ownership of a. */
static int store_art(ing_t *g, art_t *a, const char *file, long line, tl_err *e) {
    if (g->sink) return sink_art(g, a, file, line, e);
    int rc, outcome;
    if ((rc = tx_open(g, e)) != TL_OK) { art_free(a); return rc; }
    rc = store_one(g, a, file, line, &outcome, e);
    art_free(a);
    if (rc != TL_OK) return rc;
    if (!g->o.atomic && g->pending >= g->o.batch) return tx_commit(g, e);
    return TL_OK;
}

/* Reader side: finish one parsed article (origin, source tag, hash,
 * language). TL_OK with *out the article; TL_OK with *out NULL when it
 * was rejected (reported; a freed); TL_ENOMEM. Takes ownership of a. */
static int finish(ing_t *g, art_t *a, const char *file, long line, art_t **out, tl_err *e) {
    *out = NULL;
    tl_err pe;
    err_clear(&pe);
    char origin[600];
    snprintf(origin, sizeof(origin), "%s:%ld", file, line);
    a->origin = strdup(origin);
    int rc = a->origin ? TL_OK : err_set(&pe, TL_ENOMEM, "out of memory");
    /* a trailing source tag is attribution, not text (web pages had theirs
     * taken off by webdoc already) */
    if (rc == TL_OK && !(a->extra && strstr(a->extra, "\"syndication\"")) && syn_apply(a) != TL_OK)
        rc = err_set(&pe, TL_ENOMEM, "out of memory");
    if (rc == TL_OK) rc = art_finish(a, &pe);
    if (rc == TL_ENOMEM) { art_free(a); *e = pe; return rc; }
    if (rc != TL_OK) {
        ing_reject(g, file, line, &pe);
        art_free(a);
        return TL_OK;
    }
    *out = a;
    return TL_OK;
}

/* Reader side: finish one parsed article and hand it to the writer;
 * takes ownership of a. */
int ing_put(ing_t *g, art_t *a, const char *file, long line, tl_err *e) {
    int rc = finish(g, a, file, line, &a, e);
    if (rc != TL_OK || !a) return rc;
    if (!g->q) return store_art(g, a, file, line, e);
    ingmsg m;
    memset(&m, 0, sizeof(m));
    m.type = MSG_ART;
    m.a = a;
    snprintf(m.err.file, sizeof(m.err.file), "%s", file);
    m.err.line = line;
    q_push(g->q, &m);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Entry points
 * ---------------------------------------------------------------------- */

static void ing_init(ing_t *g, store_t *s, const ing_opts *o, const ing_cb *cb,
                     ing_stats *st) {
    memset(g, 0, sizeof(*g));
    memset(st, 0, sizeof(*st));
    g->s = s;
    if (o) g->o = *o;
    if (!g->o.max_record) g->o.max_record = ING_DEFAULT_MAX_RECORD;
    if (g->o.batch <= 0) g->o.batch = ING_DEFAULT_BATCH;
    g->cb = cb;
    g->st = st;
    g->pst = st;
    atomic_init(&g->aborted, 0);
    atomic_init(&g->stop, 0);
}

static int ing_finish(ing_t *g, int rc, tl_err *e) {
    if (rc == TL_OK && atomic_load(&g->aborted)) {
        if (g->in_tx) store_rollback(g->s, NULL);
        g->in_tx = 0;
        g->st->ingested = g->st->duplicates = 0;
        return err_set(e, TL_ECONFLICT, "a record was rejected; nothing from this run was stored");
    }
    if (rc == TL_OK) return tx_commit(g, e);
    if (g->in_tx) store_rollback(g->s, NULL);
    return rc;
}

typedef struct {
    ing_t *g;
    const char *const *paths;
    int npaths;
    ing_stats pst;          /* the reader's own counters */
} reader_arg;

/* The reader thread: walk, read, parse, finish; everything to the queue. */
static void *reader_main(void *arg) {
    reader_arg *ra = arg;
    ing_t *g = ra->g;
    ingmsg end;
    memset(&end, 0, sizeof(end));
    end.type = MSG_END;
    int rc = TL_OK;
    for (int i = 0; i < ra->npaths && rc == TL_OK && !HALTED(g); i++)
        rc = ing_path(g, ra->paths[i], 1, 0, &end.err);
    send_stats(g);
    end.rc = rc;
    q_push(g->q, &end);
    return NULL;
}

/* ing_run and ing_each: walk the paths into the store or the sink. */
static int run(store_t *s, ing_sink_fn sink, void *sink_ud, const char *const *paths,
               int npaths, const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e) {
    ing_t g;
    ing_init(&g, s, o, cb, st);
    g.sink = sink;
    g.sink_ud = sink_ud;
    if (sink) g.o.atomic = 0;
    int rc = TL_OK;
    ingq *q = g.o.serial ? NULL : calloc(1, sizeof(ingq));
    reader_arg ra = {&g, paths, npaths, {0}};
    pthread_t th;
    if (q) {
        pthread_mutex_init(&q->mu, NULL);
        pthread_cond_init(&q->not_empty, NULL);
        pthread_cond_init(&q->not_full, NULL);
        g.q = q;
        g.pst = &ra.pst;
        if (pthread_create(&th, NULL, reader_main, &ra) != 0) {
            g.q = NULL;               /* no thread: run serially */
            g.pst = st;
        }
    }
    if (!g.q) {
        for (int i = 0; i < npaths && rc == TL_OK && !HALTED(&g); i++)
            rc = ing_path(&g, paths[i], 1, 0, e);
    } else {
        /* The writer: apply messages in order until the reader is done. */
        int fatal = TL_OK;
        for (;;) {
            ingmsg m;
            q_pop(q, &m);
            if (m.type == MSG_END) {
                if (fatal == TL_OK && m.rc != TL_OK) { fatal = m.rc; *e = m.err; }
                break;
            }
            if (m.type == MSG_STATS) {
                st->files += m.delta.files;
                st->skipped_files += m.delta.skipped_files;
                st->records += m.delta.records;
                st->bytes += m.delta.bytes;
                if (cb && cb->progress) cb->progress(cb->ud, st);
            } else if (m.type == MSG_REPORT) {
                if (fatal == TL_OK) apply_report(&g, m.severity, m.err.file, m.err.line, &m.err);
            } else if (fatal != TL_OK || atomic_load(&g.aborted)) {
                art_free(m.a);
            } else if ((fatal = store_art(&g, m.a, m.err.file, m.err.line, e)) != TL_OK) {
                atomic_store(&g.stop, 1);
            }
        }
        pthread_join(th, NULL);
        rc = fatal;
    }
    if (q) {
        pthread_mutex_destroy(&q->mu);
        pthread_cond_destroy(&q->not_empty);
        pthread_cond_destroy(&q->not_full);
        free(q);
    }
    return ing_finish(&g, rc, e);
}

int ing_run(store_t *s, const char *const *paths, int npaths, const ing_opts *o,
            const ing_cb *cb, ing_stats *st, tl_err *e) {
    return run(s, NULL, NULL, paths, npaths, o, cb, st, e);
}

int ing_each(const char *const *paths, int npaths, const ing_opts *o, const ing_cb *cb,
             ing_sink_fn fn, void *fn_ud, ing_stats *st, tl_err *e) {
    return run(NULL, fn, fn_ud, paths, npaths, o, cb, st, e);
}

int ing_buffer(store_t *s, const char *name, const char *data, size_t len,
               const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e) {
    ing_t g;
    ing_init(&g, s, o, cb, st);
    int rc = TL_OK;
    const char *p = data, *end = data + len;
    long lineno = 0;
    tl_err pe;
    while (p < end && rc == TL_OK && !atomic_load(&g.stop) &&
           !(atomic_load(&g.aborted) && !g.o.check_all)) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        st->bytes += n + (nl ? 1 : 0);
        const char *line = p;
        p = nl ? nl + 1 : end;
        if (n && line[n - 1] == '\r') n--;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == n) continue;
        st->records++;
        err_clear(&pe);
        if (n > g.o.max_record) {
            err_set(&pe, TL_ETOOBIG, "line longer than the %zu-byte limit", g.o.max_record);
            ing_reject(&g, name, lineno, &pe);
            continue;
        }
        art_t *a;
        int prc = jsonl_parse(line, n, &a, &pe);
        if (prc == TL_ENOMEM) { *e = pe; rc = prc; break; }
        if (prc != TL_OK) { ing_reject(&g, name, lineno, &pe); continue; }
        rc = ing_put(&g, a, name, lineno, e);
    }
    return ing_finish(&g, rc, e);
}

void ing_stats_add(ing_stats *to, const ing_stats *d) {
    to->files += d->files;
    to->skipped_files += d->skipped_files;
    to->records += d->records;
    to->ingested += d->ingested;
    to->duplicates += d->duplicates;
    to->unchanged += d->unchanged;
    to->rejected += d->rejected;
    to->warnings += d->warnings;
    to->bytes += d->bytes;
}

int ing_prepare(const char *file, long line, const char *data, size_t len, const ing_opts *o,
                const ing_cb *cb, art_t **out, ing_stats *st, tl_err *e) {
    *out = NULL;
    ing_t g;
    ing_stats rs;
    ing_init(&g, NULL, o, cb, &rs);
    rs.records = 1;
    rs.bytes = len;
    tl_err pe;
    err_clear(&pe);
    int rc = TL_OK;
    if (len > g.o.max_record) {
        err_set(&pe, TL_ETOOBIG, "record longer than the %zu-byte limit", g.o.max_record);
        ing_reject(&g, file, line, &pe);
    } else {
        art_t *a;
        int prc = jsonl_parse(data, len, &a, &pe);
        if (prc == TL_ENOMEM) { *e = pe; rc = prc; }
        else if (prc != TL_OK) ing_reject(&g, file, line, &pe);
        else rc = finish(&g, a, file, line, out, e);
    }
    ing_stats_add(st, &rs);
    return rc;
}

int ing_store(store_t *s, art_t *a, const char *file, long line, const ing_cb *cb,
              int *outcome, ing_stats *st, tl_err *e) {
    ing_t g;
    ing_stats rs;
    ing_init(&g, s, NULL, cb, &rs);
    g.in_tx = 1;                /* the transaction is the caller's */
    int rc = store_one(&g, a, file, line, outcome, e);
    ing_stats_add(st, &rs);
    return rc;
}

int ing_record(store_t *s, const char *file, long line, const char *data, size_t len,
               const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e) {
    art_t *a;
    int rc = ing_prepare(file, line, data, len, o, cb, &a, st, e);
    if (rc != TL_OK || !a) return rc;
    int outcome;
    rc = ing_store(s, a, file, line, cb, &outcome, st, e);
    art_free(a);
    return rc;
}
