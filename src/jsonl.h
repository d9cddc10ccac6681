/* jsonl.h -- one JSON Lines record -> one article.
 *
 * Recognized keys: id (string or integer), title, text (or body), source
 * (string, or an object with "name"), published (or published_at,
 * publishedAt, date, pubDate: ISO 8601, RFC 2822 or Unix time), url (or
 * link), language (or lang). Every other key is kept, in order, in the
 * article's `extra` JSON object. An unparseable date is not fatal: the
 * date stays unknown, the raw value is kept as extra.published_raw and
 * a->note says so.
 */
#ifndef TRILAT_JSONL_H
#define TRILAT_JSONL_H

#include <stddef.h>

#include "article.h"

/* Parse len bytes at line (need not be NUL-terminated) into a new article
 * (*out, caller frees with art_free). Returns TL_OK; TL_EPARSE (not JSON,
 * or not an object, or a key of the wrong type), TL_EEMPTY (no text),
 * TL_EINVAL (NUL byte), TL_ENOMEM, with a message in e (the caller adds
 * file and line). Invalid UTF-8 is repaired, and counted in
 * (*out)->invalid_utf8. */
int jsonl_parse(const char *line, size_t len, art_t **out, tl_err *e);

/* The inverse: a finished article (art_finish() done) as one compact
 * JSON Lines record, no newline, that jsonl_parse() and art_finish()
 * turn back into the same article (id, text and so hash, title, source,
 * published, url, language, and extra's keys at the top level). *out is
 * NUL-terminated, *len bytes long (caller frees). TL_OK or TL_ENOMEM. */
int jsonl_format(const art_t *a, char **out, size_t *len, tl_err *e);

#endif
