/* when.c -- time expressions resolved against the publication date (see
 * when.h).
 *
 * One pass over the tokens (tok.h). At each word, the matchers below are
 * tried longest first; a match consumes its tokens. Every matcher works on
 * folded words (lower case, periods dropped), so "Aug." and "AUGUST" are
 * the same month.
 */
#include "when.h"
#include "date.h"
#include "err.h"
#include "tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 24                     /* longest folded word looked at */

/* ------------------------------------------------------------------------
 * Words
 * ---------------------------------------------------------------------- */

static const char *const MONTHS[12][3] = {
    {"january", "jan", NULL},  {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},    {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},     {"august", "aug", NULL},   {"september", "sep", "sept"},
    {"october", "oct", NULL},  {"november", "nov", NULL}, {"december", "dec", NULL},
};

/* ISO weekday: Monday = 0 .. Sunday = 6 */
static const char *const DAYS[7] = {"monday", "tuesday", "wednesday", "thursday",
                                    "friday", "saturday", "sunday"};

static const char *const NUMBERS[] = {"zero", "one", "two", "three", "four", "five", "six",
                                      "seven", "eight", "nine", "ten", "eleven", "twelve"};

/* Words that put a sentence in the future. */
static const char *const FUTURE[] = {"will", "'ll", "shall", "would", "could", "scheduled",
                                     "planned", "plans", "expected", "upcoming", "until",
                                     "next"};

static int month_of(const char *w) {
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 3; k++)
            if (MONTHS[m][k] && strcmp(w, MONTHS[m][k]) == 0) return m + 1;
    return 0;
}

static int day_of(const char *w) {
    for (int d = 0; d < 7; d++)
        if (strcmp(w, DAYS[d]) == 0) return d;
    return -1;
}

/* "two" -> 2, "12" -> 12, "a"/"an" -> 1, else -1 */
static int count_of(const char *w) {
    if (!strcmp(w, "a") || !strcmp(w, "an")) return 1;
    for (int i = 0; i < (int)(sizeof(NUMBERS) / sizeof(NUMBERS[0])); i++)
        if (!strcmp(w, NUMBERS[i])) return i;
    char *end;
    long v = strtol(w, &end, 10);
    return *w && !*end && v >= 0 && v < 1000 ? (int)v : -1;
}

/* Day of month from "18" or "18th"; 0 if not one. */
static int mday_of(const char *w) {
    char *end;
    long v = strtol(w, &end, 10);
    if (end == w || v < 1 || v > 31) return 0;
    if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
        return 0;
    return (int)v;
}

static int year_of(const char *w) {
    if (strlen(w) != 4) return 0;
    char *end;
    long v = strtol(w, &end, 10);
    return !*end && v >= 1900 && v <= 2199 ? (int)v : 0;
}

/* ------------------------------------------------------------------------
 * The scanner
 * ---------------------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t len;
    tok_list tl;
    char (*fw)[W];               /* folded word of each token, "" if none */
    int has_pub;
    int64_t pub;                 /* publication day */
    int pub_wday;                /* its ISO weekday, Monday = 0 */
    int pub_y, pub_m, pub_d;
    when_list *out;
} scan_t;

static const char *word(const scan_t *c, size_t i) { return i < c->tl.n ? c->fw[i] : ""; }

static int is_cap(const scan_t *c, size_t i) {
    return i < c->tl.n && (c->tl.v[i].flags & TOK_CAP);
}

/* Does the clause before token i speak of the future? The words of its
 * verb group, at most FUT_WINDOW tokens back, not across a sentence end, a
 * comma, a semicolon or a reporting verb ("said on Friday that ... will"
 * is past): "will", "would", "could", "scheduled", "until", "as early as"
 * ... ("would brief parliament on Tuesday", "remain in the city until
 * Sunday"). */
#define FUT_WINDOW 12
static int future_sentence(const scan_t *c, size_t i) {
    size_t a = i;
    while (a > 0 && i - a < FUT_WINDOW) {
        const tok_t *t = &c->tl.v[a - 1];
        char ch = c->s[t->start];
        if (t->end - t->start == 1 && (ch == '.' || ch == '!' || ch == '?' || ch == ',' || ch == ';'))
            break;
        if (memchr(c->s + t->end, '\n', c->tl.v[a].start - t->end)) break;
        if (!strcmp(c->fw[a - 1], "said") || !strcmp(c->fw[a - 1], "says") ||
            !strcmp(c->fw[a - 1], "told"))
            break;
        a--;
    }
    for (size_t k = a; k < i; k++) {
        for (size_t f = 0; f < sizeof(FUTURE) / sizeof(FUTURE[0]); f++)
            if (!strcmp(c->fw[k], FUTURE[f])) return 1;
        if (!strcmp(c->fw[k], "early") && k > a && !strcmp(c->fw[k - 1], "as")) return 1;
    }
    /* "is to", "are to" */
    for (size_t k = a; k + 1 < i; k++)
        if ((!strcmp(c->fw[k], "is") || !strcmp(c->fw[k], "are")) && !strcmp(c->fw[k + 1], "to"))
            return 1;
    return 0;
}

static int emit(scan_t *c, size_t ti, size_t tj, int64_t a, int64_t b, when_certainty cert,
                int future) {
    when_list *l = c->out;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        when_expr *v = realloc(l->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (when_expr){c->tl.v[ti].start, c->tl.v[tj - 1].end, a, b, cert, future};
    return TL_OK;
}

static int64_t month_last_day(int y, int m) {
    return m == 12 ? date_days_from_civil(y + 1, 1, 1) - 1 : date_days_from_civil(y, m + 1, 1) - 1;
}

/* A month (and day) without a year: the publication year, or the one
 * before when that would be more than 60 days after publication (the year
 * after for a future sentence before publication). */
static int infer_year(const scan_t *c, int m, int d, int future) {
    int y = c->pub_y;
    int64_t day = date_days_from_civil(y, m, d ? d : 1);
    if (!future && day > c->pub + 60) y--;
    if (future && month_last_day(y, m) < c->pub) y++;
    return y;
}

/* ------------------------------------------------------------------------
 * Matchers: each returns the number of tokens consumed (0: no match), or
 * -1 on ENOMEM.
 * ---------------------------------------------------------------------- */

/* 2025-08-18 written as one or several tokens */
static int m_iso(scan_t *c, size_t i) {
    const char *p = c->s + c->tl.v[i].start;
    size_t room = c->len - c->tl.v[i].start;
    int y, mo, d, n = 0;
    if (room < 10 || sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return 0;
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31) return 0;
    size_t end = c->tl.v[i].start + 10, j = i;
    while (j < c->tl.n && c->tl.v[j].end <= end) j++;
    int64_t day = date_days_from_civil(y, mo, d);
    return emit(c, i, j, day, day, WHEN_EXACT, day > c->pub && c->has_pub) ? -1 : (int)(j - i);
}

/* [on|last|next|this] Monday [night|morning|...] */
static int m_weekday(scan_t *c, size_t i) {
    size_t a = i;
    const char *w = word(c, i);
    int rel = 0;                          /* -1 last, +1 next, 2 this */
    if (!strcmp(w, "last") || !strcmp(w, "next") || !strcmp(w, "this")) {
        rel = w[0] == 'l' ? -1 : w[0] == 'n' ? 1 : 2;
        i++;
    }
    if (!is_cap(c, i)) return 0;
    int wd = day_of(word(c, i));
    if (wd < 0) return 0;
    size_t j = i + 1;
    const char *after = word(c, j);
    if (!strcmp(after, "night") || !strcmp(after, "morning") || !strcmp(after, "afternoon") ||
        !strcmp(after, "evening"))
        j++;
    int future = rel == 1 || (rel == 0 && future_sentence(c, a));
    if (!c->has_pub) return emit(c, a, j, 0, 0, WHEN_UNRESOLVED, future) ? -1 : (int)(j - a);
    int64_t day;
    int back = (c->pub_wday - wd + 7) % 7;             /* days back to that weekday */
    if (rel == -1) day = c->pub - (back ? back : 7);
    else if (rel == 1) day = c->pub + ((wd - c->pub_wday + 7) % 7 ? (wd - c->pub_wday + 7) % 7 : 7);
    else if (rel == 2) day = c->pub - c->pub_wday + wd;  /* this week's */
    else if (future) day = c->pub + (wd - c->pub_wday + 7) % 7;
    else day = c->pub - back;
    return emit(c, a, j, day, day, WHEN_INFERRED, future) ? -1 : (int)(j - a);
}

/* today, tonight, yesterday, tomorrow, last night, this morning */
static int m_deictic(scan_t *c, size_t i) {
    const char *w = word(c, i), *n = word(c, i + 1);
    int off, k = 1;
    if (!strcmp(w, "today") || !strcmp(w, "tonight")) off = 0;
    else if (!strcmp(w, "yesterday")) off = -1;
    else if (!strcmp(w, "tomorrow")) off = 1;
    else if (!strcmp(w, "last") && !strcmp(n, "night")) { off = -1; k = 2; }
    else if (!strcmp(w, "this") && (!strcmp(n, "morning") || !strcmp(n, "afternoon") ||
                                    !strcmp(n, "evening"))) { off = 0; k = 2; }
    else return 0;
    if (!c->has_pub) return emit(c, i, i + k, 0, 0, WHEN_UNRESOLVED, off > 0) ? -1 : k;
    return emit(c, i, i + k, c->pub + off, c->pub + off, WHEN_INFERRED, off > 0) ? -1 : k;
}

/* [earlier|later] last|next|this week|month|year */
static int m_period(scan_t *c, size_t i) {
    size_t a = i;
    if (!strcmp(word(c, i), "earlier") || !strcmp(word(c, i), "later")) i++;
    const char *w = word(c, i), *u = word(c, i + 1);
    int rel;
    if (!strcmp(w, "last")) rel = -1;
    else if (!strcmp(w, "next")) rel = 1;
    else if (!strcmp(w, "this")) rel = 0;
    else return 0;
    int unit = !strcmp(u, "week") ? 1 : !strcmp(u, "month") ? 2 : !strcmp(u, "year") ? 3 : 0;
    if (!unit) return 0;
    size_t j = i + 2;
    if (!c->has_pub) return emit(c, a, j, 0, 0, WHEN_UNRESOLVED, rel > 0) ? -1 : (int)(j - a);
    int64_t first, last;
    if (unit == 1) {
        first = c->pub - c->pub_wday + 7 * rel;
        last = first + 6;
    } else if (unit == 2) {
        int y = c->pub_y, m = c->pub_m + rel;
        if (m < 1) { m += 12; y--; }
        if (m > 12) { m -= 12; y++; }
        first = date_days_from_civil(y, m, 1);
        last = month_last_day(y, m);
    } else {
        first = date_days_from_civil(c->pub_y + rel, 1, 1);
        last = date_days_from_civil(c->pub_y + rel, 12, 31);
    }
    return emit(c, a, j, first, last, WHEN_INFERRED, rel > 0) ? -1 : (int)(j - a);
}

/* N days|weeks|months|years ago; [just] days|weeks ago */
static int m_ago(scan_t *c, size_t i) {
    size_t a = i;
    if (!strcmp(word(c, i), "just")) i++;
    int n = count_of(word(c, i));
    size_t u = n >= 0 ? i + 1 : i;
    const char *unit = word(c, u);
    if (strcmp(word(c, u + 1), "ago") != 0) return 0;
    int days;
    if (!strncmp(unit, "day", 3)) days = 1;
    else if (!strncmp(unit, "week", 4)) days = 7;
    else if (!strncmp(unit, "month", 5)) days = 30;
    else if (!strncmp(unit, "year", 4)) days = 365;
    else return 0;
    size_t j = u + 2;
    if (!c->has_pub) return emit(c, a, j, 0, 0, WHEN_UNRESOLVED, 0) ? -1 : (int)(j - a);
    int64_t first, last;
    if (n >= 0) first = last = c->pub - (int64_t)n * days;
    else { first = c->pub - 6 * days; last = c->pub - 2 * days; }   /* "days ago": a few */
    return emit(c, a, j, first, last, WHEN_INFERRED, 0) ? -1 : (int)(j - a);
}

/* Month Day[,] [Year] | Day Month [Year] | Month Year | in|since|... Month */
static int m_calendar(scan_t *c, size_t i) {
    size_t a = i;
    int d = mday_of(word(c, i)), m;
    size_t k = i;
    if (d && is_cap(c, i + 1) && (m = month_of(word(c, i + 1)))) {
        k = i + 2;                               /* 18 August [2025] */
    } else if (is_cap(c, i) && (m = month_of(word(c, i)))) {
        size_t dn = i + 1;                       /* "Aug. 18": skip the period */
        if (dn < c->tl.n && c->tl.v[dn].end - c->tl.v[dn].start == 1 && c->s[c->tl.v[dn].start] == '.' &&
            mday_of(word(c, dn + 1)))
            dn++;
        d = mday_of(word(c, dn));
        k = d ? dn + 1 : i + 1;                  /* August 18 / August */
        if (!d && m == 5 && !year_of(word(c, i + 1))) {
            /* "May" alone is a month only after a preposition */
            const char *p = i ? word(c, i - 1) : "";
            if (strcmp(p, "in") && strcmp(p, "since") && strcmp(p, "until") && strcmp(p, "last") &&
                strcmp(p, "next") && strcmp(p, "early") && strcmp(p, "late") && strcmp(p, "mid"))
                return 0;
        }
    } else {
        return 0;
    }
    size_t j = k;
    if (j < c->tl.n && c->s[c->tl.v[j].start] == ',' && year_of(word(c, j + 1))) j++;
    int y = year_of(word(c, j));
    if (y) j++;
    else j = k;
    int future = c->has_pub ? future_sentence(c, a) : 0;
    int64_t first, last;
    when_certainty cert = WHEN_EXACT;
    if (!y) {
        if (!c->has_pub) return emit(c, a, j, 0, 0, WHEN_UNRESOLVED, 0) ? -1 : (int)(j - a);
        y = infer_year(c, m, d, future);
        cert = WHEN_INFERRED;
    }
    if (d) first = last = date_days_from_civil(y, m, d);
    else { first = date_days_from_civil(y, m, 1); last = month_last_day(y, m); }
    return emit(c, a, j, first, last, cert, future) ? -1 : (int)(j - a);
}

/* in|since|by|until|during 2024: the year */
static int m_year(scan_t *c, size_t i) {
    const char *p = word(c, i);
    if (strcmp(p, "in") && strcmp(p, "since") && strcmp(p, "by") && strcmp(p, "until") &&
        strcmp(p, "during"))
        return 0;
    int y = year_of(word(c, i + 1));
    if (!y || !(c->tl.v[i + 1].flags & TOK_NUM)) return 0;
    int64_t first = date_days_from_civil(y, 1, 1), last = date_days_from_civil(y, 12, 31);
    return emit(c, i + 1, i + 2, first, last, WHEN_EXACT, c->has_pub && first > c->pub) ? -1 : 2;
}

typedef int (*matcher)(scan_t *, size_t);
static const matcher MATCHERS[] = {m_iso, m_calendar, m_weekday, m_period, m_ago, m_deictic, m_year};

int when_find(const char *text, size_t len, int has_pub, int64_t pub_day, when_list *out) {
    scan_t c = {text, len, TOK_LIST_INIT, NULL, has_pub, pub_day, 0, 0, 0, 0, out};
    int rc = tok_text(text, len, &c.tl);
    if (rc != TL_OK) goto done;
    rc = TL_ENOMEM;
    if (!(c.fw = calloc(c.tl.n + 1, W))) goto done;
    for (size_t i = 0; i < c.tl.n; i++) {
        const tok_t *t = &c.tl.v[i];
        if (t->end - t->start < W) tok_fold_word(text + t->start, t->end - t->start, c.fw[i], W);
    }
    if (has_pub) {
        date_civil_from_days(pub_day, &c.pub_y, &c.pub_m, &c.pub_d);
        c.pub_wday = (int)(((pub_day + 3) % 7 + 7) % 7);     /* 1970-01-01 was a Thursday */
    }
    for (size_t i = 0; i < c.tl.n;) {
        int used = 0;
        for (size_t k = 0; k < sizeof(MATCHERS) / sizeof(MATCHERS[0]) && !used; k++)
            used = MATCHERS[k](&c, i);
        if (used < 0) goto done;
        i += used ? (size_t)used : 1;
    }
    rc = TL_OK;
done:
    free(c.fw);
    tok_list_free(&c.tl);
    return rc;
}

void when_list_free(when_list *l) {
    free(l->v);
    *l = (when_list)WHEN_LIST_INIT;
}

void when_format(const when_expr *w, char *out, size_t cap) {
    if (w->certainty == WHEN_UNRESOLVED) { snprintf(out, cap, "unresolved"); return; }
    int y, m, d, y2, m2, d2;
    date_civil_from_days(w->first_day, &y, &m, &d);
    date_civil_from_days(w->last_day, &y2, &m2, &d2);
    if (w->first_day == w->last_day) snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    else snprintf(out, cap, "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, y2, m2, d2);
}
