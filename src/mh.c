/* mh.c -- MinHash and LSH (see mh.h).
 *
 * The MH_K hash functions are h_i(x) = x_1 + i * x_2 over two independent
 * 32-bit halves of a 64-bit shingle hash (Kirsch-Mitzenmacher double
 * hashing), which is as good as independent functions for MinHash and
 * costs one multiply-add per function. The LSH index is an open-addressing
 * hash table from band key to a chain of item ids kept in one array.
 */
#include "mh.h"
#include "hash.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Signatures
 * ---------------------------------------------------------------------- */

/* The inner loop is the hot spot of feature extraction (64 functions for
 * each of the ~500 shingles of an article). It computes block i of 8
 * functions as x_j + (i/8) * 8b (mod 2^32: the same values as adding b
 * one function at a time) with a branch-free minimum into a local array,
 * which compilers turn into a few vector instructions per shingle; on
 * x86-64 with GCC/glibc an AVX2 clone (8 lanes, vpminud) is picked at load
 * time when the CPU has it. tests/unit/test_mh.c checks the result against
 * the plain one-function-at-a-time loop. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__GLIBC__) && !defined(__clang__)
#define MH_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MH_CLONES
#endif

MH_CLONES
void mh_signature(const uint64_t *th, size_t n, mh_sig *out) {
    uint32_t v[MH_K];
    for (int i = 0; i < MH_K; i++) v[i] = UINT32_MAX;
    uint32_t ns = 0;
    for (size_t t = 0; n >= MH_SHINGLE && t + MH_SHINGLE <= n; t++) {
        uint64_t h = 0x9E3779B97F4A7C15ULL;
        for (int k = 0; k < MH_SHINGLE; k++) h = mix64(h ^ th[t + k]) + (uint64_t)k;
        uint32_t a = (uint32_t)h, b = (uint32_t)(h >> 32) | 1u;
        uint32_t x[8], b8 = b << 3;
        for (int j = 0; j < 8; j++) x[j] = a + (uint32_t)j * b;
        for (int i = 0; i < MH_K; i += 8) {
            for (int j = 0; j < 8; j++) {
                uint32_t y = x[j] + (uint32_t)(i / 8) * b8;
                v[i + j] = y < v[i + j] ? y : v[i + j];
            }
        }
        ns++;
    }
    memcpy(out->v, v, sizeof(v));
    out->nshingles = ns;
}

double mh_jaccard(const mh_sig *a, const mh_sig *b) {
    if (!a->nshingles || !b->nshingles) return 0.0;
    int eq = 0;
    for (int i = 0; i < MH_K; i++) eq += a->v[i] == b->v[i];
    return (double)eq / MH_K;
}

uint64_t mh_band_key(const mh_sig *s, int b) {
    uint64_t h = (uint64_t)b * 0x9E3779B97F4A7C15ULL;
    for (int r = 0; r < MH_ROWS; r++) h = mix64(h ^ s->v[b * MH_ROWS + r]);
    return h | 1;   /* 0 marks an empty slot */
}

/* ------------------------------------------------------------------------
 * LSH index
 * ---------------------------------------------------------------------- */

typedef struct {
    uint64_t key;
    uint32_t head;     /* index+1 into nodes of the newest item, 0 none */
} slot_t;

typedef struct {
    uint32_t id;
    uint32_t next;     /* index+1 of the next node in the chain */
} node_t;

struct mh_index {
    slot_t *slots;
    size_t nslots, used;
    node_t *nodes;
    size_t nnodes, capnodes;
};

mh_index *mh_index_new(void) {
    mh_index *ix = calloc(1, sizeof(*ix));
    if (!ix) return NULL;
    ix->nslots = 1024;
    ix->slots = calloc(ix->nslots, sizeof(slot_t));
    if (!ix->slots) { free(ix); return NULL; }
    return ix;
}

void mh_index_free(mh_index *ix) {
    if (!ix) return;
    free(ix->slots);
    free(ix->nodes);
    free(ix);
}

static slot_t *find_slot(slot_t *slots, size_t nslots, uint64_t key) {
    size_t i = (size_t)(key ^ (key >> 29)) & (nslots - 1);
    while (slots[i].key && slots[i].key != key) i = (i + 1) & (nslots - 1);
    return &slots[i];
}

static int grow(mh_index *ix) {
    size_t n = ix->nslots * 2;
    slot_t *s = calloc(n, sizeof(slot_t));
    if (!s) return TL_ENOMEM;
    for (size_t i = 0; i < ix->nslots; i++)
        if (ix->slots[i].key) *find_slot(s, n, ix->slots[i].key) = ix->slots[i];
    free(ix->slots);
    ix->slots = s;
    ix->nslots = n;
    return TL_OK;
}

int mh_index_add(mh_index *ix, uint32_t id, const mh_sig *s) {
    if (!s->nshingles) return TL_OK;
    if (ix->nnodes + MH_BANDS > ix->capnodes) {
        size_t cap = ix->capnodes ? ix->capnodes * 2 : 4096;
        node_t *nn = realloc(ix->nodes, cap * sizeof(node_t));
        if (!nn) return TL_ENOMEM;
        ix->nodes = nn;
        ix->capnodes = cap;
    }
    for (int b = 0; b < MH_BANDS; b++) {
        if ((ix->used + 1) * 4 > ix->nslots * 3 && grow(ix) != TL_OK) return TL_ENOMEM;
        uint64_t key = mh_band_key(s, b);
        slot_t *sl = find_slot(ix->slots, ix->nslots, key);
        if (!sl->key) { sl->key = key; ix->used++; }
        ix->nodes[ix->nnodes] = (node_t){id, sl->head};
        sl->head = (uint32_t)++ix->nnodes;
    }
    return TL_OK;
}

size_t mh_index_query(const mh_index *ix, const mh_sig *s, uint32_t *out, size_t cap) {
    size_t n = 0;
    if (!s->nshingles) return 0;
    for (int b = 0; b < MH_BANDS; b++) {
        slot_t *sl = find_slot(ix->slots, ix->nslots, mh_band_key(s, b));
        for (uint32_t k = sl->key ? sl->head : 0; k; k = ix->nodes[k - 1].next) {
            uint32_t id = ix->nodes[k - 1].id;
            int seen = 0;
            for (size_t j = 0; j < n && j < cap; j++)
                if (out[j] == id) { seen = 1; break; }
            if (seen) continue;
            if (n < cap) out[n] = id;
            n++;
        }
    }
    return n;
}

size_t mh_index_bytes(const mh_index *ix) {
    return ix->nslots * sizeof(slot_t) + ix->capnodes * sizeof(node_t);
}
