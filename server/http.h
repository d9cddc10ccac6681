/* http.h -- a small HTTP/1.1 server layer over libmicrohttpd.
 *
 * What the API needs from HTTP and nothing more: a thread pool, request
 * bodies gathered up to a size limit, one handler call per complete
 * request, responses with a status, a type and a body, per-thread caches
 * of finished responses, an access log, and a graceful stop (stop
 * accepting, let requests in flight finish, then close).
 *
 * The handler runs on one of the pool's threads; several run at once, so
 * whatever it shares must be thread-safe. Ownership: a request and
 * everything it points to belong to this layer and live until the
 * handler returns; a response body handed over with owned = 1 is freed
 * here.
 */
#ifndef TRILAT_HTTP_H
#define TRILAT_HTTP_H

#include <stddef.h>
#include <stdint.h>

typedef struct http_server http_server;

typedef struct http_req {
    void *conn;                 /* struct MHD_Connection */
    const char *method;         /* "GET", "HEAD", "POST", ... */
    const char *path;           /* percent-decoded, without the query */
    const char *body;           /* request body (NUL-terminated), or NULL */
    size_t body_len;
} http_req;

typedef struct http_resp {
    int status;
    const char *type;           /* Content-Type; NULL: application/json */
    char *body;
    size_t len;
    int owned;                  /* free(body) when sent */
    const char *allow;          /* Allow header (405) */
    const char *etag;           /* ETag header, or NULL */
    int challenge;              /* send WWW-Authenticate: Bearer (401) */
    int cache;                  /* may be kept in the thread's cache (GET 200 only) */
    int no_store;               /* Cache-Control: no-store */
    int preflight;              /* a CORS preflight answer (with --cors) */
} http_resp;

/* The request handler: fill *resp (zeroed on entry). */
typedef void (*http_handler)(void *ud, const http_req *req, http_resp *resp);
/* The current version of the data the cached responses are derived from,
 * as seen by the calling thread; a change empties its cache. Returns 0 on
 * success, -1 when it cannot tell (the cache is bypassed). */
typedef int (*http_version_fn)(void *ud, int64_t *version);

typedef struct http_opts {
    const char *bind;           /* IPv4 address, NULL: 127.0.0.1 */
    unsigned port;              /* 0: any free port */
    unsigned threads;           /* 0: number of CPUs */
    size_t max_body;            /* larger bodies get 413 */
    unsigned timeout;           /* idle connection timeout, seconds */
    int quiet;                  /* no access log */
    size_t cache_entries;       /* per thread; 0: no cache */
    const char *cors;           /* Access-Control-Allow-Origin value, or NULL */
    http_handler handler;
    http_version_fn version;    /* NULL: no cache */
    void *ud;
} http_opts;

/* Start listening. Returns 0, or -1 with a message in err. */
int http_start(const http_opts *o, http_server **out, char *err, size_t errlen);
/* The port actually bound (when port 0 was asked). */
unsigned http_port(const http_server *s);
/* Requests being handled right now. */
long http_inflight(const http_server *s);
/* Stop: no new connections; requests in flight finish (up to grace_ms),
 * then every connection is closed and the server freed. */
void http_stop(http_server *s, unsigned grace_ms);
/* True once http_stop has begun (handlers answer 503 to new work). */
int http_stopping(const http_server *s);

/* Query parameter or request header of req, or NULL. */
const char *http_arg(const http_req *req, const char *name);
const char *http_header(const http_req *req, const char *name);

#endif
