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
    /* state */
    nq_t *q;
    store_t *s;
    ner_model *model;          /* for the analyses (and the extractor) */
    char producer[ANL_PRODUCER_MAX];
    placer *pl;
    entx *ex;
    int leader;                /* holds the clustering lock */
    char *holder;              /* who does, when another process (said once) */
    int dirty;                 /* committed articles not clustered yet */
    int64_t version;           /* store_data_version after the last clustering pass */
    int have_version;
    struct timespec last_backlog_check;
    char cluster_err[512];     /* the last clustering error said */
    long seen_disconnects, seen_reconnects;
    /* the batch in hand */
    wk_item *items;
    int capitems;
    anl_doc an;
    buf_t blobs;               /* the batch's encoded analyses */
    /* counters */
    ing_stats tot;             /* committed (and rejected when parsed) */
    long batches, msgs, redelivered, acked, ack_errors, store_retries, placed;
    long analysed, analysis_errors, precomputed;
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

/* worker_clu.c */
/* After a committed batch, or idle: cluster if this worker holds (or can
 * take) the clustering lock. A failure leaves the articles stored and
 * unplaced (the next try places them) and is said once. */
void wk_cluster_step(worker *w);
/* Idle: is there clustering to do (articles other processes stored,
 * a clusterer gone with work left)? */
int wk_cluster_due(worker *w);
/* Is every stored article placed and analysed? 1 when nothing is left,
 * 0 otherwise (or when the store cannot tell). */
int wk_cluster_caught_up(worker *w);

#endif
