/* vocab.h -- the term dictionary: stem string <-> dense term id, with
 * document frequencies kept up to date as articles arrive.
 *
 * Ids are dense (0, 1, 2, ...) in order of first appearance, so they are
 * stable across runs when the same articles are placed in the same order
 * and can be persisted as they are. Strings live in one arena.
 */
#ifndef TRILAT_VOCAB_H
#define TRILAT_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct vocab vocab;

#define VOC_NONE UINT32_MAX

vocab *voc_new(void);
void voc_free(vocab *v);

/* Id of term s[0..n), adding it (df 0) when create is set; VOC_NONE when
 * absent and !create, or when out of memory. */
uint32_t voc_id(vocab *v, const char *s, size_t n, int create);

/* A readable form of the term: the first unstemmed word seen for it
 * ("negotiations" for the stem "negoti"). Set once; later calls are
 * ignored. */
void voc_set_surface(vocab *v, uint32_t id, const char *s, size_t n);
const char *voc_surface(const vocab *v, uint32_t id);

/* The term's text (NUL-terminated, owned by v) and its length. */
const char *voc_term(const vocab *v, uint32_t id, size_t *len);

uint32_t voc_df(const vocab *v, uint32_t id);
void voc_set_df(vocab *v, uint32_t id, uint32_t df);
void voc_add_df(vocab *v, uint32_t id);       /* one more document has it */

/* Name document frequency: documents where the term was written
 * capitalized inside a sentence. A term is a name when that holds for
 * more than half of the documents that have it. */
uint32_t voc_ndf(const vocab *v, uint32_t id);
void voc_set_ndf(vocab *v, uint32_t id, uint32_t ndf);
void voc_add_ndf(vocab *v, uint32_t id);
int voc_is_name(const vocab *v, uint32_t id);

/* Documents seen (for idf), settable when loading state. */
uint64_t voc_ndocs(const vocab *v);
void voc_set_ndocs(vocab *v, uint64_t n);
void voc_add_doc(vocab *v);

/* Smoothed inverse document frequency: ln((N + 1) / (df + 1)) + 1. */
double voc_idf(const vocab *v, uint32_t id);

size_t voc_size(const vocab *v);
size_t voc_bytes(const vocab *v);

#endif
