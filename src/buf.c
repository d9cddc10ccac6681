/* buf.c -- growable byte buffer (see buf.h). */
#include "buf.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(buf_t *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return TL_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) return TL_ENOMEM;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) return TL_ENOMEM;
    b->p = p;
    b->cap = cap;
    return TL_OK;
}

int buf_append(buf_t *b, const void *p, size_t n) {
    if (buf_reserve(b, n) != TL_OK) return TL_ENOMEM;
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return TL_OK;
}

int buf_puts(buf_t *b, const char *s) { return buf_append(b, s, strlen(s)); }

int buf_putc(buf_t *b, char c) { return buf_append(b, &c, 1); }

int buf_printf(buf_t *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return TL_ERR;
    if (buf_reserve(b, (size_t)n) != TL_OK) return TL_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return TL_OK;
}

void buf_reset(buf_t *b) {
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

void buf_free(buf_t *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *buf_steal(buf_t *b) {
    if (!b->p && buf_reserve(b, 0) != TL_OK) return NULL;
    char *p = b->p;
    p[b->len] = '\0';
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}
