/* date.c -- date parsing and formatting (see date.h).
 *
 * Hand-written because publication dates come in a handful of shapes and
 * strptime() is locale-dependent and does not handle offsets portably.
 * Civil-date arithmetic follows Howard Hinnant's public-domain algorithms.
 */
#include "date.h"
#include "err.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Civil calendar
 * ---------------------------------------------------------------------- */

int64_t date_days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_civil_from_days(int64_t z, int *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static int days_in_month(int y, int m) {
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* ------------------------------------------------------------------------
 * Parsing helpers
 * ---------------------------------------------------------------------- */

static int digits(const char **p, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return 0;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

static int month_from_name(const char *s, int *len) {
    static const char *names[] = {"january", "february", "march", "april",
                                  "may", "june", "july", "august",
                                  "september", "october", "november",
                                  "december"};
    int n = 0;
    while (isalpha((unsigned char)s[n])) n++;
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(names[m]);
        if ((size_t)n <= full && strncasecmp(s, names[m], (size_t)n) == 0 &&
            (n == 3 || (size_t)n == full || (m == 8 && n == 4))) {
            *len = n;
            return m + 1;
        }
    }
    return 0;
}

static int valid_ymd(int y, int m, int d) {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

static void skip_ws(const char **p) {
    while (isspace((unsigned char)**p)) (*p)++;
}

/* Offset: Z, +HH:MM, +HHMM, +HH, or a US/UTC zone name. */
static int parse_offset(const char **pp, int *off, int *has) {
    const char *p = *pp;
    *has = 0;
    *off = 0;
    skip_ws(&p);
    if (*p == 'Z' || *p == 'z') { *has = 1; *pp = p + 1; return 1; }
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, hh, mm = 0;
        p++;
        if (!digits(&p, 2, &hh)) return 0;
        if (*p == ':') p++;
        if (isdigit((unsigned char)*p) && !digits(&p, 2, &mm)) return 0;
        if (hh > 14 || mm > 59) return 0;
        *off = sign * (hh * 60 + mm);
        *has = 1;
        *pp = p;
        return 1;
    }
    static const struct { const char *name; int off; } zones[] = {
        {"UTC", 0}, {"GMT", 0}, {"UT", 0}, {"EST", -300}, {"EDT", -240},
        {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360},
        {"PST", -480}, {"PDT", -420}};
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
        size_t n = strlen(zones[i].name);
        if (strncmp(p, zones[i].name, n) == 0 && !isalpha((unsigned char)p[n])) {
            *off = zones[i].off;
            *has = 1;
            *pp = p + n;
            return 1;
        }
    }
    return 1;   /* no offset at all is fine */
}

/* HH:MM[:SS[.fff]] */
static int parse_hms(const char **pp, int *h, int *mi, int *s, int colons) {
    const char *p = *pp;
    *s = 0;
    if (!digits(&p, 2, h)) return 0;
    if (colons) { if (*p != ':') return 0; p++; }
    if (!digits(&p, 2, mi)) return 0;
    if ((colons && *p == ':') || (!colons && isdigit((unsigned char)*p))) {
        if (colons) p++;
        if (!digits(&p, 2, s)) return 0;
        if (*p == '.' || *p == ',') {
            p++;
            while (isdigit((unsigned char)*p)) p++;
        }
    }
    if (*h > 24 || *mi > 59 || *s > 60) return 0;
    if (*h == 24 && (*mi || *s)) return 0;
    if (*s == 60) *s = 59;   /* leap second: close enough for news */
    *pp = p;
    return 1;
}

static int finish(const char *p, int y, int m, int d, int h, int mi, int s,
                  int has_time, date_val *dv) {
    int off = 0, has_off = 0;
    if (has_time && !parse_offset(&p, &off, &has_off)) return TL_EPARSE;
    skip_ws(&p);
    if (*p) return TL_EPARSE;
    if (!valid_ymd(y, m, d)) return TL_EPARSE;
    if (h == 24 && y == 9999 && m == 12 && d == 31) return TL_EPARSE;  /* year 10000 */
    dv->ts = date_days_from_civil(y, m, d) * 86400 +
             (int64_t)h * 3600 + mi * 60 + s - (int64_t)off * 60;
    dv->offset_min = off;
    dv->has_time = has_time;
    dv->has_offset = has_off;
    return TL_OK;
}

/* ISO 8601: YYYY-MM-DD or YYYYMMDD, then optional [T ]time[offset]. */
static int parse_iso(const char *p, date_val *dv) {
    int y, m, d, h = 0, mi = 0, s = 0, ext;
    if (!digits(&p, 4, &y)) return TL_EPARSE;
    ext = (*p == '-');
    if (ext) p++;
    if (!digits(&p, 2, &m)) return TL_EPARSE;
    if (ext) { if (*p != '-') return TL_EPARSE; p++; }
    if (!digits(&p, 2, &d)) return TL_EPARSE;
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        if (!parse_hms(&p, &h, &mi, &s, ext || (p[0] && p[1] && p[2] == ':'))) return TL_EPARSE;
        return finish(p, y, m, d, h, mi, s, 1, dv);
    }
    return finish(p, y, m, d, 0, 0, 0, 0, dv);
}

/* RFC 2822 and written dates: [Wkd,] DD Mon YYYY [HH:MM[:SS] [zone]]
 * or Mon[.] DD[,] YYYY [time]. */
static int parse_written(const char *p, date_val *dv) {
    int y, m = 0, d, h = 0, mi = 0, s = 0, n = 0;
    skip_ws(&p);
    /* optional weekday */
    const char *q = p;
    while (isalpha((unsigned char)*q)) q++;
    if (q > p && (*q == ',' || *q == ' ') && !month_from_name(p, &n)) {
        p = q;
        if (*p == ',') p++;
        skip_ws(&p);
    }
    if (isdigit((unsigned char)*p)) {
        long dd = strtol(p, (char **)&p, 10);
        if (dd < 1 || dd > 31) return TL_EPARSE;
        d = (int)dd;
        skip_ws(&p);
        m = month_from_name(p, &n);
        if (!m) return TL_EPARSE;
        p += n;
        if (*p == '.') p++;
        if (*p == ',') p++;
    } else {
        m = month_from_name(p, &n);
        if (!m) return TL_EPARSE;
        p += n;
        if (*p == '.') p++;
        skip_ws(&p);
        if (!isdigit((unsigned char)*p)) return TL_EPARSE;
        long dd = strtol(p, (char **)&p, 10);
        if (dd < 1 || dd > 31) return TL_EPARSE;
        d = (int)dd;
        if (*p == ',') p++;
    }
    skip_ws(&p);
    if (!digits(&p, 4, &y)) return TL_EPARSE;
    if (*p == ',') p++;
    skip_ws(&p);
    if (isdigit((unsigned char)*p)) {
        if (!parse_hms(&p, &h, &mi, &s, 1)) return TL_EPARSE;
        return finish(p, y, m, d, h, mi, s, 1, dv);
    }
    return finish(p, y, m, d, 0, 0, 0, 0, dv);
}

int date_parse(const char *s, date_val *dv) {
    memset(dv, 0, sizeof(*dv));
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return TL_EPARSE;
    /* Unix time: all digits, at most 10 of them. */
    size_t n = strspn(s, "0123456789");
    if (n > 0 && n <= 10 && s[n + strspn(s + n, " \t\r\n")] == '\0' &&
        !(n == 8 && s[0] >= '1' && s[0] <= '2')) {   /* not YYYYMMDD */
        dv->ts = strtoll(s, NULL, 10);
        dv->has_time = 1;
        dv->has_offset = 1;
        return TL_OK;
    }
    if (n >= 4 && parse_iso(s, dv) == TL_OK) return TL_OK;
    return parse_written(s, dv);
}

void date_format(const date_val *dv, char *out) {
    int64_t local = dv->ts + (int64_t)dv->offset_min * 60;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t secs = local - days * 86400;
    int y, m, d;
    date_civil_from_days(days, &y, &m, &d);
    if (!dv->has_time) {
        snprintf(out, DATE_ISO_MAX, "%04d-%02d-%02d", y, m, d);
        return;
    }
    int off = dv->offset_min < 0 ? -dv->offset_min : dv->offset_min;
    snprintf(out, DATE_ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y,
             m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
             dv->offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

void date_now_iso(char *out) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, DATE_ISO_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
