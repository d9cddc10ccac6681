/* store_pg.h -- private to the PostgreSQL backend: its state and the
 * helpers its files share (store_pg.c: connection, schema, articles,
 * search, stats; store_pg_conn.c: the libpq plumbing; store_pg_clu.c:
 * placements, stories, terms, meta; store_pg_ent.c: entities, mentions
 * and quotes; store_pg_evt.c: events).
 *
 * The backend speaks libpq. Every value travels as a text parameter
 * ($1, $2 ...) of PQexecParams (as valid UTF-8: store_pg_conn.c repairs
 * a lookup key that is not): no SQL is ever built from data. Lists are
 * read in single-row mode (pg_each), so listing a million articles does
 * not hold them all in memory. Binary columns (centroids, MinHash
 * signatures) are bytea, sent and read in hex form.
 */
#ifndef TRILAT_STORE_PG_H
#define TRILAT_STORE_PG_H

#include <libpq-fe.h>

#include "buf.h"
#include "store_impl.h"

/* Prepared statements (PQprepare'd once per connection; store_pg_conn.c has
 * their SQL): the writes, which the batch drivers repeat thousands of
 * times per transaction. */
enum {
    PGQ_PUT_ART, PGQ_PUT_PLACE, PGQ_PUT_STORY, PGQ_PUT_TERM, PGQ_PUT_META, PGQ_PUT_ENTITY,
    PGQ_PUT_MENTION, PGQ_PUT_QUOTE, PGQ_PUT_EVENT, PGQ_BUMP, PGQ_PUT_ANALYSIS,
    PGQ_COUNT
};

/* Deferred writes (pg_put inside a transaction) are pipelined: sent
 * without waiting for their answers, which are collected (and their
 * first error reported) before the next statement that needs an answer,
 * at the latest at commit, or once this many are outstanding. */
#define PG_PIPE_MAX 256

typedef struct pg_iter pg_iter;

typedef struct {
    PGconn *c;
    char *uri;              /* as given; owned (PQreset reconnects with libpq's copy) */
    char location[512];     /* "host:port/dbname" for stats, no password */
    int readonly;           /* STORE_READONLY */
    int in_tx;
    int dirty;              /* this transaction wrote: bump data_version at commit */
    int64_t own;            /* bumps of data_version this connection committed */
    int pipe;               /* in pipeline mode with `pending` answers outstanding */
    int pending;
    const char *pending_what[PG_PIPE_MAX];
    pg_iter *streaming;     /* the pg_each whose rows are arriving, if any */
    unsigned conn_gen;      /* connections made: 1 + reconnects (pg_ready) */
    unsigned lock_gen;      /* conn_gen when the clustering lock was taken */
    int lock_held;          /* the clustering lock, as of connection lock_gen */
} pg_t;

/* The clustering lock: a session advisory lock ("tlcl"). */
#define PG_LOCK_CLUSTER "1953260396"

#define PG(s) ((pg_t *)(s)->impl)

/* Per connection (again after a reconnect): client encoding UTF-8,
 * read-only when asked, else the prepared writes. */
int pg_session(pg_t *p, tl_err *e);
/* Ready for a statement that needs an answer: rows of a pg_each still
 * arriving read into memory, pipelined writes answered (their first
 * error returned), a connection lost outside a transaction made again. */
int pg_ready(pg_t *p, tl_err *e);
/* The notice processor of every connection: the server's notices are
 * not for the user (libpq would print them on stderr). */
void pg_quiet(void *arg, const char *message);
/* e = TL_ESTORE "what: msg", msg (libpq's, several lines) as one line. */
int pg_msg(tl_err *e, const char *what, const char *msg);

/* Fill e from a failed result (or the connection's last error when r is
 * NULL): TL_ESTORE "what: server message". Returns TL_ESTORE. */
int pg_err(pg_t *p, const PGresult *r, tl_err *e, const char *what);

/* Run sql with n text parameters (vals[i] may be NULL for SQL NULL).
 * pg_q returns the result (caller PQclear()s) or NULL with e filled;
 * pg_cmd is for statements without rows: TL_OK or TL_ESTORE. */
PGresult *pg_q(pg_t *p, const char *sql, int n, const char *const *vals, tl_err *e,
               const char *what);
int pg_cmd(pg_t *p, const char *sql, int n, const char *const *vals, tl_err *e,
           const char *what);
/* Prepared statement `which` (PGQ_*) with n text parameters: pg_qp
 * returns its result (caller PQclear()s) or NULL with e filled. pg_put
 * is for the writes without rows: inside a transaction it is pipelined
 * (TL_OK means sent; an error shows at the next answered statement, at
 * the latest store_commit), outside one it runs at once. */
PGresult *pg_qp(pg_t *p, int which, int n, const char *const *vals, tl_err *e,
                const char *what);
int pg_put(pg_t *p, int which, int n, const char *const *vals, tl_err *e, const char *what);
/* A constant script of one or more statements (no parameters, no
 * data); pg_write is pg_script for writes (refused read-only, counted in
 * data_version). */
int pg_script(pg_t *p, const char *sql, tl_err *e, const char *what);
int pg_write(pg_t *p, const char *sql, tl_err *e, const char *what);
/* This connection wrote: data_version must change (at commit, or now
 * outside a transaction). TL_OK or TL_ESTORE. */
int pg_wrote(pg_t *p, tl_err *e);

/* Text forms of numbers for parameters: write into buf (24 bytes) and
 * return it. pg_idn: NULL (returns NULL) when id is 0. */
const char *pg_i64(char *buf, int64_t v);
const char *pg_idn(char *buf, uint32_t id);
const char *pg_dbl(char *buf, double v);
/* One end of an optional byte span [start, end): v as text, NULL (SQL
 * NULL) when end is 0 (the span is absent). */
const char *pg_spanv(char *buf, uint32_t v, uint32_t end);

/* Column accessors: NULL for SQL NULL; integers 0 for NULL. */
const char *pg_str(const PGresult *r, int row, int col);
char *pg_dup(const PGresult *r, int row, int col);       /* caller frees */
int64_t pg_int(const PGresult *r, int row, int col);
double pg_real(const PGresult *r, int row, int col);
/* A bytea column decoded into a new buffer (caller frees) of *len bytes. */
unsigned char *pg_bytea(const PGresult *r, int row, int col, size_t *len);
/* Hex form of len bytes for a bytea parameter ("\\x..."): caller frees. */
char *pg_hex(const void *data, size_t len);

/* Row iteration in single-row mode: row(r, cb, ud) is called with a
 * one-row result per row until it returns non-zero (then the rest of the
 * query is drained). Returns the number of rows seen, or TL_ESTORE
 * (negative) with e filled. */
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
    store_dup_cb dup;
    store_hit_cb hit;
    store_count_cb count;
    store_analysis_cb analysis;
} pg_cb;
typedef int (*pg_row_fn)(const PGresult *r, pg_cb cb, void *ud);
long pg_each(pg_t *p, const char *sql, int n, const char *const *vals, pg_row_fn row,
             pg_cb cb, void *ud, tl_err *e, const char *what);

/* Articles: the columns ART_COLS_PG select (table alias a), and a row of
 * them into an art_t whose strings point into the result. */
#define ART_COLS_PG "a.id, a.hash, a.source, a.url, a.title, a.published, " \
                    "a.published_ts, a.language, a.extra, a.origin, a.ingested_at, a.rowid"
#define ART_NCOLS_PG 12
void pg_row_to_art(const PGresult *r, int row, art_t *a);

/* WHERE conditions of a filter as SQL with numbered parameters starting
 * at $first (appended to vals[], which has room for 4 more; *n counts
 * them), joined with `joiner` ("WHERE" / "AND"), on column ts_col. The
 * number buffers are nbuf[4][24], owned by the caller. */
void pg_filter_sql(buf_t *b, const store_filter *f, const char *joiner, const char *ts_col,
                   const char **vals, int *n, char nbuf[][24]);

/* store_pg_clu.c */
int pg_put_placement(store_t *s, const store_placement *p, tl_err *e);
int pg_put_story(store_t *s, const store_story_row *r, tl_err *e);
int pg_put_term(store_t *s, uint32_t id, const char *term, const char *surface, uint32_t df,
                uint32_t ndf, tl_err *e);
int pg_set_meta(store_t *s, const char *key, const char *value, tl_err *e);
int pg_get_meta(store_t *s, const char *key, char **value, tl_err *e);
int pg_unplaced(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud, tl_err *e);
int pg_load_terms(store_t *s, store_term_cb cb, void *ud, tl_err *e);
int pg_load_stories(store_t *s, store_story_cb cb, void *ud, tl_err *e);
int pg_load_placements(store_t *s, store_place_cb cb, void *ud, tl_err *e);
int pg_list_stories(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                    void *ud, tl_err *e);
int pg_story_members(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e);
int pg_get_story(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e);
int pg_get_placement(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e);
int pg_near_dups(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e);
int pg_reset_placement(store_t *s, tl_err *e);
int pg_lock_clusterer(store_t *s, int *got, int *fresh, tl_err *e);
void pg_unlock_clusterer(store_t *s);

/* store_pg_ent.c */
int pg_articles_after(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                      tl_err *e);
int pg_put_entity(store_t *s, const store_entity_row *r, tl_err *e);
int pg_put_mention(store_t *s, const store_mention_row *m, tl_err *e);
int pg_load_entities(store_t *s, store_entity_cb cb, void *ud, tl_err *e);
int pg_list_entities(store_t *s, const char *type, long limit, long offset, store_entity_cb cb,
                     void *ud, tl_err *e);
int pg_find_entities(store_t *s, const char *name, const char *key, store_entity_cb cb, void *ud,
                     tl_err *e);
int pg_entity_articles(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                       tl_err *e);
int pg_article_mentions(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e);
int pg_reset_entities(store_t *s, tl_err *e);
int pg_put_quote(store_t *s, const store_quote_row *q, tl_err *e);
int pg_quotes(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud, tl_err *e);
int pg_put_analysis(store_t *s, int64_t article, const char *producer, const void *data,
                    size_t len, tl_err *e);
int pg_analyses(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                tl_err *e);
int pg_drop_analyses(store_t *s, int64_t upto, tl_err *e);
int pg_count_analyses(store_t *s, long *n, tl_err *e);

/* store_pg_evt.c */
int pg_put_event(store_t *s, const store_event_row *r, tl_err *e);
int pg_events(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud, tl_err *e);

#endif
