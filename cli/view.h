/* view.h -- JSON documents of what the store holds.
 *
 * One function per thing a user asks for (a story list, a story, an
 * entity, an article...), shared by the command line's --json output and
 * the HTTP API (server/api.c), so that `trilat story 4 --json` and
 * `GET /api/v1/stories/4` are the same document by construction.
 *
 * Every view returns TL_OK and a new reference in *out (the caller
 * decrefs), or a TL_E* code with e filled and *out NULL. TL_ENOTFOUND
 * means the story, article or entity asked for does not exist.
 */
#ifndef TRILAT_VIEW_H
#define TRILAT_VIEW_H

#include <jansson.h>

#include "store.h"
#include "summary.h"

/* One story row: id, headline, articles, sources, storyline, first,
 * last, top_terms. */
json_t *view_story_row(const store_story_row *r);
/* Stories as store_list_stories gives them. */
int view_stories(store_t *s, const store_filter *f, long min_size, json_t **out, tl_err *e);
/* One story: the row, members, summary (sp NULL: defaults), quotes by
 * speaker, events, facts. */
int view_story(store_t *s, uint32_t id, const sum_params *sp, json_t **out, tl_err *e);
/* Storylines with at least min_stories stories, most recent first:
 * [{"id", "stories": [rows], "articles"}]. */
int view_storylines(store_t *s, long min_stories, json_t **out, tl_err *e);
/* One storyline, as an item of view_storylines (TL_ENOTFOUND). */
int view_storyline(store_t *s, uint32_t id, json_t **out, tl_err *e);

/* Articles matching f (metadata). */
int view_articles(store_t *s, const store_filter *f, json_t **out, tl_err *e);
/* One article by id (a duplicate's id gives its original): metadata,
 * text when with_text, requested_id, is_duplicate_of, duplicates, story. */
int view_article(store_t *s, const char *id, int with_text, json_t **out, tl_err *e);
/* Search hits: article metadata, score, snippet (matches between
 * hl_open and hl_close), story. */
int view_search(store_t *s, const char *query, const store_filter *f, const char *hl_open,
                const char *hl_close, json_t **out, tl_err *e);
/* The store's figures and per-source counts (`trilat stats --json`). */
int view_stats(store_t *s, json_t **out, tl_err *e);

/* One entity row: id, name, type, country, affiliation, mentions,
 * articles, aliases, roles. */
json_t *view_entity_row(const store_entity_row *r);
/* Entities by articles then mentions; type NULL for all. */
int view_entities(store_t *s, const char *type, long limit, long offset, json_t **out,
                  tl_err *e);
/* Entities matching a NAME or ID as `trilat entity` matches them, most
 * mentioned first (rows only; an empty array when none). */
int view_entity_find(store_t *s, const char *name, json_t **out, tl_err *e);
/* The one entity a NAME or ID means, as the commands and the API take
 * it: *rows gets every match (view_entity_find), *best the index of the
 * first exact one (its id, its name ignoring case, or its match key),
 * else 0 (the most mentioned). TL_ENOTFOUND when nothing matches. */
int view_entity_pick(store_t *s, const char *name, json_t **rows, size_t *best, tl_err *e);
/* Add the details of `trilat entity` to an entity row o (in place):
 * recent_articles, stories ({"story id": articles}), top_stories (their
 * rows, most articles first), quotes and events, at most limit of each
 * (<= 0: all). */
int view_entity_details(store_t *s, json_t *o, long limit, tl_err *e);

/* Quotes and events matching a filter (store_quotes / store_events). */
int view_quotes(store_t *s, const store_quote_filter *f, json_t **out, tl_err *e);
int view_events(store_t *s, const store_event_filter *f, json_t **out, tl_err *e);

#endif
