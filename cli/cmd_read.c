/* cmd_read.c -- the read commands: articles, article, search, stats, check. */
#include "cli.h"
#include "view.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Shared filter options: --source --since --until --limit --offset
 * ---------------------------------------------------------------------- */

#define FILTER_OPTS {"source", required_argument, 0, 'S'},  \
                    {"since", required_argument, 0, 's'},   \
                    {"until", required_argument, 0, 'u'},   \
                    {"limit", required_argument, 0, 'n'},   \
                    {"offset", required_argument, 0, 'o'}

/* 1 handled, 0 not a filter option, -1 bad value (message printed). */
static int filter_opt(const char *cmd, store_filter *f, int opt, const char *arg) {
    long v;
    switch (opt) {
    case 'S': f->source = arg; return 1;
    case 's':
    case 'u': {
        int64_t ts;
        if (cli_parse_when(arg, &ts)) {
            cli_usage_error(cmd, "cannot read date '%s' (try 2025-08-19)", arg);
            return -1;
        }
        if (opt == 's') { f->since = ts; f->has_since = 1; }
        else { f->until = ts; f->has_until = 1; }
        return 1;
    }
    case 'n':
    case 'o':
        if (cli_parse_long(arg, &v) || v < 0) {
            cli_usage_error(cmd, "--%s needs a non-negative number",
                            opt == 'n' ? "limit" : "offset");
            return -1;
        }
        if (opt == 'n') f->limit = v; else f->offset = v;
        return 1;
    }
    return 0;
}

#define FILTER_HELP                                                   \
    "  --source NAME       only articles from this outlet\n"          \
    "  --since DATE        published on or after DATE (ISO 8601)\n"   \
    "  --until DATE        published before DATE\n"                    \
    "  --limit N           at most N results\n"                        \
    "  --offset N          skip the first N results\n"

/* Parse the options of a read command; returns -1 to go on, else an exit
 * code. */
static int parse_read_opts(cli_ctx *c, const char *cmd, const char *help, int argc,
                           char **argv, store_filter *f, const struct option *extra,
                           int (*on_extra)(int, const char *, void *), void *ud) {
    struct option opts[24];
    const struct option base[] = {FILTER_OPTS, CLI_COMMON_OPTS};
    size_t n = 0;
    for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++) opts[n++] = base[i];
    for (size_t i = 0; extra && extra[i].name; i++) opts[n++] = extra[i];
    memset(&opts[n], 0, sizeof(opts[n]));
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        if (opt == 'h') { fputs(help, stdout); return EXIT_OK; }
        int r = f ? filter_opt(cmd, f, opt, optarg) : 0;
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (on_extra && on_extra(opt, optarg, ud)) continue;
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    return -1;
}

static void print_row(const art_t *a) {
    printf("%-28s  %-25s  %-20.20s  %s\n", a->id, a->published ? a->published : "-",
           a->source ? a->source : "-", a->title ? a->title : "(untitled)");
}

/* ------------------------------------------------------------------------
 * trilat articles
 * ---------------------------------------------------------------------- */

static const char ARTICLES_HELP[] =
    "usage: trilat articles [OPTIONS]\n"
    "\n"
    "List stored articles, newest first (undated ones last).\n"
    "\n"
    "Options:\n" FILTER_HELP
    "  --json              JSON array of article objects (no text)\n";

static int art_row_cb(void *ud, const art_t *a) {
    (void)ud;
    print_row(a);
    return 0;
}

int cmd_articles(cli_ctx *c, int argc, char **argv) {
    store_filter f = {0};
    f.limit = 0;
    int x = parse_read_opts(c, "articles", ARTICLES_HELP, argc, argv, &f, NULL, NULL, NULL);
    if (x >= 0) return x;
    if (optind < argc) {
        cli_usage_error("articles", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    store_t *s;
    if ((x = cli_open_store(c, 0, &s)) != EXIT_OK) return x;
    tl_err e;
    err_clear(&e);
    json_t *arr = NULL;
    int rc = c->json ? view_articles(s, &f, &arr, &e)
                     : store_list_articles(s, &f, 0, art_row_cb, NULL, &e);
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    if (arr) cli_print_json(arr);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat article ID
 * ---------------------------------------------------------------------- */

static const char ARTICLE_HELP[] =
    "usage: trilat article [--json] [--no-text] ID\n"
    "\n"
    "Show one article: metadata, text, and the duplicates recorded for it.\n"
    "If ID is a recorded duplicate, its original is shown.\n";

static int dup_cb(void *ud, const store_dup *d) {
    (void)ud;
    printf("  %s  %s  %s\n", d->id, d->source ? d->source : "-", d->origin ? d->origin : "");
    return 0;
}

static int article_extra(int opt, const char *arg, void *ud) {
    if (opt != 'T') return 0;
    *(int *)ud = 0;
    return 1;
}

int cmd_article(cli_ctx *c, int argc, char **argv) {
    static const struct option extra[] = {{"no-text", no_argument, 0, 'T'}, {0, 0, 0, 0}};
    int with_text = 1;
    int x = parse_read_opts(c, "article", ARTICLE_HELP, argc, argv, NULL, extra,
                            article_extra, &with_text);
    if (x >= 0) return x;
    if (optind + 1 != argc) {
        cli_usage_error("article", "give exactly one article ID");
        return EXIT_USAGE;
    }
    const char *id = argv[optind];
    store_t *s;
    if ((x = cli_open_store(c, 0, &s)) != EXIT_OK) return x;
    tl_err e;
    err_clear(&e);
    if (c->json) {
        json_t *o;
        int rc = view_article(s, id, with_text, &o, &e);
        store_close(s);
        if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
        cli_print_json(o);
        return EXIT_OK;
    }
    art_t *a;
    char *dup_of;
    int rc = store_get_article(s, id, &a, &dup_of, &e);
    if (rc != TL_OK) { store_close(s); cli_error(&e); return cli_exit_for(rc); }
    if (dup_of) printf("(%s is a duplicate of %s; showing the original)\n\n", id, dup_of);
    printf("id:        %s\n", a->id);
    printf("title:     %s\n", a->title ? a->title : "(untitled)");
    printf("source:    %s\n", a->source ? a->source : "-");
    printf("published: %s\n", a->published ? a->published : "unknown");
    printf("url:       %s\n", a->url ? a->url : "-");
    printf("language:  %s\n", a->language ? a->language : "-");
    printf("origin:    %s\n", a->origin ? a->origin : "-");
    printf("ingested:  %s\n", a->ingested_at ? a->ingested_at : "-");
    printf("hash:      %s\n", a->hash);
    if (a->extra) printf("extra:     %s\n", a->extra);
    printf("duplicates:\n");
    rc = store_list_duplicates(s, a->id, dup_cb, NULL, &e);
    if (with_text) printf("\n%s\n", a->text);
    art_free(a);
    free(dup_of);
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat search QUERY
 * ---------------------------------------------------------------------- */

static const char SEARCH_HELP[] =
    "usage: trilat search [OPTIONS] QUERY...\n"
    "\n"
    "Full-text search over titles and texts, best match first (BM25, title\n"
    "matches weigh 4x). QUERY uses SQLite FTS5 syntax (words, \"phrases\",\n"
    "AND/OR/NOT, prefix*, NEAR(a b, 5)); anything that is not valid FTS5 is\n"
    "searched as plain words. Diacritics and case are ignored.\n"
    "\n"
    "Options:\n" FILTER_HELP
    "                      (default limit 20)\n"
    "  --json              JSON array of hits with score and snippet\n";

static int hit_cb(void *ud, const store_hit *h) {
    (void)ud;
    print_row(h->article);
    printf("    %.2f  %s\n", h->score, h->snippet ? h->snippet : "");
    return 0;
}

int cmd_search(cli_ctx *c, int argc, char **argv) {
    store_filter f = {0};
    f.limit = 20;
    int x = parse_read_opts(c, "search", SEARCH_HELP, argc, argv, &f, NULL, NULL, NULL);
    if (x >= 0) return x;
    if (optind >= argc) {
        cli_usage_error("search", "no QUERY given");
        return EXIT_USAGE;
    }
    size_t qlen = 0;
    for (int i = optind; i < argc; i++) qlen += strlen(argv[i]) + 1;
    char *query = calloc(1, qlen + 1);
    for (int i = optind; i < argc; i++) {
        if (i > optind) strcat(query, " ");
        strcat(query, argv[i]);
    }
    store_t *s;
    if ((x = cli_open_store(c, 0, &s)) != EXIT_OK) { free(query); return x; }
    int tty = !c->json && isatty(1);
    const char *open = tty ? "\033[1m" : "[", *close = tty ? "\033[0m" : "]";
    tl_err e;
    err_clear(&e);
    json_t *arr = NULL;
    int rc = c->json ? view_search(s, query, &f, open, close, &arr, &e)
                     : store_search(s, query, &f, open, close, hit_cb, NULL, &e);
    store_close(s);
    free(query);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    if (arr) cli_print_json(arr);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat stats / check
 * ---------------------------------------------------------------------- */

static const char STATS_HELP[] =
    "usage: trilat stats [--json]\n"
    "\n"
    "What the store holds: articles, duplicates, sources, date range.\n";

static int source_cb(void *ud, const store_count *k) {
    (void)ud;
    printf("  %6ld  %s\n", k->count, k->name[0] ? k->name : "(unknown)");
    return 0;
}

int cmd_stats(cli_ctx *c, int argc, char **argv) {
    int x = parse_read_opts(c, "stats", STATS_HELP, argc, argv, NULL, NULL, NULL, NULL);
    if (x >= 0) return x;
    store_t *s;
    if ((x = cli_open_store(c, 0, &s)) != EXIT_OK) return x;
    tl_err e;
    err_clear(&e);
    if (c->json) {
        json_t *o;
        int rc = view_stats(s, &o, &e);
        store_close(s);
        if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
        cli_print_json(o);
        return EXIT_OK;
    }
    store_stats st;
    int rc = store_get_stats(s, &st, &e);
    if (rc == TL_OK) {
        printf("store:       %s (%s, schema %d)\n", st.location, st.backend, st.schema_version);
        printf("articles:    %ld (%.1f MB of text, %ld undated)\n", st.articles,
               (double)st.text_bytes / 1e6, st.undated);
        printf("duplicates:  %ld\n", st.duplicates);
        printf("languages:   %ld\n", st.languages);
        printf("published:   %s .. %s\n", st.first_published[0] ? st.first_published : "-",
               st.last_published[0] ? st.last_published : "-");
        printf("sources:     %ld\n", st.sources);
        long pending = 0;
        if (store_count_analyses(s, &pending, &e) == TL_OK && pending)
            printf("analyses:    %ld made by workers, waiting for the clusterer\n", pending);
        rc = store_count_sources(s, source_cb, NULL, &e);
    }
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    return EXIT_OK;
}

static const char CHECK_HELP[] =
    "usage: trilat check [--json]\n"
    "\n"
    "Verify the store: SQLite integrity, full-text index consistency,\n"
    "duplicate records. Exit status 0 when everything is consistent, 1 if not.\n";

int cmd_check(cli_ctx *c, int argc, char **argv) {
    int x = parse_read_opts(c, "check", CHECK_HELP, argc, argv, NULL, NULL, NULL, NULL);
    if (x >= 0) return x;
    store_t *s;
    if ((x = cli_open_store(c, 0, &s)) != EXIT_OK) return x;
    char *report = NULL;
    tl_err e;
    err_clear(&e);
    int rc = store_check(s, &report, &e);
    store_close(s);
    if (c->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_boolean(rc == TL_OK));
        json_object_set_new(o, "report", json_string(report ? report : e.msg));
        cli_print_json(o);
    } else {
        printf("%s\n", report ? report : e.msg);
    }
    free(report);
    return rc == TL_OK ? EXIT_OK : EXIT_FAIL;
}
