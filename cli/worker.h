/* worker.h -- private to `trilat worker`: its state and the three files
 * that share it (cmd_worker.c: options, the main loop, the connection,
 * progress; worker_batch.c: one batch from messages to acks;
 * worker_clu.c: the clusterer's lock and passes).
 */
#ifndef TRILAT_CLI_WORKER_H
#define TRILAT_CLI_WORKER_H

#include "anl.h"
#include "cli.h"
#include "entx.h"
#include "ingest.h"
#include "nq.h"
#include "place.h"

#include <signal.h>
#include <stdint.h>
#include <time.h>

#define WORKER_MAX_MESSAGES 100     /* report lines shown, then counted */
#define WORKER_BACKOFF_MIN_MS 100
#define WORKER_BACKOFF_MAX_MS 5000

/* One message of a batch on its way through the steps. */
typedef struct wk_item {
    art_t *a;                  /* NULL: rejected when parsed (acked at once) */
    char file[512];            /* where the record came from (reports, origin) */
    long line;
    size_t an_off, an_len;     /* its analysis in worker.blobs; an_len 0: none */
    int done;                  /* acked or nak'ed */
} wk_item;

typedef struct worker {
    /* configuration */
    const char *db, *model_path;
    nq_opts no;
    int batch, cluster, drain, quiet, analyze;
    double progress_every;
    double order_wait;         /* --order-wait: seconds to wait for earlier messages */
    uint64_t floor_seen;       /* every message up to here is known to be acked */
    /* state */
    nq_t *q;
    store_t *s;
    ner_model *model;          /* for the analyses (and the clusterer; read-only) */
    char producer[ANL_PRODUCER_MAX];
    struct wk_clu *clu;        /* the clustering thread (--cluster) */
    long seen_disconnects, seen_reconnects;
    /* the batch in hand */
    wk_item *items;
    int capitems;
    anl_doc an;
    buf_t blobs;               /* the batch's encoded analyses */
    /* counters */
    ing_stats tot;             /* committed (and rejected when parsed) */
    long batches, msgs, redelivered, acked, ack_errors, store_retries;
    long placed;               /* by this worker's clustering thread (at the end) */
    long analysed, analysis_errors, precomputed;
    long out_of_order;         /* batches committed before earlier messages were */
    long messages, suppressed; /* report lines shown / not shown */
    const nq_msg *cur;         /* the message being handled (for reports) */
    struct timespec start, last_progress;
    long last_count;
    long idle_lines;           /* progress ticks while idle */
    int recheck;               /* look whether the stream and consumer still exist */
    struct timespec last_check;
} worker;

extern volatile sig_atomic_t wk_stop_flag;

/* cmd_worker.c */
void wk_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
double wk_elapsed(const struct timespec *since);
int wk_store_ready(worker *w, tl_err *e);
void wk_store_drop(worker *w);

/* worker_batch.c: parse, analyse, store and ack one fetched batch.
 * TL_OK, or the store error (the caller backs off). */
int wk_handle_batch(worker *w, nq_batch *b, long backoff_ms);
void wk_batch_free(worker *w);

/* worker_clu.c: the clustering thread, on a store connection of its
 * own. wk_clu_start starts it (it tries the clustering lock at once);
 * wk_clu_poke tells it articles were committed; wk_clu_caught_up (on the
 * worker's own connection) is 1 when it has nothing pending and every
 * stored article is placed and analysed, by it or by whoever holds the
 * lock; wk_clu_state reads whether it is the clusterer and what it
 * placed; wk_clu_stop lets its pass end, joins it and closes its
 * connection (releasing the lock). */
typedef struct wk_clu wk_clu;
int wk_clu_start(worker *w, tl_err *e);
void wk_clu_poke(worker *w);
int wk_clu_caught_up(worker *w);
void wk_clu_state(worker *w, int *leader, long *placed);
void wk_clu_stop(worker *w);

#endif
