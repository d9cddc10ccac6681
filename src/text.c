/* text.c -- text normalization (see text.h).
 *
 * The hot path is plain ASCII and common Latin/Cyrillic text with curly
 * quotes and dashes, so normalization is one hand-written pass that repairs
 * UTF-8 and tidies whitespace, followed by a utf8proc NFC pass only when a
 * code point that NFC could change was seen. Code points below U+0300
 * (ASCII, Latin-1, Latin Extended), Cyrillic U+0400-U+04FF and the general
 * punctuation and currency blocks are stable under NFC on their own; only
 * a combining mark or another script can make NFC change the text.
 */
#include "text.h"
#include "buf.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------------
 * UTF-8 decoding
 * ---------------------------------------------------------------------- */

/* Length of the valid sequence at s, or 0 if invalid; in that case *bad is
 * the length of the maximal invalid subpart (>= 1), which becomes one
 * U+FFFD (Unicode's "maximal subpart" practice). */
static int utf8_seq(const unsigned char *s, size_t len, uint32_t *cp,
                    int *bad) {
    unsigned c = s[0];
    int need;
    unsigned lo = 0x80, hi = 0xBF;
    uint32_t v;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { need = 1; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else { *bad = 1; return 0; }
    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= len) { *bad = i; return 0; }
        unsigned d = s[i];
        if (d < lo || d > hi) { *bad = i; return 0; }
        lo = 0x80; hi = 0xBF;
        v = (v << 6) | (d & 0x3F);
    }
    *cp = v;
    return need + 1;
}

uint32_t text_decode(const char *s, size_t len, int *n) {
    uint32_t cp;
    int bad = 1;
    int k = utf8_seq((const unsigned char *)s, len, &cp, &bad);
    if (k == 0) { *n = bad; return 0xFFFD; }
    *n = k;
    return cp;
}

int text_encode(uint32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int text_valid_utf8(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) { i++; continue; }
        uint32_t cp;
        int bad;
        int k = utf8_seq(p + i, len - i, &cp, &bad);
        if (!k) return 0;
        i += (size_t)k;
    }
    return 1;
}

long text_repair_utf8(const char *in, size_t len, char **out, size_t *outlen) {
    buf_t b = BUF_INIT;
    long fixed = 0;
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0, run = 0;
    if (buf_reserve(&b, len + 16) != TL_OK) return -1;
    while (i < len) {
        if (p[i] < 0x80) { i++; continue; }
        uint32_t cp;
        int bad = 1;
        int k = utf8_seq(p + i, len - i, &cp, &bad);
        if (k) { i += (size_t)k; continue; }
        if (buf_append(&b, in + run, i - run) ||
            buf_append(&b, "\xEF\xBF\xBD", 3)) { buf_free(&b); return -1; }
        fixed++;
        i += (size_t)bad;
        run = i;
    }
    if (buf_append(&b, in + run, len - run)) { buf_free(&b); return -1; }
    *outlen = b.len;
    *out = buf_steal(&b);
    return *out ? fixed : -1;
}

/* ------------------------------------------------------------------------
 * Normalization
 * ---------------------------------------------------------------------- */

/* Code points that NFC leaves alone whatever surrounds them (see top). */
static int nfc_stable(uint32_t cp) {
    return cp < 0x300 || (cp >= 0x400 && cp <= 0x4FF) ||
           (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF) ||
           cp == 0xFFFD;
}

typedef struct {
    buf_t out;
    int oneline;
    int pending_space;   /* a space is owed before the next visible char */
    int pending_nl;      /* newlines owed (0, 1 or 2) */
    int at_start;        /* nothing visible emitted yet */
} norm_state;

static int norm_emit(norm_state *st, const char *p, size_t n) {
    if (!st->at_start) {
        if (st->pending_nl) {
            if (buf_append(&st->out, "\n\n", (size_t)st->pending_nl)) return TL_ENOMEM;
        } else if (st->pending_space) {
            if (buf_putc(&st->out, ' ')) return TL_ENOMEM;
        }
    }
    st->pending_nl = st->pending_space = 0;
    st->at_start = 0;
    return buf_append(&st->out, p, n);
}

static void norm_newline(norm_state *st) {
    if (st->oneline) { st->pending_space = 1; return; }
    if (st->pending_nl < 2) st->pending_nl++;
    st->pending_space = 0;
}

int text_normalize(const char *in, size_t len, int flags, char **out,
                   size_t *outlen, text_report *rep) {
    text_report dummy;
    if (!rep) rep = &dummy;
    memset(rep, 0, sizeof(*rep));
    rep->nul_offset = -1;
    *out = NULL;
    if (outlen) *outlen = 0;

    const char *nul = memchr(in, '\0', len);
    if (nul) {
        rep->nul_offset = (long)(nul - in);
        return TL_EINVAL;
    }

    norm_state st = {BUF_INIT, flags & TEXT_ONELINE, 0, 0, 1};
    if (buf_reserve(&st.out, len) != TL_OK) return TL_ENOMEM;
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0;
    int need_nfc = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;

    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            /* ASCII fast path: copy a run of printable characters. */
            if (c > 0x20 && c < 0x7F) {
                size_t j = i + 1;
                while (j < len && p[j] > 0x20 && p[j] < 0x7F) j++;
                if (norm_emit(&st, in + i, j - i)) goto nomem;
                i = j;
                continue;
            }
            if (c == ' ' || c == '\t') st.pending_space = 1;
            else if (c == '\n') norm_newline(&st);
            else if (c == '\r') {
                norm_newline(&st);
                if (i + 1 < len && p[i + 1] == '\n') i++;
            } else rep->controls++;
            i++;
            continue;
        }
        uint32_t cp;
        int bad = 1;
        int k = utf8_seq(p + i, len - i, &cp, &bad);
        if (!k) {
            rep->invalid++;
            if (norm_emit(&st, "\xEF\xBF\xBD", 3)) goto nomem;
            i += (size_t)bad;
            continue;
        }
        if (cp >= 0x80 && cp <= 0x9F) { rep->controls++; i += (size_t)k; continue; }
        if (cp == 0x2028 || cp == 0x2029) { norm_newline(&st); i += (size_t)k; continue; }
        if (cp == 0xFEFF) { i += (size_t)k; continue; }   /* stray BOM / ZWNBSP */
        if (!nfc_stable(cp)) need_nfc = 1;
        if (norm_emit(&st, in + i, (size_t)k)) goto nomem;
        i += (size_t)k;
    }

    if (st.at_start) {
        buf_free(&st.out);
        return TL_EEMPTY;
    }
    if (need_nfc) {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)st.out.p,
                                          (utf8proc_ssize_t)st.out.len, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n < 0) {
            /* Cannot happen on valid input except for memory. */
            buf_free(&st.out);
            return TL_ENOMEM;
        }
        buf_free(&st.out);
        *out = (char *)nfc;
        if (outlen) *outlen = (size_t)n;
        return TL_OK;
    }
    if (outlen) *outlen = st.out.len;
    *out = buf_steal(&st.out);
    return TL_OK;
nomem:
    buf_free(&st.out);
    return TL_ENOMEM;
}
