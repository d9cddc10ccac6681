/* buf.h -- a growable byte buffer, always NUL-terminated.
 *
 * The owner of a buf_t frees it with buf_free(); buf_steal() hands the
 * bytes to the caller (who then frees them with free()).
 */
#ifndef TRILAT_BUF_H
#define TRILAT_BUF_H

#include <stddef.h>

typedef struct buf {
    char *p;
    size_t len;
    size_t cap;
} buf_t;

#define BUF_INIT {NULL, 0, 0}

int buf_reserve(buf_t *b, size_t extra);      /* TL_OK or TL_ENOMEM */
int buf_append(buf_t *b, const void *p, size_t n);
int buf_puts(buf_t *b, const char *s);
int buf_putc(buf_t *b, char c);
int buf_printf(buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_reset(buf_t *b);                     /* len = 0, keeps memory */
void buf_free(buf_t *b);
char *buf_steal(buf_t *b);                    /* never NULL on success */

#endif
