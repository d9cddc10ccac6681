/* cmd_eval_events.c -- `trilat eval events`: score the event extractor
 * (event.h) against two gold sources:
 *
 *   --gold FILE --articles FILE   the hand-made gold of the examples
 *        corpus (examples/gold/events.jsonl: sentence, trigger, CAMEO code,
 *        actor, target, resolved date; examples/README.md);
 *   --petrarch DIR                the PETRARCH2 unit-test records
 *        (PETR.UnitTest.records.xml: sentences with gold CAMEO codings and
 *        PETRARCH actor codes), read where they lie (petr.h).
 *
 * Each text goes through the same pipeline as the store would run: names
 * (NER model or rules) -> ent_analyze -> when_find against the publication
 * day -> evt_extract.
 *
 * Protocol (docs/eval-events.md): a predicted event matches a gold event
 * of the same sentence (examples: its trigger starts inside the gold
 * sentence; PETRARCH: the same record) with the same CAMEO root; one to
 * one, gold in file order, a prediction with the exact code first, then
 * the trigger nearest the gold one. Reported: detection P/R/F1 on the root
 * and on the exact code; on matched events, actor and target accuracy
 * (examples: ex_name_right on the canonical name; PETRARCH: the phrase
 * coded with PETRARCH's dictionaries, compared on the country part and
 * exactly) and date accuracy (examples). Negated predictions ("did not
 * meet") and future ones ("will meet", "is due to meet") are left out on
 * the examples, whose gold has neither.
 */
#include "cli.h"
#include "date.h"
#include "event.h"
#include "evalx.h"
#include "petr.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Scores
 * ---------------------------------------------------------------------- */

#define NROOT 21

typedef struct {
    ex_prf root, exact;
    long act_n, act_right, act_exact;    /* matched with a gold actor */
    long tgt_n, tgt_right, tgt_exact;
    long date_n, date_right;             /* matched with a gold date */
    long gold_root[NROOT], pred_root[NROOT], hit_root[NROOT];
    long negated;                        /* predictions left out (negated or future) */
} escore;

/* Root of a code as written ("036" -> 3, "1717" -> 17), 0 when it is not
 * one of CAMEO's 20 roots. */
static int code_root(const char *c) {
    if (!c || c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9') return 0;
    int r = (c[0] - '0') * 10 + (c[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

static int pred_root(const evt_event *ev) {
    int r = evt_root(ev->code);
    return r >= 1 && r <= 20 ? r : 0;
}

/* Best untaken prediction for a gold event: same root, inside [lo, hi)
 * (trigger start), exact code first, then nearest trigger to near. */
static size_t best_pred(const evt_list *p, const char *taken, int root, const char *code,
                        size_t lo, size_t hi, size_t near) {
    size_t best = SIZE_MAX, bestd = SIZE_MAX;
    int bestx = -1;
    for (size_t i = 0; i < p->n; i++) {
        const evt_event *ev = &p->v[i];
        if (taken[i] || pred_root(ev) != root || ev->trig_start < lo || ev->trig_start >= hi)
            continue;
        int x = ev->code && strcmp(ev->code, code) == 0;
        size_t d = ev->trig_start > near ? ev->trig_start - near : near - ev->trig_start;
        if (x > bestx || (x == bestx && d < bestd)) {
            best = i;
            bestd = d;
            bestx = x;
        }
    }
    return best;
}

static void count_preds(const evt_list *p, char *taken, escore *s, int drop_negated) {
    for (size_t i = 0; i < p->n; i++) {
        if (drop_negated && (p->v[i].negated || p->v[i].future)) {
            taken[i] = 2;   /* not scored: the gold has neither denials nor plans */
            s->negated++;
            continue;
        }
        s->root.pred++;
        s->exact.pred++;
        s->pred_root[pred_root(&p->v[i])]++;
    }
}

/* ------------------------------------------------------------------------
 * Examples gold
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t art;
    ex_span sent;
    size_t trig;                /* offset of the trigger in the text */
    int triglen;                /* its length (0: no trigger given) */
    char code[8];
    char *actor, *target, *date;
} gevent;

typedef struct {
    gevent *v;
    size_t n, cap;
    const ex_articles *arts;
} gevents;

static char *dupn(const char *s) { return s ? strdup(s) : NULL; }

static int add_event(void *ud, json_t *o, long lineno, tl_err *e) {
    gevents *g = ud;
    const char *art = ex_str(o, "article"), *sent = ex_str(o, "sentence");
    const char *trig = ex_str(o, "trigger"), *code = ex_str(o, "code");
    json_t *occ = json_object_get(o, "occurrence");
    (void)lineno;
    if (!art || !sent || !code || !code_root(code))
        return err_set(e, TL_EPARSE, "expected \"article\", \"sentence\" and a CAMEO \"code\"");
    const ex_article *a = ex_articles_get(g->arts, art);
    if (!a) return err_set(e, TL_EPARSE, "article %s is not in the articles file", art);
    ex_span s;
    if (!ex_locate(a, sent, json_is_integer(occ) ? (long)json_integer_value(occ) : 1, &s))
        return err_set(e, TL_EPARSE, "sentence \"%.50s\" is not in article %s", sent, art);
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 128;
        gevent *nv = realloc(g->v, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        g->v = nv;
        g->cap = cap;
    }
    gevent *x = &g->v[g->n++];
    memset(x, 0, sizeof(*x));
    x->art = (size_t)(a - g->arts->v);
    x->sent = s;
    x->trig = s.a;
    const char *t = trig ? strstr(sent, trig) : NULL;
    if (t) {
        x->trig = s.a + (size_t)(t - sent);
        x->triglen = (int)strlen(trig);
    }
    snprintf(x->code, sizeof(x->code), "%s", code);
    x->actor = dupn(ex_str(o, "actor"));
    x->target = dupn(ex_str(o, "target"));
    x->date = dupn(ex_str(o, "date"));
    return TL_OK;
}

static void gevents_free(gevents *g) {
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].actor);
        free(g->v[i].target);
        free(g->v[i].date);
    }
    free(g->v);
}

static const char *ent_name(const ent_doc *d, long i) {
    return i >= 0 && (size_t)i < d->ne ? d->e[i].name : NULL;
}

static void score_article(const ex_article *a, size_t ai, const gevents *g, const ent_doc *d,
                          const when_list *w, const evt_list *p, escore *s, int show) {
    char *taken = calloc(p->n ? p->n : 1, 1);
    if (!taken) return;
    count_preds(p, taken, s, 1);
    for (size_t gi = 0; gi < g->n; gi++) {
        const gevent *x = &g->v[gi];
        if (x->art != ai) continue;
        int root = code_root(x->code);
        s->root.gold++;
        s->exact.gold++;
        s->gold_root[root]++;
        size_t b = best_pred(p, taken, root, x->code, x->sent.a, x->sent.b, x->trig);
        if (b == SIZE_MAX) {
            if (show)
                printf("MISS %s %s [%.*s] %s -> %s: %.*s\n", a->id, x->code, x->triglen,
                       a->text + x->trig,
                       x->actor ? x->actor : "-", x->target ? x->target : "-",
                       (int)(x->sent.b - x->sent.a), a->text + x->sent.a);
            continue;
        }
        taken[b] = 1;
        const evt_event *ev = &p->v[b];
        int exact = strcmp(ev->code, x->code) == 0;
        s->root.gold_hit++;
        s->root.pred_hit++;
        s->exact.gold_hit += exact;
        s->exact.pred_hit += exact;
        s->hit_root[root]++;
        if (!exact && show)
            printf("CODE %s [%.*s]: got %s, want %s\n", a->id,
                   (int)(ev->trig_end - ev->trig_start), a->text + ev->trig_start, ev->code,
                   x->code);
        const char *an = ent_name(d, ev->actor), *tn = ent_name(d, ev->target);
        const char *ap = ev->act_end ? a->text + ev->act_start : NULL;
        const char *tp = ev->tgt_end ? a->text + ev->tgt_start : NULL;
        size_t al = ev->act_end ? ev->act_end - ev->act_start : 0;
        size_t tl = ev->tgt_end ? ev->tgt_end - ev->tgt_start : 0;
        if (x->actor) {
            int ok = ex_name_right(x->actor, an, ap, al);
            s->act_n++;
            s->act_right += ok;
            if (!ok && show)
                printf("ACTOR %s %s [%.*s]: got [%.*s] = %s, want %s\n", a->id, ev->code,
                       (int)(ev->trig_end - ev->trig_start), a->text + ev->trig_start, (int)al,
                       ap ? ap : "", an ? an : "-", x->actor);
        }
        if (x->target) {
            int ok = ex_name_right(x->target, tn, tp, tl);
            s->tgt_n++;
            s->tgt_right += ok;
            if (!ok && show)
                printf("TARGET %s %s [%.*s]: got [%.*s] = %s, want %s\n", a->id, ev->code,
                       (int)(ev->trig_end - ev->trig_start), a->text + ev->trig_start, (int)tl,
                       tp ? tp : "", tn ? tn : "-", x->target);
        }
        if (x->date) {
            char got[64] = "none";
            if (ev->when >= 0 && (size_t)ev->when < w->n &&
                w->v[ev->when].certainty != WHEN_UNRESOLVED)
                when_format(&w->v[ev->when], got, sizeof(got));
            int ok = strcmp(got, x->date) == 0;
            s->date_n++;
            s->date_right += ok;
            if (!ok && show)
                printf("DATE %s %s [%.*s]: got %s, want %s\n", a->id, ev->code,
                       (int)(ev->trig_end - ev->trig_start), a->text + ev->trig_start, got,
                       x->date);
        }
    }
    for (size_t i = 0; i < p->n && show; i++)
        if (!taken[i])
            printf("FP %s %s [%.*s]: %.*s\n", a->id, p->v[i].code,
                   (int)(p->v[i].trig_end - p->v[i].trig_start), a->text + p->v[i].trig_start,
                   (int)(p->v[i].sent_end - p->v[i].sent_start), a->text + p->v[i].sent_start);
    free(taken);
}

static int run_examples(const char *gold, const char *articles, const ner_model *m, escore *s,
                        size_t *narts, int show) {
    tl_err e;
    err_clear(&e);
    ex_articles a = {0};
    gevents g = {0};
    int x = EXIT_OK;
    if (ex_articles_read(articles, &a, &e) != TL_OK) x = EXIT_FAIL;
    g.arts = &a;
    if (x == EXIT_OK && ex_gold_each(gold, add_event, &g, &e) != TL_OK) x = EXIT_FAIL;
    if (x == EXIT_OK && g.n == 0) {
        err_set(&e, TL_EEMPTY, "%s: no gold events", gold);
        x = EXIT_FAIL;
    }
    for (size_t i = 0; x == EXIT_OK && i < a.n; i++) {
        const ex_article *ar = &a.v[i];
        ent_doc d = ENT_DOC_INIT;
        when_list w = WHEN_LIST_INIT;
        evt_list p = EVT_LIST_INIT;
        int rc = ex_analyze(m, ar->text, ar->len, ar->has_pub, ar->pub_day, &d, &w, &e);
        if (rc == TL_OK) rc = evt_extract(ar->text, ar->len, &d, &w, &p, &e);
        if (rc == TL_OK) score_article(ar, i, &g, &d, &w, &p, s, show);
        else x = EXIT_FAIL;
        ent_doc_free(&d);
        when_list_free(&w);
        evt_list_free(&p);
    }
    if (x != EXIT_OK) cli_error(&e);
    *narts = a.n;
    gevents_free(&g);
    ex_articles_free(&a);
    return x;
}

/* ------------------------------------------------------------------------
 * PETRARCH records
 * ---------------------------------------------------------------------- */

typedef struct {
    long records, skipped, codings, outside;   /* outside: codes with no CAMEO root */
} pstats;

static void code_of(const petr_dict *ac, const petr_dict *ag, const petr_record *r,
                    const ent_doc *d, long ent, size_t a, size_t b, char *out, size_t cap) {
    out[0] = 0;
    if (b > a) petr_code(ac, ag, r->text + a, b - a, r->date, out, cap);
    const char *n = ent_name(d, ent);
    if (!out[0] && n) petr_code(ac, ag, n, strlen(n), r->date, out, cap);
}

static void score_record(const petr_record *r, const petr_dict *ac, const petr_dict *ag,
                         const ent_doc *d, const evt_list *p, escore *s, pstats *ps, int show) {
    char *taken = calloc(p->n ? p->n : 1, 1);
    if (!taken) return;
    count_preds(p, taken, s, 0);
    for (int k = 0; k < r->nc; k++) {
        const petr_coding *c = &r->c[k];
        int root = code_root(c->code);
        if (!root || strlen(c->code) < 3) { ps->outside++; continue; }
        s->root.gold++;
        s->exact.gold++;
        s->gold_root[root]++;
        size_t b = best_pred(p, taken, root, c->code, 0, SIZE_MAX, 0);
        if (b == SIZE_MAX) {
            if (show)
                printf("MISS %s %s %s -> %s: %s\n", r->id, c->code, c->src, c->tgt, r->text);
            continue;
        }
        taken[b] = 1;
        const evt_event *ev = &p->v[b];
        int exact = strcmp(ev->code, c->code) == 0;
        s->root.gold_hit++;
        s->root.pred_hit++;
        s->exact.gold_hit += exact;
        s->exact.pred_hit += exact;
        s->hit_root[root]++;
        if (!exact && show) printf("CODE %s: got %s, want %s\n", r->id, ev->code, c->code);
        char pa[64], pt[64];
        code_of(ac, ag, r, d, ev->actor, ev->act_start, ev->act_end, pa, sizeof(pa));
        code_of(ac, ag, r, d, ev->target, ev->tgt_start, ev->tgt_end, pt, sizeof(pt));
        if (c->src[0]) {
            s->act_n++;
            s->act_right += petr_same_country(c->src, pa);
            s->act_exact += strcmp(c->src, pa) == 0;
        }
        if (c->tgt[0]) {
            s->tgt_n++;
            s->tgt_right += petr_same_country(c->tgt, pt);
            s->tgt_exact += strcmp(c->tgt, pt) == 0;
        }
        if (show && (strcmp(c->src, pa) || strcmp(c->tgt, pt)))
            printf("ACTORS %s %s: got %s -> %s ([%.*s] -> [%.*s]), want %s -> %s\n", r->id,
                   c->code, pa[0] ? pa : "-", pt[0] ? pt : "-",
                   (int)(ev->act_end > ev->act_start ? ev->act_end - ev->act_start : 0),
                   r->text + ev->act_start,
                   (int)(ev->tgt_end > ev->tgt_start ? ev->tgt_end - ev->tgt_start : 0),
                   r->text + ev->tgt_start, c->src, c->tgt);
    }
    for (size_t i = 0; i < p->n && show; i++)
        if (!taken[i])
            printf("FP %s %s [%.*s]: %s\n", r->id, p->v[i].code,
                   (int)(p->v[i].trig_end - p->v[i].trig_start), r->text + p->v[i].trig_start,
                   r->text);
    free(taken);
}

static int run_petrarch(const char *dir, const ner_model *m, escore *s, pstats *ps, int show) {
    tl_err e;
    err_clear(&e);
    char path[4096];
    petr_records recs = {0};
    petr_dict *ac = NULL, *ag = NULL;
    int x = EXIT_OK;
    snprintf(path, sizeof(path), "%s/PETR.UnitTest.records.xml", dir);
    if (petr_read_records(path, &recs, &e) != TL_OK) x = EXIT_FAIL;
    snprintf(path, sizeof(path), "%s/PETR.Validate.actors.txt", dir);
    if (x == EXIT_OK && petr_read_dict(path, 0, &ac, &e) != TL_OK) x = EXIT_FAIL;
    snprintf(path, sizeof(path), "%s/PETR.Validate.agents.txt", dir);
    if (x == EXIT_OK && petr_read_dict(path, 1, &ag, &e) != TL_OK) x = EXIT_FAIL;
    ps->records = (long)recs.n;
    ps->skipped = recs.skipped;
    ps->codings = recs.codings;
    for (size_t i = 0; x == EXIT_OK && i < recs.n; i++) {
        const petr_record *r = &recs.v[i];
        int64_t day = 0;
        int has = r->date > 0;
        if (has) day = date_days_from_civil((int)(r->date / 10000), (int)(r->date / 100 % 100),
                                            (int)(r->date % 100));
        ent_doc d = ENT_DOC_INIT;
        when_list w = WHEN_LIST_INIT;
        evt_list p = EVT_LIST_INIT;
        int rc = ex_analyze(m, r->text, r->len, has, day, &d, &w, &e);
        if (rc == TL_OK) rc = evt_extract(r->text, r->len, &d, &w, &p, &e);
        if (rc == TL_OK) score_record(r, ac, ag, &d, &p, s, ps, show);
        else x = EXIT_FAIL;
        ent_doc_free(&d);
        when_list_free(&w);
        evt_list_free(&p);
    }
    if (x != EXIT_OK) cli_error(&e);
    petr_records_free(&recs);
    petr_dict_free(ac);
    petr_dict_free(ag);
    return x;
}

/* ------------------------------------------------------------------------
 * Report
 * ---------------------------------------------------------------------- */

static json_t *acc_json(long n, long right, long exact, int with_exact) {
    json_t *o = json_object();
    json_object_set_new(o, "matched_with_gold", json_integer(n));
    json_object_set_new(o, "right", json_integer(right));
    json_object_set_new(o, "accuracy", json_real(ex_ratio(right, n)));
    if (with_exact) {
        json_object_set_new(o, "exact", json_integer(exact));
        json_object_set_new(o, "exact_accuracy", json_real(ex_ratio(exact, n)));
    }
    return o;
}

static void print_report(const escore *s, int petr) {
    printf("%-12s %6s %6s %7s %7s %7s\n", "", "gold", "pred", "P", "R", "F1");
    ex_prf_row("events/root", &s->root);
    putchar('\n');
    ex_prf_row("events/code", &s->exact);
    putchar('\n');
    const char *how = petr ? " (country part; exact code" : "";
    printf("on matched events:\n");
    printf("  code   %ld/%ld exact (%.1f%%)\n", s->exact.gold_hit, s->root.gold_hit,
           100 * ex_ratio(s->exact.gold_hit, s->root.gold_hit));
    printf("  actor  %ld/%ld right (%.1f%%)%s", s->act_right, s->act_n,
           100 * ex_ratio(s->act_right, s->act_n), how);
    if (petr) printf(" %ld, %.1f%%)", s->act_exact, 100 * ex_ratio(s->act_exact, s->act_n));
    printf("\n  target %ld/%ld right (%.1f%%)%s", s->tgt_right, s->tgt_n,
           100 * ex_ratio(s->tgt_right, s->tgt_n), how);
    if (petr) printf(" %ld, %.1f%%)", s->tgt_exact, 100 * ex_ratio(s->tgt_exact, s->tgt_n));
    putchar('\n');
    if (!petr)
        printf("  date   %ld/%ld right (%.1f%%)\n", s->date_right, s->date_n,
               100 * ex_ratio(s->date_right, s->date_n));
    printf("\n%-4s %-34s %6s %6s %8s\n", "root", "", "gold", "pred", "matched");
    for (int r = 0; r < NROOT; r++) {
        if (!s->gold_root[r] && !s->pred_root[r]) continue;
        const char *nm = r ? evt_root_name(r) : "(not a CAMEO root)";
        printf("%02d   %-34s %6ld %6ld %8ld\n", r, nm ? nm : "?", s->gold_root[r],
               s->pred_root[r], s->hit_root[r]);
    }
}

static const char EVENTS_HELP[] =
    "usage: trilat eval events --gold FILE --articles FILE [OPTIONS]\n"
    "       trilat eval events --petrarch DIR [OPTIONS]\n"
    "\n"
    "Score event extraction (who did what to whom, CAMEO-coded) against the\n"
    "examples gold (JSON Lines: {\"article\", \"sentence\", \"trigger\", \"code\",\n"
    "\"actor\", \"target\", \"date\", \"date_text\"}, examples/gold/events.jsonl)\n"
    "or the PETRARCH2 unit-test records (DIR holds PETR.UnitTest.records.xml,\n"
    "PETR.Validate.actors.txt and PETR.Validate.agents.txt).\n"
    "\n"
    "A prediction matches a gold event of the same sentence with the same\n"
    "CAMEO root (one to one, exact code first). Reports detection P/R/F1 on\n"
    "the root and on the exact code and, on matched events, actor, target\n"
    "and (examples) date accuracy; PETRARCH actors are coded with its own\n"
    "dictionaries and compared on the country part and exactly.\n"
    "\n"
    "Options:\n"
    "  --model FILE|none   NER model (default: ner.model next to the binary,\n"
    "                      if any; none: rules)\n"
    "  --show-errors       print misses (MISS), unmatched predictions (FP)\n"
    "                      and wrong codes, actors, targets and dates\n"
    "  --json              figures as JSON\n"
    "Protocol and figures: docs/eval-events.md.\n";

int cli_eval_events(cli_ctx *c, int argc, char **argv) {
    ex_args ea;
    int pa = ex_parse_args(c, argc, argv,
                          EX_OPT_GOLD | EX_OPT_ARTICLES | EX_OPT_PETRARCH | EX_OPT_MODEL | EX_OPT_SHOW,
                          EVENTS_HELP, &ea);
    if (pa >= 0) return pa;
    const char *gold = ea.gold, *articles = ea.articles, *petr = ea.petrarch, *model = ea.model;
    int show = ea.show;
    if (!!petr == !!gold || (gold && !articles) || (petr && articles)) {
        cli_usage_error("eval", "give either --gold FILE --articles FILE or --petrarch DIR");
        return EXIT_USAGE;
    }
    char buf[4096];
    const char *mpath = ex_pick_model(model, buf, sizeof(buf));
    ner_model *m = NULL;
    tl_err e;
    err_clear(&e);
    if (mpath && ner_model_load(mpath, &m, &e) != TL_OK) { cli_error(&e); return EXIT_FAIL; }
    escore s;
    pstats ps;
    memset(&s, 0, sizeof(s));
    memset(&ps, 0, sizeof(ps));
    size_t narts = 0;
    int x = petr ? run_petrarch(petr, m, &s, &ps, show)
                 : run_examples(gold, articles, m, &s, &narts, show);
    ner_model_free(m);
    if (x != EXIT_OK) return x;
    if (c->json) {
        json_t *o = json_object(), *br = json_object();
        json_object_set_new(o, "source", json_string(petr ? "petrarch" : "examples"));
        json_object_set_new(o, "gold", json_string(petr ? petr : gold));
        json_object_set_new(o, "recognizer", json_string(mpath ? "model" : "rules"));
        if (petr) {
            json_object_set_new(o, "records", json_integer(ps.records));
            json_object_set_new(o, "skipped_not_sentence", json_integer(ps.skipped));
            json_object_set_new(o, "codings", json_integer(ps.codings));
            json_object_set_new(o, "codings_outside_cameo", json_integer(ps.outside));
        } else {
            json_object_set_new(o, "articles", json_integer((json_int_t)narts));
            json_object_set_new(o, "negated_left_out", json_integer(s.negated));
            json_object_set_new(o, "date", acc_json(s.date_n, s.date_right, 0, 0));
        }
        json_object_set_new(o, "root", ex_prf_json(&s.root));
        json_object_set_new(o, "exact", ex_prf_json(&s.exact));
        json_object_set_new(o, "code_accuracy", json_real(ex_ratio(s.exact.gold_hit, s.root.gold_hit)));
        json_object_set_new(o, "actor", acc_json(s.act_n, s.act_right, s.act_exact, !!petr));
        json_object_set_new(o, "target", acc_json(s.tgt_n, s.tgt_right, s.tgt_exact, !!petr));
        for (int r = 0; r < NROOT; r++) {
            if (!s.gold_root[r] && !s.pred_root[r]) continue;
            char k[8];
            snprintf(k, sizeof(k), "%02d", r);
            json_t *x2 = json_object();
            json_object_set_new(x2, "gold", json_integer(s.gold_root[r]));
            json_object_set_new(x2, "predicted", json_integer(s.pred_root[r]));
            json_object_set_new(x2, "matched", json_integer(s.hit_root[r]));
            json_object_set_new(br, k, x2);
        }
        json_object_set_new(o, "by_root", br);
        cli_print_json(o);
        return EXIT_OK;
    }
    if (petr)
        printf("PETRARCH2 unit tests: %ld records (%ld with sentence=\"false\" left out), %ld "
               "codings (%ld with a code outside CAMEO's 20 roots left out); recognizer: %s\n",
               ps.records, ps.skipped, ps.codings, ps.outside, mpath ? mpath : "rules");
    else
        printf("%zu articles, recognizer: %s; %ld negated or future predictions left out\n", narts,
               mpath ? mpath : "rules", s.negated);
    print_report(&s, !!petr);
    return EXIT_OK;
}
