/* syndic.h -- syndication tags: who originally published a text.
 *
 * Aggregators and partner sites end a republished story with a source tag
 * ("{Matzav.com}", "(Reuters)", "— AP", "Source: AFP") and wire copy opens
 * with a dateline ("BERLIN (Reuters) —"). A trailing tag is attribution,
 * not text: syn_trailing() finds it so the caller can cut it off and
 * record the outlet. A dateline is part of the first sentence and stays;
 * syn_dateline() only reads the outlet from it.
 */
#ifndef TRILAT_SYNDIC_H
#define TRILAT_SYNDIC_H

#include <stddef.h>

#include "article.h"

typedef struct syn_tag {
    char outlet[64];        /* "Reuters", "AP", "Matzav.com" */
    char tag[96];           /* the tag as written: "(Reuters)" */
    const char *where;      /* "trailing" or "dateline" */
} syn_tag;

/* A source tag at the very end of text (its own last line, or the end of
 * the last sentence). 1 with *keep = the length of text without the tag
 * and the blanks before it, or 0. */
int syn_trailing(const char *text, size_t len, size_t *keep, syn_tag *t);

/* A wire dateline in the first 120 bytes: "CITY (AGENCY) —" or "CITY,
 * Date (AGENCY) -". 1 if found. */
int syn_dateline(const char *text, size_t len, syn_tag *t);

/* Apply both to an article: a trailing tag is cut from a->text, and the
 * first tag found is merged into a->extra as "syndication". TL_OK or
 * TL_ENOMEM. */
int syn_apply(art_t *a);

#endif
