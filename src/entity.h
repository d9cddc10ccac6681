/* entity.h -- from recognized name spans to the entities of one article:
 * roles, affiliations, countries, and the names that mean the same entity
 * within the article.
 *
 * Input: the article text and the spans a recognizer found (ent_span:
 * byte offsets and a type), sorted by start, not overlapping. ent_analyze
 * then
 *  1. links places, demonyms, capitals and seats of power to their
 *     countries (geo.h): "Ukrainian" and "Ukraine" are one entity, the
 *     country; "Kyiv" is a city with the country Ukraine; "the Kremlin" an
 *     organization with the country Russia;
 *  2. attaches roles to persons, from a title written before the name
 *     ("Russian President Vladimir Putin": role President, affiliation
 *     Russia; "NATO Secretary General Mark Rutte": Secretary General,
 *     NATO) or an apposition ("Yuri Ushakov, an assistant to the Russian
 *     president," / "A senior Kremlin aide, Yury Ushakov,");
 *  3. groups the mentions of one entity: "Donald Trump" ... "Trump" ...
 *     "President Trump" (a one-word person name joins the latest earlier
 *     person whose first or last name it is), spelling variants of one
 *     name ("Zelensky"/"Zelenskyy", same tok_variant_key), and the names of
 *     a country.
 * Each local entity gets a canonical name (its longest person name, or the
 * country's name), a match key for merging across articles (see
 * ent_name_key), a mention count and its most specific role.
 *
 * Ownership: ent_doc owns everything it points to except `country`
 * pointers (static geo table); free with ent_doc_free.
 */
#ifndef TRILAT_ENTITY_H
#define TRILAT_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "geo.h"

typedef enum { ENT_NONE = 0, ENT_PER, ENT_ORG, ENT_LOC, ENT_MISC } ent_type;

/* "PER", "ORG", "LOC", "MISC" (or "NONE"); ent_type_parse the reverse,
 * in any case (also "PERSON", "GPE"), ENT_NONE when unknown. */
const char *ent_type_name(ent_type t);
ent_type ent_type_parse(const char *s);

typedef struct ent_span {
    size_t start, end;          /* byte offsets, end exclusive */
    ent_type type;
} ent_span;

typedef struct ent_mention {
    size_t start, end;          /* the name as written */
    ent_type type;
    uint32_t entity;            /* index into ent_doc.e */
    geo_kind geo;               /* how it names a country, GEO_NONE if not */
    size_t role_start, role_end;   /* role phrase, role_end == 0 if none */
} ent_mention;

typedef struct ent_local {
    ent_type type;
    char *name;                 /* canonical name, NUL-terminated */
    char *key;                  /* match key (ent_name_key), NUL-terminated */
    char *role;                 /* most specific role seen, or NULL */
    const geo_country *country; /* country it is / belongs to, or NULL */
    char *affiliation;          /* organization named with the role ("NATO"), or NULL */
    uint32_t mentions;
    size_t first;               /* offset of the first mention */
    int gender;                 /* persons: 1 male, 2 female (from "Mr.", "Mrs.",
                                   "wife" ... next to a mention), 0 unknown */
} ent_local;

typedef struct ent_doc {
    ent_mention *m;
    size_t nm, capm;
    ent_local *e;
    size_t ne, cape;
} ent_doc;

#define ENT_DOC_INIT {NULL, 0, 0, NULL, 0, 0}

/* Analyze text[0..len) with the recognizer's spans (sorted, disjoint).
 * Reuses out's memory (previous contents are freed). TL_OK, TL_ENOMEM or
 * TL_EINVAL (spans out of order or out of range). */
int ent_analyze(const char *text, size_t len, const ent_span *spans, size_t n, ent_doc *out);

void ent_doc_free(ent_doc *d);

/* Is a folded word (lower case, no periods) a word of titles and roles
 * ("president", "minister", "foreign", "chief", "spokesman")? */
int ent_is_role_word(const char *folded);

/* The person of d a title-only phrase means ("the Ukrainian leader", "the
 * Russian president"): a person mentioned before byte `before` whose role
 * holds roleword (folded; "leader" and "official" take any role) and whose
 * country is ctry (NULL: any); the most recently mentioned wins. Returns
 * its index in d->e, -1 when none. */
long ent_find_by_role(const ent_doc *d, const char *roleword, const geo_country *ctry,
                      size_t before);

/* Match key of a name: folded, possessive and titles dropped, each word
 * through tok_variant_key, words joined by one space ("Yury Ushakov" and
 * "Yuri Ushakov" -> "iuri ushakov"). Writes at most cap - 1 bytes and a
 * NUL; returns the length (0 when nothing is left). */
size_t ent_name_key(const char *name, size_t n, char *out, size_t cap);

#endif
