/* anl.c -- the per-article analysis, its encoding and decoding (see anl.h). */
#include "anl.h"
#include "date.h"
#include "geo.h"
#include "names.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The build: a hash of libtrilat's sources, written by CMake
 * (cmake/anl_build.cmake) into the build tree. */
extern const char ANL_BUILD[];

/* ------------------------------------------------------------------------
 * Analysis
 * ---------------------------------------------------------------------- */

/* The publication day of a (days since 1970, in the outlet's own offset:
 * "Sunday night" is read against the date its readers saw). 0 when the
 * article is undated. */
static int pub_day(const art_t *a, int64_t *day) {
    date_val d;
    if (!a->published || date_parse(a->published, &d) != TL_OK) return 0;
    int64_t t = d.ts + (int64_t)d.offset_min * 60;
    *day = t / 86400 - (t % 86400 < 0);
    return 1;
}

int anl_article(const ner_model *m, const art_t *a, anl_doc *out, tl_err *e) {
    const char *id = a->id ? a->id : "?";
    ent_span *sp = NULL;
    size_t n = 0;
    int rc = names_find(m, a->text, a->text_len, &sp, &n);
    if (rc == TL_OK) rc = ent_analyze(a->text, a->text_len, sp, n, &out->doc);
    free(sp);
    if (rc != TL_OK) return err_set(e, rc, "analysing article %s: %s", id, err_name(rc));
    out->quotes.n = 0;
    if ((rc = quo_extract(a->text, a->text_len, &out->doc, &out->quotes, e)) != TL_OK) return rc;
    int64_t day = 0;
    int has_pub = pub_day(a, &day);
    out->when.n = 0;
    if (when_find(a->text, a->text_len, has_pub, day, &out->when) != TL_OK)
        return err_set(e, TL_ENOMEM, "out of memory");
    out->events.n = 0;
    return evt_extract(a->text, a->text_len, &out->doc, &out->when, &out->events, e);
}

void anl_producer(const ner_model *m, char *out, size_t cap) {
    uint64_t id = ner_model_id(m);
    if (m) snprintf(out, cap, "anl%d build:%.16s ner:%016llx", ANL_FORMAT, ANL_BUILD,
                    (unsigned long long)id);
    else snprintf(out, cap, "anl%d build:%.16s ner:rules", ANL_FORMAT, ANL_BUILD);
}

/* ------------------------------------------------------------------------
 * Memory
 * ---------------------------------------------------------------------- */

static void locals_clear(ent_doc *d) {
    for (size_t i = 0; i < d->ne; i++) {
        free(d->e[i].name);
        free(d->e[i].key);
        free(d->e[i].role);
        free(d->e[i].affiliation);
    }
    d->ne = 0;
    d->nm = 0;
}

void anl_doc_reset(anl_doc *d) {
    locals_clear(&d->doc);
    d->quotes.n = 0;
    d->when.n = 0;
    d->events.n = 0;
}

void anl_doc_free(anl_doc *d) {
    ent_doc_free(&d->doc);
    quo_list_free(&d->quotes);
    when_list_free(&d->when);
    evt_list_free(&d->events);
}

/* ------------------------------------------------------------------------
 * Encoding
 * ---------------------------------------------------------------------- */

static int put_u(buf_t *b, uint64_t v) {
    unsigned char tmp[10];
    size_t n = 0;
    do {
        unsigned char c = v & 0x7f;
        v >>= 7;
        tmp[n++] = (unsigned char)(c | (v ? 0x80 : 0));
    } while (v);
    return buf_append(b, tmp, n);
}

/* zigzag: small negative numbers stay small */
static int put_s(buf_t *b, int64_t v) {
    return put_u(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* An index that may be -1 (none): stored plus one. */
static int put_ix(buf_t *b, long i) { return put_u(b, i < 0 ? 0 : (uint64_t)i + 1); }

/* A string, or NULL: its length plus one (0 for NULL), then its bytes. */
static int put_str(buf_t *b, const char *s) {
    if (!s) return put_u(b, 0);
    size_t n = strlen(s);
    int rc = put_u(b, (uint64_t)n + 1);
    return rc == TL_OK ? buf_append(b, s, n) : rc;
}

#define PUT(x) do { if ((rc = (x)) != TL_OK) return rc; } while (0)

int anl_encode(const anl_doc *d, buf_t *out) {
    int rc;
    PUT(put_u(out, ANL_FORMAT));
    PUT(put_u(out, d->doc.ne));
    for (size_t i = 0; i < d->doc.ne; i++) {
        const ent_local *l = &d->doc.e[i];
        PUT(put_u(out, (uint64_t)l->type));
        PUT(put_str(out, l->name));
        PUT(put_str(out, l->key));
        PUT(put_str(out, l->role));
        PUT(put_str(out, l->country ? l->country->code : NULL));
        PUT(put_str(out, l->affiliation));
        PUT(put_u(out, l->mentions));
    }
    PUT(put_u(out, d->doc.nm));
    for (size_t i = 0; i < d->doc.nm; i++) {
        const ent_mention *m = &d->doc.m[i];
        PUT(put_u(out, m->start));
        PUT(put_u(out, m->end));
        PUT(put_u(out, m->entity));
        PUT(put_u(out, m->role_start));
        PUT(put_u(out, m->role_end));
    }
    PUT(put_u(out, d->quotes.n));
    for (size_t i = 0; i < d->quotes.n; i++) {
        const quo_quote *q = &d->quotes.v[i];
        PUT(put_u(out, (uint64_t)q->kind));
        PUT(put_u(out, q->start));
        PUT(put_u(out, q->end));
        PUT(put_ix(out, q->entity));
        PUT(put_u(out, q->spk_start));
        PUT(put_u(out, q->spk_end));
        PUT(put_u(out, q->cue_start));
        PUT(put_u(out, q->cue_end));
        PUT(put_u(out, q->chan_start));
        PUT(put_u(out, q->chan_end));
    }
    PUT(put_u(out, d->when.n));
    for (size_t i = 0; i < d->when.n; i++) {
        const when_expr *w = &d->when.v[i];
        PUT(put_u(out, w->start));
        PUT(put_u(out, w->end));
        PUT(put_u(out, (uint64_t)w->certainty));
        PUT(put_s(out, w->first_day));
        PUT(put_s(out, w->last_day));
        PUT(put_u(out, w->future ? 1 : 0));
    }
    PUT(put_u(out, d->events.n));
    for (size_t i = 0; i < d->events.n; i++) {
        const evt_event *v = &d->events.v[i];
        PUT(put_str(out, v->code));
        PUT(put_u(out, v->trig_start));
        PUT(put_u(out, v->trig_end));
        PUT(put_ix(out, v->actor));
        PUT(put_u(out, v->act_start));
        PUT(put_u(out, v->act_end));
        PUT(put_ix(out, v->target));
        PUT(put_u(out, v->tgt_start));
        PUT(put_u(out, v->tgt_end));
        int no = v->nothers < 0 ? 0 : v->nothers > EVT_MAX_OTHERS ? EVT_MAX_OTHERS : v->nothers;
        PUT(put_u(out, (uint64_t)no));
        for (int k = 0; k < no; k++) PUT(put_ix(out, v->others[k]));
        PUT(put_ix(out, v->location));
        PUT(put_ix(out, v->when));
        PUT(put_u(out, v->sent_start));
        PUT(put_u(out, v->sent_end));
        PUT(put_u(out, (uint64_t)(v->negated ? 1 : 0) | (uint64_t)(v->future ? 2 : 0)));
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Decoding
 * ---------------------------------------------------------------------- */

typedef struct {
    const unsigned char *p, *end;
    size_t text_len;
    const char *bad;        /* the first thing found wrong */
} rd;

static uint64_t get_u(rd *r) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p == r->end) { if (!r->bad) r->bad = "truncated"; return 0; }
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
    if (!r->bad) r->bad = "a number is too long";
    return 0;
}

static int64_t get_s(rd *r) {
    uint64_t u = get_u(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A count of items that take at least one byte each. */
static size_t get_count(rd *r) {
    uint64_t n = get_u(r);
    if (n > (uint64_t)(r->end - r->p)) {
        if (!r->bad) r->bad = "a count exceeds the data";
        return 0;
    }
    return (size_t)n;
}

/* An offset into the article's text. */
static size_t get_off(rd *r) {
    uint64_t v = get_u(r);
    if (v > r->text_len) {
        if (!r->bad) r->bad = "an offset lies beyond the article's text";
        return 0;
    }
    return (size_t)v;
}

/* A span [start, end) of the text; end 0 means absent when optional. */
static void get_span(rd *r, size_t *start, size_t *end, int optional) {
    *start = get_off(r);
    *end = get_off(r);
    if ((*end || !optional) && *start > *end && !r->bad) r->bad = "a span ends before it starts";
}

/* An index into a table of n items; -1 allowed when nullable. */
static long get_ix(rd *r, size_t n, int nullable) {
    uint64_t v = get_u(r);
    if (nullable) {
        if (v == 0) return -1;
        v--;
    }
    if (v >= n) {
        if (!r->bad) r->bad = "an index lies beyond its table";
        return -1;
    }
    return (long)v;
}

/* The bytes of a length-prefixed string: *n bytes at *p, or *p NULL when
 * absent (length 0), which only a nullable string may be (else `what`
 * is what was wrong). 0, or -1 when the data is bad (r->bad set). */
static int get_bytes(rd *r, const char **p, size_t *n, int nullable, const char *what) {
    *p = NULL;
    *n = 0;
    uint64_t v = get_u(r);
    if (r->bad) return -1;
    if (v == 0) {
        if (nullable) return 0;
        r->bad = what;
        return -1;
    }
    v--;
    if (v > (uint64_t)(r->end - r->p)) { r->bad = "a string exceeds the data"; return -1; }
    *p = (const char *)r->p;
    *n = (size_t)v;
    r->p += v;
    return 0;
}

/* A string (malloc'ed into *out), NULL when absent and allowed. */
static int get_str(rd *r, char **out, int nullable) {
    *out = NULL;
    const char *p;
    size_t n;
    if (get_bytes(r, &p, &n, nullable, "a required string is missing") != 0 || !p) return TL_OK;
    if (memchr(p, '\0', n)) { r->bad = "a string holds a NUL byte"; return TL_OK; }
    char *s = malloc(n + 1);
    if (!s) return TL_ENOMEM;
    memcpy(s, p, n);
    s[n] = '\0';
    *out = s;
    return TL_OK;
}

/* A string from a closed set: the set's own copy, via lookup; NULL when
 * absent and allowed. */
static const void *get_known(rd *r, const void *(*lookup)(const char *, size_t), int nullable,
                             const char *what) {
    const char *p;
    size_t n;
    if (get_bytes(r, &p, &n, nullable, what) != 0 || !p) return NULL;
    const void *v = lookup(p, n);
    if (!v) r->bad = what;
    return v;
}

static const void *country_lookup(const char *s, size_t n) {
    char code[8];
    if (n == 0 || n >= sizeof(code)) return NULL;
    memcpy(code, s, n);
    code[n] = '\0';
    return geo_country_by_code(code);
}

static const void *code_lookup(const char *s, size_t n) { return evt_code(s, n); }

/* Make room for n items of size sz in *v (capacity *cap). */
static int reserve(void **v, size_t *cap, size_t n, size_t sz) {
    if (n <= *cap) return TL_OK;
    void *p = realloc(*v, n * sz);
    if (!p) return TL_ENOMEM;
    *v = p;
    *cap = n;
    return TL_OK;
}

static int decode_entities(rd *r, ent_doc *d) {
    size_t ne = get_count(r);
    if (r->bad) return TL_OK;
    if (reserve((void **)&d->e, &d->cape, ne, sizeof(ent_local)) != TL_OK) return TL_ENOMEM;
    for (size_t i = 0; i < ne && !r->bad; i++) {
        ent_local *l = &d->e[d->ne++];
        memset(l, 0, sizeof(*l));
        uint64_t t = get_u(r);
        if (t > ENT_MISC && !r->bad) r->bad = "an unknown entity type";
        l->type = (ent_type)t;
        if (get_str(r, &l->name, 0) != TL_OK || get_str(r, &l->key, 0) != TL_OK ||
            get_str(r, &l->role, 1) != TL_OK)
            return TL_ENOMEM;
        l->country = get_known(r, country_lookup, 1, "an unknown country");
        if (get_str(r, &l->affiliation, 1) != TL_OK) return TL_ENOMEM;
        uint64_t m = get_u(r);
        if (m > UINT32_MAX && !r->bad) r->bad = "a mention count is out of range";
        l->mentions = (uint32_t)m;
    }
    size_t nm = get_count(r);
    if (r->bad) return TL_OK;
    if (reserve((void **)&d->m, &d->capm, nm, sizeof(ent_mention)) != TL_OK) return TL_ENOMEM;
    for (size_t i = 0; i < nm && !r->bad; i++) {
        ent_mention *m = &d->m[d->nm++];
        memset(m, 0, sizeof(*m));
        get_span(r, &m->start, &m->end, 0);
        long ix = get_ix(r, d->ne, 0);
        m->entity = ix < 0 ? 0 : (uint32_t)ix;
        m->type = ix < 0 ? ENT_NONE : d->e[ix].type;
        get_span(r, &m->role_start, &m->role_end, 1);
    }
    return TL_OK;
}

static int decode_quotes(rd *r, anl_doc *d) {
    size_t n = get_count(r);
    if (r->bad) return TL_OK;
    if (reserve((void **)&d->quotes.v, &d->quotes.cap, n, sizeof(quo_quote)) != TL_OK)
        return TL_ENOMEM;
    for (size_t i = 0; i < n && !r->bad; i++) {
        quo_quote *q = &d->quotes.v[d->quotes.n++];
        memset(q, 0, sizeof(*q));
        uint64_t k = get_u(r);
        if (k != QUO_DIRECT && k != QUO_INDIRECT && !r->bad) r->bad = "an unknown quote kind";
        q->kind = (quo_kind)k;
        get_span(r, &q->start, &q->end, 0);
        q->entity = get_ix(r, d->doc.ne, 1);
        get_span(r, &q->spk_start, &q->spk_end, 1);
        get_span(r, &q->cue_start, &q->cue_end, 1);
        get_span(r, &q->chan_start, &q->chan_end, 1);
    }
    return TL_OK;
}

static int decode_when(rd *r, anl_doc *d) {
    size_t n = get_count(r);
    if (r->bad) return TL_OK;
    if (reserve((void **)&d->when.v, &d->when.cap, n, sizeof(when_expr)) != TL_OK)
        return TL_ENOMEM;
    for (size_t i = 0; i < n && !r->bad; i++) {
        when_expr *w = &d->when.v[d->when.n++];
        memset(w, 0, sizeof(*w));
        get_span(r, &w->start, &w->end, 0);
        uint64_t c = get_u(r);
        if (c > WHEN_UNRESOLVED && !r->bad) r->bad = "an unknown date certainty";
        w->certainty = (when_certainty)c;
        w->first_day = get_s(r);
        w->last_day = get_s(r);
        w->future = get_u(r) != 0;
    }
    return TL_OK;
}

static int decode_events(rd *r, anl_doc *d) {
    size_t n = get_count(r);
    if (r->bad) return TL_OK;
    if (reserve((void **)&d->events.v, &d->events.cap, n, sizeof(evt_event)) != TL_OK)
        return TL_ENOMEM;
    size_t ne = d->doc.ne;
    for (size_t i = 0; i < n && !r->bad; i++) {
        evt_event *v = &d->events.v[d->events.n++];
        memset(v, 0, sizeof(*v));
        v->code = get_known(r, code_lookup, 0, "an unknown event code");
        get_span(r, &v->trig_start, &v->trig_end, 0);
        v->actor = get_ix(r, ne, 1);
        get_span(r, &v->act_start, &v->act_end, 1);
        v->target = get_ix(r, ne, 1);
        get_span(r, &v->tgt_start, &v->tgt_end, 1);
        uint64_t no = get_u(r);
        if (no > EVT_MAX_OTHERS && !r->bad) r->bad = "too many event participants";
        for (uint64_t k = 0; k < no && !r->bad; k++) v->others[v->nothers++] = get_ix(r, ne, 1);
        v->location = get_ix(r, ne, 1);
        v->when = get_ix(r, d->when.n, 1);
        get_span(r, &v->sent_start, &v->sent_end, 0);
        uint64_t f = get_u(r);
        if (f > 3 && !r->bad) r->bad = "unknown event flags";
        v->negated = (f & 1) != 0;
        v->future = (f & 2) != 0;
    }
    return TL_OK;
}

int anl_decode(const void *data, size_t len, size_t text_len, anl_doc *out, tl_err *e) {
    anl_doc_reset(out);
    rd r = {data, (const unsigned char *)data + len, text_len, NULL};
    uint64_t v = get_u(&r);
    if (!r.bad && v != ANL_FORMAT) r.bad = "an unknown format version";
    int rc = TL_OK;
    if (!r.bad) rc = decode_entities(&r, &out->doc);
    if (rc == TL_OK && !r.bad) rc = decode_quotes(&r, out);
    if (rc == TL_OK && !r.bad) rc = decode_when(&r, out);
    if (rc == TL_OK && !r.bad) rc = decode_events(&r, out);
    if (rc == TL_OK && !r.bad && r.p != r.end) r.bad = "bytes left over";
    if (rc == TL_OK && !r.bad) return TL_OK;
    anl_doc_reset(out);
    if (rc == TL_ENOMEM) return err_set(e, TL_ENOMEM, "out of memory");
    return err_set(e, TL_EPARSE, "not a valid analysis: %s (at byte %zu of %zu)", r.bad,
                   (size_t)(r.p - (const unsigned char *)data), len);
}
