/* ingest_files.c -- the ingest driver's reading side (see ingest.h): which
 * format a file is in, the readers of each (JSON Lines, JSON arrays, text,
 * web pages, feeds), and the walk of files and directories. Every record
 * read goes to ing_put (ingest.c), every problem to ing_reject /
 * ing_report, in input order.
 */
#include "ingest_impl.h"
#include "feed.h"
#include "html.h"
#include "jsonl.h"
#include "txtdoc.h"
#include "webdoc.h"

#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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
    if (ends_with(path, n, ".html") || ends_with(path, n, ".htm") ||
        ends_with(path, n, ".xhtml"))
        return FMT_HTML;
    if (ends_with(path, n, ".rss") || ends_with(path, n, ".atom") || ends_with(path, n, ".xml"))
        return FMT_FEED;
    return FMT_UNKNOWN;
}

static int format_by_option(const char *f) {
    if (strcmp(f, "txt") == 0) return FMT_TXT;
    if (strcmp(f, "html") == 0) return FMT_HTML;
    if (strcmp(f, "feed") == 0) return FMT_FEED;
    return FMT_JSONL;
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
            g->pst->records++;
            ing_reject(g, file, pe.line, &pe);
            if (HALTED(g)) return TL_OK;
            continue;
        }
        if (rc < 0) {                       /* broken stream: stop this file */
            ing_reject(g, file, pe.line, &pe);
            return TL_OK;
        }
        long lineno = rd_lineno(r);
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue;             /* blank lines are fine */
        g->pst->records++;
        art_t *a;
        if ((rc = jsonl_parse(line, len, &a, &pe)) == TL_ENOMEM) return *e = pe, rc;
        if (rc != TL_OK) {
            ing_reject(g, file, lineno, &pe);
            if (HALTED(g)) return TL_OK;
            continue;
        }
        if ((rc = ing_put(g, a, file, lineno, e)) != TL_OK) return rc;
        if (HALTED(g)) return TL_OK;
        if (g->pst->records % 256 == 0) {
            g->pst->bytes = g->file_base + rd_bytes(r);
            ing_progress(g);
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
        g->pst->records++;
        ing_reject(g, file, pe.line, &pe);
        return TL_OK;
    }
    json_error_t je;
    json_t *root = json_loadb(data, len, JSON_PRESERVE_ORDER, &je);
    free(data);
    if (!root || !json_is_array(root)) {
        g->pst->records++;
        if (root) err_set(&pe, TL_EPARSE, "expected a JSON array of articles");
        else err_set(&pe, TL_EPARSE, "malformed JSON at column %d: %s", je.column, je.text);
        ing_reject(g, file, root ? 1 : je.line, &pe);
        json_decref(root);
        return TL_OK;
    }
    size_t i;
    json_t *item;
    rc = TL_OK;
    json_array_foreach(root, i, item) {
        g->pst->records++;
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
            ing_reject(g, file, 1, &pe);
            if (HALTED(g)) break;
            continue;
        }
        if ((rc = ing_put(g, a, file, (long)i + 1, e)) != TL_OK || HALTED(g)) break;
    }
    json_decref(root);
    return rc;
}

/* Read a one-record file whole. TL_OK with *data (caller frees); READ_SKIP
 * when it could not be read (reported, the run goes on); TL_ENOMEM. */
#define READ_SKIP 1
static int read_record_file(ing_t *g, rd_t *r, char **data, size_t *len, tl_err *e) {
    tl_err pe;
    err_clear(&pe);
    g->pst->records++;
    int rc = rd_all(r, data, len, &pe);
    if (rc == TL_ENOMEM) return *e = pe, rc;
    if (rc != TL_OK) { ing_reject(g, rd_path(r), pe.line, &pe); return READ_SKIP; }
    return TL_OK;
}

static int ingest_text(ing_t *g, rd_t *r, const char *idpath, tl_err *e) {
    const char *file = rd_path(r);
    char *data;
    size_t len;
    tl_err pe;
    err_clear(&pe);
    int rc = read_record_file(g, r, &data, &len, e);
    if (rc != TL_OK) return rc == READ_SKIP ? TL_OK : rc;
    art_t *a;
    rc = txt_parse(data, len, idpath, &a, &pe);
    free(data);
    if (rc == TL_ENOMEM) return *e = pe, rc;
    if (rc != TL_OK) { ing_reject(g, file, 1, &pe); return TL_OK; }
    return ing_put(g, a, file, 1, e);
}

/* One web page per file; the id is the file name without extensions. */
static int ingest_html(ing_t *g, rd_t *r, const char *idpath, tl_err *e) {
    const char *file = rd_path(r);
    char *data;
    size_t len;
    tl_err pe;
    err_clear(&pe);
    int rc = read_record_file(g, r, &data, &len, e);
    if (rc != TL_OK) return rc == READ_SKIP ? TL_OK : rc;
    char *id = txt_id_from_path(idpath);
    if (!id) { free(data); return err_set(e, TL_ENOMEM, "out of memory"); }
    web_opts wo;
    memset(&wo, 0, sizeof(wo));
    wo.id = id;
    art_t *a;
    rc = web_parse(data, len, &wo, &a, &pe);
    free(data);
    free(id);
    if (rc == TL_ENOMEM) return *e = pe, rc;
    if (rc != TL_OK) { ing_reject(g, file, 1, &pe); return TL_OK; }
    return ing_put(g, a, file, 1, e);
}

typedef struct feedctx {
    ing_t *g;
    const char *file;
    tl_err *e;
} feedctx;

static int feed_item(void *ud, art_t *a, long line, const tl_err *ie) {
    feedctx *f = ud;
    ing_t *g = f->g;
    g->pst->records++;
    if (!a) {
        ing_reject(g, f->file, line, ie);
        return HALTED(g) ? TL_ECONFLICT : TL_OK;
    }
    int rc = ing_put(g, a, f->file, line, f->e);
    if (rc != TL_OK) return rc;
    return HALTED(g) ? TL_ECONFLICT : TL_OK;
}

/* An RSS 2.0 or Atom file: one article per item. */
static int ingest_feed(ing_t *g, rd_t *r, tl_err *e) {
    const char *file = rd_path(r);
    char *data;
    size_t len;
    tl_err pe;
    err_clear(&pe);
    int rc = rd_all(r, &data, &len, &pe);
    if (rc == TL_ENOMEM) return *e = pe, rc;
    if (rc != TL_OK) { g->pst->records++; ing_reject(g, file, pe.line, &pe); return TL_OK; }
    feedctx f = {g, file, e};
    tl_err fe;
    err_clear(&fe);
    long before = g->pst->records;
    rc = feed_parse(data, len, feed_item, &f, &fe);
    free(data);
    if (rc == TL_ENOMEM) { *e = fe; return rc; }
    if (rc == TL_ECONFLICT && HALTED(g)) return TL_OK;   /* stopped by a reject */
    if (rc == TL_EPARSE) {
        if (g->pst->records == before) g->pst->records++;
        ing_reject(g, file, fe.line, &fe);
        return TL_OK;
    }
    return rc == TL_ECONFLICT ? TL_OK : rc;
}

/* ------------------------------------------------------------------------
 * Files and directories
 * ---------------------------------------------------------------------- */

static int ingest_file(ing_t *g, const char *path, int explicit, tl_err *e) {
    int fmt = g->o.format ? format_by_option(g->o.format)
                          : (strcmp(path, "-") == 0 ? FMT_UNKNOWN : format_by_name(path));
    if (fmt == FMT_UNKNOWN && !explicit) {
        g->pst->skipped_files++;
        return TL_OK;
    }
    rd_t *r;
    tl_err pe;
    err_clear(&pe);
    /* whole web pages and feeds may be larger than one record line */
    size_t limit = g->o.max_record;
    if ((fmt == FMT_HTML || fmt == FMT_FEED || fmt == FMT_UNKNOWN) && limit < ING_MAX_PAGE)
        limit = ING_MAX_PAGE;
    int rc = rd_open(&r, path, limit, &pe);
    if (rc != TL_OK) {
        if (rc == TL_ENOMEM) return *e = pe, rc;
        g->pst->records++;
        ing_reject(g, strcmp(path, "-") == 0 ? "<stdin>" : path, 0, &pe);
        return TL_OK;
    }
    g->pst->files++;
    g->file_base = g->pst->bytes;
    int c = first_nonblank(r);
    if (c < 0) {
        err_set(&pe, TL_EEMPTY, "empty file, no articles");
        ing_report(g, ING_WARNING, rd_path(r), 0, &pe);
    } else {
        const char *idpath = strcmp(path, "-") == 0 ? "stdin" : path;
        if (fmt == FMT_FEED && !explicit && !g->o.format) {
            /* an .xml met in a directory may be a sitemap or a config */
            const char *p;
            size_t n = rd_peek(r, &p, 4096);
            if (!feed_sniff(p, n)) {
                g->pst->files--;
                g->pst->skipped_files++;
                rd_close(r);
                return TL_OK;
            }
        }
        if (fmt == FMT_UNKNOWN) {
            const char *p;
            size_t n = rd_peek(r, &p, 4096);
            if (c == '{' || c == '[') fmt = FMT_JSON;
            else if (c == '<' && feed_sniff(p, n)) fmt = FMT_FEED;
            else if (c == '<' && html_sniff(p, n)) fmt = FMT_HTML;
            else fmt = FMT_TXT;
        }
        if (fmt == FMT_TXT) rc = ingest_text(g, r, idpath, e);
        else if (fmt == FMT_HTML) rc = ingest_html(g, r, idpath, e);
        else if (fmt == FMT_FEED) rc = ingest_feed(g, r, e);
        else if (c == '[' && fmt == FMT_JSON) rc = ingest_array(g, r, e);
        else rc = ingest_lines(g, r, e);
    }
    g->pst->bytes = g->file_base + rd_bytes(r);
    rd_close(r);
    ing_progress(g);
    return rc;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}


static int ingest_dir(ing_t *g, const char *path, int depth, tl_err *e) {
    DIR *d = opendir(path);
    tl_err pe;
    if (!d) {
        err_setat(&pe, TL_EIO, path, 0, "cannot read directory");
        ing_reject(g, path, 0, &pe);
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
    for (size_t i = 0; i < n && rc == TL_OK && !HALTED(g); i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (!child) { rc = err_set(e, TL_ENOMEM, "out of memory"); break; }
        snprintf(child, len, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
        rc = ing_path(g, child, 0, depth + 1, e);
        free(child);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

int ing_path(ing_t *g, const char *path, int explicit, int depth, tl_err *e) {
    if (strcmp(path, "-") == 0) return ingest_file(g, path, 1, e);
    struct stat sb;
    tl_err pe;
    if (stat(path, &sb) != 0) {
        err_setat(&pe, TL_EIO, path, 0, "no such file or directory");
        g->pst->records++;
        ing_reject(g, path, 0, &pe);
        return TL_OK;
    }
    if (S_ISDIR(sb.st_mode)) {
        if (depth > 64) return TL_OK;           /* symlink loops */
        return ingest_dir(g, path, depth, e);
    }
    if (!S_ISREG(sb.st_mode) && !explicit) return TL_OK;
    return ingest_file(g, path, explicit, e);
}

