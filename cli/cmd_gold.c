/* cmd_gold.c -- `trilat eval quotes` on a JSON Lines gold file and
 * `trilat eval dates`: quote extraction (quote.h) and time expressions
 * (when.h) scored against the hand-made gold of the examples corpus
 * (examples/gold/quotes.jsonl, dates.jsonl; examples/README.md says how
 * they were annotated).
 *
 * Why here and not in cmd_quotes.c: that file reads brat (PolNeAR); the
 * gold here is a string per item, located in its article, and shares the
 * article reading and name matching of `eval events` (evalx.h).
 *
 * Protocols (docs/quotes.md, docs/eval-events.md):
 *   quotes  a prediction matches a gold quote when the contents overlap by
 *           at least half the shorter; one to one, gold in file order,
 *           first every gold quote with a prediction of its own kind, then
 *           the rest across kinds; the largest overlap wins.
 *           Speaker: on matched quotes whose gold speaker is not null,
 *           ex_name_right() on the predicted entity's canonical name (or,
 *           unresolved, the speaker phrase).
 *   dates   a when_find() expression matches a gold one by the same
 *           overlap rule; resolution is right when the resolved day or
 *           range, formatted as in the gold ("2026-03-08",
 *           "2026-03-02..2026-03-08"), is the gold's.
 */
#include "cli.h"
#include "evalx.h"
#include "quote.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Gold items (quotes and dates share the layout)
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t art;       /* index into the articles */
    ex_span s;
    int kind;         /* quotes: QUO_DIRECT / QUO_INDIRECT */
    char *label;      /* quotes: speaker; dates: resolved date; NULL: null */
    int matched;
} gitem;

typedef struct {
    gitem *v;
    size_t n, cap;
    const ex_articles *arts;
    int quotes;       /* 1: quotes.jsonl, 0: dates.jsonl */
} gitems;

static void gitems_free(gitems *g) {
    for (size_t i = 0; i < g->n; i++) free(g->v[i].label);
    free(g->v);
}

static int add_item(void *ud, json_t *o, long lineno, tl_err *e) {
    gitems *g = ud;
    const char *art = ex_str(o, "article"), *text = ex_str(o, "text");
    const char *lab = ex_str(o, g->quotes ? "speaker" : "date");
    const char *kind = ex_str(o, "kind");
    json_t *occ = json_object_get(o, "occurrence");
    (void)lineno;
    if (!art || !text) return err_set(e, TL_EPARSE, "expected \"article\" and \"text\"");
    int k = 0;
    if (g->quotes) {
        if (kind && strcmp(kind, "direct") == 0) k = QUO_DIRECT;
        else if (kind && strcmp(kind, "indirect") == 0) k = QUO_INDIRECT;
        else return err_set(e, TL_EPARSE, "\"kind\" is \"direct\" or \"indirect\"");
    }
    const ex_article *a = ex_articles_get(g->arts, art);
    if (!a) return err_set(e, TL_EPARSE, "article %s is not in the articles file", art);
    ex_span s;
    if (!ex_locate(a, text, json_is_integer(occ) ? (long)json_integer_value(occ) : 1, &s))
        return err_set(e, TL_EPARSE, "\"%.60s\" is not in article %s", text, art);
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        gitem *nv = realloc(g->v, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        g->v = nv;
        g->cap = cap;
    }
    gitem *x = &g->v[g->n++];
    memset(x, 0, sizeof(*x));
    x->art = (size_t)(a - g->arts->v);
    x->s = s;
    x->kind = k;
    x->label = lab ? strdup(lab) : NULL;
    return TL_OK;
}

/* Gold and articles; EXIT_* (messages printed). */
static int load(const char *gold, const char *articles, int quotes, ex_articles *a, gitems *g) {
    tl_err e;
    err_clear(&e);
    if (ex_articles_read(articles, a, &e) != TL_OK) { cli_error(&e); return EXIT_FAIL; }
    g->arts = a;
    g->quotes = quotes;
    if (ex_gold_each(gold, add_item, g, &e) != TL_OK) { cli_error(&e); return EXIT_FAIL; }
    if (g->n == 0) {
        fprintf(stderr, "trilat: %s: no gold items\n", gold);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * Quotes
 * ---------------------------------------------------------------------- */

enum { K_ALL, K_DIRECT, K_INDIRECT, K_N };

typedef struct {
    ex_prf k[K_N];
    long with_spk[K_N], spk_right[K_N], spk_resolved;
} qscore;

/* Best untaken prediction for gold x (same_kind: only of x's kind). */
static size_t best_quote(const gitem *x, const quo_list *q, const char *taken, int same_kind) {
    size_t best = SIZE_MAX, bestov = 0;
    for (size_t i = 0; i < q->n; i++) {
        ex_span p = {q->v[i].start, q->v[i].end};
        if (taken[i] || !ex_half_overlap(p, x->s)) continue;
        if (same_kind && (int)q->v[i].kind != x->kind) continue;
        if (ex_overlap(p, x->s) > bestov) {
            bestov = ex_overlap(p, x->s);
            best = i;
        }
    }
    return best;
}

static void score_quotes(const ex_article *a, size_t ai, gitems *g, const ent_doc *d,
                         const quo_list *q, qscore *s, int show) {
    char *taken = calloc(q->n ? q->n : 1, 1);
    size_t *match = malloc((g->n ? g->n : 1) * sizeof(size_t));
    if (!taken || !match) { free(taken); free(match); return; }
    for (size_t i = 0; i < q->n; i++) {
        s->k[K_ALL].pred++;
        s->k[q->v[i].kind == QUO_DIRECT ? K_DIRECT : K_INDIRECT].pred++;
    }
    /* one to one: first every gold quote with a prediction of its own kind,
     * then the rest across kinds (a partial quote inside reported speech) */
    for (int pass = 0; pass < 2; pass++)
        for (size_t gi = 0; gi < g->n; gi++) {
            if (g->v[gi].art != ai) continue;
            if (pass == 0) match[gi] = SIZE_MAX;
            if (match[gi] != SIZE_MAX) continue;
            match[gi] = best_quote(&g->v[gi], q, taken, pass == 0);
            if (match[gi] != SIZE_MAX) taken[match[gi]] = 1;
        }
    for (size_t gi = 0; gi < g->n; gi++) {
        gitem *x = &g->v[gi];
        if (x->art != ai) continue;
        int gk = x->kind == QUO_DIRECT ? K_DIRECT : K_INDIRECT;
        s->k[K_ALL].gold++;
        s->k[gk].gold++;
        if (match[gi] == SIZE_MAX) {
            if (show)
                printf("MISS %s %s: [%.*s] (%s)\n", a->id, quo_kind_name((quo_kind)x->kind),
                       (int)(x->s.b - x->s.a), a->text + x->s.a, x->label ? x->label : "-");
            continue;
        }
        x->matched = 1;
        const quo_quote *p = &q->v[match[gi]];
        int pk = p->kind == QUO_DIRECT ? K_DIRECT : K_INDIRECT;
        s->k[K_ALL].gold_hit++;
        s->k[gk].gold_hit++;
        s->k[K_ALL].pred_hit++;
        s->k[pk].pred_hit++;
        if (!x->label) continue;
        s->with_spk[K_ALL]++;
        s->with_spk[gk]++;
        const char *name = p->entity >= 0 && d && (size_t)p->entity < d->ne ? d->e[p->entity].name
                                                                              : NULL;
        const char *ph = p->spk_end ? a->text + p->spk_start : NULL;
        size_t pl = p->spk_end ? p->spk_end - p->spk_start : 0;
        if (ex_name_right(x->label, name, ph, pl)) {
            s->spk_right[K_ALL]++;
            s->spk_right[gk]++;
            s->spk_resolved += name != NULL;
        } else if (show) {
            printf("SPEAKER %s %s: [%.*s] got [%.*s] = %s, want %s\n", a->id,
                   quo_kind_name(p->kind), (int)(p->end - p->start > 70 ? 70 : p->end - p->start),
                   a->text + p->start, (int)pl, ph ? ph : "", name ? name : "-", x->label);
        }
    }
    for (size_t i = 0; i < q->n && show; i++)
        if (!taken[i])
            printf("FP %s %s: [%.*s] SPK [%.*s]\n", a->id, quo_kind_name(q->v[i].kind),
                   (int)(q->v[i].end - q->v[i].start), a->text + q->v[i].start,
                   (int)(q->v[i].spk_end - q->v[i].spk_start), a->text + q->v[i].spk_start);
    free(taken);
    free(match);
}

static json_t *qkind_json(const qscore *s, int k) {
    json_t *o = ex_prf_json(&s->k[k]);
    json_object_set_new(o, "matched_with_speaker", json_integer(s->with_spk[k]));
    json_object_set_new(o, "speaker_accuracy", json_real(ex_ratio(s->spk_right[k], s->with_spk[k])));
    return o;
}

int cli_eval_quotes_jsonl(cli_ctx *c, const char *gold, const char *articles, const char *model,
                          int show) {
    ex_articles a = {0};
    gitems g = {0};
    int x = load(gold, articles, 1, &a, &g);
    char buf[4096];
    const char *mpath = ex_pick_model(model, buf, sizeof(buf));
    ner_model *m = NULL;
    tl_err e;
    err_clear(&e);
    if (x == EXIT_OK && mpath && ner_model_load(mpath, &m, &e) != TL_OK) {
        cli_error(&e);
        x = EXIT_FAIL;
    }
    qscore s;
    memset(&s, 0, sizeof(s));
    for (size_t i = 0; x == EXIT_OK && i < a.n; i++) {
        ent_doc d = ENT_DOC_INIT;
        quo_list q = QUO_LIST_INIT;
        const ex_article *ar = &a.v[i];
        int rc = ex_analyze(m, ar->text, ar->len, ar->has_pub, ar->pub_day, &d, NULL, &e);
        if (rc == TL_OK) rc = quo_extract(ar->text, ar->len, &d, &q, &e);
        if (rc == TL_OK) score_quotes(ar, i, &g, &d, &q, &s, show);
        else {
            fprintf(stderr, "trilat: %s: ", ar->id);
            cli_error(&e);
            x = EXIT_FAIL;
        }
        ent_doc_free(&d);
        quo_list_free(&q);
    }
    size_t narts = a.n;
    gitems_free(&g);
    ex_articles_free(&a);
    ner_model_free(m);
    if (x != EXIT_OK) return x;
    if (c->json) {
        json_t *o = qkind_json(&s, K_ALL);
        json_object_set_new(o, "gold_file", json_string(gold));
        json_object_set_new(o, "articles", json_integer((json_int_t)narts));
        json_object_set_new(o, "recognizer", json_string(mpath ? "model" : "rules"));
        json_object_set_new(o, "speaker_resolved",
                            json_real(ex_ratio(s.spk_resolved, s.spk_right[K_ALL])));
        json_object_set_new(o, "direct", qkind_json(&s, K_DIRECT));
        json_object_set_new(o, "indirect", qkind_json(&s, K_INDIRECT));
        cli_print_json(o);
        return EXIT_OK;
    }
    static const char *const KN[] = {"all", "direct", "indirect"};
    printf("%zu articles, recognizer: %s\n", narts, mpath ? mpath : "rules");
    printf("%-12s %6s %6s %7s %7s %7s %9s\n", "kind", "gold", "pred", "P", "R", "F1", "speaker");
    for (int k = 0; k < K_N; k++) {
        ex_prf_row(KN[k], &s.k[k]);
        printf(" %8.1f%% (%ld)\n", 100 * ex_ratio(s.spk_right[k], s.with_spk[k]), s.with_spk[k]);
    }
    printf("right speakers resolved to an entity: %.1f%%\n",
           100 * ex_ratio(s.spk_resolved, s.spk_right[K_ALL]));
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * Dates
 * ---------------------------------------------------------------------- */

typedef struct {
    ex_prf det;
    long dated, right;           /* matched gold with a date; resolved to it */
    long by_cert[3], right_cert[3];
    long null_resolved;          /* matched gold without a date that got one */
} dscore;

static void score_dates(const ex_article *a, size_t ai, gitems *g, const when_list *w, dscore *s,
                        int show) {
    char *taken = calloc(w->n ? w->n : 1, 1);
    if (!taken) return;
    s->det.pred += (long)w->n;
    for (size_t gi = 0; gi < g->n; gi++) {
        gitem *x = &g->v[gi];
        if (x->art != ai) continue;
        s->det.gold++;
        size_t best = SIZE_MAX, bestov = 0;
        for (size_t i = 0; i < w->n; i++) {
            ex_span p = {w->v[i].start, w->v[i].end};
            if (taken[i] || !ex_half_overlap(p, x->s)) continue;
            if (ex_overlap(p, x->s) > bestov) {
                bestov = ex_overlap(p, x->s);
                best = i;
            }
        }
        if (best == SIZE_MAX) {
            if (show)
                printf("MISS %s: [%.*s] %s\n", a->id, (int)(x->s.b - x->s.a), a->text + x->s.a,
                       x->label ? x->label : "null");
            continue;
        }
        taken[best] = 1;
        s->det.gold_hit++;
        s->det.pred_hit++;
        const when_expr *p = &w->v[best];
        char got[64] = "unresolved";
        if (p->certainty != WHEN_UNRESOLVED) when_format(p, got, sizeof(got));
        if (!x->label) {
            s->null_resolved += p->certainty != WHEN_UNRESOLVED;
            continue;
        }
        int ok = p->certainty != WHEN_UNRESOLVED && strcmp(got, x->label) == 0;
        s->dated++;
        s->right += ok;
        s->by_cert[p->certainty]++;
        s->right_cert[p->certainty] += ok;
        if (!ok && show)
            printf("WRONG %s: [%.*s] got %s (as [%.*s]) want %s\n", a->id, (int)(x->s.b - x->s.a),
                   a->text + x->s.a, got, (int)(p->end - p->start), a->text + p->start, x->label);
    }
    for (size_t i = 0; i < w->n && show; i++)
        if (!taken[i]) {
            char got[64] = "unresolved";
            if (w->v[i].certainty != WHEN_UNRESOLVED) when_format(&w->v[i], got, sizeof(got));
            printf("FP %s: [%.*s] %s\n", a->id, (int)(w->v[i].end - w->v[i].start),
                   a->text + w->v[i].start, got);
        }
    free(taken);
}

static const char DATES_HELP[] =
    "usage: trilat eval dates --gold FILE --articles FILE [--show-errors] [--json]\n"
    "\n"
    "Score time expressions (when_find, resolved against each article's\n"
    "publication day) against a JSON Lines gold file: one line per\n"
    "expression, {\"article\", \"text\", \"date\": \"YYYY-MM-DD\" or\n"
    "\"YYYY-MM-DD..YYYY-MM-DD\" or null, \"occurrence\": N when the text\n"
    "occurs more than once} (examples/gold/dates.jsonl). Reports detection\n"
    "precision/recall/F1 (a prediction matches when the spans overlap by at\n"
    "least half the shorter) and, on matched expressions with a gold date,\n"
    "resolution accuracy (exactly the same day or range). --show-errors\n"
    "prints misses (MISS), unmatched predictions (FP) and wrong dates\n"
    "(WRONG). Protocol and figures: docs/eval-events.md.\n";

int cli_eval_dates(cli_ctx *c, int argc, char **argv) {
    ex_args ea;
    int pa = ex_parse_args(c, argc, argv, EX_OPT_GOLD | EX_OPT_ARTICLES | EX_OPT_SHOW, DATES_HELP, &ea);
    if (pa >= 0) return pa;
    const char *gold = ea.gold, *articles = ea.articles;
    int show = ea.show;
    if (!gold || !articles) {
        cli_usage_error("eval", "--gold FILE and --articles FILE are required");
        return EXIT_USAGE;
    }
    ex_articles a = {0};
    gitems g = {0};
    int x = load(gold, articles, 0, &a, &g);
    dscore s;
    memset(&s, 0, sizeof(s));
    for (size_t i = 0; x == EXIT_OK && i < a.n; i++) {
        when_list w = WHEN_LIST_INIT;
        if (when_find(a.v[i].text, a.v[i].len, a.v[i].has_pub, a.v[i].pub_day, &w) != TL_OK) {
            fprintf(stderr, "trilat: out of memory\n");
            x = EXIT_FAIL;
        } else {
            score_dates(&a.v[i], i, &g, &w, &s, show);
        }
        when_list_free(&w);
    }
    size_t narts = a.n;
    gitems_free(&g);
    ex_articles_free(&a);
    if (x != EXIT_OK) return x;
    static const char *const CN[] = {"exact", "inferred", "unresolved"};
    if (c->json) {
        json_t *o = ex_prf_json(&s.det), *bc = json_object();
        json_object_set_new(o, "gold_file", json_string(gold));
        json_object_set_new(o, "articles", json_integer((json_int_t)narts));
        json_object_set_new(o, "matched_with_date", json_integer(s.dated));
        json_object_set_new(o, "resolved_right", json_integer(s.right));
        json_object_set_new(o, "resolution_accuracy", json_real(ex_ratio(s.right, s.dated)));
        json_object_set_new(o, "matched_null_resolved", json_integer(s.null_resolved));
        for (int k = 0; k < 3; k++) {
            json_t *x2 = json_object();
            json_object_set_new(x2, "matched", json_integer(s.by_cert[k]));
            json_object_set_new(x2, "right", json_integer(s.right_cert[k]));
            json_object_set_new(bc, CN[k], x2);
        }
        json_object_set_new(o, "by_certainty", bc);
        cli_print_json(o);
        return EXIT_OK;
    }
    printf("%zu articles\n", narts);
    printf("%-12s %6s %6s %7s %7s %7s\n", "", "gold", "pred", "P", "R", "F1");
    ex_prf_row("expressions", &s.det);
    printf("\nresolution on %ld matched expressions with a gold date: %.1f%% right\n", s.dated,
           100 * ex_ratio(s.right, s.dated));
    for (int k = 0; k < 3; k++)
        if (s.by_cert[k])
            printf("  %-10s %ld/%ld\n", CN[k], s.right_cert[k], s.by_cert[k]);
    printf("matched expressions without a gold date that were resolved: %ld\n", s.null_resolved);
    return EXIT_OK;
}
