/* quant.c -- numeric claims: numbers, hedges, units and what they measure.
 *
 * One pass over the tokens. At each token that starts a number (digits,
 * a number word, a spoken fraction, "a dozen", "hundreds of") the number
 * is read with its scale ("4.2 billion", "4.2bn", "three hundred"), then
 * the unit after it (% / percent / per cent, a currency word or code, a
 * unit of time, length or mass, or the counted noun) or before it ($, €,
 * £), the hedge before it ("about", "as many as", "between … and"), and
 * last what it measures (quant.h). Dates and times of day are skipped:
 * a number next to a month name, before ":" and digits, or before
 * a.m./p.m. belongs to when.c.
 *
 * Word lists are small sorted tables searched by bisection; every word
 * is folded once (tok_fold_word) into a per-call array. The head noun is
 * stemmed with Snowball English, one stemmer per call, created only when
 * the text has a quantity.
 */
#include "quant.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sent.h"
#include "stem.h"
#include "stop.h"

/* ------------------------------------------------------------------------
 * Word tables (each sorted by word, searched with bsearch)
 * ---------------------------------------------------------------------- */

typedef struct { const char *w; double v; } wordval;

static int wv_cmp(const void *k, const void *e) {
    return strcmp((const char *)k, ((const wordval *)e)->w);
}

#define WV_FIND(tab, w) \
    ((const wordval *)bsearch((w), (tab), sizeof(tab) / sizeof((tab)[0]), sizeof((tab)[0]), wv_cmp))

/* cardinal words: value; scales have v >= 100 */
static const wordval CARDINALS[] = {
    {"billion", 1e9},  {"eight", 8},      {"eighteen", 18},  {"eighty", 80},
    {"eleven", 11},    {"fifteen", 15},   {"fifty", 50},     {"five", 5},
    {"forty", 40},     {"four", 4},       {"fourteen", 14},  {"hundred", 100},
    {"million", 1e6},  {"nine", 9},       {"nineteen", 19},  {"ninety", 90},
    {"one", 1},        {"seven", 7},      {"seventeen", 17}, {"seventy", 70},
    {"six", 6},        {"sixteen", 16},   {"sixty", 60},     {"ten", 10},
    {"thirteen", 13},  {"thirty", 30},    {"thousand", 1e3}, {"three", 3},
    {"trillion", 1e12}, {"twelve", 12},   {"twenty", 20},    {"two", 2},
    {"zero", 0},
};

/* fraction denominators, singular and plural */
static const wordval FRACTIONS[] = {
    {"eighth", 8}, {"eighths", 8}, {"fifth", 5},  {"fifths", 5},  {"fourth", 4},
    {"fourths", 4}, {"half", 2},   {"halves", 2}, {"ninth", 9},   {"ninths", 9},
    {"quarter", 4}, {"quarters", 4}, {"seventh", 7}, {"sevenths", 7}, {"sixth", 6},
    {"sixths", 6}, {"tenth", 10},  {"tenths", 10}, {"third", 3},  {"thirds", 3},
};

/* ordinal words from "second" on ("first" starts sequences more than it
 * counts); a fraction word such as "third" is read as an ordinal
 * only after a determiner and before a noun */
static const wordval ORDINALS[] = {
    {"eighth", 8},  {"eleventh", 11}, {"fifth", 5},  {"fourth", 4},
    {"ninth", 9},   {"second", 2},    {"seventh", 7}, {"sixth", 6},  {"tenth", 10},
    {"third", 3},   {"twelfth", 12},  {"twentieth", 20},
};

/* scale suffixes and words after a number: "4.2bn", "4.2 billion" */
static const wordval SCALES[] = {
    {"b", 1e9},   {"bil", 1e9},  {"billion", 1e9}, {"billions", 1e9}, {"bln", 1e9},
    {"bn", 1e9},  {"k", 1e3},    {"m", 1e6},       {"mil", 1e6},      {"million", 1e6},
    {"millions", 1e6}, {"mln", 1e6}, {"thousand", 1e3}, {"tn", 1e12}, {"trillion", 1e12},
};

/* "hundreds of", "tens of thousands": the interval a vague plural allows */
typedef struct { const char *w; double lo, hi; } vague_t;
static const vague_t VAGUE[] = {
    {"billions", 2e9, 1e12 - 1}, {"dozens", 24, 99},     {"hundreds", 200, 999},
    {"millions", 2e6, 1e9 - 1},  {"scores", 40, 199},    {"thousands", 2000, 9999},
};

/* units of time, in seconds */
static const wordval TIME_UNITS[] = {
    {"day", 86400},      {"days", 86400},       {"decade", 315576000}, {"decades", 315576000},
    {"hour", 3600},      {"hours", 3600},       {"hr", 3600},          {"hrs", 3600},
    {"min", 60},         {"mins", 60},          {"minute", 60},        {"minutes", 60},
    {"month", 2629800},  {"months", 2629800},   {"sec", 1},            {"second", 1},
    {"seconds", 1},      {"secs", 1},           {"week", 604800},      {"weeks", 604800},
    {"year", 31557600},  {"years", 31557600},   {"yr", 31557600},      {"yrs", 31557600},
};

/* units of length (metres), mass (kg), volume (l), area (ha) */
typedef struct { const char *w; double v; const char *unit; } unitval;
static const unitval MEASURES[] = {
    {"feet", 0.3048, "m"},     {"foot", 0.3048, "m"},      {"ft", 0.3048, "m"},
    {"ha", 1, "ha"},           {"hectare", 1, "ha"},       {"hectares", 1, "ha"},
    {"kg", 1, "kg"},           {"kilogram", 1, "kg"},      {"kilograms", 1, "kg"},
    {"kilometer", 1000, "m"},  {"kilometers", 1000, "m"},  {"kilometre", 1000, "m"},
    {"kilometres", 1000, "m"}, {"km", 1000, "m"},          {"liter", 1, "l"},
    {"liters", 1, "l"},        {"litre", 1, "l"},          {"litres", 1, "l"},
    {"meter", 1, "m"},         {"meters", 1, "m"},         {"metre", 1, "m"},
    {"metres", 1, "m"},        {"mile", 1609.344, "m"},    {"miles", 1609.344, "m"},
    {"tonne", 1000, "kg"},     {"tonnes", 1000, "kg"},     {"ton", 1000, "kg"},
    {"tons", 1000, "kg"},
};

static int uv_cmp(const void *k, const void *e) {
    return strcmp((const char *)k, ((const unitval *)e)->w);
}

/* currency words and codes after (or codes before) a number */
typedef struct { const char *w; const char *code; } curr_t;
static const curr_t CURRENCIES[] = {
    {"aud", "AUD"},   {"cad", "CAD"},     {"chf", "CHF"},    {"cny", "CNY"},
    {"dollar", "USD"}, {"dollars", "USD"}, {"eur", "EUR"},   {"euro", "EUR"},
    {"euros", "EUR"}, {"franc", "CHF"},   {"francs", "CHF"}, {"gbp", "GBP"},
    {"hryvnia", "UAH"}, {"hryvnias", "UAH"}, {"jpy", "JPY"}, {"kronor", "SEK"},
    {"krone", "NOK"}, {"kroner", "NOK"},  {"pound", "GBP"},  {"pounds", "GBP"},
    {"rouble", "RUB"}, {"roubles", "RUB"}, {"rub", "RUB"},   {"ruble", "RUB"},
    {"rubles", "RUB"}, {"rupee", "INR"},  {"rupees", "INR"}, {"uah", "UAH"},
    {"usd", "USD"},   {"yen", "JPY"},     {"yuan", "CNY"},
};

static int cu_cmp(const void *k, const void *e) {
    return strcmp((const char *)k, ((const curr_t *)e)->w);
}

/* hedges: the words before a number, longest first at each position */
typedef struct { const char *words[3]; int n; qty_hedge h; } hedge_t;
static const hedge_t HEDGES[] = {
    {{"no", "more", "than"}, 3, QTY_UPTO},   {{"no", "fewer", "than"}, 3, QTY_ATLEAST},
    {{"no", "less", "than"}, 3, QTY_ATLEAST}, {{"as", "many", "as"}, 3, QTY_UPTO},
    {{"as", "much", "as"}, 3, QTY_UPTO},     {{"as", "few", "as"}, 3, QTY_ATLEAST},
    {{"as", "little", "as"}, 3, QTY_ATLEAST}, {{"more", "than", NULL}, 2, QTY_OVER},
    {{"in", "excess", "of"}, 3, QTY_OVER},   {{"upwards", "of", NULL}, 2, QTY_OVER},
    {{"less", "than", NULL}, 2, QTY_UNDER},  {{"fewer", "than", NULL}, 2, QTY_UNDER},
    {{"up", "to", NULL}, 2, QTY_UPTO},       {{"at", "least", NULL}, 2, QTY_ATLEAST},
    {{"at", "most", NULL}, 2, QTY_UPTO},     {{"close", "to", NULL}, 2, QTY_NEARLY},
    {{"just", "under", NULL}, 2, QTY_NEARLY}, {{"just", "over", NULL}, 2, QTY_OVER},
    {{"well", "over", NULL}, 2, QTY_OVER},   {{"an", "estimated", NULL}, 2, QTY_ABOUT},
    {{"about", NULL, NULL}, 1, QTY_ABOUT},   {{"around", NULL, NULL}, 1, QTY_ABOUT},
    {{"roughly", NULL, NULL}, 1, QTY_ABOUT}, {{"approximately", NULL, NULL}, 1, QTY_ABOUT},
    {{"approx", NULL, NULL}, 1, QTY_ABOUT},  {{"some", NULL, NULL}, 1, QTY_ABOUT},
    {{"circa", NULL, NULL}, 1, QTY_ABOUT},   {{"estimated", NULL, NULL}, 1, QTY_ABOUT},
    {{"nearly", NULL, NULL}, 1, QTY_NEARLY}, {{"almost", NULL, NULL}, 1, QTY_NEARLY},
    {{"over", NULL, NULL}, 1, QTY_OVER},     {{"above", NULL, NULL}, 1, QTY_OVER},
    {{"exceeding", NULL, NULL}, 1, QTY_OVER}, {{"under", NULL, NULL}, 1, QTY_UNDER},
    {{"below", NULL, NULL}, 1, QTY_UNDER},   {{"within", NULL, NULL}, 1, QTY_UPTO},
};

/* nouns naming an event: a number measuring one is event-bound */
static const char *const EVENT_NOUNS[] = {
    "battle",   "blaze",   "call",     "ceasefire", "conference", "conversation", "debate",
    "explosion", "fight",  "fighting", "fire",      "flight",     "hearing",      "interview",
    "meeting",  "negotiations", "offensive", "operation", "session", "siege",     "speech",
    "strike",   "summit",  "talk",     "talks",     "trial",      "trip",         "truce",
    "visit",    "vote",    "war",
};

/* words that end a noun phrase although they are not stopwords */
static const char *const NP_STOP[] = {
    "according", "across", "after", "against", "ago",   "along",  "amid",   "among",
    "around",    "because", "before", "between", "despite", "during", "including", "into",
    "like",      "near",   "per",     "since",  "than",  "through", "toward", "towards",
    "under",     "until",  "upon",    "versus", "via",   "while",  "within", "without",
    "worth",
};

/* verbs a measured phrase does not end in */
static const char *const VERBS[] = {
    "added", "amounted", "climbed", "control", "controls", "cost", "costs",
    "cut", "declined", "dropped", "fell", "gained", "grew", "hit",
    "hold", "holds", "increased", "jumped", "killed", "lasted", "lost",
    "occupied", "occupies", "occupy", "offered", "offers", "paid", "pay",
    "pays", "raised", "reached", "rose", "said", "shrank", "slipped",
    "soared", "spend", "spent", "surged", "take", "takes", "took",
    "totaled", "totalled", "valued",
};

static int str_cmp(const void *k, const void *e) {
    return strcmp((const char *)k, *(const char *const *)e);
}

#define IN_LIST(tab, w) \
    (bsearch((w), (tab), sizeof(tab) / sizeof((tab)[0]), sizeof((tab)[0]), str_cmp) != NULL)

static const char *const MONTHS[] = {"apr", "april", "aug", "august", "dec", "december",
                                     "feb", "february", "jan", "january", "jul", "july",
                                     "jun", "june", "mar", "march", "may", "nov",
                                     "november", "oct", "october", "sep", "sept",
                                     "september"};

/* ------------------------------------------------------------------------
 * Per-call context
 * ---------------------------------------------------------------------- */

#define WMAX 48

typedef struct {
    const char *text;
    const tok_t *t;
    size_t n;
    char (*w)[WMAX];       /* folded words, "" for punctuation */
    uint32_t sb, se;       /* current sentence: token range [sb, se) */
    uint32_t s0, s1;       /* its bytes */
    stem_t *stem;
} qctx;

static const char *W(const qctx *c, size_t i) { return i < c->n ? c->w[i] : ""; }
static int is(const qctx *c, size_t i, const char *s) { return strcmp(W(c, i), s) == 0; }
static int is_punct(const qctx *c, size_t i) { return i < c->n && (c->t[i].flags & TOK_PUNCT); }
static int tok_is(const qctx *c, size_t i, const char *s) {
    if (i >= c->n) return 0;
    size_t k = strlen(s);
    return c->t[i].end - c->t[i].start == k && memcmp(c->text + c->t[i].start, s, k) == 0;
}

static int is_month(const char *w) { return IN_LIST(MONTHS, w); }

/* a plain content word: letters, not a stopword, not a number */
static int content_word(const qctx *c, size_t i) {
    if (i >= c->se || !(c->t[i].flags & TOK_WORD) || (c->t[i].flags & TOK_NUM)) return 0;
    const char *w = c->w[i];
    if (c->t[i].flags & TOK_ALLCAP) return 1;   /* "US weapons", "UN envoy" */
    return *w && !stop_is(w, strlen(w)) && !IN_LIST(NP_STOP, w) && !WV_FIND(CARDINALS, w);
}

/* ------------------------------------------------------------------------
 * Reading a number
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t b, e;           /* tokens [b, e) */
    double v;
    int frac;              /* a spoken fraction: v is a share (0..1) */
    int vague;             /* "hundreds of": lo..hi */
    double lo, hi;
    char tail[WMAX];       /* the word after the hyphen in "40-minute", "" */
    char suffix[8];        /* letters glued to the digits: "bn" in "4.2bn", "rd" */
    int ord;               /* an ordinal word ("the second round") */
} num_t;

/* Digits with , and . ("1,000", "3.5", "4.2bn"): value and the letters
 * glued after them. 0 when s does not start with a digit. */
static int parse_digits(const char *s, double *v, char *suffix, size_t cap) {
    if (*s < '0' || *s > '9') return 0;
    char buf[40];
    size_t k = 0;
    for (; *s && (( *s >= '0' && *s <= '9') || *s == ',' || *s == '.'); s++) {
        if (*s == ',') continue;
        if (k + 1 < sizeof(buf)) buf[k++] = *s;
    }
    buf[k] = '\0';
    if (k && buf[k - 1] == '.') buf[--k] = '\0';
    *v = strtod(buf, NULL);
    size_t j = 0;
    for (; *s && *s != '-' && j + 1 < cap; s++) suffix[j++] = *s;
    suffix[j] = '\0';
    return 1;
}

/* A run of cardinal words ("three hundred and fifty", "two million"),
 * possibly joined by hyphens inside one word ("twenty-five"). The words
 * are given as an array of strings; returns how many were used. */
static size_t parse_cardinals(const char *const *ws, size_t nw, double *out) {
    double total = 0, cur = 0;
    size_t used = 0;
    for (size_t i = 0; i < nw; i++) {
        if (used && strcmp(ws[i], "and") == 0 && i + 1 < nw && WV_FIND(CARDINALS, ws[i + 1]) &&
            (cur >= 100 || total > 0))
            continue;   /* "three hundred and fifty", not "nine and twelve" */
        const wordval *c = WV_FIND(CARDINALS, ws[i]);
        if (!c) break;
        if (c->v == 100) cur = (cur ? cur : 1) * 100;
        else if (c->v >= 1000) { total += (cur ? cur : 1) * c->v; cur = 0; }
        else cur += c->v;
        used = i + 1;
    }
    *out = total + cur;
    return used;
}

/* Split a hyphenated folded word into parts (in place in buf). */
static size_t split_hyphens(char *buf, char **parts, size_t max) {
    size_t n = 0;
    char *p = buf;
    while (n < max) {
        parts[n++] = p;
        char *h = strchr(p, '-');
        if (!h) break;
        *h = '\0';
        p = h + 1;
    }
    return n;
}

/* A fraction in parts[k..]: "one fifth", "a third", "two thirds", "half".
 * Returns the parts used, *share the value (0..1). */
static size_t parse_fraction(char *const *parts, size_t np, double *share) {
    double num = 1;
    size_t k = 0;
    if (np >= 2 && (strcmp(parts[0], "a") == 0 || strcmp(parts[0], "an") == 0)) k = 1;
    else if (np >= 2) {
        const wordval *c = WV_FIND(CARDINALS, parts[0]);
        if (c && c->v < 100) { num = c->v; k = 1; }
    }
    if (k >= np) return 0;
    const wordval *f = WV_FIND(FRACTIONS, parts[k]);
    if (!f) return 0;
    if (k == 0 && f->v != 2) return 0;   /* a bare "third" is an ordinal, a bare "half" a share */
    *share = num / f->v;
    return k + 1;
}

/* Read the number starting at token i; 0 when none. */
static int read_number(const qctx *c, size_t i, num_t *nm) {
    memset(nm, 0, sizeof(*nm));
    nm->b = i;
    const tok_t *t = &c->t[i];
    char buf[WMAX];
    if (t->flags & TOK_NUM) {   /* the folded word lost its periods: "4.2" -> "42" */
        size_t k = t->end - t->start < WMAX - 1 ? t->end - t->start : WMAX - 1;
        for (size_t j = 0; j < k; j++) {
            char ch = c->text[t->start + j];
            buf[j] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        buf[k] = '\0';
    } else {
        memcpy(buf, c->w[i], WMAX);
    }
    char *parts[8];
    size_t np = split_hyphens(buf, parts, 8);

    if (t->flags & TOK_NUM) {
        if (!parse_digits(parts[0], &nm->v, nm->suffix, sizeof(nm->suffix))) return 0;
        if (np > 1) snprintf(nm->tail, sizeof(nm->tail), "%s", parts[np - 1]);
        nm->e = i + 1;
        /* a scale word: "4.2 billion", "1.5 million" */
        const wordval *sc = nm->suffix[0] ? NULL : WV_FIND(SCALES, W(c, i + 1));
        if (sc && np == 1 && strlen(sc->w) >= 2) {
            nm->v *= sc->v;
            nm->e = i + 2;
        }
        return 1;
    }
    if (!(t->flags & TOK_WORD)) return 0;

    /* vague plurals: "hundreds of", "tens of thousands", "hundreds of thousands" */
    const char *w0 = parts[0];
    if (np == 1) {
        for (size_t k = 0; k < sizeof(VAGUE) / sizeof(VAGUE[0]); k++) {
            if (strcmp(w0, VAGUE[k].w) != 0 || !is(c, i + 1, "of")) continue;
            nm->vague = 1;
            nm->lo = VAGUE[k].lo;
            nm->hi = VAGUE[k].hi;
            nm->e = i + 2;
            for (size_t j = 0; j < sizeof(VAGUE) / sizeof(VAGUE[0]); j++) {
                if (!is(c, i + 2, VAGUE[j].w) || !is(c, i + 3, "of")) continue;
                double unit = strcmp(VAGUE[j].w, "dozens") == 0 ? 12
                            : VAGUE[j].lo / 2;   /* thousands -> 1000 */
                nm->lo *= unit;
                nm->hi = (nm->hi + 1) * unit - 1;
                nm->e = i + 4;
                break;
            }
            nm->v = nm->lo;
            return 1;
        }
        if (strcmp(w0, "tens") == 0 && is(c, i + 1, "of") &&
            (is(c, i + 2, "thousands") || is(c, i + 2, "millions")) && is(c, i + 3, "of")) {
            double unit = is(c, i + 2, "thousands") ? 1e3 : 1e6;
            nm->vague = 1;
            nm->lo = 20 * unit;
            nm->hi = 100 * unit - 1;
            nm->v = nm->lo;
            nm->e = i + 4;
            return 1;
        }
        if ((strcmp(w0, "several") == 0 || strcmp(w0, "few") == 0) &&
            (is(c, i + 1, "hundred") || is(c, i + 1, "thousand") || is(c, i + 1, "million") ||
             is(c, i + 1, "billion"))) {
            double unit = WV_FIND(CARDINALS, W(c, i + 1))->v;
            nm->vague = 1;
            nm->lo = (w0[0] == 's' ? 3 : 2) * unit;
            nm->hi = (w0[0] == 's' ? 9 : 5) * unit;
            nm->v = nm->lo;
            nm->e = i + 2;
            if (w0[0] == 'f' && i > c->sb && is(c, i - 1, "a")) nm->b = i - 1;
            return 1;
        }
        if ((strcmp(w0, "a") == 0 || strcmp(w0, "an") == 0) && i + 1 < c->se &&
            (is(c, i + 1, "hundred") || is(c, i + 1, "thousand") || is(c, i + 1, "million") ||
             is(c, i + 1, "billion"))) {
            const char *ws[8];
            size_t nw = 0;
            ws[nw++] = "one";
            for (size_t j = i + 1; j < c->se && nw < 8; j++) ws[nw++] = c->w[j];
            size_t k = parse_cardinals(ws, nw, &nm->v);
            nm->e = i + k;
            return 1;
        }
        if ((strcmp(w0, "a") == 0 || strcmp(w0, "one") == 0) && is(c, i + 1, "dozen")) {
            nm->v = 12;
            nm->e = i + 2;
            return 1;
        }
    }

    /* fractions: "one-fifth", "a third", "two thirds", "half of" */
    double share;
    size_t used = parse_fraction(parts, np, &share);
    if (used && used == np) {
        nm->frac = 1;
        nm->v = share;
        nm->e = i + 1;
        return 1;
    }
    if (np == 1 && (strcmp(w0, "a") == 0 || strcmp(w0, "one") == 0 ||
                    (WV_FIND(CARDINALS, w0) && WV_FIND(CARDINALS, w0)->v < 100))) {
        const wordval *f = WV_FIND(FRACTIONS, W(c, i + 1));
        if (f && (is(c, i + 2, "of") || f->v == 2)) {
            double num = WV_FIND(CARDINALS, w0) ? WV_FIND(CARDINALS, w0)->v : 1;
            nm->frac = 1;
            nm->v = num / f->v;
            nm->e = i + 2;
            return 1;
        }
    }
    if (np == 1 && strcmp(w0, "half") == 0 && is(c, i + 1, "of")) {
        nm->frac = 1;
        nm->v = 0.5;
        nm->e = i + 1;
        return 1;
    }

    /* ordinal words after a determiner, before a noun: "the second round" */
    const wordval *o = np == 1 ? WV_FIND(ORDINALS, w0) : NULL;
    if (o && i > c->sb && content_word(c, i + 1) &&
        (is(c, i - 1, "the") || is(c, i - 1, "its") || is(c, i - 1, "their") ||
         is(c, i - 1, "a") || is(c, i - 1, "his") || is(c, i - 1, "her"))) {
        nm->ord = 1;
        nm->v = o->v;
        nm->e = i + 1;
        return 1;
    }

    /* cardinals: within the word ("twenty-five", "three-and-a-half-year")
     * or across words ("three hundred", "two million") */
    if (np > 1) {
        double v;
        size_t k = parse_cardinals((const char *const *)parts, np, &v);
        if (!k) return 0;
        /* "-and-a-half" */
        if (k + 2 < np && strcmp(parts[k], "and") == 0 && strcmp(parts[k + 1], "a") == 0 &&
            strcmp(parts[k + 2], "half") == 0) {
            v += 0.5;
            k += 3;
        }
        nm->v = v;
        if (k < np) snprintf(nm->tail, sizeof(nm->tail), "%s", parts[np - 1]);
        nm->e = i + 1;
        return 1;
    }
    const char *ws[8];
    size_t nw = 0;
    for (size_t j = i; j < c->se && nw < 8; j++) ws[nw++] = c->w[j];
    double v;
    size_t k = parse_cardinals(ws, nw, &v);
    if (!k) return 0;
    if (k == 1 && strcmp(ws[0], "one") == 0 && !(c->t[i + 1 < c->n ? i + 1 : i].flags & TOK_WORD))
        return 0;   /* "one" alone before punctuation is a pronoun */
    nm->v = v;
    nm->e = i + k;
    /* "two and a half years" */
    if (is(c, nm->e, "and") && is(c, nm->e + 1, "a") && is(c, nm->e + 2, "half")) {
        nm->v += 0.5;
        nm->e += 3;
    }
    return 1;
}

/* ------------------------------------------------------------------------
 * Dates and names: numbers that are not quantities
 * ---------------------------------------------------------------------- */

static int is_date_or_time(const qctx *c, const num_t *nm) {
    size_t i = nm->b;
    if (!(c->t[i].flags & TOK_NUM)) return 0;
    if (i > c->sb && is_month(W(c, i - 1))) return 1;                 /* March 8, May 2024 */
    if (is_month(W(c, i + 1))) return 1;                              /* 8 March */
    if (i > c->sb + 1 && is_month(W(c, i - 2)) && is_punct(c, i - 1)) return 1; /* March, 2026 */
    if (i > c->sb + 2 && is_month(W(c, i - 3)) && tok_is(c, i - 1, ",") &&
        (c->t[i - 2].flags & TOK_NUM))
        return 1;                                                      /* March 8, 2026 */
    if ((tok_is(c, i + 1, ":") || tok_is(c, i + 1, "/")) && (c->t[i + 1 < c->n ? i + 1 : i].end == c->t[i + 2 < c->n ? i + 2 : i].start))
        return 1;                                                      /* 3:40, 60/40 */
    if (i > c->sb && (tok_is(c, i - 1, ":") || tok_is(c, i - 1, "/")) && c->t[i - 1].end == c->t[i].start)
        return 1;
    if (tok_is(c, i + 1, "-") && c->t[i].end == c->t[i + 1].start) return 1;  /* 2026-03-09 */
    const char *n1 = W(c, i + 1);
    if (!strcmp(n1, "am") || !strcmp(n1, "pm") || !strcmp(n1, "gmt") || !strcmp(n1, "utc") ||
        !strcmp(n1, "hrs") || !strcmp(n1, "oclock"))
        return 1;
    return 0;
}

/* "Route 9", "Article 5", "Flight 370": a capitalized word glued before a
 * bare numeral that no noun follows. */
static int is_name_number(const qctx *c, const num_t *nm) {
    size_t i = nm->b;
    if (!(c->t[i].flags & TOK_NUM) || i == c->sb) return 0;
    if (!(c->t[i - 1].flags & TOK_CAP) || (c->t[i - 1].flags & TOK_ALLCAP)) return 0;
    if (i - 1 == c->sb) return 0;
    return !content_word(c, nm->e) || (c->t[nm->e].flags & TOK_CAP);
}

/* ------------------------------------------------------------------------
 * What a number measures
 * ---------------------------------------------------------------------- */

static int plural_like(const char *w) {
    static const char *const IRREG[] = {"casualties", "children", "crew", "dead", "injured",
                                        "men",        "people",   "personnel", "police",
                                        "staff",      "wounded",  "women"};
    size_t n = strlen(w);
    if (IN_LIST(IRREG, w)) return 1;
    return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i';
}

/* Key of a head word: folded, stemmed. */
static void head_key(qctx *c, const char *w, char *out, size_t cap) {
    if (!c->stem) c->stem = stem_new("en");
    size_t sl = 0;
    const char *s = c->stem ? stem_word(c->stem, w, strlen(w), &sl) : NULL;
    snprintf(out, cap, "%.*s", (int)(s ? sl : strlen(w)), s ? s : w);
}

/* Singular of a folded plural noun, for a count's unit. */
static void singular(const char *w, char *out, size_t cap) {
    size_t n = strlen(w);
    if (!strcmp(w, "people") || !strcmp(w, "staff") || !strcmp(w, "police") ||
        !strcmp(w, "personnel") || !strcmp(w, "crew")) {
        snprintf(out, cap, "%s", w);
    } else if (!strcmp(w, "men") || !strcmp(w, "women")) {
        snprintf(out, cap, "%.*sman", (int)(n - 3), w);
    } else if (!strcmp(w, "children")) {
        snprintf(out, cap, "child");
    } else if (n > 4 && !strcmp(w + n - 3, "ies")) {
        snprintf(out, cap, "%.*sy", (int)(n - 3), w);
    } else if (n > 4 && (!strcmp(w + n - 4, "sses") || !strcmp(w + n - 4, "ches") ||
                         !strcmp(w + n - 4, "shes") || !strcmp(w + n - 3, "xes"))) {
        snprintf(out, cap, "%.*s", (int)(n - 2), w);
    } else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's') {
        snprintf(out, cap, "%.*s", (int)(n - 1), w);
    } else {
        snprintf(out, cap, "%s", w);
    }
}

/* A noun phrase from token i on: capitalized words, possessives and
 * content words, at most max words; its head is the last word (for a
 * any phrase: the first plural-looking word). Returns the head token, or
 * (size_t)-1. *end (when end is not NULL) gets the token after the phrase. */
static size_t np_after(const qctx *c, size_t i, int max, size_t *end) {
    while (i < c->se && (is(c, i, "the") || is(c, i, "its") || is(c, i, "their") ||
                         is(c, i, "his") || is(c, i, "her") || is(c, i, "a") || is(c, i, "an") ||
                         is(c, i, "this") || is(c, i, "our")))
        i++;
    size_t head = (size_t)-1;
    int words = 0;
    for (; i < c->se && words < max; i++) {
        if (c->t[i].flags & TOK_POSS) continue;
        if (!content_word(c, i) || IN_LIST(VERBS, c->w[i])) break;
        size_t l = strlen(c->w[i]);
        if (head != (size_t)-1 && l > 3 && !(c->t[i].flags & TOK_CAP) &&
            (!strcmp(c->w[i] + l - 2, "ly") || !strcmp(c->w[i] + l - 2, "ed")))
            break;   /* "the troops currently stationed" */
        head = i;
        words++;
        if (plural_like(c->w[i])) { i++; break; }
    }
    if (end) *end = i;
    return head;
}

/* The nearest word before token i in the sentence that can be what is
 * measured: a content word that is not a verb, nor capitalized inside the
 * sentence (a name is an actor, not a measure). */
static size_t noun_before(const qctx *c, size_t i, int max) {
    for (size_t k = i; k > c->sb && max-- > 0;) {
        k--;
        if (tok_is(c, k, ";") || tok_is(c, k, ":")) break;
        if (!content_word(c, k) || IN_LIST(VERBS, c->w[k])) continue;
        if ((c->t[k].flags & TOK_CAP) && k != c->sb) continue;
        size_t l = strlen(c->w[k]);
        if (l > 2 && !strcmp(c->w[k] + l - 2, "ed")) continue;
        if (l > 2 && !strcmp(c->w[k] + l - 2, "ly")) continue;
        return k;
    }
    return (size_t)-1;
}

/* The nearest event noun before token i in the sentence. */
static size_t event_before(const qctx *c, size_t i, int max) {
    for (size_t k = i; k > c->sb && max-- > 0;) {
        k--;
        if (IN_LIST(EVENT_NOUNS, c->w[k])) return k;
    }
    return (size_t)-1;
}

/* deaths and injuries count the same whatever the noun */
static const char *casualty(const qctx *c, size_t before, size_t head, size_t after) {
    static const char *const DEAD[] = {"dead", "death", "deaths", "died", "fatalities", "killed",
                                       "killing"};
    static const char *const HURT[] = {"hurt", "injured", "injuries", "injuring", "wounded",
                                       "wounding"};
    if (before != (size_t)-1) {   /* "killed 14 people", "injuring 62" */
        if (IN_LIST(DEAD, c->w[before])) return "dead";
        if (IN_LIST(HURT, c->w[before])) return "injured";
    }
    if (head != (size_t)-1) {
        if (IN_LIST(DEAD, c->w[head])) return "dead";
        if (IN_LIST(HURT, c->w[head])) return "injured";
        if (!is(c, head, "people") && !is(c, head, "persons") && !is(c, head, "civilians") &&
            !is(c, head, "workers") && !is(c, head, "others"))
            return NULL;
    }
    /* "14 people were killed", "killing 14", "a death toll of 19" */
    for (size_t k = after; k < c->se && k < after + 4; k++) {
        if (IN_LIST(DEAD, c->w[k])) return "dead";
        if (IN_LIST(HURT, c->w[k])) return "injured";
        if (is_punct(c, k)) break;
    }
    if (head == (size_t)-1) {
        size_t b = after >= 6 ? after - 6 : 0;
        for (size_t k = after; k-- > (b > c->sb ? b : c->sb);) {
            if (is(c, k, "toll") && k > c->sb && is(c, k - 1, "death")) return "dead";
            if (IN_LIST(DEAD, c->w[k]) && (is(c, k, "killed") || is(c, k, "killing"))) return "dead";
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------------
 * Building a quantity
 * ---------------------------------------------------------------------- */

/* The hedge before token i: sets *h and returns its first token (i when none). */
static size_t read_hedge(const qctx *c, size_t i, qty_hedge *h) {
    *h = QTY_EXACT;
    for (size_t k = 0; k < sizeof(HEDGES) / sizeof(HEDGES[0]); k++) {
        const hedge_t *hd = &HEDGES[k];
        if (i < c->sb + (size_t)hd->n) continue;
        int ok = 1;
        for (int j = 0; j < hd->n && ok; j++) ok = is(c, i - (size_t)hd->n + (size_t)j, hd->words[j]);
        if (!ok) continue;
        *h = hd->h;
        return i - (size_t)hd->n;
    }
    return i;
}

static void interval(qty_t *q, int approx) {
    double v = q->value;
    switch (q->hedge) {
    case QTY_ABOUT: q->lo = v * 0.9; q->hi = v * 1.1; break;
    case QTY_NEARLY: q->lo = v * 0.9; q->hi = v; break;
    case QTY_OVER: case QTY_ATLEAST: q->lo = v; q->hi = INFINITY; break;
    case QTY_UNDER: case QTY_UPTO: q->lo = 0; q->hi = v; break;
    case QTY_RANGE: case QTY_VAGUE: break;   /* set by the caller */
    default:
        q->lo = approx ? v * 0.9 : v;
        q->hi = approx ? v * 1.1 : v;
    }
}

static int push(qty_list *l, const qty_t *q) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        qty_t *v = realloc(l->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *q;
    return TL_OK;
}

static void set_head(qctx *c, qty_t *q, size_t b, size_t head) {
    if (head == (size_t)-1) return;
    if (b == (size_t)-1 || b > head) b = head;
    q->head_start = c->t[b].start;
    q->head_end = c->t[head].end;
    head_key(c, c->w[head], q->head, sizeof(q->head));
    if (IN_LIST(EVENT_NOUNS, c->w[head])) q->event_bound = 1;
}

/* Make the quantity of number nm (its hedge read from before b0); *next
 * gets the token to resume at. 0 when it is not a quantity. */
static int build(qctx *c, const num_t *nm0, qty_t *q, size_t *next) {
    num_t nm = *nm0;
    memset(q, 0, sizeof(*q));
    size_t b = nm.b, e = nm.e;
    double v = nm.v;
    const char *tail = nm.tail;
    *next = e;

    /* currency symbols and codes before the number */
    const char *curr = NULL;
    if (b > c->sb) {
        size_t p = b - 1;
        if (tok_is(c, p, "$")) { curr = "USD"; b = p; if (p > c->sb && (is(c, p - 1, "us") || is(c, p - 1, "u.s"))) b = p - 1; }
        else if (tok_is(c, p, "€")) { curr = "EUR"; b = p; }
        else if (tok_is(c, p, "£")) { curr = "GBP"; b = p; }
        else if (tok_is(c, p, "¥")) { curr = "JPY"; b = p; }
        else if (c->t[p].flags & TOK_ALLCAP) {
            const curr_t *cu = bsearch(c->w[p], CURRENCIES, sizeof(CURRENCIES) / sizeof(CURRENCIES[0]),
                                       sizeof(CURRENCIES[0]), cu_cmp);
            if (cu) { curr = cu->code; b = p; }
        }
    }
    /* glued scale: "4.2bn", "$50m" */
    if (nm.suffix[0]) {
        const wordval *sc = WV_FIND(SCALES, nm.suffix);
        if (sc && (curr || strlen(nm.suffix) > 1)) v *= sc->v;
        else if (strcmp(nm.suffix, "st") && strcmp(nm.suffix, "nd") && strcmp(nm.suffix, "rd") &&
                 strcmp(nm.suffix, "th") && strcmp(nm.suffix, "s")) {
            /* a glued unit: "30m", "10km" */
            const unitval *u = bsearch(nm.suffix, MEASURES, sizeof(MEASURES) / sizeof(MEASURES[0]),
                                       sizeof(MEASURES[0]), uv_cmp);
            if (!u) return 0;
            tail = u->w;
        }
    }
    /* a scale word after the currency-less digits was read by read_number;
     * after a currency symbol, also "m"/"bn" as separate words */
    if (curr && !nm.suffix[0]) {
        const wordval *sc = WV_FIND(SCALES, W(c, e));
        if (sc && (c->t[nm.b].flags & TOK_NUM) && e == nm.b + 1) { v *= sc->v; e++; }
    }

    qty_hedge h;
    size_t hb = read_hedge(c, b, &h);
    q->hedge = h;

    /* ranges: "between 3 and 5", "3 to 5", "3-5" (not "from 3 to 5") */
    double hi_v = NAN;
    if (!nm.frac && !nm.vague && e + 1 < c->se &&
        (is(c, e, "to") || tok_is(c, e, "–") || tok_is(c, e, "-") ||
         (is(c, e, "and") && hb > c->sb && is(c, hb - 1, "between")))) {
        num_t n2;
        int from = hb > c->sb && is(c, hb - 1, "from");
        if (!from && read_number(c, e + 1, &n2) && !n2.frac && !n2.vague && n2.v > v) {
            hi_v = n2.v;
            if (n2.suffix[0]) {
                const wordval *sc2 = WV_FIND(SCALES, n2.suffix);
                if (sc2) hi_v *= sc2->v;
            }
            if (nm.v != 0 && v != nm.v && hi_v == n2.v) hi_v *= v / nm.v;   /* "$3bn to 5" */
            if (n2.v != 0 && hi_v / n2.v >= 1000 && v == nm.v) v *= hi_v / n2.v; /* "3 to 5 million" */
            if (is(c, e, "and")) hb--;
            e = n2.e;
            tail = n2.tail[0] ? n2.tail : tail;
            q->hedge = QTY_RANGE;
        }
    }

    /* the unit after the number */
    const char *u1 = tail[0] ? tail : W(c, e);
    size_t ue = tail[0] ? e : e + 1;   /* token after the unit */
    const wordval *tu = WV_FIND(TIME_UNITS, u1);
    const unitval *mu = bsearch(u1, MEASURES, sizeof(MEASURES) / sizeof(MEASURES[0]),
                                sizeof(MEASURES[0]), uv_cmp);
    const curr_t *cu = (c->t[tail[0] ? nm.b : e < c->n ? e : nm.b].flags & TOK_WORD)
                           ? bsearch(u1, CURRENCIES, sizeof(CURRENCIES) / sizeof(CURRENCIES[0]),
                                     sizeof(CURRENCIES[0]), cu_cmp)
                           : NULL;
    int pct = !tail[0] && (tok_is(c, e, "%") || is(c, e, "percent") || is(c, e, "pct") ||
                           (is(c, e, "per") && is(c, e + 1, "cent")));
    int approx = 0;
    double mult = 1;
    size_t head = (size_t)-1, hb_np = (size_t)-1;

    if (nm.ord) {
        q->kind = QTY_ORDINAL;
        hb_np = e;
        head = np_after(c, e, 3, NULL);
    } else if (nm.frac) {
        q->kind = QTY_PERCENT;
        mult = 100;
        approx = 1;
        strcpy(q->unit, "%");
        e = nm.e;
        if (is(c, e, "of")) { hb_np = e + 1; head = np_after(c, e + 1, 4, NULL); }
    } else if (pct) {
        q->kind = QTY_PERCENT;
        strcpy(q->unit, "%");
        e = is(c, e, "per") ? e + 2 : e + 1;
        if (is(c, e, "points")) e++;
        else if (is(c, e, "percentage") && is(c, e + 1, "points")) e += 2;
        if (is(c, e, "of")) { hb_np = e + 1; head = np_after(c, e + 1, 4, NULL); }
        else if (content_word(c, e) && !IN_LIST(VERBS, c->w[e])) { hb_np = e; head = np_after(c, e, 3, NULL); }
        else head = noun_before(c, hb, 8);
    } else if (curr || cu) {
        q->kind = QTY_MONEY;
        snprintf(q->unit, sizeof(q->unit), "%s", curr ? curr : cu->code);
        if (!curr) e = ue;
        if (is(c, e, "worth") && is(c, e + 1, "of")) { hb_np = e + 2; head = np_after(c, e + 2, 3, NULL); }
        else if (hb > c->sb && is(c, hb - 1, "worth")) head = noun_before(c, hb - 1, 4);
        else if (hb > c->sb && (is(c, hb - 1, "for") || is(c, hb - 1, "at"))) {
            head = (size_t)-1;
            snprintf(q->head, sizeof(q->head), "price");
        } else if (content_word(c, e) && !IN_LIST(VERBS, c->w[e])) { hb_np = e; head = np_after(c, e, 3, NULL); }
        else head = noun_before(c, hb, 8);
    } else if (tu) {
        if (tail[0] && is(c, e, "old")) return 0;   /* "a 45-year-old" */
        q->kind = QTY_DURATION;
        mult = tu->v;
        strcpy(q->unit, "s");
        e = ue;
        if (tail[0] && content_word(c, e)) { hb_np = e; head = np_after(c, e, 3, NULL); }   /* a 40-minute call */
        else if (is(c, e, "of") && content_word(c, e + 1)) { hb_np = e + 1; head = np_after(c, e + 1, 3, NULL); }
        else head = event_before(c, hb, 14);
        q->event_bound = 1;
    } else if (mu) {
        q->kind = QTY_MEASURE;
        mult = mu->v;
        snprintf(q->unit, sizeof(q->unit), "%s", mu->unit);
        e = ue;
        if (tail[0] && content_word(c, e)) { hb_np = e; head = np_after(c, e, 3, NULL); }
        else head = noun_before(c, hb, 8);
    } else if ((nm.suffix[0] && (!strcmp(nm.suffix, "st") || !strcmp(nm.suffix, "nd") ||
                                !strcmp(nm.suffix, "rd") || !strcmp(nm.suffix, "th")))) {
        q->kind = QTY_ORDINAL;
        hb_np = e;
        head = np_after(c, e, 3, NULL);
    } else if ((c->t[nm.b].flags & TOK_NUM) && !nm.suffix[0] && e == nm.b + 1 && v >= 1800 &&
               v <= 2199 && v == floor(v) && !memchr(c->text + c->t[nm.b].start, ',',
                                                     c->t[nm.b].end - c->t[nm.b].start) &&
               !(content_word(c, e) && plural_like(c->w[e]))) {
        q->kind = QTY_YEAR;
        strcpy(q->unit, "year");
        if (q->hedge != QTY_EXACT && q->hedge != QTY_RANGE) { q->hedge = QTY_EXACT; hb = b; }
    } else {
        if (tail[0]) return 0;
        q->kind = QTY_COUNT;
        size_t np_end = e;
        if (nm.vague || v != 1) {
            hb_np = e;
            head = np_after(c, e, 3, &np_end);
        } else if (content_word(c, e)) {
            hb_np = e;
            head = np_after(c, e, 1, &np_end);
        }
        const char *cas = casualty(c, hb > c->sb ? hb - 1 : (size_t)-1, head,
                                   head == (size_t)-1 ? e : np_end);
        if (head == (size_t)-1 && !cas) {
            /* "the death toll rose to 19", "the number of ... reached 40" */
            static const char *const TOTALS[] = {"count", "figure", "number", "population",
                                                 "tally", "toll", "total", "turnout"};
            head = noun_before(c, hb, 5);
            hb_np = (size_t)-1;
            if (head == (size_t)-1 || !IN_LIST(TOTALS, c->w[head]))
                return 0;   /* a bare number with nothing measured */
        }
        if (v == 1 && !(c->t[nm.b].flags & TOK_NUM) && q->hedge == QTY_EXACT && !nm.vague)
            return 0;   /* "one senior official": a determiner more than a count */
        if (!(c->t[nm.b].flags & TOK_NUM) && q->hedge == QTY_EXACT && hb > c->sb &&
            (is(c, hb - 1, "the") || is(c, hb - 1, "both") || is(c, hb - 1, "these") ||
             is(c, hb - 1, "those")))
            return 0;   /* "the two leaders": a known set, not a claim */
        if (cas) {
            strcpy(q->unit, cas);
            snprintf(q->head, sizeof(q->head), "%s", cas);
            if (head != (size_t)-1) {
                q->head_start = c->t[hb_np == (size_t)-1 || hb_np > head ? head : hb_np].start;
                q->head_end = c->t[head].end;
            }
            head = (size_t)-1;
        } else {
            singular(c->w[head], q->unit, sizeof(q->unit));
        }
    }

    q->value = v * mult;
    if (nm.vague) {
        q->hedge = QTY_VAGUE;
        q->lo = nm.lo * mult;
        q->hi = nm.hi * mult;
    } else if (q->hedge == QTY_RANGE) {
        q->lo = q->value;
        q->hi = hi_v * mult;
        q->value = (q->lo + q->hi) / 2;   /* a range's value is its midpoint */
    } else {
        interval(q, approx);
    }
    set_head(c, q, hb_np, head);
    if (q->kind == QTY_DURATION) q->event_bound = 1;

    q->start = c->t[hb].start;
    size_t last = e > nm.e ? e : nm.e;
    size_t shown = last;
    while (shown > nm.b + 1 && is(c, shown - 1, "of")) shown--;   /* "hundreds of thousands" */
    q->end = c->t[shown - 1].end;
    q->sent_start = c->s0;
    q->sent_end = c->s1;
    *next = last;
    return 1;
}

/* ------------------------------------------------------------------------
 * Driver
 * ---------------------------------------------------------------------- */

int qty_find(const char *text, size_t len, const tok_list *toks, qty_list *out, tl_err *e) {
    tok_list own = TOK_LIST_INIT;
    sent_list sl = SENT_LIST_INIT;
    qctx c;
    memset(&c, 0, sizeof(c));
    int rc = TL_OK;
    if (!toks) {
        rc = tok_text(text, len, &own);
        if (rc != TL_OK) goto error;
        toks = &own;
    }
    rc = sent_split(text, len, &sl);
    if (rc != TL_OK) goto error;
    c.text = text;
    c.t = toks->v;
    c.n = toks->n;
    c.w = c.n ? malloc(c.n * sizeof(*c.w)) : NULL;
    if (c.n && !c.w) { rc = TL_ENOMEM; goto error; }
    for (size_t i = 0; i < c.n; i++) {
        c.w[i][0] = '\0';
        if (c.t[i].flags & (TOK_WORD | TOK_NUM))
            tok_fold_word(text + c.t[i].start, c.t[i].end - c.t[i].start, c.w[i], WMAX);
    }
    size_t i = 0;
    for (size_t s = 0; s < sl.n; s++) {
        c.s0 = sl.v[s].start;
        c.s1 = sl.v[s].end;
        c.sb = (uint32_t)tok_index_at(toks, c.s0);
        c.se = (uint32_t)tok_index_at(toks, c.s1);
        if (i < c.sb) i = c.sb;
        while (i < c.se) {
            num_t nm;
            qty_t q;
            size_t next;
            if (!c.w[i][0] || !read_number(&c, i, &nm) || is_date_or_time(&c, &nm) ||
                is_name_number(&c, &nm) || !build(&c, &nm, &q, &next)) {
                i++;
                continue;
            }
            if (push(out, &q) != TL_OK) { rc = TL_ENOMEM; goto error; }
            i = next > i ? next : i + 1;
        }
    }
error:
    if (rc == TL_ENOMEM) err_set(e, rc, "out of memory reading quantities");
    else if (rc != TL_OK) err_set(e, rc, "text too long for quantities");
    free(c.w);
    stem_free(c.stem);
    sent_list_free(&sl);
    tok_list_free(&own);
    return rc;
}

void qty_list_free(qty_list *l) {
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* ------------------------------------------------------------------------
 * Names and formatting
 * ---------------------------------------------------------------------- */

static const char *const KIND_NAMES[QTY_NKINDS] = {"percent", "money", "duration", "count",
                                                   "year",    "ordinal", "measure"};
static const char *const HEDGE_NAMES[QTY_NHEDGES] = {"exact", "about", "nearly", "over", "under",
                                                     "upto",  "atleast", "range", "vague"};

const char *qty_kind_name(qty_kind k) { return (unsigned)k < QTY_NKINDS ? KIND_NAMES[k] : "?"; }
const char *qty_hedge_name(qty_hedge h) { return (unsigned)h < QTY_NHEDGES ? HEDGE_NAMES[h] : "?"; }

int qty_kind_parse(const char *s) {
    for (int k = 0; k < QTY_NKINDS; k++) if (!strcmp(s, KIND_NAMES[k])) return k;
    return -1;
}

int qty_hedge_parse(const char *s) {
    for (int k = 0; k < QTY_NHEDGES; k++) if (!strcmp(s, HEDGE_NAMES[k])) return k;
    return -1;
}

/* 4200000000 -> "4.2 billion", 1000 -> "1,000" */
static void fmt_num(double v, char *out, size_t cap) {
    static const struct { double s; const char *w; } SC[] = {
        {1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}};
    for (size_t k = 0; k < 3; k++) {
        if (fabs(v) >= SC[k].s) { snprintf(out, cap, "%.4g %s", v / SC[k].s, SC[k].w); return; }
    }
    if (v != floor(v) || fabs(v) < 1000) { snprintf(out, cap, "%.4g", v); return; }
    char digits[32];
    snprintf(digits, sizeof(digits), "%.0f", v);
    size_t n = strlen(digits), j = 0;
    for (size_t k = 0; k < n && j + 2 < cap; k++) {
        if (k && (n - k) % 3 == 0 && digits[k - 1] != '-') out[j++] = ',';
        out[j++] = digits[k];
    }
    out[j] = '\0';
}

void qty_format(const qty_t *q, char *out, size_t cap) {
    char n[48];
    double v = q->value;
    switch (q->kind) {
    case QTY_PERCENT: snprintf(out, cap, "%.3g%%", v); return;
    case QTY_MONEY:
        fmt_num(v, n, sizeof(n));
        if (!strcmp(q->unit, "USD")) snprintf(out, cap, "$%s", n);
        else if (!strcmp(q->unit, "EUR")) snprintf(out, cap, "€%s", n);
        else if (!strcmp(q->unit, "GBP")) snprintf(out, cap, "£%s", n);
        else snprintf(out, cap, "%s %s", n, q->unit);
        return;
    case QTY_DURATION: {
        static const struct { double s; const char *u; } D[] = {
            {31557600, "years"}, {2629800, "months"}, {604800, "weeks"}, {86400, "days"},
            {3600, "h"}, {60, "min"}, {1, "s"}};
        for (size_t k = 0; k < sizeof(D) / sizeof(D[0]); k++) {
            if (v >= D[k].s || k + 1 == sizeof(D) / sizeof(D[0])) {
                snprintf(out, cap, "%.3g %s", v / D[k].s, D[k].u);
                return;
            }
        }
        return;
    }
    case QTY_YEAR: snprintf(out, cap, "%.0f", v); return;
    case QTY_ORDINAL: snprintf(out, cap, "#%.0f", v); return;
    default:
        fmt_num(v, n, sizeof(n));
        if (q->unit[0]) snprintf(out, cap, "%s %s", n, q->unit);
        else snprintf(out, cap, "%s", n);
    }
}
