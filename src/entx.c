/* entx.c -- the entity extraction driver (see entx.h). */
#include "entx.h"
#include "anl.h"
#include "entity.h"
#include "entreg.h"
#include "event.h"
#include "ner.h"
#include "quote.h"
#include "when.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct pre_ref;

struct entx {
    store_t *s;
    char token[64];             /* written with every batch (entities.writer) */
    char seen[64];              /* entities.writer as the registry last knew it */
    char producer[ANL_PRODUCER_MAX];  /* of the analyses this extractor would make */
    int loaded;                 /* reg and last hold the store's state */
    tl_err *e;
    entx_stats *st;
    const ner_model *model;     /* owned when `owned` is it */
    ner_model *owned;
    entreg *reg;
    anl_doc an;                 /* one article's analysis */
    buf_t pre;                  /* the batch's stored analyses (bytes) */
    struct pre_ref *prev;       /* and where each is */
    size_t npre, cappre, ipre;
    store_mention_row *men;     /* the batch's mentions */
    size_t nmen, capmen;
    store_quote_row *quo;       /* the batch's quotes */
    size_t nquo, capquo;
    store_event_row *evt;       /* the batch's events */
    size_t nevt, capevt;
    int64_t last;               /* last rowid analyzed */
    int rc;
};
typedef struct entx entx_t;

/* ------------------------------------------------------------------------
 * Restoring state
 * ---------------------------------------------------------------------- */

/* JSON [[text, count], ...] -> fn(r, id, text, count) for each pair. */
static int restore_counts(entreg *r, uint32_t id, const char *json,
                          int (*fn)(entreg *, uint32_t, const char *, uint32_t)) {
    if (!json) return TL_OK;
    json_t *a = json_loads(json, 0, NULL);
    if (!json_is_array(a)) { json_decref(a); return TL_EPARSE; }
    int rc = TL_OK;
    size_t i;
    json_t *p;
    json_array_foreach(a, i, p) {
        const char *t = json_string_value(json_array_get(p, 0));
        json_int_t c = json_integer_value(json_array_get(p, 1));
        if (t && (rc = fn(r, id, t, (uint32_t)c)) != TL_OK) break;
    }
    json_decref(a);
    return rc;
}

static int on_entity(void *ud, const store_entity_row *row) {
    entx_t *x = ud;
    er_entity e = {row->id, ent_type_parse(row->type), row->key, row->name, row->country,
                   row->affiliation, row->mentions, row->articles, row->last_story, NULL, 0, NULL, 0};
    if ((x->rc = er_restore(x->reg, &e)) != TL_OK ||
        (x->rc = restore_counts(x->reg, row->id, row->aliases, er_restore_alias)) != TL_OK ||
        (x->rc = restore_counts(x->reg, row->id, row->roles, er_restore_role)) != TL_OK) {
        x->rc = err_set(x->e, x->rc == TL_ENOMEM ? TL_ENOMEM : TL_ESTORE,
                        "entity %u cannot be restored (run with --reset-entities)", row->id);
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Analyses made by workers
 *
 * Each batch first loads up to ENTX_BATCH stored analyses of the
 * articles after the cursor (store_analyses); an article whose analysis
 * is there, made by this extractor's producer and valid, is decoded
 * rather than analysed. The batch's analyses are dropped with it.
 * ---------------------------------------------------------------------- */

typedef struct pre_ref {
    int64_t article;
    size_t off, len;        /* into entx.pre */
    int usable;             /* same producer */
} pre_ref;

static int on_analysis(void *ud, int64_t article, const char *producer, const void *data,
                       size_t len) {
    entx_t *x = ud;
    if (x->npre == x->cappre) {
        size_t cap = x->cappre ? x->cappre * 2 : 64;
        pre_ref *v = realloc(x->prev, cap * sizeof(*v));
        if (!v) { x->rc = TL_ENOMEM; return 1; }
        x->prev = v;
        x->cappre = cap;
    }
    int usable = producer && strcmp(producer, x->producer) == 0;
    pre_ref *r = &x->prev[x->npre++];
    *r = (pre_ref){article, x->pre.len, usable ? len : 0, usable};
    if (usable && buf_append(&x->pre, data, len) != TL_OK) { x->rc = TL_ENOMEM; return 1; }
    return 0;
}

static int load_analyses(entx_t *x, tl_err *e) {
    x->npre = x->ipre = 0;
    buf_reset(&x->pre);
    int rc = store_analyses(x->s, x->last, ENTX_BATCH, on_analysis, x, e);
    if (rc == TL_OK && x->rc != TL_OK) rc = err_set(e, x->rc, "out of memory");
    return rc;
}

/* The stored analysis of article rowid, decoded into x->an: 1 when there
 * was a usable one, 0 when the article must be analysed here. */
static int take_analysis(entx_t *x, const art_t *a) {
    while (x->ipre < x->npre && x->prev[x->ipre].article < a->rowid) x->ipre++;
    if (x->ipre == x->npre || x->prev[x->ipre].article != a->rowid) return 0;
    const pre_ref *r = &x->prev[x->ipre++];
    if (!r->usable) {               /* counted here, where it is passed over: a load
                                       may read analyses of the next batch too */
        x->st->foreign++;
        return 0;
    }
    tl_err de;
    err_clear(&de);
    if (anl_decode(x->pre.p + r->off, r->len, a->text_len, &x->an, &de) == TL_OK) return 1;
    x->st->invalid++;
    return 0;
}

/* ------------------------------------------------------------------------
 * One article
 * ---------------------------------------------------------------------- */

/* Global entity id of local entity index i (ids from er_add_article), 0
 * when there is none. */
static uint32_t global_id(const entx_t *x, const uint32_t *ids, long i) {
    return i >= 0 && (size_t)i < x->an.doc.ne ? ids[i] : 0;
}

static const char *const CERTAINTY[] = {"exact", "inferred", "unresolved"};

/* Grow one of the batch's row arrays to hold one more row. */
static int grow(void **v, size_t *cap, size_t n, size_t first, size_t sz) {
    if (n < *cap) return TL_OK;
    size_t c = *cap ? *cap * 2 : first;
    void *p = realloc(*v, c * sz);
    if (!p) return TL_ENOMEM;
    *v = p;
    *cap = c;
    return TL_OK;
}

/* Events of the article into the batch, their entities resolved through
 * ids as quotes' speakers are. */
static int add_events(entx_t *x, const art_t *a, const uint32_t *ids) {
    const evt_list *evs = &x->an.events;
    const when_list *wl = &x->an.when;
    for (size_t i = 0; i < evs->n; i++) {
        const evt_event *ev = &evs->v[i];
        if (grow((void **)&x->evt, &x->capevt, x->nevt, 1024, sizeof(*x->evt)) != TL_OK)
            return TL_ENOMEM;
        store_event_row *r = &x->evt[x->nevt++];
        memset(r, 0, sizeof(*r));
        r->article = a->rowid;
        r->code = ev->code;                 /* static in event_lex.c */
        r->trig_start = (uint32_t)ev->trig_start;
        r->trig_end = (uint32_t)ev->trig_end;
        r->actor = global_id(x, ids, ev->actor);
        r->act_start = (uint32_t)ev->act_start;
        r->act_end = (uint32_t)ev->act_end;
        r->target = global_id(x, ids, ev->target);
        r->tgt_start = (uint32_t)ev->tgt_start;
        r->tgt_end = (uint32_t)ev->tgt_end;
        for (int k = 0; k < ev->nothers && k < EVT_MAX_OTHERS && r->nothers < STORE_EVT_MAX_OTHERS; k++) {
            uint32_t id = global_id(x, ids, ev->others[k]);
            if (id) r->others[r->nothers++] = id;
        }
        r->location = global_id(x, ids, ev->location);
        r->certainty = CERTAINTY[WHEN_UNRESOLVED];
        if (ev->when >= 0 && (size_t)ev->when < wl->n) {
            const when_expr *w = &wl->v[ev->when];
            r->when_start = (uint32_t)w->start;
            r->when_end = (uint32_t)w->end;
            if ((unsigned)w->certainty < 3) r->certainty = CERTAINTY[w->certainty];
            if (w->certainty != WHEN_UNRESOLVED) {
                r->has_date = 1;
                r->first_day = w->first_day;
                r->last_day = w->last_day;
            }
        }
        r->sent_start = (uint32_t)ev->sent_start;
        r->sent_end = (uint32_t)ev->sent_end;
        r->negated = ev->negated;
        r->future = ev->future;
    }
    x->st->events += (long)evs->n;
    return TL_OK;
}

/* Mentions and quotes of the article into the batch. */
static int add_mentions_quotes(entx_t *x, const art_t *a, const uint32_t *ids) {
    const ent_doc *d = &x->an.doc;
    for (size_t i = 0; i < d->nm; i++) {
        const ent_mention *m = &d->m[i];
        if (grow((void **)&x->men, &x->capmen, x->nmen, 4096, sizeof(*x->men)) != TL_OK)
            return TL_ENOMEM;
        x->men[x->nmen++] = (store_mention_row){a->rowid, (uint32_t)m->start, (uint32_t)m->end,
                                                ids[m->entity], (uint32_t)m->role_start,
                                                (uint32_t)m->role_end};
    }
    for (size_t i = 0; i < x->an.quotes.n; i++) {
        const quo_quote *q = &x->an.quotes.v[i];
        if (grow((void **)&x->quo, &x->capquo, x->nquo, 1024, sizeof(*x->quo)) != TL_OK)
            return TL_ENOMEM;
        x->quo[x->nquo++] = (store_quote_row){
            a->rowid, (uint32_t)q->start, (uint32_t)q->end, quo_kind_name(q->kind),
            global_id(x, ids, q->entity), (uint32_t)q->spk_start, (uint32_t)q->spk_end,
            (uint32_t)q->cue_start, (uint32_t)q->cue_end, (uint32_t)q->chan_start,
            (uint32_t)q->chan_end, NULL};
    }
    x->st->quotes += (long)x->an.quotes.n;
    return TL_OK;
}

static int on_article(void *ud, const art_t *a, uint32_t story) {
    entx_t *x = ud;
    /* Entities are resolved after placement (the story helps, entreg.h):
     * an article not placed yet waits for the next pass. */
    if (!story) return 1;
    if (take_analysis(x, a)) {
        x->st->precomputed++;
    } else if ((x->rc = anl_article(x->model, a, &x->an, x->e)) != TL_OK) {
        goto fail;
    }
    x->last = a->rowid;
    uint32_t *ids = malloc((x->an.doc.ne ? x->an.doc.ne : 1) * sizeof(uint32_t));
    if (!ids) { x->rc = TL_ENOMEM; goto fail; }
    uint32_t before = er_count_entities(x->reg);
    x->rc = er_add_article(x->reg, a->text, &x->an.doc, story, ids);
    x->st->new_entities += er_count_entities(x->reg) - before;
    if (x->rc == TL_OK) x->rc = add_mentions_quotes(x, a, ids);
    if (x->rc == TL_OK) x->rc = add_events(x, a, ids);
    free(ids);
    if (x->rc != TL_OK) goto fail;
    x->st->articles++;
    x->st->mentions += (long)x->an.doc.nm;
    return 0;
fail:
    if (x->rc == TL_ENOMEM) err_set(x->e, TL_ENOMEM, "out of memory");
    else if (x->rc != TL_OK && x->e && !x->e->msg[0])
        err_set(x->e, x->rc, "analyzing article %s failed", a->id ? a->id : "?");
    return 1;
}

/* ------------------------------------------------------------------------
 * Saving
 * ---------------------------------------------------------------------- */

static char *counts_json(const er_count *v, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("[s,I]", v[i].text, (json_int_t)v[i].count));
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return s;
}

static int save_batch(entx_t *x) {
    tl_err *e = x->e;
    int rc = store_begin(x->s, e);
    if (rc != TL_OK) return rc;
    /* fencing: entities.writer must still be this extractor's last token
     * (store.h) */
    if ((rc = store_fence(x->s, "entities.writer", x->seen, "extracted entities", e)) != TL_OK) {
        store_rollback(x->s, NULL);
        return rc;
    }
    /* the analyses of the batch's articles are used up (and any of
     * articles before it: left by an extractor with another producer) */
    if (x->npre) rc = store_drop_analyses(x->s, x->last, e);
    for (size_t i = 0; i < x->nmen && rc == TL_OK; i++) rc = store_put_mention(x->s, &x->men[i], e);
    for (size_t i = 0; i < x->nquo && rc == TL_OK; i++) rc = store_put_quote(x->s, &x->quo[i], e);
    for (size_t i = 0; i < x->nevt && rc == TL_OK; i++) rc = store_put_event(x->s, &x->evt[i], e);
    uint32_t *dirty = malloc((er_count_entities(x->reg) + 1) * sizeof(uint32_t));
    if (!dirty && rc == TL_OK) rc = err_set(e, TL_ENOMEM, "out of memory");
    size_t nd = rc == TL_OK ? er_take_dirty(x->reg, dirty) : 0;
    for (size_t k = 0; k < nd && rc == TL_OK; k++) {
        er_entity en;
        er_get(x->reg, dirty[k], &en);
        char *al = counts_json(en.aliases, en.naliases), *ro = counts_json(en.roles, en.nroles);
        if (!al || !ro) rc = err_set(e, TL_ENOMEM, "out of memory");
        store_entity_row row = {en.id, ent_type_name(en.type), en.key, en.name, en.country,
                                en.affiliation, en.mentions, en.articles, en.last_story, al, ro};
        if (rc == TL_OK) rc = store_put_entity(x->s, &row, e);
        free(al);
        free(ro);
    }
    free(dirty);
    if (rc == TL_OK) {
        char v[32];
        snprintf(v, sizeof(v), "%lld", (long long)x->last);
        rc = store_set_meta(x->s, "entities.cursor", v, e);
    }
    if (rc == TL_OK) rc = store_set_meta(x->s, "entities.writer", x->token, e);
    if (rc == TL_OK) snprintf(x->seen, sizeof(x->seen), "%s", x->token);
    if (rc == TL_OK) rc = store_commit(x->s, e);
    else store_rollback(x->s, NULL);
    x->nmen = 0;
    x->nquo = 0;
    x->nevt = 0;
    return rc;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------
 * The resident registry: load, check, free
 * ---------------------------------------------------------------------- */

static void state_free(entx_t *x) {
    er_free(x->reg);
    x->reg = NULL;
    x->loaded = 0;
    x->last = 0;
    x->nmen = x->nquo = x->nevt = 0;
    x->npre = x->ipre = 0;
}

static int state_load(entx_t *x, tl_err *e) {
    x->e = e;
    x->rc = TL_OK;
    if (!(x->reg = er_new())) return err_set(e, TL_ENOMEM, "out of memory");
    char *cur = NULL, *w = NULL;
    int rc = store_get_meta(x->s, "entities.cursor", &cur, e);
    if (rc == TL_OK) rc = store_get_meta(x->s, "entities.writer", &w, e);
    x->last = cur ? strtoll(cur, NULL, 10) : 0;
    snprintf(x->seen, sizeof(x->seen), "%s", w ? w : "");
    free(cur);
    free(w);
    if (rc != TL_OK) return rc;
    if ((rc = store_load_entities(x->s, on_entity, x, e)) != TL_OK || (rc = x->rc) != TL_OK)
        return rc;
    x->loaded = 1;
    return TL_OK;
}

/* Did another writer analyse articles since the registry was loaded? */
static int state_stale(entx_t *x, int *stale, tl_err *e) {
    char *cur = NULL, *w = NULL;
    int rc = store_get_meta(x->s, "entities.cursor", &cur, e);
    if (rc == TL_OK) rc = store_get_meta(x->s, "entities.writer", &w, e);
    if (rc == TL_OK)
        *stale = strcmp(w ? w : "", x->seen) != 0 || (cur ? strtoll(cur, NULL, 10) : 0) != x->last;
    free(cur);
    free(w);
    return rc;
}

static int open_x(store_t *s, const char *model_path, const ner_model *m, entx **out, tl_err *e) {
    *out = NULL;
    entx_t *x = calloc(1, sizeof(*x));
    if (!x) return err_set(e, TL_ENOMEM, "out of memory");
    x->s = s;
    store_writer_token(x->token, sizeof(x->token));
    int rc = model_path ? ner_model_load(model_path, &x->owned, e) : TL_OK;
    x->model = model_path ? x->owned : m;
    if (rc == TL_OK) anl_producer(x->model, x->producer, sizeof(x->producer));
    if (rc == TL_OK) rc = state_load(x, e);
    if (rc != TL_OK) { entx_close(x); return rc; }
    *out = x;
    return TL_OK;
}

int entx_open(store_t *s, const char *model_path, entx **out, tl_err *e) {
    return open_x(s, model_path, NULL, out, e);
}

int entx_open_with(store_t *s, const ner_model *m, entx **out, tl_err *e) {
    return open_x(s, NULL, m, out, e);
}

void entx_close(entx *x) {
    if (!x) return;
    state_free(x);
    anl_doc_free(&x->an);
    buf_free(&x->pre);
    free(x->prev);
    ner_model_free(x->owned);
    free(x->men);
    free(x->quo);
    free(x->evt);
    free(x);
}

int entx_more(entx *x, entx_progress_fn progress, void *ud, entx_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    st->model = x->model != NULL;
    x->e = e;
    x->st = st;
    x->rc = TL_OK;
    double t0 = now_s();
    int stale = !x->loaded, rc = TL_OK;
    if (!stale && (rc = state_stale(x, &stale, e)) != TL_OK) return rc;
    if (stale) {
        state_free(x);
        if ((rc = state_load(x, e)) != TL_OK) goto fail;
    }
    for (;;) {
        int64_t before = x->last;
        if ((rc = load_analyses(x, e)) != TL_OK) goto fail;
        rc = store_articles_after(x->s, x->last, ENTX_BATCH, on_article, x, e);
        if (rc == TL_OK) rc = x->rc;
        if (rc != TL_OK) goto fail;
        if (x->last == before) break;
        if ((rc = save_batch(x)) != TL_OK) goto fail;
        st->entities = er_count_entities(x->reg);
        st->seconds = now_s() - t0;
        if (progress && progress(ud, st)) break;
    }
    st->entities = er_count_entities(x->reg);
    st->seconds = now_s() - t0;
    return TL_OK;
fail:
    /* the registry may hold what the store does not: load afresh next time */
    state_free(x);
    st->seconds = now_s() - t0;
    return rc;
}

int entx_run(store_t *s, const char *model_path, int reset, entx_progress_fn progress, void *ud,
             entx_stats *st, tl_err *e) {
    memset(st, 0, sizeof(*st));
    int rc;
    if (reset) {
        if ((rc = store_begin(s, e)) != TL_OK) return rc;
        if ((rc = store_reset_entities(s, e)) != TL_OK) { store_rollback(s, NULL); return rc; }
        if ((rc = store_commit(s, e)) != TL_OK) return rc;
    }
    double t0 = now_s();
    entx *x;
    if ((rc = entx_open(s, model_path, &x, e)) != TL_OK) return rc;
    rc = entx_more(x, progress, ud, st, e);
    entx_close(x);
    st->seconds = now_s() - t0;
    return rc;
}

const char *entx_default_model(const char *exe_dir, char *buf, size_t cap) {
    const char *env = getenv("TRILAT_NER_MODEL");
    if (env && strcmp(env, "none") == 0) return NULL;
    if (env && *env) return env;
    if (exe_dir) {
        snprintf(buf, cap, "%s/ner.model", exe_dir);
        if (access(buf, R_OK) == 0) return buf;
    }
    static const char *const SYS[] = {"/usr/local/share/trilat/ner.model",
                                      "/usr/share/trilat/ner.model"};
    for (size_t i = 0; i < sizeof(SYS) / sizeof(SYS[0]); i++)
        if (access(SYS[i], R_OK) == 0) return SYS[i];
    return NULL;
}
