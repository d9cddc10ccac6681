/* store_sqlite_ent.c -- the SQLite backend's entity tables: entities (the
 * registry of entreg.h, one row each, aliases and roles as JSON) and their
 * mentions in articles (byte offsets, role phrase), and the quotes
 * attributed to them (events: store_sqlite_evt.c). Writes are plain
 * INSERT OR REPLACE inside the caller's transaction; entity extraction
 * writes one batch of articles per transaction. */
#include "store_sqlite.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Rows
 * ---------------------------------------------------------------------- */

#define ENT_COLS "e.id, e.type, e.key, e.name, e.country, e.affiliation, e.mentions, " \
                 "e.articles, e.last_story, e.aliases, e.roles"

static void row_to_entity(sqlite3_stmt *st, store_entity_row *r) {
    r->id = (uint32_t)sqlite3_column_int64(st, 0);
    r->type = sq_col_str(st, 1);
    r->key = sq_col_str(st, 2);
    r->name = sq_col_str(st, 3);
    r->country = sq_col_str(st, 4);
    r->affiliation = sq_col_str(st, 5);
    r->mentions = (uint32_t)sqlite3_column_int64(st, 6);
    r->articles = (uint32_t)sqlite3_column_int64(st, 7);
    r->last_story = (uint32_t)sqlite3_column_int64(st, 8);
    r->aliases = sq_col_str(st, 9);
    r->roles = sq_col_str(st, 10);
}

/* sq_each for the readers below: TL_OK or the error. */
static int run_rows(sq_t *q, sqlite3_stmt *st, sq_row_fn row, sq_cb cb, void *ud, tl_err *e,
                    const char *what) {
    int n = sq_each(q, st, row, cb, ud, e, what);
    return n < 0 ? n : TL_OK;
}

static int entity_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    store_entity_row r;
    row_to_entity(st, &r);
    return cb.entity(ud, &r);
}

/* mention columns, then ART_COLS, then the article's story */
#define MEN_COLS "m.article, m.start, m.end, m.entity, m.role_start, m.role_end"

static int mention_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    store_mention_row m = {sqlite3_column_int64(st, 0), (uint32_t)sqlite3_column_int64(st, 1),
                           (uint32_t)sqlite3_column_int64(st, 2),
                           (uint32_t)sqlite3_column_int64(st, 3),
                           (uint32_t)sqlite3_column_int64(st, 4),
                           (uint32_t)sqlite3_column_int64(st, 5)};
    art_t a = {0};                 /* metadata the listing needs */
    a.id = (char *)sq_col_str(st, 6);
    a.source = (char *)sq_col_str(st, 7);
    a.title = (char *)sq_col_str(st, 8);
    a.published = (char *)sq_col_str(st, 9);
    a.rowid = m.article;
    return cb.mention(ud, &m, &a, (uint32_t)sqlite3_column_int64(st, 10));
}

static int art_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    art_t a = {0};
    sq_row_to_art(st, &a);
    a.text = (char *)sq_col_str(st, ART_NCOLS);
    a.text_len = (size_t)sqlite3_column_bytes(st, ART_NCOLS);
    return cb.art_story(ud, &a, (uint32_t)sqlite3_column_int64(st, ART_NCOLS + 1));
}

/* ------------------------------------------------------------------------
 * Writes
 * ---------------------------------------------------------------------- */

int sq_put_entity(store_t *s, const store_entity_row *r, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_ENTITY];
    sqlite3_bind_int64(st, 1, r->id);
    sq_bind_text(st, 2, r->type);
    sq_bind_text(st, 3, r->key);
    sq_bind_text(st, 4, r->name);
    sq_bind_text(st, 5, r->country);
    sq_bind_text(st, 6, r->affiliation);
    sqlite3_bind_int64(st, 7, r->mentions);
    sqlite3_bind_int64(st, 8, r->articles);
    sqlite3_bind_int64(st, 9, r->last_story);
    sq_bind_text(st, 10, r->aliases ? r->aliases : "[]");
    sq_bind_text(st, 11, r->roles ? r->roles : "[]");
    return sq_step_reset(q, st, e, "storing entity");
}

int sq_put_mention(store_t *s, const store_mention_row *m, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_MENTION];
    sqlite3_bind_int64(st, 1, m->article);
    sqlite3_bind_int64(st, 2, m->start);
    sqlite3_bind_int64(st, 3, m->end);
    sqlite3_bind_int64(st, 4, m->entity);
    sq_bind_span(st, 5, m->role_start, m->role_end);
    return sq_step_reset(q, st, e, "storing mention");
}

int sq_reset_entities(store_t *s, tl_err *e) {
    return sq_exec(SQ(s), "DELETE FROM mentions; DELETE FROM entities; DELETE FROM quotes;"
                          "DELETE FROM event_others; DELETE FROM events;"
                          "DELETE FROM meta WHERE key LIKE 'entities.%'", e);
}

/* ------------------------------------------------------------------------
 * Reads
 * ---------------------------------------------------------------------- */

int sq_articles_after(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                      tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT " ART_COLS ", a.text, COALESCE(p.story, 0) FROM articles a"
                           " LEFT JOIN placements p ON p.article = a.rowid WHERE a.rowid > ?1"
                           " ORDER BY a.rowid LIMIT ?2", -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "reading articles");
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    return run_rows(q, st, art_row, (sq_cb){.art_story = cb}, ud, e, "reading articles");
}

int sq_load_entities(store_t *s, store_entity_cb cb, void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT " ENT_COLS " FROM entities e ORDER BY e.id", -1, &st,
                           NULL) != SQLITE_OK)
        return sq_err(q, e, "loading entities");
    return run_rows(q, st, entity_row, (sq_cb){.entity = cb}, ud, e, "loading entities");
}

int sq_list_entities(store_t *s, const char *type, long limit, long offset, store_entity_cb cb,
                     void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT " ENT_COLS " FROM entities e"
                           " WHERE ?1 IS NULL OR e.type = ?1"
                           " ORDER BY e.articles DESC, e.mentions DESC, e.id LIMIT ?2 OFFSET ?3",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "listing entities");
    sq_bind_text(st, 1, type);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    sqlite3_bind_int64(st, 3, offset > 0 ? offset : 0);
    return run_rows(q, st, entity_row, (sq_cb){.entity = cb}, ud, e, "listing entities");
}

int sq_find_entities(store_t *s, const char *name, const char *key, store_entity_cb cb, void *ud,
                     tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT " ENT_COLS " FROM entities e"
                           " WHERE CAST(e.id AS TEXT) = ?1 OR e.name = ?1 COLLATE NOCASE"
                           " OR (?2 <> '' AND (e.key = ?2 OR e.key LIKE '% ' || ?2))"
                           " ORDER BY e.key = ?2 DESC, e.mentions DESC, e.id",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "finding entities");
    sq_bind_text(st, 1, name);
    sq_bind_text(st, 2, key ? key : "");
    return run_rows(q, st, entity_row, (sq_cb){.entity = cb}, ud, e, "finding entities");
}

#define MEN_JOIN                                                                           \
    " FROM mentions m JOIN articles a ON a.rowid = m.article"                             \
    " LEFT JOIN placements p ON p.article = m.article"

int sq_entity_articles(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                       tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           /* MIN(): the other columns come from the first mention */
                           "SELECT m.article, MIN(m.start), m.end, m.entity, m.role_start,"
                           " m.role_end, a.id, a.source, a.title, a.published,"
                           " COALESCE(p.story, 0)" MEN_JOIN
                           " WHERE m.entity = ?1 GROUP BY m.article"
                           " ORDER BY a.published_ts IS NULL, a.published_ts DESC, m.article"
                           " LIMIT ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "reading mentions");
    sqlite3_bind_int64(st, 1, entity);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    return run_rows(q, st, mention_row, (sq_cb){.mention = cb}, ud, e, "reading mentions");
}

int sq_article_mentions(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT " MEN_COLS ", a.id, a.source, a.title, a.published,"
                           " COALESCE(p.story, 0)" MEN_JOIN
                           " WHERE m.article = ?1 ORDER BY m.start",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "reading mentions");
    sqlite3_bind_int64(st, 1, article);
    return run_rows(q, st, mention_row, (sq_cb){.mention = cb}, ud, e, "reading mentions");
}

/* ------------------------------------------------------------------------
 * Quotes
 * ---------------------------------------------------------------------- */

/* Bind an offset pair, NULL when absent (end 0). */
void sq_bind_id(sqlite3_stmt *st, int i, uint32_t id) {
    if (id) sqlite3_bind_int64(st, i, id);
    else sqlite3_bind_null(st, i);
}

void sq_bind_span(sqlite3_stmt *st, int i, uint32_t a, uint32_t b) {
    if (b) {
        sqlite3_bind_int64(st, i, a);
        sqlite3_bind_int64(st, i + 1, b);
    } else {
        sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, i + 1);
    }
}

int sq_put_quote(store_t *s, const store_quote_row *qr, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_QUOTE];
    sqlite3_bind_int64(st, 1, qr->article);
    sqlite3_bind_int64(st, 2, qr->start);
    sqlite3_bind_int64(st, 3, qr->end);
    sq_bind_text(st, 4, qr->kind);
    sq_bind_id(st, 5, qr->entity);
    sq_bind_span(st, 6, qr->spk_start, qr->spk_end);
    sq_bind_span(st, 8, qr->cue_start, qr->cue_end);
    sq_bind_span(st, 10, qr->chan_start, qr->chan_end);
    return sq_step_reset(q, st, e, "storing quote");
}

/* ART_COLS, a.text, the story, then QUO_COLS (from column QUO_AT) */
#define QUO_AT (ART_NCOLS + 2)
#define QUO_COLS "q.start, q.end, q.kind, COALESCE(q.entity, 0), COALESCE(q.spk_start, 0)," \
                 " COALESCE(q.spk_end, 0), COALESCE(q.cue_start, 0), COALESCE(q.cue_end, 0),"  \
                 " COALESCE(q.chan_start, 0), COALESCE(q.chan_end, 0), en.name"

static int quote_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    art_t a = {0};
    sq_row_to_art(st, &a);
    a.text = (char *)sq_col_str(st, ART_NCOLS);
    a.text_len = (size_t)sqlite3_column_bytes(st, ART_NCOLS);
    uint32_t story = (uint32_t)sqlite3_column_int64(st, ART_NCOLS + 1);
    uint32_t v[10];
    for (int i = 0; i < 10; i++)
        if (i != 2) v[i] = (uint32_t)sqlite3_column_int64(st, QUO_AT + i);
    store_quote_row r = {a.rowid, v[0], v[1], sq_col_str(st, QUO_AT + 2), v[3], v[4], v[5], v[6],
                         v[7], v[8], v[9], sq_col_str(st, QUO_AT + 10)};
    if (r.end > a.text_len || r.start > r.end) return 0;     /* never point past the text */
    return cb.quote(ud, &r, &a, story);
}

int sq_quotes(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud, tl_err *e) {
    static const store_quote_filter all;
    if (!f) f = &all;
    sq_t *q = SQ(s);
    buf_t sql = BUF_INIT;
    buf_puts(&sql, "SELECT " ART_COLS ", a.text, COALESCE(p.story, 0), " QUO_COLS
                   " FROM quotes q JOIN articles a ON a.rowid = q.article"
                   " LEFT JOIN placements p ON p.article = q.article"
                   " LEFT JOIN entities en ON en.id = q.entity WHERE 1");
    if (f->entity) buf_puts(&sql, " AND q.entity = :entity");
    if (f->article) buf_puts(&sql, " AND q.article = :article");
    if (f->story) buf_puts(&sql, " AND p.story = :story");
    buf_puts(&sql, " ORDER BY a.published_ts IS NULL, a.published_ts DESC, q.article, q.start"
                   " LIMIT :limit");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(q->db, sql.p, -1, &st, NULL);
    buf_free(&sql);
    if (rc != SQLITE_OK) return sq_err(q, e, "reading quotes");
    int i;
    if ((i = sqlite3_bind_parameter_index(st, ":entity"))) sqlite3_bind_int64(st, i, f->entity);
    if ((i = sqlite3_bind_parameter_index(st, ":article"))) sqlite3_bind_int64(st, i, f->article);
    if ((i = sqlite3_bind_parameter_index(st, ":story"))) sqlite3_bind_int64(st, i, f->story);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"), f->limit > 0 ? f->limit : -1);
    return run_rows(q, st, quote_row, (sq_cb){.quote = cb}, ud, e, "reading quotes");
}

/* ------------------------------------------------------------------------
 * Analyses (store.h)
 * ---------------------------------------------------------------------- */

int sq_put_analysis(store_t *s, int64_t article, const char *producer, const void *data,
                    size_t len, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_ANALYSIS];
    sqlite3_bind_int64(st, 1, article);
    sqlite3_bind_text(st, 2, producer, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, len ? data : "", (int)len, SQLITE_STATIC);
    return sq_step_reset(q, st, e, "storing analysis");
}

static int analysis_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    return cb.analysis(ud, sqlite3_column_int64(st, 0), sq_col_str(st, 1),
                       sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
}

int sq_analyses(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT article, producer, data FROM analyses"
                           " WHERE article > ?1 ORDER BY article LIMIT ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "reading analyses");
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    int n = sq_each(q, st, analysis_row, (sq_cb){.analysis = cb}, ud, e, "reading analyses");
    return n < 0 ? n : TL_OK;
}

int sq_drop_analyses(store_t *s, int64_t upto, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "DELETE FROM analyses WHERE article <= ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return sq_err(q, e, "dropping analyses");
    sqlite3_bind_int64(st, 1, upto);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TL_OK : sq_err(q, e, "dropping analyses");
}

int sq_count_analyses(store_t *s, long *n, tl_err *e) {
    sq_t *q = SQ(s);
    return sq_int(q, "SELECT count(*) FROM analyses", n) == TL_OK
               ? TL_OK
               : sq_err(q, e, "counting analyses");
}
