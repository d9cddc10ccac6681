/* place.c -- the placement driver (see place.h). */
#include "place.h"
#include "feat.h"
#include "vocab.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Parameters
 * ---------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int is_int;
    size_t off;
    double lo, hi;
} param_def;

#define PD(n, i, lo, hi) {#n, i, offsetof(story_params, n), lo, hi}
static const param_def PARAMS[] = {
    PD(threshold, 0, 0.0, 1.0),       PD(window_days, 0, 0.0, 3650.0),
    PD(decay_days, 0, 0.01, 3650.0),  PD(article_terms, 1, 1, 10000),
    PD(centroid_terms, 1, 1, 100000), PD(probe_terms, 1, 1, 1000),
    PD(near_dup, 0, 0.0, 1.0),        PD(line_threshold, 0, 0.0, 1.0),
    PD(line_days, 0, 0.0, 36500.0),
};
#define NPARAMS (sizeof(PARAMS) / sizeof(PARAMS[0]))

int place_param_set(story_params *p, const char *key, const char *value, tl_err *e) {
    for (size_t i = 0; i < NPARAMS; i++) {
        if (strcmp(PARAMS[i].name, key) != 0) continue;
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        while (isspace((unsigned char)*end)) end++;
        if (errno || end == value || *end || v < PARAMS[i].lo || v > PARAMS[i].hi ||
            (PARAMS[i].is_int && v != (double)(long)v))
            return err_set(e, TL_EINVAL, "%s must be %s between %g and %g, not '%s'", key,
                           PARAMS[i].is_int ? "an integer" : "a number", PARAMS[i].lo,
                           PARAMS[i].hi, value);
        char *f = (char *)p + PARAMS[i].off;
        if (PARAMS[i].is_int) *(int *)f = (int)v;
        else *(double *)f = v;
        return TL_OK;
    }
    return err_set(e, TL_EINVAL, "unknown clustering parameter '%s'", key);
}

int place_param_load(story_params *p, const char *path, tl_err *e) {
    FILE *f = fopen(path, "r");
    if (!f) return err_setat(e, TL_EIO, path, 0, "cannot open: %s", strerror(errno));
    char line[512];
    long n = 0;
    int rc = TL_OK;
    while (fgets(line, sizeof(line), f)) {
        n++;
        char *h = strchr(line, '#');
        if (h) *h = '\0';
        char *k = line;
        while (isspace((unsigned char)*k)) k++;
        if (!*k) continue;
        char *eq = strchr(k, '=');
        if (!eq) { rc = err_setat(e, TL_EINVAL, path, n, "expected 'key = value'"); break; }
        char *ke = eq;
        while (ke > k && isspace((unsigned char)ke[-1])) ke--;
        *ke = '\0';
        char *v = eq + 1;
        while (isspace((unsigned char)*v)) v++;
        char *ve = v + strlen(v);
        while (ve > v && isspace((unsigned char)ve[-1])) ve--;
        *ve = '\0';
        if ((rc = place_param_set(p, k, v, e)) != TL_OK) {
            err_setat(e, rc, path, n, "%s", e ? e->msg : "");   /* err.c allows this */
            break;
        }
    }
    fclose(f);
    return rc;
}

void place_param_string(const story_params *p, char *out, size_t n) {
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < NPARAMS && k < n; i++) {
        const char *f = (const char *)p + PARAMS[i].off;
        int w = PARAMS[i].is_int
                    ? snprintf(out + k, n - k, "%s%s=%d", i ? " " : "", PARAMS[i].name, *(const int *)f)
                    : snprintf(out + k, n - k, "%s%s=%g", i ? " " : "", PARAMS[i].name,
                               *(const double *)f);
        if (w < 0) break;
        k += (size_t)w;
    }
}

/* ------------------------------------------------------------------------
 * Loading state
 * ---------------------------------------------------------------------- */

struct placer {
    store_t *s;
    story_params params;
    char token[64];          /* written with every batch (cluster.writer) */
    char seen[64];           /* cluster.writer as the state last knew it */
    int loaded;              /* voc, clu, fx hold the store's state */
    double load_seconds;     /* of the last load, until a run reports it */
    vocab *voc;
    story_clu *clu;
    feat_ctx *fx;
    feat_doc doc;
    tl_err *e;
    int rc;
    /* batch */
    store_placement *pl;
    mh_sig *sigs;
    size_t npl, cappl;
    uint32_t *touched;       /* term ids touched in this batch */
    size_t ntouched, captouched;
    uint8_t *mark;           /* per term id: in touched */
    size_t nmark;
    int64_t last_rowid;
    place_stats *st;
};
typedef struct placer place_t;

static int on_term(void *ud, uint32_t id, const char *term, const char *surface, uint32_t df,
                   uint32_t ndf) {
    place_t *g = ud;
    uint32_t got = voc_id(g->voc, term, strlen(term), 1);
    if (got != id) {
        g->rc = err_set(g->e, TL_ESTORE, "term table is inconsistent at id %u", id);
        return 1;
    }
    voc_set_df(g->voc, id, df);
    voc_set_ndf(g->voc, id, ndf);
    if (surface) voc_set_surface(g->voc, id, surface, strlen(surface));
    return 0;
}

static int on_story(void *ud, const store_story_row *r) {
    place_t *g = ud;
    size_t n = r->centroid_len / 8;
    uint32_t *ids = malloc((n ? n : 1) * sizeof(uint32_t));
    float *w = malloc((n ? n : 1) * sizeof(float));
    if (!ids || !w) { free(ids); free(w); g->rc = TL_ENOMEM; return 1; }
    const unsigned char *b = r->centroid;
    for (size_t i = 0; i < n; i++) {
        memcpy(&ids[i], b + 8 * i, 4);
        memcpy(&w[i], b + 8 * i + 4, 4);
    }
    story_info si = {r->id, r->size, r->storyline, r->has_ts, r->first_ts, r->last_ts,
                     ids, w, (uint32_t)n};
    g->rc = story_restore(g->clu, &si);
    free(ids);
    free(w);
    return g->rc != TL_OK;
}

static int on_placement(void *ud, const store_placement *p) {
    place_t *g = ud;
    mh_sig sig;
    memset(&sig, 0, sizeof(sig));
    if (p->minhash_len == sizeof(sig.v) + 4) {
        memcpy(sig.v, p->minhash, sizeof(sig.v));
        memcpy(&sig.nshingles, (const char *)p->minhash + sizeof(sig.v), 4);
    }
    g->rc = story_restore_member(g->clu, (uint32_t)p->article, p->story, &sig);
    return g->rc != TL_OK;
}

/* ------------------------------------------------------------------------
 * Placing and saving
 * ---------------------------------------------------------------------- */

static int touch_terms(place_t *g, const feat_doc *d) {
    size_t nv = voc_size(g->voc);
    if (nv > g->nmark) {
        size_t n = g->nmark ? g->nmark : 4096;
        while (n < nv) n *= 2;
        uint8_t *m = realloc(g->mark, n);
        if (!m) return TL_ENOMEM;
        memset(m + g->nmark, 0, n - g->nmark);
        g->mark = m;
        g->nmark = n;
    }
    for (size_t i = 0; i < d->n; i++) {
        uint32_t id = d->ids[i];
        if (g->mark[id]) continue;
        if (g->ntouched == g->captouched) {
            size_t cap = g->captouched ? g->captouched * 2 : 4096;
            uint32_t *t = realloc(g->touched, cap * sizeof(uint32_t));
            if (!t) return TL_ENOMEM;
            g->touched = t;
            g->captouched = cap;
        }
        g->mark[id] = 1;
        g->touched[g->ntouched++] = id;
    }
    return TL_OK;
}

static int on_article(void *ud, const art_t *a) {
    place_t *g = ud;
    g->last_rowid = a->rowid;
    if (a->rowid <= 0 || a->rowid > UINT32_MAX) {
        g->rc = err_set(g->e, TL_ESTORE, "article rowid %lld out of range", (long long)a->rowid);
        return 1;
    }
    if ((g->rc = feat_extract(g->fx, g->voc, a->title, a->text, a->text_len, a->language,
                              &g->doc)) != TL_OK)
        return 1;
    story_result r;
    if ((g->rc = story_place(g->clu, (uint32_t)a->rowid, &g->doc, a->published != NULL,
                             a->published_ts, &r)) != TL_OK)
        return 1;
    if ((g->rc = touch_terms(g, &g->doc)) != TL_OK) return 1;
    if (g->npl == g->cappl) {
        size_t cap = g->cappl ? g->cappl * 2 : PLACE_BATCH;
        store_placement *pl = realloc(g->pl, cap * sizeof(*pl));
        mh_sig *sg = pl ? realloc(g->sigs, cap * sizeof(*sg)) : NULL;
        if (pl) g->pl = pl;
        if (!pl || !sg) { g->rc = TL_ENOMEM; return 1; }
        g->sigs = sg;
        g->cappl = cap;
    }
    g->sigs[g->npl] = g->doc.sig;
    g->pl[g->npl++] = (store_placement){a->rowid, r.story, r.sim, r.near_dup_of,
                                        r.near_dup_sim, NULL, 0};
    g->st->placed++;
    if (r.created) g->st->created++;
    if (r.near_dup_of) g->st->near_dups++;
    return 0;
}

typedef struct { uint32_t id; float w; } tw;
static int cmp_w(const void *a, const void *b) {
    const tw *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Write the batch: placements, changed stories, touched terms, counters. */
static int save_batch(place_t *g) {
    tl_err *e = g->e;
    int rc = store_begin(g->s, e);
    if (rc != TL_OK) return rc;
    /* fencing: the store must still be as this placer's state left it
     * (cluster.writer is the token of the last batch's writer; store.h) */
    if ((rc = store_fence(g->s, "cluster.writer", g->seen, "placed articles", e)) != TL_OK) {
        store_rollback(g->s, NULL);     /* place_more then frees the state */
        return rc;
    }
    unsigned char sigbuf[sizeof(((mh_sig *)0)->v) + 4];
    for (size_t i = 0; i < g->npl && rc == TL_OK; i++) {
        memcpy(sigbuf, g->sigs[i].v, sizeof(g->sigs[i].v));
        memcpy(sigbuf + sizeof(g->sigs[i].v), &g->sigs[i].nshingles, 4);
        g->pl[i].minhash = sigbuf;
        g->pl[i].minhash_len = sizeof(sigbuf);
        rc = store_put_placement(g->s, &g->pl[i], e);
    }
    uint32_t *dirty = malloc((story_count(g->clu) + 1) * sizeof(uint32_t));
    if (!dirty) rc = err_set(e, TL_ENOMEM, "out of memory");
    size_t nd = rc == TL_OK ? story_take_dirty(g->clu, dirty) : 0;
    for (size_t k = 0; k < nd && rc == TL_OK; k++) {
        story_info si;
        story_get(g->clu, dirty[k], &si);
        unsigned char *blob = malloc(si.nterms * 8 + 1);
        tw *t = malloc((si.nterms + 1) * sizeof(tw));
        char top[1024];
        if (!blob || !t) { free(blob); free(t); rc = err_set(e, TL_ENOMEM, "out of memory"); break; }
        for (uint32_t i = 0; i < si.nterms; i++) {
            memcpy(blob + 8 * i, &si.term_ids[i], 4);
            memcpy(blob + 8 * i + 4, &si.term_w[i], 4);
            t[i] = (tw){si.term_ids[i], si.term_w[i]};
        }
        qsort(t, si.nterms, sizeof(tw), cmp_w);
        size_t k2 = 0;
        k2 += (size_t)snprintf(top, sizeof(top), "[");
        for (uint32_t i = 0; i < si.nterms && i < 8 && k2 < sizeof(top) - 64; i++) {
            const char *sf = voc_surface(g->voc, t[i].id);
            k2 += (size_t)snprintf(top + k2, sizeof(top) - k2, "%s\"", i ? "," : "");
            for (; *sf && k2 < sizeof(top) - 8; sf++)
                if (*sf != '"' && *sf != '\\') top[k2++] = *sf;
            top[k2++] = '"';
        }
        snprintf(top + k2, sizeof(top) - k2, "]");
        store_story_row row = {si.id, si.size, si.storyline, si.has_ts, si.first_ts, si.last_ts,
                               blob, si.nterms * 8, top, NULL, NULL, 0, 0};
        rc = store_put_story(g->s, &row, e);
        free(blob);
        free(t);
    }
    free(dirty);
    for (size_t i = 0; i < g->ntouched && rc == TL_OK; i++) {
        uint32_t id = g->touched[i];
        g->mark[id] = 0;
        const char *term = voc_term(g->voc, id, NULL);
        const char *sf = voc_surface(g->voc, id);
        rc = store_put_term(g->s, id, term, strcmp(sf, term) ? sf : NULL, voc_df(g->voc, id),
                            voc_ndf(g->voc, id), e);
    }
    g->ntouched = 0;
    if (rc == TL_OK) {
        char n[32];
        snprintf(n, sizeof(n), "%llu", (unsigned long long)voc_ndocs(g->voc));
        rc = store_set_meta(g->s, "cluster.ndocs", n, e);
    }
    if (rc == TL_OK) rc = store_set_meta(g->s, "cluster.writer", g->token, e);
    if (rc == TL_OK) snprintf(g->seen, sizeof(g->seen), "%s", g->token);
    if (rc == TL_OK) rc = store_commit(g->s, e);
    else store_rollback(g->s, NULL);
    g->npl = 0;
    return rc;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------
 * The resident state: load, check, free
 * ---------------------------------------------------------------------- */

static void state_free(place_t *g) {
    feat_doc_free(&g->doc);
    memset(&g->doc, 0, sizeof(g->doc));
    feat_free(g->fx);
    story_free(g->clu);
    voc_free(g->voc);
    g->fx = NULL;
    g->clu = NULL;
    g->voc = NULL;
    g->loaded = 0;
    g->last_rowid = 0;
    g->npl = g->ntouched = 0;
    if (g->mark) memset(g->mark, 0, g->nmark);
}

static int state_load(place_t *g, tl_err *e) {
    double t0 = now_s();
    g->e = e;
    g->rc = TL_OK;
    g->voc = voc_new();
    g->clu = g->voc ? story_new(&g->params, g->voc) : NULL;
    g->fx = feat_new();
    if (!g->voc || !g->clu || !g->fx) return err_set(e, TL_ENOMEM, "out of memory");
    char *v = NULL;
    int rc = store_get_meta(g->s, "cluster.ndocs", &v, e);
    if (rc != TL_OK) return rc;
    if (v) voc_set_ndocs(g->voc, strtoull(v, NULL, 10));
    free(v);
    v = NULL;
    if ((rc = store_get_meta(g->s, "cluster.writer", &v, e)) != TL_OK) return rc;
    snprintf(g->seen, sizeof(g->seen), "%s", v ? v : "");
    free(v);
    if ((rc = store_load_terms(g->s, on_term, g, e)) != TL_OK || (rc = g->rc) != TL_OK) return rc;
    if ((rc = store_load_stories(g->s, on_story, g, e)) != TL_OK || (rc = g->rc) != TL_OK)
        return rc;
    if ((rc = store_load_placements(g->s, on_placement, g, e)) != TL_OK || (rc = g->rc) != TL_OK)
        return rc;
    g->loaded = 1;
    g->load_seconds = now_s() - t0;
    return TL_OK;
}

/* Did another writer place articles since this state was loaded? Every
 * batch leaves its writer's token and the document count in meta. */
static int state_stale(place_t *g, int *stale, tl_err *e) {
    char *w = NULL, *n = NULL;
    int rc = store_get_meta(g->s, "cluster.writer", &w, e);
    if (rc == TL_OK) rc = store_get_meta(g->s, "cluster.ndocs", &n, e);
    if (rc == TL_OK) {
        unsigned long long nd = n ? strtoull(n, NULL, 10) : 0;
        *stale = strcmp(w ? w : "", g->seen) != 0 || nd != voc_ndocs(g->voc);
    }
    free(w);
    free(n);
    return rc;
}

int place_open(store_t *s, const story_params *p, placer **out, tl_err *e) {
    *out = NULL;
    place_t *g = calloc(1, sizeof(*g));
    if (!g) return err_set(e, TL_ENOMEM, "out of memory");
    g->s = s;
    if (p) g->params = *p;
    else story_params_default(&g->params);
    store_writer_token(g->token, sizeof(g->token));
    int rc = state_load(g, e);
    if (rc != TL_OK) { place_close(g); return rc; }
    *out = g;
    return TL_OK;
}

void place_close(placer *g) {
    if (!g) return;
    state_free(g);
    free(g->pl);
    free(g->sigs);
    free(g->touched);
    free(g->mark);
    free(g);
}

int place_more(placer *g, place_progress_fn progress, void *ud, place_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    g->e = e;
    g->st = st;
    g->rc = TL_OK;
    int stale = !g->loaded, rc = TL_OK;
    if (!stale && (rc = state_stale(g, &stale, e)) != TL_OK) return rc;
    if (stale) {
        state_free(g);
        if ((rc = state_load(g, e)) != TL_OK) goto fail;
    }
    char params[512];
    place_param_string(&g->params, params, sizeof(params));
    for (;;) {
        int64_t before = g->last_rowid;
        rc = store_unplaced(g->s, g->last_rowid, PLACE_BATCH, on_article, g, e);
        if (rc == TL_OK) rc = g->rc;
        if (rc != TL_OK) goto fail;
        if (g->npl == 0 && g->last_rowid == before) break;
        if ((rc = save_batch(g)) != TL_OK) goto fail;
        st->stories = story_count(g->clu);
        st->index_bytes = story_bytes(g->clu) + voc_bytes(g->voc);
        if (progress && progress(ud, st)) break;
    }
    st->load_seconds = g->load_seconds;
    g->load_seconds = 0;
    if ((rc = store_begin(g->s, e)) == TL_OK) {
        rc = store_set_meta(g->s, "cluster.params", params, e);
        rc = rc == TL_OK ? store_commit(g->s, e) : (store_rollback(g->s, NULL), rc);
    }
    if (rc != TL_OK) goto fail;
    st->stories = story_count(g->clu);
    for (uint32_t i = 1; i <= story_count(g->clu); i++)
        if (story_storyline(g->clu, i) == i) st->storylines++;
    st->index_bytes = story_bytes(g->clu) + voc_bytes(g->voc);
    return TL_OK;
fail:
    /* memory may hold placements the store does not: load afresh next time */
    state_free(g);
    return rc;
}

int place_run(store_t *s, const story_params *p, int reset, place_progress_fn progress,
              void *ud, place_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    int rc;
    if (reset) {
        if ((rc = store_begin(s, e)) != TL_OK) return rc;
        if ((rc = store_reset_placement(s, e)) != TL_OK) { store_rollback(s, NULL); return rc; }
        if ((rc = store_commit(s, e)) != TL_OK) return rc;
    }
    placer *g;
    if ((rc = place_open(s, p, &g, e)) != TL_OK) return rc;
    rc = place_more(g, progress, ud, st, e);
    place_close(g);
    return rc;
}
