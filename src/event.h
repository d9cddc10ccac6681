/* event.h -- who did what to whom, when: events of one article.
 *
 * Why: next to what its actors said (quote.h), a story is what they did:
 * Trump called Putin, the summit broke down, Kestrel agreed to buy Tarn.
 * evt_extract() finds such events sentence by sentence with a small verb
 * lexicon coded on CAMEO's top level (the taxonomy in docs/events.md),
 * and fills in each event's actor, target, other participants, place,
 * date and the evidence sentence. Rules over the tokenizer, the sentence
 * splitter, the entity analysis (entity.h) and the time expressions
 * (when.h); no parser, no model.
 *
 * Triggers are verbs ("called", "met with", "agreed to", "rejected",
 * "attacked") and event nouns with their light verbs or possessors
 * ("held talks with", "Trump's call with Putin", "a phone call between
 * X and Y"). The actor is the subject before the trigger (or the agent of
 * a passive: "was attacked by X"), the target the first name after it,
 * further names joined by "and" or "with" are other participants.
 * Speech verbs are left to quote.h; an event is what was done.
 *
 * Ownership: evt_list is owned by the caller, freed with evt_list_free();
 * spans are byte offsets into the caller's text, which is never copied;
 * `code` points to a static string.
 */
#ifndef TRILAT_EVENT_H
#define TRILAT_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "entity.h"
#include "err.h"
#include "when.h"

#define EVT_MAX_OTHERS 4

typedef struct evt_event {
    const char *code;               /* CAMEO code, "041" (static) */
    size_t trig_start, trig_end;    /* the trigger as written */
    long actor, target;             /* index into ent_doc.e, -1 when none */
    size_t act_start, act_end;      /* actor phrase as written; act_end 0: none */
    size_t tgt_start, tgt_end;      /* target phrase; tgt_end 0: none */
    long others[EVT_MAX_OTHERS];    /* other participants (ent_doc.e indices) */
    int nothers;
    long location;                  /* ent_doc.e index of a place, -1 when none */
    long when;                      /* index into the when_list given, -1: none */
    size_t sent_start, sent_end;    /* the evidence sentence */
    int negated;                    /* "did not meet", "refused to sign" */
    int future;                     /* announced, not (yet) done: "will meet" */
} evt_event;

typedef struct evt_list {
    evt_event *v;
    size_t n, cap;
} evt_list;

#define EVT_LIST_INIT {NULL, 0, 0}

/* Events of text[0..len), in text order, appended to out. d is the entity
 * analysis of the same text (NULL or empty: actors and targets are kept as
 * phrases, unresolved); w its time expressions (when_find; NULL: no dates).
 * TL_OK; TL_ENOMEM; TL_ETOOBIG (text over 4 GB). */
int evt_extract(const char *text, size_t len, const ent_doc *d, const when_list *w, evt_list *out,
                tl_err *e);

/* The code table's own (static) copy of the n-byte code, NULL when the
 * code is not one this build knows. */
const char *evt_code(const char *code, size_t n);
/* What a code means: "consult: phone call" (NULL for an unknown code). */
const char *evt_label(const char *code);
/* Top-level CAMEO root of a code ("041" -> 4), 0 when not a code. */
int evt_root(const char *code);
/* Name of a root, "consult" (NULL outside 1..20). */
const char *evt_root_name(int root);

void evt_list_free(evt_list *l);

#endif
