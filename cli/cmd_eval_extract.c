/* cmd_eval_extract.c -- `trilat eval extract`: the main text of web pages
 * (webdoc.h) scored against the gold article bodies of the Article
 * Extraction Benchmark, with the benchmark's own scorer (xscore.h).
 *
 * Why: the extractor's published competitors (trafilatura, readability,
 * newspaper, goose ...) were all measured by that scorer on those pages;
 * our figure means something only next to theirs, measured the same way.
 *
 * Protocol (docs/extraction.md, "Evaluation"):
 *   gold      JSON Lines {"id", "file", "url", "body"}; file is relative
 *             to the gold file's directory and read as bytes (gzip and
 *             zstd are decompressed by the reader).
 *   extractor web_parse() with the gold url; the article's text is the
 *             prediction. A page it refuses (TL_EEMPTY, TL_EINVAL ...)
 *             scores as an empty prediction: it lowers recall, not
 *             precision (xscore.h), and is counted and listed.
 *   --pred    score a file of another extractor's outputs instead
 *             ({"id", "articleBody"} per line, as the benchmark's
 *             output files): a page without a line there scores as an
 *             empty prediction too. This is how the scorer is checked
 *             against the published figures.
 *   speed     wall time around web_parse only (not reading, not scoring).
 */
#include "cli.h"
#include "evalx.h"
#include "reader.h"
#include "webdoc.h"
#include "xscore.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char XE_HELP[] =
    "usage: trilat eval extract --gold FILE [--pred FILE] [--show-errors] [--json]\n"
    "\n"
    "Score the main-text extractor on web pages with the scorer of the Article\n"
    "Extraction Benchmark (Zyte/ScrapingHub): 4-token shingles of Python's \\w+\n"
    "tokens, per-page precision and recall averaged over pages, F1 from the\n"
    "averages, accuracy = pages whose tokens equal the gold exactly; the +-\n"
    "figures are standard deviations over 1000 bootstrap resamples of pages.\n"
    "Also prints the extraction speed and the published figures of other tools\n"
    "on the benchmark's 145 shared pages (docs/extraction.md, \"Evaluation\").\n"
    "\n"
    "Options:\n"
    "  --gold FILE     JSON Lines {\"id\", \"file\", \"url\", \"body\"}; file is the\n"
    "                  page's HTML, relative to the gold file's directory\n"
    "  --pred FILE     score these outputs instead of trilat's extractor\n"
    "                  (JSON Lines {\"id\", \"articleBody\"})\n"
    "  --show-errors   the 10 pages with the lowest F1\n"
    "  --json          figures as JSON\n";

#define XE_SEED 20200101u   /* bootstrap seed: the same figures every run */
#define XE_WORST 10

/* Published F1 on the benchmark's 145 shared pages: the repo's output
 * files rescored by the same formula (the data set's README); P and R
 * where it gives them (< 0: not given). Not measured here. */
static const struct {
    const char *tool;
    double f1, p, r;
} PUBLISHED[] = {
    {"AutoExtract (commercial, 2019)", 0.977, -1, -1},
    {"go_trafilatura", 0.965, -1, -1},
    {"trafilatura 2.0.0", 0.957, 0.934, 0.982},
    {"newspaper", 0.950, -1, -1},
    {"readability_js", 0.948, -1, -1},
    {"readability-lxml", 0.938, -1, -1},
    {"goose3", 0.896, -1, -1},
    {"boilerpipe", 0.864, -1, -1},
    {"justext", 0.811, -1, -1},
    {"html-text (full text)", 0.660, -1, -1},
};
#define NPUB (sizeof(PUBLISHED) / sizeof(PUBLISHED[0]))
#define PUB_PAGES 145

/* ------------------------------------------------------------------------
 * Gold and predictions
 * ---------------------------------------------------------------------- */

typedef struct {
    char *id, *path, *url, *body;
    size_t blen;
    long line;          /* in the gold file */
    char *refused;      /* why no prediction (the extractor's message), or NULL */
} xe_page;

typedef struct {
    xe_page *v;
    size_t n, cap;
    const char *gold;   /* the gold file */
    size_t dirlen;      /* its directory's length, with the '/' (0: none) */
} xe_gold;

static char *dup_n(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static int add_page(void *ud, json_t *o, long lineno, tl_err *e) {
    xe_gold *g = ud;
    const char *id = ex_str(o, "id"), *file = ex_str(o, "file"), *url = ex_str(o, "url");
    json_t *body = json_object_get(o, "body");
    if (!id || !file || !*file || !json_is_string(body))
        return err_set(e, TL_EPARSE, "expected {\"id\", \"file\", \"url\", \"body\"}");
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        xe_page *nv = realloc(g->v, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        g->v = nv;
        g->cap = cap;
    }
    xe_page *p = &g->v[g->n];
    memset(p, 0, sizeof(*p));
    size_t fl = strlen(file), dl = file[0] == '/' ? 0 : g->dirlen;
    p->id = strdup(id);
    p->url = url ? strdup(url) : NULL;
    p->blen = json_string_length(body);
    p->body = dup_n(json_string_value(body), p->blen);
    p->path = malloc(dl + fl + 1);
    p->line = lineno;
    if (p->path) {
        memcpy(p->path, g->gold, dl);
        memcpy(p->path + dl, file, fl + 1);
    }
    g->n++;   /* counted even when short of memory, so it is freed */
    if (!p->id || !p->body || !p->path || (url && !p->url))
        return err_set(e, TL_ENOMEM, "out of memory");
    return TL_OK;
}

static void gold_free(xe_gold *g) {
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].id);
        free(g->v[i].path);
        free(g->v[i].url);
        free(g->v[i].body);
        free(g->v[i].refused);
    }
    free(g->v);
}

/* Predictions: id -> articleBody (a JSON string; absent or null: ""). */
static int add_pred(void *ud, json_t *o, long lineno, tl_err *e) {
    (void)lineno;
    const char *id = ex_str(o, "id");
    json_t *body = json_object_get(o, "articleBody");
    if (!id || !(json_is_string(body) || json_is_null(body) || !body))
        return err_set(e, TL_EPARSE, "expected {\"id\", \"articleBody\"}");
    if (json_object_set_new(ud, id, json_is_string(body) ? json_incref(body) : json_string("")))
        return err_set(e, TL_ENOMEM, "out of memory");
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Running the extractor
 * ---------------------------------------------------------------------- */

typedef struct {
    double seconds;       /* inside web_parse */
    uint64_t bytes;       /* HTML given to it */
    size_t parsed;        /* pages given to it */
    size_t refused;       /* pages without a prediction */
} xe_run;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The page's HTML, whole. TL_OK or the reader's error (e names the file). */
static int read_page(const char *path, char **data, size_t *len, tl_err *e) {
    rd_t *r;
    int rc = rd_open(&r, path, SIZE_MAX / 2, e);
    if (rc != TL_OK) return rc;
    rc = rd_all(r, data, len, e);
    rd_close(r);
    return rc;
}

/* Score page p with our extractor's text (into *out). TL_OK, or a fatal
 * error (unreadable page, out of memory). */
static int run_page(const xe_gold *g, xe_page *p, xe_run *run, xs_page *out, tl_err *e) {
    char *html = NULL;
    size_t len = 0;
    tl_err pe;
    err_clear(&pe);
    if (read_page(p->path, &html, &len, &pe) != TL_OK)
        return err_setat(e, pe.code ? pe.code : TL_EIO, g->gold, p->line, "page %s: %s", p->path,
                         pe.msg);
    web_opts o = {.url = p->url, .id = p->id, .now = 0};
    art_t *a = NULL;
    double t0 = now_s();
    int rc = web_parse(html, len, &o, &a, &pe);
    run->seconds += now_s() - t0;
    run->bytes += len;
    run->parsed++;
    free(html);
    if (rc == TL_ENOMEM) {
        art_free(a);
        return err_set(e, rc, "out of memory");
    }
    const char *text = rc == TL_OK && a ? a->text : NULL;
    size_t tlen = text ? a->text_len : 0;
    if (rc != TL_OK || !text) {
        run->refused++;
        char msg[600];
        snprintf(msg, sizeof(msg), "%s: %s", err_name(rc), pe.msg[0] ? pe.msg : "no text");
        p->refused = strdup(msg);
    }
    rc = xs_score_page(p->body, p->blen, text, tlen, out, e);
    art_free(a);
    return rc;
}

/* ------------------------------------------------------------------------
 * Output
 * ---------------------------------------------------------------------- */

static const xs_page *g_sort_pages;   /* qsort has no context argument */

static int by_f1(const void *a, const void *b) {
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = xs_page_f1(&g_sort_pages[i]), y = xs_page_f1(&g_sort_pages[j]);
    if (x != y) return x < y ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* The indices of the (at most) XE_WORST pages of lowest F1 into w. */
static size_t worst_pages(const xs_page *sc, size_t n, size_t *w) {
    size_t *ix = malloc((n ? n : 1) * sizeof(*ix));
    if (!ix) return 0;
    for (size_t i = 0; i < n; i++) ix[i] = i;
    g_sort_pages = sc;
    qsort(ix, n, sizeof(*ix), by_f1);
    size_t k = n < XE_WORST ? n : XE_WORST;
    memcpy(w, ix, k * sizeof(*w));
    free(ix);
    return k;
}

static json_t *page_json(const xe_page *p, const xs_page *s) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "precision", json_real(xs_precision(s)));
    json_object_set_new(o, "recall", json_real(xs_recall(s)));
    json_object_set_new(o, "f1", json_real(xs_page_f1(s)));
    json_object_set_new(o, "gold_tokens", json_integer((json_int_t)s->gold_tokens));
    json_object_set_new(o, "pred_tokens", json_integer((json_int_t)s->pred_tokens));
    json_object_set_new(o, "refused", cli_str_or_null(p->refused));
    return o;
}

static void print_json(const char *gold, const char *pred, const xe_gold *g, const xs_page *sc,
                       const xs_summary *m, const xe_run *run, int show) {
    json_t *o = json_object(), *rej = json_array(), *pub = json_array();
    json_object_set_new(o, "gold", json_string(gold));
    json_object_set_new(o, "extractor", json_string(pred ? "pred" : "trilat"));
    json_object_set_new(o, "pred", cli_str_or_null(pred));
    json_object_set_new(o, "pages", json_integer((json_int_t)m->pages));
    json_object_set_new(o, "f1", json_real(m->f1));
    json_object_set_new(o, "precision", json_real(m->precision));
    json_object_set_new(o, "recall", json_real(m->recall));
    json_object_set_new(o, "accuracy", json_real(m->accuracy));
    json_object_set_new(o, "f1_sd", json_real(m->f1_sd));
    json_object_set_new(o, "precision_sd", json_real(m->precision_sd));
    json_object_set_new(o, "recall_sd", json_real(m->recall_sd));
    json_object_set_new(o, "accuracy_sd", json_real(m->accuracy_sd));
    json_object_set_new(o, "bootstrap", json_integer(m->bootstrap));
    json_object_set_new(o, "precision_pages", json_integer((json_int_t)m->precision_pages));
    json_object_set_new(o, "recall_pages", json_integer((json_int_t)m->recall_pages));
    json_object_set_new(o, "exact_pages", json_integer((json_int_t)m->exact_pages));
    for (size_t i = 0; i < g->n; i++) {
        if (!g->v[i].refused) continue;
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(g->v[i].id));
        json_object_set_new(r, "reason", json_string(g->v[i].refused));
        json_array_append_new(rej, r);
    }
    json_object_set_new(o, "rejected", json_integer((json_int_t)run->refused));
    json_object_set_new(o, "rejected_pages", rej);
    if (!pred) {
        json_t *sp = json_object();
        double s = run->seconds;
        json_object_set_new(sp, "pages", json_integer((json_int_t)run->parsed));
        json_object_set_new(sp, "html_bytes", json_integer((json_int_t)run->bytes));
        json_object_set_new(sp, "seconds", json_real(s));
        json_object_set_new(sp, "pages_per_second", json_real(s > 0 ? (double)run->parsed / s : 0));
        json_object_set_new(sp, "mb_per_second", json_real(s > 0 ? (double)run->bytes / 1e6 / s : 0));
        json_object_set_new(o, "speed", sp);
    } else {
        json_object_set_new(o, "speed", json_null());
    }
    for (size_t i = 0; i < NPUB; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "tool", json_string(PUBLISHED[i].tool));
        json_object_set_new(r, "f1", json_real(PUBLISHED[i].f1));
        json_object_set_new(r, "precision", PUBLISHED[i].p >= 0 ? json_real(PUBLISHED[i].p) : json_null());
        json_object_set_new(r, "recall", PUBLISHED[i].r >= 0 ? json_real(PUBLISHED[i].r) : json_null());
        json_array_append_new(pub, r);
    }
    json_t *pw = json_object();
    json_object_set_new(pw, "pages", json_integer(PUB_PAGES));
    json_object_set_new(pw, "note", json_string("published: the benchmark's output files rescored on "
                                                "its 145 shared pages; not measured here"));
    json_object_set_new(pw, "tools", pub);
    json_object_set_new(o, "published", pw);
    if (show) {
        size_t w[XE_WORST], k = worst_pages(sc, g->n, w);
        json_t *arr = json_array();
        for (size_t i = 0; i < k; i++) json_array_append_new(arr, page_json(&g->v[w[i]], &sc[w[i]]));
        json_object_set_new(o, "worst", arr);
    }
    cli_print_json(o);
}

static void print_text(const char *gold, const char *pred, const xe_gold *g, const xs_page *sc,
                       const xs_summary *m, const xe_run *run, int show) {
    printf("pages      %zu (%s), extractor: %s\n", m->pages, gold,
           pred ? pred : "trilat (web_parse)");
    printf("F1         %.3f ± %.3f   (sd over %d bootstrap resamples of pages)\n", m->f1,
           m->f1_sd, m->bootstrap);
    printf("precision  %.3f ± %.3f   (mean over %zu pages with a predicted shingle)\n",
           m->precision, m->precision_sd, m->precision_pages);
    printf("recall     %.3f ± %.3f   (mean over %zu pages with a gold shingle)\n", m->recall,
           m->recall_sd, m->recall_pages);
    printf("accuracy   %.3f ± %.3f   (%zu pages token for token)\n", m->accuracy,
           m->accuracy_sd, m->exact_pages);
    printf("rejected   %zu page%s%s\n", run->refused, run->refused == 1 ? "" : "s",
           pred ? " (no line in the predictions file)" : " (scored as empty predictions)");
    for (size_t i = 0; i < g->n; i++)
        if (g->v[i].refused) printf("  %s  %s\n", g->v[i].id, g->v[i].refused);
    if (!pred) {
        double s = run->seconds;
        printf("speed      %.1f pages/s, %.1f MB/s of HTML (%zu pages, %.1f MB, %.3f s in "
               "web_parse)\n",
               s > 0 ? (double)run->parsed / s : 0, s > 0 ? (double)run->bytes / 1e6 / s : 0,
               run->parsed, (double)run->bytes / 1e6, s);
    }
    if (show) {
        size_t w[XE_WORST], k = worst_pages(sc, g->n, w);
        printf("\nworst %zu pages by F1:\n  %-64s %6s %6s %6s\n", k, "id", "P", "R", "F1");
        for (size_t i = 0; i < k; i++) {
            const xs_page *s = &sc[w[i]];
            printf("  %-64s %6.3f %6.3f %6.3f%s\n", g->v[w[i]].id, xs_precision(s), xs_recall(s),
                   xs_page_f1(s), g->v[w[i]].refused ? "  (rejected)" : "");
        }
    }
    printf("\npublished F1 on the benchmark's %d shared pages (its output files rescored by\n"
           "the same formula; not measured here%s):\n",
           PUB_PAGES, m->pages == PUB_PAGES ? "" : "; not the pages of this gold file");
    for (size_t i = 0; i < NPUB; i++) {
        printf("  %-32s %.3f", PUBLISHED[i].tool, PUBLISHED[i].f1);
        if (PUBLISHED[i].p >= 0) printf("  (P %.3f, R %.3f)", PUBLISHED[i].p, PUBLISHED[i].r);
        printf("\n");
    }
}

/* ------------------------------------------------------------------------
 * trilat eval extract
 * ---------------------------------------------------------------------- */

enum { XO_GOLD = 256, XO_PRED, XO_SHOW };

int cli_eval_extract(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"gold", required_argument, 0, XO_GOLD}, {"pred", required_argument, 0, XO_PRED},
        {"show-errors", no_argument, 0, XO_SHOW}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *gold = NULL, *pred = NULL;
    int opt, show = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case XO_GOLD: gold = optarg; break;
        case XO_PRED: pred = optarg; break;
        case XO_SHOW: show = 1; break;
        case 'h': fputs(XE_HELP, stdout); return EXIT_OK;
        default: fputs(XE_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("eval extract", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!gold) {
        cli_usage_error("eval extract", "--gold FILE is required");
        return EXIT_USAGE;
    }
    tl_err e;
    err_clear(&e);
    xe_gold g = {.gold = gold};
    const char *slash = strrchr(gold, '/');
    g.dirlen = slash ? (size_t)(slash - gold) + 1 : 0;
    json_t *preds = pred ? json_object() : NULL;
    xs_page *sc = NULL;
    xe_run run = {0};
    xs_summary m;
    int rc = ex_gold_each(gold, add_page, &g, &e);
    if (rc == TL_OK && g.n == 0) rc = err_set(&e, TL_EEMPTY, "%s: no pages", gold);
    if (rc == TL_OK && pred) rc = ex_gold_each(pred, add_pred, preds, &e);
    if (rc == TL_OK && !(sc = calloc(g.n, sizeof(*sc)))) rc = err_set(&e, TL_ENOMEM, "out of memory");
    for (size_t i = 0; rc == TL_OK && i < g.n; i++) {
        xe_page *p = &g.v[i];
        if (!pred) {
            rc = run_page(&g, p, &run, &sc[i], &e);
            continue;
        }
        json_t *t = json_object_get(preds, p->id);
        if (!t) {
            run.refused++;
            p->refused = strdup("no prediction");
        }
        rc = xs_score_page(p->body, p->blen, t ? json_string_value(t) : NULL,
                           t ? json_string_length(t) : 0, &sc[i], &e);
    }
    if (rc == TL_OK) rc = xs_aggregate(sc, g.n, XS_BOOTSTRAP, XE_SEED, &m, &e);
    if (rc == TL_OK) {
        if (c->json) print_json(gold, pred, &g, sc, &m, &run, show);
        else print_text(gold, pred, &g, sc, &m, &run, show);
    } else {
        cli_error(&e);
    }
    free(sc);
    json_decref(preds);
    gold_free(&g);
    return rc == TL_OK ? EXIT_OK : EXIT_FAIL;
}
