/* syndic.c -- trailing source tags and wire datelines (syndic.h).
 *
 * Deliberately narrow: a trailing "(X)" or "— X" is a tag only when X is
 * a known news agency (a parenthesis at the end of a paragraph is
 * otherwise ordinary text); "{X}" is a tag when X is short and has no
 * sentence in it (the braces are used for nothing else in news copy);
 * "Source: X" / "Via X" when it is the whole last line and short.
 */
#include "syndic.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const AGENCIES[] = {
    "Reuters", "AP", "Associated Press", "The Associated Press", "AFP",
    "Agence France-Presse", "dpa", "DPA", "Bloomberg", "UPI", "ANI", "PTI", "IANS",
    "Xinhua", "TASS", "EFE", "ANSA", "Kyodo", "Yonhap", "CNA", "Bernama", "AAP",
    "CP", "The Canadian Press", "Canadian Press", "PA", "PA Media", "Anadolu", "KNA",
    "APA", "SDA", "Interfax", "RIA Novosti", "WAFA", "AA", "BSS", "NAN", "KUNA",
    "WAM", "SPA", "IRNA", "Sputnik", "CNN Wire", "Reuters/AP", "AP/Reuters", NULL};

static const char *agency(const char *s, size_t n) {
    while (n && isspace((unsigned char)s[n - 1])) n--;
    while (n && isspace((unsigned char)*s)) s++, n--;
    for (int i = 0; AGENCIES[i]; i++)
        if (strlen(AGENCIES[i]) == n && strncmp(s, AGENCIES[i], n) == 0) return AGENCIES[i];
    return NULL;
}

static void fill(syn_tag *t, const char *outlet, size_t on, const char *tag, size_t tn,
                 const char *where) {
    snprintf(t->outlet, sizeof(t->outlet), "%.*s", (int)on, outlet);
    snprintf(t->tag, sizeof(t->tag), "%.*s", (int)tn, tag);
    t->where = where;
}

/* Dashes a tag may start with: - – — (ASCII, U+2013, U+2014). */
static size_t dash_at(const char *s, size_t n) {
    if (n >= 1 && s[0] == '-') return 1;
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
        return 3;
    return 0;
}

int syn_trailing(const char *text, size_t len, size_t *keep, syn_tag *t) {
    size_t n = len;
    while (n && isspace((unsigned char)text[n - 1])) n--;
    if (n < 3) return 0;
    /* the last line */
    size_t ls = n;
    while (ls && text[ls - 1] != '\n') ls--;
    const char *line = text + ls;
    size_t ln = n - ls;
    char close = text[n - 1];
    size_t open = (size_t)-1;
    if (close == '}' || close == ')') {
        char o = close == '}' ? '{' : '(';
        for (size_t i = n - 1; i-- > ls;) {
            if (text[i] == o) { open = i; break; }
            if (text[i] == '}' || text[i] == ')' || n - i > 60) break;
        }
    }
    if (open != (size_t)-1) {
        const char *in = text + open + 1;
        size_t inn = n - 1 - open - 1;
        int ok = 0;
        if (close == '}') {
            /* short, no sentence punctuation */
            ok = inn >= 2 && inn <= 48;
            for (size_t i = 0; i < inn && ok; i++)
                if (in[i] == '{' || in[i] == '!' || in[i] == '?' || in[i] == '\n') ok = 0;
            int words = 1;
            for (size_t i = 0; i < inn; i++) words += in[i] == ' ';
            if (words > 4) ok = 0;
        } else {
            ok = agency(in, inn) != NULL;
        }
        if (ok) {
            fill(t, in, inn, text + open, n - open, "trailing");
            size_t k = open;
            while (k && isspace((unsigned char)text[k - 1])) k--;
            *keep = k;
            return 1;
        }
    }
    /* "— AP" / "- Reuters" as the last line, or ending the last line */
    for (size_t i = ln; i-- > 0;) {
        size_t d = dash_at(line + i, ln - i);
        if (!d) continue;
        if (i > 0 && !isspace((unsigned char)line[i - 1])) continue;
        const char *a = agency(line + i + d, ln - i - d);
        if (a) {
            fill(t, a, strlen(a), line + i, ln - i, "trailing");
            size_t k = ls + i;
            while (k && isspace((unsigned char)text[k - 1])) k--;
            *keep = k;
            return 1;
        }
        break;
    }
    /* "Source: AFP" / "Via Reuters" as the whole last line */
    if (ln < 60 && ls > 0) {
        const char *p = NULL;
        if (strncasecmp(line, "source:", 7) == 0) p = line + 7;
        else if (strncasecmp(line, "via ", 4) == 0) p = line + 4;
        if (p) {
            size_t pn = (size_t)(line + ln - p);
            while (pn && isspace((unsigned char)*p)) p++, pn--;
            while (pn && (p[pn - 1] == '.' || isspace((unsigned char)p[pn - 1]))) pn--;
            if (pn >= 2 && pn <= 48) {
                fill(t, p, pn, line, ln, "trailing");
                size_t k = ls;
                while (k && isspace((unsigned char)text[k - 1])) k--;
                *keep = k;
                return 1;
            }
        }
    }
    return 0;
}

int syn_dateline(const char *text, size_t len, syn_tag *t) {
    size_t lim = len < 160 ? len : 160;
    for (size_t i = 0; i < lim; i++) {
        if (text[i] == '\n') return 0;
        if (text[i] != '(') continue;
        const char *cl = memchr(text + i, ')', lim - i);
        if (!cl) return 0;
        const char *a = agency(text + i + 1, (size_t)(cl - text - i - 1));
        if (!a) continue;
        /* followed by a dash: a dateline */
        const char *p = cl + 1;
        while (p < text + len && *p == ' ') p++;
        if (!dash_at(p, (size_t)(text + len - p))) continue;
        /* preceded by an upper-case place ("SAN FRANCISCO", "Berlin,") */
        if (i != 0 && !isupper((unsigned char)text[0])) continue;
        fill(t, a, strlen(a), text + i, (size_t)(cl - text - i + 1), "dateline");
        return 1;
    }
    return 0;
}

int syn_apply(art_t *a) {
    if (!a->text) return TL_OK;
    syn_tag t;
    size_t keep;
    int found = 0;
    if (syn_trailing(a->text, a->text_len, &keep, &t) && keep > 0) {
        a->text[keep] = 0;
        a->text_len = keep;
        found = 1;
    } else if (syn_dateline(a->text, a->text_len, &t)) {
        found = 1;
    }
    if (!found) return TL_OK;
    json_t *x = a->extra ? json_loads(a->extra, 0, NULL) : json_object();
    if (!x || !json_is_object(x)) { json_decref(x); x = json_object(); }
    if (!x) return TL_ENOMEM;
    json_t *s = json_pack("{s:s, s:s, s:s}", "outlet", t.outlet, "tag", t.tag, "where", t.where);
    if (!s) { json_decref(x); return TL_OK; }   /* not UTF-8 after a cut: skip */
    json_object_set_new(x, "syndication", s);
    char *dump = json_dumps(x, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(x);
    if (!dump) return TL_ENOMEM;
    free(a->extra);
    a->extra = dump;
    return TL_OK;
}
