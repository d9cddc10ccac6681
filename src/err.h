/* err.h -- status codes and the error record every libtrilat call fills.
 *
 * Library functions return TL_OK (0) or a negative TL_E* code and, when
 * they fail, describe the failure in a caller-owned tl_err: a message and,
 * when the failure is about input, the file and line it came from. The
 * library never prints and never exits; callers decide what to show.
 */
#ifndef TRILAT_ERR_H
#define TRILAT_ERR_H

#include <stdarg.h>

#define TL_OK 0
#define TL_ERR -1        /* generic failure */
#define TL_ENOMEM -2     /* allocation failed */
#define TL_EIO -3        /* read/write/open failed */
#define TL_EPARSE -4     /* input is malformed */
#define TL_ETOOBIG -5    /* input exceeds a size limit */
#define TL_EINVAL -6     /* bad argument or bad field value */
#define TL_ESTORE -7     /* the store failed */
#define TL_ENOTFOUND -8  /* no such object */
#define TL_ECONFLICT -9  /* same id, different content */
#define TL_EEMPTY -10    /* nothing to work with (empty text, empty file) */
#define TL_EBUSY -11     /* another process holds what this needs (a lock) */

typedef struct tl_err {
    int code;
    char file[512];   /* input file, "" when not about input */
    long line;        /* 1-based line in file, 0 when not applicable */
    char msg[512];
} tl_err;

/* Clear an error record. */
void err_clear(tl_err *e);

/* Fill e with code and a printf-style message; returns code so callers can
 * write `return err_set(e, TL_EIO, "...")`. e may be NULL. */
int err_set(tl_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, and record where in the input it happened. */
int err_setat(tl_err *e, int code, const char *file, long line,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Short name of a code ("parse error", "too big", ...). */
const char *err_name(int code);

#endif
