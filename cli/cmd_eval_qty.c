/* cmd_eval_qty.c -- `trilat eval quantities`: score the quantity extractor
 * (quant.h) against the hand-made gold of the examples corpus
 * (examples/gold/quantities.jsonl; examples/README.md says how it was
 * annotated).
 *
 * Why a command of its own: facts (facts.h) are only as good as the
 * numbers under them. A wrong value, hedge or measured noun turns an
 * agreement into a conflict, so each is scored apart from detection.
 *
 * Protocol (docs/facts.md, "Evaluation"):
 *   detection  qty_find() on each article's text; a prediction matches a
 *              gold quantity of the same kind when their spans overlap
 *              (by one byte or more: the gold span of a count is hedge +
 *              number, a predicted one may take in the noun); one to one,
 *              gold in file order, the largest overlap wins. P/R/F1
 *              overall and per kind (gold by its kind, predictions by
 *              theirs).
 *   attributes on matched pairs: value (relative difference <= 1e-6),
 *              interval (lo and hi likewise, on gold ranges and vague
 *              multiples, which give them), unit (exact; for counts, the
 *              counted nouns folded and stemmed), hedge (its name), and
 *              measures (the predicted head key against the gold noun
 *              folded with tok_fold and stemmed with the English stemmer,
 *              as quant.h builds the key).
 * --errors lists misses (MISS), false positives (FP) and wrong attributes;
 * with --json they come as "items" (every gold quantity and its match)
 * and "false_positives".
 */
#include "cli.h"
#include "evalx.h"
#include "quant.h"
#include "stem.h"
#include "tok.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char QTY_HELP[] =
    "usage: trilat eval quantities --gold FILE --articles FILE [--errors] [--json]\n"
    "\n"
    "Score quantity extraction (percentages, money, durations, counts, years,\n"
    "ordinals, measures) on a JSON Lines gold file such as\n"
    "examples/gold/quantities.jsonl: {\"article\", \"text\", \"occurrence\"?,\n"
    "\"kind\", \"value\", \"unit\", \"hedge\", \"lo\"?, \"hi\"?, \"measures\"}.\n"
    "\n"
    "A prediction is right when it overlaps a gold quantity of the same kind;\n"
    "on those pairs, value, interval, unit, hedge and measured noun are scored.\n"
    "\n"
    "Options:\n"
    "  --gold FILE       gold quantities (JSON Lines)\n"
    "  --articles FILE   the articles ({\"id\", \"text\"} per line)\n"
    "  --errors          list misses, false positives and wrong attributes\n"
    "                    (with --json: every gold item and its prediction)\n"
    "  --json            figures as JSON\n";

/* ------------------------------------------------------------------------
 * Gold
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t art;
    ex_span s;
    int kind;                   /* qty_kind */
    double value, lo, hi;
    int has_iv;                 /* lo/hi given */
    char unit[QTY_UNIT_MAX * 2];
    char hedge[16];
    char measures[64];
    char mkey[QTY_HEAD_MAX * 2]; /* measures folded and stemmed */
    size_t match;               /* prediction index in its article, SIZE_MAX: none */
} qgold;

typedef struct {
    qgold *v;
    size_t n, cap;
    const ex_articles *arts;
    stem_t *st;
} qgolds;

/* Folded, stemmed key of a noun phrase's last word ("Troops" -> "troop"). */
static void noun_key(stem_t *st, const char *s, char *out, size_t cap) {
    char f[256];
    size_t n = tok_fold(s, strlen(s), f, sizeof(f) - 1);   /* not NUL-terminated */
    f[n] = 0;
    while (n && f[n - 1] == ' ') f[--n] = 0;
    const char *w = strrchr(f, ' ');
    w = w ? w + 1 : f;
    size_t sl = 0;
    const char *k = st && *w ? stem_word(st, w, strlen(w), &sl) : NULL;
    snprintf(out, cap, "%.*s", k ? (int)sl : (int)strlen(w), k ? k : w);
}

static int add_gold(void *ud, json_t *o, long lineno, tl_err *e) {
    qgolds *g = ud;
    (void)lineno;
    const char *art = ex_str(o, "article"), *text = ex_str(o, "text"), *kind = ex_str(o, "kind");
    const char *unit = ex_str(o, "unit"), *hedge = ex_str(o, "hedge"), *meas = ex_str(o, "measures");
    json_t *val = json_object_get(o, "value"), *occ = json_object_get(o, "occurrence");
    json_t *lo = json_object_get(o, "lo"), *hi = json_object_get(o, "hi");
    if (!art || !text || !kind || !json_is_number(val) || !unit || !hedge)
        return err_set(e, TL_EPARSE,
                       "expected \"article\", \"text\", \"kind\", \"value\", \"unit\", \"hedge\"");
    int k = qty_kind_parse(kind);
    if (k < 0) return err_set(e, TL_EPARSE, "unknown kind \"%s\"", kind);
    if (qty_hedge_parse(hedge) < 0) return err_set(e, TL_EPARSE, "unknown hedge \"%s\"", hedge);
    const ex_article *a = ex_articles_get(g->arts, art);
    if (!a) return err_set(e, TL_EPARSE, "article %s is not in the articles file", art);
    ex_span s;
    if (!ex_locate(a, text, json_is_integer(occ) ? (long)json_integer_value(occ) : 1, &s))
        return err_set(e, TL_EPARSE, "\"%.60s\" is not in article %s", text, art);
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        qgold *nv = realloc(g->v, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        g->v = nv;
        g->cap = cap;
    }
    qgold *x = &g->v[g->n++];
    memset(x, 0, sizeof(*x));
    x->art = (size_t)(a - g->arts->v);
    x->s = s;
    x->kind = k;
    x->value = json_number_value(val);
    x->has_iv = json_is_number(lo) && json_is_number(hi);
    x->lo = x->has_iv ? json_number_value(lo) : 0;
    x->hi = x->has_iv ? json_number_value(hi) : 0;
    snprintf(x->unit, sizeof(x->unit), "%s", unit);
    snprintf(x->hedge, sizeof(x->hedge), "%s", hedge);
    snprintf(x->measures, sizeof(x->measures), "%s", meas ? meas : "");
    noun_key(g->st, x->measures, x->mkey, sizeof(x->mkey));
    x->match = SIZE_MAX;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Scoring
 * ---------------------------------------------------------------------- */

enum { A_VALUE, A_IV, A_UNIT, A_HEDGE, A_MEAS, A_N };
static const char *const ANAME[A_N] = {"value", "interval", "unit", "hedge", "measures"};

typedef struct {
    ex_prf all, kind[QTY_NKINDS];
    long n[A_N], right[A_N];         /* matched pairs scored, right */
    json_t *items, *fps;             /* --errors --json */
} qscore;

static int same_num(double p, double g) {
    if (isinf(g) || isinf(p)) return isinf(g) && isinf(p) && (g > 0) == (p > 0);
    return fabs(p - g) <= 1e-6 * fmax(fabs(g), 1e-12) || p == g;
}

static int unit_right(stem_t *st, const qgold *x, const qty_t *p) {
    if (strcmp(x->unit, p->unit) == 0) return 1;
    if (x->kind != QTY_COUNT) return 0;
    char a[64], b[64];
    noun_key(st, x->unit, a, sizeof(a));
    noun_key(st, p->unit, b, sizeof(b));
    return strcmp(a, b) == 0;
}

static json_t *pred_json(const ex_article *a, const qty_t *p) {
    char f[96];
    qty_format(p, f, sizeof(f));
    json_t *o = json_object();
    json_object_set_new(o, "text", json_stringn(a->text + p->start, p->end - p->start));
    json_object_set_new(o, "kind", json_string(qty_kind_name(p->kind)));
    json_object_set_new(o, "value", json_real(p->value));
    json_object_set_new(o, "lo", json_real(p->lo));
    json_object_set_new(o, "hi", isinf(p->hi) ? json_null() : json_real(p->hi));
    json_object_set_new(o, "unit", json_string(p->unit));
    json_object_set_new(o, "hedge", json_string(qty_hedge_name(p->hedge)));
    json_object_set_new(o, "head", json_string(p->head));
    json_object_set_new(o, "formatted", json_string(f));
    return o;
}

static void score_article(const ex_article *a, size_t ai, qgolds *g, const qty_list *q,
                          qscore *s, int show, int json) {
    char *taken = calloc(q->n ? q->n : 1, 1);
    if (!taken) return;
    for (size_t i = 0; i < q->n; i++) {
        s->all.pred++;
        if ((unsigned)q->v[i].kind < QTY_NKINDS) s->kind[q->v[i].kind].pred++;
    }
    for (size_t gi = 0; gi < g->n; gi++) {
        qgold *x = &g->v[gi];
        if (x->art != ai) continue;
        s->all.gold++;
        s->kind[x->kind].gold++;
        size_t best = SIZE_MAX, bestov = 0;
        for (size_t i = 0; i < q->n; i++) {
            ex_span p = {q->v[i].start, q->v[i].end};
            size_t ov = ex_overlap(p, x->s);
            if (taken[i] || (int)q->v[i].kind != x->kind || ov <= bestov) continue;
            bestov = ov;
            best = i;
        }
        json_t *it = NULL;
        if (json) {
            it = json_object();
            json_object_set_new(it, "article", json_string(a->id));
            json_object_set_new(it, "text", json_stringn(a->text + x->s.a, x->s.b - x->s.a));
            json_object_set_new(it, "kind", json_string(qty_kind_name((qty_kind)x->kind)));
            json_object_set_new(it, "start", json_integer((json_int_t)x->s.a));
            json_array_append_new(s->items, it);
        }
        if (best == SIZE_MAX) {
            if (show && !json)
                printf("MISS %s %s: [%.*s]\n", a->id, qty_kind_name((qty_kind)x->kind),
                       (int)(x->s.b - x->s.a), a->text + x->s.a);
            if (it) json_object_set_new(it, "predicted", json_null());
            continue;
        }
        taken[best] = 1;
        x->match = best;
        const qty_t *p = &q->v[best];
        s->all.gold_hit++;
        s->all.pred_hit++;
        s->kind[x->kind].gold_hit++;
        s->kind[x->kind].pred_hit++;
        int ok[A_N], scored[A_N] = {1, x->has_iv, 1, 1, x->mkey[0] != 0};
        ok[A_VALUE] = same_num(p->value, x->value);
        ok[A_IV] = x->has_iv && same_num(p->lo, x->lo) && same_num(p->hi, x->hi);
        ok[A_UNIT] = unit_right(g->st, x, p);
        ok[A_HEDGE] = strcmp(qty_hedge_name(p->hedge), x->hedge) == 0;
        ok[A_MEAS] = x->mkey[0] && strcmp(p->head, x->mkey) == 0;
        json_t *wrong = it ? json_array() : NULL;
        for (int k = 0; k < A_N; k++) {
            if (!scored[k]) continue;
            s->n[k]++;
            s->right[k] += ok[k];
            if (ok[k]) continue;
            if (wrong) json_array_append_new(wrong, json_string(ANAME[k]));
            if (show && !json) {
                char got[96];
                qty_format(p, got, sizeof(got));
                printf("%s %s: [%.*s] got %s (%g, %s, %s, head \"%s\"), want %g %s %s measures %s\n",
                       k == A_VALUE ? "VALUE" : k == A_IV ? "INTERVAL" : k == A_UNIT ? "UNIT"
                       : k == A_HEDGE ? "HEDGE" : "MEASURES",
                       a->id, (int)(x->s.b - x->s.a), a->text + x->s.a, got, p->value, p->unit,
                       qty_hedge_name(p->hedge), p->head, x->value, x->unit, x->hedge,
                       x->measures[0] ? x->measures : "-");
            }
        }
        if (it) {
            json_object_set_new(it, "predicted", pred_json(a, p));
            json_object_set_new(it, "wrong", wrong);
        }
    }
    for (size_t i = 0; i < q->n; i++) {
        if (taken[i] || !show) continue;
        const qty_t *p = &q->v[i];
        if (json) {
            json_t *o = pred_json(a, p);
            json_object_set_new(o, "article", json_string(a->id));
            json_array_append_new(s->fps, o);
        } else {
            printf("FP %s %s: [%.*s]\n", a->id, qty_kind_name(p->kind), (int)(p->end - p->start),
                   a->text + p->start);
        }
    }
    free(taken);
}

/* ------------------------------------------------------------------------
 * The command
 * ---------------------------------------------------------------------- */

static int run(const char *gold, const char *articles, qscore *s, int show, int json,
               size_t *narts) {
    ex_articles a = {0};
    qgolds g = {0};
    tl_err e;
    err_clear(&e);
    int x = EXIT_OK;
    g.st = stem_new("en");
    if (!g.st) { fprintf(stderr, "trilat: out of memory\n"); return EXIT_FAIL; }
    if (ex_articles_read(articles, &a, &e) != TL_OK) x = EXIT_FAIL;
    g.arts = &a;
    if (x == EXIT_OK && ex_gold_each(gold, add_gold, &g, &e) != TL_OK) x = EXIT_FAIL;
    if (x != EXIT_OK) cli_error(&e);
    else if (g.n == 0) {
        fprintf(stderr, "trilat: %s: no gold quantities\n", gold);
        x = EXIT_FAIL;
    }
    for (size_t i = 0; x == EXIT_OK && i < a.n; i++) {
        qty_list q = QTY_LIST_INIT;
        if (qty_find(a.v[i].text, a.v[i].len, NULL, &q, &e) == TL_OK) {
            score_article(&a.v[i], i, &g, &q, s, show, json);
        } else {
            fprintf(stderr, "trilat: %s: ", a.v[i].id);
            cli_error(&e);
            x = EXIT_FAIL;
        }
        qty_list_free(&q);
    }
    *narts = a.n;
    free(g.v);
    stem_free(g.st);
    ex_articles_free(&a);
    return x;
}

static json_t *report_json(const qscore *s, const char *gold, size_t narts) {
    json_t *o = ex_prf_json(&s->all);
    json_object_set_new(o, "gold_file", json_string(gold));
    json_object_set_new(o, "articles", json_integer((json_int_t)narts));
    for (int k = 0; k < A_N; k++) {
        char key[40];
        snprintf(key, sizeof(key), "%s_accuracy", ANAME[k]);
        json_object_set_new(o, key, json_real(ex_ratio(s->right[k], s->n[k])));
        snprintf(key, sizeof(key), "%s_scored", ANAME[k]);
        json_object_set_new(o, key, json_integer(s->n[k]));
    }
    json_t *bk = json_object();
    for (int k = 0; k < QTY_NKINDS; k++)
        json_object_set_new(bk, qty_kind_name((qty_kind)k), ex_prf_json(&s->kind[k]));
    json_object_set_new(o, "by_kind", bk);
    return o;
}

int cli_eval_quantities(cli_ctx *c, int argc, char **argv) {
    ex_args ea;
    int pa = ex_parse_args(c, argc, argv, EX_OPT_GOLD | EX_OPT_ARTICLES | EX_OPT_ERRORS | EX_OPT_SHOW,
                          QTY_HELP, &ea);
    if (pa >= 0) return pa;
    const char *gold = ea.gold, *articles = ea.articles;
    int show = ea.show;
    if (!gold || !articles) {
        cli_usage_error("eval", "quantities needs --gold FILE and --articles FILE");
        return EXIT_USAGE;
    }
    qscore s;
    memset(&s, 0, sizeof(s));
    int json = c->json;
    if (json && show) {
        s.items = json_array();
        s.fps = json_array();
    }
    size_t narts = 0;
    int x = run(gold, articles, &s, show, json && show, &narts);
    if (x != EXIT_OK) {
        json_decref(s.items);
        json_decref(s.fps);
        return x;
    }
    if (json) {
        json_t *o = report_json(&s, gold, narts);
        if (s.items) {
            json_object_set_new(o, "items", s.items);
            json_object_set_new(o, "false_positives", s.fps);
        }
        cli_print_json(o);
        return EXIT_OK;
    }
    printf("%zu articles\n", narts);
    printf("%-12s %6s %6s %7s %7s %7s\n", "kind", "gold", "pred", "P", "R", "F1");
    ex_prf_row("all", &s.all);
    printf("\n");
    for (int k = 0; k < QTY_NKINDS; k++) {
        if (!s.kind[k].gold && !s.kind[k].pred) continue;
        ex_prf_row(qty_kind_name((qty_kind)k), &s.kind[k]);
        printf("\n");
    }
    printf("on %ld matched quantities:\n", s.all.gold_hit);
    for (int k = 0; k < A_N; k++)
        printf("  %-9s %6.1f%% (%ld/%ld)\n", ANAME[k], 100 * ex_ratio(s.right[k], s.n[k]),
               s.right[k], s.n[k]);
    return EXIT_OK;
}
