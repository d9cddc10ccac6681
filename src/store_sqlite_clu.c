#define _GNU_SOURCE 1      /* F_OFD_SETLK */
/* store_sqlite_clu.c -- the SQLite backend's story tables: placements of
 * articles in stories, stories (centroids, storylines), the term
 * dictionary with document frequencies, small key/value state, and the
 * clustering lock. */
#include "store_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * The clustering lock
 *
 * An open-file-description lock (F_OFD_SETLK) on PATH.cluster-lock, a
 * file of its own beside the database so that it never meets SQLite's
 * own POSIX locks on the database file. An OFD lock belongs to the open
 * file, not to the process: two connections in one process exclude each
 * other as two processes do, and closing the file (sq_close, or the
 * process ending however it ends) releases it.
 * ---------------------------------------------------------------------- */

static int in_memory(const char *path) { return !*path || strcmp(path, ":memory:") == 0; }

static int ofd_lock(int fd, short type) {
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    return fcntl(fd, F_OFD_SETLK, &fl);
}

int sq_lock_clusterer(store_t *s, int *got, int *fresh, tl_err *e) {
    sq_t *q = SQ(s);
    *got = *fresh = 0;
    if (q->lock_held) { *got = 1; return TL_OK; }
    if (in_memory(q->path)) {
        *got = *fresh = q->lock_held = 1;
        return TL_OK;
    }
    if (q->lock_fd < 0) {
        char path[4096];
        if (snprintf(path, sizeof(path), "%s.cluster-lock", q->path) >= (int)sizeof(path))
            return err_set(e, TL_EINVAL, "store path too long for its lock file");
        q->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (q->lock_fd < 0)
            return err_set(e, TL_EIO, "cannot open the clustering lock %s: %s", path,
                           strerror(errno));
    }
    if (ofd_lock(q->lock_fd, F_WRLCK) == 0) {
        *got = *fresh = q->lock_held = 1;
        return TL_OK;
    }
    if (errno == EACCES || errno == EAGAIN) return TL_OK;
    return err_set(e, TL_EIO, "clustering lock of %s: %s", q->path, strerror(errno));
}

void sq_unlock_clusterer(store_t *s) {
    sq_t *q = SQ(s);
    if (q->lock_held && q->lock_fd >= 0) ofd_lock(q->lock_fd, F_UNLCK);
    q->lock_held = 0;
}

/* ------------------------------------------------------------------------
 * Writes
 * ---------------------------------------------------------------------- */

int sq_put_placement(store_t *s, const store_placement *p, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_PLACE];
    sqlite3_bind_int64(st, 1, p->article);
    sqlite3_bind_int64(st, 2, p->story);
    sqlite3_bind_double(st, 3, p->sim);
    if (p->near_dup_of) {
        sqlite3_bind_int64(st, 4, p->near_dup_of);
        sqlite3_bind_double(st, 5, p->near_dup_sim);
    } else {
        sqlite3_bind_null(st, 4);
        sqlite3_bind_null(st, 5);
    }
    sqlite3_bind_blob(st, 6, p->minhash, (int)p->minhash_len, SQLITE_STATIC);
    return sq_step_reset(q, st, e, "storing placement");
}

int sq_put_story(store_t *s, const store_story_row *r, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_STORY];
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->size);
    sqlite3_bind_int64(st, 3, r->storyline);
    if (r->has_ts) {
        sqlite3_bind_int64(st, 4, r->first_ts);
        sqlite3_bind_int64(st, 5, r->last_ts);
    } else {
        sqlite3_bind_null(st, 4);
        sqlite3_bind_null(st, 5);
    }
    sq_bind_text(st, 6, r->top_terms);
    sqlite3_bind_blob(st, 7, r->centroid, (int)r->centroid_len, SQLITE_STATIC);
    return sq_step_reset(q, st, e, "storing story");
}

int sq_put_term(store_t *s, uint32_t id, const char *term, const char *surface, uint32_t df, uint32_t ndf,
                tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_TERM];
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, term);
    sq_bind_text(st, 3, surface);
    sqlite3_bind_int64(st, 4, df);
    sqlite3_bind_int64(st, 5, ndf);
    return sq_step_reset(q, st, e, "storing term");
}

int sq_set_meta(store_t *s, const char *key, const char *value, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_META];
    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, value);
    return sq_step_reset(q, st, e, "storing state");
}

int sq_get_meta(store_t *s, const char *key, char **value, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL))
        return sq_err(q, e, "reading state");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *value = sq_col_dup(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TL_OK : sq_err(q, e, "reading state");
}

int sq_reset_placement(store_t *s, tl_err *e) {
    return sq_exec(SQ(s), "DELETE FROM placements; DELETE FROM stories; DELETE FROM terms;"
                          "DELETE FROM meta WHERE key LIKE 'cluster.%'", e);
}

/* ------------------------------------------------------------------------
 * Reads
 * ---------------------------------------------------------------------- */

/* Prepare sql, bind up to two int64 parameters, and call row() per row
 * (sq_each: the number of rows, or an error). */
static int each_row(sq_t *q, const char *sql, int nparams, int64_t a, int64_t b, sq_row_fn row,
                    sq_cb cb, void *ud, tl_err *e, const char *what) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK) return sq_err(q, e, what);
    if (nparams > 0) sqlite3_bind_int64(st, 1, a);
    if (nparams > 1) sqlite3_bind_int64(st, 2, b);
    return sq_each(q, st, row, cb, ud, e, what);
}

static int art_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    art_t a = {0};
    sq_row_to_art(st, &a);
    a.text = (char *)sq_col_str(st, ART_NCOLS);
    a.text_len = (size_t)sqlite3_column_bytes(st, ART_NCOLS);
    return cb.art(ud, &a);
}

int sq_unplaced(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s),
                     "SELECT " ART_COLS ", a.text FROM articles a"
                     " WHERE a.rowid > ?1 AND NOT EXISTS"
                     " (SELECT 1 FROM placements p WHERE p.article = a.rowid)"
                     " ORDER BY a.rowid LIMIT ?2",
                     2, after, limit > 0 ? limit : -1, art_row, (sq_cb){.art = cb}, ud, e,
                     "reading unplaced articles");
    return n < 0 ? n : TL_OK;
}

static int term_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    return cb.term(ud, (uint32_t)sqlite3_column_int64(st, 0), sq_col_str(st, 1),
                               sq_col_str(st, 2), (uint32_t)sqlite3_column_int64(st, 3),
                               (uint32_t)sqlite3_column_int64(st, 4));
}

int sq_load_terms(store_t *s, store_term_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s), "SELECT id, term, surface, df, ndf FROM terms ORDER BY id", 0, 0, 0,
                     term_row, (sq_cb){.term = cb}, ud, e, "loading terms");
    return n < 0 ? n : TL_OK;
}

#define STORY_COLS "s.id, s.size, s.storyline, s.first_ts, s.last_ts, s.top_terms, s.centroid"

static void row_to_story(sqlite3_stmt *st, store_story_row *r) {
    memset(r, 0, sizeof(*r));
    r->id = (uint32_t)sqlite3_column_int64(st, 0);
    r->size = (uint32_t)sqlite3_column_int64(st, 1);
    r->storyline = (uint32_t)sqlite3_column_int64(st, 2);
    r->has_ts = sqlite3_column_type(st, 3) != SQLITE_NULL;
    r->first_ts = sqlite3_column_int64(st, 3);
    r->last_ts = sqlite3_column_int64(st, 4);
    r->top_terms = sq_col_str(st, 5);
    r->centroid = sqlite3_column_blob(st, 6);
    r->centroid_len = (size_t)sqlite3_column_bytes(st, 6);
}

static int story_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    store_story_row r;
    row_to_story(st, &r);
    return cb.story(ud, &r);
}

int sq_load_stories(store_t *s, store_story_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s), "SELECT " STORY_COLS " FROM stories s ORDER BY s.id", 0, 0, 0,
                     story_row, (sq_cb){.story = cb}, ud, e, "loading stories");
    return n < 0 ? n : TL_OK;
}

static void row_to_place(sqlite3_stmt *st, int col, store_placement *p) {
    p->article = sqlite3_column_int64(st, col);
    p->story = (uint32_t)sqlite3_column_int64(st, col + 1);
    p->sim = sqlite3_column_double(st, col + 2);
    p->near_dup_of = sqlite3_column_int64(st, col + 3);
    p->near_dup_sim = sqlite3_column_double(st, col + 4);
    p->minhash = sqlite3_column_blob(st, col + 5);
    p->minhash_len = (size_t)sqlite3_column_bytes(st, col + 5);
}

static int place_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    store_placement p;
    row_to_place(st, 0, &p);
    return cb.place(ud, &p);
}

#define PLACE_COLS "p.article, p.story, p.sim, p.near_dup_of, p.near_dup_sim, p.minhash"

int sq_load_placements(store_t *s, store_place_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s), "SELECT " PLACE_COLS " FROM placements p ORDER BY p.article", 0, 0,
                     0, place_row, (sq_cb){.place = cb}, ud, e, "loading placements");
    return n < 0 ? n : TL_OK;
}

int sq_get_placement(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s), "SELECT " PLACE_COLS " FROM placements p WHERE p.article = ?1", 1,
                     article, 0, place_row, (sq_cb){.place = cb}, ud, e, "reading placement");
    if (n < 0) return n;
    return n ? TL_OK : err_set(e, TL_ENOTFOUND, "article not placed in a story yet");
}

/* Stories for listing: with a headline (title of the member most similar
 * to the story when it joined, the founder last) and the outlet count. */
/* a listed story's centroid (about 2 KB) is never shown: not read */
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

static int story_list_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    store_story_row r;
    row_to_story(st, &r);
    r.headline = sq_col_str(st, 7);
    r.sources = (long)sqlite3_column_int64(st, 8);
    r.headline_article = sqlite3_column_int64(st, 9);
    r.lead = sq_col_str(st, 10);
    return cb.story(ud, &r);
}

int sq_list_stories(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                    void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    buf_t sql = BUF_INIT;
    /* The page of story ids first, walking the stories_last index (in
     * DESC order SQLite puts undated stories, NULL last_ts, last); the
     * per-story subqueries of STORY_LIST_SQL then run for that page only,
     * not for every story before the sort. */
    buf_puts(&sql, STORY_LIST_SQL " JOIN (SELECT s.id AS page_id FROM stories s");
    buf_printf(&sql, " WHERE s.size >= %ld", min_size > 0 ? min_size : 1);
    if (f && f->storyline) buf_printf(&sql, " AND s.storyline = %u", f->storyline);
    if (f && f->source)
        buf_puts(&sql, " AND EXISTS (SELECT 1 FROM placements p JOIN articles a"
                       " ON a.rowid = p.article WHERE p.story = s.id AND a.source = :source)");
    store_filter g = f ? *f : (store_filter){0};
    g.source = NULL;
    sq_filter_sql(&sql, &g, "AND", "s.last_ts");
    buf_puts(&sql, " ORDER BY s.last_ts DESC, s.id DESC LIMIT :limit OFFSET :offset)"
                   " ON page_id = s.id ORDER BY s.last_ts DESC, s.id DESC");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(q->db, sql.p, -1, &st, NULL);
    buf_free(&sql);
    if (rc != SQLITE_OK) return sq_err(q, e, "list stories");
    sq_filter_bind(st, f);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (story_list_row(st, (sq_cb){.story = cb}, ud)) break;
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? TL_OK : sq_err(q, e, "list stories");
}

int sq_get_story(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s), STORY_LIST_SQL " WHERE s.id = ?1", 1, id, 0, story_list_row, (sq_cb){.story = cb}, ud, e, "reading story");
    if (n < 0) return n;
    return n ? TL_OK : err_set(e, TL_ENOTFOUND, "no story %u", id);
}

static int member_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    art_t a = {0};
    store_placement p;
    sq_row_to_art(st, &a);
    row_to_place(st, ART_NCOLS, &p);
    return cb.member(ud, &a, &p);
}

int sq_story_members(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s),
                     "SELECT " ART_COLS ", " PLACE_COLS " FROM placements p"
                     " JOIN articles a ON a.rowid = p.article WHERE p.story = ?1"
                     " ORDER BY p.sim DESC, a.published_ts, a.rowid",
                     1, story, 0, member_row, (sq_cb){.member = cb}, ud, e, "reading story members");
    return n < 0 ? n : TL_OK;
}

int sq_near_dups(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e) {
    int n = each_row(SQ(s),
                     "SELECT " ART_COLS ", " PLACE_COLS " FROM placements p"
                     " JOIN articles a ON a.rowid = p.article WHERE p.near_dup_of = ?1"
                     " ORDER BY a.rowid",
                     1, article, 0, member_row, (sq_cb){.member = cb}, ud, e, "reading near-duplicates");
    return n < 0 ? n : TL_OK;
}
