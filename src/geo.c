/* geo.c -- country, demonym, capital and seat-of-power lookup (see geo.h).
 *
 * The first lookup builds, under pthread_once, an open-addressing hash
 * table from every name of the hand-written table (src/geo_data.c) to its
 * country and kind. Keys are normalized the same way as queries: folded
 * (tok_fold: lower case, no diacritics, ’ -> '), periods dropped ("u.s."
 * -> "us"), runs of spaces and hyphens made one space, a leading "the "
 * dropped. The table holds ~1,300 names; the index is ~40 KB and lives as
 * long as the process (never freed, like the stopword set).
 */
#include "geo.h"
#include "geo_data.h"
#include "tok.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define GEO_MAXKEY 64
#define GEO_SLOTS 4096                /* > 3 x the names: short probe runs */

typedef struct {
    char key[GEO_MAXKEY];
    uint8_t len;                      /* 0 = empty slot */
    uint8_t kind;                     /* geo_kind */
    uint16_t row;                     /* index into GEO_ROWS / COUNTRIES */
} geo_slot;

static geo_slot SLOTS[GEO_SLOTS];
static geo_country *COUNTRIES;        /* one per row */
static pthread_once_t ONCE = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------------------
 * Keys
 * ---------------------------------------------------------------------- */

/* Normalize name[0..n) into key (GEO_MAXKEY bytes); returns its length, 0
 * when empty or too long. */
static size_t normalize(const char *name, size_t n, char *key) {
    char fold[GEO_MAXKEY * 2];
    if (n >= sizeof(fold)) return 0;
    size_t fn = tok_fold(name, n, fold, sizeof(fold));
    size_t k = 0;
    int space = 1;                    /* drop leading blanks */
    for (size_t i = 0; i < fn; i++) {
        char ch = fold[i];
        if (ch == '.') continue;
        if (ch == ' ' || ch == '-' || ch == '\t' || ch == '\n') {
            if (!space && k < GEO_MAXKEY) key[k++] = ' ';
            space = 1;
            continue;
        }
        if (k >= GEO_MAXKEY) return 0;
        key[k++] = ch;
        space = 0;
    }
    while (k > 0 && key[k - 1] == ' ') k--;
    if (k > 4 && memcmp(key, "the ", 4) == 0) {
        memmove(key, key + 4, k - 4);
        k -= 4;
    }
    return k;
}

static uint32_t slot_of(const char *key, size_t n) {
    return (uint32_t)(XXH3_64bits(key, n) & (GEO_SLOTS - 1));
}

/* Add one name; the first entry of a name wins (table order decides). */
static void add(const char *name, size_t n, geo_kind kind, size_t row) {
    char key[GEO_MAXKEY];
    size_t k = normalize(name, n, key);
    if (!k) return;
    for (uint32_t h = slot_of(key, k);; h = (h + 1) & (GEO_SLOTS - 1)) {
        geo_slot *s = &SLOTS[h];
        if (!s->len) {
            memcpy(s->key, key, k);
            s->len = (uint8_t)k;
            s->kind = (uint8_t)kind;
            s->row = (uint16_t)row;
            return;
        }
        if (s->len == k && memcmp(s->key, key, k) == 0) return;
    }
}

static void add_list(const char *list, geo_kind kind, size_t row) {
    for (const char *p = list; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        add(p, n, kind, row);
        p = bar ? bar + 1 : p + n;
    }
}

static void build(void) {
    COUNTRIES = calloc(GEO_NROWS, sizeof(geo_country));
    if (!COUNTRIES) return;           /* lookups then find nothing */
    /* all country names first, so that a country name shadows a capital
     * or demonym spelled the same ("Singapore", "Luxembourg") */
    for (size_t r = 0; r < GEO_NROWS; r++) {
        const geo_row *g = &GEO_ROWS[r];
        COUNTRIES[r] = (geo_country){g->code, g->name, g->capital};
        add(g->name, strlen(g->name), GEO_COUNTRY, r);
        add_list(g->aliases, GEO_COUNTRY, r);
    }
    for (size_t r = 0; r < GEO_NROWS; r++) add_list(GEO_ROWS[r].demonyms, GEO_DEMONYM, r);
    for (size_t r = 0; r < GEO_NROWS; r++) add_list(GEO_ROWS[r].capitals, GEO_CAPITAL, r);
    for (size_t r = 0; r < GEO_NROWS; r++) add_list(GEO_ROWS[r].seats, GEO_SEAT, r);
}

/* ------------------------------------------------------------------------
 * Lookup
 * ---------------------------------------------------------------------- */

int geo_lookup(const char *name, size_t n, geo_hit *out) {
    pthread_once(&ONCE, build);
    if (!COUNTRIES) return 0;
    char key[GEO_MAXKEY];
    size_t k = normalize(name, n, key);
    if (!k) return 0;
    for (uint32_t h = slot_of(key, k);; h = (h + 1) & (GEO_SLOTS - 1)) {
        const geo_slot *s = &SLOTS[h];
        if (!s->len) return 0;
        if (s->len == k && memcmp(s->key, key, k) == 0) {
            out->country = &COUNTRIES[s->row];
            out->kind = (geo_kind)s->kind;
            return 1;
        }
    }
}

const geo_country *geo_country_by_code(const char *code) {
    pthread_once(&ONCE, build);
    if (!COUNTRIES || !code) return NULL;
    for (size_t r = 0; r < GEO_NROWS; r++)
        if (strcmp(COUNTRIES[r].code, code) == 0) return &COUNTRIES[r];
    return NULL;
}

size_t geo_count(void) { return GEO_NROWS; }

const geo_country *geo_country_at(size_t i) {
    pthread_once(&ONCE, build);
    return COUNTRIES && i < GEO_NROWS ? &COUNTRIES[i] : NULL;
}
