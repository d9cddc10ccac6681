/* cmd_worker.c -- `trilat worker`: the NATS JetStream queue -> the store.
 *
 * Any number of workers share one durable consumer (docs/deploy.md).
 * Each pulls a batch, stores its records in ONE store transaction
 * (ing_record: the parse-finish-put path of ingest), and acks the batch's
 * messages only after the commit. So a worker that dies mid-batch leaves
 * its messages unacked, and JetStream delivers them again after AckWait;
 * storing is idempotent by id and content hash, so whatever was stored
 * twice is STORE_SAME and nothing changes. A record that can never be
 * stored (not JSON, no text, an id taken by another text) is acked and
 * reported, with the stream sequence. A store error rolls the batch back;
 * its messages are then tried one per transaction, and the ones that
 * still fail are nak'ed with a delay, the store reopened, and the worker
 * backs off. The NATS connection reconnects by itself; while the broker
 * is away the worker waits and retries, and if it comes back without the
 * stream or the consumer (a new server) the worker makes them again.
 *
 * SIGTERM / SIGINT: the batch in hand is finished and acked, then the
 * worker prints its summary and exits 0.
 *
 * --cluster: after committed batches, the same placement and entity
 * extraction as `trilat cluster` (place_more / entx_more, resident like
 * the server's), under the clustering lock (see worker_cluster_lock).
 */
#include "cli.h"
#include "entx.h"
#include "evalx.h"
#include "ingest.h"
#include "nq.h"
#include "place.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char HELP[] =
    "usage: trilat worker [OPTIONS]\n"
    "\n"
    "Store the articles queued by `trilat publish` (docs/deploy.md). Pulls\n"
    "batches from the NATS JetStream consumer all workers share, stores each\n"
    "batch in one transaction and acknowledges it after the commit: a worker\n"
    "that dies loses nothing (its batch is delivered again), and storing an\n"
    "article twice changes nothing. Runs until SIGTERM or SIGINT, which\n"
    "finish the batch in hand and exit 0 with a summary.\n"
    "\n"
    "Options:\n"
    "  --db PATH           the store (created if missing)\n"
    "  --nats URL          the broker (default: $TRILAT_NATS, else\n"
    "                      nats://127.0.0.1:4222; several: comma-separated)\n"
    "  --stream NAME       JetStream stream (default TRILAT)\n"
    "  --subject SUBJECT   subject the records are published on (default\n"
    "                      trilat.articles)\n"
    "  --consumer NAME     durable consumer the workers share (default\n"
    "                      trilat-workers)\n"
    "  --batch N           messages per batch and transaction (default 100)\n"
    "  --ack-wait SEC      redelivery delay of unacked messages, when this\n"
    "                      worker creates the consumer (default 60)\n"
    "  --cluster           place new articles in stories and extract entities\n"
    "                      after each batch, as 'trilat cluster' (one worker at\n"
    "                      a time does it: see docs/deploy.md)\n"
    "  --ner-model FILE    named-entity model for --cluster (as for cluster)\n"
    "  --drain             exit 0 once the queue is empty (nothing pending or\n"
    "                      awaiting an ack)\n"
    "  --progress SEC      a progress line every SEC seconds (default 5; 0: none)\n"
    "  -q, --quiet         no warnings, only errors and the summary\n"
    "\n"
    "Exit status: 0 stopped by a signal or drained; 1 failure; 2 usage.\n";

#define MAX_MESSAGES 100
#define FETCH_WAIT_MS 1000
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig) {
    (void)sig;
    stop_flag = 1;
}

typedef struct {
    /* configuration */
    const char *db, *model;
    nq_opts no;
    int batch, cluster, drain, quiet;
    double progress_every;
    /* state */
    nq_t *q;
    store_t *s;
    placer *pl;
    entx *ex;
    int lock_fd;               /* the clustering lock file, -1 when none */
    int dirty;                 /* committed articles not clustered yet */
    int64_t version;           /* store_data_version after the last clustering pass */
    int have_version;
    struct timespec last_unplaced_check;
    char cluster_err[512];     /* the last clustering error said */
    long seen_disconnects, seen_reconnects;
    /* counters */
    ing_stats tot;             /* committed */
    long batches, msgs, redelivered, acked, ack_errors, store_retries, placed;
    long messages, suppressed; /* report lines shown / not shown */
    const nq_msg *cur;         /* the message being stored (for reports) */
    struct timespec start, last_progress;
    long last_count;
    long idle_lines;           /* progress ticks while idle */
    int recheck;               /* look whether the stream and consumer still exist */
    struct timespec last_check;
} worker;

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double elapsed(const struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/* Sleep up to ms, waking early when a signal asked to stop. */
static void nap(long ms) {
    while (ms > 0 && !stop_flag) {
        long step = ms < 100 ? ms : 100;
        struct timespec ts = {0, step * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    fputs("trilat worker: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ------------------------------------------------------------------------
 * Reports: STREAM:SEQ: FILE:LINE: reason
 * ---------------------------------------------------------------------- */

static void on_report(void *ud, int severity, const tl_err *e) {
    worker *w = ud;
    if (severity == ING_WARNING && w->quiet) return;
    if (w->messages >= MAX_MESSAGES) { w->suppressed++; return; }
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

/* ------------------------------------------------------------------------
 * Clustering: one process at a time
 *
 * Placement (place.c) and entity extraction (entx.c) advance derived
 * state -- stories, terms, the entity registry, their cursors -- that
 * two writers would corrupt. worker_cluster_lock() is the hook that keeps
 * them to one: it takes an exclusive lock for the store, without
 * waiting (*got 0 when another process holds it; this worker then tries
 * again after its next batch or when idle, and whoever clusters places
 * every unplaced article, its own or not). An idle --cluster worker also
 * clusters when another process committed since its last pass
 * (store_data_version), so articles stored by workers without --cluster
 * are placed too.
 *
 * SQLite stores live on one machine, so an fcntl lock on DB.cluster-lock
 * next to the database covers every process that can open it. Other
 * backends offer no lock yet: for them *got is always 1 and exactly one
 * worker may run with --cluster (docs/deploy.md). The PostgreSQL backend
 * will give one (pg_try_advisory_lock); it belongs here, behind the same
 * two functions, e.g. as a store_try_lock(s, "cluster") in store.h.
 * ---------------------------------------------------------------------- */

static int store_ready(worker *w, tl_err *e);

static int is_file_store(const char *db) { return !strstr(db, "://"); }

static int worker_cluster_lock(worker *w, int *got, tl_err *e) {
    *got = 0;
    if (!is_file_store(w->db)) { *got = 1; return TL_OK; }
    if (w->lock_fd < 0) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof(path), "%s.cluster-lock", w->db) >= (int)sizeof(path))
            return err_set(e, TL_EINVAL, "store path too long for its lock file");
        w->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (w->lock_fd < 0)
            return err_set(e, TL_EIO, "cannot open the clustering lock %s: %s", path,
                           strerror(errno));
    }
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(w->lock_fd, F_SETLK, &fl) == 0) { *got = 1; return TL_OK; }
    if (errno == EACCES || errno == EAGAIN) return TL_OK;
    return err_set(e, TL_EIO, "clustering lock: %s", strerror(errno));
}

static void worker_cluster_unlock(worker *w) {
    if (w->lock_fd < 0) return;
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_UNLCK;
    fl.l_whence = SEEK_SET;
    fcntl(w->lock_fd, F_SETLK, &fl);
}

/* Place and analyse what is not yet, if the lock is free. */
static int cluster_now(worker *w, tl_err *e) {
    int got;
    int rc = worker_cluster_lock(w, &got, e);
    if (rc != TL_OK || !got) return rc;
    rc = store_ready(w, e);
    if (rc == TL_OK && !w->pl) {
        story_params p;
        cli_story_defaults(&p);
        rc = place_open(w->s, &p, &w->pl, e);
    }
    place_stats ps;
    memset(&ps, 0, sizeof(ps));
    if (rc == TL_OK) rc = place_more(w->pl, NULL, NULL, &ps, e);
    if (rc == TL_OK && !w->ex) {
        char buf[PATH_MAX];
        rc = entx_open(w->s, ex_pick_model(w->model, buf, sizeof(buf)), &w->ex, e);
    }
    entx_stats es;
    if (rc == TL_OK) rc = entx_more(w->ex, NULL, NULL, &es, e);
    /* read after the pass: a backend may count this pass's own commits */
    int64_t version = 0;
    if (rc == TL_OK) rc = store_data_version(w->s, &version, e);
    worker_cluster_unlock(w);
    if (rc == TL_OK) {
        w->placed += ps.placed;
        w->dirty = 0;
        w->version = version;
        w->have_version = 1;
        clock_gettime(CLOCK_MONOTONIC, &w->last_unplaced_check);
    }
    return rc;
}

static int stop_at_first(void *ud, const art_t *a) {
    (void)a;
    *(int *)ud = 1;
    return 1;
}

/* Is any stored article not placed yet? */
static int unplaced_left(worker *w) {
    int any = 0;
    tl_err e;
    if (!w->s || store_unplaced(w->s, 0, 1, stop_at_first, &any, &e) != TL_OK) return 1;
    return any;
}

/* Is there clustering to do for articles others stored (workers without
 * --cluster, say)? When another process committed since our last pass;
 * and, as commits made during a pass are counted in it, when articles are
 * left unplaced: looked up every 30 s, or each time when force (--drain,
 * which must not exit before they are placed). */
static int others_wrote(worker *w, int force) {
    int64_t v;
    tl_err e;
    if (!w->s || store_data_version(w->s, &v, &e) != TL_OK) return 1;
    if (!w->have_version || v != w->version) return 1;
    if (!force && elapsed(&w->last_unplaced_check) < 30) return 0;
    clock_gettime(CLOCK_MONOTONIC, &w->last_unplaced_check);
    return unplaced_left(w);
}

/* ------------------------------------------------------------------------
 * The store
 * ---------------------------------------------------------------------- */

static void store_drop(worker *w) {
    place_close(w->pl);
    entx_close(w->ex);
    store_close(w->s);
    w->pl = NULL;
    w->ex = NULL;
    w->s = NULL;
}

static int store_ready(worker *w, tl_err *e) {
    if (w->s) return TL_OK;
    return store_open(&w->s, w->db, STORE_CREATE, e);
}

/* Store messages [from, to) of b in one transaction; TL_OK once
 * committed, with the counts in *st. */
static int store_msgs(worker *w, nq_batch *b, int from, int to, ing_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    int rc = store_ready(w, e);
    if (rc == TL_OK) rc = store_begin(w->s, e);
    if (rc != TL_OK) return rc;
    ing_cb cb = {on_report, NULL, w};
    ing_opts o = {0};
    for (int i = from; i < to && rc == TL_OK; i++) {
        char file[512];
        long line;
        origin_of(w, &b->msg[i], file, sizeof(file), &line);
        w->cur = &b->msg[i];
        rc = ing_record(w->s, file, line, b->msg[i].data, b->msg[i].len, &o, &cb, st, e);
    }
    w->cur = NULL;
    if (rc == TL_OK) rc = store_commit(w->s, e);
    if (rc != TL_OK) store_rollback(w->s, NULL);
    return rc;
}

static void ack_range(worker *w, nq_batch *b, int from, int to) {
    tl_err e;
    for (int i = from; i < to; i++) {
        if (nq_ack(&b->msg[i], &e) == TL_OK) {
            w->acked++;
        } else if (w->ack_errors++ < 10) {
            say("%s:%llu: %s (it will be delivered again; storing it again changes nothing)",
                nq_stream(w->q), (unsigned long long)b->msg[i].seq, e.msg);
        }
    }
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

/* One fetched batch: store, ack after the commit. On a store error, each
 * message alone, nak'ing (with delay) what still fails. Returns TL_OK or
 * the store error (the caller backs off). */
static int handle_batch(worker *w, nq_batch *b, long backoff_ms) {
    tl_err e;
    err_clear(&e);
    ing_stats st;
    w->batches++;
    w->msgs += b->n;
    for (int i = 0; i < b->n; i++)
        if (b->msg[i].deliveries > 1) w->redelivered++;
    int rc = store_msgs(w, b, 0, b->n, &st, &e);
    if (rc == TL_OK) {
        ack_range(w, b, 0, b->n);
        add_stats(&w->tot, &st);
        if (w->cluster && (st.ingested || st.duplicates)) w->dirty = 1;
        return TL_OK;
    }
    say("store: %s; batch of %d rolled back, retrying one by one", e.msg, b->n);
    w->store_retries++;
    store_drop(w);
    int first_rc = rc;
    for (int i = 0; i < b->n; i++) {
        tl_err me;
        err_clear(&me);
        nq_in_progress(&b->msg[i], &me);      /* the retries take time */
    }
    int failed = 0;
    for (int i = 0; i < b->n; i++) {
        tl_err me;
        err_clear(&me);
        rc = failed ? TL_ESTORE : store_msgs(w, b, i, i + 1, &st, &me);
        if (rc == TL_OK) {
            ack_range(w, b, i, i + 1);
            add_stats(&w->tot, &st);
            if (w->cluster && (st.ingested || st.duplicates)) w->dirty = 1;
            continue;
        }
        if (!failed) {
            say("store: %s:%llu: %s; not acked, delivered again in %ld ms", nq_stream(w->q),
                (unsigned long long)b->msg[i].seq, me.msg, backoff_ms);
            store_drop(w);
        }
        failed = 1;                     /* the store is down: the rest waits too */
        nq_nak(&b->msg[i], backoff_ms, &me);
    }
    return failed ? first_rc : TL_OK;
}

/* ------------------------------------------------------------------------
 * Progress
 * ---------------------------------------------------------------------- */

static void progress_line(worker *w, const char *what, int force) {
    if (!force && (w->progress_every <= 0 || elapsed(&w->last_progress) < w->progress_every))
        return;
    double dt = elapsed(&w->last_progress);
    clock_gettime(CLOCK_MONOTONIC, &w->last_progress);
    long count = w->tot.records;
    double rate = dt > 0 ? (double)(count - w->last_count) / dt : 0.0;
    char lagtxt[96] = "pending ? (broker away)";
    nq_lag lag;
    tl_err e;
    int have_lag = w->q && nq_get_lag(w->q, &lag, &e) == TL_OK;
    if (have_lag)
        snprintf(lagtxt, sizeof(lagtxt), "pending %lld (%llu queued, %lld unacked)",
                 (long long)lag.pending + (long long)lag.ack_pending,
                 (unsigned long long)lag.pending, (long long)lag.ack_pending);
    /* idle with an empty queue: one line a minute is enough */
    int idle = count == w->last_count && have_lag && lag.pending == 0 && lag.ack_pending == 0;
    if (!force && idle && w->idle_lines++ % 12 != 0) return;
    if (!idle) w->idle_lines = 0;
    w->last_count = count;
    fprintf(stderr,
            "%s: stored %ld, duplicates %ld, unchanged %ld, rejected %ld; %s; %.0f records/s\n",
            what, w->tot.ingested, w->tot.duplicates, w->tot.unchanged, w->tot.rejected, lagtxt,
            rate);
}

/* Tell about connection changes the library saw since the last call. */
static void watch_connection(worker *w) {
    nq_state ns;
    nq_get_state(w->q, &ns);
    if (ns.disconnects != w->seen_disconnects)
        say("NATS connection lost; reconnecting");
    if (ns.reconnects != w->seen_reconnects) {
        say("NATS reconnected");
        w->recheck = 1;                 /* a new server may lack our consumer */
    }
    w->seen_disconnects = ns.disconnects;
    w->seen_reconnects = ns.reconnects;
}

/* ------------------------------------------------------------------------
 * Main loop
 * ---------------------------------------------------------------------- */

/* Cluster if the lock is free; a failure leaves the articles stored and
 * unplaced (the next try places them), and is said once. */
static void cluster_step(worker *w) {
    tl_err e;
    err_clear(&e);
    if (cluster_now(w, &e) == TL_OK) {
        w->cluster_err[0] = '\0';
        return;
    }
    if (strcmp(w->cluster_err, e.msg) != 0) say("clustering: %s; will retry", e.msg);
    snprintf(w->cluster_err, sizeof(w->cluster_err), "%s", e.msg);
    store_drop(w);
}

/* Connect, make sure the stream and consumer exist, bind; retry with
 * backoff until it works or a signal says stop. */
static int connect_queue(worker *w) {
    long wait = BACKOFF_MIN_MS;
    char last[512] = "";
    while (!stop_flag) {
        tl_err e;
        err_clear(&e);
        int rc = w->q ? TL_OK : nq_open(&w->q, &w->no, &e);
        if (rc == TL_OK) rc = nq_ensure_stream(w->q, &e);
        if (rc == TL_OK) rc = nq_subscribe(w->q, &e);
        if (rc == TL_OK) return TL_OK;
        if (rc != TL_EIO && rc != TL_ENOTFOUND) {
            cli_error(&e);
            return rc;                  /* configuration: retrying will not help */
        }
        if (strcmp(last, e.msg) != 0) say("%s; retrying", e.msg);
        snprintf(last, sizeof(last), "%s", e.msg);
        nap(wait);
        if (wait < BACKOFF_MAX_MS) wait *= 2;
    }
    return TL_ERR;
}

/* Idle: after a reconnect, and every 10 s, make sure the stream and the
 * consumer still exist (a broker that came back empty answers pulls for a
 * missing consumer with silence) and make them again if not. */
static int check_queue(worker *w) {
    if (!w->recheck && elapsed(&w->last_check) < 10) return TL_OK;
    clock_gettime(CLOCK_MONOTONIC, &w->last_check);
    nq_lag lag;
    tl_err e;
    int rc = nq_get_lag(w->q, &lag, &e);
    if (rc == TL_EIO) return TL_OK;     /* away: the next check will tell */
    w->recheck = 0;
    if (rc == TL_OK && !lag.no_consumer) return TL_OK;
    say("stream %s or consumer %s is missing on the broker; making them again",
        nq_stream(w->q), nq_consumer(w->q));
    return connect_queue(w);
}

/* --drain: done when nothing waits and nothing is out being worked on. */
static int drained(worker *w) {
    nq_lag lag;
    tl_err e;
    if (w->dirty || (w->cluster && others_wrote(w, 1)) || nq_get_lag(w->q, &lag, &e) != TL_OK)
        return 0;
    return lag.pending == 0 && lag.ack_pending == 0;
}

static int run(worker *w) {
    if (connect_queue(w) != TL_OK) return stop_flag ? EXIT_OK : EXIT_FAIL;
    if (!w->quiet)
        say("pulling from stream %s, consumer %s, batches of %d, into %s", nq_stream(w->q),
            nq_consumer(w->q), w->batch, w->db);
    long fetch_wait = BACKOFF_MIN_MS, store_wait = BACKOFF_MIN_MS;
    int fetch_errors = 0;
    while (!stop_flag) {
        watch_connection(w);
        progress_line(w, "worker", 0);
        nq_batch b;
        tl_err e;
        err_clear(&e);
        int rc = nq_fetch(w->q, w->batch, FETCH_WAIT_MS, &b, &e);
        if (rc != TL_OK) {
            nq_batch_free(&b);
            if (fetch_errors++ == 0 || fetch_wait >= BACKOFF_MAX_MS) say("%s; retrying", e.msg);
            nap(fetch_wait);
            if (fetch_wait < BACKOFF_MAX_MS) fetch_wait *= 2;
            /* the broker came back without our consumer (a memory stream,
             * a new server): make them again */
            nq_state ns;
            nq_get_state(w->q, &ns);
            if (ns.connected && fetch_errors >= 3 && connect_queue(w) != TL_OK)
                return stop_flag ? EXIT_OK : EXIT_FAIL;
            continue;
        }
        fetch_errors = 0;
        fetch_wait = BACKOFF_MIN_MS;
        if (b.n == 0) {                 /* idle */
            nq_batch_free(&b);
            if (w->cluster && (w->dirty || others_wrote(w, w->drain))) cluster_step(w);
            if (check_queue(w) != TL_OK) return stop_flag ? EXIT_OK : EXIT_FAIL;
            if (w->drain && drained(w)) break;
            continue;
        }
        rc = handle_batch(w, &b, store_wait);
        nq_batch_free(&b);
        if (rc != TL_OK) {
            nap(store_wait);
            if (store_wait < BACKOFF_MAX_MS) store_wait *= 2;
            continue;
        }
        store_wait = BACKOFF_MIN_MS;
        if (w->dirty) cluster_step(w);
    }
    return EXIT_OK;
}

int cmd_worker(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"nats", required_argument, 0, 'n'},
        {"stream", required_argument, 0, 'S'},
        {"consumer", required_argument, 0, 'C'},
        {"subject", required_argument, 0, 'u'},
        {"batch", required_argument, 0, 'b'},
        {"ack-wait", required_argument, 0, 'a'},
        {"cluster", no_argument, 0, 'c'},
        {"ner-model", required_argument, 0, 'M'},
        {"drain", no_argument, 0, 'd'},
        {"progress", required_argument, 0, 'p'},
        {"quiet", no_argument, 0, 'q'},
        CLI_COMMON_OPTS,
        {0, 0, 0, 0}};
    worker w;
    memset(&w, 0, sizeof(w));
    w.batch = 100;
    w.progress_every = 5;
    w.lock_fd = -1;
    const char *url = NULL;
    long v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'n': url = optarg; break;
        case 'S': w.no.stream = optarg; break;
        case 'C': w.no.consumer = optarg; break;
        case 'u': w.no.subject = optarg; break;
        case 'c': w.cluster = 1; break;
        case 'M': w.model = optarg; break;
        case 'd': w.drain = 1; break;
        case 'q': w.quiet = 1; break;
        case 'b':
            if (cli_parse_long(optarg, &v) || v < 1 || v > 10000) {
                cli_usage_error("worker", "--batch needs a number from 1 to 10000");
                return EXIT_USAGE;
            }
            w.batch = (int)v;
            break;
        case 'a':
            if (cli_parse_long(optarg, &v) || v < 1 || v > 86400) {
                cli_usage_error("worker", "--ack-wait needs seconds from 1 to 86400");
                return EXIT_USAGE;
            }
            w.no.ack_wait_ms = v * 1000;
            break;
        case 'p':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("worker", "--progress needs a number of seconds");
                return EXIT_USAGE;
            }
            w.progress_every = (double)v;
            break;
        case 'h': fputs(HELP, stdout); return EXIT_OK;
        default: fputs(HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("worker", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    w.db = c->db;
    w.no.url = cli_nats_url(url);
    w.no.name = "trilat worker";
    if (w.cluster && !is_file_store(w.db))
        say("this store offers no clustering lock: run exactly one worker with --cluster");

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* the store first: a worker that cannot store must not take messages */
    tl_err e;
    err_clear(&e);
    if (store_ready(&w, &e) != TL_OK) {
        cli_error(&e);
        return EXIT_FAIL;
    }
    clock_gettime(CLOCK_MONOTONIC, &w.start);
    w.last_progress = w.last_check = w.start;
    double t0 = now_s();
    int x = run(&w);
    double t = now_s() - t0;
    if (w.suppressed) say("%ld further messages not shown", w.suppressed);
    fprintf(stderr,
            "worker done: stored %ld, duplicates %ld, unchanged %ld, rejected %ld (warnings "
            "%ld; %ld messages in %ld batches, %ld redelivered, %ld store retries, %ld placed; "
            "%.2f s, %.0f records/s)\n",
            w.tot.ingested, w.tot.duplicates, w.tot.unchanged, w.tot.rejected, w.tot.warnings,
            w.msgs, w.batches, w.redelivered, w.store_retries, w.placed, t,
            t > 0 ? (double)w.tot.records / t : 0.0);
    store_drop(&w);
    if (w.lock_fd >= 0) close(w.lock_fd);
    nq_close(w.q, 5000);
    nq_shutdown();
    return x;
}
