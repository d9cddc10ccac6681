/* stem.h -- word stemming: a thin wrapper over libstemmer (Snowball).
 *
 * "negotiations" and "negotiated" should count as the same word when two
 * articles are compared, so clustering compares stems of folded tokens.
 * Snowball has a stemmer per language; stem_new() takes the ISO 639-1 code
 * lang_detect() returns and falls back to English.
 *
 * A stem_t is NOT thread-safe: Snowball keeps its working buffer in the
 * object, each stemmer caches recent stems, and stem_word() returns a
 * pointer into that state. Use one stem_t per thread (about 400 KB each,
 * mostly the cache of recent stems).
 */
#ifndef TRILAT_STEM_H
#define TRILAT_STEM_H

#include <stddef.h>

typedef struct stem stem_t;

/* A stemmer for lang: "en", "de", "fr", "es", "it", "pt", "nl", "ru" (and
 * the other Snowball languages by ISO code or Snowball name: "sv",
 * "danish", ...). NULL, "und" or an unknown code gives English. Returns
 * NULL when out of memory. The caller frees it with stem_free(). */
stem_t *stem_new(const char *lang);

/* The Snowball algorithm actually used ("english", "german", ...). */
const char *stem_algorithm(const stem_t *st);

/* Stem the n bytes at w (UTF-8, already folded with tok_fold()). Returns
 * the stem, NUL-terminated, of *outlen bytes; the pointer belongs to st and
 * is valid until the next stem_word() or stem_free() on st. Returns NULL
 * (and *outlen = 0) when out of memory or when n exceeds INT_MAX. */
const char *stem_word(stem_t *st, const char *w, size_t n, size_t *outlen);

/* Free a stemmer; NULL is fine. */
void stem_free(stem_t *st);

#endif
