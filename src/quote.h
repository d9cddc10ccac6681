/* quote.h -- direct and indirect quotes of one article, with their speaker.
 *
 * Why: a story is triangulated from what its actors said; "who said what,
 * where" is the raw material for comparing sources. This is a rule-based
 * extractor over the tokenizer (tok.h), the sentence splitter (sent.h) and
 * the entity analysis of the article (entity.h); no model, no parser.
 *
 * What it finds (docs/quotes.md has the details and measured figures):
 *
 *   direct    text between quote marks (“…” "…" and single curly ‘…’; a
 *             quote left open at the end of a paragraph ends there),
 *             attributed by a cue verb next to it:
 *               “…,” X said.   “…,” said X.   X said: “…”
 *               X wrote on social media: “…”   He added, “…”
 *               X described the call as “candid” (partial quote: the
 *               speaker is the subject before the cue)
 *             a quote without a cue of its own continues the previous
 *             quote of the same paragraph, or of the previous paragraph
 *             when that one was left open, and takes its speaker;
 *   indirect  reported speech outside quote marks:
 *               X said (that) …   X told reporters …   …, X said.
 *               according to X, …   …, according to X.
 *
 * Speakers: the noun phrase next to the cue as written. It is resolved to
 * an entity of the ent_doc when a mention lies in it (a one-word surname
 * already belongs to its full name's entity there); a pronoun he/she to the
 * last speaker or person of that gender (docs/quotes.md, "pronouns"); a
 * title-only phrase ("the Russian president") to the person whose role and
 * country match it. Unresolved: entity -1.
 *
 * Ownership: quo_list is owned by the caller, freed with quo_list_free();
 * spans are byte offsets into the caller's text, which is never copied.
 */
#ifndef TRILAT_QUOTE_H
#define TRILAT_QUOTE_H

#include <stddef.h>

#include "entity.h"
#include "err.h"

typedef enum { QUO_DIRECT = 1, QUO_INDIRECT = 2 } quo_kind;

typedef struct quo_quote {
    quo_kind kind;
    size_t start, end;            /* quoted content, without the marks */
    size_t spk_start, spk_end;    /* speaker phrase; spk_end == 0: none found */
    long entity;                  /* index into ent_doc.e, -1 unresolved */
    size_t cue_start, cue_end;    /* "said", "according to"; cue_end == 0: none */
    size_t chan_start, chan_end;  /* "on Truth Social", "told reporters"; 0: none */
    size_t sent_start, sent_end;  /* the sentence(s) holding the quote */
} quo_quote;

typedef struct quo_list {
    quo_quote *v;
    size_t n, cap;
} quo_list;

#define QUO_LIST_INIT {NULL, 0, 0}

/* Quotes of text[0..len) in order of their content, appended to out. d is
 * the entity analysis of the same text (ent_analyze), or NULL / empty:
 * then no speaker is resolved to an entity. TL_OK; TL_ENOMEM; TL_ETOOBIG
 * (text over 4 GB); e says which. */
int quo_extract(const char *text, size_t len, const ent_doc *d, quo_list *out, tl_err *e);

/* "direct" / "indirect". */
const char *quo_kind_name(quo_kind k);

/* Free the array; the list is left empty and reusable. */
void quo_list_free(quo_list *l);

#endif
