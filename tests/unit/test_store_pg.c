/* test_store_pg.c -- unit tests for the PostgreSQL backend (src/store_pg*.c)
 * that the e2e suite does not reach: the dedup outcomes and the rowids
 * they spend, pipelined writes whose error shows at commit, a query made
 * from inside a row callback, read-only connections, data_version, and a
 * connection killed inside a transaction (the batch fails, nothing is
 * retried behind the caller's back) and between two (made again), rowids
 * in commit order across connections, analyses, and the clustering lock
 * (lost with its connection, taken over by another).
 *
 * Needs TRILAT_TEST_PG=DIR, a running tests/pg/pgctl cluster (ctest's
 * fixture pg); exits 77 (skipped) without. Each test gets a new database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>

#include "jsonl.h"
#include "store.h"
#include "testutil.h"

static char admin[600], uri[700], dbname[64];

static void quiet(void *arg, const char *msg) {
    (void)arg;
    (void)msg;
}

/* Run one statement on the cluster's postgres database; 0 if it worked. */
static int admin_sql(const char *sql) {
    PGconn *c = PQconnectdb(admin);
    PQsetNoticeProcessor(c, quiet, NULL);
    int ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok) fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    } else {
        fprintf(stderr, "%s", PQerrorMessage(c));
    }
    PQfinish(c);
    return ok ? 0 : -1;
}

static int setup(void **st) {
    (void)st;
    char sql[200];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
    if (admin_sql(sql)) return -1;
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
    return admin_sql(sql);
}

static int teardown(void **st) {
    (void)st;
    char sql[200];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
    return admin_sql(sql);
}

static int put(store_t *s, const char *json, char **other) {
    art_t *a;
    tl_err e;
    assert_int_equal(jsonl_parse(json, strlen(json), &a, &e), TL_OK);
    assert_int_equal(art_finish(a, &e), TL_OK);
    int outcome;
    assert_int_equal(store_put_article(s, a, &outcome, other, &e), TL_OK);
    art_free(a);
    return outcome;
}

static int64_t rowid_of(store_t *s, const char *id) {
    art_t *a;
    tl_err e;
    assert_int_equal(store_get_article(s, id, &a, NULL, &e), TL_OK);
    int64_t r = a->rowid;
    art_free(a);
    return r;
}

/* ------------------------------------------------------------------------
 * Tests
 * ---------------------------------------------------------------------- */

static void test_open(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    /* an empty database is no store until asked to create one */
    assert_int_equal(store_open(&s, uri, 0, &e), TL_ENOTFOUND);
    assert_non_null(strstr(e.msg, "no store at"));
    assert_int_equal(store_open(&s, uri, STORE_READONLY, &e), TL_ENOTFOUND);
    assert_int_equal(store_open(&s, uri, STORE_CREATE, &e), TL_OK);
    store_stats ss;
    assert_int_equal(store_get_stats(s, &ss, &e), TL_OK);
    assert_string_equal(ss.backend, "postgresql");
    assert_int_equal(ss.schema_version, 8);
    assert_null(strstr(ss.location, "password"));
    store_close(s);
    /* a database that does not exist: not found; no server: a store error */
    char missing[700];
    snprintf(missing, sizeof(missing), "%.*s", (int)(strstr(uri, "?") - uri), uri);
    snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "_none%s",
             strstr(uri, "?"));
    assert_int_equal(store_open(&s, missing, 0, &e), TL_ENOTFOUND);
    assert_int_equal(store_open(&s, "postgresql:///x?host=/nonexistent-trilat", STORE_CREATE, &e),
                     TL_ESTORE);
    assert_non_null(strstr(e.msg, "cannot connect to the store at /nonexistent-trilat:5432/x"));
}

static void test_dedup(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    char *other = NULL;
    assert_int_equal(store_open(&s, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Zelenskyy met Trump.\",\"published\":\"2025-08-18\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Zelenskyy  met Trump.\"}", &other), STORE_SAME);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Something else.\"}", &other), STORE_CONFLICT);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Zelenskyy met Trump.\"}", &other), STORE_DUP);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Zelenskyy met Trump.\"}", &other), STORE_SAME);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Changed.\"}", &other), STORE_CONFLICT);
    assert_string_equal(other, "a");
    free(other);
    /* none of those spent a rowid */
    assert_int_equal(put(s, "{\"id\":\"b\",\"text\":\"Merz spoke.\"}", NULL), STORE_NEW);
    assert_int_equal(store_commit(s, &e), TL_OK);
    assert_int_equal(rowid_of(s, "a"), 1);
    assert_int_equal(rowid_of(s, "b"), 2);
    art_t *a;
    char *dup_of;
    assert_int_equal(store_get_article(s, "c", &a, &dup_of, &e), TL_OK);
    assert_string_equal(a->id, "a");
    assert_string_equal(dup_of, "a");
    art_free(a);
    free(dup_of);
    char *report;
    assert_int_equal(store_check(s, &report, &e), TL_OK);
    assert_string_equal(report, "ok");
    free(report);
    store_close(s);
}

/* A pipelined write that fails shows at commit; the store goes on. */
static void test_late_error(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    unsigned char sig[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    store_placement p = {12345, 1, 1.0, 0, 0, sig, sizeof(sig)};   /* no such article */
    assert_int_equal(store_put_placement(s, &p, &e), TL_OK);
    assert_int_equal(store_set_meta(s, "k", "v", &e), TL_OK);
    assert_int_equal(store_commit(s, &e), TL_ESTORE);
    assert_non_null(strstr(e.msg, "storing placement"));
    assert_int_equal(store_rollback(s, &e), TL_OK);
    char *v = NULL;
    assert_int_equal(store_get_meta(s, "k", &v, &e), TL_OK);
    assert_null(v);                                     /* the batch is gone */
    /* and the next one works */
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(store_set_meta(s, "k", "w", &e), TL_OK);
    assert_int_equal(store_get_meta(s, "k", &v, &e), TL_OK);   /* sees its own write */
    assert_string_equal(v, "w");
    free(v);
    assert_int_equal(store_commit(s, &e), TL_OK);
    store_close(s);
}

typedef struct { store_t *s; int n, found; } nest_ud;

static int nest_cb(void *ud, const art_t *a) {
    nest_ud *u = ud;
    art_t *full;
    tl_err e;
    u->n++;
    if (store_get_article(u->s, a->id, &full, NULL, &e) == TL_OK) {
        u->found += strcmp(full->id, a->id) == 0;
        art_free(full);
    }
    return 0;
}

/* A query from inside a row callback (digest.c does it). */
static void test_nested(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    char json[200];
    for (int i = 0; i < 50; i++) {
        snprintf(json, sizeof(json), "{\"id\":\"n%02d\",\"text\":\"Article number %d.\"}", i, i);
        assert_int_equal(put(s, json, NULL), STORE_NEW);
    }
    assert_int_equal(store_commit(s, &e), TL_OK);
    nest_ud u = {s, 0, 0};
    assert_int_equal(store_list_articles(s, NULL, 1, nest_cb, &u, &e), TL_OK);
    assert_int_equal(u.n, 50);
    assert_int_equal(u.found, 50);
    store_close(s);
}

static void test_readonly_and_version(void **st) {
    (void)st;
    store_t *w, *r;
    tl_err e;
    assert_int_equal(store_open(&w, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_open(&r, uri, STORE_READONLY, &e), TL_OK);
    int64_t v0, v1, v2;
    assert_int_equal(store_data_version(r, &v0, &e), TL_OK);
    assert_int_equal(store_set_meta(r, "k", "v", &e), TL_ESTORE);
    assert_int_equal(store_data_version(r, &v1, &e), TL_OK);
    assert_true(v1 == v0);
    assert_int_equal(store_begin(w, &e), TL_OK);
    assert_int_equal(store_set_meta(w, "k", "v", &e), TL_OK);
    assert_int_equal(store_data_version(r, &v1, &e), TL_OK);
    assert_true(v1 == v0);                              /* not committed yet */
    assert_int_equal(store_commit(w, &e), TL_OK);
    assert_int_equal(store_data_version(r, &v2, &e), TL_OK);
    assert_true(v2 != v0);
    /* the writer's own commits do not move its own view */
    int64_t w0, w1;
    assert_int_equal(store_data_version(w, &w0, &e), TL_OK);
    assert_int_equal(store_set_meta(w, "k", "x", &e), TL_OK);      /* outside a transaction */
    assert_int_equal(store_begin(w, &e), TL_OK);
    assert_int_equal(store_set_meta(w, "k", "y", &e), TL_OK);
    assert_int_equal(store_commit(w, &e), TL_OK);
    assert_int_equal(store_data_version(w, &w1, &e), TL_OK);
    assert_true(w1 == w0);
    assert_int_equal(store_data_version(r, &v2, &e), TL_OK);     /* the reader's does */
    assert_int_equal(store_set_meta(w, "k", "z", &e), TL_OK);
    assert_int_equal(store_data_version(r, &v1, &e), TL_OK);
    assert_true(v1 != v2);
    assert_int_equal(store_data_version(r, &v2, &e), TL_OK);
    /* a transaction that only reads leaves it */
    assert_int_equal(store_begin(w, &e), TL_OK);
    char *v = NULL;
    assert_int_equal(store_get_meta(w, "k", &v, &e), TL_OK);
    free(v);
    assert_int_equal(store_commit(w, &e), TL_OK);
    assert_int_equal(store_data_version(r, &v1, &e), TL_OK);
    assert_true(v1 == v2);
    store_close(r);
    store_close(w);
}

/* The server ends our connection: inside a batch, the batch fails (and
 * is not redone on a new connection); between batches, the next call
 * connects again. */
static void test_connection_lost(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    char sql[300];
    snprintf(sql, sizeof(sql),
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
             " WHERE datname = '%s' AND pid <> pg_backend_pid()", dbname);
    assert_int_equal(store_open(&s, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"lost\",\"text\":\"In the lost batch.\"}", NULL), STORE_NEW);
    assert_int_equal(admin_sql(sql), 0);
    usleep(200000);
    art_t *a = NULL;
    int outcome;
    tl_err pe;
    const char *after = "{\"id\":\"x\",\"text\":\"After.\"}";
    assert_int_equal(jsonl_parse(after, strlen(after), &a, &pe), TL_OK);
    assert_int_equal(art_finish(a, &pe), TL_OK);
    assert_int_equal(store_put_article(s, a, &outcome, NULL, &e), TL_ESTORE);
    assert_true(e.msg[0] != '\0');
    assert_int_equal(store_commit(s, &e), TL_ESTORE);
    store_rollback(s, &e);
    /* between transactions: connected again */
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(store_put_article(s, a, &outcome, NULL, &e), TL_OK);
    assert_int_equal(outcome, STORE_NEW);
    assert_int_equal(store_commit(s, &e), TL_OK);
    art_free(a);
    assert_int_equal(store_get_article(s, "lost", &a, NULL, &e), TL_ENOTFOUND);
    assert_int_equal(store_get_article(s, "x", &a, NULL, &e), TL_OK);
    art_free(a);
    store_close(s);
}

/* Writers take turns from begin to commit, so rowids grow in commit
 * order: a writer that begins while another holds a transaction gets
 * rowids after all of the other's, even the ones drawn after it began
 * waiting; an article stored outside a transaction waits its turn too. */
typedef struct { store_t *s; const char *json; int64_t rowid; int rc; } writer_arg;

static void *second_writer(void *p) {
    writer_arg *w = p;
    tl_err e;
    art_t *a;
    w->rc = jsonl_parse(w->json, strlen(w->json), &a, &e);
    if (w->rc == TL_OK) w->rc = art_finish(a, &e);
    int outcome;
    if (w->rc == TL_OK) w->rc = store_put_article(w->s, a, &outcome, NULL, &e);  /* no begin */
    if (w->rc == TL_OK) w->rowid = a->rowid;
    art_free(a);
    return NULL;
}

static void test_commit_order(void **st) {
    (void)st;
    store_t *a, *b;
    tl_err e;
    assert_int_equal(store_open(&a, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_open(&b, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(a, &e), TL_OK);
    assert_int_equal(put(a, "{\"id\":\"a1\",\"text\":\"First of A.\"}", NULL), STORE_NEW);
    writer_arg w = {b, "{\"id\":\"b1\",\"text\":\"Only one of B.\"}", 0, -1};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, second_writer, &w), 0);
    usleep(300000);                 /* B is waiting for A's turn to end */
    assert_int_equal(put(a, "{\"id\":\"a2\",\"text\":\"Second of A.\"}", NULL), STORE_NEW);
    assert_int_equal(store_commit(a, &e), TL_OK);
    pthread_join(th, NULL);
    assert_int_equal(w.rc, TL_OK);
    assert_true(w.rowid > rowid_of(a, "a1"));
    assert_true(w.rowid > rowid_of(a, "a2"));
    store_close(a);
    store_close(b);
}

static int analysis_cb(void *ud, int64_t article, const char *producer, const void *data,
                       size_t len) {
    char *out = ud;
    char one[64];
    snprintf(one, sizeof(one), "%lld:%s:%zu:%02x%02x%02x ", (long long)article, producer, len,
             ((const unsigned char *)data)[0], ((const unsigned char *)data)[1],
             ((const unsigned char *)data)[2]);
    strcat(out, one);
    return 0;
}

static void test_analyses(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"n1\",\"text\":\"One.\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"n2\",\"text\":\"Two.\"}", NULL), STORE_NEW);
    int64_t r1 = rowid_of(s, "n1"), r2 = rowid_of(s, "n2");
    assert_int_equal(store_put_analysis(s, r1, "p", "\x00\xff\x80", 3, &e), TL_OK);
    assert_int_equal(store_put_analysis(s, r2, "q", "abc", 3, &e), TL_OK);
    assert_int_equal(store_commit(s, &e), TL_OK);
    char out[256] = "", want[256];
    assert_int_equal(store_analyses(s, 0, 0, analysis_cb, out, &e), TL_OK);
    snprintf(want, sizeof(want), "%lld:p:3:00ff80 %lld:q:3:616263 ", (long long)r1, (long long)r2);
    assert_string_equal(out, want);
    out[0] = '\0';
    assert_int_equal(store_analyses(s, r1, 1, analysis_cb, out, &e), TL_OK);
    assert_non_null(strstr(out, ":q:"));
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(store_drop_analyses(s, r1, &e), TL_OK);
    assert_int_equal(store_commit(s, &e), TL_OK);
    long n;
    assert_int_equal(store_count_analyses(s, &n, &e), TL_OK);
    assert_int_equal(n, 1);
    store_close(s);
}

/* The lock, asked for until it is taken or 5 s have passed: a session's
 * end (terminated, or closed by its client) frees its locks when the
 * server process behind it has exited, a moment later. 1 when taken. */
static int lock_within(store_t *s) {
    int got = 0;
    tl_err e;
    for (int i = 0; i < 100 && !got; i++) {
        assert_int_equal(store_lock_clusterer(s, &got, NULL, &e), TL_OK);
        if (!got) usleep(50000);
    }
    return got;
}

/* The lock is one session's; when the server ends that session, another
 * takes it, and the first learns on its next call that it lost it. */
static void test_cluster_lock(void **st) {
    (void)st;
    store_t *a, *b;
    tl_err e;
    assert_int_equal(store_open(&a, uri, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_open(&b, uri, STORE_CREATE, &e), TL_OK);
    int got;
    char *holder = NULL;
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);
    assert_int_equal(store_lock_clusterer(b, &got, &holder, &e), TL_OK);
    assert_int_equal(got, 0);
    assert_non_null(holder);
    free(holder);
    /* a's session ends (its machine vanished, the server restarted); only
     * in this test's database: other tests' workers hold the same lock in
     * theirs */
    char sql[300];
    snprintf(sql, sizeof(sql),
             "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d"
             " ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.objid = 1953260396"
             " AND d.datname = '%s'", dbname);
    assert_int_equal(admin_sql(sql), 0);
    assert_int_equal(lock_within(b), 1);
    assert_int_equal(store_lock_clusterer(a, &got, &holder, &e), TL_OK);   /* reconnects */
    assert_int_equal(got, 0);
    free(holder);
    store_unlock_clusterer(b);
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);
    store_close(a);
    assert_int_equal(lock_within(b), 1);        /* closing frees it */
    store_close(b);
}

int main(void) {
    const char *dir = getenv("TRILAT_TEST_PG");
    if (!dir || !*dir) {
        printf("skip: TRILAT_TEST_PG (a tests/pg/pgctl cluster) is not set\n");
        return 77;
    }
    char sock[600];
    snprintf(sock, sizeof(sock), "%s/.s.PGSQL.5432", dir);
    if (access(sock, F_OK) != 0) {     /* pgctl start skipped: no PostgreSQL */
        printf("skip: no PostgreSQL test cluster running in %s\n", dir);
        return 77;
    }
    snprintf(admin, sizeof(admin), "postgresql:///postgres?host=%s&user=postgres", dir);
    snprintf(dbname, sizeof(dbname), "tl_unit_%ld", (long)getpid());
    snprintf(uri, sizeof(uri), "postgresql:///%s?host=%s&user=postgres", dbname, dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dedup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_late_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_and_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connection_lost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_analyses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_lock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
