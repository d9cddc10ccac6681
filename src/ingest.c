/* ingest.c -- the ingest driver (see ingest.h).
 *
 * Per record: parse (jsonl.c / txtdoc.c) -> normalize and hash
 * (article.c) -> store_put_article(). The driver owns batching: it opens a
 * transaction, commits every `batch` stored records, and on a fatal store
 * error rolls back only the batch in flight.
 */
#include "ingest.h"
#include "article.h"
#include "jsonl.h"
#include "reader.h"
#include "txtdoc.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { FMT_UNKNOWN, FMT_JSON, FMT_JSONL, FMT_TXT };

typedef struct {
    store_t *s;
    ing_opts o;
    const ing_cb *cb;
    ing_stats *st;
    int pending;            /* stored records in the open transaction */
    int in_tx;
    int aborted;            /* atomic run hit a reject */
} ing_t;

/* ------------------------------------------------------------------------
 * Reporting and batching
 * ---------------------------------------------------------------------- */

static void report(ing_t *g, int severity, const char *file, long line,
                   const tl_err *e) {
    if (severity == ING_REJECTED) g->st->rejected++;
    else g->st->warnings++;
    if (!g->cb || !g->cb->report) return;
    tl_err r = *e;
    snprintf(r.file, sizeof(r.file), "%s", file);
    r.line = line;
    g->cb->report(g->cb->ud, severity, &r);
}

static void progress(ing_t *g) {
    if (g->cb && g->cb->progress) g->cb->progress(g->cb->ud, g->st);
}

static int tx_open(ing_t *g, tl_err *e) {
    if (g->in_tx) return TL_OK;
    int rc = store_begin(g->s, e);
    if (rc == TL_OK) g->in_tx = 1;
    return rc;
}

static int tx_commit(ing_t *g, tl_err *e) {
    if (!g->in_tx) return TL_OK;
    int rc = store_commit(g->s, e);
    g->in_tx = 0;
    g->pending = 0;
    return rc;
}

/* A record was rejected. In an atomic run that ends the run. */
static void reject(ing_t *g, const char *file, long line, const tl_err *pe) {
    report(g, ING_REJECTED, file, line, pe);
    if (g->o.atomic) g->aborted = 1;
}

/* Store one parsed article; takes ownership of a. */
static int put(ing_t *g, art_t *a, const char *file, long line, tl_err *e) {
    tl_err pe;
    err_clear(&pe);
    char origin[600];
    snprintf(origin, sizeof(origin), "%s:%ld", file, line);
    a->origin = strdup(origin);
    int rc = a->origin ? art_finish(a, &pe) : err_set(&pe, TL_ENOMEM, "out of memory");
    if (rc == TL_ENOMEM) { art_free(a); *e = pe; return rc; }
    if (rc != TL_OK) {
        reject(g, file, line, &pe);
        art_free(a);
        return TL_OK;
    }
    if ((rc = tx_open(g, e)) != TL_OK) { art_free(a); return rc; }
    int outcome;
    char *other = NULL;
    rc = store_put_article(g->s, a, &outcome, &other, e);
    if (rc != TL_OK) { art_free(a); return rc; }
    switch (outcome) {
    case STORE_NEW: g->st->ingested++; g->pending++; break;
    case STORE_DUP: g->st->duplicates++; g->pending++; break;
    case STORE_SAME: g->st->unchanged++; break;
    case STORE_CONFLICT:
        err_set(&pe, TL_ECONFLICT,
                "id '%s' is already stored with different text; the stored "
                "version is kept (give the new version its own id)", a->id);
        reject(g, file, line, &pe);
        break;
    }
    int noted = outcome == STORE_NEW || outcome == STORE_DUP;
    if (noted && a->invalid_utf8) {
        err_set(&pe, TL_EPARSE, "invalid UTF-8: %zu byte sequence(s) replaced by U+FFFD",
                a->invalid_utf8);
        report(g, ING_WARNING, file, line, &pe);
    }
    if (noted && a->note[0]) {
        err_set(&pe, TL_EPARSE, "%s", a->note);
        report(g, ING_WARNING, file, line, &pe);
    }
    free(other);
    art_free(a);
    if (!g->o.atomic && g->pending >= g->o.batch) return tx_commit(g, e);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Formats
 * ---------------------------------------------------------------------- */

static int ends_with(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

static int format_by_name(const char *path) {
    size_t n = strlen(path);
    if (ends_with(path, n, ".gz")) n -= 3;
    else if (ends_with(path, n, ".zst")) n -= 4;
    else if (ends_with(path, n, ".zstd")) n -= 5;
    if (ends_with(path, n, ".jsonl") || ends_with(path, n, ".ndjson") ||
        ends_with(path, n, ".jsonlines"))
        return FMT_JSONL;
    if (ends_with(path, n, ".json")) return FMT_JSON;
    if (ends_with(path, n, ".txt") || ends_with(path, n, ".text")) return FMT_TXT;
    return FMT_UNKNOWN;
}

static int first_nonblank(rd_t *r) {
    const char *p;
    size_t n = rd_peek(r, &p, 4096);
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') return (unsigned char)p[i];
    return -1;
}

static int ingest_lines(ing_t *g, rd_t *r, tl_err *e) {
    const char *file = rd_path(r);
    char *line;
    size_t len;
    tl_err pe;
    for (;;) {
        err_clear(&pe);
        int rc = rd_line(r, &line, &len, &pe);
        if (rc == RD_EOF) return TL_OK;
        if (rc == TL_ETOOBIG) {
            g->st->records++;
            reject(g, file, pe.line, &pe);
            if (g->aborted) return TL_OK;
            continue;
        }
        if (rc < 0) {                       /* broken stream: stop this file */
            reject(g, file, pe.line, &pe);
            return TL_OK;
        }
        long lineno = rd_lineno(r);
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue;             /* blank lines are fine */
        g->st->records++;
        art_t *a;
        if ((rc = jsonl_parse(line, len, &a, &pe)) == TL_ENOMEM) return *e = pe, rc;
        if (rc != TL_OK) {
            reject(g, file, lineno, &pe);
            if (g->aborted) return TL_OK;
            continue;
        }
        if ((rc = put(g, a, file, lineno, e)) != TL_OK) return rc;
        if (g->aborted) return TL_OK;
        if (g->st->records % 256 == 0) {
            uint64_t base = g->st->bytes;
            g->st->bytes = base + rd_bytes(r);
            progress(g);
            g->st->bytes = base;
        }
    }
}

/* A .json file holding an array of article objects. */
static int ingest_array(ing_t *g, rd_t *r, tl_err *e) {
    const char *file = rd_path(r);
    char *data;
    size_t len;
    tl_err pe;
    err_clear(&pe);
    int rc = rd_all(r, &data, &len, &pe);
    if (rc != TL_OK) {
        if (rc == TL_ENOMEM) return *e = pe, rc;
        g->st->records++;
        reject(g, file, pe.line, &pe);
        return TL_OK;
    }
    json_error_t je;
    json_t *root = json_loadb(data, len, JSON_PRESERVE_ORDER, &je);
    free(data);
    if (!root || !json_is_array(root)) {
        g->st->records++;
        if (root) err_set(&pe, TL_EPARSE, "expected a JSON array of articles");
        else err_set(&pe, TL_EPARSE, "malformed JSON at column %d: %s", je.column, je.text);
        reject(g, file, root ? 1 : je.line, &pe);
        json_decref(root);
        return TL_OK;
    }
    size_t i;
    json_t *item;
    rc = TL_OK;
    json_array_foreach(root, i, item) {
        g->st->records++;
        char *s = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        art_t *a = NULL;
        err_clear(&pe);
        int prc = s ? jsonl_parse(s, strlen(s), &a, &pe) : err_set(&pe, TL_ENOMEM, "out of memory");
        free(s);
        char where[64];
        snprintf(where, sizeof(where), "%s[%zu]", "item", i);
        if (prc == TL_ENOMEM) { *e = pe; rc = prc; break; }
        if (prc != TL_OK) {
            err_set(&pe, pe.code, "%s: %s", where, pe.msg);
            reject(g, file, 1, &pe);
            if (g->aborted) break;
            continue;
        }
        if ((rc = put(g, a, file, (long)i + 1, e)) != TL_OK || g->aborted) break;
    }
    json_decref(root);
    return rc;
}

static int ingest_text(ing_t *g, rd_t *r, const char *idpath, tl_err *e) {
    const char *file = rd_path(r);
    char *data;
    size_t len;
    tl_err pe;
    err_clear(&pe);
    g->st->records++;
    int rc = rd_all(r, &data, &len, &pe);
    if (rc == TL_ENOMEM) return *e = pe, rc;
    if (rc != TL_OK) { reject(g, file, pe.line, &pe); return TL_OK; }
    art_t *a;
    rc = txt_parse(data, len, idpath, &a, &pe);
    free(data);
    if (rc == TL_ENOMEM) return *e = pe, rc;
    if (rc != TL_OK) { reject(g, file, 1, &pe); return TL_OK; }
    return put(g, a, file, 1, e);
}

/* ------------------------------------------------------------------------
 * Files and directories
 * ---------------------------------------------------------------------- */

static int ingest_file(ing_t *g, const char *path, int explicit, tl_err *e) {
    int fmt = g->o.format ? (strcmp(g->o.format, "txt") == 0 ? FMT_TXT : FMT_JSONL)
                          : (strcmp(path, "-") == 0 ? FMT_UNKNOWN : format_by_name(path));
    if (fmt == FMT_UNKNOWN && !explicit) {
        g->st->skipped_files++;
        return TL_OK;
    }
    rd_t *r;
    tl_err pe;
    err_clear(&pe);
    int rc = rd_open(&r, path, g->o.max_record, &pe);
    if (rc != TL_OK) {
        if (rc == TL_ENOMEM) return *e = pe, rc;
        g->st->records++;
        reject(g, strcmp(path, "-") == 0 ? "<stdin>" : path, 0, &pe);
        return TL_OK;
    }
    g->st->files++;
    int c = first_nonblank(r);
    if (c < 0) {
        err_set(&pe, TL_EEMPTY, "empty file, no articles");
        report(g, ING_WARNING, rd_path(r), 0, &pe);
    } else {
        if (fmt == FMT_UNKNOWN) fmt = (c == '{' || c == '[') ? FMT_JSON : FMT_TXT;
        if (fmt == FMT_TXT) rc = ingest_text(g, r, strcmp(path, "-") == 0 ? "stdin" : path, e);
        else if (c == '[' && fmt == FMT_JSON) rc = ingest_array(g, r, e);
        else rc = ingest_lines(g, r, e);
    }
    g->st->bytes += rd_bytes(r);
    rd_close(r);
    progress(g);
    return rc;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ingest_path(ing_t *g, const char *path, int explicit, int depth, tl_err *e);

static int ingest_dir(ing_t *g, const char *path, int depth, tl_err *e) {
    DIR *d = opendir(path);
    tl_err pe;
    if (!d) {
        err_setat(&pe, TL_EIO, path, 0, "cannot read directory");
        reject(g, path, 0, &pe);
        return TL_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = TL_OK;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof(*names));
            if (!nn) { rc = err_set(e, TL_ENOMEM, "out of memory"); break; }
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name))) { rc = err_set(e, TL_ENOMEM, "out of memory"); break; }
        n++;
    }
    closedir(d);
    if (rc == TL_OK) qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n && rc == TL_OK && !g->aborted; i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (!child) { rc = err_set(e, TL_ENOMEM, "out of memory"); break; }
        snprintf(child, len, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
        rc = ingest_path(g, child, 0, depth + 1, e);
        free(child);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

static int ingest_path(ing_t *g, const char *path, int explicit, int depth, tl_err *e) {
    if (strcmp(path, "-") == 0) return ingest_file(g, path, 1, e);
    struct stat sb;
    tl_err pe;
    if (stat(path, &sb) != 0) {
        err_setat(&pe, TL_EIO, path, 0, "no such file or directory");
        g->st->records++;
        reject(g, path, 0, &pe);
        return TL_OK;
    }
    if (S_ISDIR(sb.st_mode)) {
        if (depth > 64) return TL_OK;           /* symlink loops */
        return ingest_dir(g, path, depth, e);
    }
    if (!S_ISREG(sb.st_mode) && !explicit) return TL_OK;
    return ingest_file(g, path, explicit, e);
}

/* ------------------------------------------------------------------------
 * Entry points
 * ---------------------------------------------------------------------- */

static void ing_init(ing_t *g, store_t *s, const ing_opts *o, const ing_cb *cb,
                     ing_stats *st) {
    memset(g, 0, sizeof(*g));
    memset(st, 0, sizeof(*st));
    g->s = s;
    if (o) g->o = *o;
    if (!g->o.max_record) g->o.max_record = ING_DEFAULT_MAX_RECORD;
    if (g->o.batch <= 0) g->o.batch = ING_DEFAULT_BATCH;
    g->cb = cb;
    g->st = st;
}

static int ing_finish(ing_t *g, int rc, tl_err *e) {
    if (rc == TL_OK && g->aborted) {
        if (g->in_tx) store_rollback(g->s, NULL);
        g->in_tx = 0;
        g->st->ingested = g->st->duplicates = 0;
        return err_set(e, TL_ECONFLICT, "a record was rejected; nothing from this run was stored");
    }
    if (rc == TL_OK) return tx_commit(g, e);
    if (g->in_tx) store_rollback(g->s, NULL);
    return rc;
}

int ing_run(store_t *s, const char *const *paths, int npaths, const ing_opts *o,
            const ing_cb *cb, ing_stats *st, tl_err *e) {
    ing_t g;
    ing_init(&g, s, o, cb, st);
    int rc = TL_OK;
    for (int i = 0; i < npaths && rc == TL_OK && !g.aborted; i++)
        rc = ingest_path(&g, paths[i], 1, 0, e);
    return ing_finish(&g, rc, e);
}

int ing_buffer(store_t *s, const char *name, const char *data, size_t len,
               const ing_opts *o, const ing_cb *cb, ing_stats *st, tl_err *e) {
    ing_t g;
    ing_init(&g, s, o, cb, st);
    int rc = TL_OK;
    const char *p = data, *end = data + len;
    long lineno = 0;
    tl_err pe;
    while (p < end && rc == TL_OK && !g.aborted) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        st->bytes += n + (nl ? 1 : 0);
        const char *line = p;
        p = nl ? nl + 1 : end;
        if (n && line[n - 1] == '\r') n--;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == n) continue;
        st->records++;
        err_clear(&pe);
        if (n > g.o.max_record) {
            err_set(&pe, TL_ETOOBIG, "line longer than the %zu-byte limit", g.o.max_record);
            reject(&g, name, lineno, &pe);
            continue;
        }
        art_t *a;
        int prc = jsonl_parse(line, n, &a, &pe);
        if (prc == TL_ENOMEM) { *e = pe; rc = prc; break; }
        if (prc != TL_OK) { reject(&g, name, lineno, &pe); continue; }
        rc = put(&g, a, name, lineno, e);
    }
    return ing_finish(&g, rc, e);
}
