/* mh.h -- MinHash signatures and LSH banding for near-duplicate detection.
 *
 * An article's shingles are the hashes of every run of MH_SHINGLE
 * consecutive folded word tokens. Its signature keeps, for each of MH_K
 * hash functions, the minimum over those shingles; the fraction of equal
 * positions in two signatures estimates the Jaccard similarity of the two
 * shingle sets (standard error sqrt(J(1-J)/MH_K), about 0.06 at J = 0.5).
 *
 * LSH: the signature is cut into MH_BANDS bands of MH_ROWS values; two
 * articles become candidates when any band is equal. With 16 bands of 4
 * rows the probability of becoming a candidate is 1-(1-J^4)^16: 0.63 at
 * J = 0.4, 0.98 at J = 0.6. A candidate is a near-duplicate when its
 * estimated Jaccard is at least MH_NEAR_DUP (0.5): syndicated copies and
 * light rewrites score 0.6-0.95, different reports of one event < 0.2.
 */
#ifndef TRILAT_MH_H
#define TRILAT_MH_H

#include <stddef.h>
#include <stdint.h>

#define MH_K 64
#define MH_BANDS 16
#define MH_ROWS 4
#define MH_SHINGLE 4
#define MH_NEAR_DUP 0.5

typedef struct mh_sig {
    uint32_t v[MH_K];
    uint32_t nshingles;    /* 0: too short to compare */
} mh_sig;

/* Signature from per-token hashes (one 64-bit hash per folded word token,
 * in text order). Fewer than MH_SHINGLE tokens gives nshingles = 0. */
void mh_signature(const uint64_t *tok_hashes, size_t n, mh_sig *out);

/* Estimated Jaccard similarity of two signatures (0 if either is empty). */
double mh_jaccard(const mh_sig *a, const mh_sig *b);

/* The key of band b (0 <= b < MH_BANDS) of a signature. */
uint64_t mh_band_key(const mh_sig *s, int b);

/* ------------------------------------------------------------------------
 * LSH index: band key -> item ids (uint32). Grows as needed.
 * ---------------------------------------------------------------------- */

typedef struct mh_index mh_index;

mh_index *mh_index_new(void);
void mh_index_free(mh_index *ix);

/* Add item id with signature s. TL_OK or TL_ENOMEM. */
int mh_index_add(mh_index *ix, uint32_t id, const mh_sig *s);

/* Candidates sharing at least one band with s, each once, into out (up to
 * cap); returns how many were found (may exceed cap: only cap stored). */
size_t mh_index_query(const mh_index *ix, const mh_sig *s, uint32_t *out, size_t cap);

size_t mh_index_bytes(const mh_index *ix);

#endif
