/* cmd_story.c -- the story commands: cluster, stories, story, storylines. */
#include "cli.h"
#include "place.h"
#include "summary.h"
#include "view.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Tuning options shared by cluster, ingest --cluster and eval clusters
 * ---------------------------------------------------------------------- */

int cli_story_params(story_params *p, int opt, const char *arg, const char *cmd, int *err) {
    tl_err e;
    err_clear(&e);
    int rc = TL_OK;
    switch (opt) {
    case 'C': rc = place_param_load(p, arg, &e); break;
    case 'P': {
        char key[64];
        const char *eq = strchr(arg, '=');
        if (!eq || (size_t)(eq - arg) >= sizeof(key)) {
            cli_usage_error(cmd, "--set needs KEY=VALUE");
            *err = 1;
            return 1;
        }
        memcpy(key, arg, (size_t)(eq - arg));
        key[eq - arg] = '\0';
        rc = place_param_set(p, key, eq + 1, &e);
        break;
    }
    case 'H': rc = place_param_set(p, "threshold", arg, &e); break;
    case 'W': rc = place_param_set(p, "window_days", arg, &e); break;
    default: return 0;
    }
    if (rc != TL_OK) { cli_error(&e); *err = 1; }
    return 1;
}

/* Parameters from $TRILAT_CONFIG first; flags override. */
void cli_story_defaults(story_params *p) {
    story_params_default(p);
    const char *cfg = getenv("TRILAT_CONFIG");
    if (cfg && *cfg) {
        tl_err e;
        if (place_param_load(p, cfg, &e) != TL_OK) cli_error(&e);
    }
}

static int on_place_progress(void *ud, const place_stats *st) {
    if (*(int *)ud) fprintf(stderr, "\r\033[Kplaced %ld articles, %ld stories", st->placed, st->stories);
    return 0;
}

int cli_place(store_t *s, const story_params *p, int reset, int quiet) {
    place_stats st;
    tl_err e;
    err_clear(&e);
    int tty = !quiet && isatty(2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = place_run(s, p, reset, on_place_progress, &tty, &st, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double t = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (tty) fputs("\r\033[K", stderr);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    fprintf(stderr,
            "placed %ld articles: %ld new stories, %ld near-duplicates; %ld stories in "
            "%ld storylines (%.2f s, %.0f articles/s, index %.1f MB)\n",
            st.placed, st.created, st.near_dups, st.stories, st.storylines, t,
            t > 0 ? (double)st.placed / t : 0.0, (double)st.index_bytes / 1e6);
    return EXIT_OK;
}

int cli_cluster_lock(store_t *s, const char *cmd) {
    int got = 0;
    char *holder = NULL;
    tl_err e;
    err_clear(&e);
    if (store_lock_clusterer_within(s, 3000, &got, &holder, &e) != TL_OK) {
        cli_error(&e);
        return 0;
    }
    if (!got)
        fprintf(stderr,
                "trilat %s: another process is clustering this store (%s holds the clustering "
                "lock: a `trilat worker --cluster`?); it places new articles itself\n",
                cmd, holder ? holder : "it");
    free(holder);
    return got;
}

/* ------------------------------------------------------------------------
 * trilat cluster
 * ---------------------------------------------------------------------- */

static const char CLUSTER_HELP[] =
    "usage: trilat cluster [OPTIONS]\n"
    "\n"
    "Place every article not yet in a story: near-duplicates join their\n"
    "original's story, others join the most similar recent story or start a\n"
    "new one; stories are linked into storylines. Incremental: articles\n"
    "placed before are not moved. One process clusters a store at a time:\n"
    "while another holds the clustering lock (a `trilat worker --cluster`)\n"
    "for more than 3 s, this command says so and exits 1.\n"
    "\n"
    "Options:\n"
    "  --reset             forget all placements and place everything again\n"
    "                      (needed for changed parameters to apply to old articles)\n"
    "  --threshold X       similarity to join a story (default 0.2)\n"
    "  --window-days N     stories considered around an article's date (default 3)\n"
    "  --set KEY=VALUE     any parameter (see docs/clustering.md)\n"
    "  --config FILE       parameters from a file (also $TRILAT_CONFIG)\n"
    "  --ner-model FILE    named-entity model (default: $TRILAT_NER_MODEL, else\n"
    "                      ner.model next to trilat; 'none': rules only)\n"
    "  --no-entities       place articles only, do not extract entities\n"
    "  -q, --quiet         no progress line\n";

#define STORY_PARAM_OPTS {"threshold", required_argument, 0, 'H'},   \
                         {"window-days", required_argument, 0, 'W'}, \
                         {"set", required_argument, 0, 'P'},         \
                         {"config", required_argument, 0, 'C'}

int cmd_cluster(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"reset", no_argument, 0, 'r'}, {"quiet", no_argument, 0, 'q'},
        {"ner-model", required_argument, 0, 'M'}, {"no-entities", no_argument, 0, 'N'},
        STORY_PARAM_OPTS, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    story_params p;
    cli_story_defaults(&p);
    const char *model = NULL;
    int reset = 0, quiet = 0, entities = 1, opt, err = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        if (cli_story_params(&p, opt, optarg, "cluster", &err)) {
            if (err) return EXIT_USAGE;
            continue;
        }
        switch (opt) {
        case 'r': reset = 1; break;
        case 'q': quiet = 1; break;
        case 'M': model = optarg; break;
        case 'N': entities = 0; break;
        case 'h': fputs(CLUSTER_HELP, stdout); return EXIT_OK;
        default: fputs(CLUSTER_HELP, stderr); return EXIT_USAGE;
        }
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    if (!cli_cluster_lock(s, "cluster")) {
        store_close(s);
        return EXIT_FAIL;
    }
    x = cli_place(s, &p, reset, quiet);
    if (x == EXIT_OK && entities) x = cli_entities(s, model, reset, quiet);
    store_close(s);
    return x;
}

/* ------------------------------------------------------------------------
 * trilat stories / story / storylines
 * ---------------------------------------------------------------------- */

static void story_text_row(json_t *o) {
    char tt[256] = "";
    size_t k = 0, i;
    json_t *t;
    json_array_foreach(json_object_get(o, "top_terms"), i, t) {
        if (i == 5) break;
        k += (size_t)snprintf(tt + k, sizeof(tt) - k, "%s%s", i ? ", " : "", json_string_value(t));
    }
    printf("%5lld  %3lld art  %2lld src  %s..%s  %s\n       [%s]\n",
           (long long)json_integer_value(json_object_get(o, "id")),
           (long long)json_integer_value(json_object_get(o, "articles")),
           (long long)json_integer_value(json_object_get(o, "sources")),
           cli_jstr(o, "first") ? cli_jstr(o, "first") : "-", cli_jstr(o, "last") ? cli_jstr(o, "last") : "-",
           cli_jstr(o, "headline"), tt);
}

static const char STORIES_HELP[] =
    "usage: trilat stories [OPTIONS]\n"
    "\n"
    "List stories, most recent first: id, articles, sources, time span,\n"
    "headline (title of the most central member, or its first sentence),\n"
    "top terms.\n"
    "\n"
    "Options:\n"
    "  --since DATE        stories with an article on or after DATE\n"
    "  --until DATE        stories whose last article is before DATE\n"
    "  --source NAME       stories with an article from this outlet\n"
    "  --min-size N        at least N articles (default 1)\n"
    "  --limit N, --offset N\n"
    "  --json\n"
    "  --assignments       instead: every placed article as a JSON line\n"
    "                      {\"id\", \"cluster\": story, \"storyline\"}, in the\n"
    "                      format `trilat eval clusters --gold` reads (compare\n"
    "                      two runs, export for other tools)\n";

/* --assignments: placements (article order) with their storylines, then
 * every article looked up among them. */
typedef struct { int64_t rowid; uint32_t story; } asg_pl;
typedef struct {
    asg_pl *v;
    size_t n, cap;
    uint32_t *line;         /* storyline by story id */
    size_t nline;
    int oom;
} asg_t;

static int asg_place(void *ud, const store_placement *p) {
    asg_t *g = ud;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 4096;
        asg_pl *v = realloc(g->v, cap * sizeof(*v));
        if (!v) { g->oom = 1; return 1; }
        g->v = v;
        g->cap = cap;
    }
    g->v[g->n++] = (asg_pl){p->article, p->story};
    return 0;
}

static int asg_story(void *ud, const store_story_row *r) {
    asg_t *g = ud;
    if (r->id >= g->nline) {
        size_t n = (size_t)r->id * 2 + 16;
        uint32_t *v = realloc(g->line, n * sizeof(*v));
        if (!v) { g->oom = 1; return 1; }
        memset(v + g->nline, 0, (n - g->nline) * sizeof(*v));
        g->line = v;
        g->nline = n;
    }
    g->line[r->id] = r->storyline;
    return 0;
}

static int asg_article(void *ud, const art_t *a) {
    const asg_t *g = ud;
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->v[mid].rowid < a->rowid) lo = mid + 1;
        else hi = mid;
    }
    if (lo == g->n || g->v[lo].rowid != a->rowid) return 0;
    uint32_t st = g->v[lo].story, line = st < g->nline ? g->line[st] : 0;
    json_t *o = json_pack("{s:s,s:I,s:I}", "id", a->id, "cluster", (json_int_t)st, "storyline",
                          (json_int_t)(line ? line : st));
    char *txt = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (txt) puts(txt);
    free(txt);
    json_decref(o);
    return 0;
}

static int print_assignments(store_t *s) {
    asg_t g = {0};
    tl_err e;
    err_clear(&e);
    store_filter f = {0};
    int rc = store_load_placements(s, asg_place, &g, &e);
    if (rc == TL_OK && !g.oom) rc = store_load_stories(s, asg_story, &g, &e);
    if (rc == TL_OK && !g.oom) rc = store_list_articles(s, &f, 0, asg_article, &g, &e);
    if (rc == TL_OK && g.oom) rc = err_set(&e, TL_ENOMEM, "out of memory");
    free(g.v);
    free(g.line);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    return EXIT_OK;
}

int cmd_stories(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"source", required_argument, 0, 'S'}, {"since", required_argument, 0, 's'},
        {"until", required_argument, 0, 'u'},  {"limit", required_argument, 0, 'n'},
        {"offset", required_argument, 0, 'o'}, {"min-size", required_argument, 0, 'm'},
        {"assignments", no_argument, 0, 'A'}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    store_filter f = {0};
    long min_size = 1, v;
    int opt, assignments = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        int64_t ts;
        switch (opt) {
        case 'S': f.source = optarg; break;
        case 's':
        case 'u':
            if (cli_parse_when(optarg, &ts)) {
                cli_usage_error("stories", "cannot read date '%s'", optarg);
                return EXIT_USAGE;
            }
            if (opt == 's') { f.since = ts; f.has_since = 1; }
            else { f.until = ts; f.has_until = 1; }
            break;
        case 'n': case 'o': case 'm':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("stories", "expected a non-negative number, got '%s'", optarg);
                return EXIT_USAGE;
            }
            if (opt == 'n') f.limit = v;
            else if (opt == 'o') f.offset = v;
            else min_size = v;
            break;
        case 'A': assignments = 1; break;
        case 'h': fputs(STORIES_HELP, stdout); return EXIT_OK;
        default: fputs(STORIES_HELP, stderr); return EXIT_USAGE;
        }
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    if (assignments) {
        x = print_assignments(s);
        store_close(s);
        return x;
    }
    json_t *arr;
    tl_err e;
    err_clear(&e);
    int rc = view_stories(s, &f, min_size, &arr, &e);
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    if (c->json) { cli_print_json(arr); return EXIT_OK; }
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) story_text_row(o);
    json_decref(arr);
    return EXIT_OK;
}

static const char STORY_HELP[] =
    "usage: trilat story [--json] [--words N] [--method M] [--singles N] ID\n"
    "\n"
    "One story: headline, span, sources, top terms, and its articles [n] with\n"
    "their similarity to the story and near-duplicate links; then a summary\n"
    "whose sentences cite every article stating them [n], its events as a\n"
    "timeline, its quotes grouped by speaker (see `trilat quotes` and\n"
    "`trilat events`), and the facts table: numbers and dated events the\n"
    "sources agree on, conflict on, or only one source states (docs/facts.md).\n"
    "\n"
    "  --words N     summary budget in words (default 100)\n"
    "  --method M    summary method: trilat (default), centroid, lead, random\n"
    "  --singles N   single-source facts listed in text output (default 10;\n"
    "                --json lists all)\n";

int cmd_story(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {{"words", required_argument, 0, 'w'},
                                         {"method", required_argument, 0, 'm'},
                                         {"singles", required_argument, 0, 'S'},
                                         CLI_COMMON_OPTS, {0, 0, 0, 0}};
    int opt;
    sum_params sp;
    sum_params_default(&sp);
    long singles = 10;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        if (opt == 'h') { fputs(STORY_HELP, stdout); return EXIT_OK; }
        if (opt == 'w' && !cli_parse_long(optarg, &sp.words) && sp.words > 0) continue;
        if (opt == 'S' && !cli_parse_long(optarg, &singles) && singles >= 0) continue;
        if (opt == 'm' && (sp.method = sum_method_parse(optarg)) >= 0) continue;
        if (opt == 'w' || opt == 'm' || opt == 'S') {
            cli_usage_error("story", "bad value for --%s: '%s'",
                            opt == 'w' ? "words" : opt == 'm' ? "method" : "singles", optarg);
            return EXIT_USAGE;
        }
        fputs(STORY_HELP, stderr);
        return EXIT_USAGE;
    }
    long id;
    if (optind + 1 != argc || cli_parse_long(argv[optind], &id) || id < 1) {
        cli_usage_error("story", "give one story ID (a number, see 'trilat stories')");
        return EXIT_USAGE;
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    json_t *st;
    tl_err e;
    err_clear(&e);
    int rc = view_story(s, (uint32_t)id, &sp, &st, &e);
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    if (c->json) { cli_print_json(st); return EXIT_OK; }
    json_t *members = json_object_get(st, "members"), *m;
    size_t i;
    printf("story %lld: %s\n", (long long)json_integer_value(json_object_get(st, "id")),
           json_string_value(json_object_get(st, "headline")));
    printf("  %lld articles from %lld sources, %s .. %s, storyline %lld\n",
           (long long)json_integer_value(json_object_get(st, "articles")),
           (long long)json_integer_value(json_object_get(st, "sources")),
           json_is_string(json_object_get(st, "first")) ? json_string_value(json_object_get(st, "first")) : "undated",
           json_is_string(json_object_get(st, "last")) ? json_string_value(json_object_get(st, "last")) : "undated",
           (long long)json_integer_value(json_object_get(st, "storyline")));
    json_t *terms = json_object_get(st, "top_terms");
    printf("  terms:");
    json_array_foreach(terms, i, m) printf(" %s", json_string_value(m));
    printf("\n\n");
    json_array_foreach(members, i, m) {
        json_t *nd = json_object_get(m, "near_duplicate_of");
        printf("  [%zu] %.2f  %-28s  %-20.20s  %s", i + 1,
               json_real_value(json_object_get(m, "similarity")),
               json_string_value(json_object_get(m, "id")),
               json_is_string(json_object_get(m, "source")) ? json_string_value(json_object_get(m, "source")) : "-",
               json_is_string(json_object_get(m, "title")) ? json_string_value(json_object_get(m, "title")) : "(untitled)");
        if (json_is_string(nd)) printf("  [near-duplicate of %s]", json_string_value(nd));
        printf("\n");
    }
    cli_print_summary(json_object_get(st, "summary"), members);
    json_t *events = json_object_get(st, "events");
    printf("\nEvents (%zu)\n", json_array_size(events));
    cli_print_events(events, "  ");
    cli_print_story_quotes(json_object_get(st, "quotes"));
    cli_print_facts(json_object_get(st, "facts"), members, (int)singles);
    json_decref(st);
    return EXIT_OK;
}

static const char STORYLINES_HELP[] =
    "usage: trilat storylines [--json] [--min-stories N]\n"
    "\n"
    "Storylines: stories about one ongoing affair, linked when their terms\n"
    "overlap within weeks. Listed most recent first with their stories.\n";

int cmd_storylines(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"min-stories", required_argument, 0, 'm'}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    long min_stories = 1;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        if (opt == 'm' && !cli_parse_long(optarg, &min_stories) && min_stories >= 1) continue;
        if (opt == 'h') { fputs(STORYLINES_HELP, stdout); return EXIT_OK; }
        fputs(STORYLINES_HELP, stderr);
        return EXIT_USAGE;
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    json_t *out;
    tl_err e;
    err_clear(&e);
    int rc = view_storylines(s, min_stories, &out, &e);
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    size_t i;
    if (c->json) { cli_print_json(out); return EXIT_OK; }
    json_t *l;
    json_array_foreach(out, i, l) {
        json_t *sts = json_object_get(l, "stories");
        printf("storyline %lld: %zu stories, %lld articles\n",
               (long long)json_integer_value(json_object_get(l, "id")), json_array_size(sts),
               (long long)json_integer_value(json_object_get(l, "articles")));
        size_t j;
        json_t *st;
        json_array_foreach(sts, j, st)
            printf("  %5lld  %3lld art  %s\n", (long long)json_integer_value(json_object_get(st, "id")),
                   (long long)json_integer_value(json_object_get(st, "articles")),
                   json_string_value(json_object_get(st, "headline")));
    }
    json_decref(out);
    return EXIT_OK;
}
