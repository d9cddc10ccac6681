/* ingest.h -- files and directories -> articles in the store.
 *
 * ing_run() walks the given paths (directories recursively, in name order,
 * hidden entries skipped), reads each file as JSON Lines, a JSON array or
 * one plain-text article, and stores the articles in batches of o->batch
 * per transaction. Bad records are reported through cb->report with
 * file:line and skipped; the rest goes on. With o->atomic the whole run is
 * one transaction and the first rejected record rolls it back.
 *
 * Which format a file is in: o->format if set; else by extension (after
 * .gz/.zst): .jsonl .ndjson .jsonlines -> JSON Lines; .json -> a JSON array
 * of articles if it starts with '[', else JSON Lines; .txt .text -> text;
 * .html .htm .xhtml -> one web page (webdoc.h); .rss .atom .xml -> a feed
 * (feed.h). Other files named on the command line (and "-") are sniffed:
 * a first non-blank byte '[' means a JSON array, '{' JSON Lines, an XML
 * root <rss>/<feed>/<rdf:RDF> a feed, '<' and a tag a web page, anything
 * else text; other files met inside directories are skipped. Web pages
 * and feeds may be up to ING_MAX_PAGE bytes (or max_record if larger).
 */
#ifndef TRILAT_INGEST_H
#define TRILAT_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

#define ING_DEFAULT_MAX_RECORD (16u << 20)   /* 16 MiB per line or text file */
#define ING_DEFAULT_BATCH 10000
#define ING_MAX_JSON_ARRAY (256u << 20)       /* whole-file JSON arrays */
#define ING_MAX_PAGE (64u << 20)              /* one web page or feed file */

typedef struct ing_opts {
    int atomic;             /* one transaction; roll back on the first reject */
    size_t max_record;      /* 0: ING_DEFAULT_MAX_RECORD */
    int batch;              /* 0: ING_DEFAULT_BATCH */
    const char *format;     /* "jsonl", "txt", "html", "feed" or NULL (detect) */
    int serial;             /* 1: one thread; 0: a reader thread parses while
                             * the calling thread stores (same results) */
    int check_all;          /* with atomic, ing_buffer only: go on after a
                             * reject so every bad record is reported; still
                             * nothing is stored */
} ing_opts;

typedef struct ing_stats {
    long files;             /* files read */
    long skipped_files;     /* files in directories not in a known format */
    long records;           /* records seen */
    long ingested;          /* new articles stored */
    long duplicates;        /* same text as a stored article: recorded as duplicate */
    long unchanged;         /* already stored (re-ingest): nothing done */
    long rejected;          /* bad records, skipped */
    long warnings;          /* records stored with a repair or a note */
    uint64_t bytes;         /* decoded input bytes */
} ing_stats;

#define ING_WARNING 1
#define ING_REJECTED 2

typedef struct ing_cb {
    /* A problem with one record or file: e->file, e->line, e->msg. */
    void (*report)(void *ud, int severity, const tl_err *e);
    /* Called every few hundred records and at the end of each file. */
    void (*progress)(void *ud, const ing_stats *st);
    void *ud;
} ing_cb;

/* Returns TL_OK when every path was processed (records may have been
 * rejected: see st->rejected); TL_ECONFLICT when o->atomic and a record
 * was rejected (nothing stored); TL_ESTORE or TL_ENOMEM on a fatal error
 * (the batch in flight is rolled back, committed batches stay). */
int ing_run(store_t *s, const char *const *paths, int npaths,
            const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e);

/* The same walk and parse, with each finished article handed to fn
 * instead of stored (`trilat publish` sends them to the queue): fn is
 * called in input order from the calling thread, with where the record
 * came from; a stays the driver's. Each article fn takes (TL_OK) counts
 * as st->ingested, and its repairs are reported as warnings as for a new
 * article; any other return (e filled) ends the run with that code.
 * o->atomic does not apply. */
typedef int (*ing_sink_fn)(void *ud, const art_t *a, const char *file, long line, tl_err *e);
int ing_each(const char *const *paths, int npaths, const ing_opts *o, const ing_cb *cb,
             ing_sink_fn fn, void *fn_ud, ing_stats *st, tl_err *e);

/* Ingest one in-memory buffer of JSON Lines (the HTTP API's path): same
 * rules, `name` used in messages. */
int ing_buffer(store_t *s, const char *name, const char *data, size_t len,
               const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e);

/* The two halves of ing_record, for a caller that does work between
 * them outside the transaction (`trilat worker` analyses each article,
 * anl.h, before it takes the store's write lock):
 *
 * ing_prepare parses and finishes one JSON Lines record: *out the
 * article (caller frees with art_free), or NULL when the record was
 * rejected (reported and counted in st). TL_OK or TL_ENOMEM.
 *
 * ing_store stores an article ing_prepare made into the transaction the
 * caller holds: *outcome as store_put_article's, counted in st, a
 * conflict reported as a reject and repairs as warnings; a stays the
 * caller's, with a->rowid set when new. TL_OK or TL_ESTORE. */
int ing_prepare(const char *file, long line, const char *data, size_t len, const ing_opts *o,
                const ing_cb *cb, art_t **out, ing_stats *st, tl_err *e);
int ing_store(store_t *s, art_t *a, const char *file, long line, const ing_cb *cb,
              int *outcome, ing_stats *st, tl_err *e);

/* to += d, every counter. */
void ing_stats_add(ing_stats *to, const ing_stats *d);

/* One JSON Lines record stored into the transaction the caller holds
 * (store_begin() done; the caller commits or rolls back): parsed,
 * finished and put as ing_buffer does each line, reported and recorded
 * (origin) as file:line. `trilat worker` stores a batch of queued records
 * this way in one transaction. Counts are added to *st. TL_OK (the record
 * may have been rejected: see st->rejected), TL_ESTORE or TL_ENOMEM. */
int ing_record(store_t *s, const char *file, long line, const char *data, size_t len,
               const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e);

#endif
