/* store_pg_clu.c -- the PostgreSQL backend's story tables: placements of
 * articles in stories, stories (centroids, storylines), the term
 * dictionary with document frequencies, small key/value state, and the
 * clustering lock. The queries are store_sqlite_clu.c's; where SQLite
 * orders implicitly (NULLs first ascending, last descending) they say so.
 * Writes are pipelined inside the placer's transaction (pg_put). */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * The clustering lock
 *
 * A session-level advisory lock: the server releases it when the session
 * ends, however it ends (the holder crashed, its machine vanished and
 * TCP keepalive gave up: store_pg_conn.c, the server restarted). A
 * reconnect (pg_ready) starts a new session without it, so a lock taken
 * on an older connection is not trusted: it is asked for again. While
 * held, each call asks the server whether this session still has it
 * (pg_locks), one cheap round trip per clustering pass.
 * ---------------------------------------------------------------------- */

int pg_lock_clusterer(store_t *s, int *got, int *fresh, tl_err *e) {
    pg_t *p = PG(s);
    *got = *fresh = 0;
    if (p->readonly) return err_set(e, TL_ESTORE, "clustering lock: the store is open read-only");
    PGresult *r = NULL;
    int held = 0;
    /* a connection the server ended shows only when used: then (outside a
     * transaction) ask once more, on a new one */
    for (int attempt = 0; attempt < 2 && !r; attempt++) {
        if (pg_ready(p, e) != TL_OK) return TL_ESTORE;
        held = p->lock_held && p->lock_gen == p->conn_gen;
        r = pg_q(p,
                 held ? "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                        " AND pid = pg_backend_pid() AND granted AND classid = 0"
                        " AND objid = " PG_LOCK_CLUSTER " AND objsubid = 1)"
                      : "SELECT pg_try_advisory_lock(" PG_LOCK_CLUSTER ")",
                 0, NULL, e, "clustering lock");
        if (!r && (p->in_tx || PQstatus(p->c) != CONNECTION_BAD)) break;
    }
    if (!r) return TL_ESTORE;
    *got = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    *fresh = *got && !held;
    p->lock_held = *got;
    p->lock_gen = p->conn_gen;
    return TL_OK;
}

void pg_unlock_clusterer(store_t *s) {
    pg_t *p = PG(s);
    if (p->lock_held && p->lock_gen == p->conn_gen && PQstatus(p->c) == CONNECTION_OK) {
        PGresult *r = pg_q(p, "SELECT pg_advisory_unlock(" PG_LOCK_CLUSTER ")", 0, NULL, NULL,
                           "clustering lock");
        PQclear(r);
    }
    p->lock_held = 0;
}

/* ------------------------------------------------------------------------
 * Writes
 * ---------------------------------------------------------------------- */

int pg_put_placement(store_t *s, const store_placement *pl, tl_err *e) {
    char nb[5][24];
    char *mh = pg_hex(pl->minhash, pl->minhash_len);
    if (!mh) return err_set(e, TL_ENOMEM, "out of memory");
    const char *vals[6] = {pg_i64(nb[0], pl->article), pg_i64(nb[1], pl->story),
                           pg_dbl(nb[2], pl->sim),
                           pl->near_dup_of ? pg_i64(nb[3], pl->near_dup_of) : NULL,
                           pl->near_dup_of ? pg_dbl(nb[4], pl->near_dup_sim) : NULL, mh};
    int rc = pg_put(PG(s), PGQ_PUT_PLACE, 6, vals, e, "storing placement");
    free(mh);
    return rc;
}

int pg_put_story(store_t *s, const store_story_row *r, tl_err *e) {
    char nb[5][24];
    char *c = pg_hex(r->centroid, r->centroid_len);
    if (!c) return err_set(e, TL_ENOMEM, "out of memory");
    const char *vals[7] = {pg_i64(nb[0], r->id), pg_i64(nb[1], r->size),
                           pg_i64(nb[2], r->storyline),
                           r->has_ts ? pg_i64(nb[3], r->first_ts) : NULL,
                           r->has_ts ? pg_i64(nb[4], r->last_ts) : NULL, r->top_terms, c};
    int rc = pg_put(PG(s), PGQ_PUT_STORY, 7, vals, e, "storing story");
    free(c);
    return rc;
}

int pg_put_term(store_t *s, uint32_t id, const char *term, const char *surface, uint32_t df,
                uint32_t ndf, tl_err *e) {
    char nb[3][24];
    const char *vals[5] = {pg_i64(nb[0], id), term, surface, pg_i64(nb[1], df),
                           pg_i64(nb[2], ndf)};
    return pg_put(PG(s), PGQ_PUT_TERM, 5, vals, e, "storing term");
}

int pg_set_meta(store_t *s, const char *key, const char *value, tl_err *e) {
    const char *vals[2] = {key, value};
    return pg_put(PG(s), PGQ_PUT_META, 2, vals, e, "storing state");
}

int pg_get_meta(store_t *s, const char *key, char **value, tl_err *e) {
    const char *vals[1] = {key};
    PGresult *r = pg_q(PG(s), "SELECT value FROM meta WHERE key = $1", 1, vals, e,
                       "reading state");
    if (!r) return TL_ESTORE;
    int rc = TL_OK;
    if (PQntuples(r) && !PQgetisnull(r, 0, 0) && !(*value = pg_dup(r, 0, 0)))
        rc = err_set(e, TL_ENOMEM, "out of memory");
    PQclear(r);
    return rc;
}

int pg_reset_placement(store_t *s, tl_err *e) {
    return pg_write(PG(s), "DELETE FROM placements; DELETE FROM stories; DELETE FROM terms;"
                           "DELETE FROM meta WHERE key LIKE 'cluster.%'", e, "resetting stories");
}

/* ------------------------------------------------------------------------
 * Reads
 * ---------------------------------------------------------------------- */

/* pg_each over sql with up to two integer parameters: TL_OK or the error
 * (*n, if not NULL, the number of rows). */
static int each_row(pg_t *p, const char *sql, int nparams, int64_t a, int64_t b, int b_null,
                    pg_row_fn row, pg_cb cb, void *ud, tl_err *e, const char *what, long *n) {
    char nb[2][24];
    const char *vals[2] = {pg_i64(nb[0], a), b_null ? NULL : pg_i64(nb[1], b)};
    long rc = pg_each(p, sql, nparams, vals, row, cb, ud, e, what);
    if (n) *n = rc;
    return rc < 0 ? (int)rc : TL_OK;
}

static int art_row(const PGresult *r, pg_cb cb, void *ud) {
    art_t a = {0};
    pg_row_to_art(r, 0, &a);
    a.text = (char *)pg_str(r, 0, ART_NCOLS_PG);
    a.text_len = (size_t)PQgetlength(r, 0, ART_NCOLS_PG);
    return cb.art(ud, &a);
}

int pg_unplaced(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud, tl_err *e) {
    return each_row(PG(s),
                    "SELECT " ART_COLS_PG ", a.text FROM articles a"
                    " WHERE a.rowid > $1::bigint AND NOT EXISTS"
                    " (SELECT 1 FROM placements p WHERE p.article = a.rowid)"
                    " ORDER BY a.rowid LIMIT $2::bigint",
                    2, after, limit, limit <= 0, art_row, (pg_cb){.art = cb}, ud, e,
                    "reading unplaced articles", NULL);
}

static int term_row(const PGresult *r, pg_cb cb, void *ud) {
    return cb.term(ud, (uint32_t)pg_int(r, 0, 0), pg_str(r, 0, 1), pg_str(r, 0, 2),
                   (uint32_t)pg_int(r, 0, 3), (uint32_t)pg_int(r, 0, 4));
}

int pg_load_terms(store_t *s, store_term_cb cb, void *ud, tl_err *e) {
    return each_row(PG(s), "SELECT id, term, surface, df, ndf FROM terms ORDER BY id", 0, 0, 0,
                    1, term_row, (pg_cb){.term = cb}, ud, e, "loading terms", NULL);
}

#define STORY_COLS "s.id, s.size, s.storyline, s.first_ts, s.last_ts, s.top_terms, s.centroid"

/* r's story columns into *st; the centroid decoded into *blob (caller
 * frees). 0, or -1 when out of memory. */
static int row_to_story(const PGresult *r, store_story_row *st, unsigned char **blob) {
    memset(st, 0, sizeof(*st));
    st->id = (uint32_t)pg_int(r, 0, 0);
    st->size = (uint32_t)pg_int(r, 0, 1);
    st->storyline = (uint32_t)pg_int(r, 0, 2);
    st->has_ts = !PQgetisnull(r, 0, 3);
    st->first_ts = pg_int(r, 0, 3);
    st->last_ts = pg_int(r, 0, 4);
    st->top_terms = pg_str(r, 0, 5);
    *blob = pg_bytea(r, 0, 6, &st->centroid_len);
    st->centroid = *blob;
    return *blob || PQgetisnull(r, 0, 6) ? 0 : -1;
}

static int story_row(const PGresult *r, pg_cb cb, void *ud) {
    store_story_row st;
    unsigned char *blob;
    int stop = row_to_story(r, &st, &blob) ? 1 : cb.story(ud, &st);
    free(blob);
    return stop;
}

int pg_load_stories(store_t *s, store_story_cb cb, void *ud, tl_err *e) {
    return each_row(PG(s), "SELECT " STORY_COLS " FROM stories s ORDER BY s.id", 0, 0, 0, 1,
                    story_row, (pg_cb){.story = cb}, ud, e, "loading stories", NULL);
}

#define PLACE_COLS "p.article, p.story, p.sim, p.near_dup_of, p.near_dup_sim, p.minhash"

static unsigned char *row_to_place(const PGresult *r, int col, store_placement *pl) {
    pl->article = pg_int(r, 0, col);
    pl->story = (uint32_t)pg_int(r, 0, col + 1);
    pl->sim = pg_real(r, 0, col + 2);
    pl->near_dup_of = pg_int(r, 0, col + 3);
    pl->near_dup_sim = pg_real(r, 0, col + 4);
    unsigned char *mh = pg_bytea(r, 0, col + 5, &pl->minhash_len);
    pl->minhash = mh;
    return mh;
}

static int place_row(const PGresult *r, pg_cb cb, void *ud) {
    store_placement pl;
    unsigned char *mh = row_to_place(r, 0, &pl);
    int stop = mh ? cb.place(ud, &pl) : 1;
    free(mh);
    return stop;
}

int pg_load_placements(store_t *s, store_place_cb cb, void *ud, tl_err *e) {
    return each_row(PG(s), "SELECT " PLACE_COLS " FROM placements p ORDER BY p.article", 0, 0,
                    0, 1, place_row, (pg_cb){.place = cb}, ud, e, "loading placements", NULL);
}

int pg_get_placement(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e) {
    long n = 0;
    int rc = each_row(PG(s), "SELECT " PLACE_COLS " FROM placements p WHERE p.article = $1::bigint",
                      1, article, 0, 1, place_row, (pg_cb){.place = cb}, ud, e,
                      "reading placement", &n);
    if (rc != TL_OK) return rc;
    return n ? TL_OK : err_set(e, TL_ENOTFOUND, "article not placed in a story yet");
}

/* Stories for listing: with a headline (title of the member most similar
 * to the story when it joined, the founder last) and the outlet count;
 * a listed story's centroid is never shown: not read. */
#define STORY_LIST_COLS "s.id, s.size, s.storyline, s.first_ts, s.last_ts, s.top_terms, NULL"
#define STORY_LIST_SQL                                                          \
    "SELECT " STORY_LIST_COLS ","                                              \
    " (SELECT a.title FROM placements p JOIN articles a ON a.rowid = p.article" \
    "   WHERE p.story = s.id AND a.title IS NOT NULL"                           \
    "   ORDER BY p.sim < 1, p.sim DESC, a.rowid LIMIT 1),"                      \
    " (SELECT count(DISTINCT a.source) FROM placements p"                       \
    "   JOIN articles a ON a.rowid = p.article WHERE p.story = s.id),"          \
    " (SELECT p.article FROM placements p WHERE p.story = s.id"                 \
    "   ORDER BY p.sim < 1, p.sim DESC, p.article LIMIT 1),"                    \
    " (SELECT substr(a.text, 1, 600) FROM placements p"                        \
    "   JOIN articles a ON a.rowid = p.article WHERE p.story = s.id"            \
    "   ORDER BY p.sim < 1, p.sim DESC, p.article LIMIT 1)"                     \
    " FROM stories s"

static int story_list_row(const PGresult *r, pg_cb cb, void *ud) {
    store_story_row st;
    unsigned char *blob;
    if (row_to_story(r, &st, &blob)) return 1;
    st.headline = pg_str(r, 0, 7);
    st.sources = (long)pg_int(r, 0, 8);
    st.headline_article = pg_int(r, 0, 9);
    st.lead = pg_str(r, 0, 10);
    int stop = cb.story(ud, &st);
    free(blob);
    return stop;
}

int pg_list_stories(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                    void *ud, tl_err *e) {
    buf_t sql = BUF_INIT;
    const char *vals[10];
    char nb[4][24], sz[24], line[24], lim[24], off[24];
    int n = 0;
    /* The page of story ids first (undated stories, NULL last_ts, last as
     * in SQLite), then the per-story subqueries for that page only. */
    vals[n++] = pg_i64(sz, min_size > 0 ? min_size : 1);
    buf_puts(&sql, STORY_LIST_SQL " JOIN (SELECT s.id AS page_id FROM stories s"
                   " WHERE s.size >= $1::bigint");
    if (f && f->storyline) {
        vals[n++] = pg_i64(line, f->storyline);
        buf_printf(&sql, " AND s.storyline = $%d::bigint", n);
    }
    if (f && f->source) {
        vals[n++] = f->source;
        buf_printf(&sql, " AND EXISTS (SELECT 1 FROM placements p JOIN articles a"
                         " ON a.rowid = p.article WHERE p.story = s.id AND a.source = $%d)", n);
    }
    store_filter g = f ? *f : (store_filter){0};
    g.source = NULL;
    pg_filter_sql(&sql, &g, "AND", "s.last_ts", vals, &n, nb);
    vals[n] = g.limit > 0 ? pg_i64(lim, g.limit) : NULL;
    vals[n + 1] = pg_i64(off, g.offset > 0 ? g.offset : 0);
    buf_printf(&sql, " ORDER BY s.last_ts DESC NULLS LAST, s.id DESC"
                     " LIMIT $%d::bigint OFFSET $%d::bigint) pg ON pg.page_id = s.id"
                     " ORDER BY s.last_ts DESC NULLS LAST, s.id DESC", n + 1, n + 2);
    n += 2;
    long rc = sql.p ? pg_each(PG(s), sql.p, n, vals, story_list_row, (pg_cb){.story = cb}, ud, e,
                              "list stories")
                    : err_set(e, TL_ENOMEM, "out of memory");
    buf_free(&sql);
    return rc < 0 ? (int)rc : TL_OK;
}

int pg_get_story(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e) {
    long n = 0;
    int rc = each_row(PG(s), STORY_LIST_SQL " WHERE s.id = $1::bigint", 1, id, 0, 1,
                      story_list_row, (pg_cb){.story = cb}, ud, e, "reading story", &n);
    if (rc != TL_OK) return rc;
    return n ? TL_OK : err_set(e, TL_ENOTFOUND, "no story %u", id);
}

static int member_row(const PGresult *r, pg_cb cb, void *ud) {
    art_t a = {0};
    store_placement pl;
    pg_row_to_art(r, 0, &a);
    unsigned char *mh = row_to_place(r, ART_NCOLS_PG, &pl);
    int stop = mh ? cb.member(ud, &a, &pl) : 1;
    free(mh);
    return stop;
}

int pg_story_members(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e) {
    return each_row(PG(s),
                    "SELECT " ART_COLS_PG ", " PLACE_COLS " FROM placements p"
                    " JOIN articles a ON a.rowid = p.article WHERE p.story = $1::bigint"
                    " ORDER BY p.sim DESC, a.published_ts NULLS FIRST, a.rowid",
                    1, story, 0, 1, member_row, (pg_cb){.member = cb}, ud, e,
                    "reading story members", NULL);
}

int pg_near_dups(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e) {
    return each_row(PG(s),
                    "SELECT " ART_COLS_PG ", " PLACE_COLS " FROM placements p"
                    " JOIN articles a ON a.rowid = p.article WHERE p.near_dup_of = $1::bigint"
                    " ORDER BY a.rowid",
                    1, article, 0, 1, member_row, (pg_cb){.member = cb}, ud, e,
                    "reading near-duplicates", NULL);
}
