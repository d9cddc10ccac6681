/* article.h -- the article model every source is turned into.
 *
 * An article owns all its strings (art_free() frees them). Text fields are
 * NFC-normalized valid UTF-8 once art_finish() has run. Optional fields
 * are NULL when unknown.
 */
#ifndef TRILAT_ARTICLE_H
#define TRILAT_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define ART_HASH_HEX 33   /* 128-bit content hash as 32 hex digits + NUL */

typedef struct art {
    int64_t rowid;       /* the store's key, 0 until stored */
    char *id;            /* unique key given by the source (or derived) */
    char *source;        /* outlet name */
    char *url;
    char *title;
    char *published;     /* ISO 8601 ("2025-08-19T10:00:00+02:00"), NULL if unknown */
    int64_t published_ts;/* UTC seconds, valid when published != NULL */
    char *language;      /* ISO 639-1 code, or "und" */
    char *text;          /* normalized body */
    size_t text_len;
    char *extra;         /* JSON object with fields we do not model, or NULL */
    char *origin;        /* where it came from: "file:line" */
    char *ingested_at;   /* set by the store */
    char hash[ART_HASH_HEX]; /* XXH3-128 of the normalized text */
    /* What normalization had to repair (for warnings). */
    size_t invalid_utf8;
    size_t controls;
    char note[240];      /* first non-fatal problem met while parsing, or "" */
} art_t;

art_t *art_new(void);
void art_free(art_t *a);

/* Replace field *dst by a normalized copy of len bytes at s (one-line
 * normalization). Empty results leave *dst NULL. TL_OK, TL_EINVAL (NUL
 * byte), TL_ENOMEM. */
int art_set_field(char **dst, const char *s, size_t len, art_t *a);

/* Set the body from raw bytes (multi-line normalization, repair counted in
 * a). TL_OK, TL_EEMPTY (no text), TL_EINVAL (NUL byte), TL_ENOMEM. */
int art_set_text(art_t *a, const char *s, size_t len, tl_err *e);

/* Parse and normalize a publication date. TL_OK or TL_EPARSE (field left
 * unknown). */
int art_set_published(art_t *a, const char *s);

/* Complete an article after its fields are set: compute the content hash,
 * detect the language if unknown, derive an id if missing ("h-" + first 16
 * hex digits of the hash). TL_OK or TL_ENOMEM / TL_EEMPTY. */
int art_finish(art_t *a, tl_err *e);

/* Hash len bytes into a 32-hex-digit string. */
void art_hash(const char *s, size_t len, char out[ART_HASH_HEX]);

#endif
