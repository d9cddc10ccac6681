/* vocab.c -- term dictionary (see vocab.h). Open addressing on XXH3. */
#include "vocab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
/* XXH3 inlined from the header (same hashes as libxxhash): the per-token
 * calls on short strings through the shared library's dispatch were 3%
 * of 'trilat cluster'. */
#define XXH_INLINE_ALL
#include <xxhash.h>

struct vocab {
    uint32_t *slots;      /* id + 1, 0 empty */
    size_t nslots;
    uint32_t *off;        /* per id: offset of its string in arena */
    uint32_t *len;
    uint32_t *df;
    uint32_t *ndf;        /* documents where the term was written as a name */
    uint32_t *soff;       /* surface form offset + 1 in arena, 0 unset */
    uint64_t *hash;
    size_t n, cap;
    char *arena;
    size_t alen, acap;
    uint64_t ndocs;
};

vocab *voc_new(void) {
    vocab *v = calloc(1, sizeof(*v));
    if (!v) return NULL;
    v->nslots = 1 << 12;
    v->slots = calloc(v->nslots, sizeof(uint32_t));
    if (!v->slots) { free(v); return NULL; }
    return v;
}

void voc_free(vocab *v) {
    if (!v) return;
    free(v->slots);
    free(v->off);
    free(v->len);
    free(v->df);
    free(v->ndf);
    free(v->soff);
    free(v->hash);
    free(v->arena);
    free(v);
}

static int rehash(vocab *v) {
    size_t n = v->nslots * 2;
    uint32_t *s = calloc(n, sizeof(uint32_t));
    if (!s) return -1;
    for (size_t id = 0; id < v->n; id++) {
        size_t i = (size_t)v->hash[id] & (n - 1);
        while (s[i]) i = (i + 1) & (n - 1);
        s[i] = (uint32_t)id + 1;
    }
    free(v->slots);
    v->slots = s;
    v->nslots = n;
    return 0;
}

static int grow_ids(vocab *v) {
    size_t cap = v->cap ? v->cap * 2 : 4096;
    uint32_t *off = realloc(v->off, cap * sizeof(uint32_t));
    if (off) v->off = off;
    uint32_t *len = realloc(v->len, cap * sizeof(uint32_t));
    if (len) v->len = len;
    uint32_t *df = realloc(v->df, cap * sizeof(uint32_t));
    if (df) v->df = df;
    uint32_t *ndf = realloc(v->ndf, cap * sizeof(uint32_t));
    if (ndf) v->ndf = ndf;
    uint32_t *so = realloc(v->soff, cap * sizeof(uint32_t));
    if (so) v->soff = so;
    uint64_t *h = realloc(v->hash, cap * sizeof(uint64_t));
    if (h) v->hash = h;
    if (!off || !len || !df || !ndf || !so || !h) return -1;
    v->cap = cap;
    return 0;
}

static int arena_room(vocab *v, size_t n) {
    if (v->alen + n <= v->acap) return 0;
    size_t cap = v->acap ? v->acap : 1 << 16;
    while (cap < v->alen + n) cap *= 2;
    char *a = realloc(v->arena, cap);
    if (!a) return -1;
    v->arena = a;
    v->acap = cap;
    return 0;
}

void voc_set_surface(vocab *v, uint32_t id, const char *s, size_t n) {
    if (id >= v->n || v->soff[id]) return;
    if (n == v->len[id] && memcmp(s, v->arena + v->off[id], n) == 0) {
        v->soff[id] = v->off[id] + 1;     /* same as the term itself */
        return;
    }
    if (arena_room(v, n + 1)) return;
    v->soff[id] = (uint32_t)v->alen + 1;
    memcpy(v->arena + v->alen, s, n);
    v->arena[v->alen + n] = '\0';
    v->alen += n + 1;
}

const char *voc_surface(const vocab *v, uint32_t id) {
    if (id >= v->n) return NULL;
    return v->soff[id] ? v->arena + v->soff[id] - 1 : v->arena + v->off[id];
}

uint32_t voc_id(vocab *v, const char *s, size_t n, int create) {
    uint64_t h = XXH3_64bits(s, n);
    size_t i = (size_t)h & (v->nslots - 1);
    for (; v->slots[i]; i = (i + 1) & (v->nslots - 1)) {
        uint32_t id = v->slots[i] - 1;
        if (v->hash[id] == h && v->len[id] == n && memcmp(v->arena + v->off[id], s, n) == 0)
            return id;
    }
    if (!create) return VOC_NONE;
    if (v->n == v->cap && grow_ids(v)) return VOC_NONE;
    if (arena_room(v, n + 1)) return VOC_NONE;
    uint32_t id = (uint32_t)v->n++;
    v->soff[id] = 0;
    v->off[id] = (uint32_t)v->alen;
    v->len[id] = (uint32_t)n;
    v->df[id] = 0;
    v->ndf[id] = 0;
    v->hash[id] = h;
    memcpy(v->arena + v->alen, s, n);
    v->arena[v->alen + n] = '\0';
    v->alen += n + 1;
    v->slots[i] = id + 1;
    if (v->n * 4 > v->nslots * 3 && rehash(v)) { /* table stays valid, just fuller */ }
    return id;
}

const char *voc_term(const vocab *v, uint32_t id, size_t *len) {
    if (id >= v->n) return NULL;
    if (len) *len = v->len[id];
    return v->arena + v->off[id];
}

uint32_t voc_df(const vocab *v, uint32_t id) { return id < v->n ? v->df[id] : 0; }
void voc_set_df(vocab *v, uint32_t id, uint32_t df) { if (id < v->n) v->df[id] = df; }
void voc_add_df(vocab *v, uint32_t id) { if (id < v->n) v->df[id]++; }
uint32_t voc_ndf(const vocab *v, uint32_t id) { return id < v->n ? v->ndf[id] : 0; }
void voc_set_ndf(vocab *v, uint32_t id, uint32_t ndf) { if (id < v->n) v->ndf[id] = ndf; }
void voc_add_ndf(vocab *v, uint32_t id) { if (id < v->n) v->ndf[id]++; }
int voc_is_name(const vocab *v, uint32_t id) {
    return id < v->n && v->ndf[id] * 2 > v->df[id];
}
uint64_t voc_ndocs(const vocab *v) { return v->ndocs; }
void voc_set_ndocs(vocab *v, uint64_t n) { v->ndocs = n; }
void voc_add_doc(vocab *v) { v->ndocs++; }

double voc_idf(const vocab *v, uint32_t id) {
    return log((double)(v->ndocs + 1) / (double)(voc_df(v, id) + 1)) + 1.0;
}

size_t voc_size(const vocab *v) { return v->n; }
size_t voc_bytes(const vocab *v) {
    return v->nslots * sizeof(uint32_t) + v->cap * (5 * sizeof(uint32_t) + sizeof(uint64_t)) +
           v->acap;
}
