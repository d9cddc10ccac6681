/* facts.h -- cross-source facts: claims about the same thing, aligned and
 * labelled agree / conflict / single-source.
 *
 * A claim is one article's statement of a value about something: a
 * quantity (quant.h: "about 40 minutes" of "the call") or an event's date
 * (event.h: Trump called Putin on 2025-08-18). The value is an interval
 * [lo, hi]: a hedged number, or a range of days.
 *
 * Two claims are about the same thing when they have the same kind and
 * unit and
 *   - the same measured head ("call" and "call"), or a shared entity in
 *     the measured phrase ("20% of Ukraine's territory", "one-fifth of
 *     Ukraine"), for quantities;
 *   - the same event root code and the same participants, for events;
 * and, for event-bound claims (the duration of a call, the date of a
 * meeting), they come from the same story: across stories the same words
 * usually describe another call. State-like claims (a share of territory,
 * a count of casualties) align across a storyline.
 *
 * Claims about one thing form a fact. Its label:
 *   FACT_SINGLE    every claim comes from one source (an outlet, with its
 *                  near-duplicate copies counted as the original);
 *   FACT_AGREE     two or more sources, and one value fits every claim
 *                  (the intervals have a common point);
 *   FACT_CONFLICT  two or more sources whose intervals cannot all hold.
 * A conflict lists the claims in groups that agree among themselves.
 *
 * Ownership: fact_align fills a caller-owned fact_list; free it with
 * fact_list_free. Claims are borrowed; facts refer to them by index.
 */
#ifndef TRILAT_FACTS_H
#define TRILAT_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define FACT_MAX_ENTS 8

typedef enum { FACT_SINGLE = 0, FACT_AGREE, FACT_CONFLICT } fact_label;

typedef struct fact_claim {
    int kind;                       /* qty_kind, or FACT_KIND_EVENT */
    const char *unit;               /* "%", "USD", "s", "prisoner"; for events "day" */
    const char *head;               /* measured head key, or the event root code */
    double lo, hi;                  /* the value's interval (hi may be INFINITY) */
    uint32_t ents[FACT_MAX_ENTS];   /* entities of the measured phrase / participants */
    int nents;
    int event_bound;                /* compare only within one story */
    uint32_t story;                 /* story of the article (0: none) */
    uint32_t source;                /* source identity (outlet; copies share it) */
    size_t ref;                     /* the caller's reference (not interpreted) */
} fact_claim;

#define FACT_KIND_EVENT 100

typedef struct fact {
    fact_label label;
    size_t *claims;                 /* indexes into the claims array */
    size_t n;
    int *group;                     /* per claim: its agreeing group (0, 1, ...) */
    int ngroups;
    size_t nsources;                /* distinct sources */
    double lo, hi;                  /* the common interval when FACT_AGREE/SINGLE */
} fact;

typedef struct fact_list {
    fact *v;
    size_t n, cap;
} fact_list;

/* Align n claims into facts (each claim in exactly one fact), conflicts
 * first, then agreements by sources, then single-source facts. TL_OK or
 * TL_ENOMEM. */
int fact_align(const fact_claim *claims, size_t n, fact_list *out, tl_err *e);

void fact_list_free(fact_list *l);

const char *fact_label_name(fact_label l);

#endif
