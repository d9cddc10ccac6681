/* nq.c -- the article queue over NATS JetStream (see nq.h).
 *
 * Everything libnats is kept in this file: callers see nq_t, nq_msg and
 * TL_* codes. The connection's callbacks (disconnected, reconnected,
 * closed, async errors) run on libnats' own thread and only touch atomic
 * counters and, for "closed", the condition nq_close waits on, so the
 * handle is never freed while a callback may still use it.
 */
#include "nq.h"

#include <nats/nats.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct nq {
    natsOptions *opts;
    natsConnection *nc;
    jsCtx *js;
    natsSubscription *sub;
    char *stream, *subject, *consumer;
    nq_opts o;                  /* numbers, defaults filled in (strings above) */
    atomic_long disconnects, reconnects, async_errors;
    uint64_t jitter;            /* the reconnect thread's random state */
    pthread_mutex_t mu;         /* guards closed */
    pthread_cond_t cond;
    int closed;                 /* the connection's closed callback ran */
};

#define MS_NS 1000000LL

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

static int code_of(natsStatus s, jsErrCode jerr) {
    if (jerr == JSStreamNotFoundErr || jerr == JSConsumerNotFoundErr) return TL_ENOTFOUND;
    switch (s) {
    case NATS_NO_MEMORY: return TL_ENOMEM;
    case NATS_INVALID_ARG:
    case NATS_INVALID_SUBJECT:
    case NATS_ADDRESS_MISSING:
    case NATS_INVALID_TIMEOUT: return TL_EINVAL;
    case NATS_NOT_FOUND: return TL_ENOTFOUND;
    case NATS_MAX_PAYLOAD: return TL_ETOOBIG;
    case NATS_IO_ERROR:
    case NATS_TIMEOUT:
    case NATS_NO_SERVER:
    case NATS_CONNECTION_CLOSED:
    case NATS_CONNECTION_DISCONNECTED:
    case NATS_STALE_CONNECTION:
    case NATS_NOT_YET_CONNECTED:
    case NATS_NO_RESPONDERS:
    case NATS_INSUFFICIENT_BUFFER:
    case NATS_MISSED_HEARTBEAT: return TL_EIO;
    default: return TL_ERR;
    }
}

/* e = "NATS: what: status text[: detail] [(JetStream error N)]". */
static int fail(tl_err *e, natsStatus s, jsErrCode jerr, const char *what) {
    const char *text = natsStatus_GetText(s);
    const char *detail = nats_GetLastError(NULL);
    int show = detail && *detail && strcmp(detail, text) != 0;
    char js[48] = "";
    if (jerr) snprintf(js, sizeof(js), " (JetStream error %d)", (int)jerr);
    return err_set(e, code_of(s, jerr), "NATS: %s: %s%s%s%s", what, text, show ? ": " : "",
                   show ? detail : "", js);
}

/* ------------------------------------------------------------------------
 * Connection
 * ---------------------------------------------------------------------- */

static void on_disconnected(natsConnection *nc, void *ud) {
    (void)nc;
    atomic_fetch_add(&((nq_t *)ud)->disconnects, 1);
}

static void on_reconnected(natsConnection *nc, void *ud) {
    (void)nc;
    atomic_fetch_add(&((nq_t *)ud)->reconnects, 1);
}

static void on_closed(natsConnection *nc, void *ud) {
    (void)nc;
    nq_t *q = ud;
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->mu);
}

/* Async errors (a slow consumer, a lost heartbeat) also surface in the
 * calls that follow; counted only, and keeps libnats from printing. */
static void on_async_error(natsConnection *nc, natsSubscription *sub, natsStatus err, void *ud) {
    (void)nc;
    (void)sub;
    (void)err;
    atomic_fetch_add(&((nq_t *)ud)->async_errors, 1);
}

/* Wait before the next reconnect round: min, doubling up to max, then
 * between 3/4 and 5/4 of that so restarted workers do not come in step. */
static int64_t reconnect_delay(natsConnection *nc, int attempts, void *ud) {
    (void)nc;
    nq_t *q = ud;
    int64_t d = q->o.reconnect_min_ms;
    for (int i = 1; i < attempts && d < q->o.reconnect_max_ms; i++) d *= 2;
    if (d > q->o.reconnect_max_ms) d = q->o.reconnect_max_ms;
    q->jitter = q->jitter * 6364136223846793005ULL + 1442695040888963407ULL;
    int64_t span = d / 2 + 1;
    return d - d / 4 + (int64_t)((q->jitter >> 33) % (uint64_t)span);
}

static char *dup_or(const char *s, const char *dflt) {
    return strdup(s && *s ? s : dflt);
}

static void nq_free(nq_t *q) {
    if (q->sub) natsSubscription_Destroy(q->sub);
    if (q->js) jsCtx_Destroy(q->js);
    if (q->nc) natsConnection_Destroy(q->nc);
    if (q->opts) natsOptions_Destroy(q->opts);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cond);
    free(q->stream);
    free(q->subject);
    free(q->consumer);
    free(q);
}

int nq_open(nq_t **out, const nq_opts *o, tl_err *e) {
    *out = NULL;
    nq_opts d;
    memset(&d, 0, sizeof(d));
    if (!o) o = &d;
    nq_t *q = calloc(1, sizeof(*q));
    if (!q) return err_set(e, TL_ENOMEM, "out of memory");
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cond, NULL);
    q->o = *o;
    q->o.url = q->o.name = q->o.stream = q->o.subject = q->o.consumer = NULL;
    if (q->o.dup_window_ms <= 0) q->o.dup_window_ms = 2 * 60 * 1000;
    if (q->o.ack_wait_ms <= 0) q->o.ack_wait_ms = 60 * 1000;
    if (q->o.max_deliver <= 0) q->o.max_deliver = -1;
    if (q->o.timeout_ms <= 0) q->o.timeout_ms = 5000;
    if (q->o.reconnect_min_ms <= 0) q->o.reconnect_min_ms = 100;
    if (q->o.reconnect_max_ms <= 0) q->o.reconnect_max_ms = 5000;
    if (q->o.reconnect_max_ms < q->o.reconnect_min_ms) q->o.reconnect_max_ms = q->o.reconnect_min_ms;
    if (q->o.replicas <= 0) q->o.replicas = 1;
    q->jitter = (uint64_t)time(NULL) ^ ((uint64_t)(uintptr_t)q << 16);
    q->stream = dup_or(o->stream, NQ_DEFAULT_STREAM);
    q->subject = dup_or(o->subject, NQ_DEFAULT_SUBJECT);
    q->consumer = dup_or(o->consumer, NQ_DEFAULT_CONSUMER);
    if (!q->stream || !q->subject || !q->consumer) {
        nq_free(q);
        return err_set(e, TL_ENOMEM, "out of memory");
    }

    const char *url = o->url && *o->url ? o->url : NQ_DEFAULT_URL;
    natsStatus s = natsOptions_Create(&q->opts);
    if (s == NATS_OK) s = natsOptions_SetURL(q->opts, url);
    if (s == NATS_OK) s = natsOptions_SetName(q->opts, o->name && *o->name ? o->name : "trilat");
    if (s == NATS_OK) s = natsOptions_SetTimeout(q->opts, q->o.timeout_ms);
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(q->opts, -1);   /* forever */
    if (s == NATS_OK) s = natsOptions_SetCustomReconnectDelay(q->opts, reconnect_delay, q);
    /* a broker that vanished without closing the socket is noticed in ~10 s */
    if (s == NATS_OK) s = natsOptions_SetPingInterval(q->opts, 5000);
    if (s == NATS_OK) s = natsOptions_SetMaxPingsOut(q->opts, 2);
    if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(q->opts, on_disconnected, q);
    if (s == NATS_OK) s = natsOptions_SetReconnectedCB(q->opts, on_reconnected, q);
    if (s == NATS_OK) s = natsOptions_SetClosedCB(q->opts, on_closed, q);
    if (s == NATS_OK) s = natsOptions_SetErrorHandler(q->opts, on_async_error, q);
    if (s != NATS_OK) {
        int rc = fail(e, s, 0, "connection options");
        nq_free(q);
        return rc;
    }
    s = natsConnection_Connect(&q->nc, q->opts);
    if (s != NATS_OK) {
        char what[600];
        snprintf(what, sizeof(what), "cannot connect to %s", url);
        int rc = fail(e, s, 0, what);
        q->nc = NULL;
        nq_free(q);
        return rc;
    }
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = q->o.timeout_ms;
    s = natsConnection_JetStream(&q->js, q->nc, &jo);
    if (s != NATS_OK) {
        int rc = fail(e, s, 0, "JetStream context");
        q->js = NULL;
        nq_close(q, 0);
        return rc;
    }
    *out = q;
    return TL_OK;
}

void nq_close(nq_t *q, int64_t timeout_ms) {
    if (!q) return;
    if (q->sub) {
        natsSubscription_Destroy(q->sub);     /* the durable consumer stays */
        q->sub = NULL;
    }
    if (q->nc) {
        if (timeout_ms > 0 && natsConnection_Status(q->nc) == NATS_CONN_STATUS_CONNECTED)
            natsConnection_FlushTimeout(q->nc, timeout_ms);
        natsConnection_Close(q->nc);
        /* the closed callback is the connection's last: after it, no
         * callback holds q any more */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 5;
        pthread_mutex_lock(&q->mu);
        while (!q->closed)
            if (pthread_cond_timedwait(&q->cond, &q->mu, &until) != 0) break;
        pthread_mutex_unlock(&q->mu);
    }
    nq_free(q);
}

void nq_shutdown(void) { nats_CloseAndWait(2000); }

const char *nq_stream(const nq_t *q) { return q->stream; }
const char *nq_consumer(const nq_t *q) { return q->consumer; }

void nq_get_state(nq_t *q, nq_state *st) {
    st->connected = q->nc && natsConnection_Status(q->nc) == NATS_CONN_STATUS_CONNECTED;
    st->disconnects = atomic_load(&q->disconnects);
    st->reconnects = atomic_load(&q->reconnects);
}

/* ------------------------------------------------------------------------
 * Stream
 * ---------------------------------------------------------------------- */

/* Does NATS subject filter f ('*' one token, '>' the rest) match s? */
static int subject_match(const char *f, const char *s) {
    for (;;) {
        const char *fe = strchr(f, '.'), *se = strchr(s, '.');
        size_t fl = fe ? (size_t)(fe - f) : strlen(f), sl = se ? (size_t)(se - s) : strlen(s);
        if (fl == 1 && f[0] == '>') return 1;
        if (!(fl == 1 && f[0] == '*') && (fl != sl || memcmp(f, s, fl) != 0)) return 0;
        if (!fe || !se) return !fe && !se;
        f = fe + 1;
        s = se + 1;
    }
}

static int check_subjects(nq_t *q, const jsStreamInfo *si, tl_err *e) {
    const jsStreamConfig *c = si->Config;
    for (int i = 0; c && i < c->SubjectsLen; i++)
        if (subject_match(c->Subjects[i], q->subject)) return TL_OK;
    return err_set(e, TL_EINVAL, "NATS: stream %s exists but does not take subject %s",
                   q->stream, q->subject);
}

int nq_ensure_stream(nq_t *q, tl_err *e) {
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, q->js, q->stream, NULL, &jerr);
    if (s == NATS_OK) {
        int rc = check_subjects(q, si, e);
        jsStreamInfo_Destroy(si);
        return rc;
    }
    if (s != NATS_NOT_FOUND && jerr != JSStreamNotFoundErr)
        return fail(e, s, jerr, "stream info");
    jsStreamConfig c;
    jsStreamConfig_Init(&c);
    const char *subjects[1] = {q->subject};
    c.Name = q->stream;
    c.Subjects = subjects;
    c.SubjectsLen = 1;
    c.Retention = js_WorkQueuePolicy;
    c.Storage = q->o.memory ? js_MemoryStorage : js_FileStorage;
    c.Replicas = q->o.replicas;
    c.Duplicates = q->o.dup_window_ms * MS_NS;
    jerr = 0;
    s = js_AddStream(&si, q->js, &c, NULL, &jerr);
    if (s == NATS_OK) {
        jsStreamInfo_Destroy(si);
        return TL_OK;
    }
    if (jerr == JSStreamNameExistErr) {     /* someone else made it meanwhile */
        si = NULL;
        if ((s = js_GetStreamInfo(&si, q->js, q->stream, NULL, &jerr)) == NATS_OK) {
            int rc = check_subjects(q, si, e);
            jsStreamInfo_Destroy(si);
            return rc;
        }
    }
    return fail(e, s, jerr, "create stream");
}

/* ------------------------------------------------------------------------
 * Publishing
 * ---------------------------------------------------------------------- */

int nq_publish(nq_t *q, const char *msg_id, const char *origin, const void *data, size_t len,
               uint64_t *seq, int *duplicate, tl_err *e) {
    if (seq) *seq = 0;
    if (duplicate) *duplicate = 0;
    int64_t maxp = natsConnection_GetMaxPayload(q->nc);
    if (maxp > 0 && (int64_t)len > maxp)
        return err_set(e, TL_ETOOBIG,
                       "NATS: record of %zu bytes exceeds the broker's max_payload (%lld bytes)",
                       len, (long long)maxp);
    natsMsg *m = NULL;
    natsStatus s = natsMsg_Create(&m, q->subject, NULL, data, (int)len);
    if (s == NATS_OK && origin) {
        /* a header value is one line */
        char hv[1024];
        size_t k = 0;
        for (const char *p = origin; *p && k + 1 < sizeof(hv); p++)
            hv[k++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
        hv[k] = '\0';
        s = natsMsgHeader_Set(m, NQ_HDR_ORIGIN, hv);
    }
    if (s != NATS_OK) {
        natsMsg_Destroy(m);
        return fail(e, s, 0, "message");
    }
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msg_id;
    po.MaxWait = q->o.timeout_ms;
    jsPubAck *pa = NULL;
    jsErrCode jerr = 0;
    s = js_PublishMsg(&pa, q->js, m, &po, &jerr);
    natsMsg_Destroy(m);
    if (s != NATS_OK) return fail(e, s, jerr, "publish");
    if (seq) *seq = pa->Sequence;
    if (duplicate) *duplicate = pa->Duplicate;
    jsPubAck_Destroy(pa);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Consuming
 * ---------------------------------------------------------------------- */

int nq_subscribe(nq_t *q, tl_err *e) {
    if (q->sub) {
        natsSubscription_Destroy(q->sub);
        q->sub = NULL;
    }
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetConsumerInfo(&ci, q->js, q->stream, q->consumer, NULL, &jerr);
    if (s != NATS_OK && s != NATS_NOT_FOUND && jerr != JSConsumerNotFoundErr)
        return fail(e, s, jerr, "consumer info");
    if (s != NATS_OK) {
        jsConsumerConfig c;
        jsConsumerConfig_Init(&c);
        c.Durable = q->consumer;
        c.AckPolicy = js_AckExplicit;
        c.AckWait = q->o.ack_wait_ms * MS_NS;
        c.MaxDeliver = q->o.max_deliver;
        c.DeliverPolicy = js_DeliverAll;
        c.FilterSubject = q->subject;
        if (q->o.max_ack_pending > 0) c.MaxAckPending = q->o.max_ack_pending;
        ci = NULL;
        jerr = 0;
        /* two workers creating it at once with the same configuration both
         * succeed */
        s = js_AddConsumer(&ci, q->js, q->stream, &c, NULL, &jerr);
        if (s != NATS_OK) return fail(e, s, jerr, "create consumer");
    }
    jsConsumerInfo_Destroy(ci);
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = q->stream;
    so.Consumer = q->consumer;
    jerr = 0;
    s = js_PullSubscribe(&q->sub, q->js, q->subject, q->consumer, NULL, &so, &jerr);
    if (s != NATS_OK) {
        q->sub = NULL;
        return fail(e, s, jerr, "subscribe");
    }
    return TL_OK;
}

static const char *header(natsMsg *m, const char *key) {
    const char *v = NULL;
    return natsMsgHeader_Get(m, key, &v) == NATS_OK ? v : NULL;
}

int nq_fetch(nq_t *q, int max, int64_t timeout_ms, nq_batch *b, tl_err *e) {
    memset(b, 0, sizeof(*b));
    if (!q->sub) return err_set(e, TL_EINVAL, "NATS: fetch before subscribe");
    natsMsgList *list = calloc(1, sizeof(*list));
    if (!list) return err_set(e, TL_ENOMEM, "out of memory");
    jsErrCode jerr = 0;
    natsStatus s = natsSubscription_Fetch(list, q->sub, max, timeout_ms, &jerr);
    if (s == NATS_TIMEOUT && list->Count == 0) s = NATS_OK;    /* nothing came */
    if (s != NATS_OK) {
        natsMsgList_Destroy(list);
        free(list);
        return fail(e, s, jerr, "fetch");
    }
    b->impl = list;
    if (list->Count == 0) return TL_OK;
    b->msg = calloc((size_t)list->Count, sizeof(*b->msg));
    if (!b->msg) {
        nq_batch_free(b);
        return err_set(e, TL_ENOMEM, "out of memory");
    }
    for (int i = 0; i < list->Count; i++) {
        natsMsg *m = list->Msgs[i];
        nq_msg *x = &b->msg[b->n++];
        x->impl = m;
        x->data = natsMsg_GetData(m);
        x->len = (size_t)natsMsg_GetDataLength(m);
        if (!x->data) x->data = "";
        x->id = header(m, "Nats-Msg-Id");
        x->origin = header(m, NQ_HDR_ORIGIN);
        jsMsgMetaData *md = NULL;
        if (natsMsg_GetMetaData(&md, m) == NATS_OK) {
            x->seq = md->Sequence.Stream;
            x->deliveries = md->NumDelivered;
            jsMsgMetaData_Destroy(md);
        }
    }
    return TL_OK;
}

int nq_ack(nq_msg *m, tl_err *e) {
    natsStatus s = natsMsg_Ack(m->impl, NULL);
    return s == NATS_OK ? TL_OK : fail(e, s, 0, "ack");
}

int nq_nak(nq_msg *m, int64_t delay_ms, tl_err *e) {
    natsStatus s = delay_ms > 0 ? natsMsg_NakWithDelay(m->impl, delay_ms, NULL)
                                : natsMsg_Nak(m->impl, NULL);
    return s == NATS_OK ? TL_OK : fail(e, s, 0, "nak");
}

int nq_in_progress(nq_msg *m, tl_err *e) {
    natsStatus s = natsMsg_InProgress(m->impl, NULL);
    return s == NATS_OK ? TL_OK : fail(e, s, 0, "in progress");
}

void nq_batch_free(nq_batch *b) {
    if (b->impl) {
        natsMsgList_Destroy(b->impl);
        free(b->impl);
    }
    free(b->msg);
    memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------------------
 * Lag
 * ---------------------------------------------------------------------- */

int nq_get_lag(nq_t *q, nq_lag *lag, tl_err *e) {
    memset(lag, 0, sizeof(*lag));
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, q->js, q->stream, NULL, &jerr);
    if (s != NATS_OK) return fail(e, s, jerr, "stream info");
    lag->stream_msgs = si->State.Msgs;
    lag->stream_bytes = si->State.Bytes;
    lag->last_seq = si->State.LastSeq;
    jsStreamInfo_Destroy(si);
    jsConsumerInfo *ci = NULL;
    jerr = 0;
    s = js_GetConsumerInfo(&ci, q->js, q->stream, q->consumer, NULL, &jerr);
    if (s == NATS_NOT_FOUND || jerr == JSConsumerNotFoundErr) {
        lag->no_consumer = 1;
        lag->pending = lag->stream_msgs;
        return TL_OK;
    }
    if (s != NATS_OK) return fail(e, s, jerr, "consumer info");
    lag->pending = ci->NumPending;
    lag->ack_pending = ci->NumAckPending;
    lag->redelivered = ci->NumRedelivered;
    lag->waiting = ci->NumWaiting;
    lag->delivered = ci->Delivered.Stream;
    lag->ack_floor = ci->AckFloor.Stream;
    jsConsumerInfo_Destroy(ci);
    return TL_OK;
}
