/* text.h -- text normalization: valid NFC UTF-8 with tidy whitespace.
 *
 * Every article text, title and metadata string goes through
 * text_normalize() before it is hashed or stored, so two copies of the same
 * text that differ only in encoding details (CRLF, decomposed accents,
 * trailing blanks) get the same content hash.
 */
#ifndef TRILAT_TEXT_H
#define TRILAT_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Flags for text_normalize(). */
#define TEXT_MULTILINE 0     /* keep paragraphs: lines kept, >1 blank line -> 1 */
#define TEXT_ONELINE 1       /* all whitespace runs -> one space (titles, names) */

typedef struct text_report {
    size_t invalid;          /* invalid UTF-8 sequences replaced by U+FFFD */
    size_t controls;         /* control characters removed */
    long nul_offset;         /* byte offset of the first NUL, -1 if none */
} text_report;

/* Normalize len bytes at in into a new NUL-terminated string *out (caller
 * frees) of *outlen bytes:
 *   - invalid UTF-8 is repaired: each maximal invalid subsequence becomes
 *     U+FFFD (counted in rep->invalid);
 *   - a leading BOM, C0/C1 control characters other than tab and newline
 *     are removed; CRLF and CR become LF; U+2028/U+2029 become LF;
 *   - runs of spaces/tabs become one space, lines are trimmed, runs of blank
 *     lines become one blank line, the whole text is trimmed;
 *   - the result is in Unicode Normalization Form C.
 * Returns TL_OK; TL_EINVAL if the input holds a NUL byte (binary data;
 * rep->nul_offset says where, nothing is allocated); TL_EEMPTY if nothing
 * but whitespace remains (nothing allocated); TL_ENOMEM. */
int text_normalize(const char *in, size_t len, int flags, char **out,
                   size_t *outlen, text_report *rep);

/* Copy len bytes at in to a new NUL-terminated string *out (caller frees)
 * with each maximal invalid UTF-8 subsequence replaced by U+FFFD; returns
 * the number of replacements, or -1 when out of memory. Nothing else is
 * changed (used on raw JSON lines before parsing). */
long text_repair_utf8(const char *in, size_t len, char **out, size_t *outlen);

/* 1 if the len bytes at s are valid UTF-8, else 0. */
int text_valid_utf8(const char *s, size_t len);

/* Decode one UTF-8 code point at s (len > 0 bytes available); stores its
 * byte length in *n. Invalid input yields 0xFFFD with *n = 1. */
uint32_t text_decode(const char *s, size_t len, int *n);

/* Encode cp as UTF-8 into out (4 bytes room); returns the byte count. */
int text_encode(uint32_t cp, char *out);

#endif
