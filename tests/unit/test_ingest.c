/* test_ingest.c -- unit tests for src/ingest.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "ingest.h"
#include "testutil.h"

static char *db_path;
static store_t *S;

static int setup(void **st) {
    (void)st;
    db_path = tu_tmpfile(".db");
    unlink(db_path);
    tl_err e;
    return store_open(&S, db_path, STORE_CREATE, &e) == TL_OK ? 0 : -1;
}

static int teardown(void **st) {
    (void)st;
    store_close(S);
    tu_remove_db(db_path);
    return 0;
}

typedef struct {
    int rejected, warnings;
    long last_line;
    char last_msg[512];
} seen_t;

static void on_report(void *ud, int sev, const tl_err *e) {
    seen_t *s = ud;
    if (sev == ING_REJECTED) s->rejected++;
    else s->warnings++;
    s->last_line = e->line;
    snprintf(s->last_msg, sizeof(s->last_msg), "%s", e->msg);
}

static const char MIXED[] =
    "{\"id\":\"1\",\"text\":\"one\"}\n"
    "\n"
    "{\"id\":\"2\",\"text\":\"two\",\"published\":\"soon\"}\n"
    "not json\n"
    "{\"id\":\"3\",\"text\":\"one\"}\n"
    "{\"id\":\"1\",\"text\":\"different\"}\n"
    "{\"id\":\"4\"}\n";

static void test_buffer_mixed(void **st) {
    (void)st;
    seen_t seen = {0};
    ing_cb cb = {on_report, NULL, &seen};
    ing_stats stt;
    tl_err e;
    assert_int_equal(ing_buffer(S, "post", MIXED, sizeof(MIXED) - 1, NULL, &cb, &stt, &e), TL_OK);
    assert_int_equal(stt.records, 6);
    assert_int_equal(stt.ingested, 2);
    assert_int_equal(stt.duplicates, 1);
    assert_int_equal(stt.rejected, 3);
    assert_int_equal(stt.warnings, 1);
    assert_int_equal(seen.rejected, 3);
    assert_int_equal(seen.last_line, 7);
    assert_non_null(strstr(seen.last_msg, "missing 'text'"));

    /* again: idempotent */
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(ing_buffer(S, "post", MIXED, sizeof(MIXED) - 1, NULL, &cb, &stt, &e), TL_OK);
    assert_int_equal(stt.ingested, 0);
    assert_int_equal(stt.unchanged, 3);
    store_stats ss;
    assert_int_equal(store_get_stats(S, &ss, &e), TL_OK);
    assert_int_equal(ss.articles, 2);
    assert_int_equal(ss.duplicates, 1);
}

static void test_atomic_rolls_back(void **st) {
    (void)st;
    ing_opts o = {0};
    o.atomic = 1;
    ing_stats stt;
    tl_err e;
    const char data[] = "{\"id\":\"x1\",\"text\":\"fine\"}\n{\"id\":\"x2\",\"text\":\n";
    assert_int_equal(ing_buffer(S, "post", data, sizeof(data) - 1, &o, NULL, &stt, &e),
                     TL_ECONFLICT);
    store_stats ss;
    assert_int_equal(store_get_stats(S, &ss, &e), TL_OK);
    assert_int_equal(ss.articles, 0);
}

static void test_run_dir(void **st) {
    (void)st;
    char *dir = tu_tmpfile("");
    unlink(dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    char p[600];
    snprintf(p, sizeof(p), "%s/b.txt", dir);
    tu_write(p, "Headline here\nBody of b.\n", 25);
    snprintf(p, sizeof(p), "%s/a.jsonl", dir);
    tu_write(p, "{\"id\":\"j1\",\"text\":\"json one\"}\n", 30);
    snprintf(p, sizeof(p), "%s/notes.md", dir);   /* skipped in a directory */
    tu_write(p, "# notes\n", 8);
    snprintf(p, sizeof(p), "%s/.hidden.txt", dir);
    tu_write(p, "hidden\n", 7);
    const char *paths[] = {dir};
    ing_opts o = {0};
    o.batch = 1;
    ing_stats stt;
    tl_err e;
    assert_int_equal(ing_run(S, paths, 1, &o, NULL, &stt, &e), TL_OK);
    assert_int_equal(stt.files, 2);
    assert_int_equal(stt.skipped_files, 1);
    assert_int_equal(stt.ingested, 2);
    art_t *a;
    assert_int_equal(store_get_article(S, "b", &a, NULL, &e), TL_OK);
    assert_string_equal(a->title, "Headline here");
    assert_non_null(strstr(a->origin, "/b.txt:1"));
    art_free(a);
    snprintf(p, sizeof(p), "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
    free(dir);
}

/* ing_record: records into the caller's transaction, counted, reported
 * with the given file:line, recorded with it as origin. */
static void test_record(void **st) {
    (void)st;
    seen_t seen = {0};
    ing_cb cb = {on_report, NULL, &seen};
    ing_stats stt;
    memset(&stt, 0, sizeof(stt));
    tl_err e;
    const char *r1 = "{\"id\":\"r1\",\"text\":\"record one\"}";
    const char *r2 = "not json";
    assert_int_equal(store_begin(S, &e), TL_OK);
    assert_int_equal(ing_record(S, "feed.jsonl", 12, r1, strlen(r1), NULL, &cb, &stt, &e), TL_OK);
    assert_int_equal(ing_record(S, "feed.jsonl", 13, r2, strlen(r2), NULL, &cb, &stt, &e), TL_OK);
    assert_int_equal(ing_record(S, "feed.jsonl", 12, r1, strlen(r1), NULL, &cb, &stt, &e), TL_OK);
    assert_int_equal(store_commit(S, &e), TL_OK);
    assert_int_equal(stt.records, 3);
    assert_int_equal(stt.ingested, 1);
    assert_int_equal(stt.unchanged, 1);
    assert_int_equal(stt.rejected, 1);
    assert_int_equal(seen.last_line, 13);
    art_t *a;
    assert_int_equal(store_get_article(S, "r1", &a, NULL, &e), TL_OK);
    assert_string_equal(a->origin, "feed.jsonl:12");
    art_free(a);

    /* rolled back by the caller: nothing stays */
    const char *r3 = "{\"id\":\"r3\",\"text\":\"record three\"}";
    assert_int_equal(store_begin(S, &e), TL_OK);
    assert_int_equal(ing_record(S, "f", 1, r3, strlen(r3), NULL, &cb, &stt, &e), TL_OK);
    assert_int_equal(store_rollback(S, &e), TL_OK);
    assert_int_equal(store_get_article(S, "r3", &a, NULL, &e), TL_ENOTFOUND);
}

typedef struct {
    int n;
    char last_origin[64];
} sink_t;

static int sink(void *ud, const art_t *a, const char *file, long line, tl_err *e) {
    (void)e;
    sink_t *k = ud;
    k->n++;
    assert_non_null(a->id);
    assert_int_equal(strlen(a->hash), ART_HASH_HEX - 1);
    snprintf(k->last_origin, sizeof(k->last_origin), "%s:%ld", strrchr(file, '/') + 1, line);
    return TL_OK;
}

/* ing_each: the walk and parse without a store. */
static void test_each(void **st) {
    (void)st;
    char *path = tu_tmpfile(".jsonl");
    tu_write(path, MIXED, sizeof(MIXED) - 1);
    const char *paths[] = {path};
    seen_t seen = {0};
    ing_cb cb = {on_report, NULL, &seen};
    sink_t k = {0};
    ing_stats stt;
    tl_err e;
    assert_int_equal(ing_each(paths, 1, NULL, &cb, sink, &k, &stt, &e), TL_OK);
    assert_int_equal(k.n, 4);              /* every parsable record, dups included */
    assert_int_equal(stt.ingested, 4);
    assert_int_equal(stt.rejected, 2);
    assert_int_equal(stt.warnings, 1);
    assert_non_null(strstr(k.last_origin, ":6"));
    unlink(path);
    free(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_record, setup, teardown),
        cmocka_unit_test(test_each),
        cmocka_unit_test_setup_teardown(test_buffer_mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_dir, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
