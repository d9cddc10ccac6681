/* store_pg_conn.c -- the PostgreSQL backend's use of libpq: the prepared
 * writes and their pipelining, statements with text parameters, rows in
 * single-row mode, errors, and the conversions of values to and from
 * their text forms (store_pg.h).
 *
 * One connection does one thing at a time. Two rules keep that invisible
 * to the callers: a pg_each whose callback runs another statement first
 * has the rest of its rows read into memory (spill), and pipelined
 * writes are answered (drain) before any statement whose answer is
 * needed. A connection lost between transactions is made again
 * (pg_ready); one lost inside a transaction fails it, as it must.
 */
#include "store_pg.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Prepared statements
 * ---------------------------------------------------------------------- */

/* An article in one round trip: what the id or the hash already names
 * (an article, a recorded duplicate), then the insert that outcome calls
 * for. The inserts only run when the lookup allows them, so rowids are
 * not spent on articles already stored; a concurrent writer's row that
 * the lookup could not see yet makes both inserts do nothing, and
 * put_article asks again (pg_put_article). */
#define PUT_ART_SQL                                                                         \
    "WITH prev AS ("                                                                        \
    "  SELECT * FROM (SELECT 1 AS k, hash, id AS other FROM articles WHERE id = $1"         \
    "   UNION ALL SELECT 2, hash, dup_of FROM duplicates WHERE id = $1"                     \
    "   UNION ALL SELECT 3, NULL, id FROM articles WHERE hash = $2) x ORDER BY k LIMIT 1)," \
    " ins AS (INSERT INTO articles(id, hash, source, url, title, published, published_ts,"  \
    "   language, text, extra, origin, ingested_at)"                                        \
    "  SELECT $1, $2, $3, $4, $5, $6, $7::bigint, $8, $9, $10, $11, $12"                    \
    "  WHERE NOT EXISTS (SELECT 1 FROM prev) ON CONFLICT DO NOTHING RETURNING rowid),"      \
    " dup AS (INSERT INTO duplicates(id, dup_of, hash, source, url, title, published,"      \
    "   extra, origin, ingested_at)"                                                        \
    "  SELECT $1, other, $2, $3, $4, $5, $6, $10, $11, $12 FROM prev WHERE k = 3"           \
    "  ON CONFLICT DO NOTHING RETURNING 1)"                                                 \
    " SELECT (SELECT rowid FROM ins), (SELECT k FROM prev), (SELECT hash FROM prev),"       \
    "  (SELECT other FROM prev), EXISTS (SELECT 1 FROM dup)"

static const char *const PG_QUERIES[PGQ_COUNT] = {
    [PGQ_PUT_ART] = PUT_ART_SQL,
    [PGQ_PUT_PLACE] = "INSERT INTO placements(article, story, sim, near_dup_of, near_dup_sim,"
                      " minhash) VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT (article) DO UPDATE SET"
                      " story = EXCLUDED.story, sim = EXCLUDED.sim,"
                      " near_dup_of = EXCLUDED.near_dup_of, near_dup_sim = EXCLUDED.near_dup_sim,"
                      " minhash = EXCLUDED.minhash",
    [PGQ_PUT_STORY] = "INSERT INTO stories(id, size, storyline, first_ts, last_ts, top_terms,"
                      " centroid) VALUES($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO UPDATE SET"
                      " size = EXCLUDED.size, storyline = EXCLUDED.storyline,"
                      " first_ts = EXCLUDED.first_ts, last_ts = EXCLUDED.last_ts,"
                      " top_terms = EXCLUDED.top_terms, centroid = EXCLUDED.centroid",
    [PGQ_PUT_TERM] = "INSERT INTO terms(id, term, surface, df, ndf) VALUES($1,$2,$3,$4,$5)"
                     " ON CONFLICT (id) DO UPDATE SET term = EXCLUDED.term,"
                     " surface = EXCLUDED.surface, df = EXCLUDED.df, ndf = EXCLUDED.ndf",
    [PGQ_PUT_META] = "INSERT INTO meta(key, value) VALUES($1, $2)"
                     " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [PGQ_PUT_ENTITY] = "INSERT INTO entities(id, type, key, name, country, affiliation, mentions,"
                       " articles, last_story, aliases, roles)"
                       " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (id) DO UPDATE SET"
                       " type = EXCLUDED.type, key = EXCLUDED.key, name = EXCLUDED.name,"
                       " country = EXCLUDED.country, affiliation = EXCLUDED.affiliation,"
                       " mentions = EXCLUDED.mentions, articles = EXCLUDED.articles,"
                       " last_story = EXCLUDED.last_story, aliases = EXCLUDED.aliases,"
                       " roles = EXCLUDED.roles",
    [PGQ_PUT_MENTION] = "INSERT INTO mentions(article, start, \"end\", entity, role_start,"
                        " role_end) VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT (article, start)"
                        " DO UPDATE SET \"end\" = EXCLUDED.\"end\", entity = EXCLUDED.entity,"
                        " role_start = EXCLUDED.role_start, role_end = EXCLUDED.role_end",
    [PGQ_PUT_QUOTE] = "INSERT INTO quotes(article, start, \"end\", kind, entity, spk_start,"
                      " spk_end, cue_start, cue_end, chan_start, chan_end)"
                      " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (article, start)"
                      " DO UPDATE SET \"end\" = EXCLUDED.\"end\", kind = EXCLUDED.kind,"
                      " entity = EXCLUDED.entity, spk_start = EXCLUDED.spk_start,"
                      " spk_end = EXCLUDED.spk_end, cue_start = EXCLUDED.cue_start,"
                      " cue_end = EXCLUDED.cue_end, chan_start = EXCLUDED.chan_start,"
                      " chan_end = EXCLUDED.chan_end",
    /* the event and its other participants ($21: their entity ids as an
     * array, 0 for an empty position) in one statement */
    [PGQ_PUT_EVENT] = "WITH ev AS (INSERT INTO events(article, code, trig_start, trig_end, actor,"
                      " act_start, act_end, target, tgt_start, tgt_end, location, first_day,"
                      " last_day, certainty, when_start, when_end, sent_start, sent_end, negated,"
                      " future) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
                      "$17,$18,$19,$20) RETURNING id)"
                      " INSERT INTO event_others(event, pos, entity)"
                      " SELECT ev.id, o.pos - 1, o.entity FROM ev,"
                      " unnest($21::bigint[]) WITH ORDINALITY AS o(entity, pos)"
                      " WHERE o.entity <> 0"
                      " ON CONFLICT (event, pos) DO UPDATE SET entity = EXCLUDED.entity",
    [PGQ_BUMP] = "UPDATE data_version SET v = v + 1",
    [PGQ_PUT_ANALYSIS] = "INSERT INTO analyses(article, producer, data) VALUES($1, $2, $3)"
                         " ON CONFLICT (article) DO UPDATE SET producer = EXCLUDED.producer,"
                         " data = EXCLUDED.data",
};

static const char *pgq_name(int which) {
    static const char *const names[PGQ_COUNT] = {
        "tl_put_art", "tl_put_place", "tl_put_story", "tl_put_term", "tl_put_meta",
        "tl_put_entity", "tl_put_mention", "tl_put_quote", "tl_put_event", "tl_bump",
        "tl_put_analysis",
    };
    return names[which];
}

/* ------------------------------------------------------------------------
 * libpq helpers
 * ---------------------------------------------------------------------- */

/* Copy a server or libpq message into e as one line. */
int pg_msg(tl_err *e, const char *what, const char *msg) {
    char one[400];
    size_t k = 0;
    for (const char *c = msg ? msg : ""; *c && k < sizeof(one) - 1; c++) {
        char ch = (*c == '\n' || *c == '\t' || *c == '\r') ? ' ' : *c;
        if (ch == ' ' && (k == 0 || one[k - 1] == ' ')) continue;
        one[k++] = ch;
    }
    while (k && one[k - 1] == ' ') k--;
    one[k] = '\0';
    return err_set(e, TL_ESTORE, "%s: %s", what, k ? one : "failed");
}

int pg_err(pg_t *p, const PGresult *r, tl_err *e, const char *what) {
    const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!m && r) m = PQresultErrorMessage(r);
    if (!m || !*m) m = PQerrorMessage(p->c);
    return pg_msg(e, what, m);
}

/* The server's notices ("text-search query contains only stop words")
 * are not for the user: libpq would print them on stderr. */
void pg_quiet(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

struct pg_iter {
    PGresult **rows;        /* spilled rows, when another query interrupted */
    size_t n, cap, next;
    int streaming;          /* rows still arrive from the connection */
    int oom;
    PGresult *err;          /* the first error result */
};

/* Read the rest of a streaming pg_each into memory, so that the
 * connection is free for a query its callback makes (a story's members
 * each loading their article, say). */
static void spill(pg_t *p) {
    pg_iter *it = p->streaming;
    if (!it) return;
    PGresult *r;
    while ((r = PQgetResult(p->c))) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE && !it->oom) {
            if (it->n == it->cap) {
                size_t cap = it->cap ? it->cap * 2 : 64;
                PGresult **v = realloc(it->rows, cap * sizeof(*v));
                if (!v) { it->oom = 1; PQclear(r); continue; }
                it->rows = v;
                it->cap = cap;
            }
            it->rows[it->n++] = r;
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && !it->err) {
            it->err = r;
        } else {
            PQclear(r);
        }
    }
    it->streaming = 0;
    p->streaming = NULL;
}

/* Collect the answers of the pipelined writes: TL_OK, or the first
 * error (the transaction is then aborted; the caller rolls back). */
static int drain(pg_t *p, tl_err *e) {
    if (!p->pipe) return TL_OK;
    int rc = TL_OK, k = 0, nulls = 0;
    if (!PQpipelineSync(p->c)) rc = pg_err(p, NULL, e, "storing");
    while (rc == TL_OK || PQstatus(p->c) == CONNECTION_OK) {
        PGresult *r = PQgetResult(p->c);
        if (!r) {
            /* one NULL ends each statement's answer; two in a row: no more */
            if (++nulls > 1 || PQstatus(p->c) != CONNECTION_OK) break;
            continue;
        }
        nulls = 0;
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) { PQclear(r); break; }
        if (st == PGRES_FATAL_ERROR && rc == TL_OK)
            rc = pg_err(p, r, e, k < p->pending ? p->pending_what[k] : "storing");
        if (st != PGRES_PIPELINE_ABORTED && st != PGRES_FATAL_ERROR && st != PGRES_COMMAND_OK &&
            st != PGRES_TUPLES_OK && rc == TL_OK)
            rc = pg_err(p, r, e, "storing");
        PQclear(r);
        k++;
    }
    PQexitPipelineMode(p->c);
    p->pipe = 0;
    p->pending = 0;
    if (rc == TL_OK && PQstatus(p->c) != CONNECTION_OK) rc = pg_err(p, NULL, e, "storing");
    return rc;
}

/* Make the connection ready for a statement that needs an answer: no
 * rows arriving, no writes unanswered, and connected (a connection lost
 * outside a transaction is made again; inside one, the statement fails). */
int pg_ready(pg_t *p, tl_err *e) {
    spill(p);
    if (drain(p, e) != TL_OK) return TL_ESTORE;
    if (PQstatus(p->c) == CONNECTION_BAD && !p->in_tx) {
        PQreset(p->c);
        if (PQstatus(p->c) != CONNECTION_OK)
            return pg_msg(e, "connection to the store lost", PQerrorMessage(p->c));
        p->conn_gen++;                  /* session state (the clustering lock) is gone */
        return pg_session(p, e);
    }
    return TL_OK;
}

/* Parameters as PostgreSQL takes them: valid UTF-8 (it refuses anything
 * else, where SQLite compares bytes). An invalid one is sent repaired,
 * U+FFFD for each bad sequence, from a copy: stored text went through the
 * same repair (text.c), so a lookup finds no more and no less than on
 * SQLite (where raw bytes never equal repaired text: nearly always). */
#define PG_MAX_PARAMS 32
typedef struct {
    const char *v[PG_MAX_PARAMS];
    char *copy[PG_MAX_PARAMS];
} params;

/* vals as valid UTF-8 (vals itself, or pp->v); NULL when out of memory. */
static const char *const *params_fix(params *pp, int n, const char *const *vals) {
    memset(pp, 0, sizeof(*pp));
    if (!vals) return pp->v;
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (vals[i] && !text_valid_utf8(vals[i], strlen(vals[i]))) bad = 1;
    if (!bad) return vals;
    if (n > PG_MAX_PARAMS) return NULL;
    for (int i = 0; i < n; i++) {
        pp->v[i] = vals[i];
        if (!vals[i] || text_valid_utf8(vals[i], strlen(vals[i]))) continue;
        size_t len;
        if (text_repair_utf8(vals[i], strlen(vals[i]), &pp->copy[i], &len) < 0) return NULL;
        pp->v[i] = pp->copy[i];
    }
    return pp->v;
}

static void params_free(params *pp) {
    for (int i = 0; i < PG_MAX_PARAMS; i++) free(pp->copy[i]);
}

static int result_ok(const PGresult *r) {
    ExecStatusType st = PQresultStatus(r);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

PGresult *pg_q(pg_t *p, const char *sql, int n, const char *const *vals, tl_err *e,
               const char *what) {
    if (pg_ready(p, e) != TL_OK) return NULL;
    params pp;
    const char *const *v = params_fix(&pp, n, vals);
    PGresult *r = v ? PQexecParams(p->c, sql, n, NULL, v, NULL, NULL, 0) : NULL;
    params_free(&pp);
    if (!v) { err_set(e, TL_ENOMEM, "out of memory"); return NULL; }
    if (r && result_ok(r)) return r;
    pg_err(p, r, e, what);
    PQclear(r);
    return NULL;
}

int pg_cmd(pg_t *p, const char *sql, int n, const char *const *vals, tl_err *e,
           const char *what) {
    PGresult *r = pg_q(p, sql, n, vals, e, what);
    PQclear(r);
    return r ? TL_OK : TL_ESTORE;
}

/* A constant script (migrations, resets): PQexec runs several statements. */
int pg_script(pg_t *p, const char *sql, tl_err *e, const char *what) {
    if (pg_ready(p, e) != TL_OK) return TL_ESTORE;
    PGresult *r = PQexec(p->c, sql);
    int rc = r && result_ok(r) ? TL_OK : pg_err(p, r, e, what);
    PQclear(r);
    return rc;
}

int pg_write(pg_t *p, const char *sql, tl_err *e, const char *what) {
    if (p->readonly) return err_set(e, TL_ESTORE, "%s: the store is open read-only", what);
    int rc = pg_script(p, sql, e, what);
    return rc == TL_OK ? pg_wrote(p, e) : rc;
}

PGresult *pg_qp(pg_t *p, int which, int n, const char *const *vals, tl_err *e,
                const char *what) {
    if (pg_ready(p, e) != TL_OK) return NULL;
    params pp;
    const char *const *v = params_fix(&pp, n, vals);
    PGresult *r = v ? PQexecPrepared(p->c, pgq_name(which), n, v, NULL, NULL, 0) : NULL;
    params_free(&pp);
    if (!v) { err_set(e, TL_ENOMEM, "out of memory"); return NULL; }
    if (r && result_ok(r)) return r;
    pg_err(p, r, e, what);
    PQclear(r);
    return NULL;
}

int pg_put(pg_t *p, int which, int n, const char *const *vals, tl_err *e, const char *what) {
    if (p->readonly) return err_set(e, TL_ESTORE, "%s: the store is open read-only", what);
    if (!p->in_tx) {
        PGresult *r = pg_qp(p, which, n, vals, e, what);
        PQclear(r);
        return r ? pg_wrote(p, e) : TL_ESTORE;
    }
    spill(p);
    if (p->pending >= PG_PIPE_MAX && drain(p, e) != TL_OK) return TL_ESTORE;
    if (!p->pipe) {
        if (!PQenterPipelineMode(p->c)) return pg_err(p, NULL, e, what);
        p->pipe = 1;
    }
    params pp;
    const char *const *v = params_fix(&pp, n, vals);
    int sent = v && PQsendQueryPrepared(p->c, pgq_name(which), n, v, NULL, NULL, 0);
    params_free(&pp);
    if (!v) return err_set(e, TL_ENOMEM, "out of memory");
    if (!sent) return pg_err(p, NULL, e, what);
    p->pending_what[p->pending++] = what;
    p->dirty = 1;
    return TL_OK;
}

int pg_wrote(pg_t *p, tl_err *e) {
    if (p->in_tx) {
        p->dirty = 1;
        return TL_OK;
    }
    PGresult *r = pg_qp(p, PGQ_BUMP, 0, NULL, e, "data version");
    PQclear(r);
    if (r) p->own++;
    return r ? TL_OK : TL_ESTORE;
}

long pg_each(pg_t *p, const char *sql, int n, const char *const *vals, pg_row_fn row,
             pg_cb cb, void *ud, tl_err *e, const char *what) {
    if (pg_ready(p, e) != TL_OK) return TL_ESTORE;
    params pp;
    const char *const *v = params_fix(&pp, n, vals);
    int sent = v && PQsendQueryParams(p->c, sql, n, NULL, v, NULL, NULL, 0);
    params_free(&pp);
    if (!v) return err_set(e, TL_ENOMEM, "out of memory");
    if (!sent) return pg_err(p, NULL, e, what);
    PQsetSingleRowMode(p->c);
    pg_iter it = {0};
    it.streaming = 1;
    p->streaming = &it;
    long seen = 0;
    int stop = 0;
    while (!stop) {
        PGresult *r = NULL;
        if (it.streaming) {
            r = PQgetResult(p->c);
            if (!r) {
                it.streaming = 0;
                p->streaming = NULL;
                break;
            }
            ExecStatusType st = PQresultStatus(r);
            if (st != PGRES_SINGLE_TUPLE) {
                if (st != PGRES_TUPLES_OK && !it.err) it.err = r;
                else PQclear(r);
                continue;
            }
        } else if (it.next < it.n) {
            r = it.rows[it.next];
            it.rows[it.next++] = NULL;
        } else {
            break;
        }
        seen++;
        stop = row(r, cb, ud);
        PQclear(r);
    }
    if (it.streaming) {             /* stopped early: the rest is not wanted */
        PGresult *r;
        while ((r = PQgetResult(p->c))) PQclear(r);
        p->streaming = NULL;
    }
    for (size_t i = it.next; i < it.n; i++) PQclear(it.rows[i]);
    free(it.rows);
    long rc = seen;
    if (!stop && it.err) rc = pg_err(p, it.err, e, what);
    else if (!stop && it.oom) rc = err_set(e, TL_ENOMEM, "out of memory");
    PQclear(it.err);
    return rc;
}

const char *pg_i64(char *buf, int64_t v) {
    snprintf(buf, 24, "%lld", (long long)v);
    return buf;
}

const char *pg_idn(char *buf, uint32_t id) { return id ? pg_i64(buf, id) : NULL; }

const char *pg_dbl(char *buf, double v) {
    snprintf(buf, 24, "%.17g", v);
    return buf;
}

const char *pg_spanv(char *buf, uint32_t v, uint32_t end) { return end ? pg_i64(buf, v) : NULL; }

const char *pg_str(const PGresult *r, int row, int col) {
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

char *pg_dup(const PGresult *r, int row, int col) {
    const char *s = pg_str(r, row, col);
    return s ? strdup(s) : NULL;
}

int64_t pg_int(const PGresult *r, int row, int col) {
    const char *s = pg_str(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

double pg_real(const PGresult *r, int row, int col) {
    const char *s = pg_str(r, row, col);
    return s ? strtod(s, NULL) : 0.0;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

unsigned char *pg_bytea(const PGresult *r, int row, int col, size_t *len) {
    *len = 0;
    const char *s = pg_str(r, row, col);
    if (!s) return NULL;
    if (s[0] != '\\' || s[1] != 'x') {        /* bytea_output = escape */
        size_t n;
        unsigned char *u = PQunescapeBytea((const unsigned char *)s, &n);
        unsigned char *out = u ? malloc(n + 1) : NULL;
        if (out) { memcpy(out, u, n); *len = n; }
        PQfreemem(u);
        return out;
    }
    size_t n = strlen(s + 2) / 2;
    unsigned char *out = malloc(n + 1);
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 + 2 * i]), lo = hexval(s[3 + 2 * i]);
        out[i] = (unsigned char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
    }
    *len = n;
    return out;
}

char *pg_hex(const void *data, size_t len) {
    static const char digits[] = "0123456789abcdef";
    char *out = malloc(2 * len + 3);
    if (!out) return NULL;
    out[0] = '\\';
    out[1] = 'x';
    const unsigned char *d = data;
    for (size_t i = 0; i < len; i++) {
        out[2 + 2 * i] = digits[d[i] >> 4];
        out[3 + 2 * i] = digits[d[i] & 15];
    }
    out[2 + 2 * len] = '\0';
    return out;
}

/* Per connection (again after a reconnect): UTF-8, read-only when asked,
 * the prepared writes. */
int pg_session(pg_t *p, tl_err *e) {
    if (PQsetClientEncoding(p->c, "UTF8") != 0) return pg_err(p, NULL, e, "client encoding");
    if (p->readonly)
        return pg_cmd(p, "SET default_transaction_read_only = on", 0, NULL, e, "read-only");
    /* A writer's machine that vanishes (power, network) leaves its
     * connection, and the locks it holds, to the server's TCP keepalive:
     * probe an idle connection after 10 s, every 5 s, 3 times, so a lost
     * clusterer's lock is free within about 25 s, not the system's two
     * hours (a crashed process closes its socket at once: no wait). Unix
     * sockets ignore these. */
    if (pg_script(p, "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5;"
                     " SET tcp_keepalives_count = 3", e, "keepalives") != TL_OK)
        return TL_ESTORE;
    for (int i = 0; i < PGQ_COUNT; i++) {
        PGresult *r = PQprepare(p->c, pgq_name(i), PG_QUERIES[i], 0, NULL);
        int ok = r && result_ok(r);
        if (!ok) pg_err(p, r, e, "preparing statements");
        PQclear(r);
        if (!ok) return TL_ESTORE;
    }
    return TL_OK;
}
