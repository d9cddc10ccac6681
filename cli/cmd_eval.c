/* cmd_eval.c -- `trilat eval`: quality metrics against gold data. */
#include "cli.h"
#include "eval.h"
#include "ingest.h"
#include "ner.h"
#include "place.h"
#include "reader.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>


static const char EVAL_HELP[] =
    "usage: trilat eval clusters --gold FILE [--articles FILE] [OPTIONS]\n"
    "\n"
    "Score story clustering against gold labels: B-cubed and pairwise\n"
    "precision/recall/F1 and cluster counts. FILE has one JSON object per\n"
    "line: {\"id\": ARTICLE_ID, \"cluster\": LABEL} (or \"storyline\": LABEL).\n"
    "\n"
    "With --articles, the articles are ingested into a fresh in-memory store\n"
    "and clustered with the given parameters first; without it, the store\n"
    "given by --db is scored as it is.\n"
    "\n"
    "Options:\n"
    "  --gold FILE         gold labels (JSON Lines)\n"
    "  --articles FILE     articles to ingest and cluster first\n"
    "  --level LEVEL       stories (default) or storylines: score the\n"
    "                      storylines the stories were linked into\n"
    "  --threshold X, --window-days N, --set KEY=VALUE, --config FILE\n"
    "                      clustering parameters (with --articles)\n"
    "  --json              metrics as JSON\n"
    "\n"
    "usage: trilat eval ner --gold FILE --model MODEL [--json]\n"
    "\n"
    "Score the named-entity model on a CoNLL 2003 file: entity-level\n"
    "precision/recall/F1 with exact span match (as conlleval), overall and\n"
    "per type, BIO token accuracy and tagging speed.\n"
    "\n"
    "usage: trilat eval quotes --gold DIR [--model MODEL] [--show-errors] [--json]\n"
    "\n"
    "Score quote extraction and speaker attribution on brat attribution\n"
    "annotations (PolNeAR); `trilat eval quotes --help` has the protocol.\n"
    "With --gold FILE.jsonl --articles FILE: on the examples gold.\n"
    "\n"
    "usage: trilat eval dates --gold FILE --articles FILE [--show-errors] [--json]\n"
    "\n"
    "Score time expressions and their resolved dates (examples/gold/dates.jsonl).\n"
    "\n"
    "usage: trilat eval events (--gold FILE --articles FILE | --petrarch DIR)\n"
    "                          [--model MODEL|none] [--show-errors] [--json]\n"
    "\n"
    "Score event extraction (CAMEO codes, actor, target, date) on the examples\n"
    "gold or the PETRARCH2 unit-test records; `trilat eval events --help`.\n"
    "\n"
    "usage: trilat eval quantities --gold FILE --articles FILE [--errors] [--json]\n"
    "\n"
    "Score quantity extraction (kind, value, unit, hedge, measured noun) on\n"
    "examples/gold/quantities.jsonl; `trilat eval quantities --help`.\n"
    "\n"
    "usage: trilat eval facts --gold FILE [--db PATH] [--errors] [--json]\n"
    "\n"
    "Score the cross-source facts of a clustered store (claim coverage, pairwise\n"
    "alignment, labels) on examples/gold/facts.jsonl; `trilat eval facts --help`.\n"
    "\n"
    "usage: trilat eval rouge --peers DIR --models DIR [--bytes N | --words N]\n"
    "                         [--official FILE] [--jackknife] [--json]\n"
    "\n"
    "ROUGE as ROUGE-1.5.5 computes it, per system, optionally compared with\n"
    "the script's official output; `trilat eval rouge --help`.\n"
    "\n"
    "usage: trilat eval summaries --duc2006 DIR [--words N] [--method NAME|all] [--json]\n"
    "\n"
    "Score the summarizer's methods on DUC 2006 with ROUGE next to the official\n"
    "systems (docs/summaries.md).\n"
    "\n"
    "usage: trilat eval extract --gold FILE [--pred FILE] [--show-errors] [--json]\n"
    "\n"
    "Score the web-page main-text extractor with the Article Extraction Benchmark's\n"
    "scorer (shingle F1, P, R, accuracy), its speed, and the published figures of\n"
    "other tools; `trilat eval extract --help`, docs/extraction.md.\n";

typedef struct {
    char **ids;
    uint32_t *gold;
    size_t n, cap;
    json_t *labels;   /* label -> index */
} gold_t;

static int read_gold(const char *path, gold_t *g) {
    rd_t *r;
    tl_err e;
    err_clear(&e);
    if (rd_open(&r, path, 1 << 20, &e) != TL_OK) { cli_error(&e); return -1; }
    char *line;
    size_t len;
    int rc;
    g->labels = json_object();
    while ((rc = rd_line(r, &line, &len, &e)) == RD_LINE) {
        if (len == 0) continue;
        json_error_t je;
        json_t *o = json_loadb(line, len, 0, &je);
        json_t *id = o ? json_object_get(o, "id") : NULL;
        json_t *cl = o ? json_object_get(o, "cluster") : NULL;
        if (o && !cl) cl = json_object_get(o, "storyline");
        if (!json_is_string(id) || !(json_is_string(cl) || json_is_integer(cl))) {
            fprintf(stderr, "trilat: %s:%ld: expected {\"id\": \"...\", \"cluster\": ...}\n", path,
                    rd_lineno(r));
            json_decref(o);
            rd_close(r);
            return -1;
        }
        char lab[256];
        if (json_is_string(cl)) snprintf(lab, sizeof(lab), "%s", json_string_value(cl));
        else snprintf(lab, sizeof(lab), "%lld", (long long)json_integer_value(cl));
        json_t *k = json_object_get(g->labels, lab);
        if (!k) {
            k = json_integer((json_int_t)json_object_size(g->labels));
            json_object_set_new(g->labels, lab, k);
        }
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 1024;
            g->ids = realloc(g->ids, g->cap * sizeof(char *));
            g->gold = realloc(g->gold, g->cap * sizeof(uint32_t));
        }
        g->ids[g->n] = strdup(json_string_value(id));
        g->gold[g->n++] = (uint32_t)json_integer_value(k);
        json_decref(o);
    }
    rd_close(r);
    if (rc < 0) { cli_error(&e); return -1; }
    return 0;
}

static int place_cb(void *ud, const store_placement *p) {
    *(uint32_t *)ud = p->story;
    return 0;
}

static int line_of_cb(void *ud, const store_story_row *r) {
    *(uint32_t *)ud = r->storyline;
    return 0;
}

/* `trilat eval ner`: argv starts at "ner". */
static int eval_ner(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"gold", required_argument, 0, 'g'}, {"model", required_argument, 0, 'm'},
        CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *gold = NULL, *model = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'g': gold = optarg; break;
        case 'm': model = optarg; break;
        case 'h': fputs(EVAL_HELP, stdout); return EXIT_OK;
        default: fputs(EVAL_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (!gold || !model) {
        cli_usage_error("eval", "--gold FILE and --model MODEL are required");
        return EXIT_USAGE;
    }
    tl_err e;
    err_clear(&e);
    ner_model *m = NULL;
    ner_corpus gc = NER_CORPUS_INIT;
    ner_eval_result r;
    int rc = ner_model_load(model, &m, &e);
    if (rc == TL_OK) rc = ner_corpus_read_conll(gold, &gc, &e);
    if (rc == TL_OK && (rc = ner_eval(m, &gc, &r)) != TL_OK) err_set(&e, rc, "out of memory");
    ner_model_free(m);
    ner_corpus_free(&gc);
    if (rc != TL_OK) { cli_error(&e); return EXIT_FAIL; }
    double p, rec, f1, acc = r.tokens ? (double)r.tokens_correct / (double)r.tokens : 0;
    double tps = r.seconds > 0 ? (double)r.tokens / r.seconds : 0;
    if (c->json) {
        json_t *o = json_object(), *types = json_object();
        for (int t = 0; t < NER_NTYPES; t++) {
            ner_eval_prf(&r, (ner_type)t, &p, &rec, &f1);
            json_t *x = t ? json_object() : o;
            json_object_set_new(x, "precision", json_real(p));
            json_object_set_new(x, "recall", json_real(rec));
            json_object_set_new(x, "f1", json_real(f1));
            json_object_set_new(x, "gold", json_integer((json_int_t)r.gold[t]));
            json_object_set_new(x, "predicted", json_integer((json_int_t)r.pred[t]));
            json_object_set_new(x, "correct", json_integer((json_int_t)r.correct[t]));
            if (t) json_object_set_new(types, ner_type_name((ner_type)t), x);
        }
        json_object_set_new(o, "gold_file", json_string(gold));
        json_object_set_new(o, "sentences", json_integer((json_int_t)r.sentences));
        json_object_set_new(o, "tokens", json_integer((json_int_t)r.tokens));
        json_object_set_new(o, "token_accuracy", json_real(acc));
        json_object_set_new(o, "tokens_per_second", json_real(tps));
        json_object_set_new(o, "types", types);
        cli_print_json(o);
    } else {
        ner_eval_prf(&r, NER_NONE, &p, &rec, &f1);
        printf("processed %zu tokens with %zu phrases; found: %zu phrases; correct: %zu.\n",
               r.tokens, r.gold[0], r.pred[0], r.correct[0]);
        printf("accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
               100 * acc, 100 * p, 100 * rec, 100 * f1);
        for (int t = 1; t < NER_NTYPES; t++) {
            ner_eval_prf(&r, (ner_type)t, &p, &rec, &f1);
            printf("%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %zu\n",
                   ner_type_name((ner_type)t), 100 * p, 100 * rec, 100 * f1, r.pred[t]);
        }
        printf("tagged %zu sentences in %.2f s (%.0f tokens/s)\n", r.sentences, r.seconds, tps);
    }
    return EXIT_OK;
}

int cmd_eval(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"gold", required_argument, 0, 'g'}, {"articles", required_argument, 0, 'a'},
        {"threshold", required_argument, 0, 'H'}, {"window-days", required_argument, 0, 'W'},
        {"set", required_argument, 0, 'P'}, {"config", required_argument, 0, 'C'},
        {"level", required_argument, 0, 'L'}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    int lines = 0;
    const char *gold_path = NULL, *articles = NULL;
    story_params p;
    cli_story_defaults(&p);
    int opt, err = 0;
    optind = 1;
    if (argc >= 2 && strcmp(argv[1], "ner") == 0) return eval_ner(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "quotes") == 0)
        return cli_eval_quotes(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "dates") == 0) return cli_eval_dates(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "events") == 0)
        return cli_eval_events(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "quantities") == 0)
        return cli_eval_quantities(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "facts") == 0) return cli_eval_facts(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "rouge") == 0) return cli_eval_rouge(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "summaries") == 0)
        return cli_eval_summaries(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "extract") == 0) return cli_eval_extract(c, argc - 1, argv + 1);
    if (argc < 2 || strcmp(argv[1], "clusters") != 0) {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            fputs(EVAL_HELP, stdout);
            return EXIT_OK;
        }
        cli_usage_error("eval", "unknown or missing evaluation (available: clusters, ner, quotes, dates, "
                        "events, quantities, facts, rouge, summaries, extract)");
        return EXIT_USAGE;
    }
    argc--;
    argv++;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        if (cli_story_params(&p, opt, optarg, "eval", &err)) {
            if (err) return EXIT_USAGE;
            continue;
        }
        switch (opt) {
        case 'g': gold_path = optarg; break;
        case 'a': articles = optarg; break;
        case 'L':
            if (strcmp(optarg, "storylines") == 0) lines = 1;
            else if (strcmp(optarg, "stories") != 0) {
                cli_usage_error("eval", "--level is stories or storylines");
                return EXIT_USAGE;
            }
            break;
        case 'h': fputs(EVAL_HELP, stdout); return EXIT_OK;
        default: fputs(EVAL_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (!gold_path) { cli_usage_error("eval", "--gold FILE is required"); return EXIT_USAGE; }
    gold_t g = {0};
    if (read_gold(gold_path, &g)) return EXIT_FAIL;

    store_t *s;
    tl_err e;
    err_clear(&e);
    int x = EXIT_OK;
    if (articles) {
        if (store_open(&s, ":memory:", STORE_CREATE, &e) != TL_OK) { cli_error(&e); return EXIT_FAIL; }
        const char *paths[] = {articles};
        ing_stats ist;
        ing_opts io = {0};
        if (ing_run(s, paths, 1, &io, NULL, &ist, &e) != TL_OK) { cli_error(&e); x = EXIT_FAIL; }
        else x = cli_place(s, &p, 0, 1);
    } else {
        x = cli_open_store(c, 0, &s);
        if (x != EXIT_OK) return x;
    }
    uint32_t *pred = calloc(g.n ? g.n : 1, sizeof(uint32_t));
    size_t missing = 0;
    uint32_t next_single = 1u << 31;
    for (size_t i = 0; x == EXIT_OK && i < g.n; i++) {
        art_t *a = NULL;
        uint32_t story = 0;
        if (store_get_article(s, g.ids[i], &a, NULL, &e) == TL_OK)
            store_get_placement(s, a->rowid, place_cb, &story, &e);
        art_free(a);
        if (story && lines) store_get_story(s, story, line_of_cb, &story, &e);
        if (!story) { missing++; story = next_single++; }
        pred[i] = story;
    }
    store_close(s);
    eval_clusters m;
    if (x == EXIT_OK && eval_cluster_scores(g.gold, pred, g.n, &m) != TL_OK) x = EXIT_FAIL;
    if (x == EXIT_OK) {
        char params[512];
        place_param_string(&p, params, sizeof(params));
        if (c->json) {
            json_t *o = json_object();
            json_object_set_new(o, "gold", json_string(gold_path));
            json_object_set_new(o, "level", json_string(lines ? "storylines" : "stories"));
            json_object_set_new(o, "items", json_integer((json_int_t)m.items));
            json_object_set_new(o, "missing", json_integer((json_int_t)missing));
            json_object_set_new(o, "gold_clusters", json_integer((json_int_t)m.gold_clusters));
            json_object_set_new(o, "predicted_clusters", json_integer((json_int_t)m.pred_clusters));
            json_object_set_new(o, "predicted_singletons", json_integer((json_int_t)m.pred_singletons));
            json_object_set_new(o, "bcubed_precision", json_real(m.b3_p));
            json_object_set_new(o, "bcubed_recall", json_real(m.b3_r));
            json_object_set_new(o, "bcubed_f1", json_real(m.b3_f1));
            json_object_set_new(o, "pairwise_precision", json_real(m.pw_p));
            json_object_set_new(o, "pairwise_recall", json_real(m.pw_r));
            json_object_set_new(o, "pairwise_f1", json_real(m.pw_f1));
            json_object_set_new(o, "params", articles ? json_string(params) : json_null());
            cli_print_json(o);
        } else {
            printf("items %zu (missing %zu), gold clusters %zu, predicted clusters %zu (%zu singletons)\n",
                   m.items, missing, m.gold_clusters, m.pred_clusters, m.pred_singletons);
            printf("B-cubed   P %.3f  R %.3f  F1 %.3f\n", m.b3_p, m.b3_r, m.b3_f1);
            printf("pairwise  P %.3f  R %.3f  F1 %.3f\n", m.pw_p, m.pw_r, m.pw_f1);
            if (articles) printf("params    %s\n", params);
        }
    }
    for (size_t i = 0; i < g.n; i++) free(g.ids[i]);
    free(g.ids);
    free(g.gold);
    free(pred);
    json_decref(g.labels);
    return x;
}
