/* facts.c -- aligning claims across sources into agree / conflict /
 * single-source facts (facts.h).
 *
 * Claims about the same thing are joined with union-find over all pairs
 * (a story or a storyline has tens to hundreds of claims, so n^2/2 tests
 * of a few compares each are cheap). Each group is then labelled from
 * its intervals: a common point exists (max lo <= min hi) -> agree; else
 * conflict, and the claims are split into the fewest groups that each
 * share a point (greedy interval stabbing: sort by hi, stab at the
 * smallest hi, repeat), so a reader sees "14 dead" (two sources) against
 * "19 dead" (one).
 */
#include "facts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* relative slack when comparing interval ends: "20%" and "one-fifth" */
#define EPS 1e-9

/* ------------------------------------------------------------------------
 * Same thing?
 * ---------------------------------------------------------------------- */

static int share_ent(const fact_claim *a, const fact_claim *b) {
    for (int i = 0; i < a->nents; i++)
        for (int j = 0; j < b->nents; j++)
            if (a->ents[i] && a->ents[i] == b->ents[j]) return 1;
    return 0;
}

static int same_ents(const fact_claim *a, const fact_claim *b) {
    if (a->nents != b->nents) return 0;
    for (int i = 0; i < a->nents; i++) {
        int found = 0;
        for (int j = 0; j < b->nents && !found; j++) found = a->ents[i] == b->ents[j];
        if (!found) return 0;
    }
    return 1;
}

static int streq(const char *a, const char *b) {
    return a && b && strcmp(a, b) == 0;
}

static int same_thing(const fact_claim *a, const fact_claim *b) {
    if (a->kind != b->kind || !streq(a->unit, b->unit)) return 0;
    if ((a->event_bound || b->event_bound) && (a->story != b->story || !a->story)) return 0;
    if (a->kind == FACT_KIND_EVENT) return streq(a->head, b->head) && same_ents(a, b);
    if (a->head && *a->head && streq(a->head, b->head)) return 1;
    return share_ent(a, b);
}

/* ------------------------------------------------------------------------
 * Union-find
 * ---------------------------------------------------------------------- */

static size_t uf_find(size_t *p, size_t x) {
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

/* ------------------------------------------------------------------------
 * Labelling
 * ---------------------------------------------------------------------- */

typedef struct { double lo, hi; size_t i; } span_key;

static int by_hi(const void *x, const void *y) {
    const span_key *a = x, *b = y;
    if (a->hi != b->hi) return a->hi < b->hi ? -1 : 1;
    if (a->lo != b->lo) return a->lo < b->lo ? -1 : 1;
    return a->i < b->i ? -1 : 1;
}

static int le(double a, double b) {
    return a <= b + EPS * fmax(fabs(a), fabs(b));
}

static size_t count_sources(const fact_claim *c, const size_t *idx, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && c[idx[j]].source != c[idx[i]].source) j++;
        if (j == i) k++;
    }
    return k;
}

/* Label f (its claims sorted by hi) and assign agreeing groups. */
static void label(const fact_claim *c, fact *f) {
    double lo = -INFINITY, hi = INFINITY;
    for (size_t i = 0; i < f->n; i++) {
        if (c[f->claims[i]].lo > lo) lo = c[f->claims[i]].lo;
        if (c[f->claims[i]].hi < hi) hi = c[f->claims[i]].hi;
    }
    f->nsources = count_sources(c, f->claims, f->n);
    if (le(lo, hi)) {
        f->label = f->nsources > 1 ? FACT_AGREE : FACT_SINGLE;
        f->lo = lo;
        f->hi = hi;
        f->ngroups = 1;
        for (size_t i = 0; i < f->n; i++) f->group[i] = 0;
        return;
    }
    /* stab: claims sorted by hi; the first unassigned one's hi is a point
     * every claim with lo <= it (and not yet assigned) shares */
    for (size_t i = 0; i < f->n; i++) f->group[i] = -1;
    int g = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (f->group[i] >= 0) continue;
        double point = c[f->claims[i]].hi;
        for (size_t j = i; j < f->n; j++)
            if (f->group[j] < 0 && le(c[f->claims[j]].lo, point)) f->group[j] = g;
        g++;
    }
    f->ngroups = g;
    /* one source telling two stories is still one source: a conflict
     * needs two sources (the groups then say which said what) */
    f->label = f->nsources > 1 ? FACT_CONFLICT : FACT_SINGLE;
    f->lo = lo;
    f->hi = hi;
}

/* Does one source hold claims in two groups of f? Then it states both
 * values, which makes them two things (two meetings, a figure before and
 * after an update), not a conflict between sources. */
static int source_spans_groups(const fact_claim *c, const fact *f) {
    for (size_t i = 0; i < f->n; i++)
        for (size_t j = i + 1; j < f->n; j++)
            if (f->group[i] != f->group[j] && c[f->claims[i]].source == c[f->claims[j]].source)
                return 1;
    return 0;
}

static int fact_order(const void *x, const void *y) {
    const fact *a = x, *b = y;
    static const int rank[] = {2, 1, 0};   /* conflict, agree, single */
    if (a->label != b->label) return rank[a->label] - rank[b->label];
    if (a->nsources != b->nsources) return a->nsources > b->nsources ? -1 : 1;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    return a->claims[0] < b->claims[0] ? -1 : 1;
}

/* Replace the last fact of out by one fact per group, each labelled. */
static int split_groups(const fact_claim *c, fact_list *out) {
    fact whole = out->v[out->n - 1];
    out->n--;
    int rc = TL_OK;
    for (int g = 0; g < whole.ngroups && rc == TL_OK; g++) {
        if (out->n == out->cap) {
            size_t cap = out->cap * 2;
            fact *v = realloc(out->v, cap * sizeof(*v));
            if (!v) { rc = TL_ENOMEM; break; }
            out->v = v;
            out->cap = cap;
        }
        fact *f = &out->v[out->n];
        memset(f, 0, sizeof(*f));
        f->claims = malloc(whole.n * sizeof(*f->claims));
        f->group = malloc(whole.n * sizeof(*f->group));
        if (!f->claims || !f->group) {
            free(f->claims);
            free(f->group);
            rc = TL_ENOMEM;
            break;
        }
        out->n++;
        for (size_t k = 0; k < whole.n; k++)
            if (whole.group[k] == g) f->claims[f->n++] = whole.claims[k];
        label(c, f);
    }
    free(whole.claims);
    free(whole.group);
    return rc;
}

/* ------------------------------------------------------------------------
 * API
 * ---------------------------------------------------------------------- */

int fact_align(const fact_claim *claims, size_t n, fact_list *out, tl_err *e) {
    size_t *parent = NULL, *count = NULL;
    span_key *order = NULL;
    int rc = TL_OK;
    if (!n) return TL_OK;
    parent = malloc(n * sizeof(*parent));
    order = malloc(n * sizeof(*order));
    count = calloc(n, sizeof(*count));
    if (!parent || !order || !count) goto nomem;
    for (size_t i = 0; i < n; i++) parent[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (same_thing(&claims[i], &claims[j])) {
                size_t a = uf_find(parent, i), b = uf_find(parent, j);
                if (a != b) parent[b < a ? a : b] = b < a ? b : a;
            }
    /* claims grouped by root, in each group by hi */
    for (size_t i = 0; i < n; i++) {
        order[i] = (span_key){claims[i].lo, claims[i].hi, i};
        count[uf_find(parent, i)]++;
    }
    qsort(order, n, sizeof(*order), by_hi);
    size_t first = out->n;
    for (size_t r = 0; r < n; r++) {
        if (!count[r]) continue;
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 16;
            fact *v = realloc(out->v, cap * sizeof(*v));
            if (!v) goto nomem;
            out->v = v;
            out->cap = cap;
        }
        fact *f = &out->v[out->n];
        memset(f, 0, sizeof(*f));
        f->claims = malloc(count[r] * sizeof(*f->claims));
        f->group = malloc(count[r] * sizeof(*f->group));
        if (!f->claims || !f->group) {
            free(f->claims);
            free(f->group);
            goto nomem;
        }
        out->n++;
        for (size_t k = 0; k < n; k++)
            if (uf_find(parent, order[k].i) == r) f->claims[f->n++] = order[k].i;
        label(claims, f);
        if (f->label == FACT_CONFLICT && source_spans_groups(claims, f) &&
            split_groups(claims, out) != TL_OK)
            goto nomem;
    }
    qsort(out->v + first, out->n - first, sizeof(*out->v), fact_order);
    goto done;
nomem:
    rc = err_set(e, TL_ENOMEM, "out of memory aligning facts");
done:
    free(parent);
    free(order);
    free(count);
    return rc;
}

void fact_list_free(fact_list *l) {
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].claims);
        free(l->v[i].group);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

const char *fact_label_name(fact_label l) {
    switch (l) {
    case FACT_AGREE: return "agree";
    case FACT_CONFLICT: return "conflict";
    default: return "single";
    }
}
