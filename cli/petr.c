/* petr.c -- reading the PETRARCH2 validation records and dictionaries
 * (petr.h): a small scanner for the one XML layout of the unit-test file
 * and a line reader for the dictionaries. Only what `trilat eval events
 * --petrarch` needs; the files are read where they lie, never copied.
 */
#include "petr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whole file, NUL-terminated (caller frees). */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *b = malloc(cap);
    while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) free(b);
            b = nb;
        }
    }
    fclose(f);
    if (!b) return NULL;
    b[n] = 0;
    *len = n;
    return b;
}

/* ------------------------------------------------------------------------
 * Records
 * ---------------------------------------------------------------------- */

/* Value of attribute name="..." (or name = "...") inside tag [p, end). */
static int attr(const char *p, const char *end, const char *name, char *out, size_t cap) {
    size_t nl = strlen(name);
    for (const char *q = p; q + nl < end; q++) {
        if (strncmp(q, name, nl) != 0 || isalnum((unsigned char)q[-1])) continue;
        const char *r = q + nl;
        while (r < end && *r == ' ') r++;
        if (r >= end || *r != '=') continue;
        r++;
        while (r < end && *r == ' ') r++;
        if (r >= end || *r != '"') continue;
        const char *s = ++r;
        while (r < end && *r != '"') r++;
        snprintf(out, cap, "%.*s", (int)(r - s), s);
        return 1;
    }
    return 0;
}

/* Is pos inside a <!-- --> comment opened after from? */
static int in_comment(const char *from, const char *pos) {
    const char *open = NULL;
    for (const char *p = from; (p = strstr(p, "<!--")) && p < pos; p += 4) open = p;
    if (!open) return 0;
    const char *close = strstr(open, "-->");
    return !close || close > pos;
}

static int parse_sentence(const char *s, const char *end, petr_records *out, tl_err *e) {
    const char *tagend = strchr(s, '>');
    if (!tagend || tagend > end) return TL_OK;
    char val[64];
    if (attr(s, tagend, "sentence", val, sizeof(val)) && strcmp(val, "false") == 0) {
        out->skipped++;
        return TL_OK;
    }
    const char *t = strstr(tagend, "<Text>"), *te = t ? strstr(t, "</Text>") : NULL;
    if (!t || !te || te > end) return TL_OK;
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 256;
        petr_record *nv = realloc(out->v, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        out->v = nv;
        out->cap = cap;
    }
    petr_record *r = &out->v[out->n];
    memset(r, 0, sizeof(*r));
    attr(s, tagend, "id", r->id, sizeof(r->id));
    if (attr(s, tagend, "date", val, sizeof(val))) r->date = strtol(val, NULL, 10);
    r->text = malloc((size_t)(te - t) + 1);
    if (!r->text) return err_set(e, TL_ENOMEM, "out of memory");
    size_t k = 0;
    for (const char *p = t + 6; p < te; p++) {   /* collapse whitespace */
        if (isspace((unsigned char)*p)) {
            if (k && r->text[k - 1] != ' ') r->text[k++] = ' ';
        } else {
            r->text[k++] = *p;
        }
    }
    while (k && r->text[k - 1] == ' ') k--;
    r->text[k] = 0;
    r->len = k;
    for (const char *c = tagend; (c = strstr(c, "<EventCoding")) && c < t; c++) {
        const char *ce = strchr(c, '>');
        if (!ce || r->nc == PETR_MAX_CODINGS) break;
        if (in_comment(tagend, c)) continue;
        petr_coding *x = &r->c[r->nc];
        if (!attr(c, ce, "eventcode", x->code, sizeof(x->code))) continue;   /* noevents */
        attr(c, ce, "sourcecode", x->src, sizeof(x->src));
        attr(c, ce, "targetcode", x->tgt, sizeof(x->tgt));
        r->nc++;
        out->codings++;
    }
    out->n++;
    return TL_OK;
}

int petr_read_records(const char *path, petr_records *out, tl_err *e) {
    size_t len;
    char *b = slurp(path, &len);
    if (!b) return err_set(e, TL_EIO, "%s: cannot read", path);
    int rc = TL_OK, any = 0;
    char *com = strstr(b, "<!--");
    for (char *s = b; rc == TL_OK; s++) {
        s = strstr(s, "<Sentence ");
        while (s && com && com < s) {   /* a record inside a comment is no record */
            char *ce = strstr(com + 4, "-->");
            if (!ce) { s = NULL; break; }
            com = strstr(ce + 3, "<!--");
            if (ce > s) s = strstr(ce, "<Sentence ");
        }
        if (!s) break;
        char *end = strstr(s, "</Sentence>");
        if (!end) break;
        any = 1;
        rc = parse_sentence(s, end, out, e);
        s = end;
    }
    free(b);
    if (rc == TL_OK && !any) rc = err_set(e, TL_EPARSE, "%s: no <Sentence> records", path);
    return rc;
}

void petr_records_free(petr_records *r) {
    for (size_t i = 0; i < r->n; i++) free(r->v[i].text);
    free(r->v);
    memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------------------
 * Dictionaries
 * ---------------------------------------------------------------------- */

#define MAX_CODES 4

typedef struct {
    char code[24];
    long lo, hi;      /* YYYYMMDD range, inclusive; 0 / 99999999 open */
} dcode;

typedef struct {
    dcode c[MAX_CODES];
    int n;
} dgroup;

typedef struct {
    char *words;      /* folded words separated by single spaces */
    int nw;
    int exact;        /* the entry ended with '_': no stem match */
    size_t group;
} dentry;

struct petr_dict {
    dentry *e;
    size_t ne, cape;
    dgroup *g;
    size_t ng, capg;
};

size_t petr_dict_size(const petr_dict *d) { return d ? d->ne : 0; }

void petr_dict_free(petr_dict *d) {
    if (!d) return;
    for (size_t i = 0; i < d->ne; i++) free(d->e[i].words);
    free(d->e);
    free(d->g);
    free(d);
}

static long full_date(const char *s) {
    size_t n = 0;
    while (isdigit((unsigned char)s[n])) n++;
    long v = strtol(s, NULL, 10);
    if (n == 6) v += (v / 10000 < 30 ? 20000000L : 19000000L);
    return v;
}

/* "[CODE]", "[CODE < 950601]", "[CODE 19950601 - 19990815]", "[CODE > 990816]" */
static void add_code(dgroup *g, const char *s) {
    if (g->n == MAX_CODES) return;
    while (*s == ' ' || *s == '[') s++;
    dcode *c = &g->c[g->n];
    size_t k = 0;
    while (*s && *s != ' ' && *s != ']' && *s != '/' && *s != '<' && *s != '>' &&
           k + 1 < sizeof(c->code))
        c->code[k++] = *s++;
    c->code[k] = 0;
    while (*s == '/' || (*s && *s != ' ' && *s != ']' && *s != '<' && *s != '>')) s++;
    c->lo = 0;
    c->hi = 99999999;
    while (*s == ' ') s++;
    if (*s == '<') c->hi = full_date(s + 1 + strspn(s + 1, " ")) - 1;
    else if (*s == '>') c->lo = full_date(s + 1 + strspn(s + 1, " ")) + 1;
    else if (isdigit((unsigned char)*s)) {
        c->lo = full_date(s);
        const char *dash = strchr(s, '-');
        if (dash) c->hi = full_date(dash + 1 + strspn(dash + 1, " "));
    }
    if (k) g->n++;
}

static int add_entry(petr_dict *d, const char *p, size_t n, size_t group) {
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    while (n && (*p == ' ' || *p == '\t' || *p == '+')) { p++; n--; }
    if (!n || memchr(p, '!', n)) return TL_OK;   /* empty, or a !MACRO! */
    if (d->ne == d->cape) {
        size_t cap = d->cape ? d->cape * 2 : 256;
        dentry *nv = realloc(d->e, cap * sizeof(*nv));
        if (!nv) return TL_ENOMEM;
        d->e = nv;
        d->cape = cap;
    }
    dentry *x = &d->e[d->ne];
    x->exact = p[n - 1] == '_';
    x->words = malloc(n + 1);
    if (!x->words) return TL_ENOMEM;
    size_t k = 0;
    x->nw = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i] == '_' || p[i] == '\t' ? ' ' : (char)toupper((unsigned char)p[i]);
        if (ch == ' ' && (k == 0 || x->words[k - 1] == ' ')) continue;
        if (ch != ' ' && (k == 0 || x->words[k - 1] == ' ')) x->nw++;
        x->words[k++] = ch;
    }
    while (k && x->words[k - 1] == ' ') k--;
    x->words[k] = 0;
    x->group = group;
    if (x->nw == 0) { free(x->words); return TL_OK; }
    d->ne++;
    return TL_OK;
}

static int new_group(petr_dict *d) {
    if (d->ng == d->capg) {
        size_t cap = d->capg ? d->capg * 2 : 256;
        dgroup *nv = realloc(d->g, cap * sizeof(*nv));
        if (!nv) return TL_ENOMEM;
        d->g = nv;
        d->capg = cap;
    }
    memset(&d->g[d->ng++], 0, sizeof(dgroup));
    return TL_OK;
}

/* One dictionary line (comments removed): entry, synonym or code line. */
static int dict_line(petr_dict *d, char *line) {
    char *br = strchr(line, '['), *cb = strchr(line, '{');
    int indented = line[0] == ' ' || line[0] == '\t';
    size_t plen = strlen(line);
    if (br) plen = (size_t)(br - line);
    if (cb && (!br || cb < br)) plen = (size_t)(cb - line);
    int rc = TL_OK;
    if (line[0] == '+') {
        if (d->ng) rc = add_entry(d, line, plen, d->ng - 1);
    } else if (!indented) {
        if ((rc = new_group(d)) == TL_OK) rc = add_entry(d, line, plen, d->ng - 1);
        if (rc == TL_OK && cb && (!br || cb < br)) {   /* {PLURALS} or {} */
            char *ce = strchr(cb, '}');
            if (ce && ce == cb + 1) {
                size_t n = plen;
                while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
                char pl[256];
                snprintf(pl, sizeof(pl), "%.*sS", (int)n, line);
                rc = add_entry(d, pl, strlen(pl), d->ng - 1);
            } else if (ce) {
                for (char *t = strtok(cb + 1, " ,}"); t && t < ce && rc == TL_OK;
                     t = strtok(NULL, " ,}"))
                    rc = add_entry(d, t, strlen(t), d->ng - 1);
            }
        }
    }
    if (rc == TL_OK && br && d->ng) add_code(&d->g[d->ng - 1], br);
    return rc;
}

int petr_read_dict(const char *path, int agents, petr_dict **out, tl_err *e) {
    (void)agents;
    size_t len;
    char *b = slurp(path, &len);
    *out = NULL;
    if (!b) return err_set(e, TL_EIO, "%s: cannot read", path);
    petr_dict *d = calloc(1, sizeof(*d));
    if (!d) { free(b); return err_set(e, TL_ENOMEM, "out of memory"); }
    int in_comment = 0, rc = TL_OK;
    for (char *line = b, *next; line && rc == TL_OK; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (in_comment) {
            if (strstr(line, "-->")) in_comment = 0;
            continue;
        }
        char *c = strstr(line, "<!--");
        if (c) {
            if (!strstr(c, "-->")) in_comment = 1;
            continue;
        }
        char *h = strchr(line, '#');
        if (h) *h = 0;
        char *cr = strchr(line, '\r');
        if (cr) *cr = 0;
        if (strspn(line, " \t") == strlen(line)) continue;
        rc = dict_line(d, line);
    }
    free(b);
    if (rc != TL_OK) {
        petr_dict_free(d);
        return err_set(e, TL_ENOMEM, "out of memory");
    }
    *out = d;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Coding a phrase
 * ---------------------------------------------------------------------- */

#define MAXPW 48

/* Upper-case words of a phrase, outer punctuation and possessive dropped. */
static int phrase_words(const char *s, size_t n, char *buf, size_t cap, char **w) {
    size_t k = 0;
    int nw = 0;
    size_t i = 0;
    while (i < n && nw < MAXPW) {
        while (i < n && isspace((unsigned char)s[i])) i++;
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j])) j++;
        size_t a = i, b = j;
        while (a < b && strchr("\"'(", s[a])) a++;
        while (b > a && strchr(",;:\"')?!", s[b - 1])) b--;
        if (b - a > 2 && (s[b - 2] == '\'' && (s[b - 1] == 's' || s[b - 1] == 'S'))) b -= 2;
        if (b > a && s[b - 1] == '.' && !memchr(s + a, '.', b - a - 1)) b--;
        if (b > a && k + (b - a) + 1 < cap) {
            w[nw++] = buf + k;
            for (size_t t = a; t < b; t++) buf[k++] = (char)toupper((unsigned char)s[t]);
            buf[k++] = 0;
        }
        i = j;
    }
    return nw;
}

/* Longest entry matching at some position; its code for date, or NULL. */
static const char *lookup(const petr_dict *d, char **w, int nw, long date) {
    int bestn = 0;
    size_t bestlen = 0;
    const dentry *best = NULL;
    for (size_t i = 0; d && i < d->ne; i++) {
        const dentry *x = &d->e[i];
        if (x->nw > nw || x->nw < bestn) continue;
        char tmp[256];
        snprintf(tmp, sizeof(tmp), "%s", x->words);
        char *ew[MAXPW];
        int ne = 0;
        for (char *t = strtok(tmp, " "); t && ne < MAXPW; t = strtok(NULL, " ")) ew[ne++] = t;
        for (int s = 0; s + ne <= nw; s++) {
            int ok = 1;
            for (int k = 0; k < ne && ok; k++) {
                if (k == ne - 1 && !x->exact) ok = strncmp(w[s + k], ew[k], strlen(ew[k])) == 0;
                else ok = strcmp(w[s + k], ew[k]) == 0;
            }
            if (ok && (ne > bestn || (ne == bestn && strlen(x->words) > bestlen))) {
                bestn = ne;
                bestlen = strlen(x->words);
                best = x;
            }
        }
    }
    if (!best) return NULL;
    const dgroup *g = &d->g[best->group];
    for (int i = 0; i < g->n; i++)
        if (!date || (date >= g->c[i].lo && date <= g->c[i].hi)) return g->c[i].code;
    return g->n ? g->c[0].code : NULL;
}

void petr_code(const petr_dict *actors, const petr_dict *agents, const char *phrase, size_t n,
               long date, char *out, size_t cap) {
    char buf[1024];
    char *w[MAXPW];
    int nw = phrase_words(phrase, n, buf, sizeof(buf), w);
    const char *act = lookup(actors, w, nw, date), *agt = lookup(agents, w, nw, date);
    out[0] = 0;
    if (!act && !agt) return;
    const char *a = act ? act : "---";
    if (!agt) {
        snprintf(out, cap, "%s", a);
    } else {
        const char *tl = strchr(agt, '~');
        if (tl && tl == agt) snprintf(out, cap, "%s%s", a, agt + 1);        /* ~GOV */
        else if (tl) snprintf(out, cap, "%.*s%s", (int)(tl - agt), agt, act ? act : ""); /* NGO~ */
        else snprintf(out, cap, "%s%s", a, agt);
    }
}

int petr_same_country(const char *gold, const char *pred) {
    if (!gold[0] || !pred[0]) return 0;
    if (strncmp(gold, "---", 3) == 0) return strlen(pred) >= 3 && strcmp(gold + 3, pred + 3) == 0;
    return strncmp(gold, pred, 3) == 0;
}
