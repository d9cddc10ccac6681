/* api.h -- the JSON API of `trilat serve` (docs/api.md) and its web page.
 *
 * api_handle() answers one request (http.h handler); api_version() tells
 * the HTTP layer's caches when the store changed. Reads run on one
 * read-only store connection per request thread, opened on first use and
 * closed when the thread ends; writes (POST /api/v1/articles) go through
 * the one writer connection, one request at a time.
 */
#ifndef TRILAT_API_H
#define TRILAT_API_H

#include <stdint.h>

#include "err.h"
#include "http.h"
#include "story.h"

typedef struct api api_t;

typedef struct api_opts {
    const char *db;             /* store path (created when absent) */
    const char *token;          /* bearer token; NULL or "": ingest disabled */
    int private_reads;          /* reads need the token too */
    int cluster;                /* place and analyse what POST stores */
    const char *ner_model;      /* NULL: the default model, "none": rules */
    story_params params;        /* clustering parameters */
} api_opts;

/* Open the store for writing (creating it) and get ready. */
int api_open(const api_opts *o, api_t **out, tl_err *e);
/* Load the clustering state and entity registry that POST keeps
 * resident (and place whatever is unplaced), so the first POST does not
 * pay for it. Only when ingest over HTTP is on. */
void api_warm(api_t *a);
/* Close the writer; call after the HTTP server has stopped. */
void api_close(api_t *a);

void api_handle(void *ud, const http_req *req, http_resp *resp);
int api_version(void *ud, int64_t *version);

#endif
