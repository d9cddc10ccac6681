/* story.c -- online story clustering (see story.h for the algorithm). */
#include "story.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400.0
#define MAX_CANDIDATES 4096
#define POSTING_SCAN 128      /* newest stories looked at per probe term */
#define LINE_PROBE 8          /* strongest name terms probed for storylines */

typedef struct story {
    int64_t first_ts, last_ts;
    int has_ts;
    uint32_t size;
    uint32_t *ids;            /* centroid: sum of member unit vectors */
    float *w;
    uint32_t n, cap;
    float norm;
    uint32_t parent;          /* union-find over storylines (story id) */
    uint8_t dirty;            /* changed since the last story_take_dirty */
    uint32_t saved_line;      /* storyline when last handed out by
                                 story_take_dirty (or restored) */
} story;

typedef struct {
    uint32_t *v;
    uint32_t n, cap;
    /* posting lists: a lower bound of the last_ts of the stories listed,
     * valid while epoch == story_clu.epoch (see compact_postings) */
    int64_t minlast;
    uint32_t epoch;
} u32vec;

struct story_clu {
    story_params p;
    vocab *voc;
    story *s;                 /* s[0] unused: ids are 1-based */
    uint32_t ns, caps;
    /* per story, packed apart from s[] because candidates() reads them for
     * every posting it passes (cache misses on the ~80-byte story):
     * last_ts, INT64_MAX while undated; and the last query that saw it */
    int64_t *last;
    uint32_t *seen;
    uint32_t epoch;           /* bumped when a last_ts goes down */
    u32vec *post;             /* term id -> story ids */
    size_t npost;
    uint32_t *art_story;      /* article id -> story id (0 none) */
    size_t nart;
    mh_index *lsh;
    mh_sig *sigs;             /* article id -> signature (for LSH verification) */
    uint32_t stamp;
    int64_t max_ts;
    /* scratch */
    uint32_t *vi;
    float *vw;
    size_t vcap;
    float *dense;             /* term id -> article vector weight, else 0 */
    size_t ndense;
    uint32_t cand[MAX_CANDIDATES];
};

void story_params_default(story_params *p) {
    p->threshold = 0.2;
    p->window_days = 3.0;
    p->decay_days = 2.0;
    p->article_terms = 200;
    p->centroid_terms = 600;
    p->probe_terms = 12;
    p->near_dup = MH_NEAR_DUP;
    p->line_threshold = 0.3;
    p->line_days = 30.0;
}

/* ------------------------------------------------------------------------
 * Growable arrays
 * ---------------------------------------------------------------------- */

static int u32_push(u32vec *a, uint32_t x) {
    if (a->n == a->cap) {
        uint32_t cap = a->cap ? a->cap * 2 : 4;
        uint32_t *v = realloc(a->v, cap * sizeof(uint32_t));
        if (!v) return TL_ENOMEM;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return TL_OK;
}

static int ensure_art(story_clu *c, uint32_t art) {
    if (art < c->nart) return TL_OK;
    size_t n = c->nart ? c->nart : 1024;
    while (n <= art) n *= 2;
    uint32_t *m = realloc(c->art_story, n * sizeof(uint32_t));
    if (!m) return TL_ENOMEM;
    memset(m + c->nart, 0, (n - c->nart) * sizeof(uint32_t));
    c->art_story = m;
    mh_sig *sg = realloc(c->sigs, n * sizeof(mh_sig));
    if (!sg) return TL_ENOMEM;
    memset(sg + c->nart, 0, (n - c->nart) * sizeof(mh_sig));
    c->sigs = sg;
    c->nart = n;
    return TL_OK;
}

static int ensure_post(story_clu *c, uint32_t term) {
    if (term < c->npost) return TL_OK;
    size_t n = c->npost ? c->npost : 4096;
    while (n <= term) n *= 2;
    u32vec *p = realloc(c->post, n * sizeof(u32vec));
    if (!p) return TL_ENOMEM;
    memset(p + c->npost, 0, (n - c->npost) * sizeof(u32vec));
    c->post = p;
    c->npost = n;
    return TL_OK;
}

/* Room in c->dense for every term id of the vocabulary (all zero). */
static int ensure_dense(story_clu *c) {
    size_t nv = voc_size(c->voc);
    if (nv <= c->ndense) return TL_OK;
    size_t n = c->ndense ? c->ndense : 4096;
    while (n < nv) n *= 2;
    float *d = realloc(c->dense, n * sizeof(float));
    if (!d) return TL_ENOMEM;
    memset(d + c->ndense, 0, (n - c->ndense) * sizeof(float));
    c->dense = d;
    c->ndense = n;
    return TL_OK;
}

static int new_story(story_clu *c, uint32_t *id) {
    if (c->ns + 1 >= c->caps) {
        uint32_t cap = c->caps ? c->caps * 2 : 256;
        story *s = realloc(c->s, cap * sizeof(story));
        if (s) c->s = s;
        int64_t *last = realloc(c->last, cap * sizeof(int64_t));
        if (last) c->last = last;
        uint32_t *seen = realloc(c->seen, cap * sizeof(uint32_t));
        if (seen) c->seen = seen;
        if (!s || !last || !seen) return TL_ENOMEM;
        c->caps = cap;
    }
    *id = ++c->ns;
    story *st = &c->s[*id];
    memset(st, 0, sizeof(*st));
    st->parent = *id;
    c->last[*id] = INT64_MAX;
    c->seen[*id] = 0;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Vectors
 * ---------------------------------------------------------------------- */

double story_cosine(const uint32_t *ai, const float *aw, size_t an, const uint32_t *bi,
                    const float *bw, size_t bn) {
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < an; i++) na += (double)aw[i] * aw[i];
    for (size_t j = 0; j < bn; j++) nb += (double)bw[j] * bw[j];
    for (size_t i = 0, j = 0; i < an && j < bn;) {
        if (ai[i] < bi[j]) i++;
        else if (ai[i] > bi[j]) j++;
        else dot += (double)aw[i++] * bw[j++];
    }
    return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0.0;
}

typedef struct { uint32_t id; float w; } tw;

static int cmp_w_desc(const void *a, const void *b) {
    const tw *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;   /* deterministic ties */
}

static int cmp_id(const void *a, const void *b) {
    const tw *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The orders of cmp_w_desc and cmp_id as inline tests: x goes first. */
static inline int w_first(tw x, tw y) { return x.w != y.w ? x.w > y.w : x.id < y.id; }
static inline int id_first(tw x, tw y) { return x.id < y.id; }

/* Sort t[0..n) in cmp_w_desc (byw) or cmp_id order. Both are total orders
 * on distinct ids, so the result is the one qsort gives; short arrays
 * (the article and top-k cases) are insertion-sorted without callbacks. */
static void sort_tw(tw *t, size_t n, int byw) {
    if (n > 64) {
        qsort(t, n, sizeof(tw), byw ? cmp_w_desc : cmp_id);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        tw x = t[i];
        size_t j = i;
        while (j > 0 && (byw ? w_first(x, t[j - 1]) : id_first(x, t[j - 1]))) {
            t[j] = t[j - 1];
            j--;
        }
        t[j] = x;
    }
}

/* Leave in t[0..k) the k first of t[0..n) in cmp_w_desc order, sorted;
 * the rest of t is scrambled. A heap of the k kept (the last of them on
 * top) sees each other entry once: qsort of all n cost ~60,000
 * instructions per article for the 40 terms kept. */
static void top_k(tw *t, size_t n, size_t k) {
    if (k == 0) return;
    if (k >= n) {
        sort_tw(t, n, 1);
        return;
    }
    /* heap: a parent never goes before its children */
    for (size_t r = k / 2; r-- > 0;) {
        for (size_t p = r, ch; (ch = 2 * p + 1) < k; p = ch) {
            if (ch + 1 < k && w_first(t[ch], t[ch + 1])) ch++;
            if (!w_first(t[p], t[ch])) break;
            tw x = t[p]; t[p] = t[ch]; t[ch] = x;
        }
    }
    for (size_t i = k; i < n; i++) {
        if (!w_first(t[i], t[0])) continue;
        t[0] = t[i];
        for (size_t p = 0, ch; (ch = 2 * p + 1) < k; p = ch) {
            if (ch + 1 < k && w_first(t[ch], t[ch + 1])) ch++;
            if (!w_first(t[p], t[ch])) break;
            tw x = t[p]; t[p] = t[ch]; t[ch] = x;
        }
    }
    sort_tw(t, k, 1);
}

/* Article vector: (1 + ln tf) * idf over the top article_terms terms,
 * unit length, sorted by id into c->vi/c->vw; returns its length. */
static size_t article_vector(story_clu *c, const feat_doc *d, tw **top_out) {
    tw *t = malloc((d->n ? d->n : 1) * sizeof(tw));
    if (!t) return (size_t)-1;
    for (size_t i = 0; i < d->n; i++) {
        t[i].id = d->ids[i];
        t[i].w = (float)((1.0 + log(d->tf[i] > 1.0f ? d->tf[i] : 1.0)) * voc_idf(c->voc, d->ids[i]));
    }
    size_t k = d->n < (size_t)c->p.article_terms ? d->n : (size_t)c->p.article_terms;
    top_k(t, d->n, k);
    double norm = 0;
    for (size_t i = 0; i < k; i++) norm += (double)t[i].w * t[i].w;
    norm = sqrt(norm);
    if (k > c->vcap) {
        uint32_t *vi = realloc(c->vi, k * sizeof(uint32_t));
        float *vw = vi ? realloc(c->vw, k * sizeof(float)) : NULL;
        if (vi) c->vi = vi;
        if (!vi || !vw) { free(t); return (size_t)-1; }
        c->vw = vw;
        c->vcap = k;
    }
    /* t[0..k) stays sorted by weight for probing; the vector by id */
    tw *byid = malloc((k ? k : 1) * sizeof(tw));
    if (!byid) { free(t); return (size_t)-1; }
    memcpy(byid, t, k * sizeof(tw));
    sort_tw(byid, k, 0);
    for (size_t i = 0; i < k; i++) {
        c->vi[i] = byid[i].id;
        c->vw[i] = norm > 0 ? (float)(byid[i].w / norm) : 0.0f;
    }
    free(byid);
    *top_out = t;
    return k;
}

/* Add unit vector (vi, vw, n) to story st's centroid, registering new
 * terms in the inverted index; prune the centroid when it gets too long. */
static int centroid_add(story_clu *c, uint32_t sid, const uint32_t *vi, const float *vw, size_t n) {
    story *st = &c->s[sid];
    size_t cap = st->n + n;
    uint32_t *ids = malloc((cap ? cap : 1) * sizeof(uint32_t));
    float *w = malloc((cap ? cap : 1) * sizeof(float));
    if (!ids || !w) { free(ids); free(w); return TL_ENOMEM; }
    size_t i = 0, j = 0, k = 0;
    while (i < st->n || j < n) {
        if (j >= n || (i < st->n && st->ids[i] < vi[j])) {
            ids[k] = st->ids[i]; w[k++] = st->w[i++];
        } else if (i >= st->n || vi[j] < st->ids[i]) {
            if (ensure_post(c, vi[j]) || u32_push(&c->post[vi[j]], sid)) {
                free(ids); free(w); return TL_ENOMEM;
            }
            if (c->last[sid] < c->post[vi[j]].minlast) c->post[vi[j]].minlast = c->last[sid];
            ids[k] = vi[j]; w[k++] = vw[j++];
        } else {
            ids[k] = st->ids[i]; w[k++] = st->w[i++] + vw[j++];
        }
    }
    if (k > 2 * (size_t)c->p.centroid_terms) {
        tw *t = malloc(k * sizeof(tw));
        if (!t) { free(ids); free(w); return TL_ENOMEM; }
        for (size_t x = 0; x < k; x++) t[x] = (tw){ids[x], w[x]};
        top_k(t, k, (size_t)c->p.centroid_terms);
        k = (size_t)c->p.centroid_terms;
        sort_tw(t, k, 0);
        for (size_t x = 0; x < k; x++) { ids[x] = t[x].id; w[x] = t[x].w; }
        free(t);
    }
    free(st->ids);
    free(st->w);
    st->ids = ids;
    st->w = w;
    st->n = st->cap = (uint32_t)k;
    double norm = 0;
    for (size_t x = 0; x < k; x++) norm += (double)w[x] * w[x];
    st->norm = (float)sqrt(norm);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Storylines (union-find, smallest id is the root)
 * ---------------------------------------------------------------------- */

uint32_t story_storyline(story_clu *c, uint32_t id) {
    if (id == 0 || id > c->ns) return 0;
    uint32_t r = id;
    while (c->s[r].parent != r) r = c->s[r].parent;
    while (c->s[id].parent != r) {           /* path compression */
        uint32_t next = c->s[id].parent;
        c->s[id].parent = r;
        id = next;
    }
    return r;
}

static void line_union(story_clu *c, uint32_t a, uint32_t b) {
    uint32_t ra = story_storyline(c, a), rb = story_storyline(c, b);
    if (ra == rb) return;
    if (ra < rb) c->s[rb].parent = ra;
    else c->s[ra].parent = rb;
}

/* Gap in days between time ts and story st's span (0 inside it); -1 when
 * either is undated. */
static double gap_days(const story *st, int has_ts, int64_t ts) {
    if (!has_ts || !st->has_ts) return -1;
    if (ts < st->first_ts) return (double)(st->first_ts - ts) / DAY;
    if (ts > st->last_ts) return (double)(ts - st->last_ts) / DAY;
    return 0;
}

/* Drop from a posting list the stories that ended long before the newest
 * article seen (4 windows): they can no longer take articles, and the
 * list stays short for terms that every day's news uses.
 *
 * This runs on every probe of a list longer than 4 * POSTING_SCAN, and a
 * list of recent stories stays that long, so it used to walk the whole
 * list each time to remove nothing. pl->minlast bounds the last_ts of the
 * listed stories from below: a story's last_ts only grows, except when an
 * undated story gets its first date, which bumps c->epoch and voids every
 * bound. While the bound is valid and not older than the horizon, no
 * story would go, and the walk is skipped: the list is the same. */
static void compact_postings(story_clu *c, u32vec *pl) {
    int64_t horizon = c->max_ts - (int64_t)(4 * c->p.window_days * DAY);
    if (pl->epoch == c->epoch && pl->minlast >= horizon) return;
    uint32_t k = 0;
    int64_t lo = INT64_MAX;
    for (uint32_t i = 0; i < pl->n; i++) {   /* undated: INT64_MAX, kept */
        int64_t last = c->last[pl->v[i]];
        if (last >= horizon) {
            pl->v[k++] = pl->v[i];
            if (last < lo) lo = last;
        }
    }
    pl->n = k;
    pl->minlast = lo;
    pl->epoch = c->epoch;
}

/* Candidate stories sharing one of the probe terms, newest first, at most
 * POSTING_SCAN per term, so the cost per article is bounded whatever the
 * number of stories; returns count. */
static size_t candidates(story_clu *c, const tw *top, size_t ntop, int probe, uint32_t self) {
    c->stamp++;
    size_t nc = 0;
    /* the strongest terms that some story holds: a term seen in no story
     * yet (the article's rarest words, often) finds nothing */
    size_t used = 0;
    for (size_t i = 0; i < ntop && used < (size_t)probe; i++) {
        uint32_t t = top[i].id;
        if (t >= c->npost || c->post[t].n == 0 || (c->post[t].n == 1 && c->post[t].v[0] == self))
            continue;
        used++;
        u32vec *pl = &c->post[t];
        if (pl->n > 4 * POSTING_SCAN) compact_postings(c, pl);
        uint32_t stop = pl->n > POSTING_SCAN ? pl->n - POSTING_SCAN : 0;
        for (uint32_t k = pl->n; k-- > stop;) {  /* newest stories first */
            uint32_t sid = pl->v[k];
            if (sid == self || c->seen[sid] == c->stamp) continue;
            c->seen[sid] = c->stamp;
            if (nc < MAX_CANDIDATES) c->cand[nc++] = sid;
        }
    }
    return nc;
}

/* Cosine of two centroids over their name terms only (see vocab.h). */
static double name_cosine(const story_clu *c, const story *a, const story *b) {
    double dot = 0, na = 0, nb = 0;
    for (uint32_t i = 0; i < a->n; i++)
        if (voc_is_name(c->voc, a->ids[i])) na += (double)a->w[i] * a->w[i];
    for (uint32_t j = 0; j < b->n; j++)
        if (voc_is_name(c->voc, b->ids[j])) nb += (double)b->w[j] * b->w[j];
    for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->ids[i] < b->ids[j]) i++;
        else if (a->ids[i] > b->ids[j]) j++;
        else {
            if (voc_is_name(c->voc, a->ids[i])) dot += (double)a->w[i] * b->w[j];
            i++;
            j++;
        }
    }
    return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0.0;
}

/* Storylines follow the key actors and places: compare a story with the
 * stories sharing its strongest name terms, on name terms only. */
static void link_storylines(story_clu *c, uint32_t sid) {
    story *st = &c->s[sid];
    tw *top = malloc((st->n ? st->n : 1) * sizeof(tw));
    if (!top) return;
    size_t nt = 0;
    for (uint32_t i = 0; i < st->n; i++)
        if (voc_is_name(c->voc, st->ids[i])) top[nt++] = (tw){st->ids[i], st->w[i]};
    qsort(top, nt, sizeof(tw), cmp_w_desc);
    size_t nc = candidates(c, top, nt, LINE_PROBE, sid);
    free(top);
    for (size_t k = 0; k < nc; k++) {
        if (story_storyline(c, c->cand[k]) == story_storyline(c, sid)) continue;
        story *o = &c->s[c->cand[k]];
        double gap = st->has_ts && o->has_ts
                         ? fabs((double)((st->first_ts + st->last_ts) / 2 - (o->first_ts + o->last_ts) / 2)) / DAY
                         : 0;
        if (gap > c->p.line_days) continue;
        if (name_cosine(c, st, o) >= c->p.line_threshold) line_union(c, sid, c->cand[k]);
    }
}

/* ------------------------------------------------------------------------
 * Placing articles
 * ---------------------------------------------------------------------- */

story_clu *story_new(const story_params *p, vocab *v) {
    story_clu *c = calloc(1, sizeof(*c));
    if (!c) return NULL;
    if (p) c->p = *p;
    else story_params_default(&c->p);
    c->voc = v;
    c->epoch = 1;             /* posting lists start with epoch 0: no bound */
    c->lsh = mh_index_new();
    if (!c->lsh || new_story(c, &(uint32_t){0}) != TL_OK) { story_free(c); return NULL; }
    c->ns = 0;                  /* slot 0 reserved */
    return c;
}

void story_free(story_clu *c) {
    if (!c) return;
    for (uint32_t i = 1; i <= c->ns; i++) { free(c->s[i].ids); free(c->s[i].w); }
    free(c->s);
    free(c->last);
    free(c->seen);
    for (size_t t = 0; t < c->npost; t++) free(c->post[t].v);
    free(c->post);
    free(c->art_story);
    free(c->sigs);
    mh_index_free(c->lsh);
    free(c->vi);
    free(c->vw);
    free(c->dense);
    free(c);
}

static void touch_story(story *st, int has_ts, int64_t ts) {
    if (has_ts) {
        if (!st->has_ts) { st->first_ts = st->last_ts = ts; st->has_ts = 1; }
        if (ts < st->first_ts) st->first_ts = ts;
        if (ts > st->last_ts) st->last_ts = ts;
    }
    st->size++;
    st->dirty = 1;
}

int story_place(story_clu *c, uint32_t art, const feat_doc *d, int has_ts, int64_t ts,
                story_result *out) {
    memset(out, 0, sizeof(*out));
    if (art == 0 || ensure_art(c, art) != TL_OK) return TL_ENOMEM;
    if (has_ts && ts > c->max_ts) c->max_ts = ts;

    /* 1. near-duplicates */
    uint32_t best_dup = 0;
    double best_j = 0;
    size_t nd = mh_index_query(c->lsh, &d->sig, c->cand, MAX_CANDIDATES);
    if (nd > MAX_CANDIDATES) nd = MAX_CANDIDATES;
    for (size_t k = 0; k < nd; k++) {
        uint32_t o = c->cand[k];
        double j = mh_jaccard(&d->sig, &c->sigs[o]);
        if (j >= c->p.near_dup && (j > best_j || (j == best_j && o < best_dup))) {
            best_j = j;
            best_dup = o;
        }
    }

    tw *top = NULL;
    size_t n = article_vector(c, d, &top);
    if (n == (size_t)-1) return TL_ENOMEM;

    uint32_t sid = 0;
    double sim = 0;
    if (best_dup && c->art_story[best_dup]) {
        sid = c->art_story[best_dup];
        sim = best_j;
        out->near_dup_of = best_dup;
        out->near_dup_sim = best_j;
    } else {
        /* 2. most similar story among the candidates. The dot product
         * walks the centroid and looks the article's weights up in a
         * dense array by term id (0 for other terms): no merge with its
         * unpredictable branches. Terms meet in the same (ascending id)
         * order as a merge, and the others add exact zeros, so the sum
         * is the same to the last bit. */
        if (ensure_dense(c) != TL_OK) { free(top); return TL_ENOMEM; }
        for (size_t i = 0; i < n; i++) c->dense[c->vi[i]] = c->vw[i];
        size_t nc = candidates(c, top, n, c->p.probe_terms, 0);
        for (size_t k = 0; k < nc; k++) {
            story *st = &c->s[c->cand[k]];
            double gap = gap_days(st, has_ts, ts);
            if (gap > c->p.window_days) continue;
            double s = 0;
            const uint32_t *ids = st->ids;
            const float *w = st->w;
            for (uint32_t j = 0; j < st->n; j++) s += (double)c->dense[ids[j]] * w[j];
            s = st->norm > 0 ? s / st->norm : 0;
            if (gap > 1.0) s *= exp(-(gap - 1.0) / c->p.decay_days);
            if (s > sim || (s == sim && c->cand[k] < sid)) { sim = s; sid = c->cand[k]; }
        }
        for (size_t i = 0; i < n; i++) c->dense[c->vi[i]] = 0.0f;
        if (sid && sim < c->p.threshold) sid = 0;
    }
    free(top);

    /* 3. join or create */
    int rc;
    if (!sid) {
        if ((rc = new_story(c, &sid)) != TL_OK) return rc;
        out->created = 1;
        sim = 1.0;
        if (has_ts) c->last[sid] = ts;        /* what touch_story makes it */
    } else if (has_ts && !c->s[sid].has_ts) {
        c->epoch++;                           /* INT64_MAX -> ts: bounds void */
    }
    if ((rc = centroid_add(c, sid, c->vi, c->vw, n)) != TL_OK) return rc;
    touch_story(&c->s[sid], has_ts, ts);
    if (c->s[sid].has_ts) c->last[sid] = c->s[sid].last_ts;
    c->art_story[art] = sid;
    c->sigs[art] = d->sig;
    if ((rc = mh_index_add(c->lsh, art, &d->sig)) != TL_OK) return rc;

    /* 4. document frequencies */
    for (size_t i = 0; i < d->n; i++) {
        voc_add_df(c->voc, d->ids[i]);
        if (d->name[i]) voc_add_ndf(c->voc, d->ids[i]);
    }
    voc_add_doc(c->voc);

    uint32_t size = c->s[sid].size;
    if ((size & (size - 1)) == 0) link_storylines(c, sid);
    out->story = sid;
    out->sim = sim;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * State
 * ---------------------------------------------------------------------- */

int story_restore(story_clu *c, const story_info *si) {
    uint32_t sid;
    while (c->ns < si->id) {
        int rc = new_story(c, &sid);
        if (rc != TL_OK) return rc;
    }
    story *st = &c->s[si->id];
    c->last[si->id] = si->has_ts ? si->last_ts : INT64_MAX;   /* before postings */
    int rc = centroid_add(c, si->id, si->term_ids, si->term_w, si->nterms);
    if (rc != TL_OK) return rc;
    st->size = si->size;
    st->has_ts = si->has_ts;
    st->first_ts = si->first_ts;
    st->last_ts = si->last_ts;
    if (si->has_ts && si->last_ts > c->max_ts) c->max_ts = si->last_ts;
    if (si->storyline && si->storyline <= si->id) st->parent = si->storyline;
    st->saved_line = story_storyline(c, si->id);
    st->dirty = 0;
    return TL_OK;
}

int story_restore_member(story_clu *c, uint32_t art, uint32_t sid, const mh_sig *sig) {
    if (art == 0 || ensure_art(c, art) != TL_OK) return TL_ENOMEM;
    c->art_story[art] = sid;
    c->sigs[art] = *sig;
    return mh_index_add(c->lsh, art, sig);
}

int story_get(const story_clu *c, uint32_t id, story_info *out) {
    if (id == 0 || id > c->ns) return TL_ENOTFOUND;
    const story *st = &c->s[id];
    out->id = id;
    out->size = st->size;
    out->storyline = story_storyline((story_clu *)c, id);
    out->has_ts = st->has_ts;
    out->first_ts = st->first_ts;
    out->last_ts = st->last_ts;
    out->term_ids = st->ids;
    out->term_w = st->w;
    out->nterms = st->n;
    return TL_OK;
}

uint32_t story_count(const story_clu *c) { return c->ns; }

uint32_t story_of(const story_clu *c, uint32_t art) {
    return art < c->nart ? c->art_story[art] : 0;
}

/* A storyline merge renames the storyline of the stories under the larger
 * root only (the smaller id names the union), so a story counts as changed
 * when its storyline differs from the one it was last handed out with, not
 * whenever its storyline absorbed another: with a storyline that keeps
 * growing, the latter rewrote most stories on every batch. */
size_t story_take_dirty(story_clu *c, uint32_t *out) {
    size_t n = 0;
    for (uint32_t i = 1; i <= c->ns; i++) {
        uint32_t line = story_storyline(c, i);
        if (c->s[i].dirty || line != c->s[i].saved_line) {
            out[n++] = i;
            c->s[i].dirty = 0;
            c->s[i].saved_line = line;
        }
    }
    return n;
}

size_t story_bytes(const story_clu *c) {
    size_t b = c->caps * (sizeof(story) + sizeof(int64_t) + sizeof(uint32_t)) +
               c->npost * sizeof(u32vec) +
               c->nart * (sizeof(uint32_t) + sizeof(mh_sig)) + mh_index_bytes(c->lsh);
    for (uint32_t i = 1; i <= c->ns; i++) b += c->s[i].cap * (sizeof(uint32_t) + sizeof(float));
    for (size_t t = 0; t < c->npost; t++) b += c->post[t].cap * sizeof(uint32_t);
    return b;
}
