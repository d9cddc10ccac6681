/* sent.c -- sentence splitter (see sent.h for the rules it implements).
 *
 * One pass over the bytes. A 256-entry table marks the few bytes that can
 * matter (. ! ? newline " and the lead bytes of the non-ASCII terminators,
 * quotes and spaces), so the scan skips ordinary text in a tight loop.
 * At each candidate terminator, term_end() looks a little to the left (the
 * word before a period) and to the right (closing quotes, white space, the
 * next word) and returns where the sentence ends, or 0. At each opening
 * quotation mark, quote_close() looks ahead on the same line for the
 * closing mark and counts the breaks inside; a short quotation becomes a
 * zone in which breaks are ignored. Everything is ASCII byte compares
 * except the lower-case test on a non-ASCII first letter (utf8proc).
 */
#include "sent.h"
#include "err.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define QUOTE_MAX_SENTENCES 3   /* longer quotations are split inside */
#define QUOTE_MAX_BYTES 2048    /* look no further for the closing mark */

/* ------------------------------------------------------------------------
 * Character tests (all take the text, its length and a position < len)
 * ---------------------------------------------------------------------- */

/* Byte length of the white-space code point at p[i], 0 if none. */
static int space_len(const unsigned char *p, size_t len, size_t i) {
    unsigned c = p[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (c == 0xC2) return i + 1 < len && p[i + 1] == 0xA0 ? 2 : 0;
    if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80)
        return (p[i + 2] <= 0x8B || p[i + 2] == 0xAF) ? 3 : 0;
    if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x81 && p[i + 2] == 0x9F) return 3;
    if (c == 0xE3 && i + 2 < len && p[i + 1] == 0x80 && p[i + 2] == 0x80) return 3;
    return 0;
}

/* Byte length of the white-space code point ending at p[end-1], 0 if none
 * (start <= end bounds the look-back). */
static int space_before(const unsigned char *p, size_t start, size_t end) {
    if (end <= start) return 0;
    unsigned c = p[end - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (c >= 0x80 && end - start >= 2 && p[end - 2] == 0xC2 && c == 0xA0) return 2;
    if (c >= 0x80 && end - start >= 3 && space_len(p, end, end - 3) == 3) return 3;
    return 0;
}

/* Terminators: 0 none, T_STOP needs white space after it, T_CJK does not.
 * The byte length goes to *n. */
enum { T_NONE, T_STOP, T_CJK };

static int term_at(const unsigned char *p, size_t len, size_t i, int *n) {
    unsigned c = p[i];
    *n = 1;
    if (c == '.' || c == '!' || c == '?') return T_STOP;
    if (c < 0xC2 || i + 1 >= len) return T_NONE;
    unsigned c1 = p[i + 1], c2 = i + 2 < len ? p[i + 2] : 0;
    if (c == 0xD8 && c1 == 0x9F) { *n = 2; return T_STOP; }            /* ؟ */
    *n = 3;
    if (c == 0xE2 && c1 == 0x80 && c2 == 0xA6) return T_STOP;          /* … */
    if (c == 0xE0 && c1 == 0xA5 && (c2 == 0xA4 || c2 == 0xA5)) return T_STOP; /* । ॥ */
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x82) return T_CJK;           /* 。 */
    if (c == 0xEF && c1 == 0xBC && (c2 == 0x81 || c2 == 0x9F)) return T_CJK; /* ！？ */
    *n = 1;
    return T_NONE;
}

/* Closing quotes and brackets that follow a terminator: byte length or 0. */
static int closer_at(const unsigned char *p, size_t len, size_t i) {
    unsigned c = p[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}') return 1;
    if (c == 0xC2) return i + 1 < len && p[i + 1] == 0xBB ? 2 : 0;     /* » */
    if (i + 2 >= len) return 0;
    unsigned c1 = p[i + 1], c2 = p[i + 2];
    if (c == 0xE2 && c1 == 0x80 &&
        (c2 == 0x9D || c2 == 0x99 || c2 == 0x9C || c2 == 0xBA)) return 3; /* ” ’ “ › */
    if (c == 0xE3 && c1 == 0x80 && (c2 == 0x8D || c2 == 0x8F)) return 3; /* 」 』 */
    if (c == 0xEF && c1 == 0xBC && c2 == 0x89) return 3;                  /* ） */
    return 0;
}

/* A closing quote standing alone (white space or the end on both sides),
 * as in detokenized text 'he said . " Then': byte length or 0. */
static int detached_closer(const unsigned char *p, size_t len, size_t i) {
    int n = 0;
    if (p[i] == '"') n = 1;
    else if (p[i] == 0xE2 && i + 2 < len && p[i + 1] == 0x80 && p[i + 2] == 0x9D) n = 3;
    else if (p[i] == '\'' && i + 1 < len && p[i + 1] == '\'') n = 2;   /* '' */
    if (!n) return 0;
    return i + (size_t)n >= len || space_len(p, len, i + (size_t)n) ? n : 0;
}

/* Opening quotes and brackets before a sentence's first word. */
static int opener_at(const unsigned char *p, size_t len, size_t i) {
    unsigned c = p[i];
    if (c == '"' || c == '\'' || c == '(' || c == '[') return 1;
    if (c == 0xC2 && i + 1 < len &&
        (p[i + 1] == 0xAB || p[i + 1] == 0xBF || p[i + 1] == 0xA1)) return 2; /* « ¿ ¡ */
    if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80 &&
        (p[i + 2] == 0x9C || p[i + 2] == 0x98 || p[i + 2] == 0x9E || p[i + 2] == 0xB9))
        return 3;                                                        /* “ ‘ „ ‹ */
    return 0;
}

static int lower_at(const unsigned char *p, size_t len, size_t i) {
    if (p[i] < 0x80) return p[i] >= 'a' && p[i] <= 'z';
    int n;
    uint32_t cp = text_decode((const char *)p + i, len - i, &n);
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

static int is_alpha(unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* 1 if the code point ending just before p[end] is a letter or a mark. */
static int letter_before(const unsigned char *p, size_t end) {
    if (end == 0) return 0;
    if (p[end - 1] < 0x80) return is_alpha(p[end - 1]);
    size_t b = end - 1;
    while (b > 0 && end - b < 4 && (p[b] & 0xC0) == 0x80) b--;
    int n;
    uint32_t cp = text_decode((const char *)p + b, end - b, &n);
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
}

/* ------------------------------------------------------------------------
 * Word lists
 * ---------------------------------------------------------------------- */

enum { AB_NONE, AB_TITLE, AB_NUMBERED, AB_TIME, AB_OTHER };

typedef struct {
    const char *w;
    int cls;
} abbr_t;

static const abbr_t ABBRS[] = {
    /* titles: never end a sentence */
    {"Mr", AB_TITLE}, {"Mrs", AB_TITLE}, {"Ms", AB_TITLE}, {"Messrs", AB_TITLE},
    {"Mme", AB_TITLE}, {"Mlle", AB_TITLE}, {"Dr", AB_TITLE}, {"Prof", AB_TITLE},
    {"Gen", AB_TITLE}, {"Gens", AB_TITLE}, {"Col", AB_TITLE}, {"Lt", AB_TITLE},
    {"Sgt", AB_TITLE}, {"Capt", AB_TITLE}, {"Cmdr", AB_TITLE}, {"Cdr", AB_TITLE},
    {"Adm", AB_TITLE}, {"Maj", AB_TITLE}, {"Brig", AB_TITLE}, {"Cpl", AB_TITLE},
    {"Pvt", AB_TITLE}, {"Rep", AB_TITLE}, {"Reps", AB_TITLE}, {"Sen", AB_TITLE},
    {"Sens", AB_TITLE}, {"Gov", AB_TITLE}, {"Govs", AB_TITLE}, {"Pres", AB_TITLE},
    {"Supt", AB_TITLE}, {"Insp", AB_TITLE}, {"Det", AB_TITLE}, {"Rev", AB_TITLE},
    {"Fr", AB_TITLE}, {"Hon", AB_TITLE}, {"Amb", AB_TITLE}, {"Atty", AB_TITLE},
    {"vs", AB_TITLE}, {"v", AB_TITLE}, {"cf", AB_TITLE}, {"viz", AB_TITLE},
    {"approx", AB_TITLE}, {"e.g", AB_TITLE}, {"i.e", AB_TITLE},
    /* followed by a number */
    {"No", AB_NUMBERED}, {"Nos", AB_NUMBERED}, {"Jan", AB_NUMBERED},
    {"Feb", AB_NUMBERED}, {"Mar", AB_NUMBERED}, {"Apr", AB_NUMBERED},
    {"Jun", AB_NUMBERED}, {"Jul", AB_NUMBERED}, {"Aug", AB_NUMBERED},
    {"Sep", AB_NUMBERED}, {"Sept", AB_NUMBERED}, {"Oct", AB_NUMBERED},
    {"Nov", AB_NUMBERED}, {"Dec", AB_NUMBERED}, {"Fig", AB_NUMBERED},
    {"Vol", AB_NUMBERED}, {"Art", AB_NUMBERED}, {"Ch", AB_NUMBERED},
    {"Sec", AB_NUMBERED}, {"p", AB_NUMBERED}, {"pp", AB_NUMBERED},
    {"ca", AB_NUMBERED}, {"Nr", AB_NUMBERED},
    /* times of day */
    {"a.m", AB_TIME}, {"p.m", AB_TIME},
    /* others: end a sentence only before a sentence opener */
    {"St", AB_OTHER}, {"Mt", AB_OTHER}, {"Ft", AB_OTHER}, {"Inc", AB_OTHER},
    {"Ltd", AB_OTHER}, {"Co", AB_OTHER}, {"Corp", AB_OTHER}, {"Bros", AB_OTHER},
    {"Jr", AB_OTHER}, {"Sr", AB_OTHER}, {"etc", AB_OTHER}, {"al", AB_OTHER},
    {"Ave", AB_OTHER}, {"Blvd", AB_OTHER}, {"Rd", AB_OTHER}, {"Esq", AB_OTHER},
    {"Ph.D", AB_OTHER}, {"Univ", AB_OTHER}, {"Dept", AB_OTHER}, {"W.Va", AB_OTHER},
    {"Ala", AB_OTHER}, {"Ariz", AB_OTHER}, {"Ark", AB_OTHER}, {"Calif", AB_OTHER},
    {"Colo", AB_OTHER}, {"Conn", AB_OTHER}, {"Del", AB_OTHER}, {"Fla", AB_OTHER},
    {"Ga", AB_OTHER}, {"Ill", AB_OTHER}, {"Ind", AB_OTHER}, {"Kan", AB_OTHER},
    {"Kans", AB_OTHER}, {"Ky", AB_OTHER}, {"La", AB_OTHER}, {"Md", AB_OTHER},
    {"Mass", AB_OTHER}, {"Mich", AB_OTHER}, {"Minn", AB_OTHER}, {"Miss", AB_OTHER},
    {"Mo", AB_OTHER}, {"Mont", AB_OTHER}, {"Neb", AB_OTHER}, {"Nev", AB_OTHER},
    {"Okla", AB_OTHER}, {"Ore", AB_OTHER}, {"Pa", AB_OTHER}, {"Penn", AB_OTHER},
    {"Tenn", AB_OTHER}, {"Tex", AB_OTHER}, {"Va", AB_OTHER}, {"Vt", AB_OTHER},
    {"Wash", AB_OTHER}, {"Wis", AB_OTHER}, {"Wyo", AB_OTHER},
};

/* Capitalized words that commonly open a sentence. */
static const char *const OPENERS[] = {
    "A", "An", "The", "This", "That", "These", "Those", "There", "Then",
    "Thus", "Here", "He", "She", "It", "They", "We", "I", "You", "His", "Her",
    "Its", "Their", "Our", "My", "Your", "But", "And", "Or", "So", "Yet",
    "Still", "Also", "In", "On", "At", "For", "From", "To", "By", "With",
    "Without", "Of", "As", "If", "When", "While", "Where", "Whether", "Why",
    "How", "What", "Who", "Which", "After", "Before", "Since", "During",
    "Until", "Although", "Though", "Because", "Meanwhile", "However",
    "Moreover", "Instead", "Nevertheless", "Yesterday", "Today", "Tomorrow",
    "Last", "Next", "Earlier", "Later", "Now", "Both", "Each", "Every",
    "Many", "Most", "Some", "Several", "Such", "Other", "Another", "No",
    "Not", "Nor", "None", "One", "Two", "Three", "All", "Any", "According",
    NULL,
};

/* Words after "a.m."/"p.m." that continue the time expression. */
static const char *const TIMEWORDS[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri",
    "Sat", "Sun", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT",
    "PST", "PDT", "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "MSK",
    "Eastern", "Central", "Mountain", "Pacific", "Local", NULL,
};

/* w[0..n) equals entry e as written, or e in capitals ("MR", "A.M"; not
 * for one-letter entries: "P." is an initial, not "p."). */
static int word_eq(const unsigned char *w, size_t n, const char *e) {
    size_t k = 0;
    int exact = 1, upper = n > 1;
    for (; k < n && e[k]; k++) {
        unsigned ec = (unsigned char)e[k];
        unsigned uc = ec >= 'a' && ec <= 'z' ? ec - 32 : ec;
        if (w[k] != ec) exact = 0;
        if (w[k] != uc) upper = 0;
        if (!exact && !upper) return 0;
    }
    return k == n && e[k] == '\0';
}

/* 1 if the ASCII word at p[i] (followed by a non-letter) is in list. */
static int word_in(const unsigned char *p, size_t len, size_t i,
                   const char *const *list) {
    size_t n = 0;
    while (i + n < len && is_alpha(p[i + n])) n++;
    if (n == 0 || n > 12 || (i + n < len && p[i + n] >= 0x80)) return 0;
    for (size_t k = 0; list[k]; k++)
        if (word_eq(p + i, n, list[k])) return 1;
    return 0;
}

/* Class of the word ending just before the period at p[i]. */
static int abbr_before(const unsigned char *p, size_t i) {
    size_t k = i;
    while (k > 0 && i - k < 16 && (is_alpha(p[k - 1]) || p[k - 1] == '.')) k--;
    size_t n = i - k;
    if (n == 0 || p[k] == '.' || (n == 16 && k > 0 && is_alpha(p[k - 1])))
        return AB_NONE;
    if (letter_before(p, k)) return AB_NONE;   /* "Müller." ends in "ller" */
    const unsigned char *w = p + k;
    for (size_t a = 0; a < sizeof(ABBRS) / sizeof(ABBRS[0]); a++)
        if (word_eq(w, n, ABBRS[a].w)) return ABBRS[a].cls;
    if (n == 1) return w[0] >= 'A' && w[0] <= 'Z' ? AB_OTHER : AB_NONE;
    /* dotted single letters: "U.S", "N.Y", "U.S.A" */
    for (size_t a = 0; a < n; a++) {
        int letter_slot = a % 2 == 0;
        if (letter_slot != (w[a] != '.')) return AB_NONE;
    }
    return n % 2 ? AB_OTHER : AB_NONE;
}

/* ------------------------------------------------------------------------
 * Breaks
 * ---------------------------------------------------------------------- */

/* At a terminator at p[i]: the end of the sentence (after the terminator
 * run and any closing quotes/brackets), or 0 if this is not a break. A
 * newline after the terminator is left to the line rule (nl_breaks). */
/* End of the run of terminators starting at p[i] ("?!", "...", and the
 * spaced ellipsis ". . ." of AP style); their number in *count, whether
 * one is a CJK terminator in *cjk. */
static size_t run_end(const unsigned char *p, size_t len, size_t i, int *count,
                      int *cjk) {
    size_t j = i;
    int n, t;
    *count = *cjk = 0;
    while (j < len) {
        if ((t = term_at(p, len, j, &n)) != T_NONE) {
            *cjk |= t == T_CJK;
            ++*count;
            j += (size_t)n;
        } else if (p[j] == ' ' && p[j - 1] == '.' && j + 1 < len && p[j + 1] == '.') {
            j++;
        } else {
            break;
        }
    }
    return j;
}

static size_t term_end(const unsigned char *p, size_t len, size_t i) {
    int count, cjk, n;
    size_t j = run_end(p, len, i, &count, &cjk);
    int single_dot = count == 1 && p[i] == '.';
    size_t cstart = j;
    while (j < len && (n = closer_at(p, len, j)) > 0) j += (size_t)n;
    int closed = j > cstart;
    if (j >= len || cjk) return j;
    if (!space_len(p, len, j)) return 0;
    size_t k = j;
    while (k < len && (n = space_len(p, len, k)) > 0) {
        if (p[k] == '\n') return 0;
        k += (size_t)n;
    }
    if (k >= len) return j;
    if ((n = detached_closer(p, len, k)) > 0) {
        /* 'said so. " Next': the quote closes this sentence. */
        j = k + (size_t)n;
        closed = 1;
        for (k = j; k < len && (n = space_len(p, len, k)) > 0; k += (size_t)n)
            if (p[k] == '\n') return 0;
        if (k >= len) return j;
    }
    size_t m = k;
    int opened = 0;
    while (m < len && (n = opener_at(p, len, m)) > 0) {
        opened |= p[m] != '(' && p[m] != '[';   /* a quotation, not a bracket */
        m += (size_t)n;
    }
    if (m < len && lower_at(p, len, m)) return 0;
    if (!single_dot) return j;
    switch (abbr_before(p, i)) {
    case AB_TITLE: return 0;
    case AB_NUMBERED: return m < len && is_digit(p[m]) ? 0 : j;
    case AB_TIME:
        if (closed || opened) return j;
        return word_in(p, len, m, TIMEWORDS) ? 0 : j;
    case AB_OTHER:
        if (closed || opened) return j;
        return word_in(p, len, m, OPENERS) ? j : 0;
    default: return j;
    }
}

/* At a newline at p[i]: 1 if it ends the sentence (see sent.h). */
static int nl_breaks(const unsigned char *p, size_t len, size_t i) {
    size_t j = i + 1;
    while (j < len && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r')) j++;
    if (j >= len || p[j] == '\n') return 1;
    size_t k = i;
    while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r')) k--;
    if (k == 0 || p[k - 1] == '\n') return 1;
    unsigned last = p[k - 1];
    if (last == ',' || last == ';' || last == '(' || last == '-') return 0;
    if (k >= 3 && p[k - 3] == 0xE2 && p[k - 2] == 0x80 &&
        (last == 0x93 || last == 0x94)) return 0;            /* – — */
    return !lower_at(p, len, j);
}

/* ------------------------------------------------------------------------
 * Quotations
 * ---------------------------------------------------------------------- */

/* If p[i] opens a quotation, its byte length, and the kind in *q:
 * 1 “, 2 „, 3 «, 4 ASCII ". Else 0. */
static int quote_open_at(const unsigned char *p, size_t len, size_t i, int *q) {
    unsigned c = p[i];
    if (c == '"') {
        unsigned b = i ? p[i - 1] : ' ';
        if (!(b == ' ' || b == '\t' || b == '\n' || b == '(' || b == '[' ||
              b == '-' || b == ':' || b == 0x94 || b == 0x93 || b == 0xA0))
            return 0;
        *q = 4;
        return 1;
    }
    if (c == 0xC2 && i + 1 < len && p[i + 1] == 0xAB) { *q = 3; return 2; }
    if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80) {
        if (p[i + 2] == 0x9C) { *q = 1; return 3; }
        if (p[i + 2] == 0x9E) { *q = 2; return 3; }
    }
    return 0;
}

/* Length of the mark closing a quotation of kind q at p[i], or 0. */
static int quote_close_at(const unsigned char *p, size_t len, size_t i, int q) {
    if (q == 4) return p[i] == '"';
    if (q == 3) return p[i] == 0xC2 && i + 1 < len && p[i + 1] == 0xBB ? 2 : 0;
    if (p[i] != 0xE2 || i + 2 >= len || p[i + 1] != 0x80) return 0;
    if (p[i + 2] == 0x9D) return 3;                    /* ” closes “ and „ */
    if (q == 2 && p[i + 2] == 0x9C) return 3;          /* „…“ */
    return 0;
}

/* For a quotation opened at p[o] (on bytes, kind q): the offset of its
 * closing mark when it closes on the same line within QUOTE_MAX_BYTES and
 * holds at most QUOTE_MAX_SENTENCES sentences, else 0. noclose[q] is how
 * far the text is known to hold no closing mark of kind q (from an earlier
 * failed search on this line), so a line full of unclosed quotes is still
 * scanned once, not once per quote. */
static size_t quote_zone(const unsigned char *p, size_t len, size_t o, int on, int q,
                         size_t *noclose) {
    size_t j = o + (size_t)on, limit = j + QUOTE_MAX_BYTES, c = 0;
    if (limit > len) limit = len;
    if (noclose[q] > j) j = noclose[q];
    for (; j < limit && p[j] != '\n'; j++)
        if (quote_close_at(p, len, j, q)) { c = j; break; }
    if (!c) {
        if (j > noclose[q]) noclose[q] = j;
        return 0;
    }
    int inner = 0, n;
    for (j = o + (size_t)on; j < c;) {
        if (term_at(p, len, j, &n) == T_NONE) { j++; continue; }
        size_t e = term_end(p, len, j);
        if (e && e <= c) {
            if (++inner >= QUOTE_MAX_SENTENCES) return 0;
            j = e;
        } else {
            j += (size_t)n;
        }
    }
    return c;
}

/* ------------------------------------------------------------------------
 * Driver
 * ---------------------------------------------------------------------- */

/* Bytes worth a look: terminators, newline, quotes, and the lead bytes of
 * the non-ASCII ones. Continuation bytes are never interesting, so the
 * scan can step one byte at a time. */
static const unsigned char HOT[256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1, ['"'] = 1,
    [0xC2] = 1, [0xD8] = 1, [0xE0] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

static int list_grow(sent_list *l) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    if (cap > ((size_t)-1) / sizeof(sent_t)) return TL_ENOMEM;
    sent_t *v = realloc(l->v, cap * sizeof(sent_t));
    if (!v) return TL_ENOMEM;
    l->v = v;
    l->cap = cap;
    return TL_OK;
}

/* Append [start, end) trimmed of white space, unless nothing is left. */
static int emit(sent_list *l, const unsigned char *p, size_t start, size_t end) {
    int n;
    while (start < end && (n = space_len(p, end, start)) > 0) start += (size_t)n;
    while (end > start && (n = space_before(p, start, end)) > 0) end -= (size_t)n;
    if (start >= end) return TL_OK;
    if (l->n == l->cap && list_grow(l) != TL_OK) return TL_ENOMEM;
    l->v[l->n].start = (uint32_t)start;
    l->v[l->n].end = (uint32_t)end;
    l->n++;
    return TL_OK;
}

int sent_split(const char *s, size_t len, sent_list *out) {
    if (len > UINT32_MAX) return TL_ETOOBIG;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, start = 0;
    size_t zclose = 0;          /* closing mark of the current short quote */
    int zone = 0;
    size_t noclose[5] = {0};    /* see quote_zone() */

    while (i < len) {
        if (!HOT[p[i]]) { i++; continue; }
        if (zone && i > zclose) zone = 0;
        if (p[i] == '\n') {
            if (nl_breaks(p, len, i)) {
                if (emit(out, p, start, i)) return TL_ENOMEM;
                start = i + 1;
                zone = 0;
            }
            i++;
            continue;
        }
        int n, q;
        if (term_at(p, len, i, &n) != T_NONE) {
            size_t e = term_end(p, len, i);
            if (e && !(zone && e <= zclose)) {
                if (emit(out, p, start, e)) return TL_ENOMEM;
                start = i = e;
                continue;
            }
            /* Not a break: step over the whole run ("...", "?!"). */
            int cnt, cjk;
            i = run_end(p, len, i, &cnt, &cjk);
            continue;
        }
        if (!zone && (n = quote_open_at(p, len, i, &q)) > 0) {
            size_t c = quote_zone(p, len, i, n, q, noclose);
            if (c) { zone = 1; zclose = c; }
            i += (size_t)n;
            continue;
        }
        i++;
    }
    return emit(out, p, start, len);
}

void sent_list_free(sent_list *l) {
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

size_t sent_first(const char *s, size_t len, char *out, size_t cap) {
    if (cap == 0) return 0;
    sent_list l = SENT_LIST_INIT;
    size_t n = 0;
    if (sent_split(s, len, &l) == TL_OK && l.n > 0) {
        const char *p = s + l.v[0].start;
        n = l.v[0].end - l.v[0].start;
        if (n >= cap) {                          /* cut at a space, add … */
            size_t k = cap > 4 ? cap - 4 : 0;
            while (k > 0 && p[k] != ' ') k--;
            if (k == 0) k = cap > 4 ? cap - 4 : 0;
            while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80) k--;   /* code point start */
            memcpy(out, p, k);
            memcpy(out + k, "\xE2\x80\xA6", 3);
            n = k + 3;
        } else {
            memcpy(out, p, n);
        }
    }
    out[n] = '\0';
    sent_list_free(&l);
    return n;
}
