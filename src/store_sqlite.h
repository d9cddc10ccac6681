/* store_sqlite.h -- private to the SQLite backend: its state and the
 * helpers its files share (store_sqlite.c: schema, articles, search;
 * store_sqlite_clu.c: placements, stories, terms; store_sqlite_ent.c:
 * entities, mentions and quotes; store_sqlite_evt.c: events). */
#ifndef TRILAT_STORE_SQLITE_H
#define TRILAT_STORE_SQLITE_H

#include <sqlite3.h>

#include "buf.h"
#include "store_impl.h"

enum {
    Q_ID_HASH, Q_DUP_BY_ID, Q_BY_HASH, Q_INS_ART, Q_INS_FTS, Q_INS_DUP,
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
    Q_PUT_PLACE, Q_PUT_STORY, Q_PUT_TERM, Q_PUT_META, Q_PUT_ENTITY, Q_PUT_MENTION, Q_PUT_QUOTE,
    Q_PUT_EVENT, Q_PUT_EVT_OTHER, Q_PUT_ANALYSIS,
    Q_COUNT
};

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    char *path;
    int lock_fd;            /* PATH.cluster-lock, -1 until first locked */
    int lock_held;          /* this connection holds the clustering lock */
} sq_t;

#define SQ(s) ((sq_t *)(s)->impl)

int sq_err(sq_t *q, tl_err *e, const char *what);
int sq_exec(sq_t *q, const char *sql, tl_err *e);
int sq_int(sq_t *q, const char *sql, long *out);
int sq_step_reset(sq_t *q, sqlite3_stmt *st, tl_err *e, const char *what);
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
char *sq_col_dup(sqlite3_stmt *st, int i);
const char *sq_col_str(sqlite3_stmt *st, int i);

/* Articles: the columns ART_COLS select (table alias a), and a row of
 * them into an art_t whose strings point into the statement. */
#define ART_COLS "a.id, a.hash, a.source, a.url, a.title, a.published, " \
                 "a.published_ts, a.language, a.extra, a.origin, a.ingested_at, a.rowid"
#define ART_NCOLS 12
void sq_row_to_art(sqlite3_stmt *st, art_t *a);

/* Row iteration: sq_each steps a prepared statement to its end (and
 * finalizes it), calling row() per row until one returns non-zero; it
 * returns the number of rows seen, or a TL_ESTORE error (negative). */
typedef union {
    store_art_cb art;
    store_art_story_cb art_story;
    store_term_cb term;
    store_story_cb story;
    store_place_cb place;
    store_member_cb member;
    store_entity_cb entity;
    store_mention_cb mention;
    store_quote_cb quote;
    store_event_cb event;
    store_analysis_cb analysis;
} sq_cb;
typedef int (*sq_row_fn)(sqlite3_stmt *st, sq_cb cb, void *ud);
int sq_each(sq_t *q, sqlite3_stmt *st, sq_row_fn row, sq_cb cb, void *ud, tl_err *e,
            const char *what);

/* Bind the byte span [a, b) to parameters i and i + 1, or two NULLs when
 * b == 0 (the span is absent). */
void sq_bind_span(sqlite3_stmt *st, int i, uint32_t a, uint32_t b);
/* Bind an entity id to parameter i, NULL when 0 (none). */
void sq_bind_id(sqlite3_stmt *st, int i, uint32_t id);

/* WHERE conditions of a filter (named parameters), and their binding. */
void sq_filter_sql(buf_t *b, const store_filter *f, const char *joiner, const char *ts_col);
void sq_filter_bind(sqlite3_stmt *st, const store_filter *f);

/* store_sqlite_clu.c */
int sq_put_placement(store_t *s, const store_placement *p, tl_err *e);
int sq_put_story(store_t *s, const store_story_row *r, tl_err *e);
int sq_put_term(store_t *s, uint32_t id, const char *term, const char *surface, uint32_t df, uint32_t ndf, tl_err *e);
int sq_set_meta(store_t *s, const char *key, const char *value, tl_err *e);
int sq_get_meta(store_t *s, const char *key, char **value, tl_err *e);
int sq_unplaced(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud, tl_err *e);
int sq_load_terms(store_t *s, store_term_cb cb, void *ud, tl_err *e);
int sq_load_stories(store_t *s, store_story_cb cb, void *ud, tl_err *e);
int sq_load_placements(store_t *s, store_place_cb cb, void *ud, tl_err *e);
int sq_list_stories(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                    void *ud, tl_err *e);
int sq_story_members(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e);
int sq_get_story(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e);
int sq_get_placement(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e);
int sq_near_dups(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e);
int sq_reset_placement(store_t *s, tl_err *e);
int sq_lock_clusterer(store_t *s, int *got, int *fresh, tl_err *e);
void sq_unlock_clusterer(store_t *s);

/* store_sqlite_ent.c */
int sq_articles_after(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                      tl_err *e);
int sq_put_entity(store_t *s, const store_entity_row *r, tl_err *e);
int sq_put_mention(store_t *s, const store_mention_row *m, tl_err *e);
int sq_load_entities(store_t *s, store_entity_cb cb, void *ud, tl_err *e);
int sq_list_entities(store_t *s, const char *type, long limit, long offset, store_entity_cb cb,
                     void *ud, tl_err *e);
int sq_find_entities(store_t *s, const char *name, const char *key, store_entity_cb cb, void *ud,
                     tl_err *e);
int sq_entity_articles(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                       tl_err *e);
int sq_article_mentions(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e);
int sq_reset_entities(store_t *s, tl_err *e);
int sq_put_quote(store_t *s, const store_quote_row *q, tl_err *e);
int sq_quotes(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud, tl_err *e);
int sq_put_analysis(store_t *s, int64_t article, const char *producer, const void *data,
                    size_t len, tl_err *e);
int sq_analyses(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                tl_err *e);
int sq_drop_analyses(store_t *s, int64_t upto, tl_err *e);
int sq_count_analyses(store_t *s, long *n, tl_err *e);

/* store_sqlite_evt.c */
int sq_put_event(store_t *s, const store_event_row *r, tl_err *e);
int sq_events(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud, tl_err *e);

#endif
