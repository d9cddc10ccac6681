/* names.h -- rules around the statistical recognizer: what it misses, and
 * what to do without a model.
 *
 * names_guess() finds name spans with rules only, for stores without a
 * trained model (the model is built from research-only data that not every
 * machine has): a run of capitalized words that does not merely open a
 * sentence or a heading is a name; its type comes from the gazetteer
 * (geo.h: countries, capitals, seats of power; demonyms are MISC), from an
 * organization word in it ("Ministry", "Council", "Party", "Inc"), from a
 * title before it ("President", "spokesman": a person), from the same
 * name's longer form earlier in the text ("Trump" after "Donald Trump"),
 * and otherwise a two- or three-word run is a person and anything else an
 * organization.
 *
 * names_complete() adds to a recognizer's spans the gazetteer names it
 * missed (a country, demonym, capital or seat not covered by any span).
 *
 * Spans are ent_span (entity.h), sorted by start and disjoint; the caller
 * owns the array and frees it with free().
 */
#ifndef TRILAT_NAMES_H
#define TRILAT_NAMES_H

#include <stddef.h>

#include "entity.h"
#include "ner.h"

/* Rule-based spans of text[0..len). *out is malloc'ed (NULL when none).
 * TL_OK or TL_ENOMEM. */
int names_guess(const char *text, size_t len, ent_span **out, size_t *n);

/* Add the gazetteer names not covered by spans[0..*n) (which must be
 * sorted and disjoint); *spans may be reallocated (it must come from
 * malloc or be NULL). Keeps the result sorted. TL_OK or TL_ENOMEM. */
int names_complete(const char *text, size_t len, ent_span **spans, size_t *n);

/* Spans of text[0..len) from the model when m is not NULL, completed with
 * names_complete(); with names_guess() when m is NULL. *out is malloc'ed
 * (caller frees). TL_OK or TL_ENOMEM. */
int names_find(const ner_model *m, const char *text, size_t len, ent_span **out, size_t *n);

#endif
