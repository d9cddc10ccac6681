/* event_impl.h -- internals shared by the event extractor's files:
 * event_lex.c (the taxonomy and the trigger lexicon) and event.c (the
 * extraction). Not part of the library's API.
 */
#ifndef TRILAT_EVENT_IMPL_H
#define TRILAT_EVENT_IMPL_H

#include <stdint.h>

/* How a trigger finds its target and when it fires (evt_lex.f). */
#define L_OBJ    0x001u  /* target: the name right after ("called Putin") */
#define L_WITH   0x002u  /* target after "with" ("met with Putin") */
#define L_TO     0x004u  /* target after "to" ("traveled to Kyiv") */
#define L_ON     0x008u  /* target after "on" / "against" ("sanctions on Iran") */
#define L_SYM    0x010u  /* symmetric: "X and Y met" gives X -> Y */
#define L_NEEDT  0x020u  /* fires only with a named target ("spoke with X") */
#define L_NOUN   0x040u  /* a noun: fires only in a frame (possessor, light
                            verb, "between X and Y") */
#define L_PHONE  0x080u  /* becomes 041 when "phone" / "telephone" is next to it */
#define L_DEAL   0x100u  /* needs an agreement noun within 3 words ("reached a deal") */
#define L_AID    0x200u  /* needs an aid noun within 4 words ("sent aid to") */
#define L_PLACE  0x400u  /* the target may be a place ("visited Kyiv") */
#define L_INF    0x800u  /* "agreed to buy X": the target is the object of the
                            verb after "to" */

typedef struct evt_lex {
    const char *w;       /* folded form; two words for a phrase ("called on") */
    const char *code;    /* CAMEO code */
    uint32_t f;          /* L_* */
} evt_lex;

/* The entry for a folded word or two-word phrase, NULL when none. */
const evt_lex *evt_lex_find(const char *w);

/* Is w (folded) a word of the given small class? */
int evt_is_prep(const char *w);        /* a preposition that makes a PP */
int evt_is_report(const char *w);      /* a reporting verb: said, confirmed ... */
int evt_is_aux(const char *w);         /* auxiliary or adverb before a verb */
int evt_is_future(const char *w);      /* will, would, plans, expected ... */
int evt_is_negation(const char *w);    /* not, never, refused, declined ... */
int evt_is_light(const char *w);       /* held, had, hold ... (held talks) */
int evt_is_deal(const char *w);        /* agreement, deal, accord, treaty ... */
int evt_is_aid(const char *w);         /* aid, assistance, weapons, funds ... */
int evt_is_be(const char *w);          /* was, were, been, is, are, being, be */

#endif
