/* cmd_eval_facts.c -- `trilat eval facts`: score cross-source facts (the
 * claims of a story aligned into agree / conflict / single-source facts,
 * facts.h) as `trilat story` shows them, against the hand-made gold of
 * the examples corpus (examples/gold/facts.jsonl).
 *
 * Why over a store and not over an articles file: facts depend on the
 * stories and storylines clustering made (event-bound claims align only
 * within a story, state-like ones across a storyline) and on which
 * articles are near-duplicate copies of one source. The harness scores
 * what the user sees after `trilat ingest examples/corpus && trilat
 * cluster`, through the same story view (cli_story_facts).
 *
 * Protocol (docs/facts.md, "Evaluation"):
 *   predicted  every story's facts (store_list_stories, then
 *              cli_story_facts); a fact shown by several stories (one of
 *              a storyline) is counted once; a claim is (article, start,
 *              end) and belongs to the first fact that shows it.
 *   coverage   a gold claim is covered when a predicted claim of the same
 *              article overlaps the gold text's span in the stored text
 *              (one to one, the largest overlap).
 *   alignment  pairs of covered gold claims from different articles: gold
 *              positive when both are in one gold fact, predicted positive
 *              when their predicted claims are in one predicted fact;
 *              P/R/F1 over the pairs.
 *   labels     over gold facts whose claims are all covered and all in one
 *              predicted fact: the predicted label against the gold one.
 * --errors lists uncovered claims, split gold facts, wrongly joined pairs
 * and wrong labels.
 */
#include "cli.h"
#include "evalx.h"

#include <stdlib.h>
#include <string.h>

static const char FACTS_HELP[] =
    "usage: trilat eval facts --gold FILE [--db PATH] [--errors] [--json]\n"
    "\n"
    "Score the cross-source facts of a clustered store (`trilat ingest\n"
    "examples/corpus && trilat cluster`) against a JSON Lines gold file such\n"
    "as examples/gold/facts.jsonl: {\"label\": \"agree\"|\"conflict\"|\"single\",\n"
    "\"claims\": [{\"article\", \"text\", \"occurrence\"?}], ...}.\n"
    "\n"
    "Reported: claim coverage (gold claims found as predicted claims),\n"
    "pairwise alignment precision/recall/F1 over pairs of covered claims from\n"
    "different articles, and label accuracy on the gold facts predicted whole.\n"
    "\n"
    "Options:\n"
    "  --gold FILE   gold facts (JSON Lines)\n"
    "  --errors      list uncovered claims, split facts, wrong pairs and labels\n"
    "  --json        figures as JSON\n";

/* ------------------------------------------------------------------------
 * Predicted facts
 * ---------------------------------------------------------------------- */

typedef struct {
    char *article;
    size_t start, end;
    size_t fact;                 /* index into pfacts */
} pclaim;

typedef struct {
    char *label;
    char *key;                   /* its claims, for counting a fact once */
    size_t nclaims;
} pfact;

typedef struct {
    pclaim *c;
    size_t nc, capc;
    pfact *f;
    size_t nf, capf;
    long claims_twice;           /* claims shown in two different facts */
    uint32_t *stories;
    size_t ns, caps;
} pred_t;

static int on_story(void *ud, const store_story_row *r) {
    pred_t *p = ud;
    if (p->ns == p->caps) {
        size_t cap = p->caps ? p->caps * 2 : 64;
        uint32_t *nv = realloc(p->stories, cap * sizeof(*nv));
        if (!nv) return 1;
        p->stories = nv;
        p->caps = cap;
    }
    p->stories[p->ns++] = r->id;
    return 0;
}

static long find_claim(const pred_t *p, const char *art, size_t a, size_t b) {
    for (size_t i = 0; i < p->nc; i++)
        if (p->c[i].start == a && p->c[i].end == b && strcmp(p->c[i].article, art) == 0)
            return (long)i;
    return -1;
}

/* One predicted fact (a JSON object of cli_story_facts); TL_OK or
 * TL_ENOMEM. Facts without claims are skipped. */
static int add_fact(pred_t *p, json_t *f) {
    json_t *cl = json_object_get(f, "claims"), *c;
    size_t i, klen = 1;
    if (!json_is_array(cl) || json_array_size(cl) == 0) return TL_OK;
    json_array_foreach(cl, i, c) {
        const char *art = ex_str(c, "article");
        klen += (art ? strlen(art) : 0) + 48;
    }
    char *key = malloc(klen);
    if (!key) return TL_ENOMEM;
    size_t k = 0;
    key[0] = 0;
    json_array_foreach(cl, i, c) {
        const char *art = ex_str(c, "article");
        k += (size_t)snprintf(key + k, klen - k, "%s:%lld-%lld;", art ? art : "",
                              (long long)json_integer_value(json_object_get(c, "start")),
                              (long long)json_integer_value(json_object_get(c, "end")));
    }
    for (size_t j = 0; j < p->nf; j++)
        if (strcmp(p->f[j].key, key) == 0) { free(key); return TL_OK; }
    if (p->nf == p->capf) {
        size_t cap = p->capf ? p->capf * 2 : 64;
        pfact *nv = realloc(p->f, cap * sizeof(*nv));
        if (!nv) { free(key); return TL_ENOMEM; }
        p->f = nv;
        p->capf = cap;
    }
    pfact *pf = &p->f[p->nf];
    const char *lab = ex_str(f, "label");
    pf->label = strdup(lab ? lab : "");
    pf->key = key;
    pf->nclaims = 0;
    if (!pf->label) { free(key); return TL_ENOMEM; }
    p->nf++;
    json_array_foreach(cl, i, c) {
        const char *art = ex_str(c, "article");
        json_t *js = json_object_get(c, "start"), *je = json_object_get(c, "end");
        if (!art || !json_is_integer(js) || !json_is_integer(je)) continue;
        size_t a = (size_t)json_integer_value(js), b = (size_t)json_integer_value(je);
        pf->nclaims++;
        long at = find_claim(p, art, a, b);
        if (at >= 0) {
            if (p->c[at].fact != p->nf - 1) p->claims_twice++;
            continue;
        }
        if (p->nc == p->capc) {
            size_t cap = p->capc ? p->capc * 2 : 256;
            pclaim *nv = realloc(p->c, cap * sizeof(*nv));
            if (!nv) return TL_ENOMEM;
            p->c = nv;
            p->capc = cap;
        }
        pclaim *x = &p->c[p->nc];
        if (!(x->article = strdup(art))) return TL_ENOMEM;
        x->start = a;
        x->end = b;
        x->fact = p->nf - 1;
        p->nc++;
    }
    return TL_OK;
}

static int load_pred(store_t *s, pred_t *p, tl_err *e) {
    int rc = store_list_stories(s, NULL, 1, on_story, p, e);
    if (rc != TL_OK) return rc;
    for (size_t i = 0; i < p->ns; i++) {
        int frc = TL_OK;
        json_t *arr = cli_story_facts(s, p->stories[i], &frc, e);
        if (frc != TL_OK) { json_decref(arr); return frc; }
        size_t j;
        json_t *f;
        json_array_foreach(arr, j, f)
            if ((rc = add_fact(p, f)) != TL_OK) { json_decref(arr); return err_set(e, rc, "out of memory"); }
        json_decref(arr);
    }
    return TL_OK;
}

static void pred_free(pred_t *p) {
    for (size_t i = 0; i < p->nc; i++) free(p->c[i].article);
    for (size_t i = 0; i < p->nf; i++) {
        free(p->f[i].label);
        free(p->f[i].key);
    }
    free(p->c);
    free(p->f);
    free(p->stories);
}

/* ------------------------------------------------------------------------
 * Gold facts
 * ---------------------------------------------------------------------- */

typedef struct {
    char *article;
    char *text;
    ex_span s;
    size_t fact;
    long pred;                   /* predicted claim, -1: not covered */
} gclaim;

typedef struct {
    char *label, *measures;
    size_t first, n;             /* its claims in gclaims */
} gfact;

typedef struct {
    gclaim *c;
    size_t nc, capc;
    gfact *f;
    size_t nf, capf;
    store_t *s;
} gold_t;

static int add_gold(void *ud, json_t *o, long lineno, tl_err *e) {
    gold_t *g = ud;
    (void)lineno;
    const char *lab = ex_str(o, "label"), *meas = ex_str(o, "measures");
    json_t *cl = json_object_get(o, "claims"), *c;
    if (!lab || (strcmp(lab, "agree") && strcmp(lab, "conflict") && strcmp(lab, "single")))
        return err_set(e, TL_EPARSE, "\"label\" is \"agree\", \"conflict\" or \"single\"");
    if (!json_is_array(cl) || json_array_size(cl) == 0)
        return err_set(e, TL_EPARSE, "expected a non-empty \"claims\" array");
    if (g->nf == g->capf) {
        size_t cap = g->capf ? g->capf * 2 : 64;
        gfact *nv = realloc(g->f, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        g->f = nv;
        g->capf = cap;
    }
    gfact *f = &g->f[g->nf];
    f->label = strdup(lab);
    f->measures = strdup(meas ? meas : "");
    f->first = g->nc;
    f->n = 0;
    g->nf++;
    if (!f->label || !f->measures) return err_set(e, TL_ENOMEM, "out of memory");
    size_t i;
    json_array_foreach(cl, i, c) {
        const char *art = ex_str(c, "article"), *text = ex_str(c, "text");
        json_t *occ = json_object_get(c, "occurrence");
        if (!art || !text) return err_set(e, TL_EPARSE, "a claim needs \"article\" and \"text\"");
        art_t *a = NULL;
        char *dup = NULL;
        int rc = store_get_article(g->s, art, &a, &dup, e);
        free(dup);
        if (rc == TL_ENOTFOUND)
            return err_set(e, TL_EPARSE, "article %s is not in the store (ingest the corpus first)",
                           art);
        if (rc != TL_OK) return rc;
        ex_article ea = {a->id, a->text, a->text_len, 0, 0};
        ex_span s;
        int found = ex_locate(&ea, text, json_is_integer(occ) ? (long)json_integer_value(occ) : 1, &s);
        art_free(a);
        if (!found) return err_set(e, TL_EPARSE, "\"%.60s\" is not in article %s", text, art);
        if (g->nc == g->capc) {
            size_t cap = g->capc ? g->capc * 2 : 256;
            gclaim *nv = realloc(g->c, cap * sizeof(*nv));
            if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
            g->c = nv;
            g->capc = cap;
        }
        gclaim *x = &g->c[g->nc];
        x->article = strdup(art);
        x->text = strdup(text);
        x->s = s;
        x->fact = g->nf - 1;
        x->pred = -1;
        if (!x->article || !x->text) { free(x->article); free(x->text); return err_set(e, TL_ENOMEM, "out of memory"); }
        g->nc++;
        g->f[g->nf - 1].n++;
    }
    return TL_OK;
}

static void gold_free(gold_t *g) {
    for (size_t i = 0; i < g->nc; i++) {
        free(g->c[i].article);
        free(g->c[i].text);
    }
    for (size_t i = 0; i < g->nf; i++) {
        free(g->f[i].label);
        free(g->f[i].measures);
    }
    free(g->c);
    free(g->f);
}

/* ------------------------------------------------------------------------
 * Scoring
 * ---------------------------------------------------------------------- */

typedef struct {
    long claims, covered;
    ex_prf pairs;                /* gold = gold-positive pairs, pred = predicted-positive */
    long whole, label_right;     /* gold facts predicted whole; their labels right */
    long split;                  /* gold facts (>= 2 claims, all covered) spread over facts */
    long by_label[3], whole_by_label[3], right_by_label[3];
} fscore;

static int label_ix(const char *l) {
    return strcmp(l, "agree") == 0 ? 0 : strcmp(l, "conflict") == 0 ? 1 : 2;
}
static const char *const LABELS[3] = {"agree", "conflict", "single"};

static void cover(gold_t *g, const pred_t *p) {
    char *taken = calloc(p->nc ? p->nc : 1, 1);
    if (!taken) return;
    for (size_t i = 0; i < g->nc; i++) {
        gclaim *x = &g->c[i];
        size_t bestov = 0;
        for (size_t j = 0; j < p->nc; j++) {
            if (taken[j] || strcmp(p->c[j].article, x->article) != 0) continue;
            ex_span ps = {p->c[j].start, p->c[j].end};
            size_t ov = ex_overlap(ps, x->s);
            if (ov > bestov) {
                bestov = ov;
                x->pred = (long)j;
            }
        }
        if (x->pred >= 0) taken[x->pred] = 1;
    }
    free(taken);
}

static void score(gold_t *g, const pred_t *p, fscore *s, int show) {
    cover(g, p);
    for (size_t i = 0; i < g->nc; i++) {
        s->claims++;
        if (g->c[i].pred >= 0) s->covered++;
        else if (show)
            printf("UNCOVERED %s: [%s] (%s)\n", g->c[i].article, g->c[i].text,
                   g->f[g->c[i].fact].measures);
    }
    for (size_t i = 0; i < g->nc; i++)
        for (size_t j = i + 1; j < g->nc; j++) {
            const gclaim *a = &g->c[i], *b = &g->c[j];
            if (a->pred < 0 || b->pred < 0 || strcmp(a->article, b->article) == 0) continue;
            int gp = a->fact == b->fact;
            int pp = p->c[a->pred].fact == p->c[b->pred].fact;
            s->pairs.gold += gp;
            s->pairs.pred += pp;
            s->pairs.gold_hit += gp && pp;
            s->pairs.pred_hit += gp && pp;
            if (show && pp && !gp)
                printf("JOINED %s [%s] + %s [%s]\n", a->article, a->text, b->article, b->text);
        }
    for (size_t fi = 0; fi < g->nf; fi++) {
        const gfact *f = &g->f[fi];
        int gl = label_ix(f->label), all = 1, one = 1;
        long pf = -1;
        s->by_label[gl]++;
        for (size_t k = f->first; k < f->first + f->n; k++) {
            long pc = g->c[k].pred;
            if (pc < 0) { all = 0; continue; }
            if (pf < 0) pf = (long)p->c[pc].fact;
            else if ((long)p->c[pc].fact != pf) one = 0;
        }
        if (!all || pf < 0) continue;
        if (!one) {
            s->split++;
            if (show) {
                printf("SPLIT %s (%s):", f->measures, f->label);
                for (size_t k = f->first; k < f->first + f->n; k++)
                    printf(" %s[%s]->%zu", g->c[k].article, g->c[k].text, p->c[g->c[k].pred].fact);
                printf("\n");
            }
            continue;
        }
        s->whole++;
        s->whole_by_label[gl]++;
        const char *pl = p->f[pf].label;
        if (strcmp(pl, f->label) == 0) {
            s->label_right++;
            s->right_by_label[gl]++;
        } else if (show) {
            printf("LABEL %s: got %s, want %s\n", f->measures, pl, f->label);
        }
    }
}

/* ------------------------------------------------------------------------
 * The command
 * ---------------------------------------------------------------------- */

static void report(cli_ctx *c, const fscore *s, const pred_t *p, const gold_t *g, const char *gold) {
    long plab[4] = {0};
    for (size_t i = 0; i < p->nf; i++) {
        const char *l = p->f[i].label;
        plab[strcmp(l, "agree") == 0 ? 0 : strcmp(l, "conflict") == 0 ? 1 : strcmp(l, "single") == 0 ? 2 : 3]++;
    }
    if (c->json) {
        json_t *o = json_object();
        json_object_set_new(o, "gold_file", json_string(gold));
        json_object_set_new(o, "gold_facts", json_integer((json_int_t)g->nf));
        json_object_set_new(o, "gold_claims", json_integer(s->claims));
        json_object_set_new(o, "predicted_facts", json_integer((json_int_t)p->nf));
        json_object_set_new(o, "predicted_claims", json_integer((json_int_t)p->nc));
        json_object_set_new(o, "claims_in_two_facts", json_integer(p->claims_twice));
        json_object_set_new(o, "covered", json_integer(s->covered));
        json_object_set_new(o, "coverage", json_real(ex_ratio(s->covered, s->claims)));
        json_object_set_new(o, "pairs", ex_prf_json(&s->pairs));
        json_object_set_new(o, "facts_whole", json_integer(s->whole));
        json_object_set_new(o, "facts_split", json_integer(s->split));
        json_object_set_new(o, "label_right", json_integer(s->label_right));
        json_object_set_new(o, "label_accuracy", json_real(ex_ratio(s->label_right, s->whole)));
        json_t *bl = json_object(), *pl = json_object();
        for (int k = 0; k < 3; k++) {
            json_t *x = json_object();
            json_object_set_new(x, "gold", json_integer(s->by_label[k]));
            json_object_set_new(x, "whole", json_integer(s->whole_by_label[k]));
            json_object_set_new(x, "right", json_integer(s->right_by_label[k]));
            json_object_set_new(bl, LABELS[k], x);
            json_object_set_new(pl, LABELS[k], json_integer(plab[k]));
        }
        json_object_set_new(o, "by_label", bl);
        json_object_set_new(o, "predicted_by_label", pl);
        cli_print_json(o);
        return;
    }
    printf("gold: %zu facts, %ld claims; predicted: %zu facts (%ld agree, %ld conflict, %ld single), "
           "%zu claims\n", g->nf, s->claims, p->nf, plab[0], plab[1], plab[2], p->nc);
    printf("claim coverage   %6.1f%% (%ld/%ld)\n", 100 * ex_ratio(s->covered, s->claims), s->covered,
           s->claims);
    printf("%-12s %6s %6s %7s %7s %7s\n", "", "gold", "pred", "P", "R", "F1");
    ex_prf_row("pairs", &s->pairs);
    printf("\nfacts predicted whole %ld, split %ld; label accuracy %.1f%% (%ld/%ld)\n", s->whole,
           s->split, 100 * ex_ratio(s->label_right, s->whole), s->label_right, s->whole);
    for (int k = 0; k < 3; k++)
        printf("  %-9s gold %3ld  whole %3ld  right %3ld\n", LABELS[k], s->by_label[k],
               s->whole_by_label[k], s->right_by_label[k]);
}

int cli_eval_facts(cli_ctx *c, int argc, char **argv) {
    ex_args ea;
    int pa = ex_parse_args(c, argc, argv, EX_OPT_GOLD | EX_OPT_ERRORS | EX_OPT_SHOW, FACTS_HELP, &ea);
    if (pa >= 0) return pa;
    const char *gold = ea.gold;
    int show = ea.show;
    if (!gold) { cli_usage_error("eval", "facts needs --gold FILE"); return EXIT_USAGE; }
    store_t *st;
    int x = cli_open_store(c, 0, &st);
    if (x != EXIT_OK) return x;
    gold_t g = {0};
    pred_t p = {0};
    g.s = st;
    tl_err e;
    err_clear(&e);
    int rc = ex_gold_each(gold, add_gold, &g, &e);
    if (rc == TL_OK && g.nf == 0) rc = err_set(&e, TL_EEMPTY, "%s: no gold facts", gold);
    if (rc == TL_OK) rc = load_pred(st, &p, &e);
    store_close(st);
    if (rc != TL_OK) {
        cli_error(&e);
        x = rc == TL_EPARSE || rc == TL_EIO || rc == TL_EEMPTY ? EXIT_FAIL : cli_exit_for(rc);
    } else {
        fscore s;
        memset(&s, 0, sizeof(s));
        score(&g, &p, &s, show && !c->json);
        report(c, &s, &p, &g, gold);
    }
    gold_free(&g);
    pred_free(&p);
    return x;
}
