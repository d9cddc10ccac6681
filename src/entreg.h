/* entreg.h -- the entity registry: one global entity for all the names
 * that mean it, across articles and outlets.
 *
 * Each article's local entities (entity.h) are resolved to global ones:
 *  1. same type and same match key: the same entity ("Yuri Ushakov" and
 *     "Yury Ushakov", "Steve Witkoff" and "Steve Vitkov", "Zelensky" and
 *     "Zelenskyy" all have one key, see ent_name_key);
 *  2. a person known by one word in the article ("Mertz told reporters")
 *     joins the person whose last name it is: the only such person, or,
 *     when several share it, the one already in the same story, or one
 *     that has at least ER_DOMINANT times the mentions of all the others
 *     together; otherwise it stays an entity of its own;
 *  3. a full name with the same first name as a person already seen in
 *     the same story, and a last name one edit away (6+ letters: "Dmitry
 *     Medvedev" / "Dmitry Medvedyev"), is that person.
 * Two full names with different first names never merge, so "Donald
 * Trump" and "Melania Trump" stay apart; nor do near-identical names in
 * different stories ("John Anderson" / "John Andersen").
 * The entity keeps every written form as an alias with a count, its roles
 * with counts, its country and affiliation, its mention and article
 * counts. Entities are created in order, ids from 1; state can be
 * restored (er_restore) so that resolution is incremental across runs.
 * Deterministic for a given input order.
 */
#ifndef TRILAT_ENTREG_H
#define TRILAT_ENTREG_H

#include <stddef.h>
#include <stdint.h>

#include "entity.h"

#define ER_DOMINANT 5

typedef struct entreg entreg;

typedef struct er_count {
    const char *text;
    uint32_t count;
} er_count;

/* A global entity (pointers valid until the next change to the registry). */
typedef struct er_entity {
    uint32_t id;
    ent_type type;
    const char *key;
    const char *name;          /* canonical: the most frequent full form */
    const char *country;       /* ISO code or NULL */
    const char *affiliation;   /* or NULL */
    uint32_t mentions, articles;
    uint32_t last_story;       /* story of the latest article it was seen in */
    const er_count *aliases;   /* written forms, first seen first */
    size_t naliases;
    const er_count *roles;
    size_t nroles;
} er_entity;

entreg *er_new(void);
void er_free(entreg *r);

/* Resolve the local entities of one article (placed in story `story`, 0
 * if none) to global ids: ids[i] for d->e[i]. Aliases come from the
 * mentions' written forms in text. TL_OK or TL_ENOMEM. */
int er_add_article(entreg *r, const char *text, const ent_doc *d, uint32_t story, uint32_t *ids);

/* Restore an entity saved earlier (ids must come in increasing order,
 * without gaps), then its aliases and roles. */
int er_restore(entreg *r, const er_entity *e);
int er_restore_alias(entreg *r, uint32_t id, const char *alias, uint32_t count);
int er_restore_role(entreg *r, uint32_t id, const char *role, uint32_t count);

uint32_t er_count_entities(const entreg *r);
int er_get(const entreg *r, uint32_t id, er_entity *out);

/* Entities changed since the last call, ids ascending, into out (room for
 * er_count_entities() ids); clears the marks. */
size_t er_take_dirty(entreg *r, uint32_t *out);

#endif
