/* when.h -- time expressions in article text, resolved against the
 * article's publication date.
 *
 * News dates events relative to the day it is written: "on Monday",
 * "Sunday night", "Friday's meeting", "yesterday", "last week", "just days
 * ago", "in February", "two weeks ago", and sometimes absolutely: "August
 * 18", "Aug. 18, 2025", "18 August 2025", "2025-08-18". when_find() finds
 * these expressions (byte offsets) and resolves each to a range of days,
 * with how sure the resolution is:
 *
 *   WHEN_EXACT     the text names the date ("18 August 2025");
 *   WHEN_INFERRED  resolved from the publication date by the usual news
 *                  reading: a bare weekday is the latest such day on or
 *                  before publication (the next one when the clause
 *                  before it speaks of the future: "will", "would",
 *                  "could", "until", "as early as", "is to", "plans",
 *                  "scheduled", "next", looked for up to 12 words back,
 *                  not across a comma or "said"); a month without a year is the
 *                  latest such month on or before publication (the next
 *                  one in a future sentence); a date without a year takes
 *                  the publication year, or the year before when that
 *                  would put it more than 60 days after publication;
 *   WHEN_UNRESOLVED the expression is relative and the article has no
 *                  publication date: it is kept, never guessed.
 *
 * Days are counted from 1970-01-01 (date_days_from_civil); a range is
 * [first_day, last_day] inclusive ("last week": Monday..Sunday of the
 * previous ISO week; "in February": the whole month; "two weeks ago": the
 * day 14 days before, a point).
 */
#ifndef TRILAT_WHEN_H
#define TRILAT_WHEN_H

#include <stddef.h>
#include <stdint.h>

typedef enum { WHEN_EXACT = 0, WHEN_INFERRED, WHEN_UNRESOLVED } when_certainty;

typedef struct when_expr {
    size_t start, end;          /* the expression as written */
    int64_t first_day, last_day;  /* resolved range (days since 1970), if resolved */
    when_certainty certainty;
    int future;                 /* read as the future ("next Monday", "will ... on Friday") */
} when_expr;

typedef struct when_list {
    when_expr *v;
    size_t n, cap;
} when_list;

#define WHEN_LIST_INIT {NULL, 0, 0}

/* Find and resolve the time expressions of text[0..len). pub_day is the
 * publication day (days since 1970) when has_pub, else expressions that
 * need it are WHEN_UNRESOLVED. Appends to out in text order. TL_OK or
 * TL_ENOMEM. */
int when_find(const char *text, size_t len, int has_pub, int64_t pub_day, when_list *out);

void when_list_free(when_list *l);

/* "2025-08-18" or "2025-08-18..2025-08-24" into out (at least 24 bytes). */
void when_format(const when_expr *w, char *out, size_t cap);

#endif
