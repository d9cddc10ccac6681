/* cmd_ingest.c -- `trilat ingest`: files -> store, with progress and a
 * summary line. */
#include "cli.h"
#include "ingest.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char HELP[] =
    "usage: trilat ingest [OPTIONS] PATH...\n"
    "\n"
    "Store articles. PATH is a file, a directory (read recursively, in name\n"
    "order) or '-' for standard input. Formats: JSON Lines (.jsonl, .ndjson;\n"
    "a record may carry \"html\" instead of \"text\"), JSON arrays (.json),\n"
    "plain text (.txt: one article, id = file name), web pages (.html, .htm:\n"
    "main text and metadata extracted, id = file name), RSS 2.0 and Atom feeds\n"
    "(.rss, .atom, .xml: one article per item), each optionally gzip- or\n"
    "zstd-compressed. Re-ingesting is harmless:\n"
    "articles already stored are left as they are; an article whose text\n"
    "equals a stored one is recorded as its duplicate.\n"
    "\n"
    "Bad records are reported as FILE:LINE: REASON and skipped.\n"
    "\n"
    "Options:\n"
    "  --strict            stop at the first rejected record and store nothing\n"
    "                      from this run\n"
    "  --format FMT        jsonl, txt, html or feed: do not guess from names\n"
    "                      or content\n"
    "  --max-record BYTES  largest line or text file accepted (default 16 MiB;\n"
    "                      web pages and feeds: at least 64 MiB)\n"
    "  --batch N           articles per transaction (default 10000)\n"
    "  --cluster           then place the new articles in stories and extract\n"
    "                      their entities (as 'trilat cluster' with its default\n"
    "                      or $TRILAT_CONFIG parameters and $TRILAT_NER_MODEL)\n"
    "  -q, --quiet         no warnings or progress, only errors and the summary\n"
    "  --db PATH           the store (created if missing)\n"
    "\n"
    "Exit status: 0 all stored; 3 some records rejected; 1 failure; 2 usage.\n";

typedef struct {
    cli_reporter r;
    struct timespec start, last;
} ui_t;

static double elapsed(const struct timespec *a, const struct timespec *b) {
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void on_report(void *ud, int severity, const tl_err *e) {
    cli_report(&((ui_t *)ud)->r, severity, e);
}

static void on_progress(void *ud, const ing_stats *st) {
    ui_t *u = ud;
    if (!u->r.tty || u->r.quiet) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (elapsed(&u->last, &now) < 0.2) return;
    u->last = now;
    double t = elapsed(&u->start, &now);
    fprintf(stderr, "\r\033[K%ld articles, %.1f MB, %.0f articles/s, %.1f MB/s",
            st->records, (double)st->bytes / 1e6, t > 0 ? (double)st->records / t : 0.0,
            t > 0 ? (double)st->bytes / 1e6 / t : 0.0);
}

int cmd_ingest(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"strict", no_argument, 0, 's'},
        {"format", required_argument, 0, 'f'},
        {"max-record", required_argument, 0, 'm'},
        {"batch", required_argument, 0, 'b'},
        {"quiet", no_argument, 0, 'q'},
        {"cluster", no_argument, 0, 'c'},
        CLI_COMMON_OPTS,
        {0, 0, 0, 0}};
    ing_opts o = {0};
    ui_t u = {0};
    int cluster = 0;
    long v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        int in = cli_input_opt("ingest", opt, optarg, &o);
        if (in < 0) return EXIT_USAGE;
        if (in > 0) continue;
        switch (opt) {
        case 's': o.atomic = 1; break;
        case 'q': u.r.quiet = 1; break;
        case 'c': cluster = 1; break;
        case 'b':
            if (cli_parse_long(optarg, &v) || v < 1 || v > 1000000) {
                cli_usage_error("ingest", "--batch needs a number from 1 to 1000000");
                return EXIT_USAGE;
            }
            o.batch = (int)v;
            break;
        case 'h': fputs(HELP, stdout); return EXIT_OK;
        default: fputs(HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_usage_error("ingest", "no PATH given");
        return EXIT_USAGE;
    }
    store_t *s;
    int x = cli_open_store(c, 1, &s);
    if (x != EXIT_OK) return x;

    u.r.tty = isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &u.start);
    u.last = u.start;
    ing_cb cb = {on_report, on_progress, &u};
    ing_stats st;
    tl_err e;
    err_clear(&e);
    int rc = ing_run(s, (const char *const *)argv + optind, argc - optind, &o, &cb, &st, &e);

    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double t = elapsed(&u.start, &end);
    if (u.r.tty && !u.r.quiet) fputs("\r\033[K", stderr);
    if (u.r.suppressed)
        fprintf(stderr, "trilat: %ld further messages not shown\n", u.r.suppressed);
    if (rc != TL_OK) cli_error(&e);
    fprintf(stderr,
            "ingested %ld, duplicates %ld, rejected %ld (unchanged %ld, warnings %ld; "
            "%ld files, %.1f MB in %.2f s, %.0f articles/s)\n",
            st.ingested, st.duplicates, st.rejected, st.unchanged, st.warnings, st.files,
            (double)st.bytes / 1e6, t, t > 0 ? (double)st.records / t : 0.0);
    x = rc == TL_ECONFLICT ? EXIT_REJECTS : rc != TL_OK ? EXIT_FAIL
                                            : st.rejected ? EXIT_REJECTS : EXIT_OK;
    if (cluster && (rc == TL_OK || rc == TL_ECONFLICT) && cli_cluster_lock(s, "ingest")) {
        story_params p;
        cli_story_defaults(&p);
        int cx = cli_place(s, &p, 0, u.r.quiet);
        if (cx == EXIT_OK) cx = cli_entities(s, NULL, 0, u.r.quiet);
        if (cx != EXIT_OK) x = cx;
    }
    store_close(s);
    return x;
}
