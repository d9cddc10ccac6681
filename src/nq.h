/* nq.h -- the article queue: a thin wrapper over NATS JetStream (libnats).
 *
 * Distributed ingestion (docs/deploy.md): crawlers publish article
 * records, one JSON Lines record per message, to a JetStream stream;
 * workers pull them in batches from one durable consumer they share,
 * store a batch in one transaction and ack its messages only after the
 * commit. Delivery is at least once: a message whose ack was lost (a
 * worker died, the broker restarted) comes again after AckWait. trilat's
 * writes are idempotent by id and content hash, so a second delivery
 * changes nothing, and the message id a publisher gives lets JetStream
 * drop a re-publish inside its duplicate window before anyone sees it.
 *
 * Defaults: stream TRILAT on subject trilat.articles, work-queue
 * retention (a message is gone once acked), file storage, a 2-minute
 * duplicate window; durable pull consumer trilat-workers, explicit acks,
 * AckWait 60 s, no limit on deliveries. The connection reconnects
 * forever, waiting 100 ms after the first failed round and doubling up to
 * 5 s (with jitter); publishes and acks made while it is away are
 * buffered and sent on reconnect.
 *
 * Errors are TL_E* codes with the NATS status text in e->msg: TL_EIO when
 * the broker cannot be reached or did not answer in time, TL_ENOTFOUND
 * for a missing stream or consumer, TL_EINVAL for a bad configuration,
 * TL_ENOMEM, TL_ERR for anything else.
 *
 * Ownership: nq_open's handle is the caller's (nq_close). A batch's
 * messages (data, headers) belong to the batch until nq_batch_free. One
 * nq_t is used by one thread at a time; nq_get_state may be called from
 * any.
 */
#ifndef TRILAT_NQ_H
#define TRILAT_NQ_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NQ_DEFAULT_URL "nats://127.0.0.1:4222"
#define NQ_DEFAULT_STREAM "TRILAT"
#define NQ_DEFAULT_SUBJECT "trilat.articles"
#define NQ_DEFAULT_CONSUMER "trilat-workers"
#define NQ_HDR_ORIGIN "Trilat-Origin"     /* where the record came from: FILE:LINE */

typedef struct nq_opts {
    const char *url;            /* server URL(s), comma-separated; NULL: NQ_DEFAULT_URL */
    const char *name;           /* connection name the server shows; NULL: "trilat" */
    const char *stream;         /* NULL: NQ_DEFAULT_STREAM */
    const char *subject;        /* NULL: NQ_DEFAULT_SUBJECT */
    const char *consumer;       /* NULL: NQ_DEFAULT_CONSUMER */
    int memory;                 /* 1: a new stream keeps messages in memory, not on disk */
    int replicas;               /* a new stream's replicas in a NATS cluster; 0: 1 */
    int64_t dup_window_ms;      /* a new stream's duplicate window; 0: 2 minutes */
    int64_t ack_wait_ms;        /* a new consumer's AckWait; 0: 60 s */
    int64_t max_deliver;        /* a new consumer's MaxDeliver; 0: unlimited */
    int64_t max_ack_pending;    /* a new consumer's MaxAckPending; 0: the server's (1000) */
    int64_t timeout_ms;         /* connecting, JetStream API calls, publish acks; 0: 5 s */
    int64_t reconnect_min_ms;   /* first wait between reconnect rounds; 0: 100 ms */
    int64_t reconnect_max_ms;   /* the wait doubles up to this; 0: 5 s */
} nq_opts;

typedef struct nq nq_t;

/* Connect. TL_EIO when no server answers (the caller may retry later);
 * once connected, the connection reconnects by itself forever. */
int nq_open(nq_t **out, const nq_opts *o, tl_err *e);

/* Send what is buffered (acks), wait for it up to timeout_ms, close. */
void nq_close(nq_t *q, int64_t timeout_ms);

/* Release libnats' process-wide state; call once, after the last
 * nq_close, before exiting (keeps leak checkers quiet). */
void nq_shutdown(void);

/* Create the stream if it does not exist. An existing stream is used as
 * it is, but must capture the subject (TL_EINVAL otherwise). */
int nq_ensure_stream(nq_t *q, tl_err *e);

/* ------------------------------------------------------------------------
 * Publishing
 * ---------------------------------------------------------------------- */

/* Publish one record and wait for JetStream to have stored it. msg_id
 * (may be NULL) goes out as Nats-Msg-Id: a second message with the same
 * id inside the stream's duplicate window is not stored again, and
 * *duplicate is set to 1. origin (may be NULL) goes as NQ_HDR_ORIGIN.
 * *seq (may be NULL) receives the stream sequence. */
int nq_publish(nq_t *q, const char *msg_id, const char *origin, const void *data, size_t len,
               uint64_t *seq, int *duplicate, tl_err *e);

/* ------------------------------------------------------------------------
 * Consuming
 * ---------------------------------------------------------------------- */

/* Create the durable pull consumer if missing (explicit acks, the
 * stream's subject, from the first message) and bind to it. */
int nq_subscribe(nq_t *q, tl_err *e);

typedef struct nq_msg {
    const char *data;           /* the record (len bytes, NUL after them) */
    size_t len;
    uint64_t seq;               /* stream sequence */
    uint64_t deliveries;        /* 1 the first time, more when redelivered */
    const char *id;             /* Nats-Msg-Id, or NULL */
    const char *origin;         /* NQ_HDR_ORIGIN, or NULL */
    void *impl;
} nq_msg;

typedef struct nq_batch {
    nq_msg *msg;
    int n;
    void *impl;
} nq_batch;

/* Pull up to max messages, waiting up to timeout_ms for the first; it
 * returns early when some came and no more are ready. TL_OK with b->n
 * possibly 0 (nothing to do); TL_EIO while the broker is away (retry
 * after a pause: the connection comes back by itself). Free the batch
 * with nq_batch_free even when empty. */
int nq_fetch(nq_t *q, int max, int64_t timeout_ms, nq_batch *b, tl_err *e);

/* Done with the message: JetStream forgets it. */
int nq_ack(nq_msg *m, tl_err *e);
/* Not done: deliver it again after delay_ms (0: at once). */
int nq_nak(nq_msg *m, int64_t delay_ms, tl_err *e);
/* Still working on it: AckWait starts again. */
int nq_in_progress(nq_msg *m, tl_err *e);

void nq_batch_free(nq_batch *b);

/* ------------------------------------------------------------------------
 * State
 * ---------------------------------------------------------------------- */

/* How far behind the workers are, from the stream's and the consumer's
 * info (no nq_subscribe needed). Before any worker made the consumer,
 * no_consumer is 1 and every message in the stream counts as pending. */
typedef struct nq_lag {
    int no_consumer;
    uint64_t pending;           /* in the stream, not yet delivered */
    int64_t ack_pending;        /* delivered, not yet acked */
    int64_t redelivered;        /* delivered more than once, not yet acked */
    int64_t waiting;            /* pull requests waiting at the server */
    uint64_t delivered;         /* last stream sequence delivered */
    uint64_t ack_floor;         /* every sequence up to here is acked */
    uint64_t stream_msgs;       /* messages in the stream */
    uint64_t stream_bytes;
    uint64_t last_seq;          /* the stream's last sequence */
} nq_lag;
int nq_get_lag(nq_t *q, nq_lag *lag, tl_err *e);

/* The connection as the library last saw it. */
typedef struct nq_state {
    int connected;              /* 1: connected now */
    long disconnects;           /* times the connection was lost */
    long reconnects;            /* times it came back */
} nq_state;
void nq_get_state(nq_t *q, nq_state *st);

/* The names in use (defaults filled in). */
const char *nq_stream(const nq_t *q);
const char *nq_consumer(const nq_t *q);

#endif
