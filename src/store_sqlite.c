/* store_sqlite.c -- the embedded SQLite backend of store.h.
 *
 * One database file in WAL mode: readers never block the writer, and a
 * crash (even kill -9) leaves every committed batch intact. The schema is
 * versioned with PRAGMA user_version and brought forward by the ordered
 * MIGRATIONS below, each applied in its own transaction. Article text is
 * indexed by an external-content FTS5 table (no second copy of the text).
 */
#include "store_sqlite.h"
#include "date.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Schema
 * ---------------------------------------------------------------------- */

/* MIGRATIONS[i] brings the schema from version i to version i + 1. Never
 * edit a released migration; append a new one. */
static const char *MIGRATIONS[] = {
    /* 0 -> 1: articles, duplicates, full-text index */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE articles("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  hash TEXT NOT NULL,"
    "  source TEXT, url TEXT, title TEXT,"
    "  published TEXT, published_ts INTEGER,"
    "  language TEXT,"
    "  text TEXT NOT NULL,"
    "  extra TEXT,"
    "  origin TEXT,"
    "  ingested_at TEXT NOT NULL);"
    "CREATE UNIQUE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_published ON articles(published_ts);"
    "CREATE INDEX articles_source ON articles(source, published_ts);"
    "CREATE TABLE duplicates("
    "  id TEXT PRIMARY KEY,"
    "  dup_of TEXT NOT NULL REFERENCES articles(id),"
    "  hash TEXT NOT NULL,"
    "  source TEXT, url TEXT, title TEXT, published TEXT,"
    "  extra TEXT, origin TEXT, ingested_at TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX duplicates_of ON duplicates(dup_of);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,"
    "  content='articles', content_rowid='rowid',"
    "  tokenize='unicode61 remove_diacritics 2');",
    /* 1 -> 2: story clustering */
    "CREATE TABLE terms("
    "  id INTEGER PRIMARY KEY, term TEXT NOT NULL, surface TEXT, df INTEGER NOT NULL);"
    "CREATE TABLE stories("
    "  id INTEGER PRIMARY KEY,"
    "  size INTEGER NOT NULL,"
    "  storyline INTEGER NOT NULL,"
    "  first_ts INTEGER, last_ts INTEGER,"
    "  top_terms TEXT,"
    "  centroid BLOB NOT NULL);"
    "CREATE INDEX stories_last ON stories(last_ts);"
    "CREATE INDEX stories_line ON stories(storyline);"
    "CREATE TABLE placements("
    "  article INTEGER PRIMARY KEY REFERENCES articles(rowid),"
    "  story INTEGER NOT NULL,"
    "  sim REAL NOT NULL,"
    "  near_dup_of INTEGER,"
    "  near_dup_sim REAL,"
    "  minhash BLOB NOT NULL);"
    "CREATE INDEX placements_story ON placements(story, sim);"
    "CREATE INDEX placements_dup ON placements(near_dup_of) WHERE near_dup_of IS NOT NULL;",
    /* 2 -> 3: a 64 MB FTS5 in-memory hash before flushing a segment: fewer,
     * larger level-0 segments, so less merging during bulk ingest
     * (bench/README.md: 2x faster at 300k articles, half the bytes written) */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES('hashsize', 67108864);",
    /* 3 -> 4: name document frequency of terms (storylines) */
    "ALTER TABLE terms ADD COLUMN ndf INTEGER NOT NULL DEFAULT 0;",
    /* 4 -> 5: entities and their mentions */
    "CREATE TABLE entities("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,"
    "  country TEXT, affiliation TEXT,"
    "  mentions INTEGER NOT NULL, articles INTEGER NOT NULL,"
    "  last_story INTEGER NOT NULL DEFAULT 0,"
    "  aliases TEXT NOT NULL, roles TEXT NOT NULL);"
    "CREATE INDEX entities_key ON entities(key);"
    "CREATE INDEX entities_rank ON entities(articles DESC, mentions DESC);"
    "CREATE TABLE mentions("
    "  article INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  entity INTEGER NOT NULL, role_start INTEGER, role_end INTEGER,"
    "  PRIMARY KEY(article, start)) WITHOUT ROWID;"
    "CREATE INDEX mentions_entity ON mentions(entity, article);",
    /* 5 -> 6: quotes (direct and indirect) with their speaker */
    "CREATE TABLE quotes("
    "  article INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  kind TEXT NOT NULL, entity INTEGER,"
    "  spk_start INTEGER, spk_end INTEGER, cue_start INTEGER, cue_end INTEGER,"
    "  chan_start INTEGER, chan_end INTEGER,"
    "  PRIMARY KEY(article, start)) WITHOUT ROWID;"
    "CREATE INDEX quotes_entity ON quotes(entity, article) WHERE entity IS NOT NULL;",
    /* 6 -> 7: events (who did what to whom, when) and their other
     * participants; a side table rather than a JSON array, so that "the
     * events of entity X" is an index lookup (store_sqlite_evt.c) */
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY,"
    "  article INTEGER NOT NULL, code TEXT NOT NULL,"
    "  trig_start INTEGER NOT NULL, trig_end INTEGER NOT NULL,"
    "  actor INTEGER, act_start INTEGER, act_end INTEGER,"
    "  target INTEGER, tgt_start INTEGER, tgt_end INTEGER,"
    "  location INTEGER,"
    "  first_day INTEGER, last_day INTEGER, certainty TEXT NOT NULL,"
    "  when_start INTEGER, when_end INTEGER,"
    "  sent_start INTEGER NOT NULL, sent_end INTEGER NOT NULL,"
    "  negated INTEGER NOT NULL DEFAULT 0, future INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX events_article ON events(article, trig_start);"
    "CREATE INDEX events_day ON events(first_day, last_day);"
    "CREATE INDEX events_actor ON events(actor) WHERE actor IS NOT NULL;"
    "CREATE INDEX events_target ON events(target) WHERE target IS NOT NULL;"
    "CREATE TABLE event_others("
    "  event INTEGER NOT NULL, pos INTEGER NOT NULL, entity INTEGER NOT NULL,"
    "  PRIMARY KEY(event, pos)) WITHOUT ROWID;"
    "CREATE INDEX event_others_entity ON event_others(entity, event);",
    /* 7 -> 8: per-article analyses made by `trilat worker` for the entity
     * extractor (store.h; dropped once used) */
    "CREATE TABLE analyses("
    "  article INTEGER PRIMARY KEY REFERENCES articles(rowid),"
    "  producer TEXT NOT NULL, data BLOB NOT NULL);",
};
#define SCHEMA_VERSION ((int)(sizeof(MIGRATIONS) / sizeof(MIGRATIONS[0])))

/* ------------------------------------------------------------------------
 * State
 * ---------------------------------------------------------------------- */

static const char *QUERIES[Q_COUNT] = {
    [Q_ID_HASH] = "SELECT hash FROM articles WHERE id = ?1",
    [Q_DUP_BY_ID] = "SELECT hash, dup_of FROM duplicates WHERE id = ?1",
    [Q_BY_HASH] = "SELECT id FROM articles WHERE hash = ?1",
    [Q_INS_ART] = "INSERT INTO articles(id, hash, source, url, title, published,"
                  " published_ts, language, text, extra, origin, ingested_at)"
                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    [Q_INS_FTS] = "INSERT INTO articles_fts(rowid, title, text) VALUES(?1, ?2, ?3)",
    [Q_INS_DUP] = "INSERT INTO duplicates(id, dup_of, hash, source, url, title,"
                  " published, extra, origin, ingested_at)"
                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PUT_PLACE] = "INSERT OR REPLACE INTO placements(article, story, sim, near_dup_of,"
                    " near_dup_sim, minhash) VALUES(?1,?2,?3,?4,?5,?6)",
    [Q_PUT_STORY] = "INSERT OR REPLACE INTO stories(id, size, storyline, first_ts, last_ts,"
                    " top_terms, centroid) VALUES(?1,?2,?3,?4,?5,?6,?7)",
    [Q_PUT_TERM] = "INSERT OR REPLACE INTO terms(id, term, surface, df, ndf)"
                   " VALUES(?1,?2,?3,?4,?5)",
    [Q_PUT_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
    [Q_PUT_ENTITY] = "INSERT OR REPLACE INTO entities(id, type, key, name, country, affiliation,"
                     " mentions, articles, last_story, aliases, roles)"
                     " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    [Q_PUT_MENTION] = "INSERT OR REPLACE INTO mentions(article, start, end, entity, role_start,"
                      " role_end) VALUES(?1,?2,?3,?4,?5,?6)",
    [Q_PUT_QUOTE] = "INSERT OR REPLACE INTO quotes(article, start, end, kind, entity, spk_start,"
                    " spk_end, cue_start, cue_end, chan_start, chan_end)"
                    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    [Q_PUT_EVENT] = "INSERT INTO events(article, code, trig_start, trig_end, actor, act_start,"
                    " act_end, target, tgt_start, tgt_end, location, first_day, last_day,"
                    " certainty, when_start, when_end, sent_start, sent_end, negated, future)"
                    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
    [Q_PUT_EVT_OTHER] = "INSERT OR REPLACE INTO event_others(event, pos, entity) VALUES(?1,?2,?3)",
    [Q_PUT_ANALYSIS] = "INSERT OR REPLACE INTO analyses(article, producer, data) VALUES(?1,?2,?3)",
};

int sq_err(sq_t *q, tl_err *e, const char *what) {
    return err_set(e, TL_ESTORE, "%s: %s", what, sqlite3_errmsg(q->db));
}

int sq_each(sq_t *q, sqlite3_stmt *st, sq_row_fn row, sq_cb cb, void *ud, tl_err *e,
            const char *what) {
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        if (row(st, cb, ud)) break;
    }
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? n : sq_err(q, e, what);
}

int sq_exec(sq_t *q, const char *sql, tl_err *e) {
    char *msg = NULL;
    if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = err_set(e, TL_ESTORE, "%s", msg ? msg : sqlite3_errmsg(q->db));
        sqlite3_free(msg);
        return rc;
    }
    return TL_OK;
}

int sq_int(sq_t *q, const char *sql, long *out) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK) return TL_ESTORE;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TL_OK : TL_ESTORE;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s) {
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

char *sq_col_dup(sqlite3_stmt *st, int i) {
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? strdup((const char *)s) : NULL;
}

const char *sq_col_str(sqlite3_stmt *st, int i) {
    return (const char *)sqlite3_column_text(st, i);
}

/* ------------------------------------------------------------------------
 * Open, migrate, close
 * ---------------------------------------------------------------------- */

static int migrate(sq_t *q, tl_err *e) {
    long v;
    if (sq_int(q, "PRAGMA user_version", &v) != TL_OK) return sq_err(q, e, "reading schema version");
    if (v > SCHEMA_VERSION)
        return err_set(e, TL_ESTORE,
                       "%s has schema version %ld, newer than this trilat knows (%d); "
                       "upgrade trilat", q->path, v, SCHEMA_VERSION);
    for (int i = (int)v; i < SCHEMA_VERSION; i++) {
        char pragma[64];
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", i + 1);
        int rc;
        if ((rc = sq_exec(q, "BEGIN IMMEDIATE", e)) != TL_OK) return rc;
        /* Another process opening the same store may have migrated it
         * between our reading the version and taking the write lock: read
         * it again under the lock and go on from there. */
        long cur;
        if (sq_int(q, "PRAGMA user_version", &cur) != TL_OK) {
            rc = sq_err(q, e, "reading schema version");
            sq_exec(q, "ROLLBACK", NULL);
            return rc;
        }
        if (cur > i) {
            if ((rc = sq_exec(q, "COMMIT", e)) != TL_OK) return rc;
            if (cur > SCHEMA_VERSION) return migrate(q, e);   /* refuses it, as above */
            i = (int)cur - 1;
            continue;
        }
        if ((rc = sq_exec(q, MIGRATIONS[i], e)) != TL_OK ||
            (rc = sq_exec(q, pragma, e)) != TL_OK) {
            sq_exec(q, "ROLLBACK", NULL);
            return err_set(e, TL_ESTORE, "migrating %s to schema %d: %s", q->path, i + 1,
                           e ? e->msg : "failed");
        }
        if (i == 0) {
            char now[DATE_ISO_MAX], sql[160];
            date_now_iso(now);
            snprintf(sql, sizeof(sql),
                     "INSERT INTO meta VALUES('created_at','%s'),"
                     "('created_by','trilat " TRILAT_VERSION "')", now);
            if ((rc = sq_exec(q, sql, e)) != TL_OK) { sq_exec(q, "ROLLBACK", NULL); return rc; }
        }
        if ((rc = sq_exec(q, "COMMIT", e)) != TL_OK) return rc;
    }
    return TL_OK;
}

static void sq_close(store_t *s) {
    sq_t *q = SQ(s);
    if (!q) return;
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(q->q[i]);
    if (q->db) sqlite3_close(q->db);
    if (q->lock_fd >= 0) close(q->lock_fd);     /* releases the clustering lock */
    free(q->path);
    free(q);
    s->impl = NULL;
}

#define BUSY_MS 10000      /* how long a connection waits for another's lock */

/* Put the store in WAL mode. Converting a new file needs an exclusive lock
 * and SQLite does not call the busy handler for it, so several processes
 * creating one store at once could fail with "database is locked" (seen
 * in tests/e2e/crash.sh): retry that within the busy budget. Any answer
 * of the pragma is accepted, as before ("memory" for an in-memory store,
 * the old mode where the file system cannot do WAL). */
static int set_wal(sq_t *q, tl_err *e) {
    for (int waited = 0;; waited += 20) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(q->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
            return err_set(e, TL_ESTORE, "%s", sqlite3_errmsg(q->db));   /* "file is not a database" */
        int step = sqlite3_step(st);
        sqlite3_finalize(st);
        if (step == SQLITE_ROW || step == SQLITE_DONE) return TL_OK;
        if ((step != SQLITE_BUSY && step != SQLITE_LOCKED) || waited >= BUSY_MS)
            return err_set(e, TL_ESTORE, "%s", sqlite3_errmsg(q->db));
        sqlite3_sleep(20);
    }
}

/* SQLite keeps global memory statistics under one mutex by default,
 * which serializes connections on different threads (the server's
 * readers) on every allocation; trilat never reads those statistics.
 * This must happen before SQLite initializes; if something else
 * initialized it already, the call fails harmlessly. */
static void sq_global_config(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static int sq_open(store_t *s, const char *path, int flags, tl_err *e) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sq_global_config);
    struct stat sb;
    if (!(flags & STORE_CREATE) && stat(path, &sb) != 0)
        return err_set(e, TL_ENOTFOUND, "no store at %s (create one with `trilat ingest`)",
                       path);
    sq_t *q = calloc(1, sizeof(*q));
    if (!q) return err_set(e, TL_ENOMEM, "out of memory");
    s->impl = q;
    q->lock_fd = -1;
    q->path = strdup(path);
    int rc;
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                 ((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    if (!q->path) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    if (sqlite3_open_v2(path, &q->db, oflags, NULL) != SQLITE_OK) {
        rc = err_set(e, TL_ESTORE, "cannot open store %s: %s", path,
                     q->db ? sqlite3_errmsg(q->db) : "out of memory");
        goto error;
    }
    sqlite3_busy_timeout(q->db, BUSY_MS);
    rc = sq_exec(q, "PRAGMA page_size = 16384;", e);     /* new stores only; before WAL */
    if (rc == TL_OK) rc = set_wal(q, e);
    if (rc == TL_OK)
        rc = sq_exec(q,
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;"
                 "PRAGMA cache_size = -32768;", e);
    if (rc != TL_OK) {
        rc = err_set(e, TL_ESTORE, "cannot use %s as a store: %s", path, e ? e->msg : "");
        goto error;
    }
    if ((rc = migrate(q, e)) != TL_OK) goto error;
    if ((flags & STORE_READONLY) && (rc = sq_exec(q, "PRAGMA query_only = 1;", e)) != TL_OK)
        goto error;
    for (int i = 0; i < Q_COUNT; i++) {
        if (sqlite3_prepare_v3(q->db, QUERIES[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &q->q[i], NULL) != SQLITE_OK) {
            rc = sq_err(q, e, "preparing statements");
            goto error;
        }
    }
    return TL_OK;
error:
    sq_close(s);
    return rc;
}

/* ------------------------------------------------------------------------
 * Transactions
 * ---------------------------------------------------------------------- */

int sq_step_reset(sq_t *q, sqlite3_stmt *st, tl_err *e, const char *what) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sq_err(q, e, what);
    return TL_OK;
}

static int sq_begin(store_t *s, tl_err *e) {
    return sq_step_reset(SQ(s), SQ(s)->q[Q_BEGIN], e, "begin");
}
static int sq_commit(store_t *s, tl_err *e) {
    return sq_step_reset(SQ(s), SQ(s)->q[Q_COMMIT], e, "commit");
}
static int sq_rollback(store_t *s, tl_err *e) {
    sq_t *q = SQ(s);
    if (sqlite3_get_autocommit(q->db)) return TL_OK;
    return sq_step_reset(q, q->q[Q_ROLLBACK], e, "rollback");
}

/* ------------------------------------------------------------------------
 * Writing articles
 * ---------------------------------------------------------------------- */

/* Run a one-row lookup; on a row copy column 0 (and 1) out. 1 found, 0 not,
 * <0 error. */
static int lookup(sq_t *q, int which, const char *key, char **c0, char **c1, tl_err *e) {
    sqlite3_stmt *st = q->q[which];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        found = 1;
        if (c0) *c0 = sq_col_dup(st, 0);
        if (c1) *c1 = sq_col_dup(st, 1);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sq_err(q, e, "lookup");
    return found;
}

static int sq_put_article(store_t *s, art_t *a, int *outcome, char **other, tl_err *e) {
    sq_t *q = SQ(s);
    char *h = NULL, *orig = NULL;
    char now[DATE_ISO_MAX];
    int rc;

    /* Same id already stored, as an article or as a duplicate? */
    if ((rc = lookup(q, Q_ID_HASH, a->id, &h, NULL, e)) < 0) return rc;
    if (rc == 0 && (rc = lookup(q, Q_DUP_BY_ID, a->id, &h, &orig, e)) < 0) return rc;
    if (rc == 1) {
        int same = h && strcmp(h, a->hash) == 0;
        *outcome = same ? STORE_SAME : STORE_CONFLICT;
        if (other) *other = orig ? orig : strdup(a->id);
        else free(orig);
        free(h);
        return TL_OK;
    }

    date_now_iso(now);
    free(a->ingested_at);
    a->ingested_at = strdup(now);

    /* Same text under another id: record a duplicate. */
    if ((rc = lookup(q, Q_BY_HASH, a->hash, &orig, NULL, e)) < 0) return rc;
    if (rc == 1) {
        sqlite3_stmt *st = q->q[Q_INS_DUP];
        sq_bind_text(st, 1, a->id);
        sq_bind_text(st, 2, orig);
        sq_bind_text(st, 3, a->hash);
        sq_bind_text(st, 4, a->source);
        sq_bind_text(st, 5, a->url);
        sq_bind_text(st, 6, a->title);
        sq_bind_text(st, 7, a->published);
        sq_bind_text(st, 8, a->extra);
        sq_bind_text(st, 9, a->origin);
        sq_bind_text(st, 10, now);
        rc = sq_step_reset(q, st, e, "recording duplicate");
        if (rc == TL_OK) {
            *outcome = STORE_DUP;
            if (other) { *other = orig; orig = NULL; }
        }
        free(orig);
        return rc;
    }

    sqlite3_stmt *st = q->q[Q_INS_ART];
    sq_bind_text(st, 1, a->id);
    sq_bind_text(st, 2, a->hash);
    sq_bind_text(st, 3, a->source);
    sq_bind_text(st, 4, a->url);
    sq_bind_text(st, 5, a->title);
    sq_bind_text(st, 6, a->published);
    if (a->published) sqlite3_bind_int64(st, 7, a->published_ts);
    else sqlite3_bind_null(st, 7);
    sq_bind_text(st, 8, a->language);
    sqlite3_bind_text(st, 9, a->text, (int)a->text_len, SQLITE_STATIC);
    sq_bind_text(st, 10, a->extra);
    sq_bind_text(st, 11, a->origin);
    sq_bind_text(st, 12, now);
    if ((rc = sq_step_reset(q, st, e, "storing article")) != TL_OK) return rc;
    sqlite3_int64 rowid = sqlite3_last_insert_rowid(q->db);
    a->rowid = rowid;

    st = q->q[Q_INS_FTS];
    sqlite3_bind_int64(st, 1, rowid);
    sq_bind_text(st, 2, a->title);
    sqlite3_bind_text(st, 3, a->text, (int)a->text_len, SQLITE_STATIC);
    if ((rc = sq_step_reset(q, st, e, "indexing article")) != TL_OK) return rc;
    *outcome = STORE_NEW;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Reading articles
 * ---------------------------------------------------------------------- */

/* Fill a (borrowed pointers into the statement row) from ART_COLS at col 0. */
void sq_row_to_art(sqlite3_stmt *st, art_t *a) {
    a->id = (char *)sq_col_str(st, 0);
    const char *h = sq_col_str(st, 1);
    snprintf(a->hash, sizeof(a->hash), "%s", h ? h : "");
    a->source = (char *)sq_col_str(st, 2);
    a->url = (char *)sq_col_str(st, 3);
    a->title = (char *)sq_col_str(st, 4);
    a->published = (char *)sq_col_str(st, 5);
    a->published_ts = sqlite3_column_int64(st, 6);
    a->language = (char *)sq_col_str(st, 7);
    a->extra = (char *)sq_col_str(st, 8);
    a->origin = (char *)sq_col_str(st, 9);
    a->ingested_at = (char *)sq_col_str(st, 10);
    a->rowid = sqlite3_column_int64(st, 11);
}

/* Append WHERE conditions for a filter; binds start at ?first. */
void sq_filter_sql(buf_t *b, const store_filter *f, const char *joiner, const char *ts_col) {
    if (!f) return;
    if (f->source) { buf_printf(b, " %s a.source = :source", joiner); joiner = "AND"; }
    if (f->has_since) { buf_printf(b, " %s %s >= :since", joiner, ts_col); joiner = "AND"; }
    if (f->has_until) { buf_printf(b, " %s %s < :until", joiner, ts_col); }
}

void sq_filter_bind(sqlite3_stmt *st, const store_filter *f) {
    static const store_filter none;
    if (!f) f = &none;
    int i;
    if (f->source && (i = sqlite3_bind_parameter_index(st, ":source")))
        sqlite3_bind_text(st, i, f->source, -1, SQLITE_STATIC);
    if (f->has_since && (i = sqlite3_bind_parameter_index(st, ":since")))
        sqlite3_bind_int64(st, i, f->since);
    if (f->has_until && (i = sqlite3_bind_parameter_index(st, ":until")))
        sqlite3_bind_int64(st, i, f->until);
    if ((i = sqlite3_bind_parameter_index(st, ":limit")))
        sqlite3_bind_int64(st, i, f->limit > 0 ? f->limit : -1);
    if ((i = sqlite3_bind_parameter_index(st, ":offset")))
        sqlite3_bind_int64(st, i, f->offset > 0 ? f->offset : 0);
}

static int sq_get_article(store_t *s, const char *id, art_t **out, char **dup_of, tl_err *e) {
    sq_t *q = SQ(s);
    char *orig = NULL;
    int rc = lookup(q, Q_DUP_BY_ID, id, NULL, &orig, e);
    if (rc < 0) return rc;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT " ART_COLS ", a.text FROM articles a WHERE a.id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        free(orig);
        return sq_err(q, e, "get article");
    }
    sqlite3_bind_text(st, 1, orig ? orig : id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        art_t tmp = {0}, *a = art_new();
        if (!a) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto done; }
        sq_row_to_art(st, &tmp);
        a->id = tmp.id ? strdup(tmp.id) : NULL;
        a->rowid = tmp.rowid;
        memcpy(a->hash, tmp.hash, sizeof(a->hash));
        a->source = sq_col_dup(st, 2);
        a->url = sq_col_dup(st, 3);
        a->title = sq_col_dup(st, 4);
        a->published = sq_col_dup(st, 5);
        a->published_ts = tmp.published_ts;
        a->language = sq_col_dup(st, 7);
        a->extra = sq_col_dup(st, 8);
        a->origin = sq_col_dup(st, 9);
        a->ingested_at = sq_col_dup(st, 10);
        a->text = sq_col_dup(st, ART_NCOLS);
        a->text_len = (size_t)sqlite3_column_bytes(st, ART_NCOLS);
        *out = a;
        if (dup_of) { *dup_of = orig; orig = NULL; }
        rc = TL_OK;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, TL_ENOTFOUND, "no article with id '%s'", id);
    } else {
        rc = sq_err(q, e, "get article");
    }
done:
    sqlite3_finalize(st);
    free(orig);
    return rc;
}

static int sq_list_articles(store_t *s, const store_filter *f, int with_text,
                            store_art_cb cb, void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    buf_t sql = BUF_INIT;
    buf_printf(&sql, "SELECT " ART_COLS "%s FROM articles a", with_text ? ", a.text" : "");
    sq_filter_sql(&sql, f, "WHERE", "a.published_ts");
    buf_puts(&sql, " ORDER BY a.published_ts IS NULL, a.published_ts DESC, a.rowid DESC"
                   " LIMIT :limit OFFSET :offset");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(q->db, sql.p, -1, &st, NULL);
    buf_free(&sql);
    if (rc != SQLITE_OK) return sq_err(q, e, "list articles");
    sq_filter_bind(st, f);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        art_t a = {0};
        sq_row_to_art(st, &a);
        if (with_text) {
            a.text = (char *)sq_col_str(st, ART_NCOLS);
            a.text_len = (size_t)sqlite3_column_bytes(st, ART_NCOLS);
        }
        if (cb(ud, &a)) break;
    }
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? TL_OK : sq_err(q, e, "list articles");
}

static int sq_list_duplicates(store_t *s, const char *id, store_dup_cb cb, void *ud,
                              tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT id, dup_of, source, url, title, published, origin,"
                           " ingested_at FROM duplicates WHERE dup_of = ?1 ORDER BY ingested_at, id",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "list duplicates");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_dup d = {sq_col_str(st, 0), sq_col_str(st, 1), sq_col_str(st, 2), sq_col_str(st, 3),
                       sq_col_str(st, 4), sq_col_str(st, 5), sq_col_str(st, 6), sq_col_str(st, 7)};
        if (cb(ud, &d)) break;
    }
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? TL_OK : sq_err(q, e, "list duplicates");
}

/* ------------------------------------------------------------------------
 * Search
 * ---------------------------------------------------------------------- */

/* Turn free text into an FTS5 query of quoted terms ("U.S." -> "U.S."). */
static char *plain_query(const char *query) {
    buf_t b = BUF_INIT;
    const char *p = query;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        if (!*p) break;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n') p++;
        if (b.len) buf_putc(&b, ' ');
        buf_putc(&b, '"');
        for (const char *c = start; c < p; c++) {
            if (*c == '"') buf_putc(&b, '"');
            buf_putc(&b, *c);
        }
        buf_putc(&b, '"');
    }
    return buf_steal(&b);
}

static int sq_search(store_t *s, const char *query, const store_filter *f,
                     const char *hl_open, const char *hl_close, store_hit_cb cb,
                     void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    buf_t sql = BUF_INIT;
    /* FTS5 ranks by itself (rank MATCH sets the bm25 weights), so the
     * article rows are read for the page only, not for every match */
    buf_puts(&sql, "SELECT " ART_COLS ", -rank,"
                   " snippet(articles_fts, 1, :open, :close, '…', 20)"
                   " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                   " WHERE articles_fts MATCH :query AND rank MATCH 'bm25(4.0, 1.0)'");
    sq_filter_sql(&sql, f, "AND", "a.published_ts");
    buf_puts(&sql, " ORDER BY rank LIMIT :limit OFFSET :offset");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(q->db, sql.p, -1, &st, NULL);
    buf_free(&sql);
    if (rc != SQLITE_OK) return sq_err(q, e, "search");
    char *alt = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        sq_filter_bind(st, f);
        sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":open"), hl_open, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":close"), hl_close, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":query"),
                          attempt ? alt : query, -1, SQLITE_STATIC);
        int n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            art_t a = {0};
            sq_row_to_art(st, &a);
            store_hit h = {&a, sqlite3_column_double(st, ART_NCOLS),
                           sq_col_str(st, ART_NCOLS + 1)};
            n++;
            if (cb(ud, &h)) break;
        }
        if (rc == SQLITE_ROW || rc == SQLITE_DONE) break;
        /* Not a valid FTS5 query ("fts5: syntax error", "unterminated
         * string", "no such column" for a stray colon): retry once as
         * plain quoted words. */
        if (attempt == 0 && n == 0 && rc == SQLITE_ERROR) {
            sqlite3_reset(st);
            alt = plain_query(query);
            if (!alt) { rc = SQLITE_NOMEM; break; }
            continue;
        }
        break;
    }
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok) err_set(e, TL_EINVAL, "search: %s", sqlite3_errmsg(q->db));
    sqlite3_finalize(st);
    free(alt);
    return ok ? TL_OK : TL_EINVAL;
}

/* ------------------------------------------------------------------------
 * Stats and checks
 * ---------------------------------------------------------------------- */

static int sq_get_stats(store_t *s, store_stats *st, tl_err *e) {
    sq_t *q = SQ(s);
    long v;
    snprintf(st->backend, sizeof(st->backend), "sqlite");
    snprintf(st->location, sizeof(st->location), "%s", q->path);
    if (sq_int(q, "SELECT count(*) FROM articles", &st->articles) ||
        sq_int(q, "SELECT count(*) FROM duplicates", &st->duplicates) ||
        sq_int(q, "SELECT count(DISTINCT source) FROM articles", &st->sources) ||
        sq_int(q, "SELECT count(DISTINCT language) FROM articles", &st->languages) ||
        sq_int(q, "SELECT count(*) FROM articles WHERE published IS NULL", &st->undated) ||
        sq_int(q, "SELECT coalesce(sum(length(CAST(text AS BLOB))),0) FROM articles", &v) ||
        sq_int(q, "SELECT count(*) FROM stories", &st->stories) ||
        sq_int(q, "SELECT count(DISTINCT storyline) FROM stories", &st->storylines) ||
        sq_int(q, "SELECT count(*) FROM entities", &st->entities))
        return sq_err(q, e, "stats");
    st->text_bytes = v;
    if (sq_int(q, "PRAGMA user_version", &v)) return sq_err(q, e, "stats");
    st->schema_version = (int)v;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT (SELECT published FROM articles WHERE published_ts ="
                           " (SELECT min(published_ts) FROM articles)),"
                           " (SELECT published FROM articles WHERE published_ts ="
                           " (SELECT max(published_ts) FROM articles))",
                           -1, &stmt, NULL) != SQLITE_OK)
        return sq_err(q, e, "stats");
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        const char *a = sq_col_str(stmt, 0), *b = sq_col_str(stmt, 1);
        snprintf(st->first_published, sizeof(st->first_published), "%s", a ? a : "");
        snprintf(st->last_published, sizeof(st->last_published), "%s", b ? b : "");
    }
    sqlite3_finalize(stmt);
    return TL_OK;
}

static int sq_count_sources(store_t *s, store_count_cb cb, void *ud, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT coalesce(source, ''), count(*) AS n FROM articles"
                           " GROUP BY source ORDER BY n DESC, source",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "sources");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_count c = {sq_col_str(st, 0), (long)sqlite3_column_int64(st, 1)};
        if (cb(ud, &c)) break;
    }
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? TL_OK : sq_err(q, e, "sources");
}

static int sq_check(store_t *s, char **report, tl_err *e) {
    sq_t *q = SQ(s);
    buf_t r = BUF_INIT;
    sqlite3_stmt *st;
    int bad = 0;
    if (sqlite3_prepare_v2(q->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, e, "integrity check");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *line = sq_col_str(st, 0);
        if (line && strcmp(line, "ok") != 0) {
            buf_printf(&r, "%s\n", line);
            bad = 1;
        }
    }
    sqlite3_finalize(st);
    char *msg = NULL;
    if (sqlite3_exec(q->db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                     NULL, NULL, &msg) != SQLITE_OK) {
        buf_printf(&r, "full-text index: %s\n", msg ? msg : "inconsistent");
        bad = 1;
    }
    sqlite3_free(msg);
    long orphans = 0;
    if (sq_int(q, "SELECT count(*) FROM duplicates d WHERE NOT EXISTS"
                  " (SELECT 1 FROM articles a WHERE a.id = d.dup_of)", &orphans) == TL_OK &&
        orphans) {
        buf_printf(&r, "%ld duplicate records point to missing articles\n", orphans);
        bad = 1;
    }
    if (!bad) buf_puts(&r, "ok");
    *report = buf_steal(&r);
    return bad ? err_set(e, TL_ESTORE, "store %s failed its integrity check", q->path) : TL_OK;
}

static int sq_data_version(store_t *s, int64_t *version, tl_err *e) {
    sq_t *q = SQ(s);
    long v;
    if (sq_int(q, "PRAGMA data_version", &v) != TL_OK) return sq_err(q, e, "data version");
    *version = v;
    return TL_OK;
}

const store_ops store_sqlite_ops = {
    "sqlite", sq_open, sq_close, sq_begin, sq_commit, sq_rollback,
    sq_put_article, sq_get_article, sq_list_articles, sq_list_duplicates,
    sq_search, sq_get_stats, sq_count_sources, sq_check,
    sq_unplaced, sq_put_placement, sq_put_story, sq_put_term, sq_set_meta, sq_get_meta,
    sq_load_terms, sq_load_stories, sq_load_placements, sq_list_stories, sq_get_story,
    sq_story_members, sq_get_placement, sq_near_dups, sq_reset_placement,
    sq_articles_after, sq_put_entity, sq_put_mention, sq_load_entities, sq_list_entities,
    sq_find_entities, sq_entity_articles, sq_article_mentions, sq_reset_entities,
    sq_put_quote, sq_quotes, sq_put_event, sq_events, sq_data_version,
    sq_lock_clusterer, sq_unlock_clusterer,
    sq_put_analysis, sq_analyses, sq_drop_analyses, sq_count_analyses,
};
