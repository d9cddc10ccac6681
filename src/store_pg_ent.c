/* store_pg_ent.c -- the PostgreSQL backend's entity tables: entities (the
 * registry of entreg.h, one row each, aliases and roles as JSON text),
 * their mentions in articles, and the quotes attributed to them (events:
 * store_pg_evt.c). The queries are store_sqlite_ent.c's, with SQLite's
 * quirks spelled out: its bare columns beside MIN() become DISTINCT ON,
 * COLLATE NOCASE and LIKE fold ASCII letters only (translate), and LIKE
 * has no escape character. Writes are pipelined (pg_put). */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Rows
 * ---------------------------------------------------------------------- */

#define ENT_COLS "e.id, e.type, e.key, e.name, e.country, e.affiliation, e.mentions, " \
                 "e.articles, e.last_story, e.aliases, e.roles"

static int entity_row(const PGresult *r, pg_cb cb, void *ud) {
    store_entity_row st = {(uint32_t)pg_int(r, 0, 0), pg_str(r, 0, 1), pg_str(r, 0, 2),
                           pg_str(r, 0, 3), pg_str(r, 0, 4), pg_str(r, 0, 5),
                           (uint32_t)pg_int(r, 0, 6), (uint32_t)pg_int(r, 0, 7),
                           (uint32_t)pg_int(r, 0, 8), pg_str(r, 0, 9), pg_str(r, 0, 10)};
    return cb.entity(ud, &st);
}

/* mention columns, the article's metadata, then its story */
#define MEN_COLS "m.article, m.start, m.\"end\", m.entity, m.role_start, m.role_end"

static int mention_row(const PGresult *r, pg_cb cb, void *ud) {
    store_mention_row m = {pg_int(r, 0, 0), (uint32_t)pg_int(r, 0, 1), (uint32_t)pg_int(r, 0, 2),
                           (uint32_t)pg_int(r, 0, 3), (uint32_t)pg_int(r, 0, 4),
                           (uint32_t)pg_int(r, 0, 5)};
    art_t a = {0};                 /* metadata the listing needs */
    a.id = (char *)pg_str(r, 0, 6);
    a.source = (char *)pg_str(r, 0, 7);
    a.title = (char *)pg_str(r, 0, 8);
    a.published = (char *)pg_str(r, 0, 9);
    a.rowid = m.article;
    return cb.mention(ud, &m, &a, (uint32_t)pg_int(r, 0, 10));
}

static int art_row(const PGresult *r, pg_cb cb, void *ud) {
    art_t a = {0};
    pg_row_to_art(r, 0, &a);
    a.text = (char *)pg_str(r, 0, ART_NCOLS_PG);
    a.text_len = (size_t)PQgetlength(r, 0, ART_NCOLS_PG);
    return cb.art_story(ud, &a, (uint32_t)pg_int(r, 0, ART_NCOLS_PG + 1));
}

/* pg_each: TL_OK or the error. */
static int run_rows(store_t *s, const char *sql, int n, const char *const *vals, pg_row_fn row,
                    pg_cb cb, void *ud, tl_err *e, const char *what) {
    long rc = pg_each(PG(s), sql, n, vals, row, cb, ud, e, what);
    return rc < 0 ? (int)rc : TL_OK;
}

/* ------------------------------------------------------------------------
 * Writes
 * ---------------------------------------------------------------------- */

int pg_put_entity(store_t *s, const store_entity_row *r, tl_err *e) {
    char nb[4][24];
    const char *vals[11] = {pg_i64(nb[0], r->id), r->type, r->key, r->name, r->country,
                            r->affiliation, pg_i64(nb[1], r->mentions),
                            pg_i64(nb[2], r->articles), pg_i64(nb[3], r->last_story),
                            r->aliases ? r->aliases : "[]", r->roles ? r->roles : "[]"};
    return pg_put(PG(s), PGQ_PUT_ENTITY, 11, vals, e, "storing entity");
}

int pg_put_mention(store_t *s, const store_mention_row *m, tl_err *e) {
    char nb[6][24];
    const char *vals[6] = {pg_i64(nb[0], m->article), pg_i64(nb[1], m->start),
                           pg_i64(nb[2], m->end), pg_i64(nb[3], m->entity),
                           pg_spanv(nb[4], m->role_start, m->role_end),
                           pg_spanv(nb[5], m->role_end, m->role_end)};
    return pg_put(PG(s), PGQ_PUT_MENTION, 6, vals, e, "storing mention");
}

int pg_reset_entities(store_t *s, tl_err *e) {
    /* TRUNCATE ... RESTART IDENTITY: event ids start at 1 again, as
     * SQLite's do in an emptied table (transactional, like the rest) */
    return pg_write(PG(s), "DELETE FROM mentions; DELETE FROM entities; DELETE FROM quotes;"
                           "TRUNCATE event_others, events RESTART IDENTITY;"
                           "DELETE FROM meta WHERE key LIKE 'entities.%'", e,
                    "resetting entities");
}

/* ------------------------------------------------------------------------
 * Reads
 * ---------------------------------------------------------------------- */

int pg_articles_after(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                      tl_err *e) {
    char nb[2][24];
    const char *vals[2] = {pg_i64(nb[0], after), limit > 0 ? pg_i64(nb[1], limit) : NULL};
    return run_rows(s,
                    "SELECT " ART_COLS_PG ", a.text, COALESCE(p.story, 0) FROM articles a"
                    " LEFT JOIN placements p ON p.article = a.rowid WHERE a.rowid > $1::bigint"
                    " ORDER BY a.rowid LIMIT $2::bigint",
                    2, vals, art_row, (pg_cb){.art_story = cb}, ud, e, "reading articles");
}

int pg_load_entities(store_t *s, store_entity_cb cb, void *ud, tl_err *e) {
    return run_rows(s, "SELECT " ENT_COLS " FROM entities e ORDER BY e.id", 0, NULL, entity_row,
                    (pg_cb){.entity = cb}, ud, e, "loading entities");
}

int pg_list_entities(store_t *s, const char *type, long limit, long offset, store_entity_cb cb,
                     void *ud, tl_err *e) {
    char nb[2][24];
    const char *vals[3] = {type, limit > 0 ? pg_i64(nb[0], limit) : NULL,
                           pg_i64(nb[1], offset > 0 ? offset : 0)};
    return run_rows(s,
                    "SELECT " ENT_COLS " FROM entities e"
                    " WHERE $1::text IS NULL OR e.type = $1::text"
                    " ORDER BY e.articles DESC, e.mentions DESC, e.id"
                    " LIMIT $2::bigint OFFSET $3::bigint",
                    3, vals, entity_row, (pg_cb){.entity = cb}, ud, e, "listing entities");
}

/* ASCII letters folded to lower case, as SQLite's NOCASE and LIKE do */
#define FOLD(x) "translate(" x ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

int pg_find_entities(store_t *s, const char *name, const char *key, store_entity_cb cb, void *ud,
                     tl_err *e) {
    const char *vals[2] = {name, key ? key : ""};
    return run_rows(s,
                    "SELECT " ENT_COLS " FROM entities e"
                    " WHERE e.id::text = $1::text OR " FOLD("e.name") " = " FOLD("$1::text")
                    " OR ($2::text <> '' AND (e.key = $2::text OR " FOLD("e.key")
                    " LIKE '% ' || " FOLD("$2::text") " ESCAPE ''))"
                    " ORDER BY e.key = $2::text DESC, e.mentions DESC, e.id",
                    2, vals, entity_row, (pg_cb){.entity = cb}, ud, e, "finding entities");
}

#define MEN_JOIN                                                                           \
    " FROM mentions m JOIN articles a ON a.rowid = m.article"                             \
    " LEFT JOIN placements p ON p.article = m.article"

int pg_entity_articles(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                       tl_err *e) {
    char nb[2][24];
    const char *vals[2] = {pg_i64(nb[0], entity), limit > 0 ? pg_i64(nb[1], limit) : NULL};
    /* one row per article: its first mention of the entity */
    return run_rows(s,
                    "SELECT * FROM (SELECT DISTINCT ON (m.article) " MEN_COLS ","
                    " a.id, a.source, a.title, a.published, COALESCE(p.story, 0),"
                    " a.published_ts" MEN_JOIN
                    " WHERE m.entity = $1::bigint ORDER BY m.article, m.start) x"
                    " ORDER BY x.published_ts IS NULL, x.published_ts DESC, x.article"
                    " LIMIT $2::bigint",
                    2, vals, mention_row, (pg_cb){.mention = cb}, ud, e, "reading mentions");
}

int pg_article_mentions(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e) {
    char nb[24];
    const char *vals[1] = {pg_i64(nb, article)};
    return run_rows(s,
                    "SELECT " MEN_COLS ", a.id, a.source, a.title, a.published,"
                    " COALESCE(p.story, 0)" MEN_JOIN
                    " WHERE m.article = $1::bigint ORDER BY m.start",
                    1, vals, mention_row, (pg_cb){.mention = cb}, ud, e, "reading mentions");
}

/* ------------------------------------------------------------------------
 * Quotes
 * ---------------------------------------------------------------------- */

int pg_put_quote(store_t *s, const store_quote_row *q, tl_err *e) {
    char nb[10][24];
    const char *vals[11] = {pg_i64(nb[0], q->article), pg_i64(nb[1], q->start),
                            pg_i64(nb[2], q->end), q->kind, pg_idn(nb[3], q->entity),
                            pg_spanv(nb[4], q->spk_start, q->spk_end),
                            pg_spanv(nb[5], q->spk_end, q->spk_end),
                            pg_spanv(nb[6], q->cue_start, q->cue_end),
                            pg_spanv(nb[7], q->cue_end, q->cue_end),
                            pg_spanv(nb[8], q->chan_start, q->chan_end),
                            pg_spanv(nb[9], q->chan_end, q->chan_end)};
    return pg_put(PG(s), PGQ_PUT_QUOTE, 11, vals, e, "storing quote");
}

/* ART_COLS_PG, a.text, the story, then QUO_COLS (from column QUO_AT) */
#define QUO_AT (ART_NCOLS_PG + 2)
#define QUO_COLS "q.start, q.\"end\", q.kind, COALESCE(q.entity, 0), COALESCE(q.spk_start, 0)," \
                 " COALESCE(q.spk_end, 0), COALESCE(q.cue_start, 0), COALESCE(q.cue_end, 0),"  \
                 " COALESCE(q.chan_start, 0), COALESCE(q.chan_end, 0), en.name"

static int quote_row(const PGresult *r, pg_cb cb, void *ud) {
    art_t a = {0};
    pg_row_to_art(r, 0, &a);
    a.text = (char *)pg_str(r, 0, ART_NCOLS_PG);
    a.text_len = (size_t)PQgetlength(r, 0, ART_NCOLS_PG);
    uint32_t story = (uint32_t)pg_int(r, 0, ART_NCOLS_PG + 1);
    uint32_t v[10];
    for (int i = 0; i < 10; i++) v[i] = i == 2 ? 0 : (uint32_t)pg_int(r, 0, QUO_AT + i);
    store_quote_row q = {a.rowid, v[0], v[1], pg_str(r, 0, QUO_AT + 2), v[3], v[4], v[5], v[6],
                         v[7], v[8], v[9], pg_str(r, 0, QUO_AT + 10)};
    if (q.end > a.text_len || q.start > q.end) return 0;     /* never point past the text */
    return cb.quote(ud, &q, &a, story);
}

int pg_quotes(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud, tl_err *e) {
    static const store_quote_filter all;
    if (!f) f = &all;
    buf_t sql = BUF_INIT;
    const char *vals[4];
    char nb[4][24];
    int n = 0;
    buf_puts(&sql, "SELECT " ART_COLS_PG ", a.text, COALESCE(p.story, 0), " QUO_COLS
                   " FROM quotes q JOIN articles a ON a.rowid = q.article"
                   " LEFT JOIN placements p ON p.article = q.article"
                   " LEFT JOIN entities en ON en.id = q.entity WHERE true");
    if (f->entity) {
        vals[n] = pg_i64(nb[n], f->entity);
        buf_printf(&sql, " AND q.entity = $%d::bigint", ++n);
    }
    if (f->article) {
        vals[n] = pg_i64(nb[n], f->article);
        buf_printf(&sql, " AND q.article = $%d::bigint", ++n);
    }
    if (f->story) {
        vals[n] = pg_i64(nb[n], f->story);
        buf_printf(&sql, " AND p.story = $%d::bigint", ++n);
    }
    vals[n] = f->limit > 0 ? pg_i64(nb[n], f->limit) : NULL;
    buf_printf(&sql, " ORDER BY a.published_ts IS NULL, a.published_ts DESC, q.article, q.start"
                     " LIMIT $%d::bigint", ++n);
    int rc = sql.p ? run_rows(s, sql.p, n, vals, quote_row, (pg_cb){.quote = cb}, ud, e,
                              "reading quotes")
                   : err_set(e, TL_ENOMEM, "out of memory");
    buf_free(&sql);
    return rc;
}

/* ------------------------------------------------------------------------
 * Analyses (store.h)
 * ---------------------------------------------------------------------- */

int pg_put_analysis(store_t *s, int64_t article, const char *producer, const void *data,
                    size_t len, tl_err *e) {
    char nb[24];
    char *hex = pg_hex(data, len);
    if (!hex) return err_set(e, TL_ENOMEM, "out of memory");
    const char *vals[3] = {pg_i64(nb, article), producer, hex};
    int rc = pg_put(PG(s), PGQ_PUT_ANALYSIS, 3, vals, e, "storing analysis");
    free(hex);
    return rc;
}

typedef struct {
    void *ud;               /* the caller's */
    int oom;
} analysis_ctx;

static int analysis_row(const PGresult *r, pg_cb cb, void *ud) {
    analysis_ctx *c = ud;
    size_t len;
    unsigned char *data = pg_bytea(r, 0, 2, &len);
    if (!data) { c->oom = 1; return 1; }
    int stop = cb.analysis(c->ud, pg_int(r, 0, 0), pg_str(r, 0, 1), data, len);
    free(data);
    return stop;
}

int pg_analyses(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                tl_err *e) {
    char nb[2][24];
    const char *vals[2] = {pg_i64(nb[0], after), limit > 0 ? pg_i64(nb[1], limit) : NULL};
    analysis_ctx c = {ud, 0};
    long rc = pg_each(PG(s),
                      "SELECT article, producer, data FROM analyses"
                      " WHERE article > $1::bigint ORDER BY article LIMIT $2::bigint",
                      2, vals, analysis_row, (pg_cb){.analysis = cb}, &c, e, "reading analyses");
    if (rc < 0) return (int)rc;
    return c.oom ? err_set(e, TL_ENOMEM, "out of memory") : TL_OK;
}

int pg_drop_analyses(store_t *s, int64_t upto, tl_err *e) {
    char nb[24];
    const char *vals[1] = {pg_i64(nb, upto)};
    int rc = pg_cmd(PG(s), "DELETE FROM analyses WHERE article <= $1::bigint", 1, vals, e,
                    "dropping analyses");
    return rc == TL_OK ? pg_wrote(PG(s), e) : rc;
}

int pg_count_analyses(store_t *s, long *n, tl_err *e) {
    PGresult *r = pg_q(PG(s), "SELECT count(*) FROM analyses", 0, NULL, e, "counting analyses");
    if (!r) return TL_ESTORE;
    *n = (long)pg_int(r, 0, 0);
    PQclear(r);
    return TL_OK;
}
