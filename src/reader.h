/* reader.h -- line and whole-file reading with transparent gzip/zstd
 * decompression and a hard size limit.
 *
 * Input may be a file or "-" (standard input); compression is recognized
 * by its magic bytes, not the file name. Lines longer than the limit are
 * skipped in constant memory and reported, so one bad record cannot take
 * the process down. A truncated or corrupt compressed stream is an error
 * that names the file and the line reached.
 */
#ifndef TRILAT_READER_H
#define TRILAT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define RD_EOF 0
#define RD_LINE 1

typedef struct rd rd_t;

/* Open path ("-" for stdin). max_line bounds a line (rd_line) or a whole
 * file (rd_all). On failure returns TL_EIO (or TL_ENOMEM) and fills e. The
 * caller owns *r and closes it with rd_close(). */
int rd_open(rd_t **r, const char *path, size_t max_line, tl_err *e);

/* Next line without its "\n" (a trailing "\r" is dropped too), as a
 * NUL-terminated string valid until the next call. Returns RD_LINE,
 * RD_EOF, TL_ETOOBIG (that line was skipped; e says which; reading can go
 * on) or TL_EIO/TL_EPARSE (the stream is broken; stop). */
int rd_line(rd_t *r, char **line, size_t *len, tl_err *e);

/* The rest of the input as one NUL-terminated malloc'd block (caller
 * frees). TL_ETOOBIG when it exceeds max_line (nothing returned). */
int rd_all(rd_t *r, char **data, size_t *len, tl_err *e);

/* Peek at the first decoded bytes without consuming them; returns how many
 * are available (up to n). */
size_t rd_peek(rd_t *r, const char **p, size_t n);

long rd_lineno(const rd_t *r);          /* lines returned or skipped so far */
uint64_t rd_bytes(const rd_t *r);       /* decoded bytes delivered so far */
const char *rd_codec(const rd_t *r);    /* "plain", "gzip" or "zstd" */
const char *rd_path(const rd_t *r);
void rd_close(rd_t *r);

#endif
