/* ingest_impl.h -- private to the ingest driver: its state and what its
 * two files share (ingest.c: reports, batching, the reader thread and the
 * entry points; ingest_files.c: formats, files and directories). */
#ifndef TRILAT_INGEST_IMPL_H
#define TRILAT_INGEST_IMPL_H

#include "ingest.h"
#include "reader.h"

#include <stdatomic.h>
#include <stdint.h>

enum { FMT_UNKNOWN, FMT_JSON, FMT_JSONL, FMT_TXT, FMT_HTML, FMT_FEED };

typedef struct {
    store_t *s;
    ing_opts o;
    const ing_cb *cb;
    ing_stats *st;          /* the caller's counters (consumer side) */
    ing_stats *pst;         /* reader-side counters: == st when serial */
    ing_stats sent;         /* reader-side counters already sent (threaded) */
    int pending;            /* stored records in the open transaction */
    int in_tx;
    atomic_int aborted;     /* atomic run hit a reject */
    atomic_int stop;        /* the writer failed: reader stops */
    struct ingq *q;         /* non-NULL: reader thread + writer (this) */
    uint64_t file_base;     /* pst->bytes when the current file began */
    ing_sink_fn sink;       /* ing_each: articles go here, not to the store */
    void *sink_ud;
} ing_t;

#define HALTED(g) (atomic_load(&(g)->aborted) || atomic_load(&(g)->stop))

/* ingest.c, reader side: hand one parsed article on (takes ownership);
 * a problem with a record or a file; counters changed. */
int ing_put(ing_t *g, art_t *a, const char *file, long line, tl_err *e);
void ing_reject(ing_t *g, const char *file, long line, const tl_err *pe);
void ing_report(ing_t *g, int severity, const char *file, long line, const tl_err *e);
void ing_progress(ing_t *g);

/* ingest_files.c: read one path (a file, or a directory recursively);
 * explicit when named by the caller (a file of another kind is then
 * sniffed, not skipped). */
int ing_path(ing_t *g, const char *path, int explicit, int depth, tl_err *e);

#endif
