/* view.c -- JSON documents of what the store holds (see view.h).
 *
 * The command line prints these with --json and the HTTP API sends them
 * as they are, so each document is assembled here once. Text output is
 * the commands' own business (cmd_*.c), read from the same documents
 * where it can be.
 */
#include "view.h"

#include "cli.h"
#include "sent.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* {"id", "source", "title", "published"}: an article as a list shows it. */
static json_t *brief(const char *id, const char *source, const char *title,
                     const char *published) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "source", cli_str_or_null(source));
    json_object_set_new(o, "title", cli_str_or_null(title));
    json_object_set_new(o, "published", cli_str_or_null(published));
    return o;
}

/* ------------------------------------------------------------------------
 * Stories and storylines
 * ---------------------------------------------------------------------- */

static void fmt_day(int64_t ts, char *out) {
    time_t t = (time_t)ts;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Title of the most central member, else its first sentence. */
static void story_headline(const store_story_row *r, char *out, size_t n) {
    if (r->headline) snprintf(out, n, "%s", r->headline);
    else if (r->lead) sent_first(r->lead, strlen(r->lead), out, n > 160 ? 160 : n);
    else snprintf(out, n, "(story %u)", r->id);
}

json_t *view_story_row(const store_story_row *r) {
    char h[512], d[16];
    story_headline(r, h, sizeof(h));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "headline", json_string(h));
    json_object_set_new(o, "articles", json_integer(r->size));
    json_object_set_new(o, "sources", json_integer(r->sources));
    json_object_set_new(o, "storyline", json_integer(r->storyline));
    if (r->has_ts) {
        fmt_day(r->first_ts, d);
        json_object_set_new(o, "first", json_string(d));
        fmt_day(r->last_ts, d);
        json_object_set_new(o, "last", json_string(d));
    } else {
        json_object_set_new(o, "first", json_null());
        json_object_set_new(o, "last", json_null());
    }
    json_t *terms = r->top_terms ? json_loads(r->top_terms, 0, NULL) : NULL;
    json_object_set_new(o, "top_terms", terms ? terms : json_array());
    return o;
}

static int story_row_cb(void *ud, const store_story_row *r) {
    json_array_append_new(ud, view_story_row(r));
    return 0;
}

int view_stories(store_t *s, const store_filter *f, long min_size, json_t **out, tl_err *e) {
    json_t *arr = json_array();
    int rc = store_list_stories(s, f, min_size, story_row_cb, arr, e);
    if (rc != TL_OK) { json_decref(arr); arr = NULL; }
    *out = arr;
    return rc;
}

static int story_one_cb(void *ud, const store_story_row *r) {
    *(json_t **)ud = view_story_row(r);
    return 0;
}

static int member_cb(void *ud, const art_t *a, const store_placement *p) {
    json_t *o = brief(a->id, a->source, a->title, a->published);
    json_object_set_new(o, "similarity", json_real(p->sim));
    json_object_set_new(o, "rowid", json_integer(a->rowid));
    json_object_set_new(o, "near_duplicate_of",
                        p->near_dup_of ? json_integer(p->near_dup_of) : json_null());
    json_array_append_new(ud, o);
    return 0;
}

/* near_duplicate_of: rowid of the original -> its id; rowids dropped. */
static void members_fix(json_t *members) {
    size_t i, k;
    json_t *m, *o;
    json_array_foreach(members, i, m) {
        json_t *nd = json_object_get(m, "near_duplicate_of");
        if (json_is_null(nd)) continue;
        json_array_foreach(members, k, o) {
            if (json_integer_value(json_object_get(o, "rowid")) == json_integer_value(nd)) {
                json_object_set(m, "near_duplicate_of", json_object_get(o, "id"));
                break;
            }
        }
    }
    json_array_foreach(members, i, m) json_object_del(m, "rowid");
}

int view_story(store_t *s, uint32_t id, const sum_params *sp, json_t **out, tl_err *e) {
    sum_params def;
    if (!sp) { sum_params_default(&def); sp = &def; }
    json_t *story = NULL, *members = json_array();
    json_t *quotes = NULL, *events = NULL, *summary = NULL, *facts = NULL;
    *out = NULL;
    int rc = store_get_story(s, id, story_one_cb, &story, e);
    if (rc == TL_OK) rc = store_story_members(s, id, member_cb, members, e);
    /* what was said, grouped by speaker, and what was done, as a timeline */
    if (rc == TL_OK) quotes = cli_story_quotes(s, id, &rc, e);
    if (rc == TL_OK) events = cli_events_of(s, id, 0, 0, &rc, e);
    /* what the sources say together: a cited summary and the facts table */
    if (rc == TL_OK) summary = cli_story_summary(s, id, sp, &rc, e);
    if (rc == TL_OK) facts = cli_story_facts(s, id, &rc, e);
    if (rc != TL_OK) goto error;
    members_fix(members);
    json_object_set_new(story, "members", members);
    json_object_set_new(story, "summary", summary);
    json_object_set_new(story, "quotes", quotes);
    json_object_set_new(story, "events", events);
    json_object_set_new(story, "facts", facts);
    *out = story;
    return TL_OK;
error:
    json_decref(story);
    json_decref(members);
    json_decref(quotes);
    json_decref(events);
    json_decref(summary);
    json_decref(facts);
    return rc;
}

typedef struct {
    json_t *lines;   /* storyline id (string) -> object */
    json_t *order;   /* storyline ids in first-seen order (most recent first) */
} lines_ud;

static int line_cb(void *ud, const store_story_row *r) {
    lines_ud *u = ud;
    char key[32];
    snprintf(key, sizeof(key), "%u", r->storyline);
    json_t *l = json_object_get(u->lines, key);
    if (!l) {
        l = json_object();
        json_object_set_new(l, "id", json_integer(r->storyline));
        json_object_set_new(l, "stories", json_array());
        json_object_set_new(l, "articles", json_integer(0));
        json_object_set_new(u->lines, key, l);
        json_array_append_new(u->order, json_string(key));
    }
    json_array_append_new(json_object_get(l, "stories"), view_story_row(r));
    json_object_set_new(l, "articles",
                        json_integer(json_integer_value(json_object_get(l, "articles")) + r->size));
    return 0;
}

/* Stories as listed (f) grouped into storylines, in first-seen order. */
static int group_lines(store_t *s, const store_filter *f, long min_stories, json_t **out,
                       tl_err *e) {
    lines_ud u = {json_object(), json_array()};
    int rc = store_list_stories(s, f, 1, line_cb, &u, e);
    json_t *arr = rc == TL_OK ? json_array() : NULL;
    size_t i;
    json_t *k;
    json_array_foreach(u.order, i, k) {
        if (!arr) break;
        json_t *l = json_object_get(u.lines, json_string_value(k));
        if ((long)json_array_size(json_object_get(l, "stories")) >= min_stories)
            json_array_append(arr, l);
    }
    json_decref(u.lines);
    json_decref(u.order);
    *out = arr;
    return rc;
}

int view_storylines(store_t *s, long min_stories, json_t **out, tl_err *e) {
    return group_lines(s, NULL, min_stories, out, e);
}

int view_storyline(store_t *s, uint32_t id, json_t **out, tl_err *e) {
    store_filter f = {0};
    f.storyline = id;
    json_t *arr;
    *out = NULL;
    int rc = group_lines(s, &f, 1, &arr, e);
    if (rc != TL_OK) return rc;
    if (json_array_size(arr) == 1) *out = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return *out ? TL_OK : err_set(e, TL_ENOTFOUND, "no storyline %u", id);
}

/* ------------------------------------------------------------------------
 * Articles, search, stats
 * ---------------------------------------------------------------------- */

static int art_cb(void *ud, const art_t *a) {
    json_array_append_new(ud, cli_art_json(a, 0));
    return 0;
}

int view_articles(store_t *s, const store_filter *f, json_t **out, tl_err *e) {
    json_t *arr = json_array();
    int rc = store_list_articles(s, f, 0, art_cb, arr, e);
    if (rc != TL_OK) { json_decref(arr); arr = NULL; }
    *out = arr;
    return rc;
}

static int dup_cb(void *ud, const store_dup *d) {
    json_t *o = brief(d->id, d->source, d->title, d->published);
    json_object_set_new(o, "url", cli_str_or_null(d->url));
    json_object_set_new(o, "origin", cli_str_or_null(d->origin));
    json_array_append_new(ud, o);
    return 0;
}

static int place_cb(void *ud, const store_placement *p) {
    *(uint32_t *)ud = p->story;
    return 0;
}

/* The story of an article (0: not placed). */
static int article_story(store_t *s, int64_t rowid, uint32_t *story, tl_err *e) {
    *story = 0;
    int rc = store_get_placement(s, rowid, place_cb, story, e);
    if (rc == TL_ENOTFOUND) { err_clear(e); rc = TL_OK; }
    return rc;
}

int view_article(store_t *s, const char *id, int with_text, json_t **out, tl_err *e) {
    art_t *a;
    char *dup_of;
    uint32_t story = 0;
    *out = NULL;
    int rc = store_get_article(s, id, &a, &dup_of, e);
    if (rc != TL_OK) return rc;
    json_t *o = cli_art_json(a, with_text);
    json_object_set_new(o, "requested_id", json_string(id));
    json_object_set_new(o, "is_duplicate_of", cli_str_or_null(dup_of));
    json_t *dups = json_array();
    rc = store_list_duplicates(s, a->id, dup_cb, dups, e);
    json_object_set_new(o, "duplicates", dups);
    if (rc == TL_OK) rc = article_story(s, a->rowid, &story, e);
    json_object_set_new(o, "story", story ? json_integer(story) : json_null());
    art_free(a);
    free(dup_of);
    if (rc != TL_OK) { json_decref(o); return rc; }
    *out = o;
    return TL_OK;
}

typedef struct {
    store_t *s;
    json_t *arr;
    tl_err *e;
    int rc;
} hits_ud;

static int hit_cb(void *ud, const store_hit *h) {
    hits_ud *u = ud;
    json_t *o = cli_art_json(h->article, 0);
    json_object_set_new(o, "score", json_real(h->score));
    json_object_set_new(o, "snippet", cli_str_or_null(h->snippet));
    json_array_append_new(u->arr, o);
    json_object_set_new(o, "rowid", json_integer(h->article->rowid));
    return 0;
}

int view_search(store_t *s, const char *query, const store_filter *f, const char *hl_open,
                const char *hl_close, json_t **out, tl_err *e) {
    hits_ud u = {s, json_array(), e, TL_OK};
    int rc = store_search(s, query, f, hl_open, hl_close, hit_cb, &u, e);
    /* stories after the search: the search statement is done by now */
    size_t i;
    json_t *o;
    json_array_foreach(u.arr, i, o) {
        if (rc != TL_OK) break;
        uint32_t story;
        rc = article_story(s, json_integer_value(json_object_get(o, "rowid")), &story, e);
        json_object_set_new(o, "story", story ? json_integer(story) : json_null());
        json_object_del(o, "rowid");
    }
    if (rc != TL_OK) { json_decref(u.arr); u.arr = NULL; }
    *out = u.arr;
    return rc;
}

static int source_cb(void *ud, const store_count *k) {
    json_t *o = json_object();
    json_object_set_new(o, "source", json_string(k->name));
    json_object_set_new(o, "articles", json_integer(k->count));
    json_array_append_new(ud, o);
    return 0;
}

int view_stats(store_t *s, json_t **out, tl_err *e) {
    store_stats st;
    *out = NULL;
    int rc = store_get_stats(s, &st, e);
    if (rc != TL_OK) return rc;
    json_t *o = json_object();
    json_object_set_new(o, "store", json_string(st.location));
    json_object_set_new(o, "backend", json_string(st.backend));
    json_object_set_new(o, "schema_version", json_integer(st.schema_version));
    json_object_set_new(o, "articles", json_integer(st.articles));
    json_object_set_new(o, "duplicates", json_integer(st.duplicates));
    json_object_set_new(o, "sources", json_integer(st.sources));
    json_object_set_new(o, "languages", json_integer(st.languages));
    json_object_set_new(o, "undated", json_integer(st.undated));
    json_object_set_new(o, "text_bytes", json_integer(st.text_bytes));
    json_object_set_new(o, "first_published",
                        st.first_published[0] ? json_string(st.first_published) : json_null());
    json_object_set_new(o, "last_published",
                        st.last_published[0] ? json_string(st.last_published) : json_null());
    json_object_set_new(o, "stories", json_integer(st.stories));
    json_object_set_new(o, "storylines", json_integer(st.storylines));
    json_object_set_new(o, "entities", json_integer(st.entities));
    long pending = 0;
    if ((rc = store_count_analyses(s, &pending, e)) != TL_OK) { json_decref(o); return rc; }
    json_object_set_new(o, "analyses_pending", json_integer(pending));
    json_t *arr = json_array();
    rc = store_count_sources(s, source_cb, arr, e);
    json_object_set_new(o, "by_source", arr);
    if (rc != TL_OK) { json_decref(o); return rc; }
    *out = o;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Entities
 * ---------------------------------------------------------------------- */

/* JSON text [[alias, count], ...] -> [{field: alias, "count": n}]. */
static json_t *counts_json(const char *s, const char *field) {
    json_t *out = json_array(), *a = s ? json_loads(s, 0, NULL) : NULL, *p;
    size_t i;
    if (json_is_array(a)) {
        json_array_foreach(a, i, p) {
            json_t *x = json_object();
            json_object_set(x, field, json_array_get(p, 0));
            json_object_set(x, "count", json_array_get(p, 1));
            json_array_append_new(out, x);
        }
    }
    json_decref(a);
    return out;
}

json_t *view_entity_row(const store_entity_row *r) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "type", json_string(r->type));
    json_object_set_new(o, "country", cli_str_or_null(r->country));
    json_object_set_new(o, "affiliation", cli_str_or_null(r->affiliation));
    json_object_set_new(o, "mentions", json_integer(r->mentions));
    json_object_set_new(o, "articles", json_integer(r->articles));
    json_object_set_new(o, "aliases", counts_json(r->aliases, "name"));
    json_object_set_new(o, "roles", counts_json(r->roles, "role"));
    return o;
}

static int entity_cb(void *ud, const store_entity_row *r) {
    json_array_append_new(ud, view_entity_row(r));
    return 0;
}

int view_entities(store_t *s, const char *type, long limit, long offset, json_t **out,
                  tl_err *e) {
    json_t *arr = json_array();
    int rc = store_list_entities(s, type, limit, offset, entity_cb, arr, e);
    if (rc != TL_OK) { json_decref(arr); arr = NULL; }
    *out = arr;
    return rc;
}

typedef struct {
    json_t *rows;
    const char *name, *key;
    size_t best;                /* index of the first exact match */
    int exact;                  /* one was found */
} pick_t;

/* An exact match: the id, the name ignoring case, or the match key. */
static int pick_cb(void *ud, const store_entity_row *r) {
    pick_t *p = ud;
    char id[16];
    snprintf(id, sizeof(id), "%u", r->id);
    if (!p->exact && (strcmp(id, p->name) == 0 || strcasecmp(r->name, p->name) == 0 ||
                      (p->key[0] && strcmp(r->key, p->key) == 0))) {
        p->exact = 1;
        p->best = json_array_size(p->rows);
    }
    json_array_append_new(p->rows, view_entity_row(r));
    return 0;
}

static int find(store_t *s, const char *name, pick_t *p, tl_err *e) {
    char key[256];
    cli_entity_key(name, key, sizeof(key));
    *p = (pick_t){json_array(), name, key, 0, 0};
    int rc = store_find_entities(s, name, key, pick_cb, p, e);
    p->key = NULL;              /* was local */
    if (rc != TL_OK) { json_decref(p->rows); p->rows = NULL; }
    return rc;
}

int view_entity_find(store_t *s, const char *name, json_t **out, tl_err *e) {
    pick_t p;
    int rc = find(s, name, &p, e);
    *out = p.rows;
    return rc;
}

int view_entity_pick(store_t *s, const char *name, json_t **rows, size_t *best, tl_err *e) {
    pick_t p;
    int rc = find(s, name, &p, e);
    if (rc == TL_OK && json_array_size(p.rows) == 0) {
        json_decref(p.rows);
        p.rows = NULL;
        rc = err_set(e, TL_ENOTFOUND, "no entity named '%s'", name);
    }
    *rows = p.rows;
    *best = p.best;
    return rc;
}

typedef struct {
    json_t *arts;          /* the newest `limit` articles */
    long limit;            /* <= 0: all */
    json_t *stories;       /* story id (string) -> articles, over all articles */
} men_t;

static int men_cb(void *ud, const store_mention_row *m, const art_t *a, uint32_t story) {
    men_t *t = ud;
    (void)m;
    if (story) {
        char k[16];
        snprintf(k, sizeof(k), "%u", story);
        json_t *cnt = json_object_get(t->stories, k);
        json_object_set_new(t->stories, k, json_integer(cnt ? json_integer_value(cnt) + 1 : 1));
    }
    if (t->limit > 0 && json_array_size(t->arts) >= (size_t)t->limit) return 0;
    json_t *o = brief(a->id, a->source, a->title, a->published);
    json_object_set_new(o, "story", story ? json_integer(story) : json_null());
    json_array_append_new(t->arts, o);
    return 0;
}

static int quote_cb(void *ud, const store_quote_row *q, const art_t *a, uint32_t story) {
    json_array_append_new(ud, cli_quote_json(q, a, story));
    return 0;
}

/* "top_stories": the rows of the stories naming the entity in most
 * articles (ties: the newer story first), at most limit. */
static int top_stories(store_t *s, json_t *o, json_t *counts, long limit, tl_err *e) {
    size_t n = json_object_size(counts), k = 0;
    struct sc { uint32_t id; json_int_t n; } *v = malloc((n ? n : 1) * sizeof(*v));
    if (!v) return err_set(e, TL_ENOMEM, "out of memory");
    const char *key;
    json_t *c;
    json_object_foreach(counts, key, c) v[k++] = (struct sc){(uint32_t)strtoul(key, NULL, 10),
                                                             json_integer_value(c)};
    for (size_t i = 1; i < k; i++) {           /* insertion sort: n is small */
        struct sc x = v[i];
        size_t j = i;
        while (j > 0 && (v[j - 1].n < x.n || (v[j - 1].n == x.n && v[j - 1].id < x.id))) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    json_t *arr = json_array();
    int rc = TL_OK;
    for (size_t i = 0; i < k && rc == TL_OK && (limit <= 0 || (long)i < limit); i++) {
        json_t *row = NULL;
        rc = store_get_story(s, v[i].id, story_one_cb, &row, e);
        if (row) json_array_append_new(arr, row);
    }
    free(v);
    json_object_set_new(o, "top_stories", arr);
    return rc;
}

int view_entity_details(store_t *s, json_t *o, long limit, tl_err *e) {
    uint32_t id = (uint32_t)json_integer_value(json_object_get(o, "id"));
    men_t t = {json_array(), limit, json_object()};
    int rc = store_entity_articles(s, id, 0, men_cb, &t, e);
    json_object_set_new(o, "recent_articles", t.arts);
    json_object_set_new(o, "stories", t.stories);
    if (rc == TL_OK) rc = top_stories(s, o, t.stories, limit, e);
    json_t *qs = json_array();
    store_quote_filter qf = {id, 0, 0, limit};
    if (rc == TL_OK) rc = store_quotes(s, &qf, quote_cb, qs, e);
    json_object_set_new(o, "quotes", qs);
    /* events as actor or participant, a timeline */
    if (rc == TL_OK) json_object_set_new(o, "events", cli_events_of(s, 0, id, limit, &rc, e));
    return rc;
}

/* ------------------------------------------------------------------------
 * Quotes and events
 * ---------------------------------------------------------------------- */

static int event_cb(void *ud, const store_event_row *r, const art_t *a, uint32_t story) {
    json_array_append_new(ud, cli_event_json(r, a, story));
    return 0;
}

int view_quotes(store_t *s, const store_quote_filter *f, json_t **out, tl_err *e) {
    json_t *arr = json_array();
    int rc = store_quotes(s, f, quote_cb, arr, e);
    if (rc != TL_OK) { json_decref(arr); arr = NULL; }
    *out = arr;
    return rc;
}

int view_events(store_t *s, const store_event_filter *f, json_t **out, tl_err *e) {
    json_t *arr = json_array();
    int rc = store_events(s, f, event_cb, arr, e);
    if (rc != TL_OK) { json_decref(arr); arr = NULL; }
    *out = arr;
    return rc;
}
