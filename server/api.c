/* api.c -- routes of the JSON API and the web page (docs/api.md).
 *
 * Every read endpoint is a view (cli/view.h) of the store, wrapped for
 * HTTP: query parameters checked and turned into filters, lists paged as
 * {"items", "limit", "offset", "has_more"}, errors as {"error": {...}}
 * with their status. The one write endpoint, POST /api/v1/articles, is
 * in api_ingest.c.
 *
 * Reads use the calling thread's own read-only connection (reader()), so
 * the pool's threads never wait on each other; SQLite's WAL lets them
 * read while the writer commits.
 */
#include "api_impl.h"

#include "cli.h"
#include "date.h"
#include "entity.h"
#include "entx.h"
#include "place.h"
#include "view.h"
#include "web.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define API_PREFIX "/api/v1"

/* ------------------------------------------------------------------------
 * Opening and closing
 * ---------------------------------------------------------------------- */

static void reader_close(void *p) { store_close(p); }

int api_open(const api_opts *o, api_t **out, tl_err *e) {
    *out = NULL;
    api_t *a = calloc(1, sizeof(*a));
    if (!a) return err_set(e, TL_ENOMEM, "out of memory");
    a->o = *o;
    a->started = time(NULL);
    int rc = store_open(&a->w, o->db, STORE_CREATE, e);
    if (rc != TL_OK) { free(a); return rc; }
    pthread_mutex_init(&a->wlock, NULL);
    if (pthread_key_create(&a->rkey, reader_close) != 0) {
        store_close(a->w);
        pthread_mutex_destroy(&a->wlock);
        free(a);
        return err_set(e, TL_ERR, "cannot create a thread key");
    }
    *out = a;
    return TL_OK;
}

void api_close(api_t *a) {
    if (!a) return;
    place_close(a->placer);
    entx_close(a->entx);
    store_close(a->w);
    pthread_key_delete(a->rkey);
    pthread_mutex_destroy(&a->wlock);
    free(a);
}

/* This thread's read connection (opened on first use). */
static store_t *reader(api_t *a, tl_err *e) {
    store_t *s = pthread_getspecific(a->rkey);
    if (s) return s;
    if (store_open(&s, a->o.db, STORE_READONLY, e) != TL_OK) return NULL;
    if (pthread_setspecific(a->rkey, s) != 0) {
        store_close(s);
        err_set(e, TL_ERR, "cannot keep a read connection");
        return NULL;
    }
    return s;
}

int api_version(void *ud, int64_t *version) {
    tl_err e;
    store_t *s = reader(ud, &e);
    return s && store_data_version(s, version, &e) == TL_OK ? 0 : -1;
}

/* ------------------------------------------------------------------------
 * Responses
 * ---------------------------------------------------------------------- */

void api_json(const http_req *req, http_resp *r, int status, json_t *j, int cache) {
    const char *pretty = http_arg(req, "pretty");
    size_t flags = JSON_PRESERVE_ORDER | JSON_COMPACT;
    if (pretty && strcmp(pretty, "0") != 0) flags = JSON_PRESERVE_ORDER | JSON_INDENT(2);
    char *s = json_dumps(j, flags);
    json_decref(j);
    if (!s) { api_error(r, 500, "internal", "out of memory"); return; }
    r->status = status;
    r->len = strlen(s);
    r->body = s;
    r->owned = 1;
    r->cache = cache;
    r->no_store = !cache;
}

json_t *api_error_obj(int status, const char *code, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return json_pack("{s:{s:i,s:s,s:s}}", "error", "status", status, "code", code, "message",
                     msg);
}

void api_error(http_resp *r, int status, const char *code, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    json_t *j = api_error_obj(status, code, "%s", msg);
    char *s = j ? json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    json_decref(j);
    memset(r, 0, sizeof(*r));
    r->status = status;
    r->no_store = 1;
    if (s) { r->body = s; r->len = strlen(s); r->owned = 1; }
}

/* A library failure: 404 for what does not exist, 400 for what the
 * request got wrong, 500 otherwise. */
void api_fail(http_resp *r, int rc, const tl_err *e) {
    const char *m = e->msg[0] ? e->msg : err_name(rc);
    if (rc == TL_ENOTFOUND) api_error(r, 404, "not_found", "%s", m);
    else if (rc == TL_EINVAL || rc == TL_EPARSE) api_error(r, 400, "bad_request", "%s", m);
    else api_error(r, 500, "internal", "%s", m);
}

/* items holds up to limit + 1 entries from offset on: the page. */
static void send_page(const http_req *req, http_resp *r, json_t *items, long limit,
                      long offset) {
    int more = (long)json_array_size(items) > limit;
    while ((long)json_array_size(items) > limit)
        json_array_remove(items, json_array_size(items) - 1);
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "limit", json_integer(limit));
    json_object_set_new(o, "offset", json_integer(offset));
    json_object_set_new(o, "has_more", json_boolean(more));
    api_json(req, r, 200, o, 1);
}

/* Keep items [offset, offset + limit] of a whole list (limit + 1 kept so
 * send_page can tell whether more follow). */
static json_t *slice(json_t *all, long offset, long limit) {
    json_t *out = json_array();
    for (size_t i = (size_t)offset; i < json_array_size(all) && (long)(i - (size_t)offset) <= limit;
         i++)
        json_array_append(out, json_array_get(all, i));
    json_decref(all);
    return out;
}

/* ------------------------------------------------------------------------
 * Parameters
 * ---------------------------------------------------------------------- */

/* Integer parameter in [min, max]; absent: def. 0 ok, -1 (400 sent). */
static int arg_long(const http_req *req, http_resp *r, const char *name, long def, long min,
                    long max, long *out) {
    const char *v = http_arg(req, name);
    *out = def;
    if (!v) return 0;
    long x;
    if (cli_parse_long(v, &x) || x < min || x > max) {
        api_error(r, 400, "bad_request", "%s must be a whole number from %ld to %ld, not '%s'",
                  name, min, max, v);
        return -1;
    }
    *out = x;
    return 0;
}

static int arg_date(const http_req *req, http_resp *r, const char *name, int64_t *ts, int *has) {
    const char *v = http_arg(req, name);
    *has = 0;
    if (!v) return 0;
    date_val d;
    if (date_parse(v, &d) != TL_OK) {
        api_error(r, 400, "bad_request", "cannot read %s date '%s' (try 2026-03-20)", name, v);
        return -1;
    }
    *ts = d.ts;
    *has = 1;
    return 0;
}

/* limit (default 20, capped at API_MAX_LIMIT, 0: the cap) and offset. */
static int paging(const http_req *req, http_resp *r, long *limit, long *offset) {
    if (arg_long(req, r, "limit", API_DEFAULT_LIMIT, 0, 1L << 30, limit) ||
        arg_long(req, r, "offset", 0, 0, 1L << 30, offset))
        return -1;
    if (*limit == 0 || *limit > API_MAX_LIMIT) *limit = API_MAX_LIMIT;
    return 0;
}

/* source, since, until, limit, offset into a store filter (limit + 1). */
static int filter_args(const http_req *req, http_resp *r, store_filter *f, long *limit,
                       long *offset) {
    memset(f, 0, sizeof(*f));
    f->source = http_arg(req, "source");
    if (arg_date(req, r, "since", &f->since, &f->has_since) ||
        arg_date(req, r, "until", &f->until, &f->has_until) || paging(req, r, limit, offset))
        return -1;
    f->limit = *limit + 1;
    f->offset = *offset;
    return 0;
}

/* A story id from the path or a parameter: 0 ok, -1 (400 sent). */
static int parse_story_id(http_resp *r, const char *v, uint32_t *out) {
    long x;
    if (cli_parse_long(v, &x) || x < 1 || x > (long)UINT32_MAX) {
        api_error(r, 400, "bad_request", "a story id is a positive number, not '%s'", v);
        return -1;
    }
    *out = (uint32_t)x;
    return 0;
}

/* ------------------------------------------------------------------------
 * Entities by name or id
 * ---------------------------------------------------------------------- */

/* The id of the entity a NAME or ID means (view_entity_pick). */
static int entity_id(store_t *s, const char *name, uint32_t *id, tl_err *e) {
    json_t *rows;
    size_t best;
    int rc = view_entity_pick(s, name, &rows, &best, e);
    if (rc != TL_OK) return rc;
    *id = (uint32_t)json_integer_value(json_object_get(json_array_get(rows, best), "id"));
    json_decref(rows);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Read endpoints
 * ---------------------------------------------------------------------- */

static void h_health(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)id;
    int64_t v;
    tl_err e;
    err_clear(&e);
    int ok = s && store_data_version(s, &v, &e) == TL_OK;
    json_t *o = json_pack("{s:s,s:s,s:I}", "status", ok ? "ok" : "unavailable", "version",
                          TRILAT_VERSION, "uptime_s", (json_int_t)(time(NULL) - a->started));
    if (!ok) json_object_set_new(o, "message", json_string(e.msg));
    api_json(req, r, ok ? 200 : 503, o, 0);
}

static void h_stats(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)a;
    (void)id;
    json_t *o;
    tl_err e;
    err_clear(&e);
    int rc = view_stats(s, &o, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    api_json(req, r, 200, o, 1);
}

static void h_stories(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)a;
    (void)id;
    store_filter f;
    long limit, offset, min_size;
    if (filter_args(req, r, &f, &limit, &offset) ||
        arg_long(req, r, "min_size", 1, 1, 1L << 30, &min_size))
        return;
    json_t *items;
    tl_err e;
    err_clear(&e);
    int rc = view_stories(s, &f, min_size, &items, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    send_page(req, r, items, limit, offset);
}

static void h_story(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)a;
    uint32_t sid;
    sum_params sp;
    sum_params_default(&sp);
    if (parse_story_id(r, id, &sid) || arg_long(req, r, "words", sp.words, 1, 2000, &sp.words))
        return;
    const char *m = http_arg(req, "method");
    if (m && (sp.method = sum_method_parse(m)) < 0) {
        api_error(r, 400, "bad_request",
                  "method is trilat, centroid, lead or random, not '%s'", m);
        return;
    }
    json_t *o;
    tl_err e;
    err_clear(&e);
    int rc = view_story(s, sid, &sp, &o, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    api_json(req, r, 200, o, 1);
}

static void h_storylines(api_t *a, store_t *s, const http_req *req, const char *id,
                         http_resp *r) {
    (void)a;
    long limit, offset, min_stories = 1;
    json_t *o;
    tl_err e;
    err_clear(&e);
    if (id) {
        uint32_t line;
        if (parse_story_id(r, id, &line)) return;
        int rc = view_storyline(s, line, &o, &e);    /* its stories only */
        if (rc != TL_OK) { api_fail(r, rc, &e); return; }
        api_json(req, r, 200, o, 1);
        return;
    }
    if (paging(req, r, &limit, &offset) ||
        arg_long(req, r, "min_stories", 1, 1, 1L << 30, &min_stories))
        return;
    int rc = view_storylines(s, min_stories, &o, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    send_page(req, r, slice(o, offset, limit), limit, offset);
}

static void h_articles(api_t *a, store_t *s, const http_req *req, const char *id,
                       http_resp *r) {
    (void)a;
    tl_err e;
    err_clear(&e);
    if (id) {
        const char *t = http_arg(req, "text");
        json_t *o;
        int rc = view_article(s, id, !(t && strcmp(t, "0") == 0), &o, &e);
        if (rc != TL_OK) { api_fail(r, rc, &e); return; }
        api_json(req, r, 200, o, 1);
        return;
    }
    store_filter f;
    long limit, offset;
    if (filter_args(req, r, &f, &limit, &offset)) return;
    json_t *items;
    int rc = view_articles(s, &f, &items, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    send_page(req, r, items, limit, offset);
}

static void h_entities(api_t *a, store_t *s, const http_req *req, const char *id,
                       http_resp *r) {
    (void)a;
    long limit, offset;
    tl_err e;
    err_clear(&e);
    if (id) {
        json_t *rows;
        size_t best;
        if (arg_long(req, r, "limit", API_DEFAULT_LIMIT, 0, API_MAX_LIMIT, &limit)) return;
        int rc = view_entity_pick(s, id, &rows, &best, &e);
        if (rc != TL_OK) { api_fail(r, rc, &e); return; }
        json_t *o = json_incref(json_array_get(rows, best)), *also = json_array(), *x;
        size_t i;
        json_array_foreach(rows, i, x) {
            if (i == best) continue;
            json_array_append_new(also, json_pack("{s:O,s:O,s:O}", "id", json_object_get(x, "id"),
                                                  "name", json_object_get(x, "name"), "mentions",
                                                  json_object_get(x, "mentions")));
        }
        json_decref(rows);
        rc = view_entity_details(s, o, limit, &e);
        json_object_set_new(o, "also", also);
        if (rc != TL_OK) { json_decref(o); api_fail(r, rc, &e); return; }
        api_json(req, r, 200, o, 1);
        return;
    }
    if (paging(req, r, &limit, &offset)) return;
    const char *type = http_arg(req, "type");
    if (type && ent_type_parse(type) == ENT_NONE) {
        api_error(r, 400, "bad_request", "type is PER, ORG, LOC or MISC, not '%s'", type);
        return;
    }
    json_t *items;
    int rc = view_entities(s, type ? ent_type_name(ent_type_parse(type)) : NULL, limit + 1,
                           offset, &items, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    send_page(req, r, items, limit, offset);
}

static int no_story_cb(void *ud, const store_story_row *row) {
    (void)ud;
    (void)row;
    return 0;
}

/* story=ID (must exist) into *story; 0 ok, -1 (error sent). */
static int story_arg(store_t *s, const http_req *req, http_resp *r, uint32_t *story) {
    const char *v = http_arg(req, "story");
    *story = 0;
    if (!v) return 0;
    if (parse_story_id(r, v, story)) return -1;
    tl_err e;
    err_clear(&e);
    int rc = store_get_story(s, *story, no_story_cb, NULL, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return -1; }
    return 0;
}

static void h_quotes(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)a;
    (void)id;
    long limit, offset;
    store_quote_filter f = {0};
    tl_err e;
    err_clear(&e);
    if (paging(req, r, &limit, &offset) || story_arg(s, req, r, &f.story)) return;
    const char *sp = http_arg(req, "speaker"), *art = http_arg(req, "article");
    int rc = sp ? entity_id(s, sp, &f.entity, &e) : TL_OK;
    if (rc == TL_OK && art) {
        art_t *x;
        rc = store_get_article(s, art, &x, NULL, &e);
        if (rc == TL_OK) { f.article = x->rowid; art_free(x); }
    }
    json_t *all = NULL;
    f.limit = offset + limit + 1;
    if (rc == TL_OK) rc = view_quotes(s, &f, &all, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    send_page(req, r, slice(all, offset, limit), limit, offset);
}

static void h_events(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)a;
    (void)id;
    long limit, offset;
    store_event_filter f = {0};
    int64_t since = 0, until = 0;
    tl_err e;
    err_clear(&e);
    if (paging(req, r, &limit, &offset) || story_arg(s, req, r, &f.story) ||
        arg_date(req, r, "since", &since, &f.has_since) ||
        arg_date(req, r, "until", &until, &f.has_until))
        return;
    f.since_day = cli_day_of(since);
    f.until_day = cli_day_of(until);
    const char *actor = http_arg(req, "actor");
    int rc = actor ? entity_id(s, actor, &f.entity, &e) : TL_OK;
    json_t *all = NULL;
    f.limit = offset + limit + 1;
    if (rc == TL_OK) rc = view_events(s, &f, &all, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    send_page(req, r, slice(all, offset, limit), limit, offset);
}

static void h_search(api_t *a, store_t *s, const http_req *req, const char *id, http_resp *r) {
    (void)a;
    (void)id;
    const char *q = http_arg(req, "q");
    store_filter f;
    long limit, offset;
    if (!q || !*q) { api_error(r, 400, "bad_request", "give the query as q=..."); return; }
    if (filter_args(req, r, &f, &limit, &offset)) return;
    json_t *items;
    tl_err e;
    err_clear(&e);
    int rc = view_search(s, q, &f, API_HL_OPEN, API_HL_CLOSE, &items, &e);
    if (rc != TL_OK) { api_fail(r, rc, &e); return; }
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o) api_snippet(o);
    send_page(req, r, items, limit, offset);
}

/* The search snippet with its match markers turned into what a client
 * needs: plain text, byte offsets of the matches, and escaped HTML. */
void api_snippet(json_t *o) {
    const char *sn = json_string_value(json_object_get(o, "snippet"));
    if (!sn) return;
    size_t n = strlen(sn), lo = strlen(API_HL_OPEN), lc = strlen(API_HL_CLOSE);
    char *plain = malloc(n + 1), *html = malloc(n * 6 + 64);
    if (!plain || !html) { free(plain); free(html); return; }
    size_t p = 0, h = 0;
    json_t *hl = json_array();
    long start = -1;
    for (size_t i = 0; i < n;) {
        if (strncmp(sn + i, API_HL_OPEN, lo) == 0) {
            start = (long)p;
            h += (size_t)sprintf(html + h, "<mark>");
            i += lo;
            continue;
        }
        if (strncmp(sn + i, API_HL_CLOSE, lc) == 0) {
            if (start >= 0) json_array_append_new(hl, json_pack("[I,I]", (json_int_t)start, (json_int_t)p));
            start = -1;
            h += (size_t)sprintf(html + h, "</mark>");
            i += lc;
            continue;
        }
        char c = sn[i++];
        plain[p++] = c;
        switch (c) {
        case '<': h += (size_t)sprintf(html + h, "&lt;"); break;
        case '>': h += (size_t)sprintf(html + h, "&gt;"); break;
        case '&': h += (size_t)sprintf(html + h, "&amp;"); break;
        case '"': h += (size_t)sprintf(html + h, "&quot;"); break;
        case '\'': h += (size_t)sprintf(html + h, "&#39;"); break;
        default: html[h++] = c;
        }
    }
    if (start >= 0) {
        json_array_append_new(hl, json_pack("[I,I]", (json_int_t)start, (json_int_t)p));
        h += (size_t)sprintf(html + h, "</mark>");
    }
    plain[p] = html[h] = '\0';
    json_object_set_new(o, "snippet", json_string(plain));
    json_object_set_new(o, "highlights", hl);
    json_object_set_new(o, "snippet_html", json_string(html));
    free(plain);
    free(html);
}

/* ------------------------------------------------------------------------
 * Access and routing
 * ---------------------------------------------------------------------- */

/* Authorization: Bearer TOKEN, compared in constant time. */
int api_authorized(const api_t *a, const http_req *req) {
    const char *t = a->o.token, *h = http_header(req, "Authorization");
    if (!t || !*t || !h || strncasecmp(h, "Bearer ", 7) != 0) return 0;
    h += 7;
    size_t n = strlen(t), m = strlen(h);
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(t[i] ^ (i < m ? h[i] : 0));
    return diff == 0;
}

typedef void (*route_fn)(api_t *, store_t *, const http_req *, const char *, http_resp *);

typedef struct {
    const char *name;       /* first path segment after /api/v1/ */
    route_fn list;          /* GET /name (NULL: none) */
    route_fn one;           /* GET /name/{id} (NULL: none) */
    int post;               /* POST /name exists */
} route;

static const route ROUTES[] = {
    {"health", h_health, NULL, 0},
    {"stats", h_stats, NULL, 0},
    {"stories", h_stories, h_story, 0},
    {"storylines", h_storylines, h_storylines, 0},
    {"articles", h_articles, h_articles, 1},
    {"entities", h_entities, h_entities, 0},
    {"quotes", h_quotes, NULL, 0},
    {"events", h_events, NULL, 0},
    {"search", h_search, NULL, 0},
};

static void h_index(const http_req *req, http_resp *r) {
    json_t *eps = json_array();
    for (size_t i = 0; i < sizeof(ROUTES) / sizeof(ROUTES[0]); i++) {
        char p[64];
        snprintf(p, sizeof(p), API_PREFIX "/%s", ROUTES[i].name);
        json_array_append_new(eps, json_string(p));
    }
    api_json(req, r, 200, json_pack("{s:s,s:s,s:o}", "name", "trilat", "version", TRILAT_VERSION,
                                    "endpoints", eps), 0);
}

static void serve_static(const http_req *req, http_resp *r) {
    const char *p = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    const web_asset *w = web_find(p);
    if (!w) { api_error(r, 404, "not_found", "nothing at %s", req->path); return; }
    const char *inm = http_header(req, "If-None-Match");
    r->etag = w->etag;
    r->type = w->type;
    if (inm && strcmp(inm, w->etag) == 0) { r->status = 304; return; }
    r->status = 200;
    r->body = (char *)w->data;
    r->len = w->len;
}

void api_handle(void *ud, const http_req *req, http_resp *r) {
    api_t *a = ud;
    int get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    int post = strcmp(req->method, "POST") == 0;
    size_t np = strlen(API_PREFIX);
    if (strcmp(req->method, "OPTIONS") == 0) {  /* CORS preflight, or what is allowed */
        r->status = 204;
        r->preflight = 1;
        r->allow = "GET, HEAD, POST, OPTIONS";
        r->no_store = 1;
        return;
    }
    if (strncmp(req->path, API_PREFIX, np) != 0 || (req->path[np] && req->path[np] != '/')) {
        if (!get) { api_error(r, 405, "method_not_allowed", "%s only reads", req->path); r->allow = "GET, HEAD"; return; }
        if (a->o.private_reads && !api_authorized(a, req)) goto unauthorized;
        serve_static(req, r);
        return;
    }
    const char *rest = req->path + np;
    while (*rest == '/') rest++;
    if (!*rest) {
        if (!get) goto not_allowed_get;
        h_index(req, r);
        return;
    }
    size_t k = strcspn(rest, "/");
    const char *id = rest[k] == '/' && rest[k + 1] ? rest + k + 1 : NULL;
    const route *rt = NULL;
    for (size_t i = 0; i < sizeof(ROUTES) / sizeof(ROUTES[0]); i++)
        if (strlen(ROUTES[i].name) == k && strncmp(ROUTES[i].name, rest, k) == 0) rt = &ROUTES[i];
    if (!rt || (id && !rt->one)) {
        api_error(r, 404, "not_found", "no endpoint %s (see " API_PREFIX ")", req->path);
        return;
    }
    if (post && rt->post && !id) { api_post_articles(a, req, r); return; }
    if (!get) {
        api_error(r, 405, "method_not_allowed", "%s does not take %s", req->path, req->method);
        r->allow = rt->post && !id ? "GET, HEAD, POST" : "GET, HEAD";
        return;
    }
    if (rt->list != h_health && a->o.private_reads && !api_authorized(a, req)) goto unauthorized;
    tl_err e;
    err_clear(&e);
    store_t *s = reader(a, &e);
    if (!s && rt->list != h_health) { api_error(r, 503, "unavailable", "%s", e.msg); return; }
    (id ? rt->one : rt->list)(a, s, req, id, r);
    return;
not_allowed_get:
    api_error(r, 405, "method_not_allowed", "%s only reads", req->path);
    r->allow = "GET, HEAD";
    return;
unauthorized:
    api_error(r, 401, "unauthorized", "this server needs a token: Authorization: Bearer TOKEN");
    r->challenge = 1;
}
