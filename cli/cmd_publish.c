/* cmd_publish.c -- `trilat publish`: files -> the NATS JetStream queue,
 * for `trilat worker`s to store (docs/deploy.md); and `trilat queue`:
 * how much is waiting there.
 *
 * publish reads its input exactly as ingest does (ing_each: the same
 * walk, formats, parsers, normalization and FILE:LINE reports) and sends
 * each finished article as one JSON Lines record (jsonl_format), with
 * its origin in a header and a message id derived from its id and
 * content hash: publishing the same files twice inside the stream's
 * duplicate window stores nothing twice, and a worker meeting an article
 * again finds it unchanged anyway.
 */
#include "cli.h"
#include "ingest.h"
#include "jsonl.h"
#include "nq.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *cli_nats_url(const char *given) {
    if (given && *given) return given;
    const char *env = getenv("TRILAT_NATS");
    return env && *env ? env : NQ_DEFAULT_URL;
}

/* ------------------------------------------------------------------------
 * trilat publish
 * ---------------------------------------------------------------------- */

static const char HELP[] =
    "usage: trilat publish [OPTIONS] PATH...\n"
    "\n"
    "Queue articles for `trilat worker`s to store (docs/deploy.md). PATH and\n"
    "formats as for `trilat ingest`: files, directories (recursively), '-';\n"
    "JSON Lines, JSON arrays, text, web pages, feeds, optionally compressed.\n"
    "Each article goes to NATS JetStream as one normalized JSON Lines record;\n"
    "publishing the same article again within the stream's duplicate window\n"
    "(2 minutes) is dropped by JetStream, and after it stores nothing twice.\n"
    "The stream is created if missing.\n"
    "\n"
    "Bad records are reported as FILE:LINE: REASON and skipped.\n"
    "\n"
    "Options:\n"
    "  --nats URL          the broker (default: $TRILAT_NATS, else\n"
    "                      nats://127.0.0.1:4222; several: comma-separated)\n"
    "  --stream NAME       JetStream stream (default TRILAT)\n"
    "  --subject SUBJECT   subject to publish on (default trilat.articles)\n"
    "  --format FMT        jsonl, txt, html or feed: do not guess\n"
    "  --max-record BYTES  largest line or text file accepted (default 16 MiB)\n"
    "  --retry-for SEC     keep retrying a publish while the broker is away\n"
    "                      (default 60; 0: fail at once)\n"
    "  -q, --quiet         no warnings or progress, only errors and the summary\n"
    "\n"
    "Exit status: 0 all published; 3 some records rejected; 1 failure; 2 usage.\n";

typedef struct {
    nq_t *q;
    cli_reporter r;
    long published, queued_before, too_big, retries;
    double retry_for;
    struct timespec start, last;
} pub_t;

static double since(const struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static void nap_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void on_report(void *ud, int severity, const tl_err *e) {
    cli_report(&((pub_t *)ud)->r, severity, e);
}

static void on_progress(void *ud, const ing_stats *st) {
    pub_t *p = ud;
    (void)st;
    if (!p->r.tty || p->r.quiet) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9 < 0.2)
        return;
    p->last = now;
    double t = since(&p->start);
    fprintf(stderr, "\r\033[K%ld published, %.0f articles/s", p->published,
            t > 0 ? (double)p->published / t : 0.0);
}

/* The message id: the same article (id and text) always gets the same
 * one, a new text under an old id a new one (the worker then reports the
 * conflict, as ingest does). */
static void msg_id(const art_t *a, char out[ART_HASH_HEX]) {
    char key[1024];
    int n = snprintf(key, sizeof(key), "%s%c%s", a->hash, 0x1f, a->id ? a->id : "");
    if (n < 0 || (size_t)n >= sizeof(key)) {
        /* a very long id: hash it first */
        char ih[ART_HASH_HEX];
        art_hash(a->id, strlen(a->id), ih);
        n = snprintf(key, sizeof(key), "%s%c%s", a->hash, 0x1f, ih);
    }
    art_hash(key, (size_t)n, out);
}

/* ing_each's sink: one article -> one message. */
static int publish_one(void *ud, const art_t *a, const char *file, long line, tl_err *e) {
    pub_t *p = ud;
    char *rec;
    size_t len;
    int rc = jsonl_format(a, &rec, &len, e);
    if (rc != TL_OK) return rc;
    char id[ART_HASH_HEX], origin[600];
    msg_id(a, id);
    snprintf(origin, sizeof(origin), "%s:%ld", file, line);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long wait = 100;
    int dup = 0;
    for (;;) {
        rc = nq_publish(p->q, id, origin, rec, len, NULL, &dup, e);
        /* the broker is away (restart, network): the same message id makes
         * a retry safe, whether or not the first try got through */
        if (rc != TL_EIO || since(&t0) >= p->retry_for) break;
        if (p->retries++ == 0 || wait >= 5000) {
            if (p->r.tty) fputs("\r\033[K", stderr);
            fprintf(stderr, "trilat publish: %s; retrying\n", e->msg);
        }
        nap_ms(wait);
        if (wait < 5000) wait *= 2;
    }
    free(rec);
    if (rc == TL_ETOOBIG) {         /* this record only: report and go on */
        p->too_big++;
        tl_err r = *e;
        snprintf(r.file, sizeof(r.file), "%s", file);
        r.line = line;
        on_report(p, ING_REJECTED, &r);
        return TL_OK;
    }
    if (rc != TL_OK) return rc;
    if (dup) p->queued_before++;
    else p->published++;
    return TL_OK;
}

int cmd_publish(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"nats", required_argument, 0, 'n'},
        {"stream", required_argument, 0, 'S'},
        {"subject", required_argument, 0, 'u'},
        {"format", required_argument, 0, 'f'},
        {"max-record", required_argument, 0, 'm'},
        {"retry-for", required_argument, 0, 'r'},
        {"quiet", no_argument, 0, 'q'},
        CLI_COMMON_OPTS,
        {0, 0, 0, 0}};
    ing_opts o = {0};
    nq_opts no = {0};
    pub_t p = {0};
    p.retry_for = 60;
    const char *url = NULL;
    long v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        int in = cli_input_opt("publish", opt, optarg, &o);
        if (in < 0) return EXIT_USAGE;
        if (in > 0) continue;
        switch (opt) {
        case 'n': url = optarg; break;
        case 'S': no.stream = optarg; break;
        case 'u': no.subject = optarg; break;
        case 'q': p.r.quiet = 1; break;
        case 'r':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("publish", "--retry-for needs a number of seconds");
                return EXIT_USAGE;
            }
            p.retry_for = (double)v;
            break;
        case 'h': fputs(HELP, stdout); return EXIT_OK;
        default: fputs(HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_usage_error("publish", "no PATH given");
        return EXIT_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);
    no.url = cli_nats_url(url);
    no.name = "trilat publish";
    tl_err e;
    err_clear(&e);
    int rc = nq_open(&p.q, &no, &e);
    if (rc == TL_OK) rc = nq_ensure_stream(p.q, &e);
    if (rc != TL_OK) {
        cli_error(&e);
        nq_close(p.q, 0);
        nq_shutdown();
        return EXIT_FAIL;
    }
    p.r.tty = isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &p.start);
    p.last = p.start;
    ing_cb cb = {on_report, on_progress, &p};
    ing_stats st;
    rc = ing_each((const char *const *)argv + optind, argc - optind, &o, &cb, publish_one, &p,
                  &st, &e);
    double t = since(&p.start);
    if (p.r.tty && !p.r.quiet) fputs("\r\033[K", stderr);
    if (p.r.suppressed) fprintf(stderr, "trilat: %ld further messages not shown\n", p.r.suppressed);
    if (rc != TL_OK) cli_error(&e);
    long rejected = st.rejected + p.too_big;
    fprintf(stderr,
            "published %ld, rejected %ld (queued before %ld, warnings %ld; %ld files, %.1f MB "
            "in %.2f s, %.0f articles/s)\n",
            p.published, rejected, p.queued_before, st.warnings, st.files, (double)st.bytes / 1e6,
            t, t > 0 ? (double)(p.published + p.queued_before) / t : 0.0);
    nq_close(p.q, 5000);
    nq_shutdown();
    return rc != TL_OK ? EXIT_FAIL : rejected ? EXIT_REJECTS : EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat queue
 * ---------------------------------------------------------------------- */

static const char QUEUE_HELP[] =
    "usage: trilat queue [OPTIONS]\n"
    "\n"
    "What waits in the NATS JetStream queue for `trilat worker`s: the\n"
    "stream's messages and the workers' consumer's pending (not yet\n"
    "delivered) and ack-pending (delivered, not yet stored and acked) counts.\n"
    "\n"
    "Options:\n"
    "  --nats URL          the broker (default: $TRILAT_NATS, else\n"
    "                      nats://127.0.0.1:4222)\n"
    "  --stream NAME       JetStream stream (default TRILAT)\n"
    "  --consumer NAME     the workers' durable consumer (default trilat-workers)\n"
    "  --json              machine-readable output\n"
    "\n"
    "Exit status: 0 ok; 1 broker unreachable; 4 no such stream or consumer.\n";

int cmd_queue(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"nats", required_argument, 0, 'n'},
        {"stream", required_argument, 0, 'S'},
        {"consumer", required_argument, 0, 'C'},
        CLI_COMMON_OPTS,
        {0, 0, 0, 0}};
    nq_opts no = {0};
    const char *url = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'n': url = optarg; break;
        case 'S': no.stream = optarg; break;
        case 'C': no.consumer = optarg; break;
        case 'h': fputs(QUEUE_HELP, stdout); return EXIT_OK;
        default: fputs(QUEUE_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("queue", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);
    no.url = cli_nats_url(url);
    no.name = "trilat queue";
    nq_t *q = NULL;
    nq_lag lag;
    tl_err e;
    err_clear(&e);
    int rc = nq_open(&q, &no, &e);
    if (rc == TL_OK) rc = nq_get_lag(q, &lag, &e);
    if (rc != TL_OK) {
        cli_error(&e);
        nq_close(q, 0);
        nq_shutdown();
        return rc == TL_ENOTFOUND ? EXIT_NOTFOUND : EXIT_FAIL;
    }
    if (c->json) {
        cli_print_json(json_pack("{s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
                                 "stream", nq_stream(q), "consumer", nq_consumer(q),
                                 "consumer_exists", !lag.no_consumer, "messages",
                                 (json_int_t)lag.stream_msgs, "bytes",
                                 (json_int_t)lag.stream_bytes, "last_seq",
                                 (json_int_t)lag.last_seq, "pending", (json_int_t)lag.pending,
                                 "ack_pending", (json_int_t)lag.ack_pending, "redelivered",
                                 (json_int_t)lag.redelivered, "waiting", (json_int_t)lag.waiting,
                                 "delivered", (json_int_t)lag.delivered, "ack_floor",
                                 (json_int_t)lag.ack_floor));
    } else {
        printf("stream %s: %llu messages, %.1f MB, last sequence %llu\n", nq_stream(q),
               (unsigned long long)lag.stream_msgs, (double)lag.stream_bytes / 1e6,
               (unsigned long long)lag.last_seq);
        if (lag.no_consumer)
            printf("consumer %s: not created yet (no worker has run)\n", nq_consumer(q));
        else
            printf("consumer %s: pending %llu, ack pending %lld, redelivered %lld, waiting "
                   "pulls %lld, acked up to %llu\n",
                   nq_consumer(q), (unsigned long long)lag.pending, (long long)lag.ack_pending,
                   (long long)lag.redelivered, (long long)lag.waiting,
                   (unsigned long long)lag.ack_floor);
    }
    nq_close(q, 1000);
    nq_shutdown();
    return EXIT_OK;
}
