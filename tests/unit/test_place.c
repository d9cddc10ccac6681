/* test_place.c -- unit tests for the fencing of src/place.c and
 * src/entx.c: a writer of derived state commits a batch only if no other
 * writer committed one since its state was loaded (store_fence); refused,
 * it loads the state again and goes on, and nothing is placed or
 * analysed twice. The other writer is simulated by writing its token
 * between two batches (from the progress callback). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "entx.h"
#include "jsonl.h"
#include "place.h"
#include "store.h"
#include "testutil.h"

#define NARTICLES 1500          /* more than one batch of each driver */

static char *db_path;

static int setup(void **st) {
    (void)st;
    db_path = tu_tmpfile(".db");
    unlink(db_path);
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    static const char *const TOPIC[] = {"harbor ferry strike", "council budget vote",
                                        "river dam flood", "court ruling appeal"};
    for (int i = 0; i < NARTICLES; i++) {
        char json[512];
        snprintf(json, sizeof(json),
                 "{\"id\":\"p%d\",\"title\":\"Report %d\",\"published\":\"2026-03-%02dT10:00:00Z\","
                 "\"text\":\"Mayor Ana Lind said the %s went on in Kharvik on day %d. "
                 "Officials from Talmyra met on Monday.\"}",
                 i, i, 1 + i % 28, TOPIC[i % 4], i);
        art_t *a = tu_article(json);
        int outcome;
        assert_int_equal(store_put_article(s, a, &outcome, NULL, &e), TL_OK);
        assert_int_equal(outcome, STORE_NEW);
        art_free(a);
    }
    assert_int_equal(store_commit(s, &e), TL_OK);
    store_close(s);
    return 0;
}

static int teardown(void **st) {
    (void)st;
    tu_remove_db(db_path);
    return 0;
}

/* "Another writer" commits its token after the first batch. */
typedef struct {
    store_t *s;
    const char *key;
    int calls;
} intruder;

static void intrude(intruder *in) {
    if (in->calls++ != 0) return;
    tl_err e;
    assert_int_equal(store_begin(in->s, &e), TL_OK);
    assert_int_equal(store_set_meta(in->s, in->key, "another-writer", &e), TL_OK);
    assert_int_equal(store_commit(in->s, &e), TL_OK);
}

static int place_cb(void *ud, const place_stats *st) {
    (void)st;
    intrude(ud);
    return 0;
}

static int entx_cb(void *ud, const entx_stats *st) {
    (void)st;
    intrude(ud);
    return 0;
}

static int count_cb(void *ud, const store_placement *p) {
    (void)p;
    (*(long *)ud)++;
    return 0;
}

static void test_placer_fenced(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_OK);
    placer *g;
    assert_int_equal(place_open(s, NULL, &g, &e), TL_OK);
    intruder in = {s, "cluster.writer", 0};
    place_stats ps;
    assert_int_equal(place_more(g, place_cb, &in, &ps, &e), TL_EBUSY);
    assert_non_null(strstr(e.msg, "another process placed articles"));
    long n = 0;
    assert_int_equal(store_load_placements(s, count_cb, &n, &e), TL_OK);
    assert_int_equal(n, PLACE_BATCH);           /* the first batch only */
    /* the next run loads the state again and places the rest, once */
    assert_int_equal(place_more(g, NULL, NULL, &ps, &e), TL_OK);
    assert_int_equal(ps.placed, NARTICLES - PLACE_BATCH);
    n = 0;
    assert_int_equal(store_load_placements(s, count_cb, &n, &e), TL_OK);
    assert_int_equal(n, NARTICLES);
    place_close(g);
    char *report;
    assert_int_equal(store_check(s, &report, &e), TL_OK);
    free(report);
    store_close(s);
}

static void test_extractor_fenced(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_OK);
    place_stats ps;
    assert_int_equal(place_run(s, NULL, 0, NULL, NULL, &ps, &e), TL_OK);
    entx *x;
    assert_int_equal(entx_open(s, NULL, &x, &e), TL_OK);
    intruder in = {s, "entities.writer", 0};
    entx_stats es;
    assert_int_equal(entx_more(x, entx_cb, &in, &es, &e), TL_EBUSY);
    assert_non_null(strstr(e.msg, "another process extracted entities"));
    char *cur = NULL;
    assert_int_equal(store_get_meta(s, "entities.cursor", &cur, &e), TL_OK);
    assert_non_null(cur);
    assert_int_equal(atol(cur), ENTX_BATCH);    /* rowids 1..: the first batch */
    free(cur);
    assert_int_equal(entx_more(x, NULL, NULL, &es, &e), TL_OK);
    assert_int_equal(es.articles, NARTICLES - ENTX_BATCH);
    assert_int_equal(store_get_meta(s, "entities.cursor", &cur, &e), TL_OK);
    assert_int_equal(atol(cur), NARTICLES);
    free(cur);
    entx_close(x);
    store_close(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_placer_fenced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extractor_fenced, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
