/* store.h -- the one storage interface of trilat.
 *
 * Everything trilat keeps (articles, duplicates, later annotations and
 * stories) goes through these functions. The backend is chosen by the URI
 * given to store_open(): a file path selects the embedded SQLite backend
 * (store_sqlite.c); a "postgresql://" or "postgres://" URI the PostgreSQL
 * backend (store_pg.c, docs/postgresql.md).
 * Backends implement struct store_ops (store_impl.h).
 *
 * Writes happen inside store_begin()/store_commit(): a batch is atomic, and
 * a crash loses at most the batch in flight, never a committed one.
 *
 * Ownership: strings and articles handed to callbacks are owned by the
 * store and valid only during the callback; functions returning art_t or
 * char * give the caller ownership.
 */
#ifndef TRILAT_STORE_H
#define TRILAT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "err.h"

typedef struct store store_t;

#define STORE_CREATE 1      /* create the store if it does not exist */
#define STORE_READONLY 2    /* this connection never writes (the server's readers) */

/* store_put_article() outcomes */
#define STORE_NEW 1         /* stored */
#define STORE_SAME 2        /* same id, same text already stored: no change */
#define STORE_DUP 3         /* same text as another article: recorded as its duplicate */
#define STORE_CONFLICT 4    /* same id, different text: rejected, first version kept */

typedef struct store_filter {
    const char *source;     /* exact outlet name, or NULL */
    int64_t since;          /* published_ts >= since when has_since */
    int has_since;
    int64_t until;          /* published_ts < until when has_until */
    int has_until;
    long limit;             /* <= 0: no limit */
    long offset;
    uint32_t storyline;     /* store_list_stories: this storyline's stories only (0: all) */
} store_filter;

typedef struct store_stats {
    long articles;
    long duplicates;
    long sources;
    long languages;
    long undated;
    long stories;           /* stories, storylines, entities found by `cluster` */
    long storylines;
    long entities;
    int64_t text_bytes;
    char first_published[40];
    char last_published[40];
    int schema_version;
    char backend[16];
    char location[512];
} store_stats;

typedef struct store_dup {
    const char *id, *dup_of, *source, *url, *title, *published, *origin,
        *ingested_at;
} store_dup;

typedef struct store_hit {
    const art_t *article;   /* metadata only (text NULL) */
    double score;           /* BM25 (PostgreSQL: ts_rank_cd), higher is better */
    const char *snippet;
} store_hit;

typedef struct store_count {
    const char *name;
    long count;
} store_count;

/* Placement of an article in a story (story clustering). */
typedef struct store_placement {
    int64_t article;        /* article rowid */
    uint32_t story;
    double sim;             /* similarity with the story when placed (1: founded it) */
    int64_t near_dup_of;    /* rowid of the original when a near-duplicate, else 0 */
    double near_dup_sim;    /* estimated Jaccard with it */
    const void *minhash;    /* signature bytes */
    size_t minhash_len;
} store_placement;

/* A story as stored. */
typedef struct store_story_row {
    uint32_t id;
    uint32_t size;          /* articles */
    uint32_t storyline;     /* id of the storyline (its smallest story id) */
    int has_ts;
    int64_t first_ts, last_ts;
    const void *centroid;   /* packed {uint32 term id, float weight} pairs */
    size_t centroid_len;
    const char *top_terms;  /* JSON array of readable terms */
    /* filled by store_list_stories only: */
    const char *headline;   /* title of the most central member, or NULL */
    const char *lead;       /* start of that member's text (for an untitled story) */
    long sources;           /* distinct outlets */
    int64_t headline_article; /* rowid of the member giving the headline */
} store_story_row;

/* An entity as stored (see entreg.h). aliases and roles are JSON arrays of
 * [text, count] pairs. */
typedef struct store_entity_row {
    uint32_t id;
    const char *type;           /* "PER", "ORG", "LOC", "MISC" */
    const char *key, *name;
    const char *country;        /* ISO code or NULL */
    const char *affiliation;    /* or NULL */
    uint32_t mentions, articles, last_story;
    const char *aliases, *roles;
} store_entity_row;

/* One mention of an entity in an article (byte offsets into its text). */
typedef struct store_mention_row {
    int64_t article;            /* rowid */
    uint32_t start, end, entity;
    uint32_t role_start, role_end;   /* role_end 0: no role phrase */
} store_mention_row;

/* A quote (byte offsets into its article's text; *_end 0 when absent). */
typedef struct store_quote_row {
    int64_t article;            /* rowid */
    uint32_t start, end;        /* the quoted content */
    const char *kind;           /* "direct" / "indirect" */
    uint32_t entity;            /* speaker entity, 0 when unresolved */
    uint32_t spk_start, spk_end, cue_start, cue_end, chan_start, chan_end;
    /* filled by store_quotes only: */
    const char *entity_name;    /* the speaker entity's canonical name, or NULL */
} store_quote_row;

/* Which quotes store_quotes returns: every condition given (non-zero)
 * must hold; none given: all quotes. */
typedef struct store_quote_filter {
    uint32_t entity;            /* speaker entity */
    int64_t article;            /* article rowid */
    uint32_t story;             /* articles placed in this story */
    long limit;                 /* <= 0: no limit */
} store_quote_filter;

/* An event (event.h) as stored: byte offsets into its article's text,
 * *_end 0 when absent; entity ids 0 when none. */
#define STORE_EVT_MAX_OTHERS 8
typedef struct store_event_row {
    int64_t id;                 /* assigned by store_put_event (ignored there) */
    int64_t article;            /* rowid */
    const char *code;           /* CAMEO code, "041" */
    uint32_t trig_start, trig_end;
    uint32_t actor, act_start, act_end;     /* actor entity, actor phrase */
    uint32_t target, tgt_start, tgt_end;    /* target entity, target phrase */
    uint32_t others[STORE_EVT_MAX_OTHERS];  /* other participants, in order */
    int nothers;
    uint32_t location;          /* place entity */
    int has_date;               /* first_day/last_day valid */
    int64_t first_day, last_day;  /* days since 1970, inclusive range */
    const char *certainty;      /* "exact", "inferred", "unresolved" (also: no
                                   time expression at all, when_end 0) */
    uint32_t when_start, when_end;  /* the time expression */
    uint32_t sent_start, sent_end;  /* the evidence sentence */
    int negated, future;
    /* filled by store_events only: canonical names of the entities above
     * (NULL when the id is 0 or unknown) */
    const char *actor_name, *target_name, *location_name;
    const char *other_names[STORE_EVT_MAX_OTHERS];
} store_event_row;

/* Which events store_events returns: every condition given must hold. */
typedef struct store_event_filter {
    uint32_t entity;            /* actor, target or other participant; 0: any */
    uint32_t story;             /* events of this story's articles; 0: any */
    int64_t article;            /* events of one article (rowid); 0: any */
    /* the event's date range meets [since, until) (days since 1970); an
     * undated event counts as happening on its publication day (UTC),
     * one of an undated article never passes a date filter */
    int has_since, has_until;
    int64_t since_day, until_day;
    long limit;                 /* <= 0: no limit */
} store_event_filter;

typedef int (*store_art_cb)(void *ud, const art_t *a);       /* !=0 stops */
typedef int (*store_term_cb)(void *ud, uint32_t id, const char *term, const char *surface,
                             uint32_t df, uint32_t ndf);
typedef int (*store_story_cb)(void *ud, const store_story_row *r);
typedef int (*store_place_cb)(void *ud, const store_placement *p);
typedef int (*store_member_cb)(void *ud, const art_t *a, const store_placement *p);
typedef int (*store_dup_cb)(void *ud, const store_dup *d);
typedef int (*store_hit_cb)(void *ud, const store_hit *h);
typedef int (*store_count_cb)(void *ud, const store_count *c);
typedef int (*store_entity_cb)(void *ud, const store_entity_row *r);
/* an article with its text and its story (0 when not placed) */
typedef int (*store_art_story_cb)(void *ud, const art_t *a, uint32_t story);
/* a quote, or an event, with its article (metadata and text: the offsets
 * point into it) and the article's story (0 when not placed) */
typedef int (*store_quote_cb)(void *ud, const store_quote_row *q, const art_t *a, uint32_t story);
typedef int (*store_event_cb)(void *ud, const store_event_row *ev, const art_t *a,
                              uint32_t story);
/* a mention with its article (metadata only) and the article's story (0 if unplaced) */
typedef int (*store_mention_cb)(void *ud, const store_mention_row *m, const art_t *a, uint32_t story);

/* Open (and migrate) the store at uri. TL_ENOTFOUND when it does not exist
 * and STORE_CREATE is not given. */
int store_open(store_t **s, const char *uri, int flags, tl_err *e);
void store_close(store_t *s);

/* A number that changes whenever another connection commits a change to
 * the store (not this connection's own commits): readers compare it to
 * know whether what they derived from the store is still current. */
int store_data_version(store_t *s, int64_t *version, tl_err *e);

/* A token naming one writer of derived state (the placer, the entity
 * extractor) that no other writer, in this process or another, gets:
 * pid, time and a counter. A writer leaves it in meta with each batch,
 * so a resident copy of the state can tell when someone else wrote. */
void store_writer_token(char *out, size_t cap);

int store_begin(store_t *s, tl_err *e);
int store_commit(store_t *s, tl_err *e);
int store_rollback(store_t *s, tl_err *e);

/* Store one finished article (art_finish() done). *outcome is one of
 * STORE_NEW/SAME/DUP/CONFLICT; for DUP and CONFLICT *other (if not NULL)
 * receives the id of the article it collides with (caller frees). Sets
 * a->ingested_at, and a->rowid when STORE_NEW. Returns TL_OK (whatever
 * the outcome) or TL_ESTORE.
 *
 * Rowids grow in commit order: an article committed after another has a
 * larger rowid, on every backend (SQLite has one writer at a time; the
 * PostgreSQL backend makes writers take turns from store_begin to commit,
 * and an article stored outside a transaction takes that turn too). The
 * clusterer's watermarks (store_unplaced, store_articles_after) rely on
 * it: an article can never appear behind one already read. */
int store_put_article(store_t *s, art_t *a, int *outcome, char **other,
                      tl_err *e);

/* One article by id (with text). If id names a recorded duplicate, the
 * original article is returned and *dup_of_out (if not NULL) receives the
 * original's id (caller frees); otherwise *dup_of_out is NULL.
 * TL_ENOTFOUND when neither exists. */
int store_get_article(store_t *s, const char *id, art_t **out,
                      char **dup_of_out, tl_err *e);

/* Articles matching f, newest first (undated last); with_text loads text. */
int store_list_articles(store_t *s, const store_filter *f, int with_text,
                        store_art_cb cb, void *ud, tl_err *e);

/* Duplicates recorded for original article id. */
int store_list_duplicates(store_t *s, const char *id, store_dup_cb cb,
                          void *ud, tl_err *e);

/* Full-text search over title and text, best first (BM25, title weighted).
 * query uses FTS5 syntax; when it is not valid FTS5 it is retried as plain
 * words. Snippets mark matches with hl_open/hl_close. (PostgreSQL reads
 * the query as websearch_to_tsquery does and ranks with ts_rank_cd:
 * docs/postgresql.md.) */
int store_search(store_t *s, const char *query, const store_filter *f,
                 const char *hl_open, const char *hl_close, store_hit_cb cb,
                 void *ud, tl_err *e);

int store_get_stats(store_t *s, store_stats *st, tl_err *e);

/* Article counts per source, largest first. */
int store_count_sources(store_t *s, store_count_cb cb, void *ud, tl_err *e);

/* ------------------------------------------------------------------------
 * Stories (written by the placement driver, place.c)
 * ---------------------------------------------------------------------- */

/* Articles not yet placed in a story with rowid > after, in rowid order,
 * at most limit, with text. */
int store_unplaced(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud,
                   tl_err *e);
int store_put_placement(store_t *s, const store_placement *p, tl_err *e);
int store_put_story(store_t *s, const store_story_row *r, tl_err *e);
int store_put_term(store_t *s, uint32_t id, const char *term, const char *surface,
                   uint32_t df, uint32_t ndf, tl_err *e);
int store_set_meta(store_t *s, const char *key, const char *value, tl_err *e);
/* *value NULL when the key is absent (caller frees). */
int store_get_meta(store_t *s, const char *key, char **value, tl_err *e);

/* Load the clustering state: terms in id order, stories in id order,
 * placements in article order. */
int store_load_terms(store_t *s, store_term_cb cb, void *ud, tl_err *e);
int store_load_stories(store_t *s, store_story_cb cb, void *ud, tl_err *e);
int store_load_placements(store_t *s, store_place_cb cb, void *ud, tl_err *e);

/* Stories, most recent first (by last publication; f->since/until apply
 * to it; f->source keeps stories with an article from that outlet), with
 * at least min_size articles. */
int store_list_stories(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                       void *ud, tl_err *e);
/* One story (TL_ENOTFOUND), and its members by similarity. */
int store_get_story(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e);
int store_story_members(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e);
/* The placement of one article (TL_ENOTFOUND when not placed). */
int store_get_placement(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e);
/* Articles that are near-duplicates of `article`. */
int store_near_dups(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e);

/* Forget every placement, story and term (for a full re-cluster). */
int store_reset_placement(store_t *s, tl_err *e);

/* ---- entities (schema v5) ---- */

/* Articles with rowid > after, in rowid order, with text and story, at
 * most limit. */
int store_articles_after(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                         tl_err *e);
/* Insert or replace an entity row / a mention (inside a transaction). */
int store_put_entity(store_t *s, const store_entity_row *r, tl_err *e);
int store_put_mention(store_t *s, const store_mention_row *m, tl_err *e);
/* Every entity in id order (to restore the registry). */
int store_load_entities(store_t *s, store_entity_cb cb, void *ud, tl_err *e);
/* Entities by articles then mentions, descending; type NULL for all. */
int store_list_entities(store_t *s, const char *type, long limit, long offset,
                        store_entity_cb cb, void *ud, tl_err *e);
/* Entities matching name: its numeric id, or a match key equal to key or
 * ending in " key" (key from ent_name_key), or a name equal to name
 * ignoring case; most mentioned first. */
int store_find_entities(store_t *s, const char *name, const char *key, store_entity_cb cb,
                        void *ud, tl_err *e);
/* The articles that mention an entity, one row each (its first mention
 * there), newest first, at most limit (<= 0: all). */
int store_entity_articles(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                          tl_err *e);
/* Mentions in one article, in text order. */
int store_article_mentions(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e);
/* Drop every entity, mention, quote and event (and the entities.cursor
 * meta key). */
int store_reset_entities(store_t *s, tl_err *e);
/* Store a quote (inside a transaction). */
int store_put_quote(store_t *s, const store_quote_row *q, tl_err *e);
/* Quotes matching f (NULL: all), newest articles first (undated last),
 * then in text order. */
int store_quotes(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud, tl_err *e);

/* ---- events (schema v7) ---- */

/* Store an event and its other participants (inside a transaction);
 * r->id and the *_name fields are ignored. */
int store_put_event(store_t *s, const store_event_row *r, tl_err *e);
/* Events matching f (NULL: all) as a timeline: by date (first day, then
 * last day), undated events last; ties and undated events by publication
 * (undated articles last), then article and text order. */
int store_events(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud, tl_err *e);

/* Fencing for writers of derived state (place.c, entx.c), inside their
 * batch's transaction: TL_OK when meta `key` (the token of the last
 * batch's writer) is still `seen`, the token the writer's state was
 * loaded or last saved with; TL_EBUSY, saying that `who` wrote meanwhile,
 * when another writer's batch came in between (see the clustering lock,
 * below). */
int store_fence(store_t *s, const char *key, const char *seen, const char *who, tl_err *e);

/* ------------------------------------------------------------------------
 * The clustering lock
 *
 * Placement and entity extraction advance shared derived state (stories,
 * terms, the entity registry, their cursors) that must have one writer at
 * a time. store_lock_clusterer takes the store's clustering lock without
 * waiting: *got 1 when this connection holds it (already, or now), 0 when
 * another process does. It is held until store_unlock_clusterer, the
 * connection closes, or the process ends: a crashed holder never blocks
 * the others. SQLite: an open-file-description lock on PATH.cluster-lock
 * (every process on the machine sees it; an in-memory store always gets
 * it); PostgreSQL: a session advisory lock, which a lost connection
 * releases (the next call notices, and takes it again if it is free).
 * When the lock is newly taken, meta lock.clusterer records who took it
 * ("host pid N since TIME"); *holder (if not NULL; caller frees) gets
 * that record when another process holds the lock.
 *
 * The lock decides who works; what keeps two writers from corrupting the
 * state even when the lock was lost in between (a connection reset) is the
 * writers' fencing check (place.c, entx.c: every batch commits only if the
 * store's writer token is still the one its state was loaded with).
 * ---------------------------------------------------------------------- */

int store_lock_clusterer(store_t *s, int *got, char **holder, tl_err *e);
/* The same, asking again every 50 ms for up to ms milliseconds while
 * another holds it: a holder that just ended frees the lock a moment
 * later on PostgreSQL (when the server process behind its session has
 * exited), and a command run right after it should not fail for that. */
int store_lock_clusterer_within(store_t *s, int ms, int *got, char **holder, tl_err *e);
void store_unlock_clusterer(store_t *s);

/* ------------------------------------------------------------------------
 * Per-article analyses (schema v8)
 *
 * What `trilat worker` computed for a new article (anl.h: entities,
 * quotes, events) before the entity extractor needs it, so that the one
 * clusterer merges instead of analysing. An opaque blob tagged with its
 * producer (the build and the NER model that made it: a clusterer with
 * another producer analyses the article again). Put in the transaction
 * that stores the article; read and dropped by the extractor.
 * ---------------------------------------------------------------------- */

int store_put_analysis(store_t *s, int64_t article, const char *producer, const void *data,
                       size_t len, tl_err *e);
typedef int (*store_analysis_cb)(void *ud, int64_t article, const char *producer,
                                 const void *data, size_t len);
/* The first `limit` analyses of articles with rowid > after, in rowid order. */
int store_analyses(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                   tl_err *e);
/* Forget the analyses of articles with rowid <= upto (in a transaction). */
int store_drop_analyses(store_t *s, int64_t upto, tl_err *e);
/* How many analyses wait to be used. */
int store_count_analyses(store_t *s, long *n, tl_err *e);

/* Check the store's integrity. *report (caller frees) is "ok" or the
 * problems found; returns TL_OK if ok, TL_ESTORE otherwise. */
int store_check(store_t *s, char **report, tl_err *e);

#endif
