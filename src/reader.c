/* reader.c -- buffered, decompressing, size-limited reader (see reader.h).
 *
 * Layers: raw bytes from a file descriptor go into `in`; a codec (none,
 * zlib inflate, zstd stream) turns them into decoded bytes in `out`; lines
 * are cut from `out` in place when they fit in the current chunk (no copy)
 * and assembled in `line` otherwise.
 */
#include "reader.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define RD_IN_CAP (128 * 1024)
#define RD_OUT_CAP (256 * 1024)

enum { CODEC_PLAIN, CODEC_GZIP, CODEC_ZSTD };

struct rd {
    int fd;
    int own_fd;
    char *path;
    size_t max_line;
    int codec;
    int in_eof;            /* no more raw bytes */
    int stream_end;        /* the codec saw the end of its (last) frame */
    unsigned char *in;
    size_t in_pos, in_len;
    char *out;
    size_t out_pos, out_len;
    z_stream zs;
    ZSTD_DStream *zd;
    buf_t line;
    int skipping;          /* inside an over-long line */
    long lineno;
    uint64_t bytes;
};

/* ------------------------------------------------------------------------
 * Raw input and codecs
 * ---------------------------------------------------------------------- */

static int raw_fill(rd_t *r, tl_err *e) {
    if (r->in_pos < r->in_len || r->in_eof) return TL_OK;
    for (;;) {
        ssize_t n = read(r->fd, r->in, RD_IN_CAP);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return err_setat(e, TL_EIO, r->path, r->lineno + 1, "read failed: %s",
                             strerror(errno));
        r->in_pos = 0;
        r->in_len = (size_t)n;
        if (n == 0) r->in_eof = 1;
        return TL_OK;
    }
}

/* Decode more bytes into r->out. Sets out_len = 0 at the end of input. */
static int decode(rd_t *r, tl_err *e) {
    r->out_pos = r->out_len = 0;
    int rc;
    if (r->codec == CODEC_PLAIN) {
        if ((rc = raw_fill(r, e)) != TL_OK) return rc;
        /* Hand over the raw chunk by copying (keeps one code path). */
        size_t n = r->in_len - r->in_pos;
        memcpy(r->out, r->in + r->in_pos, n);
        r->in_pos = r->in_len;
        r->out_len = n;
        return TL_OK;
    }
    while (r->out_len == 0) {
        if ((rc = raw_fill(r, e)) != TL_OK) return rc;
        size_t avail = r->in_len - r->in_pos;
        if (avail == 0 && r->in_eof) {
            if (!r->stream_end)
                return err_setat(e, TL_EPARSE, r->path, r->lineno + 1,
                                 "truncated %s stream (unexpected end of file)",
                                 rd_codec(r));
            return TL_OK;
        }
        if (r->codec == CODEC_GZIP) {
            if (r->stream_end) {       /* concatenated gzip members */
                if (inflateReset(&r->zs) != Z_OK)
                    return err_setat(e, TL_EPARSE, r->path, r->lineno + 1, "gzip reset failed");
                r->stream_end = 0;
            }
            r->zs.next_in = r->in + r->in_pos;
            r->zs.avail_in = (uInt)avail;
            r->zs.next_out = (Bytef *)r->out;
            r->zs.avail_out = RD_OUT_CAP;
            int zr = inflate(&r->zs, Z_NO_FLUSH);
            r->in_pos = r->in_len - r->zs.avail_in;
            r->out_len = RD_OUT_CAP - r->zs.avail_out;
            if (zr == Z_STREAM_END) r->stream_end = 1;
            else if (zr != Z_OK && zr != Z_BUF_ERROR)
                return err_setat(e, TL_EPARSE, r->path, r->lineno + 1,
                                 "corrupt gzip data: %s",
                                 r->zs.msg ? r->zs.msg : "inflate failed");
        } else {
            ZSTD_inBuffer ib = {r->in + r->in_pos, avail, 0};
            ZSTD_outBuffer ob = {r->out, RD_OUT_CAP, 0};
            size_t zr = ZSTD_decompressStream(r->zd, &ob, &ib);
            if (ZSTD_isError(zr))
                return err_setat(e, TL_EPARSE, r->path, r->lineno + 1,
                                 "corrupt zstd data: %s", ZSTD_getErrorName(zr));
            r->in_pos += ib.pos;
            r->out_len = ob.pos;
            r->stream_end = (zr == 0);
        }
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Open / close
 * ---------------------------------------------------------------------- */

int rd_open(rd_t **out, const char *path, size_t max_line, tl_err *e) {
    *out = NULL;
    rd_t *r = calloc(1, sizeof(*r));
    if (!r) return err_set(e, TL_ENOMEM, "out of memory");
    r->fd = -1;
    r->max_line = max_line;
    r->path = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
    r->in = malloc(RD_IN_CAP);
    r->out = malloc(RD_OUT_CAP);
    if (!r->path || !r->in || !r->out) {
        rd_close(r);
        return err_set(e, TL_ENOMEM, "out of memory");
    }
    if (strcmp(path, "-") == 0) {
        r->fd = 0;
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            int rc = err_setat(e, TL_EIO, path, 0, "cannot open: %s", strerror(errno));
            rd_close(r);
            return rc;
        }
        r->own_fd = 1;
    }
    /* Sniff the codec from the first raw bytes. */
    int rc = raw_fill(r, e);
    if (rc != TL_OK) { rd_close(r); return rc; }
    const unsigned char *m = r->in;
    size_t n = r->in_len;
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
        r->codec = CODEC_GZIP;
        if (inflateInit2(&r->zs, 15 + 16) != Z_OK) {
            rd_close(r);
            return err_set(e, TL_ENOMEM, "zlib init failed");
        }
    } else if (n >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
        r->codec = CODEC_ZSTD;
        r->zd = ZSTD_createDStream();
        if (!r->zd || ZSTD_isError(ZSTD_initDStream(r->zd))) {
            rd_close(r);
            return err_set(e, TL_ENOMEM, "zstd init failed");
        }
    }
    *out = r;
    return TL_OK;
}

void rd_close(rd_t *r) {
    if (!r) return;
    if (r->codec == CODEC_GZIP) inflateEnd(&r->zs);
    if (r->zd) ZSTD_freeDStream(r->zd);
    if (r->own_fd && r->fd >= 0) close(r->fd);
    buf_free(&r->line);
    free(r->in);
    free(r->out);
    free(r->path);
    free(r);
}

/* ------------------------------------------------------------------------
 * Lines
 * ---------------------------------------------------------------------- */

static void chomp_cr(char *s, size_t *len) {
    if (*len && s[*len - 1] == '\r') s[--*len] = '\0';
}

int rd_line(rd_t *r, char **line, size_t *len, tl_err *e) {
    buf_reset(&r->line);
    for (;;) {
        if (r->out_pos == r->out_len) {
            int rc = decode(r, e);
            if (rc != TL_OK) return rc;
            if (r->out_len == 0) {              /* end of input */
                if (r->skipping) {
                    r->skipping = 0;
                    r->lineno++;
                    return err_setat(e, TL_ETOOBIG, r->path, r->lineno,
                                     "line longer than the %zu-byte limit, skipped",
                                     r->max_line);
                }
                if (r->line.len == 0) return RD_EOF;
                r->lineno++;
                *line = r->line.p;
                *len = r->line.len;
                chomp_cr(*line, len);
                return RD_LINE;
            }
        }
        char *start = r->out + r->out_pos;
        size_t avail = r->out_len - r->out_pos;
        char *nl = memchr(start, '\n', avail);
        size_t seg = nl ? (size_t)(nl - start) : avail;
        r->out_pos += nl ? seg + 1 : seg;
        r->bytes += nl ? seg + 1 : seg;
        if (r->skipping || r->line.len + seg > r->max_line) {
            r->skipping = 1;
            buf_reset(&r->line);
            if (!nl) continue;
            r->skipping = 0;
            r->lineno++;
            return err_setat(e, TL_ETOOBIG, r->path, r->lineno,
                             "line longer than the %zu-byte limit, skipped",
                             r->max_line);
        }
        if (nl && r->line.len == 0) {           /* whole line in this chunk */
            *nl = '\0';
            r->lineno++;
            *line = start;
            *len = seg;
            chomp_cr(*line, len);
            return RD_LINE;
        }
        if (buf_append(&r->line, start, seg) != TL_OK)
            return err_set(e, TL_ENOMEM, "out of memory");
        if (nl) {
            r->lineno++;
            *line = r->line.p;
            *len = r->line.len;
            chomp_cr(*line, len);
            return RD_LINE;
        }
    }
}

int rd_all(rd_t *r, char **data, size_t *len, tl_err *e) {
    buf_t b = BUF_INIT;
    *data = NULL;
    *len = 0;
    for (;;) {
        if (r->out_pos == r->out_len) {
            int rc = decode(r, e);
            if (rc != TL_OK) { buf_free(&b); return rc; }
            if (r->out_len == 0) break;
        }
        size_t n = r->out_len - r->out_pos;
        if (b.len + n > r->max_line) {
            buf_free(&b);
            return err_setat(e, TL_ETOOBIG, r->path, 0,
                             "file larger than the %zu-byte limit, skipped",
                             r->max_line);
        }
        if (buf_append(&b, r->out + r->out_pos, n) != TL_OK) {
            buf_free(&b);
            return err_set(e, TL_ENOMEM, "out of memory");
        }
        r->out_pos = r->out_len;
        r->bytes += n;
    }
    *len = b.len;
    *data = buf_steal(&b);
    if (!*data) return err_set(e, TL_ENOMEM, "out of memory");
    return TL_OK;
}

size_t rd_peek(rd_t *r, const char **p, size_t n) {
    if (r->out_pos == r->out_len) {
        tl_err tmp;
        if (decode(r, &tmp) != TL_OK) { *p = NULL; return 0; }
    }
    *p = r->out + r->out_pos;
    size_t avail = r->out_len - r->out_pos;
    return avail < n ? avail : n;
}

long rd_lineno(const rd_t *r) { return r->lineno; }
uint64_t rd_bytes(const rd_t *r) { return r->bytes; }
const char *rd_path(const rd_t *r) { return r->path; }
const char *rd_codec(const rd_t *r) {
    return r->codec == CODEC_GZIP ? "gzip" : r->codec == CODEC_ZSTD ? "zstd" : "plain";
}
