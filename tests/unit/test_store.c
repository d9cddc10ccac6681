/* test_store.c -- unit tests for src/store.c + src/store_sqlite.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "jsonl.h"
#include "store.h"
#include "testutil.h"

static char *db_path;

static int setup(void **st) {
    (void)st;
    db_path = tu_tmpfile(".db");
    unlink(db_path);
    return 0;
}

static int teardown(void **st) {
    (void)st;
    char p[600];
    unlink(db_path);
    snprintf(p, sizeof(p), "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", db_path);
    unlink(p);
    free(db_path);
    return 0;
}

static art_t *mk(const char *json) {
    art_t *a;
    tl_err e;
    assert_int_equal(jsonl_parse(json, strlen(json), &a, &e), TL_OK);
    assert_int_equal(art_finish(a, &e), TL_OK);
    return a;
}

static int put(store_t *s, const char *json, char **other) {
    art_t *a = mk(json);
    int outcome;
    tl_err e;
    assert_int_equal(store_put_article(s, a, &outcome, other, &e), TL_OK);
    art_free(a);
    return outcome;
}

static int count_cb(void *ud, const art_t *a) {
    (void)a;
    (*(int *)ud)++;
    return 0;
}

static int hit_cb(void *ud, const store_hit *h) {
    char *out = ud;
    strcat(out, h->article->id);
    strcat(out, " ");
    return 0;
}

static void test_open_missing(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_ENOTFOUND);
    assert_int_equal(store_open(&s, "postgresql://x/y", 0, &e), TL_EINVAL);
}

static void test_put_outcomes(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    char *other = NULL;
    assert_int_equal(store_open(&s, db_path, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"a\",\"title\":\"Kyiv talks\",\"text\":\"Zelenskyy met Trump in Washington.\",\"source\":\"S1\",\"published\":\"2025-08-18\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"b\",\"text\":\"Merz said the meeting in Kyiv was good. Curaçao.\",\"source\":\"S2\",\"published\":\"2025-08-19\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Zelenskyy  met Trump in Washington.\"}", NULL), STORE_SAME);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Something else.\"}", &other), STORE_CONFLICT);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Zelenskyy met Trump in Washington.\",\"source\":\"S3\"}", &other), STORE_DUP);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Zelenskyy met Trump in Washington.\"}", NULL), STORE_SAME);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Changed.\"}", &other), STORE_CONFLICT);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(store_commit(s, &e), TL_OK);

    /* a rolled-back batch leaves nothing */
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"z\",\"text\":\"Rolled back.\"}", NULL), STORE_NEW);
    assert_int_equal(store_rollback(s, &e), TL_OK);

    art_t *a;
    char *dup_of;
    assert_int_equal(store_get_article(s, "c", &a, &dup_of, &e), TL_OK);
    assert_string_equal(a->id, "a");
    assert_string_equal(dup_of, "a");
    assert_string_equal(a->text, "Zelenskyy met Trump in Washington.");
    art_free(a);
    free(dup_of);
    assert_int_equal(store_get_article(s, "z", &a, &dup_of, &e), TL_ENOTFOUND);

    store_stats ss;
    assert_int_equal(store_get_stats(s, &ss, &e), TL_OK);
    assert_int_equal(ss.articles, 2);
    assert_int_equal(ss.duplicates, 1);
    assert_int_equal(ss.schema_version, 6);
    assert_string_equal(ss.first_published, "2025-08-18");

    int n = 0;
    store_filter f = {0};
    f.source = "S2";
    assert_int_equal(store_list_articles(s, &f, 0, count_cb, &n, &e), TL_OK);
    assert_int_equal(n, 1);
    memset(&f, 0, sizeof(f));
    f.has_since = 1;
    f.since = 1755475200 + 3600;   /* 2025-08-18T01:00Z */
    n = 0;
    assert_int_equal(store_list_articles(s, &f, 0, count_cb, &n, &e), TL_OK);
    assert_int_equal(n, 1);

    /* search: plain words, diacritics folded, invalid FTS5 syntax retried */
    char hits[256] = "";
    assert_int_equal(store_search(s, "kyiv", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "a b ");   /* title match ranks first */
    hits[0] = '\0';
    assert_int_equal(store_search(s, "curacao", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "b ");
    hits[0] = '\0';
    assert_int_equal(store_search(s, "Trump's \"meeting", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    hits[0] = '\0';
    assert_int_equal(store_search(s, "Zelenskyy NOT Merz", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "a ");

    char *report;
    assert_int_equal(store_check(s, &report, &e), TL_OK);
    assert_string_equal(report, "ok");
    free(report);
    store_close(s);
}

static void test_newer_schema_refused(void **st) {
    (void)st;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_ESTORE);
    assert_non_null(strstr(e.msg, "newer"));
}

static void test_not_a_database(void **st) {
    (void)st;
    tu_write(db_path, "this is not sqlite, just text that is long enough to have a header.....", 72);
    store_t *s;
    tl_err e;
    assert_int_not_equal(store_open(&s, db_path, 0, &e), TL_OK);
    assert_non_null(strstr(e.msg, db_path));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_outcomes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
