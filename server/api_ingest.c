/* api_ingest.c -- POST /api/v1/articles: JSON Lines in, articles stored.
 *
 * The same rules as `trilat ingest` (ing_buffer), with one difference
 * that suits a network client: the request is all or nothing. Every line
 * is read and checked, every bad one is reported with its line number,
 * and if any was rejected the transaction is rolled back (422); else it
 * commits and the new articles are placed in stories and analysed before
 * the answer goes out (200), so a client that reads the stories next
 * finds its articles there.
 *
 * One writer: requests that write take the writer lock in turn. Readers
 * are not blocked (they have their own connections).
 */
#include "api_impl.h"

#include "entx.h"
#include "evalx.h"
#include "ingest.h"
#include "place.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPORTED 1000       /* errors and warnings listed per request */

typedef struct {
    json_t *errors, *warnings;
    long more_errors, more_warnings;
} reports;

static void on_report(void *ud, int severity, const tl_err *e) {
    reports *rp = ud;
    json_t *arr = severity == ING_REJECTED ? rp->errors : rp->warnings;
    if (json_array_size(arr) >= MAX_REPORTED) {
        if (severity == ING_REJECTED) rp->more_errors++;
        else rp->more_warnings++;
        return;
    }
    json_array_append_new(arr, json_pack("{s:I,s:s}", "line", (json_int_t)e->line, "message",
                                         e->msg));
}

static int cluster_locked(api_t *a, tl_err *e);

/* Place and analyse what is not yet (under the writer lock). The state
 * stays loaded between requests (place_open / entx_open): a POST costs
 * its own articles, not a reload of every story and entity. */
static int cluster(api_t *a, tl_err *e) {
    /* one process clusters a store at a time (store.h): the lock is held
     * for this pass only, so a `trilat cluster` may run between requests.
     * A holder that just ended frees it a moment later: wait up to 1 s for
     * that, unless the last POST found a clusterer that stays (a worker) */
    int got = 0;
    char *holder = NULL;
    int rc = store_lock_clusterer_within(a->w, a->lock_held_elsewhere ? 0 : 1000, &got, &holder,
                                         e);
    if (rc == TL_OK) a->lock_held_elsewhere = !got;
    if (rc == TL_OK && !got)
        rc = err_set(e, TL_EBUSY,
                     "another process (%s) holds the clustering lock and places new "
                     "articles itself", holder ? holder : "?");
    free(holder);
    if (rc != TL_OK) return rc;
    rc = cluster_locked(a, e);
    store_unlock_clusterer(a->w);
    return rc;
}

static int cluster_locked(api_t *a, tl_err *e) {
    int rc = TL_OK;
    if (!a->placer) rc = place_open(a->w, &a->o.params, &a->placer, e);
    place_stats ps;
    if (rc == TL_OK) rc = place_more(a->placer, NULL, NULL, &ps, e);
    if (rc != TL_OK) return rc;
    if (!a->entx) {
        char buf[PATH_MAX];
        rc = entx_open(a->w, ex_pick_model(a->o.ner_model, buf, sizeof(buf)), &a->entx, e);
        if (rc != TL_OK) return rc;
    }
    entx_stats es;
    return entx_more(a->entx, NULL, NULL, &es, e);
}

void api_warm(api_t *a) {
    if (!a->o.cluster || !a->o.token || !*a->o.token) return;
    tl_err e;
    err_clear(&e);
    pthread_mutex_lock(&a->wlock);
    int rc = cluster(a, &e);      /* also places what arrived while no one served */
    pthread_mutex_unlock(&a->wlock);
    if (rc != TL_OK) fprintf(stderr, "trilat serve: clustering: %s\n", e.msg);
}

void api_post_articles(api_t *a, const http_req *req, http_resp *r) {
    if (!a->o.token || !*a->o.token) {
        api_error(r, 403, "forbidden",
                  "ingest over HTTP is off: start the server with --token or $TRILAT_TOKEN");
        return;
    }
    if (!api_authorized(a, req)) {
        api_error(r, 401, "unauthorized", "POST needs Authorization: Bearer TOKEN");
        r->challenge = 1;
        return;
    }
    size_t k = 0;
    while (k < req->body_len && strchr(" \t\r\n", req->body[k])) k++;
    if (k == req->body_len) {
        api_error(r, 400, "bad_request", "empty body: send JSON Lines, one article per line");
        return;
    }
    if (req->body[k] == '[') {
        api_error(r, 400, "bad_request",
                  "send JSON Lines (one article object per line), not a JSON array");
        return;
    }
    const char *c = http_arg(req, "cluster");
    int want_cluster = a->o.cluster && !(c && strcmp(c, "0") == 0);
    reports rp = {json_array(), json_array(), 0, 0};
    ing_opts o = {0};
    o.atomic = 1;
    o.check_all = 1;
    o.serial = 1;
    ing_cb cb = {on_report, NULL, &rp};
    ing_stats st;
    tl_err e;
    err_clear(&e);
    pthread_mutex_lock(&a->wlock);
    int rc = ing_buffer(a->w, "request", req->body, req->body_len, &o, &cb, &st, &e);
    int crc = TL_OK;
    tl_err ce;
    err_clear(&ce);
    if (rc == TL_OK && want_cluster && (st.ingested || st.duplicates)) crc = cluster(a, &ce);
    pthread_mutex_unlock(&a->wlock);
    if (rc == TL_ECONFLICT) {
        json_t *j = api_error_obj(422, "rejected", "%ld of %ld records rejected; nothing stored",
                                  st.rejected, st.records);
        json_object_set_new(j, "records", json_integer(st.records));
        json_object_set_new(j, "rejected", json_integer(st.rejected));
        json_object_set_new(j, "errors", rp.errors);
        if (rp.more_errors) json_object_set_new(j, "errors_not_listed", json_integer(rp.more_errors));
        json_decref(rp.warnings);
        api_json(req, r, 422, j, 0);
        return;
    }
    json_decref(rp.errors);
    if (rc != TL_OK) {
        json_decref(rp.warnings);
        api_fail(r, rc, &e);
        return;
    }
    json_t *j = json_object();
    json_object_set_new(j, "records", json_integer(st.records));
    json_object_set_new(j, "ingested", json_integer(st.ingested));
    json_object_set_new(j, "duplicates", json_integer(st.duplicates));
    json_object_set_new(j, "unchanged", json_integer(st.unchanged));
    json_object_set_new(j, "rejected", json_integer(0));
    json_object_set_new(j, "warnings", rp.warnings);
    if (rp.more_warnings)
        json_object_set_new(j, "warnings_not_listed", json_integer(rp.more_warnings));
    json_object_set_new(j, "clustered", json_boolean(want_cluster && crc == TL_OK));
    if (crc != TL_OK)   /* stored, but not yet placed: a later run places them */
        json_object_set_new(j, "cluster_error", json_string(ce.msg));
    api_json(req, r, 200, j, 0);
}
