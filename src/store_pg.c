/* store_pg.c -- the PostgreSQL backend of store.h: connection, schema,
 * transactions, articles, full-text search, stats and checks.
 *
 * Chosen by a "postgresql://" (or "postgres://") URI, handed to libpq as
 * is. It behaves like the SQLite backend through the interface: the same
 * outcomes, orderings and error codes (docs/postgresql.md lists the few
 * differences: search syntax and scores). To get there:
 *
 *   - the tables, columns and schema versions are SQLite's, the types
 *     mapped (INTEGER -> BIGINT, REAL -> DOUBLE PRECISION, BLOB -> BYTEA);
 *     the version lives in meta('schema_version'), and every migration
 *     runs in its own transaction under an advisory lock, so processes
 *     opening a new database at once take turns;
 *   - every ORDER BY spells out what SQLite does implicitly: NULLs first
 *     when ascending, byte order for text (COLLATE "C"), ties by rowid;
 *   - full text is a generated tsvector column (title weighted above the
 *     text) with a GIN index, queried with websearch_to_tsquery.
 *
 * Writes of derived rows (placements, mentions, ...) are pipelined inside
 * a transaction (pg_put): a batch of thousands costs a few round trips.
 * An article is one prepared statement deciding its outcome server-side.
 */
#include "store_pg.h"
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------
 * Schema
 * ---------------------------------------------------------------------- */

/* The article text indexed: a tsvector holds at most 1 MB. */
#define PG_TSV "setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||" \
               " setweight(to_tsvector('simple', left(text, 400000)), 'B')"

/* MIGRATIONS[i] brings the schema from version i to version i + 1, as
 * store_sqlite.c's do. Never edit a released migration; append one. */
static const char *MIGRATIONS[] = {
    /* 0 -> 1: articles, duplicates, full-text index; data_version is
     * bumped by every committed write (pg_data_version) */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE data_version(v BIGINT NOT NULL);"
    "INSERT INTO data_version VALUES(0);"
    "CREATE TABLE articles("
    "  rowid BIGSERIAL PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  hash TEXT NOT NULL,"
    "  source TEXT, url TEXT, title TEXT,"
    "  published TEXT, published_ts BIGINT,"
    "  language TEXT,"
    "  text TEXT NOT NULL,"
    "  extra TEXT,"
    "  origin TEXT,"
    "  ingested_at TEXT NOT NULL,"
    "  tsv tsvector GENERATED ALWAYS AS (" PG_TSV ") STORED);"
    "CREATE UNIQUE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_published ON articles(published_ts);"
    "CREATE INDEX articles_source ON articles(source, published_ts);"
    "CREATE INDEX articles_fts ON articles USING gin(tsv);"
    "CREATE TABLE duplicates("
    "  id TEXT PRIMARY KEY,"
    "  dup_of TEXT NOT NULL REFERENCES articles(id),"
    "  hash TEXT NOT NULL,"
    "  source TEXT, url TEXT, title TEXT, published TEXT,"
    "  extra TEXT, origin TEXT, ingested_at TEXT NOT NULL);"
    "CREATE INDEX duplicates_of ON duplicates(dup_of);"
    /* lz4 compresses text and tsvector for TOAST at a fraction of the
     * default pglz's cost (a fifth faster ingest); PostgreSQL < 14 or a
     * server built without lz4 keeps pglz */
    "DO $$ BEGIN EXECUTE 'ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4,"
    "  ALTER COLUMN tsv SET COMPRESSION lz4';"
    " EXCEPTION WHEN OTHERS THEN NULL; END $$;",
    /* 1 -> 2: story clustering */
    "CREATE TABLE terms("
    "  id BIGINT PRIMARY KEY, term TEXT NOT NULL, surface TEXT, df BIGINT NOT NULL);"
    "CREATE TABLE stories("
    "  id BIGINT PRIMARY KEY,"
    "  size BIGINT NOT NULL,"
    "  storyline BIGINT NOT NULL,"
    "  first_ts BIGINT, last_ts BIGINT,"
    "  top_terms TEXT,"
    "  centroid BYTEA NOT NULL);"
    "CREATE INDEX stories_last ON stories(last_ts);"
    "CREATE INDEX stories_line ON stories(storyline);"
    "CREATE TABLE placements("
    "  article BIGINT PRIMARY KEY REFERENCES articles(rowid),"
    "  story BIGINT NOT NULL,"
    "  sim DOUBLE PRECISION NOT NULL,"
    "  near_dup_of BIGINT,"
    "  near_dup_sim DOUBLE PRECISION,"
    "  minhash BYTEA NOT NULL);"
    "CREATE INDEX placements_story ON placements(story, sim);"
    "CREATE INDEX placements_dup ON placements(near_dup_of) WHERE near_dup_of IS NOT NULL;",
    /* 2 -> 3: SQLite sizes its FTS5 hash here; nothing to do */
    "SELECT 1",
    /* 3 -> 4: name document frequency of terms (storylines) */
    "ALTER TABLE terms ADD COLUMN ndf BIGINT NOT NULL DEFAULT 0;",
    /* 4 -> 5: entities and their mentions ("end" is a reserved word) */
    "CREATE TABLE entities("
    "  id BIGINT PRIMARY KEY,"
    "  type TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,"
    "  country TEXT, affiliation TEXT,"
    "  mentions BIGINT NOT NULL, articles BIGINT NOT NULL,"
    "  last_story BIGINT NOT NULL DEFAULT 0,"
    "  aliases TEXT NOT NULL, roles TEXT NOT NULL);"
    "CREATE INDEX entities_key ON entities(key);"
    "CREATE INDEX entities_rank ON entities(articles DESC, mentions DESC);"
    "CREATE TABLE mentions("
    "  article BIGINT NOT NULL, start BIGINT NOT NULL, \"end\" BIGINT NOT NULL,"
    "  entity BIGINT NOT NULL, role_start BIGINT, role_end BIGINT,"
    "  PRIMARY KEY(article, start));"
    "CREATE INDEX mentions_entity ON mentions(entity, article);",
    /* 5 -> 6: quotes (direct and indirect) with their speaker */
    "CREATE TABLE quotes("
    "  article BIGINT NOT NULL, start BIGINT NOT NULL, \"end\" BIGINT NOT NULL,"
    "  kind TEXT NOT NULL, entity BIGINT,"
    "  spk_start BIGINT, spk_end BIGINT, cue_start BIGINT, cue_end BIGINT,"
    "  chan_start BIGINT, chan_end BIGINT,"
    "  PRIMARY KEY(article, start));"
    "CREATE INDEX quotes_entity ON quotes(entity, article) WHERE entity IS NOT NULL;",
    /* 6 -> 7: events and their other participants (store_pg_evt.c) */
    "CREATE TABLE events("
    "  id BIGSERIAL PRIMARY KEY,"
    "  article BIGINT NOT NULL, code TEXT NOT NULL,"
    "  trig_start BIGINT NOT NULL, trig_end BIGINT NOT NULL,"
    "  actor BIGINT, act_start BIGINT, act_end BIGINT,"
    "  target BIGINT, tgt_start BIGINT, tgt_end BIGINT,"
    "  location BIGINT,"
    "  first_day BIGINT, last_day BIGINT, certainty TEXT NOT NULL,"
    "  when_start BIGINT, when_end BIGINT,"
    "  sent_start BIGINT NOT NULL, sent_end BIGINT NOT NULL,"
    "  negated BIGINT NOT NULL DEFAULT 0, future BIGINT NOT NULL DEFAULT 0);"
    "CREATE INDEX events_article ON events(article, trig_start);"
    "CREATE INDEX events_day ON events(first_day, last_day);"
    "CREATE INDEX events_actor ON events(actor) WHERE actor IS NOT NULL;"
    "CREATE INDEX events_target ON events(target) WHERE target IS NOT NULL;"
    "CREATE TABLE event_others("
    "  event BIGINT NOT NULL, pos BIGINT NOT NULL, entity BIGINT NOT NULL,"
    "  PRIMARY KEY(event, pos));"
    "CREATE INDEX event_others_entity ON event_others(entity, event);",
    /* 7 -> 8: per-article analyses made by `trilat worker` (store.h) */
    "CREATE TABLE analyses("
    "  article BIGINT PRIMARY KEY REFERENCES articles(rowid),"
    "  producer TEXT NOT NULL, data BYTEA NOT NULL);",
};
#define SCHEMA_VERSION ((int)(sizeof(MIGRATIONS) / sizeof(MIGRATIONS[0])))

/* pg_advisory_xact_lock keys: schema migrations ("tlmg"), and writing
 * transactions ("tlwr", pg_begin); the clustering lock ("tlcl",
 * store_pg_clu.c) is a session lock, in store_pg.h */
#define PG_LOCK_MIGRATE "1953263975"
#define PG_LOCK_WRITE "1953265522"

/* ------------------------------------------------------------------------
 * Open, migrate, close
 * ---------------------------------------------------------------------- */

static int schema_version(pg_t *p, int *v, tl_err *e) {
    *v = 0;
    /* the catalog read with this statement's snapshot: to_regclass()
     * could answer from a cache not yet told of another process's
     * migration that committed while we waited for the lock */
    PGresult *r = pg_q(p, "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables"
                          " WHERE schemaname = current_schema() AND tablename = 'meta')",
                       0, NULL, e, "reading schema version");
    if (!r) return TL_ESTORE;
    int has = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (!has) return TL_OK;
    r = pg_q(p, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL, e,
             "reading schema version");
    if (!r) return TL_ESTORE;
    if (PQntuples(r)) *v = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return TL_OK;
}

static int migrate(pg_t *p, int flags, tl_err *e) {
    int v, rc;
    if ((rc = schema_version(p, &v, e)) != TL_OK) return rc;
    if (v == 0 && !(flags & STORE_CREATE))
        return err_set(e, TL_ENOTFOUND, "no store at %s (create one with `trilat ingest`)",
                       p->location);
    while (v < SCHEMA_VERSION) {
        /* Another process may be migrating the same database: take turns,
         * and go on from wherever it left the schema. */
        if ((rc = pg_cmd(p, "BEGIN", 0, NULL, e, "migrating")) != TL_OK) return rc;
        p->in_tx = 1;
        rc = pg_cmd(p, "SELECT pg_advisory_xact_lock(" PG_LOCK_MIGRATE ")", 0, NULL, e,
                    "migrating");
        int cur = 0;
        if (rc == TL_OK) rc = schema_version(p, &cur, e);
        if (rc == TL_OK && cur == v) {
            char ver[24], now[DATE_ISO_MAX];
            rc = pg_script(p, MIGRATIONS[v], e, "migrating");
            if (rc != TL_OK) {
                char why[sizeof(e->msg)];
                snprintf(why, sizeof(why), "%s", e ? e->msg : "failed");
                rc = err_set(e, TL_ESTORE, "migrating %s to schema %d: %s", p->location,
                             v + 1, why);
            }
            if (rc == TL_OK && v == 0) {
                date_now_iso(now);
                const char *vals[] = {now, "trilat " TRILAT_VERSION};
                rc = pg_cmd(p, "INSERT INTO meta VALUES('created_at', $1), ('created_by', $2)",
                            2, vals, e, "migrating");
            }
            const char *vals[] = {pg_i64(ver, v + 1)};
            if (rc == TL_OK)
                rc = pg_cmd(p, "INSERT INTO meta VALUES('schema_version', $1) ON CONFLICT (key)"
                               " DO UPDATE SET value = EXCLUDED.value", 1, vals, e, "migrating");
            cur = v + 1;
        }
        if (rc == TL_OK) rc = pg_cmd(p, "COMMIT", 0, NULL, e, "migrating");
        else pg_cmd(p, "ROLLBACK", 0, NULL, NULL, "rollback");
        p->in_tx = 0;
        if (rc != TL_OK) return rc;
        v = cur;
    }
    if (v > SCHEMA_VERSION)
        return err_set(e, TL_ESTORE,
                       "%s has schema version %d, newer than this trilat knows (%d); "
                       "upgrade trilat", p->location, v, SCHEMA_VERSION);
    return TL_OK;
}

static void pg_close(store_t *s) {
    pg_t *p = PG(s);
    if (!p) return;
    if (p->c) PQfinish(p->c);
    free(p->uri);
    free(p);
    s->impl = NULL;
}

static int pg_open(store_t *s, const char *uri, int flags, tl_err *e) {
    pg_t *p = calloc(1, sizeof(*p));
    if (!p) return err_set(e, TL_ENOMEM, "out of memory");
    s->impl = p;
    int rc = TL_OK;
    p->readonly = (flags & STORE_READONLY) != 0;
    p->uri = strdup(uri);
    p->c = p->uri ? PQconnectdb(uri) : NULL;
    p->conn_gen = 1;
    if (!p->c) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    PQsetNoticeProcessor(p->c, pg_quiet, NULL);
    const char *host = PQhost(p->c), *port = PQport(p->c), *db = PQdb(p->c);
    snprintf(p->location, sizeof(p->location), "%s:%s/%s", host && *host ? host : "localhost",
             port && *port ? port : "5432", db ? db : "");
    if (PQstatus(p->c) != CONNECTION_OK) {
        const char *m = PQerrorMessage(p->c);
        char what[600];
        snprintf(what, sizeof(what), "cannot connect to the store at %s", p->location);
        rc = pg_msg(e, what, m);
        /* a database that does not exist is a store that does not exist */
        if (!(flags & STORE_CREATE) && strstr(m, "database \"") && strstr(m, "does not exist"))
            rc = err_set(e, TL_ENOTFOUND, "no store at %s: database \"%s\" does not exist",
                         p->location, db ? db : "");
        goto error;
    }
    if (PQserverVersion(p->c) < 120000) {
        rc = err_set(e, TL_ESTORE, "%s: PostgreSQL %d.%d is too old (12 or newer needed)",
                     p->location, PQserverVersion(p->c) / 10000, PQserverVersion(p->c) % 10000);
        goto error;
    }
    if ((rc = migrate(p, flags, e)) != TL_OK) goto error;
    if ((rc = pg_session(p, e)) != TL_OK) goto error;
    return TL_OK;
error:
    pg_close(s);
    return rc;
}

/* ------------------------------------------------------------------------
 * Transactions
 * ---------------------------------------------------------------------- */

/* Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: a batch
 * holds the write lock from begin to commit. Without it two batches
 * storing the same texts in different orders would deadlock on the
 * unique indexes (one then fails), and two placers would interleave
 * their stories; with it the outcomes are SQLite's. Readers never wait. */
static int pg_begin(store_t *s, tl_err *e) {
    pg_t *p = PG(s);
    int rc = pg_script(p, p->readonly ? "BEGIN"
                                      : "BEGIN; SELECT pg_advisory_xact_lock(" PG_LOCK_WRITE ")",
                       e, "begin");
    if (rc == TL_OK) {
        p->in_tx = 1;
        p->dirty = 0;
    } else if (PQtransactionStatus(p->c) == PQTRANS_INERROR) {
        pg_cmd(p, "ROLLBACK", 0, NULL, NULL, "rollback");    /* begun, not locked */
    }
    return rc;
}

static int pg_commit(store_t *s, tl_err *e) {
    pg_t *p = PG(s);
    int rc = TL_OK;
    if (p->dirty) rc = pg_put(p, PGQ_BUMP, 0, NULL, e, "data version");
    PGresult *r = rc == TL_OK ? pg_q(p, "COMMIT", 0, NULL, e, "commit") : NULL;
    if (r && strcmp(PQcmdStatus(r), "COMMIT") != 0)      /* "ROLLBACK": it had failed */
        rc = err_set(e, TL_ESTORE, "commit: the transaction failed and was rolled back");
    else if (!r)
        rc = TL_ESTORE;
    PQclear(r);
    if (rc != TL_OK && PQtransactionStatus(p->c) != PQTRANS_IDLE)
        pg_cmd(p, "ROLLBACK", 0, NULL, NULL, "rollback");
    if (rc == TL_OK && p->dirty) p->own++;
    p->in_tx = 0;
    p->dirty = 0;
    return rc;
}

static int pg_rollback(store_t *s, tl_err *e) {
    pg_t *p = PG(s);
    pg_ready(p, NULL);
    int rc = TL_OK;
    if (PQtransactionStatus(p->c) != PQTRANS_IDLE) rc = pg_cmd(p, "ROLLBACK", 0, NULL, e, "rollback");
    p->in_tx = 0;
    p->dirty = 0;
    return rc;
}

/* ------------------------------------------------------------------------
 * Writing articles
 * ---------------------------------------------------------------------- */

static int put_article(store_t *s, art_t *a, int *outcome, char **other, tl_err *e);

/* Outside a transaction, an article is stored in one of its own: its
 * rowid must be drawn under the write lock, like every other writer's,
 * or it could commit behind a larger one (store.h: commit order). */
static int pg_put_article(store_t *s, art_t *a, int *outcome, char **other, tl_err *e) {
    pg_t *p = PG(s);
    if (p->readonly) return err_set(e, TL_ESTORE, "storing article: the store is open read-only");
    if (p->in_tx) return put_article(s, a, outcome, other, e);
    int rc = pg_begin(s, e);
    if (rc != TL_OK) return rc;
    rc = put_article(s, a, outcome, other, e);
    if (rc == TL_OK) rc = pg_commit(s, e);
    else pg_rollback(s, NULL);
    return rc;
}

static int put_article(store_t *s, art_t *a, int *outcome, char **other, tl_err *e) {
    pg_t *p = PG(s);
    char now[DATE_ISO_MAX], ts[24];
    date_now_iso(now);
    const char *vals[12] = {a->id, a->hash, a->source, a->url, a->title, a->published,
                            a->published ? pg_i64(ts, a->published_ts) : NULL, a->language,
                            a->text ? a->text : "", a->extra, a->origin, now};
    /* a row a concurrent writer committed after our lookup: ask again */
    for (int attempt = 0; attempt < 5; attempt++) {
        PGresult *r = pg_qp(p, PGQ_PUT_ART, 12, vals, e, "storing article");
        if (!r) return TL_ESTORE;
        int k = (int)pg_int(r, 0, 1);
        const char *h = pg_str(r, 0, 2), *o = pg_str(r, 0, 3);
        int dup = strcmp(PQgetvalue(r, 0, 4), "t") == 0, rc = TL_OK;
        if (!PQgetisnull(r, 0, 0)) {
            *outcome = STORE_NEW;
            a->rowid = pg_int(r, 0, 0);
        } else if (k == 1 || k == 2) {
            *outcome = h && strcmp(h, a->hash) == 0 ? STORE_SAME : STORE_CONFLICT;
        } else if (k == 3 && dup) {
            *outcome = STORE_DUP;
        } else {
            PQclear(r);
            continue;
        }
        if (*outcome != STORE_NEW && other && o && !(*other = strdup(o)))
            rc = err_set(e, TL_ENOMEM, "out of memory");
        PQclear(r);
        if (rc == TL_OK && (*outcome == STORE_NEW || *outcome == STORE_DUP)) {
            free(a->ingested_at);
            a->ingested_at = strdup(now);
            rc = pg_wrote(p, e);
        }
        return rc;
    }
    return err_set(e, TL_ESTORE, "storing article '%s': it keeps changing under us", a->id);
}

/* ------------------------------------------------------------------------
 * Reading articles
 * ---------------------------------------------------------------------- */

void pg_row_to_art(const PGresult *r, int row, art_t *a) {
    a->id = (char *)pg_str(r, row, 0);
    const char *h = pg_str(r, row, 1);
    snprintf(a->hash, sizeof(a->hash), "%s", h ? h : "");
    a->source = (char *)pg_str(r, row, 2);
    a->url = (char *)pg_str(r, row, 3);
    a->title = (char *)pg_str(r, row, 4);
    a->published = (char *)pg_str(r, row, 5);
    a->published_ts = pg_int(r, row, 6);
    a->language = (char *)pg_str(r, row, 7);
    a->extra = (char *)pg_str(r, row, 8);
    a->origin = (char *)pg_str(r, row, 9);
    a->ingested_at = (char *)pg_str(r, row, 10);
    a->rowid = pg_int(r, row, 11);
}

void pg_filter_sql(buf_t *b, const store_filter *f, const char *joiner, const char *ts_col,
                   const char **vals, int *n, char nbuf[][24]) {
    if (!f) return;
    if (f->source) {
        vals[(*n)++] = f->source;
        buf_printf(b, " %s a.source = $%d", joiner, *n);
        joiner = "AND";
    }
    if (f->has_since) {
        vals[*n] = pg_i64(nbuf[0], f->since);
        (*n)++;
        buf_printf(b, " %s %s >= $%d::bigint", joiner, ts_col, *n);
        joiner = "AND";
    }
    if (f->has_until) {
        vals[*n] = pg_i64(nbuf[1], f->until);
        (*n)++;
        buf_printf(b, " %s %s < $%d::bigint", joiner, ts_col, *n);
    }
}

/* " LIMIT $i OFFSET $i+1" for f (no limit: NULL), appended to vals. */
static void limit_sql(buf_t *b, const store_filter *f, const char **vals, int *n,
                      char nbuf[][24]) {
    long limit = f && f->limit > 0 ? f->limit : 0, offset = f && f->offset > 0 ? f->offset : 0;
    vals[*n] = limit ? pg_i64(nbuf[2], limit) : NULL;
    vals[*n + 1] = pg_i64(nbuf[3], offset);
    buf_printf(b, " LIMIT $%d::bigint OFFSET $%d::bigint", *n + 1, *n + 2);
    *n += 2;
}

static int pg_get_article(store_t *s, const char *id, art_t **out, char **dup_of, tl_err *e) {
    pg_t *p = PG(s);
    const char *vals[] = {id};
    /* the article itself, or the original of a recorded duplicate */
    PGresult *r = pg_q(p,
                       "WITH d AS (SELECT (SELECT dup_of FROM duplicates WHERE id = $1) AS dup_of)"
                       " SELECT " ART_COLS_PG ", a.text, d.dup_of FROM d"
                       " JOIN articles a ON a.id = coalesce(d.dup_of, $1)",
                       1, vals, e, "get article");
    if (!r) return TL_ESTORE;
    int rc = TL_OK;
    if (PQntuples(r) == 0) {
        rc = err_set(e, TL_ENOTFOUND, "no article with id '%s'", id);
    } else {
        art_t *a = art_new();
        if (!a) {
            rc = err_set(e, TL_ENOMEM, "out of memory");
        } else {
            art_t tmp = {0};
            pg_row_to_art(r, 0, &tmp);
            a->id = pg_dup(r, 0, 0);
            a->rowid = tmp.rowid;
            memcpy(a->hash, tmp.hash, sizeof(a->hash));
            a->source = pg_dup(r, 0, 2);
            a->url = pg_dup(r, 0, 3);
            a->title = pg_dup(r, 0, 4);
            a->published = pg_dup(r, 0, 5);
            a->published_ts = tmp.published_ts;
            a->language = pg_dup(r, 0, 7);
            a->extra = pg_dup(r, 0, 8);
            a->origin = pg_dup(r, 0, 9);
            a->ingested_at = pg_dup(r, 0, 10);
            a->text = pg_dup(r, 0, ART_NCOLS_PG);
            a->text_len = a->text ? strlen(a->text) : 0;
            *out = a;
            if (dup_of) *dup_of = pg_dup(r, 0, ART_NCOLS_PG + 1);
        }
    }
    PQclear(r);
    return rc;
}

typedef struct { store_art_cb cb; void *ud; int with_text; } list_ud;

static int list_row(const PGresult *r, pg_cb cb, void *ud) {
    (void)cb;
    list_ud *u = ud;
    art_t a = {0};
    pg_row_to_art(r, 0, &a);
    if (u->with_text) {
        a.text = (char *)pg_str(r, 0, ART_NCOLS_PG);
        a.text_len = (size_t)PQgetlength(r, 0, ART_NCOLS_PG);
    }
    return u->cb(u->ud, &a);
}

static int pg_list_articles(store_t *s, const store_filter *f, int with_text, store_art_cb cb,
                            void *ud, tl_err *e) {
    buf_t sql = BUF_INIT;
    const char *vals[8];
    char nb[4][24];
    int n = 0;
    buf_printf(&sql, "SELECT " ART_COLS_PG "%s FROM articles a", with_text ? ", a.text" : "");
    pg_filter_sql(&sql, f, "WHERE", "a.published_ts", vals, &n, nb);
    buf_puts(&sql, " ORDER BY a.published_ts IS NULL, a.published_ts DESC, a.rowid DESC");
    limit_sql(&sql, f, vals, &n, nb);
    if (!sql.p) return err_set(e, TL_ENOMEM, "out of memory");
    list_ud u = {cb, ud, with_text};
    long rc = pg_each(PG(s), sql.p, n, vals, list_row, (pg_cb){.art = cb}, &u, e,
                      "list articles");
    buf_free(&sql);
    return rc < 0 ? (int)rc : TL_OK;
}

static int dup_row(const PGresult *r, pg_cb cb, void *ud) {
    store_dup d = {pg_str(r, 0, 0), pg_str(r, 0, 1), pg_str(r, 0, 2), pg_str(r, 0, 3),
                   pg_str(r, 0, 4), pg_str(r, 0, 5), pg_str(r, 0, 6), pg_str(r, 0, 7)};
    return cb.dup(ud, &d);
}

static int pg_list_duplicates(store_t *s, const char *id, store_dup_cb cb, void *ud,
                              tl_err *e) {
    const char *vals[] = {id};
    long rc = pg_each(PG(s),
                      "SELECT id, dup_of, source, url, title, published, origin, ingested_at"
                      " FROM duplicates WHERE dup_of = $1"
                      " ORDER BY ingested_at COLLATE \"C\", id COLLATE \"C\"",
                      1, vals, dup_row, (pg_cb){.dup = cb}, ud, e, "list duplicates");
    return rc < 0 ? (int)rc : TL_OK;
}

/* ------------------------------------------------------------------------
 * Search
 * ---------------------------------------------------------------------- */

/* An FTS5 query as websearch_to_tsquery reads one (docs/postgresql.md).
 * websearch ANDs words by itself and knows "quoted phrases", OR and -x;
 * of FTS5's own syntax: "AND" goes (as a word it would be searched for),
 * "NOT x" becomes "-x", NEAR(a b, N) becomes a b (both, at any distance),
 * a column filter "title:x" or "text:x" becomes x (in either), and
 * parentheses and prefix stars go (websearch has neither grouping nor
 * prefixes). Caller frees. */
static int qsep(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == ',';
}

static char *web_query(const char *q) {
    buf_t b = BUF_INIT;
    int neg = 0, in_near = 0, after_comma = 0;
    for (const char *c = q; *c;) {
        if (qsep(*c)) {
            if (*c == ')') in_near = 0;
            if (*c == ',' && in_near) after_comma = 1;
            c++;
            continue;
        }
        const char *start = c;
        if (*c == '"') {
            for (c++; *c && *c != '"'; c++) {}
            if (*c) c++;
        } else {
            while (*c && !qsep(*c) && *c != '"') c++;
        }
        size_t len = (size_t)(c - start);
        if (after_comma && strspn(start, "0123456789") == len) { after_comma = 0; continue; }
        after_comma = 0;
        if (len == 4 && memcmp(start, "NEAR", 4) == 0 && *c == '(') { in_near = 1; continue; }
        if (len == 3 && memcmp(start, "AND", 3) == 0) continue;
        if (len == 3 && memcmp(start, "NOT", 3) == 0) { neg = 1; continue; }
        if (*start != '"') {
            if (len > 6 && strncasecmp(start, "title:", 6) == 0) start += 6, len -= 6;
            else if (len > 5 && strncasecmp(start, "text:", 5) == 0) start += 5, len -= 5;
            while (len > 1 && start[len - 1] == '*') len--;
        }
        if (b.len) buf_putc(&b, ' ');
        if (neg) buf_putc(&b, '-');
        neg = 0;
        buf_append(&b, start, len);
    }
    return buf_steal(&b);
}

/* ts_headline options with the caller's markers (a double quote inside
 * a value is doubled). Caller frees. */
static char *headline_opts(const char *open, const char *close) {
    buf_t b = BUF_INIT;
    const char *v[2] = {open, close}, *k[2] = {"StartSel", "StopSel"};
    for (int i = 0; i < 2; i++) {
        buf_printf(&b, "%s=\"", k[i]);
        for (const char *c = v[i] ? v[i] : ""; *c; c++) {
            if (*c == '"') buf_putc(&b, '"');
            buf_putc(&b, *c);
        }
        buf_puts(&b, "\", ");
    }
    buf_puts(&b, "MaxFragments=1, MaxWords=20, MinWords=10");
    return b.p ? buf_steal(&b) : NULL;
}

static int hit_row(const PGresult *r, pg_cb cb, void *ud) {
    art_t a = {0};
    pg_row_to_art(r, 0, &a);
    store_hit h = {&a, pg_real(r, 0, ART_NCOLS_PG), pg_str(r, 0, ART_NCOLS_PG + 1)};
    return cb.hit(ud, &h);
}

/* Ranking: ts_rank_cd with the title (weight A) four times the text (B),
 * as the SQLite backend's bm25(4.0, 1.0), divided by 1 + log(length);
 * ties by rowid. The snippets of the page only. */
static int pg_search(store_t *s, const char *query, const store_filter *f, const char *hl_open,
                     const char *hl_close, store_hit_cb cb, void *ud, tl_err *e) {
    char *wq = web_query(query), *opts = headline_opts(hl_open, hl_close);
    buf_t sql = BUF_INIT;
    const char *vals[8] = {wq, opts};
    char nb[4][24];
    int n = 2;
    buf_puts(&sql, "WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS q)"
                   " SELECT " ART_COLS_PG ", h.score, ts_headline('simple', a.text, q.q, $2)"
                   " FROM (SELECT a.rowid AS hr,"
                   "  ts_rank_cd('{0.1, 0.2, 0.25, 1.0}', a.tsv, q.q, 1) AS score"
                   "  FROM articles a, q WHERE a.tsv @@ q.q");
    pg_filter_sql(&sql, f, "AND", "a.published_ts", vals, &n, nb);
    buf_puts(&sql, " ORDER BY score DESC, a.rowid");
    limit_sql(&sql, f, vals, &n, nb);
    buf_puts(&sql, ") h JOIN articles a ON a.rowid = h.hr CROSS JOIN q"
                   " ORDER BY h.score DESC, h.hr");
    long rc = wq && opts && sql.p
                  ? pg_each(PG(s), sql.p, n, vals, hit_row, (pg_cb){.hit = cb}, ud, e, "search")
                  : err_set(e, TL_ENOMEM, "out of memory");
    buf_free(&sql);
    free(wq);
    free(opts);
    return rc < 0 ? (int)rc : TL_OK;
}

/* ------------------------------------------------------------------------
 * Stats, checks, data version
 * ---------------------------------------------------------------------- */

static int pg_get_stats(store_t *s, store_stats *st, tl_err *e) {
    pg_t *p = PG(s);
    snprintf(st->backend, sizeof(st->backend), "postgresql");
    snprintf(st->location, sizeof(st->location), "%s", p->location);
    PGresult *r = pg_q(p,
                       "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM duplicates),"
                       " (SELECT count(DISTINCT source) FROM articles),"
                       " (SELECT count(DISTINCT language) FROM articles),"
                       " (SELECT count(*) FROM articles WHERE published IS NULL),"
                       " (SELECT coalesce(sum(octet_length(text)), 0) FROM articles),"
                       " (SELECT count(*) FROM stories),"
                       " (SELECT count(DISTINCT storyline) FROM stories),"
                       " (SELECT count(*) FROM entities),"
                       " (SELECT value FROM meta WHERE key = 'schema_version'),"
                       " (SELECT published FROM articles WHERE published_ts ="
                       "  (SELECT min(published_ts) FROM articles) ORDER BY rowid LIMIT 1),"
                       " (SELECT published FROM articles WHERE published_ts ="
                       "  (SELECT max(published_ts) FROM articles) ORDER BY rowid LIMIT 1)",
                       0, NULL, e, "stats");
    if (!r) return TL_ESTORE;
    long *v[] = {&st->articles, &st->duplicates, &st->sources, &st->languages, &st->undated};
    for (int i = 0; i < 5; i++) *v[i] = (long)pg_int(r, 0, i);
    st->text_bytes = pg_int(r, 0, 5);
    st->stories = (long)pg_int(r, 0, 6);
    st->storylines = (long)pg_int(r, 0, 7);
    st->entities = (long)pg_int(r, 0, 8);
    st->schema_version = (int)pg_int(r, 0, 9);
    const char *a = pg_str(r, 0, 10), *b = pg_str(r, 0, 11);
    snprintf(st->first_published, sizeof(st->first_published), "%s", a ? a : "");
    snprintf(st->last_published, sizeof(st->last_published), "%s", b ? b : "");
    PQclear(r);
    return TL_OK;
}

static int count_row(const PGresult *r, pg_cb cb, void *ud) {
    store_count c = {pg_str(r, 0, 0), (long)pg_int(r, 0, 1)};
    return cb.count(ud, &c);
}

static int pg_count_sources(store_t *s, store_count_cb cb, void *ud, tl_err *e) {
    long rc = pg_each(PG(s),
                      "SELECT coalesce(source, ''), count(*) AS n FROM articles GROUP BY source"
                      " ORDER BY n DESC, source COLLATE \"C\" NULLS FIRST",
                      0, NULL, count_row, (pg_cb){.count = cb}, ud, e, "sources");
    return rc < 0 ? (int)rc : TL_OK;
}

/* What the schema cannot promise by itself. */
static const struct { const char *sql, *what; } CHECKS[] = {
    {"SELECT count(*) FROM duplicates d WHERE NOT EXISTS"
     " (SELECT 1 FROM articles a WHERE a.id = d.dup_of)",
     "duplicate records point to missing articles"},
    {"SELECT count(*) FROM duplicates d JOIN articles a ON a.id = d.id",
     "ids are both an article and a duplicate"},
    {"SELECT count(*) FROM placements p WHERE NOT EXISTS"
     " (SELECT 1 FROM stories s WHERE s.id = p.story)",
     "placements name missing stories"},
    {"SELECT count(*) FROM mentions m WHERE NOT EXISTS"
     " (SELECT 1 FROM articles a WHERE a.rowid = m.article)",
     "mentions are of missing articles"},
    {"SELECT count(*) FROM quotes q WHERE NOT EXISTS"
     " (SELECT 1 FROM articles a WHERE a.rowid = q.article)",
     "quotes are of missing articles"},
    {"SELECT count(*) FROM events v WHERE NOT EXISTS"
     " (SELECT 1 FROM articles a WHERE a.rowid = v.article)",
     "events are of missing articles"},
    {"SELECT count(*) FROM event_others o WHERE NOT EXISTS"
     " (SELECT 1 FROM events v WHERE v.id = o.event)",
     "event participants are of missing events"},
    {"SELECT abs(count(*) - 1) FROM data_version", "data_version rows too many or missing"},
};

static int pg_check(store_t *s, char **report, tl_err *e) {
    pg_t *p = PG(s);
    buf_t r = BUF_INIT;
    int bad = 0, v = 0;
    if (schema_version(p, &v, e) != TL_OK) return TL_ESTORE;
    if (v != SCHEMA_VERSION) {
        buf_printf(&r, "schema version %d, expected %d\n", v, SCHEMA_VERSION);
        bad = 1;
    }
    for (size_t i = 0; i < sizeof(CHECKS) / sizeof(CHECKS[0]); i++) {
        PGresult *q = pg_q(p, CHECKS[i].sql, 0, NULL, e, "integrity check");
        if (!q) { buf_free(&r); return TL_ESTORE; }
        long n = (long)pg_int(q, 0, 0);
        PQclear(q);
        if (n) {
            buf_printf(&r, "%ld %s\n", n, CHECKS[i].what);
            bad = 1;
        }
    }
    if (!bad) buf_puts(&r, "ok");
    if (!r.p) return err_set(e, TL_ENOMEM, "out of memory");
    *report = buf_steal(&r);
    return bad ? err_set(e, TL_ESTORE, "store %s failed its integrity check", p->location)
               : TL_OK;
}

/* data_version: a counter every writing transaction bumps just before it
 * commits (pg_commit; a write outside a transaction bumps it at once).
 * Less this connection's own bumps, it moves only when another
 * connection commits a change, as SQLite's PRAGMA data_version does (a
 * --cluster worker relies on that: its own commits must not look like
 * new work). */
static int pg_data_version(store_t *s, int64_t *version, tl_err *e) {
    pg_t *p = PG(s);
    PGresult *r = pg_q(p, "SELECT v FROM data_version", 0, NULL, e, "data version");
    if (!r) return TL_ESTORE;
    *version = (PQntuples(r) ? pg_int(r, 0, 0) : 0) - p->own;
    PQclear(r);
    return TL_OK;
}

const store_ops store_pg_ops = {
    "postgresql", pg_open, pg_close, pg_begin, pg_commit, pg_rollback,
    pg_put_article, pg_get_article, pg_list_articles, pg_list_duplicates,
    pg_search, pg_get_stats, pg_count_sources, pg_check,
    pg_unplaced, pg_put_placement, pg_put_story, pg_put_term, pg_set_meta, pg_get_meta,
    pg_load_terms, pg_load_stories, pg_load_placements, pg_list_stories, pg_get_story,
    pg_story_members, pg_get_placement, pg_near_dups, pg_reset_placement,
    pg_articles_after, pg_put_entity, pg_put_mention, pg_load_entities, pg_list_entities,
    pg_find_entities, pg_entity_articles, pg_article_mentions, pg_reset_entities,
    pg_put_quote, pg_quotes, pg_put_event, pg_events, pg_data_version,
    pg_lock_clusterer, pg_unlock_clusterer,
    pg_put_analysis, pg_analyses, pg_drop_analyses, pg_count_analyses,
};
