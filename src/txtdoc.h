/* txtdoc.h -- one plain-text file -> one article.
 *
 * The id is the file name without directory and extensions
 * ("seeds/000_ab.txt.gz" -> "000_ab"). An optional header block opens the
 * file: lines "Key: value" with Key one of Title, Source, Published (or
 * Date), URL (or Link), Author, Language, ID, ended by a blank line. Without
 * a header, the first line is taken as the title when it is short
 * (<= TXT_TITLE_MAX bytes), is followed by more text, and does not end like
 * a sentence (. ! ? … : ; ,).
 */
#ifndef TRILAT_TXTDOC_H
#define TRILAT_TXTDOC_H

#include <stddef.h>

#include "article.h"

#define TXT_TITLE_MAX 200

/* Parse len bytes of file content. path gives the id (and nothing else).
 * Returns TL_OK with a new article in *out (caller frees), or TL_EEMPTY,
 * TL_EINVAL (NUL byte: binary file), TL_ENOMEM with a message in e. */
int txt_parse(const char *data, size_t len, const char *path, art_t **out,
              tl_err *e);

/* The id for a path: basename without extensions. Caller frees. */
char *txt_id_from_path(const char *path);

#endif
