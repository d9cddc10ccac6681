/* digest.c -- what a story's sources agree on, where they conflict, and a
 * cited summary: the facts table and the summary of `trilat story`.
 *
 * Both are derived when asked, not stored: a story changes as articles
 * arrive, quantities take well under a millisecond per article to
 * extract (quant.h), and alignment is over tens of claims. What is
 * stored and reused: the members and their texts, the entity mentions
 * (which entity a "20% of Ukraine" is about), the events with resolved
 * dates, and the quotes' speakers.
 *
 * Scope: facts are aligned over the story and the other stories of its
 * storyline (at most DIGEST_MAX_ARTICLES articles, this story's first),
 * because a state ("about one-fifth of Ukraine") is restated across an
 * affair; event-bound claims (the length of a call) align only within a
 * story (facts.h). Only facts with a claim from this story are shown.
 * The summary is of this story's members.
 *
 * Sources: an outlet is one source however many articles it has; a
 * near-duplicate copy (syndication) counts as its original's source.
 */
#include "cli.h"
#include "event.h"
#include "facts.h"
#include "quant.h"
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DIGEST_MAX_ARTICLES 200

/* ------------------------------------------------------------------------
 * The articles of a story (and of its storyline)
 * ---------------------------------------------------------------------- */

typedef struct {
    art_t *a;               /* with text */
    uint32_t story;
    uint32_t source;        /* source identity */
    int64_t near_dup_of;    /* rowid, or 0 */
} dg_art;

typedef struct {
    dg_art *v;
    size_t n, cap;
    store_t *s;
    uint32_t story;         /* being loaded */
    int rc;
    tl_err *e;
} dg_set;

static void set_free(dg_set *set) {
    for (size_t i = 0; i < set->n; i++) art_free(set->v[i].a);
    free(set->v);
    set->v = NULL;
    set->n = set->cap = 0;
}

static int member_cb(void *ud, const art_t *a, const store_placement *p) {
    dg_set *set = ud;
    if (set->n >= DIGEST_MAX_ARTICLES) return 1;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 32;
        dg_art *v = realloc(set->v, cap * sizeof(*v));
        if (!v) { set->rc = err_set(set->e, TL_ENOMEM, "out of memory"); return 1; }
        set->v = v;
        set->cap = cap;
    }
    art_t *full = NULL;
    int rc = store_get_article(set->s, a->id, &full, NULL, set->e);
    if (rc != TL_OK) { set->rc = rc; return 1; }
    set->v[set->n++] = (dg_art){full, set->story, 0, p->near_dup_of};
    return 0;
}

typedef struct { uint32_t line, self; uint32_t ids[64]; size_t n; } line_ud;

static int line_story_cb(void *ud, const store_story_row *r) {
    line_ud *l = ud;
    if (r->storyline == l->line && r->id != l->self && l->n < 64) l->ids[l->n++] = r->id;
    return 0;
}

static int story_row_cb(void *ud, const store_story_row *r) {
    *(uint32_t *)ud = r->storyline;
    return 0;
}

/* Sources: outlets by name; copies take their original's. */
static void assign_sources(dg_set *set) {
    for (size_t i = 0; i < set->n; i++) {
        dg_art *x = &set->v[i];
        x->source = (uint32_t)i + 1;
        for (size_t j = 0; j < i; j++)
            if (x->a->source && set->v[j].a->source && !strcmp(x->a->source, set->v[j].a->source)) {
                x->source = set->v[j].source;
                break;
            }
    }
    for (size_t i = 0; i < set->n; i++) {
        if (!set->v[i].near_dup_of) continue;
        for (size_t j = 0; j < set->n; j++)
            if (set->v[j].a->rowid == set->v[i].near_dup_of) {
                uint32_t from = set->v[i].source, to = set->v[j].source;
                for (size_t k = 0; k < set->n; k++)
                    if (set->v[k].source == from) set->v[k].source = to;
                break;
            }
    }
}

/* This story's members, then (with_line) its storyline's other stories. */
static int load(store_t *s, uint32_t story, int with_line, dg_set *set, tl_err *e) {
    memset(set, 0, sizeof(*set));
    set->s = s;
    set->e = e;
    set->story = story;
    uint32_t line = 0;
    int rc = store_get_story(s, story, story_row_cb, &line, e);
    if (rc == TL_OK) rc = store_story_members(s, story, member_cb, set, e);
    if (rc == TL_OK) rc = set->rc;
    if (rc == TL_OK && with_line && line) {
        line_ud l = {line, story, {0}, 0};
        store_filter f = {0};
        f.storyline = line;
        rc = store_list_stories(s, &f, 0, line_story_cb, &l, e);
        for (size_t k = 0; k < l.n && rc == TL_OK && set->n < DIGEST_MAX_ARTICLES; k++) {
            set->story = l.ids[k];
            rc = store_story_members(s, l.ids[k], member_cb, set, e);
            if (rc == TL_OK) rc = set->rc;
        }
    }
    if (rc != TL_OK) { set_free(set); return rc; }
    assign_sources(set);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Claims
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t art;             /* index in the set */
    qty_t q;                /* quantity claims */
    int is_event;
    char code[8];           /* event claims: root code */
    char what[160];         /* event claims: "Trump called Putin" */
    char when[64];          /* event claims: the date as resolved */
    uint32_t ws, we;        /* event claims: the evidence span */
} claim_info;

typedef struct {
    fact_claim *c;
    claim_info *info;
    size_t n, cap;
} claims_t;

static int claims_push(claims_t *cl, fact_claim **fc, claim_info **ci) {
    if (cl->n == cl->cap) {
        size_t cap = cl->cap ? cl->cap * 2 : 64;
        fact_claim *c = realloc(cl->c, cap * sizeof(*c));
        if (!c) return TL_ENOMEM;
        cl->c = c;
        claim_info *i = realloc(cl->info, cap * sizeof(*i));
        if (!i) return TL_ENOMEM;
        cl->info = i;
        cl->cap = cap;
    }
    *fc = &cl->c[cl->n];
    *ci = &cl->info[cl->n];
    memset(*fc, 0, sizeof(**fc));
    memset(*ci, 0, sizeof(**ci));
    (*fc)->ref = cl->n++;
    return TL_OK;
}

/* The article's mentions, read once, go to the claims (first..last) whose
 * measured phrase holds them. */
typedef struct { claims_t *cl; size_t first, last; } ment_ud;

static int mention_cb(void *ud, const store_mention_row *m, const art_t *a, uint32_t story) {
    (void)a;
    (void)story;
    ment_ud *x = ud;
    for (size_t k = x->first; k < x->last; k++) {
        fact_claim *fc = &x->cl->c[k];
        const qty_t *q = &x->cl->info[k].q;
        if (m->start >= q->head_start && m->end <= q->head_end && fc->nents < FACT_MAX_ENTS)
            fc->ents[fc->nents++] = m->entity;
    }
    return 0;
}

static int quantity_claims(store_t *s, const dg_set *set, claims_t *cl, tl_err *e) {
    qty_list ql = QTY_LIST_INIT;
    int rc = TL_OK;
    for (size_t i = 0; i < set->n && rc == TL_OK; i++) {
        const dg_art *x = &set->v[i];
        size_t first = cl->n;
        ql.n = 0;
        rc = qty_find(x->a->text, strlen(x->a->text), NULL, &ql, e);
        for (size_t k = 0; k < ql.n && rc == TL_OK; k++) {
            const qty_t *q = &ql.v[k];
            if (q->kind == QTY_YEAR || q->kind == QTY_ORDINAL) continue;   /* dates are events' */
            if (!q->head[0]) continue;                                    /* measures nothing known */
            if (q->kind == QTY_COUNT && q->hedge == QTY_EXACT && q->value < 3)
                continue;   /* "the two leaders": a description, not a claim */
            fact_claim *fc;
            claim_info *ci;
            if (claims_push(cl, &fc, &ci) != TL_OK) { rc = err_set(e, TL_ENOMEM, "out of memory"); break; }
            ci->art = i;
            ci->q = *q;
            fc->kind = q->kind;
            fc->lo = q->lo;
            fc->hi = q->hi;
            fc->event_bound = q->event_bound;
            fc->story = x->story;
            fc->source = x->source;
        }
        ment_ud mu = {cl, first, cl->n};
        if (rc == TL_OK && cl->n > first)
            rc = store_article_mentions(s, x->a->rowid, mention_cb, &mu, e);
    }
    qty_list_free(&ql);
    return rc;
}

/* "2025-08-18", or "2023-09-01..2023-09-30" for a range */
static void fmt_days(int64_t a, int64_t b, char *out, size_t cap) {
    char x[16], y[16];
    cli_day_str(a, x);
    cli_day_str(b, y);
    if (a == b) snprintf(out, cap, "%s", x);
    else snprintf(out, cap, "%s..%s", x, y);
}

typedef struct { const dg_set *set; claims_t *cl; uint32_t story; int rc; } evt_ud;

static int event_cb(void *ud, const store_event_row *r, const art_t *a, uint32_t story) {
    evt_ud *x = ud;
    (void)story;
    if (!r->has_date || r->negated || r->future || !r->actor || !r->target) return 0;
    /* statements, appeals and intentions (CAMEO 01-03) are said, not done:
     * their "date" is as loose as the report's */
    if (evt_root(r->code) < 4) return 0;
    size_t art = 0;
    while (art < x->set->n && x->set->v[art].a->rowid != a->rowid) art++;
    if (art == x->set->n) return 0;
    fact_claim *fc;
    claim_info *ci;
    if (claims_push(x->cl, &fc, &ci) != TL_OK) { x->rc = TL_ENOMEM; return 1; }
    ci->art = art;
    ci->is_event = 1;
    snprintf(ci->code, sizeof(ci->code), "%.2s", r->code);
    const char *lab = evt_label(r->code);
    snprintf(ci->what, sizeof(ci->what), "%s %s %s", r->actor_name ? r->actor_name : "?",
             lab ? lab : r->code, r->target_name ? r->target_name : "?");
    ci->ws = r->when_end ? r->when_start : r->trig_start;
    ci->we = r->when_end ? r->when_end : r->trig_end;
    fmt_days(r->first_day, r->last_day, ci->when, sizeof(ci->when));
    fc->kind = FACT_KIND_EVENT;
    fc->lo = (double)r->first_day;
    fc->hi = (double)r->last_day;
    fc->ents[0] = r->actor < r->target ? r->actor : r->target;
    fc->ents[1] = r->actor < r->target ? r->target : r->actor;
    fc->nents = 2;
    fc->event_bound = 1;
    fc->story = x->story;
    fc->source = x->set->v[art].source;
    return 0;
}

/* Point each claim's unit and head into its info (the arrays are final). */
static void claims_fix(claims_t *cl) {
    for (size_t i = 0; i < cl->n; i++) {
        claim_info *ci = &cl->info[i];
        cl->c[i].unit = ci->is_event ? "day" : ci->q.unit;
        cl->c[i].head = ci->is_event ? ci->code : ci->q.head;
    }
}

static void claims_free(claims_t *cl) {
    free(cl->c);
    free(cl->info);
}

/* ------------------------------------------------------------------------
 * Facts as JSON
 * ---------------------------------------------------------------------- */

static json_t *num_or_null(double v) {
    return isfinite(v) ? json_real(v) : json_null();
}

/* what the fact is about, in the words of its first claim */
static void measures_of(const dg_set *set, const claim_info *ci, char *out, size_t cap) {
    if (ci->is_event) { snprintf(out, cap, "%s", ci->what); return; }
    const qty_t *q = &ci->q;
    const char *t = set->v[ci->art].a->text;
    if (q->head_end) snprintf(out, cap, "%.*s", (int)(q->head_end - q->head_start), t + q->head_start);
    else snprintf(out, cap, "%s", q->head[0] ? q->head : "");
}

static json_t *claim_json(const dg_set *set, const claims_t *cl, size_t k, int group) {
    const claim_info *ci = &cl->info[k];
    const dg_art *x = &set->v[ci->art];
    json_t *o = json_object();
    json_object_set_new(o, "article", json_string(x->a->id));
    json_object_set_new(o, "source", x->a->source ? json_string(x->a->source) : json_null());
    json_object_set_new(o, "story", json_integer(x->story));
    uint32_t s0 = ci->is_event ? ci->ws : ci->q.start, s1 = ci->is_event ? ci->we : ci->q.end;
    json_object_set_new(o, "text", json_stringn(x->a->text + s0, s1 - s0));
    json_object_set_new(o, "start", json_integer(s0));
    json_object_set_new(o, "end", json_integer(s1));
    if (ci->is_event) {
        json_object_set_new(o, "date", json_string(ci->when));
    } else {
        char f[64];
        qty_format(&ci->q, f, sizeof(f));
        json_object_set_new(o, "value", json_real(ci->q.value));
        json_object_set_new(o, "display", json_string(f));
        json_object_set_new(o, "hedge", json_string(qty_hedge_name(ci->q.hedge)));
        json_object_set_new(o, "sentence", json_stringn(x->a->text + ci->q.sent_start,
                                                        ci->q.sent_end - ci->q.sent_start));
    }
    json_object_set_new(o, "lo", num_or_null(cl->c[k].lo));
    json_object_set_new(o, "hi", num_or_null(cl->c[k].hi));
    json_object_set_new(o, "group", json_integer(group));
    return o;
}

json_t *cli_story_facts(store_t *s, uint32_t story, int *rc, tl_err *e) {
    dg_set set;
    claims_t cl = {0};
    fact_list fl = {0};
    json_t *arr = json_array();
    *rc = load(s, story, 1, &set, e);
    if (*rc != TL_OK) return arr;
    *rc = quantity_claims(s, &set, &cl, e);
    if (*rc == TL_OK) {
        evt_ud eu = {&set, &cl, story, TL_OK};
        store_event_filter f = {0};
        f.story = story;
        *rc = store_events(s, &f, event_cb, &eu, e);
        if (*rc == TL_OK && eu.rc != TL_OK) *rc = err_set(e, eu.rc, "out of memory");
    }
    if (*rc == TL_OK) {
        claims_fix(&cl);
        *rc = fact_align(cl.c, cl.n, &fl, e);
    }
    for (size_t i = 0; *rc == TL_OK && i < fl.n; i++) {
        const fact *f = &fl.v[i];
        int mine = 0;
        for (size_t k = 0; k < f->n && !mine; k++) mine = cl.c[f->claims[k]].story == story;
        if (!mine) continue;
        const claim_info *first = &cl.info[f->claims[0]];
        for (size_t k = 0; k < f->n; k++)
            if (cl.c[f->claims[k]].story == story) { first = &cl.info[f->claims[k]]; break; }
        json_t *o = json_object();
        char what[200];
        measures_of(&set, first, what, sizeof(what));
        json_object_set_new(o, "label", json_string(fact_label_name(f->label)));
        json_object_set_new(o, "kind", json_string(first->is_event ? "event"
                                                   : qty_kind_name(first->q.kind)));
        json_object_set_new(o, "unit", json_string(cl.c[f->claims[0]].unit));
        json_object_set_new(o, "measures", json_string(what));
        json_object_set_new(o, "sources", json_integer((json_int_t)f->nsources));
        if (f->label != FACT_CONFLICT) {
            json_object_set_new(o, "lo", num_or_null(f->lo));
            json_object_set_new(o, "hi", num_or_null(f->hi));
        }
        json_t *claims = json_array();
        for (size_t k = 0; k < f->n; k++)
            json_array_append_new(claims, claim_json(&set, &cl, f->claims[k], f->group[k]));
        json_object_set_new(o, "claims", claims);
        json_array_append_new(arr, o);
    }
    fact_list_free(&fl);
    claims_free(&cl);
    set_free(&set);
    return arr;
}

/* ------------------------------------------------------------------------
 * Summary as JSON
 * ---------------------------------------------------------------------- */

typedef struct { json_t *speakers; int64_t rowid; uint32_t s0, s1; } spk_ud;

static int quote_cb(void *ud, const store_quote_row *q, const art_t *a, uint32_t story) {
    (void)story;
    spk_ud *x = ud;
    if (a->rowid != x->rowid || !q->entity_name) return 0;
    if (q->end <= x->s0 || q->start >= x->s1) return 0;
    size_t i;
    json_t *v;
    json_array_foreach(x->speakers, i, v) if (!strcmp(json_string_value(v), q->entity_name)) return 0;
    json_array_append_new(x->speakers, json_string(q->entity_name));
    return 0;
}

json_t *cli_story_summary(store_t *s, uint32_t story, const sum_params *p, int *rc, tl_err *e) {
    dg_set set;
    json_t *o = json_object();
    *rc = load(s, story, 0, &set, e);
    if (*rc != TL_OK) return o;
    sum_doc *docs = calloc(set.n ? set.n : 1, sizeof(*docs));
    if (!docs) { *rc = err_set(e, TL_ENOMEM, "out of memory"); set_free(&set); return o; }
    for (size_t i = 0; i < set.n; i++) {
        const art_t *a = set.v[i].a;
        docs[i] = (sum_doc){a->id, a->source, a->title, a->text, strlen(a->text),
                            a->published != NULL, a->published_ts};
    }
    sum_result r;
    *rc = sum_summarize(docs, set.n, p, &r, e);
    if (*rc == TL_OK) {
        json_t *sents = json_array();
        json_t *outlets = json_array();
        for (size_t k = 0; k < r.n && *rc == TL_OK; k++) {
            const sum_sent *ss = &r.sents[k];
            const art_t *a = set.v[ss->doc].a;
            json_t *so = json_object();
            json_object_set_new(so, "text", json_stringn(a->text + ss->start, ss->end - ss->start));
            json_object_set_new(so, "article", json_string(a->id));
            json_t *cites = json_array();
            for (size_t c = 0; c < ss->ncites; c++) {
                const art_t *ca = set.v[ss->cites[c]].a;
                json_t *co = json_object();
                json_object_set_new(co, "article", json_string(ca->id));
                json_object_set_new(co, "source", ca->source ? json_string(ca->source) : json_null());
                json_array_append_new(cites, co);
                int seen = 0;
                size_t i;
                json_t *v;
                const char *who = ca->source ? ca->source : ca->id;   /* no outlet: the article */
                json_array_foreach(outlets, i, v) seen |= !strcmp(json_string_value(v), who);
                if (!seen) json_array_append_new(outlets, json_string(who));
            }
            json_object_set_new(so, "cites", cites);
            spk_ud su = {json_array(), a->rowid, ss->start, ss->end};
            store_quote_filter qf = {0};
            qf.article = a->rowid;
            *rc = store_quotes(s, &qf, quote_cb, &su, e);
            json_object_set_new(so, "speakers", su.speakers);
            json_array_append_new(sents, so);
        }
        json_object_set_new(o, "method", json_string(sum_method_name(p->method)));
        json_object_set_new(o, "words", json_integer(r.words));
        json_object_set_new(o, "sources", outlets);
        json_object_set_new(o, "sentences", sents);
        sum_result_free(&r);
    }
    free(docs);
    set_free(&set);
    return o;
}

/* ------------------------------------------------------------------------
 * Text output
 * ---------------------------------------------------------------------- */

static const char *jstr(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* members: the story's articles in the order they are listed (for [n]) */
static int cite_number(json_t *members, const char *id) {
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) if (!strcmp(jstr(m, "id"), id)) return (int)i + 1;
    return 0;
}

void cli_print_summary(json_t *sum, json_t *members) {
    json_t *sents = json_object_get(sum, "sentences");
    printf("\nSummary (%lld words, %zu sources)\n",
           (long long)json_integer_value(json_object_get(sum, "words")),
           json_array_size(json_object_get(sum, "sources")));
    size_t i;
    json_t *st;
    json_array_foreach(sents, i, st) {
        printf("  %s [", jstr(st, "text"));
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(st, "cites"), k, c)
            printf("%s%d", k ? "," : "", cite_number(members, jstr(c, "article")));
        printf("]");
        json_t *sp = json_object_get(st, "speakers");
        if (json_array_size(sp)) {
            printf(" (quoting");
            json_t *v;
            json_array_foreach(sp, k, v) printf("%s %s", k ? "," : "", json_string_value(v));
            printf(")");
        }
        printf("\n");
    }
}

void cli_print_facts(json_t *facts, json_t *members, int max_single) {
    size_t i, shown = 0, singles = 0;
    json_t *f;
    json_array_foreach(facts, i, f) singles += !strcmp(jstr(f, "label"), "single");
    printf("\nFacts (%zu: %zu corroborated or conflicting, %zu single-source)\n",
           json_array_size(facts), json_array_size(facts) - singles, singles);
    json_array_foreach(facts, i, f) {
        const char *lab = jstr(f, "label");
        int single = !strcmp(lab, "single");
        if (single && (int)shown >= max_single) continue;
        shown += single;
        printf("  %-8s  %-7s  %s\n", !strcmp(lab, "conflict") ? "CONFLICT" : !strcmp(lab, "agree") ? "agree" : "single",
               jstr(f, "kind"), jstr(f, "measures"));
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(f, "claims"), k, c) {
            int n = cite_number(members, jstr(c, "article"));
            printf("            %s%-22s \"%s\"", !strcmp(lab, "conflict") ? (json_integer_value(json_object_get(c, "group")) ? "b " : "a ") : "",
                   json_string_value(json_object_get(c, "source")) ? jstr(c, "source") : jstr(c, "article"),
                   jstr(c, "text"));
            if (json_is_string(json_object_get(c, "date"))) printf(" = %s", jstr(c, "date"));
            else printf(" = %s", jstr(c, "display"));
            if (n) printf(" [%d]", n);
            else printf(" (story %lld)", (long long)json_integer_value(json_object_get(c, "story")));
            printf("\n");
        }
    }
    if (singles > shown) printf("  ... and %zu more single-source facts (--json lists all)\n", singles - shown);
}
