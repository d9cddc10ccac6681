/* api_impl.h -- what api.c and api_ingest.c share (private to server/). */
#ifndef TRILAT_API_IMPL_H
#define TRILAT_API_IMPL_H

#include <jansson.h>
#include <pthread.h>
#include <time.h>

#include "api.h"
#include "store.h"

#define API_DEFAULT_LIMIT 20
#define API_MAX_LIMIT 200
/* search match markers: control characters never survive normalization,
 * so they cannot occur in stored text */
#define API_HL_OPEN "\x01"
#define API_HL_CLOSE "\x02"

struct api {
    api_opts o;
    store_t *w;                 /* the writer connection, under wlock */
    struct placer *placer;      /* resident clustering state (on first POST) */
    struct entx *entx;          /* resident entity registry and model */
    int lock_held_elsewhere;    /* the last POST found another clusterer */
    pthread_mutex_t wlock;
    pthread_key_t rkey;         /* this thread's read connection */
    time_t started;
};

/* Send j (stolen) with status; cache: the HTTP layer may keep it. */
void api_json(const http_req *req, http_resp *r, int status, json_t *j, int cache);
/* {"error": {"status", "code", "message"}} (new reference), and the same
 * sent as r. */
json_t *api_error_obj(int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void api_error(http_resp *r, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A TL_* failure as its HTTP error. */
void api_fail(http_resp *r, int rc, const tl_err *e);
/* The request carries the server's token. */
int api_authorized(const api_t *a, const http_req *req);
/* A search hit's snippet as plain text, highlights and HTML. */
void api_snippet(json_t *o);
/* POST /api/v1/articles (api_ingest.c). */
void api_post_articles(api_t *a, const http_req *req, http_resp *r);

#endif
