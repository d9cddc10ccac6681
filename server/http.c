/* http.c -- the HTTP layer of `trilat serve` over libmicrohttpd (see http.h).
 *
 * libmicrohttpd runs a pool of threads, each polling its share of the
 * connections (epoll). For every request it calls on_request() several
 * times: once when the headers are in, then once per chunk of body, then
 * once more with no data when the request is complete; only that last
 * call reaches the handler. The per-request context (req_ctx) lives from
 * the first call to on_completed().
 *
 * Each pool thread keeps a small cache of finished GET responses (4-way
 * set-associative by a hash of path and query, least recently used out)
 * tagged with the data version the handler reported; when the version
 * moves, the thread's cache is emptied. A hit costs a hash and a string
 * compare, no store access at all.
 */
#include "http.h"

#include <microhttpd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

struct http_server {
    struct MHD_Daemon *d;
    http_opts o;
    atomic_long inflight;
    atomic_int stopping;
    pthread_key_t cache_key;
    unsigned port;
};

#define HTTP_CACHE_MAX_BODY (1u << 20)   /* larger answers are not cached */

typedef struct req_ctx {
    char *key;                  /* path?query as received: cache key and log (lazy) */
    char method[16];
    char *body;
    size_t len, cap;
    int too_big;
    int status;
    size_t bytes;
    int cached;                 /* answered from the cache */
    struct timespec t0;
} req_ctx;

/* ------------------------------------------------------------------------
 * Per-thread response cache
 * ---------------------------------------------------------------------- */

#define CACHE_WAYS 4

typedef struct cache_entry {
    char *key;
    uint64_t hash;
    uint64_t used;              /* tick of the last hit or insert */
    struct MHD_Response *resp;
    int status;
    size_t len;
} cache_entry;

typedef struct cache {
    int64_t version;
    int valid;                  /* version known */
    size_t n;                   /* entries: sets * CACHE_WAYS */
    uint64_t tick;
    cache_entry *e;
} cache;

/* The entry holding key in its set, or NULL; *victim gets the slot to
 * fill on a miss (an empty one, else the least recently used). */
static cache_entry *cache_find(cache *c, uint64_t h, const char *key, cache_entry **victim) {
    cache_entry *set = &c->e[(h % (c->n / CACHE_WAYS)) * CACHE_WAYS], *v = NULL;
    for (int w = 0; w < CACHE_WAYS; w++) {
        cache_entry *x = &set[w];
        if (x->resp && x->hash == h && strcmp(x->key, key) == 0) {
            x->used = ++c->tick;
            return x;
        }
        if (!x->resp) {
            if (!v || v->resp) v = x;               /* an empty slot first */
        } else if (!v || (v->resp && x->used < v->used)) {
            v = x;                                  /* else the least recently used */
        }
    }
    *victim = v;
    return NULL;
}

static void cache_clear(cache *c) {
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].key);
        if (c->e[i].resp) MHD_destroy_response(c->e[i].resp);
        memset(&c->e[i], 0, sizeof(c->e[i]));
    }
}

static void cache_free(void *p) {
    cache *c = p;
    if (!c) return;
    cache_clear(c);
    free(c->e);
    free(c);
}

/* This thread's cache, made on first use; NULL when caching is off. */
static cache *thread_cache(http_server *s) {
    if (!s->o.cache_entries || !s->o.version) return NULL;
    cache *c = pthread_getspecific(s->cache_key);
    if (c) return c;
    c = calloc(1, sizeof(*c));
    if (!c) return NULL;
    c->n = (s->o.cache_entries + CACHE_WAYS - 1) / CACHE_WAYS * CACHE_WAYS;
    c->e = calloc(c->n, sizeof(*c->e));
    if (!c->e || pthread_setspecific(s->cache_key, c) != 0) {
        free(c->e);
        free(c);
        return NULL;
    }
    return c;
}

/* "path?k=v&k=v" as received: the cache key. */
typedef struct { char *p; size_t len, cap; int n; } keybuf;

static void key_put(keybuf *k, const char *s, size_t n) {
    if (!k->p) return;
    if (k->len + n + 1 > k->cap) {
        size_t cap = (k->len + n + 1) * 2;
        char *p = realloc(k->p, cap);
        if (!p) { free(k->p); k->p = NULL; return; }
        k->p = p;
        k->cap = cap;
    }
    memcpy(k->p + k->len, s, n);
    k->len += n;
    k->p[k->len] = '\0';
}

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value) {
    (void)kind;
    keybuf *k = cls;
    key_put(k, k->n++ ? "&" : "?", 1);
    key_put(k, key, strlen(key));
    key_put(k, "=", 1);
    if (value) key_put(k, value, strlen(value));
    return MHD_YES;
}

static char *cache_key(struct MHD_Connection *conn, const char *path) {
    keybuf k = {malloc(256), 0, 256, 0};
    key_put(&k, path, strlen(path));
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, key_arg, &k);
    return k.p;
}

/* The request's key, made once (for the cache or the log); NULL when
 * out of memory. Freed with the request. */
static const char *ctx_key(req_ctx *ctx, struct MHD_Connection *conn, const char *url) {
    if (!ctx->key) ctx->key = cache_key(conn, url);
    return ctx->key;
}

/* ------------------------------------------------------------------------
 * Responses
 * ---------------------------------------------------------------------- */

static struct MHD_Response *make_response(const http_server *s, const http_resp *r) {
    struct MHD_Response *m;
    if (r->owned) {
        m = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
        if (!m) free(r->body);
    } else {
        m = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_PERSISTENT);
    }
    if (!m) return NULL;
    const char *type = r->type ? r->type : "application/json; charset=utf-8";
    MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
    if (strncmp(type, "text/html", 9) == 0)
        MHD_add_response_header(m, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "frame-ancestors 'none'; base-uri 'none'");
    if (r->allow) MHD_add_response_header(m, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->etag) MHD_add_response_header(m, MHD_HTTP_HEADER_ETAG, r->etag);
    if (r->challenge)
        MHD_add_response_header(m, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"trilat\"");
    MHD_add_response_header(m, MHD_HTTP_HEADER_CACHE_CONTROL,
                            r->no_store ? "no-store" : "no-cache");
    if (s->o.cors) {
        MHD_add_response_header(m, "Access-Control-Allow-Origin", s->o.cors);
        if (strcmp(s->o.cors, "*") != 0) MHD_add_response_header(m, "Vary", "Origin");
        if (r->preflight) {
            MHD_add_response_header(m, "Access-Control-Allow-Methods", "GET, HEAD, POST");
            MHD_add_response_header(m, "Access-Control-Allow-Headers",
                                    "Authorization, Content-Type");
            MHD_add_response_header(m, "Access-Control-Max-Age", "600");
        }
    }
    return m;
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, req_ctx *ctx,
                                 struct MHD_Response *m, int status, size_t len) {
    if (!m) return MHD_NO;
    ctx->status = status;
    ctx->bytes = len;
    return MHD_queue_response(conn, (unsigned)status, m);
}

static enum MHD_Result send_plain_error(http_server *s, struct MHD_Connection *conn,
                                        req_ctx *ctx, int status,
                                        const char *code, const char *msg) {
    char *b = malloc(512);
    if (!b) return MHD_NO;
    int n = snprintf(b, 512, "{\"error\":{\"status\":%d,\"code\":\"%s\",\"message\":\"%s\"}}",
                     status, code, msg);
    http_resp r = {.status = status, .body = b, .len = (size_t)n, .owned = 1, .no_store = 1};
    struct MHD_Response *m = make_response(s, &r);
    enum MHD_Result ok = send_resp(conn, ctx, m, status, r.len);
    if (m) MHD_destroy_response(m);
    return ok;
}

/* ------------------------------------------------------------------------
 * Request flow
 * ---------------------------------------------------------------------- */

static enum MHD_Result dispatch(http_server *s, struct MHD_Connection *conn, req_ctx *ctx,
                                const char *url, const char *method) {
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    cache *c = get ? thread_cache(s) : NULL;
    const char *key = NULL;
    uint64_t h = 0;
    cache_entry *slot = NULL;
    if (c) {
        int64_t v;
        if (s->o.version(s->o.ud, &v) != 0) {
            c = NULL;
        } else if (!c->valid || v != c->version) {
            cache_clear(c);
            c->version = v;
            c->valid = 1;
        }
    }
    if (c && (key = ctx_key(ctx, conn, url))) {
        h = XXH3_64bits(key, strlen(key));
        cache_entry *hit = cache_find(c, h, key, &slot);
        if (hit) {
            ctx->cached = 1;
            return send_resp(conn, ctx, hit->resp, hit->status, hit->len);
        }
    }
    http_req req = {conn, method, url, ctx->body, ctx->len};
    http_resp r;
    memset(&r, 0, sizeof(r));
    s->o.handler(s->o.ud, &req, &r);
    if (!r.status) r.status = 500;
    struct MHD_Response *m = make_response(s, &r);
    enum MHD_Result ok = send_resp(conn, ctx, m, r.status, r.len);
    char *copy = m && slot && r.cache && r.status == 200 && r.len <= HTTP_CACHE_MAX_BODY
                     ? strdup(key) : NULL;
    if (copy) {
        free(slot->key);
        if (slot->resp) MHD_destroy_response(slot->resp);
        slot->key = copy;
        slot->hash = h;
        slot->resp = m;             /* the cache keeps this reference */
        slot->status = r.status;
        slot->len = r.len;
        slot->used = ++c->tick;
    } else if (m) {
        MHD_destroy_response(m);
    }
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *data, size_t *data_size, void **con_cls) {
    (void)version;
    http_server *s = cls;
    req_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof(*ctx));
        if (!ctx) return MHD_NO;
        *con_cls = ctx;
        clock_gettime(CLOCK_MONOTONIC, &ctx->t0);
        atomic_fetch_add(&s->inflight, 1);
        snprintf(ctx->method, sizeof(ctx->method), "%s", method);
        if (!s->o.quiet) ctx_key(ctx, conn, url);   /* for the log: as sent */
        if (atomic_load(&s->stopping))
            return send_plain_error(s, conn, ctx, 503, "unavailable", "the server is shutting down");
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->o.max_body) {
            ctx->too_big = 1;
            return send_plain_error(s, conn, ctx, 413, "too_large", "request body too large");
        }
        return MHD_YES;
    }
    if (ctx->status) {                  /* answered already: drop the rest */
        *data_size = 0;
        return MHD_YES;
    }
    if (*data_size) {
        size_t n = *data_size;
        *data_size = 0;
        if (ctx->too_big || ctx->len + n > s->o.max_body) {
            ctx->too_big = 1;
            return MHD_YES;
        }
        if (ctx->len + n + 1 > ctx->cap) {
            size_t cap = ctx->cap ? ctx->cap : 65536;
            while (cap < ctx->len + n + 1) cap *= 2;
            char *p = realloc(ctx->body, cap);
            if (!p) return MHD_NO;
            ctx->body = p;
            ctx->cap = cap;
        }
        memcpy(ctx->body + ctx->len, data, n);
        ctx->len += n;
        ctx->body[ctx->len] = '\0';
        return MHD_YES;
    }
    if (ctx->too_big)
        return send_plain_error(s, conn, ctx, 413, "too_large", "request body too large");
    return dispatch(s, conn, ctx, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    http_server *s = cls;
    req_ctx *ctx = *con_cls;
    if (!ctx) return;
    if (!s->o.quiet) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - ctx->t0.tv_sec) * 1e3 +
                    (double)(t1.tv_nsec - ctx->t0.tv_nsec) / 1e6;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char addr[INET6_ADDRSTRLEN] = "-";
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr,
                      sizeof(addr));
        fprintf(stderr, "%s \"%s %.256s\" %d %zu %.1fms%s%s\n", addr, ctx->method,
                ctx->key ? ctx->key : "-",
                ctx->status, ctx->bytes, ms,
                ctx->cached ? " cached" : "",
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    }
    free(ctx->body);
    free(ctx->key);
    free(ctx);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

/* ------------------------------------------------------------------------
 * Start and stop
 * ---------------------------------------------------------------------- */

int http_start(const http_opts *o, http_server **out, char *err, size_t errlen) {
    *out = NULL;
    http_server *s = calloc(1, sizeof(*s));
    if (!s) { snprintf(err, errlen, "out of memory"); return -1; }
    s->o = *o;
    if (!s->o.threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        s->o.threads = n > 0 ? (unsigned)n : 1;
    }
    atomic_init(&s->inflight, 0);
    atomic_init(&s->stopping, 0);
    if (pthread_key_create(&s->cache_key, cache_free) != 0) {
        free(s);
        snprintf(err, errlen, "cannot create thread key");
        return -1;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->bind ? o->bind : "127.0.0.1", &sa.sin_addr) != 1) {
        pthread_key_delete(s->cache_key);
        free(s);
        snprintf(err, errlen, "--bind needs an IPv4 address, not '%s'", o->bind);
        return -1;
    }
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    s->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, on_request, s,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->o.threads,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_END);
    if (!s->d) {
        pthread_key_delete(s->cache_key);
        free(s);
        snprintf(err, errlen, "cannot listen on %s:%u (in use, or not allowed)",
                 o->bind ? o->bind : "127.0.0.1", o->port);
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : o->port;
    *out = s;
    return 0;
}

unsigned http_port(const http_server *s) { return s->port; }
long http_inflight(const http_server *s) { return atomic_load(&s->inflight); }
int http_stopping(const http_server *s) { return atomic_load(&s->stopping); }

void http_stop(http_server *s, unsigned grace_ms) {
    if (!s) return;
    atomic_store(&s->stopping, 1);
    MHD_socket ls = MHD_quiesce_daemon(s->d);     /* no new connections */
    if (ls != MHD_INVALID_SOCKET) close(ls);
    for (unsigned waited = 0; atomic_load(&s->inflight) > 0 && waited < grace_ms; waited += 10) {
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->d);      /* joins the pool threads: their caches go */
    pthread_key_delete(s->cache_key);
    free(s);
}

const char *http_arg(const http_req *req, const char *name) {
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const http_req *req, const char *name) {
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}
