/* err.c -- error records (see err.h). */
#include "err.h"

#include <stdio.h>
#include <string.h>

void err_clear(tl_err *e) {
    if (!e) return;
    e->code = TL_OK;
    e->file[0] = '\0';
    e->line = 0;
    e->msg[0] = '\0';
}

/* Format through a local buffer: the arguments may include e->msg itself
 * ("...: %s", e->msg), which vsnprintf must not write while reading. */
static void err_vfill(tl_err *e, int code, const char *fmt, va_list ap) {
    char msg[sizeof(e->msg)];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    e->code = code;
    memcpy(e->msg, msg, sizeof(msg));
}

int err_set(tl_err *e, int code, const char *fmt, ...) {
    if (!e) return code;
    va_list ap;
    va_start(ap, fmt);
    err_vfill(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int err_setat(tl_err *e, int code, const char *file, long line,
              const char *fmt, ...) {
    if (!e) return code;
    snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
    e->line = line;
    va_list ap;
    va_start(ap, fmt);
    err_vfill(e, code, fmt, ap);
    va_end(ap);
    return code;
}

const char *err_name(int code) {
    switch (code) {
    case TL_OK: return "ok";
    case TL_ENOMEM: return "out of memory";
    case TL_EIO: return "i/o error";
    case TL_EPARSE: return "parse error";
    case TL_ETOOBIG: return "too big";
    case TL_EINVAL: return "invalid value";
    case TL_ESTORE: return "store error";
    case TL_ENOTFOUND: return "not found";
    case TL_ECONFLICT: return "conflict";
    case TL_EEMPTY: return "empty";
    case TL_EBUSY: return "busy";
    default: return "error";
    }
}
