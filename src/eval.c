/* eval.c -- evaluation metrics (see eval.h). */
#include "eval.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

typedef struct { uint32_t a, b; } pair_t;

static int cmp_pair(const void *x, const void *y) {
    const pair_t *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

static int cmp_u32(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* Size of each item's cluster under labels l (via a sorted copy). */
static int cluster_sizes(const uint32_t *l, size_t n, uint32_t *size_of_item, size_t *nclusters,
                         size_t *singletons) {
    uint32_t *s = malloc((n ? n : 1) * sizeof(uint32_t));
    if (!s) return TL_ENOMEM;
    memcpy(s, l, n * sizeof(uint32_t));
    qsort(s, n, sizeof(uint32_t), cmp_u32);
    *nclusters = 0;
    if (singletons) *singletons = 0;
    for (size_t i = 0; i < n; i++) {
        /* binary search the run of l[i] */
        size_t lo = 0, hi = n;
        while (lo < hi) { size_t m = (lo + hi) / 2; if (s[m] < l[i]) lo = m + 1; else hi = m; }
        size_t e = lo;
        while (e < n && s[e] == l[i]) e++;
        size_of_item[i] = (uint32_t)(e - lo);
    }
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || s[i] != s[i - 1]) {
            (*nclusters)++;
            if (singletons && (i + 1 == n || s[i + 1] != s[i])) (*singletons)++;
        }
    }
    free(s);
    return TL_OK;
}

int eval_cluster_scores(const uint32_t *gold, const uint32_t *pred, size_t n, eval_clusters *o) {
    memset(o, 0, sizeof(*o));
    o->items = n;
    if (n == 0) return TL_OK;
    uint32_t *gs = malloc(n * sizeof(uint32_t)), *ps = malloc(n * sizeof(uint32_t));
    pair_t *pairs = malloc(n * sizeof(pair_t));
    if (!gs || !ps || !pairs) { free(gs); free(ps); free(pairs); return TL_ENOMEM; }
    int rc = cluster_sizes(gold, n, gs, &o->gold_clusters, NULL);
    if (rc == TL_OK) rc = cluster_sizes(pred, n, ps, &o->pred_clusters, &o->pred_singletons);
    if (rc != TL_OK) { free(gs); free(ps); free(pairs); return rc; }
    for (size_t i = 0; i < n; i++) pairs[i] = (pair_t){gold[i], pred[i]};
    qsort(pairs, n, sizeof(pair_t), cmp_pair);
    /* overlap of item i = size of its (gold, pred) cell */
    double bp = 0, br = 0, tp = 0, gp = 0, pp = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && pairs[j].a == pairs[i].a && pairs[j].b == pairs[i].b) j++;
        double c = (double)(j - i);
        tp += c * (c - 1) / 2;
        i = j;
    }
    for (size_t i = 0; i < n; i++) {
        pair_t key = {gold[i], pred[i]};
        pair_t *f = bsearch(&key, pairs, n, sizeof(pair_t), cmp_pair);
        size_t lo = (size_t)(f - pairs), hi = lo;
        while (lo > 0 && pairs[lo - 1].a == key.a && pairs[lo - 1].b == key.b) lo--;
        while (hi < n && pairs[hi].a == key.a && pairs[hi].b == key.b) hi++;
        double overlap = (double)(hi - lo);
        bp += overlap / ps[i];
        br += overlap / gs[i];
        gp += (gs[i] - 1) / 2.0;   /* summed over items: sum C(size, 2) */
        pp += (ps[i] - 1) / 2.0;
    }
    o->b3_p = bp / (double)n;
    o->b3_r = br / (double)n;
    o->b3_f1 = o->b3_p + o->b3_r > 0 ? 2 * o->b3_p * o->b3_r / (o->b3_p + o->b3_r) : 0;
    o->pw_p = pp > 0 ? tp / pp : 1.0;
    o->pw_r = gp > 0 ? tp / gp : 1.0;
    o->pw_f1 = o->pw_p + o->pw_r > 0 ? 2 * o->pw_p * o->pw_r / (o->pw_p + o->pw_r) : 0;
    free(gs);
    free(ps);
    free(pairs);
    return TL_OK;
}
