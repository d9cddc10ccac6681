/* tok.c -- tokenizer and token folding (see tok.h for the token rules).
 *
 * Clustering tokenizes every article, so this is the hot path of the text
 * pipeline. One pass over the bytes: ASCII is classified by a 128-entry
 * table, anything else is decoded and classified by utf8proc_category()
 * (a two-level table lookup in utf8proc). Tokens are appended to a
 * growable array that the caller reuses across texts, so the steady state
 * allocates nothing.
 *
 * Folding has the same shape: a tight ASCII loop that lower-cases without
 * a table, and a per-code-point path through utf8proc for the rest, which
 * works on a small stack buffer (utf8proc_decompose_char + compose) so it
 * never allocates either.
 */
#include "tok.h"
#include "err.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------------
 * Character classes
 * ---------------------------------------------------------------------- */

enum {
    K_SPACE,   /* white space, control characters, ZWSP, BOM */
    K_UP,      /* upper/title-case letter */
    K_LO,      /* lower-case letter */
    K_LET,     /* caseless letter (Lm, Lo: CJK, Arabic, ...) */
    K_DIG,     /* digit or other number (N*) */
    K_MARK,    /* combining mark or format character: continues a token */
    K_HYPH,    /* - U+2010 U+2011 */
    K_APOS,    /* ' U+2019 */
    K_DOT,     /* . */
    K_COMMA,   /* , */
    K_PUNCT    /* everything else */
};

#define SP K_SPACE
#define UP K_UP
#define LO K_LO
#define DG K_DIG
#define HY K_HYPH
#define AP K_APOS
#define DT K_DOT
#define CM K_COMMA
#define PU K_PUNCT

static const unsigned char ACLS[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, /* 0x00 */
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, /* 0x10 */
    SP, PU, PU, PU, PU, PU, PU, AP, PU, PU, PU, PU, CM, HY, DT, PU, /*  !"#$%&'()*+,-./ */
    DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, PU, PU, PU, PU, PU, PU, /* 0-9 :;<=>? */
    PU, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, /* @A-O */
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, PU, PU, PU, PU, /* P-Z[\]^_ */
    PU, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, /* `a-o */
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, PU, PU, PU, SP, /* p-z{|}~ DEL */
};

#undef SP
#undef UP
#undef LO
#undef DG
#undef HY
#undef AP
#undef DT
#undef CM
#undef PU

/* Class of a code point >= U+0080. */
static int ucls(uint32_t cp) {
    switch (cp) {
    case 0x2019: return K_APOS;
    case 0x2010: case 0x2011: return K_HYPH;
    case 0x200B: case 0x2060: case 0xFEFF: return K_SPACE;
    default: break;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT: return K_UP;
    case UTF8PROC_CATEGORY_LL: return K_LO;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return K_LET;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return K_DIG;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF: return K_MARK;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: return K_SPACE;
    default: return K_PUNCT;
    }
}

/* Class of the code point at p[i] (i < len); its byte length in *n. */
static inline int cls_at(const unsigned char *p, size_t len, size_t i, int *n) {
    if (p[i] < 0x80) { *n = 1; return ACLS[p[i]]; }
    uint32_t cp = text_decode((const char *)p + i, len - i, n);
    return ucls(cp);
}

/* Same, K_SPACE past the end. */
static inline int cls_peek(const unsigned char *p, size_t len, size_t i, int *n) {
    if (i >= len) { *n = 0; return K_SPACE; }
    return cls_at(p, len, i, n);
}

static inline int is_letter(int k) { return k == K_UP || k == K_LO || k == K_LET; }
static inline int is_alnum(int k) { return k >= K_UP && k <= K_DIG; }
static inline int is_wordch(int k) { return k >= K_UP && k <= K_MARK; }

/* ------------------------------------------------------------------------
 * Token list
 * ---------------------------------------------------------------------- */

static int list_grow(tok_list *l, size_t need) {
    if (need <= l->cap) return TL_OK;
    size_t cap = l->cap ? l->cap : 256;
    while (cap < need) {
        if (cap > ((size_t)-1) / (2 * sizeof(tok_t))) return TL_ENOMEM;
        cap *= 2;
    }
    tok_t *v = realloc(l->v, cap * sizeof(tok_t));
    if (!v) return TL_ENOMEM;
    l->v = v;
    l->cap = cap;
    return TL_OK;
}

static inline int push(tok_list *l, size_t start, size_t end, uint32_t flags) {
    if (l->n == l->cap && list_grow(l, l->n + 1) != TL_OK) return TL_ENOMEM;
    tok_t *t = &l->v[l->n++];
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->flags = flags;
    return TL_OK;
}

void tok_list_free(tok_list *l) {
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* ------------------------------------------------------------------------
 * Tokenizer
 * ---------------------------------------------------------------------- */

/* At a letter at p[i] (n bytes) followed by '.': if two or more single
 * letters each followed by a period start here ("U.S.", "a.m."), return
 * the end of the abbreviation and its flags in *fl, else 0. */
static size_t scan_abbr(const unsigned char *p, size_t len, size_t i,
                        uint32_t *fl) {
    size_t j = i;
    int count = 0, nup = 0, nlo = 0, first = -1;
    for (;;) {
        int n, k = cls_peek(p, len, j, &n);
        if (!is_letter(k) || j + (size_t)n >= len || p[j + (size_t)n] != '.') break;
        if (first < 0) first = k;
        nup += k == K_UP;
        nlo += k == K_LO;
        j += (size_t)n + 1;
        count++;
    }
    if (count < 2) return 0;
    *fl = TOK_WORD | TOK_ABBR | (first == K_UP ? TOK_CAP : 0) |
          (nup >= 2 && nlo == 0 ? TOK_ALLCAP : 0);
    return j;
}

int tok_text(const char *s, size_t len, tok_list *out) {
    if (len > UINT32_MAX) return TL_ETOOBIG;
    const unsigned char *p = (const unsigned char *)s;
    /* Most texts have a token every 5-6 bytes: grow once up front. */
    if (list_grow(out, out->n + len / 6 + 16) != TL_OK) return TL_ENOMEM;

    size_t i = 0;
    while (i < len) {
        int n, k;
        if (p[i] < 0x80) { n = 1; k = ACLS[p[i]]; }
        else k = cls_at(p, len, i, &n);

        if (k == K_SPACE) { i += (size_t)n; continue; }
        size_t st = i;

        if (!is_alnum(k)) {
            /* Punctuation: one code point plus trailing marks; "..." whole. */
            i += (size_t)n;
            if (k == K_DOT) while (i < len && p[i] == '.') i++;
            for (;;) {
                int m, k2 = cls_peek(p, len, i, &m);
                if (k2 != K_MARK) break;
                i += (size_t)m;
            }
            if (push(out, st, i, TOK_PUNCT)) return TL_ENOMEM;
            continue;
        }

        if (k != K_DIG && i + (size_t)n < len && p[i + (size_t)n] == '.') {
            uint32_t afl;
            size_t e = scan_abbr(p, len, i, &afl);
            if (e) {
                if (push(out, st, e, afl)) return TL_ENOMEM;
                i = e;
                continue;
            }
        }

        /* A word or number: alnum run with inner joiners (see tok.h). */
        uint32_t fl = k == K_DIG ? TOK_NUM : 0;
        int nup = k == K_UP, nlo = k == K_LO, letter = is_letter(k);
        if (k == K_UP) fl |= TOK_CAP;
        int prev = k;
        i += (size_t)n;
        size_t poss = 0;           /* end of a split-off "'s", if any */
        while (i < len) {
            if (p[i] >= 'a' && p[i] <= 'z') {
                /* Most word bytes: a run of ASCII lower case. */
                size_t j = i + 1;
                while (j < len && p[j] >= 'a' && p[j] <= 'z') j++;
                nlo += (int)(j - i);
                letter = 1;
                prev = K_LO;
                i = j;
                continue;
            }
            if (p[i] < 0x80) { n = 1; k = ACLS[p[i]]; }
            else k = cls_at(p, len, i, &n);
            if (k <= K_MARK) {
                if (k == K_SPACE) break;
                nup += k == K_UP;
                nlo += k == K_LO;
                letter |= is_letter(k);
                prev = k;
                i += (size_t)n;
                continue;
            }
            int m, next = cls_peek(p, len, i + (size_t)n, &m);
            if (k == K_HYPH) {
                if (!is_alnum(next)) break;
                fl |= TOK_HYPHEN;
            } else if (k == K_APOS) {
                if (!is_alnum(next)) break;
                size_t a = i + (size_t)n;
                if (p[a] == 's' || p[a] == 'S') {
                    int m2, after = cls_peek(p, len, a + 1, &m2);
                    if (!is_wordch(after)) { poss = a + 1; break; }
                }
            } else if (k == K_DOT || k == K_COMMA) {
                if (prev != K_DIG || next != K_DIG) break;
            } else {
                break;
            }
            /* Consume the joiner; the alnum after it is taken next round. */
            prev = k;
            i += (size_t)n;
        }
        if (letter) fl |= TOK_WORD;
        if (nup >= 2 && nlo == 0) fl |= TOK_ALLCAP;
        if (push(out, st, i, fl)) return TL_ENOMEM;
        if (poss) {
            if (push(out, i, poss, TOK_POSS)) return TL_ENOMEM;
            i = poss;
        }
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Folding
 * ---------------------------------------------------------------------- */

/* Combining diacritics that carry no letter of their own in any script. */
static int is_diacritic(uint32_t cp) {
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Latin and Greek letters, whose accents are stripped. */
static int strips_marks(uint32_t cp) {
    return cp < 0x400 || (cp >= 0x1E00 && cp <= 0x1FFF) ||
           (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF) ||
           (cp >= 0xFB00 && cp <= 0xFB06);
}

/* Latin letters with a stroke or a ligature have no decomposition, but
 * readers treat them as their base letters ("Łódź" is searched as "lodz").
 * Input is already case-folded. NULL when cp is not one of them. */
static const char *latin_base(uint32_t cp) {
    switch (cp) {
    case 0x142: return "l";    /* ł */
    case 0xF8: return "o";     /* ø */
    case 0x111: return "d";    /* đ */
    case 0xF0: return "d";     /* ð */
    case 0x127: return "h";    /* ħ */
    case 0x167: return "t";    /* ŧ */
    case 0x131: return "i";    /* ı */
    case 0xE6: return "ae";    /* æ */
    case 0x153: return "oe";   /* œ */
    case 0xFE: return "th";    /* þ */
    default: return NULL;
    }
}

/* Fold one code point >= U+0080 into out (room for 32 bytes); returns the
 * byte count (0 when the code point folds to nothing). */
static int fold_cp(uint32_t cp, char *out) {
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x2BC) { out[0] = '\''; return 1; }
    if (is_diacritic(cp)) return 0;
    if (cp >= 0x400 && cp <= 0x52F) {
        uint32_t lc = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        if (lc == 0x451) lc = 0x435;    /* ё -> е */
        return text_encode(lc, out);
    }
    utf8proc_int32_t d[8];
    int bound = 0;
    utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD;
    if (strips_marks(cp)) opt |= UTF8PROC_STRIPMARK;
    utf8proc_ssize_t nd = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
                                                  opt, &bound);
    if (nd < 0 || nd > 8) return text_encode(cp, out);
    if (nd > 1) {
        nd = utf8proc_normalize_utf32(d, nd, UTF8PROC_COMPOSE);
        if (nd < 0) return text_encode(cp, out);
    }
    int o = 0;
    for (utf8proc_ssize_t j = 0; j < nd; j++) {
        const char *base = (opt & UTF8PROC_STRIPMARK) ? latin_base((uint32_t)d[j]) : NULL;
        if (base) {
            size_t bn = strlen(base);
            memcpy(out + o, base, bn);
            o += (int)bn;
        } else {
            o += text_encode((uint32_t)d[j], out + o);
        }
    }
    return o;
}

/* The general path: from p[i] on, output already at out[o]. Kept out of
 * line so the ASCII path of tok_fold() stays a leaf function. */
__attribute__((noinline))
static size_t fold_slow(const unsigned char *p, size_t len, size_t i, char *out,
                        size_t o, size_t cap) {
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (o >= cap) break;
            out[o++] = (char)(c + ((unsigned)(c - 'A') < 26u ? 32u : 0u));
            i++;
            continue;
        }
        int n;
        uint32_t cp = text_decode((const char *)p + i, len - i, &n);
        char tmp[32];
        int m = fold_cp(cp, tmp);
        if (o + (size_t)m > cap) break;
        memcpy(out + o, tmp, (size_t)m);
        o += (size_t)m;
        i += (size_t)n;
    }
    return o;
}

#define HI8 0x8080808080808080ull

/* Lower-case 8 ASCII bytes: a byte c < 0x80 is in A-Z iff c + 0x3F has its
 * top bit set and c + 0x25 has not (no carry crosses a byte). */
static inline uint64_t lower8(uint64_t v) {
    uint64_t up = (v + 0x3F3F3F3F3F3F3F3Full) & ~(v + 0x2525252525252525ull) & HI8;
    return v | (up >> 2);
}

size_t tok_fold(const char *s, size_t len, char *out, size_t cap) {
    const unsigned char *p = (const unsigned char *)s;
    /* Words of 4-16 ASCII bytes (most tokens): two overlapping loads and
     * stores, no per-byte loop whose exit the CPU would mispredict. */
    if (len >= 4 && len <= 16 && len <= cap) {
        if (len >= 8) {
            uint64_t a, b;
            memcpy(&a, p, 8);
            memcpy(&b, p + len - 8, 8);
            if (!((a | b) & HI8)) {
                a = lower8(a);
                b = lower8(b);
                memcpy(out, &a, 8);
                memcpy(out + len - 8, &b, 8);
                return len;
            }
        } else {
            uint32_t a, b;
            memcpy(&a, p, 4);
            memcpy(&b, p + len - 4, 4);
            if (!((a | b) & 0x80808080u)) {
                a = (uint32_t)lower8(a);
                b = (uint32_t)lower8(b);
                memcpy(out, &a, 4);
                memcpy(out + len - 4, &b, 4);
                return len;
            }
        }
    }
    size_t lim = len < cap ? len : cap, i = 0;
    for (; i + 8 <= lim; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        if (v & HI8) break;
        v = lower8(v);
        memcpy(out + i, &v, 8);
    }
    for (; i < lim; i++) {
        unsigned c = p[i];
        if (c >= 0x80) return fold_slow(p, len, i, out, i, cap);
        out[i] = (char)(c + ((unsigned)(c - 'A') < 26u ? 32u : 0u));
    }
    return i;
}

size_t tok_fold_word(const char *s, size_t n, char *w, size_t cap) {
    char f[128];
    size_t fn = tok_fold(s, n, f, sizeof(f)), k = 0;
    for (size_t i = 0; i < fn; i++) {
        if (f[i] == '.') continue;
        if (k + 1 >= cap) return 0;
        w[k++] = f[i];
    }
    if (cap) w[k] = '\0';
    return k;
}

/* ------------------------------------------------------------------------
 * Spelling variants
 * ---------------------------------------------------------------------- */

size_t tok_index_at(const tok_list *l, size_t off) {
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].start < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

size_t tok_variant_key(char *w, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = w[i];
        if (ch == 'y') ch = 'i';
        else if (ch == 'w' || ch == 'f') ch = 'v';
        else if (ch == 'p' && i + 1 < n && w[i + 1] == 'h') { ch = 'v'; i++; }
        else if (ch == 't' && i + 1 < n && w[i + 1] == 'z') continue;
        else if (ch == 'c' && i + 1 < n && w[i + 1] == 'k') continue;
        else if (ch == 'k' && i + 1 < n && w[i + 1] == 's') { ch = 'x'; i++; }
        if (k > 0 && w[k - 1] == ch && (unsigned char)ch < 0x80) continue;
        w[k++] = ch;
    }
    return k;
}
