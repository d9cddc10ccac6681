/* cmd_worker.c -- `trilat worker`: the NATS JetStream queue -> the store.
 *
 * Any number of workers share one durable consumer (docs/deploy.md).
 * Each pulls a batch and handles it in three steps:
 *
 *   1. parse and finish every record (ing_prepare), outside any
 *      transaction; a record that can never be stored (not JSON, no
 *      text) is reported, with the stream sequence, and acked at once;
 *   2. analyse every article (anl.h: names, entities, quotes, events),
 *      still outside any transaction, so that workers on any number of
 *      cores and machines do it in parallel (--no-analyze: leave it to
 *      the clusterer);
 *   3. store the batch in ONE transaction (ing_store, and each new
 *      article's analysis beside it, store_put_analysis) and ack its
 *      messages only after the commit.
 *
 * So a worker that dies mid-batch leaves its messages unacked, and
 * JetStream delivers them again after AckWait; storing is idempotent by
 * id and content hash, so whatever was stored twice is STORE_SAME and
 * nothing changes. A store error rolls the batch back; its articles are
 * then tried one per transaction, and the ones that still fail are
 * nak'ed with a delay, the store reopened, and the worker backs off. The
 * NATS connection reconnects by itself; while the broker is away the
 * worker waits and retries, and if it comes back without the stream or
 * the consumer (a new server) the worker makes them again.
 *
 * SIGTERM / SIGINT: the batch in hand is finished and acked, then the
 * worker prints its summary and exits 0.
 *
 * --cluster: the worker offers to be the store's one clusterer (store.h:
 * the clustering lock). The one that holds the lock places new articles
 * and resolves their entities after each batch and when idle (place_more
 * / entx_more, resident like the server's), reading the workers'
 * analyses instead of analysing; the others stand by and take the lock
 * over when its holder is gone (crash, SIGKILL, lost connection).
 */
#include "worker.h"
#include "evalx.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char HELP[] =
    "usage: trilat worker [OPTIONS]\n"
    "\n"
    "Store the articles queued by `trilat publish` (docs/deploy.md). Pulls\n"
    "batches from the NATS JetStream consumer all workers share, analyses\n"
    "each article (names, entities, quotes, events), stores each batch in one\n"
    "transaction and acknowledges it after the commit: a worker that dies\n"
    "loses nothing (its batch is delivered again), and storing an article\n"
    "twice changes nothing. Runs until SIGTERM or SIGINT, which finish the\n"
    "batch in hand and exit 0 with a summary.\n"
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
    "  --order-wait SEC    commit a batch once every earlier message of the stream\n"
    "                      is stored, so articles are stored (and clustered) in\n"
    "                      publish order; wait at most SEC for them (default 10;\n"
    "                      0: commit as batches finish)\n"
    "  --ack-wait SEC      redelivery delay of unacked messages, when this\n"
    "                      worker creates the consumer (default 60)\n"
    "  --cluster           offer to be the store's clusterer: the worker that\n"
    "                      holds the clustering lock places new articles in\n"
    "                      stories and resolves their entities, as 'trilat\n"
    "                      cluster'; the others stand by and take over when it\n"
    "                      is gone (docs/deploy.md)\n"
    "  --ner-model FILE    named-entity model for the analyses and --cluster\n"
    "                      (as for cluster; 'none': rules only; every worker and\n"
    "                      the clusterer should use the same one)\n"
    "  --no-analyze        store only; leave the analyses to the clusterer\n"
    "  --drain             exit 0 once the queue is empty (nothing pending or\n"
    "                      awaiting an ack) and, with --cluster, every stored\n"
    "                      article is placed and analysed\n"
    "  --progress SEC      a progress line every SEC seconds (default 5; 0: none)\n"
    "  -q, --quiet         no warnings, only errors and the summary\n"
    "\n"
    "Exit status: 0 stopped by a signal or drained; 1 failure; 2 usage.\n";

#define FETCH_WAIT_MS 1000

volatile sig_atomic_t wk_stop_flag;

static void on_signal(int sig) {
    (void)sig;
    wk_stop_flag = 1;
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double wk_elapsed(const struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/* Sleep up to ms, waking early when a signal asked to stop. */
static void nap(long ms) {
    while (ms > 0 && !wk_stop_flag) {
        long step = ms < 100 ? ms : 100;
        struct timespec ts = {0, step * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

void wk_say(const char *fmt, ...) {
    va_list ap;
    fputs("trilat worker: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ------------------------------------------------------------------------
 * The store
 * ---------------------------------------------------------------------- */

/* Close the worker thread's store connection (reopened when next needed). */
void wk_store_drop(worker *w) {
    store_close(w->s);
    w->s = NULL;
}

int wk_store_ready(worker *w, tl_err *e) {
    if (w->s) return TL_OK;
    return store_open(&w->s, w->db, STORE_CREATE, e);
}

/* ------------------------------------------------------------------------
 * Progress
 * ---------------------------------------------------------------------- */

static void progress_line(worker *w, const char *what, int force) {
    if (!force && (w->progress_every <= 0 || wk_elapsed(&w->last_progress) < w->progress_every))
        return;
    double dt = wk_elapsed(&w->last_progress);
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
    char clu[64] = "";
    int leader;
    long placed;
    wk_clu_state(w, &leader, &placed);
    if (leader) snprintf(clu, sizeof(clu), "; clusterer: placed %ld", placed);
    fprintf(stderr,
            "%s: stored %ld, duplicates %ld, unchanged %ld, rejected %ld; %s; %.0f records/s%s\n",
            what, w->tot.ingested, w->tot.duplicates, w->tot.unchanged, w->tot.rejected, lagtxt,
            rate, clu);
}

/* Tell about connection changes the library saw since the last call. */
static void watch_connection(worker *w) {
    nq_state ns;
    nq_get_state(w->q, &ns);
    if (ns.disconnects != w->seen_disconnects)
        wk_say("NATS connection lost; reconnecting");
    if (ns.reconnects != w->seen_reconnects) {
        wk_say("NATS reconnected");
        w->recheck = 1;                 /* a new server may lack our consumer */
    }
    w->seen_disconnects = ns.disconnects;
    w->seen_reconnects = ns.reconnects;
}

/* ------------------------------------------------------------------------
 * Main loop
 * ---------------------------------------------------------------------- */

/* Connect, make sure the stream and consumer exist, bind; retry with
 * backoff until it works or a signal says stop. */
static int connect_queue(worker *w) {
    long wait = WORKER_BACKOFF_MIN_MS;
    char last[512] = "";
    while (!wk_stop_flag) {
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
        if (strcmp(last, e.msg) != 0) wk_say("%s; retrying", e.msg);
        snprintf(last, sizeof(last), "%s", e.msg);
        nap(wait);
        if (wait < WORKER_BACKOFF_MAX_MS) wait *= 2;
    }
    return TL_ERR;
}

/* Idle: after a reconnect, and every 10 s, make sure the stream and the
 * consumer still exist (a broker that came back empty answers pulls for a
 * missing consumer with silence) and make them again if not. */
static int check_queue(worker *w) {
    if (!w->recheck && wk_elapsed(&w->last_check) < 10) return TL_OK;
    clock_gettime(CLOCK_MONOTONIC, &w->last_check);
    nq_lag lag;
    tl_err e;
    int rc = nq_get_lag(w->q, &lag, &e);
    if (rc == TL_EIO) return TL_OK;     /* away: the next check will tell */
    w->recheck = 0;
    if (rc == TL_OK && !lag.no_consumer) return TL_OK;
    wk_say("stream %s or consumer %s is missing on the broker; making them again",
        nq_stream(w->q), nq_consumer(w->q));
    return connect_queue(w);
}

/* --drain: done when nothing waits and nothing is out being worked on;
 * with --cluster, also when every stored article is placed and analysed
 * (by this worker or by the clusterer it stands by for). */
static int drained(worker *w) {
    nq_lag lag;
    tl_err e;
    if (nq_get_lag(w->q, &lag, &e) != TL_OK) return 0;
    if (lag.pending != 0 || lag.ack_pending != 0) return 0;
    return !w->cluster || wk_clu_caught_up(w);
}

static int run(worker *w) {
    if (connect_queue(w) != TL_OK) return wk_stop_flag ? EXIT_OK : EXIT_FAIL;
    if (!w->quiet)
        wk_say("pulling from stream %s, consumer %s, batches of %d, into %s", nq_stream(w->q),
            nq_consumer(w->q), w->batch, w->db);
    long fetch_wait = WORKER_BACKOFF_MIN_MS, store_wait = WORKER_BACKOFF_MIN_MS;
    int fetch_errors = 0;
    while (!wk_stop_flag) {
        watch_connection(w);
        progress_line(w, "worker", 0);
        nq_batch b;
        tl_err e;
        err_clear(&e);
        int rc = nq_fetch(w->q, w->batch, FETCH_WAIT_MS, &b, &e);
        if (rc != TL_OK) {
            nq_batch_free(&b);
            if (fetch_errors++ == 0 || fetch_wait >= WORKER_BACKOFF_MAX_MS) wk_say("%s; retrying", e.msg);
            nap(fetch_wait);
            if (fetch_wait < WORKER_BACKOFF_MAX_MS) fetch_wait *= 2;
            /* the broker came back without our consumer (a memory stream,
             * a new server): make them again */
            nq_state ns;
            nq_get_state(w->q, &ns);
            if (ns.connected && fetch_errors >= 3 && connect_queue(w) != TL_OK)
                return wk_stop_flag ? EXIT_OK : EXIT_FAIL;
            continue;
        }
        fetch_errors = 0;
        fetch_wait = WORKER_BACKOFF_MIN_MS;
        if (b.n == 0) {                 /* idle */
            nq_batch_free(&b);
            if (check_queue(w) != TL_OK) return wk_stop_flag ? EXIT_OK : EXIT_FAIL;
            if (w->drain && drained(w)) break;
            continue;
        }
        rc = wk_handle_batch(w, &b, store_wait);
        nq_batch_free(&b);
        if (rc != TL_OK) {
            nap(store_wait);
            if (store_wait < WORKER_BACKOFF_MAX_MS) store_wait *= 2;
            continue;
        }
        store_wait = WORKER_BACKOFF_MIN_MS;
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
        {"no-analyze", no_argument, 0, 'A'},
        {"order-wait", required_argument, 0, 'o'},
        {"drain", no_argument, 0, 'd'},
        {"progress", required_argument, 0, 'p'},
        {"quiet", no_argument, 0, 'q'},
        CLI_COMMON_OPTS,
        {0, 0, 0, 0}};
    worker w;
    memset(&w, 0, sizeof(w));
    w.batch = 100;
    w.progress_every = 5;
    w.analyze = 1;
    w.order_wait = 10;
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
        case 'M': w.model_path = optarg; break;
        case 'A': w.analyze = 0; break;
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
        case 'o':
            if (cli_parse_long(optarg, &v) || v < 0 || v > 3600) {
                cli_usage_error("worker", "--order-wait needs seconds from 0 to 3600");
                return EXIT_USAGE;
            }
            w.order_wait = (double)v;
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

    /* the model the analyses (and the clusterer) use: loaded once */
    tl_err e;
    err_clear(&e);
    char buf[PATH_MAX];
    const char *mp = ex_pick_model(w.model_path, buf, sizeof(buf));
    if ((w.analyze || w.cluster) && mp && ner_model_load(mp, &w.model, &e) != TL_OK) {
        cli_error(&e);
        return EXIT_FAIL;
    }
    anl_producer(w.model, w.producer, sizeof(w.producer));

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* the store first: a worker that cannot store must not take messages */
    if (wk_store_ready(&w, &e) != TL_OK) {
        cli_error(&e);
        ner_model_free(w.model);
        return EXIT_FAIL;
    }
    if (w.cluster && wk_clu_start(&w, &e) != TL_OK) {
        cli_error(&e);
        wk_store_drop(&w);
        ner_model_free(w.model);
        return EXIT_FAIL;
    }
    clock_gettime(CLOCK_MONOTONIC, &w.start);
    w.last_progress = w.last_check = w.start;
    double t0 = now_s();
    int x = run(&w);
    wk_clu_stop(&w);                   /* its pass in hand ends first */
    double t = now_s() - t0;
    if (w.suppressed) wk_say("%ld further messages not shown", w.suppressed);
    fprintf(stderr,
            "worker done: stored %ld, duplicates %ld, unchanged %ld, rejected %ld (warnings "
            "%ld; %ld messages in %ld batches, %ld redelivered, %ld store retries, %ld placed; "
            "%ld analysed, %ld analyses used; %ld out of order; %.2f s, %.0f records/s)\n",
            w.tot.ingested, w.tot.duplicates, w.tot.unchanged, w.tot.rejected, w.tot.warnings,
            w.msgs, w.batches, w.redelivered, w.store_retries, w.placed, w.analysed,
            w.precomputed, w.out_of_order, t, t > 0 ? (double)w.tot.records / t : 0.0);
    wk_store_drop(&w);
    wk_batch_free(&w);
    ner_model_free(w.model);
    nq_close(w.q, 5000);
    nq_shutdown();
    return x;
}
