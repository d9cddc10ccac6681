/* hash.h -- small hashing helpers shared by modules that hash their own
 * keys (mh.c's MinHash functions, ner_feat.c's feature slots). */
#ifndef TRILAT_HASH_H
#define TRILAT_HASH_H

#include <stdint.h>

/* splitmix64's finalizer: a fast, well-mixed 64-bit to 64-bit bijection. */
static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

#endif
