/* feat.c -- article features for placement (see feat.h). */
#include "feat.h"
#include "err.h"
#include "stem.h"
#include "stop.h"
#include "tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* XXH3 inlined from the header (same hashes as libxxhash): the per-token
 * calls on short strings through the shared library's dispatch were 3%
 * of 'trilat cluster'. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#define FEAT_MAX_WORD 64
#define FEAT_STEMMERS 8

struct feat_ctx {
    tok_list toks;
    uint64_t *hashes;           /* body token hashes for MinHash */
    size_t nh, caph;
    /* term accumulation: open addressing id -> slot in the doc arrays */
    uint32_t *map;              /* index + 1, 0 empty */
    size_t mapcap;
    struct { char lang[8]; stem_t *st; } stemmers[FEAT_STEMMERS];
    int nstemmers;
    /* scratch for sorting a document's terms by id */
    uint64_t *keys, *keys2;
    float *tf;
    uint8_t *name;
    size_t capsort;
};

feat_ctx *feat_new(void) {
    feat_ctx *c = calloc(1, sizeof(*c));
    if (!c) return NULL;
    c->mapcap = 1 << 12;
    c->map = calloc(c->mapcap, sizeof(uint32_t));
    if (!c->map) { free(c); return NULL; }
    return c;
}

void feat_free(feat_ctx *c) {
    if (!c) return;
    tok_list_free(&c->toks);
    free(c->hashes);
    free(c->map);
    free(c->keys);
    free(c->keys2);
    free(c->tf);
    free(c->name);
    for (int i = 0; i < c->nstemmers; i++) stem_free(c->stemmers[i].st);
    free(c);
}

void feat_doc_free(feat_doc *d) {
    free(d->ids);
    free(d->tf);
    free(d->name);
    d->ids = NULL;
    d->tf = NULL;
    d->name = NULL;
    d->n = d->cap = 0;
}

static stem_t *stemmer_for(feat_ctx *c, const char *lang) {
    if (!lang || !*lang) lang = "en";
    for (int i = 0; i < c->nstemmers; i++)
        if (strcmp(c->stemmers[i].lang, lang) == 0) return c->stemmers[i].st;
    stem_t *st = stem_new(lang);
    if (!st) return NULL;
    if (c->nstemmers == FEAT_STEMMERS) {       /* rare: evict the last */
        stem_free(c->stemmers[FEAT_STEMMERS - 1].st);
        c->nstemmers--;
    }
    snprintf(c->stemmers[c->nstemmers].lang, sizeof(c->stemmers[0].lang), "%s", lang);
    c->stemmers[c->nstemmers++].st = st;
    return st;
}

/* Add weight w to term id in d (through the ctx map). */
static int add_term(feat_ctx *c, feat_doc *d, uint32_t id, float w, int name) {
    size_t mask = c->mapcap - 1, i = (id * 2654435761u) & mask;
    for (; c->map[i]; i = (i + 1) & mask) {
        uint32_t k = c->map[i] - 1;
        if (d->ids[k] == id) { d->tf[k] += w; d->name[k] |= (uint8_t)name; return TL_OK; }
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        uint32_t *ids = realloc(d->ids, cap * sizeof(uint32_t));
        if (!ids) return TL_ENOMEM;
        d->ids = ids;
        float *tf = realloc(d->tf, cap * sizeof(float));
        if (!tf) return TL_ENOMEM;
        d->tf = tf;
        uint8_t *nm = realloc(d->name, cap);
        if (!nm) return TL_ENOMEM;
        d->name = nm;
        d->cap = cap;
    }
    d->ids[d->n] = id;
    d->tf[d->n] = w;
    d->name[d->n] = (uint8_t)name;
    c->map[i] = (uint32_t)++d->n;
    if (d->n * 2 > c->mapcap) {                /* grow and rehash */
        size_t cap = c->mapcap * 2;
        uint32_t *m = calloc(cap, sizeof(uint32_t));
        if (!m) return TL_ENOMEM;
        for (size_t k = 0; k < d->n; k++) {
            size_t j = (d->ids[k] * 2654435761u) & (cap - 1);
            while (m[j]) j = (j + 1) & (cap - 1);
            m[j] = (uint32_t)k + 1;
        }
        free(c->map);
        c->map = m;
        c->mapcap = cap;
    }
    return TL_OK;
}

/* An opening quote mark: the word after it opens a quoted sentence and is
 * capitalized for that reason ("told reporters, “Today’s talks…”"). A
 * straight double quote opens when space (or the start) is before it and
 * a non-space after it. */
static int is_open_quote(const char *s, size_t len, const tok_t *t) {
    size_t n = t->end - t->start;
    if (n == 1 && s[t->start] == '"')
        return (t->start == 0 || s[t->start - 1] == ' ' || s[t->start - 1] == '\n' ||
                s[t->start - 1] == '(') &&
               t->end < len && s[t->end] != ' ' && s[t->end] != '\n';
    /* “ and ‘ */
    return n == 3 && (memcmp(s + t->start, "\xE2\x80\x9C", 3) == 0 ||
                      memcmp(s + t->start, "\xE2\x80\x98", 3) == 0);
}

/* Is the line holding tokens [i, j) a heading: 2 to HEADING_WORDS words,
 * no final sentence punctuation, and every word of three letters or more
 * capitalized ("Hot Mic Moment", "Security Guarantees Under Review")?
 * Headings are written in title case, so their capitals do not mark
 * names. */
#define HEADING_WORDS 12
static int is_heading(const char *s, const tok_list *tl, size_t i, size_t j) {
    size_t words = 0, caps = 0;
    const tok_t *last = NULL;
    for (size_t k = i; k < j; k++) {
        const tok_t *t = &tl->v[k];
        last = t;
        if (!(t->flags & TOK_WORD)) continue;
        words++;
        if (t->end - t->start >= 3 && !(t->flags & (TOK_CAP | TOK_NUM))) return 0;
        if (t->flags & TOK_CAP) caps++;
    }
    if (words < 2 || words > HEADING_WORDS || caps < 2 || !last) return 0;
    char ch = s[last->start];
    return !(last->end - last->start == 1 && (ch == '.' || ch == '!' || ch == '?' || ch == ':'));
}

/* End (exclusive token index) of the line that starts at token i. */
static size_t line_end(const char *s, const tok_list *tl, size_t i) {
    size_t k = i + 1;
    for (; k < tl->n; k++)
        if (memchr(s + tl->v[k - 1].end, '\n', tl->v[k].start - tl->v[k - 1].end)) break;
    return k;
}

/* Remove the periods of a dotted abbreviation ("u.s." -> "us",
 * "d.c." -> "dc"); returns the new length. */
static size_t undot(char *w, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] != '.') w[k++] = w[i];
    return k;
}

/* An all-capitals word between words that are not: an acronym ("US",
 * "IT"), never a stopword. Inside an all-capitals headline it is just a
 * word. */
static int lone_allcap(const tok_list *tl, size_t i) {
    if (!(tl->v[i].flags & (TOK_ALLCAP | TOK_ABBR)) || !(tl->v[i].flags & TOK_CAP)) return 0;
    for (size_t k = i; k-- > 0;)
        if (tl->v[k].flags & TOK_WORD) { if (tl->v[k].flags & TOK_ALLCAP) return 0; break; }
    for (size_t k = i + 1; k < tl->n; k++)
        if (tl->v[k].flags & TOK_WORD) { if (tl->v[k].flags & TOK_ALLCAP) return 0; break; }
    return 1;
}

static int is_sentence_end(const char *s, const tok_t *t) {
    char ch = s[t->start];
    if (t->end - t->start == 1 && (ch == '.' || ch == '!' || ch == '?' || ch == ':')) return 1;
    /* closing curly quote ” */
    return t->end - t->start == 3 && memcmp(s + t->start, "\xE2\x80\x9D", 3) == 0;
}

/* Tokenize one field and add its terms; body tokens also feed MinHash. */
static int add_field(feat_ctx *c, vocab *v, stem_t *st, const char *s, size_t len,
                     float base, int body, feat_doc *d) {
    c->toks.n = 0;
    if (tok_text(s, len, &c->toks) != TL_OK) return TL_ENOMEM;
    char fold[FEAT_MAX_WORD * 2];
    int sentence_start = 1;
    size_t line_stop = 0;                      /* token index where the line ends */
    int heading = 0;                           /* the current line is a heading */
    for (size_t i = 0; i < c->toks.n; i++) {
        const tok_t *t = &c->toks.v[i];
        if (i >= line_stop) {                  /* a new line: a new sentence */
            line_stop = line_end(s, &c->toks, i);
            heading = is_heading(s, &c->toks, i, line_stop);
            sentence_start = 1;
        }
        if (!(t->flags & (TOK_WORD | TOK_NUM))) {
            if (is_sentence_end(s, t) || is_open_quote(s, len, t)) sentence_start = 1;
            continue;
        }
        int at_start = sentence_start || heading;
        sentence_start = 0;
        size_t n = tok_fold(s + t->start, t->end - t->start, fold, sizeof(fold));
        if (!n) continue;
        if (body) {
            if (c->nh == c->caph) {
                size_t cap = c->caph ? c->caph * 2 : 1024;
                uint64_t *h = realloc(c->hashes, cap * sizeof(uint64_t));
                if (!h) return TL_ENOMEM;
                c->hashes = h;
                c->caph = cap;
            }
            c->hashes[c->nh++] = XXH3_64bits(fold, n);
        }
        d->ntokens++;
        if ((t->flags & TOK_NUM) && n == 4 && (memcmp(fold, "19", 2) == 0 || memcmp(fold, "20", 2) == 0)) {
            char yr[8] = "#";                    /* a year: tells same-kind events apart */
            memcpy(yr + 1, fold, 4);
            uint32_t id = voc_id(v, yr, 5, 1);
            if (id == VOC_NONE || add_term(c, d, id, base, 0) != TL_OK) return TL_ENOMEM;
            continue;
        }
        if (t->flags & TOK_ABBR) n = undot(fold, n);  /* "U.S." is "US" */
        if ((t->flags & TOK_NUM) || n < 2 || n > FEAT_MAX_WORD ||
            (stop_is(fold, n) && !lone_allcap(&c->toks, i)))
            continue;
        size_t sn;
        const char *stem0 = stem_word(st, fold, n, &sn);
        if (!stem0 || !sn || sn > FEAT_MAX_WORD) continue;
        char stem[FEAT_MAX_WORD + 1];
        memcpy(stem, stem0, sn);
        sn = tok_variant_key(stem, sn);
        uint32_t id = voc_id(v, stem, sn, 1);
        if (id == VOC_NONE) return TL_ENOMEM;
        voc_set_surface(v, id, fold, n);
        float w = base;
        int cap = (t->flags & (TOK_CAP | TOK_ALLCAP)) != 0;
        if (cap && !at_start) w *= FEAT_NAME_BOOST;
        if (add_term(c, d, id, w, cap && !at_start) != TL_OK) return TL_ENOMEM;
    }
    return TL_OK;
}

/* Sort d's terms by id, carrying tf and name along. Keys are
 * (id << 32 | index) with distinct ids, sorted by an LSD radix sort on
 * the id bytes that are not zero in every id (two passes below 65,536
 * terms): qsort with a callback cost ~50,000 instructions per article. */
static int sort_by_id(feat_ctx *c, feat_doc *d) {
    size_t n = d->n;
    if (n > c->capsort) {
        size_t cap = n > 1024 ? n : 1024;
        uint64_t *k1 = realloc(c->keys, cap * sizeof(uint64_t));
        if (k1) c->keys = k1;
        uint64_t *k2 = realloc(c->keys2, cap * sizeof(uint64_t));
        if (k2) c->keys2 = k2;
        float *tf = realloc(c->tf, cap * sizeof(float));
        if (tf) c->tf = tf;
        uint8_t *nm = realloc(c->name, cap);
        if (nm) c->name = nm;
        if (!k1 || !k2 || !tf || !nm) return TL_ENOMEM;
        c->capsort = cap;
    }
    uint64_t *a = c->keys, *b = c->keys2;
    uint32_t all = 0;
    for (size_t i = 0; i < n; i++) {
        a[i] = ((uint64_t)d->ids[i] << 32) | i;
        all |= d->ids[i];
    }
    for (int shift = 32; shift < 64 && (all >> (shift - 32)); shift += 8) {
        size_t cnt[256] = {0};
        for (size_t i = 0; i < n; i++) cnt[(a[i] >> shift) & 0xff]++;
        for (size_t i = 0, sum = 0; i < 256; i++) {
            size_t x = cnt[i];
            cnt[i] = sum;
            sum += x;
        }
        for (size_t i = 0; i < n; i++) b[cnt[(a[i] >> shift) & 0xff]++] = a[i];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    memcpy(c->tf, d->tf, n * sizeof(float));
    memcpy(c->name, d->name, n);
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)(uint32_t)a[i];
        d->ids[i] = (uint32_t)(a[i] >> 32);
        d->tf[i] = c->tf[k];
        d->name[i] = c->name[k];
    }
    return TL_OK;
}

/* Empty c->map again by removing d's terms newest first: that undoes the
 * linear-probing inserts exactly (a rehash reinserts in index order too),
 * and costs a probe per term instead of a memset of the whole table,
 * which had grown to 16 KB or more. */
static void map_clear(feat_ctx *c, const feat_doc *d) {
    size_t mask = c->mapcap - 1;
    for (size_t k = d->n; k-- > 0;) {
        size_t i = (d->ids[k] * 2654435761u) & mask;
        while (c->map[i] != k + 1) i = (i + 1) & mask;
        c->map[i] = 0;
    }
}

int feat_extract(feat_ctx *c, vocab *v, const char *title, const char *text, size_t len,
                 const char *lang, feat_doc *d) {
    d->n = 0;
    d->ntokens = 0;
    c->nh = 0;
    stem_t *st = stemmer_for(c, lang);
    if (!st) return TL_ENOMEM;
    int rc = TL_OK;
    if (title) rc = add_field(c, v, st, title, strlen(title), FEAT_TITLE_BOOST, 0, d);
    if (rc == TL_OK) rc = add_field(c, v, st, text, len, 1.0f, 1, d);
    map_clear(c, d);
    if (rc != TL_OK) return rc;
    mh_signature(c->hashes, c->nh, &d->sig);
    return d->n > 1 ? sort_by_id(c, d) : TL_OK;
}
