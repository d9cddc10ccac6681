/* lang.h -- a small, fast language guesser for article texts.
 *
 * Counts the most frequent function words of a few European languages in
 * the first few kilobytes of text; non-Latin scripts are recognized by
 * their letters. Good enough to route an article to the right stemmer and
 * stopword list; not a general language identifier.
 */
#ifndef TRILAT_LANG_H
#define TRILAT_LANG_H

#include <stddef.h>

/* ISO 639-1 code ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk",
 * "ar", "zh", "ja", "el") or "und" when unsure. Static string. */
const char *lang_detect(const char *text, size_t len);

#endif
