/* test_qgroup.c -- unit tests for src/qgroup.c: the same statement quoted
 * by several outlets, grouped.
 *
 * Allocation failures are injected through the normal API: this test is
 * linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * (tests/CMakeLists.txt), so every allocation the library makes goes
 * through the counters below, and the n-th one can be made to fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "qgroup.h"

/* ------------------------------------------------------------------------
 * Allocation failures
 * ---------------------------------------------------------------------- */

static long fail_at = -1;      /* the allocation to fail (0-based), -1 never */
static long allocs;            /* allocations since the counter was reset */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

static int fail_now(void) { return fail_at >= 0 && allocs++ == fail_at; }
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return fail_now() ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

#define PUTIN_A "I called President Putin, and began the arrangements for a meeting"
#define PUTIN_B "I called President Putin and began arranging a meeting"

static qg_item item(const char *text, uint32_t speaker, int64_t article, const char *source) {
    return (qg_item){text, strlen(text), speaker, article, source};
}

static qg_result group(const qg_item *it, size_t n) {
    qg_result r = QG_RESULT_INIT;
    tl_err e;
    assert_int_equal(qg_group_quotes(it, n, NULL, &r, &e), TL_OK);
    assert_int_equal(r.n, n);
    return r;
}

/* ------------------------------------------------------------------------
 * Tests
 * ---------------------------------------------------------------------- */

static void test_translated_pair(void **st) {
    (void)st;
    qg_item it[] = {item(PUTIN_A, 7, 1, "Caspian Wire"), item(PUTIN_B, 7, 2, "Harbor Post")};
    qg_result r = group(it, 2);
    assert_int_equal(r.ngroups, 1);
    assert_int_equal(r.group[0], 0);
    assert_int_equal(r.group[1], 0);
    assert_int_equal(r.g[0].n, 2);
    assert_int_equal(r.g[0].sources, 2);
    assert_int_equal(r.g[0].speaker, 7);
    qg_result_free(&r);
    assert_null(r.group);
    assert_int_equal(r.ngroups, 0);
}

static void test_trimmed(void **st) {
    (void)st;
    qg_item it[] = {
        item("The ceasefire along the northern border will hold through the winter, and "
             "our soldiers will be home for the new year, the general promised", 3, 1, "A"),
        item("our soldiers will be home for the new year", 3, 2, "B"),     /* 3 words */
        item("The army will move its artillery away from the northern border before the "
             "winter", 3, 3, "C"),
        item("ceasefire along the northern border will hold through the winter, and our "
             "soldiers will be home", 3, 4, "D"),                          /* 6+ words */
    };
    qg_result r = group(it, 4);
    assert_int_equal(r.group[3], r.group[0]);          /* the trimmed quote */
    assert_int_equal(r.group[1], r.group[0]);          /* a partial quote, same speaker */
    assert_int_not_equal(r.group[2], r.group[0]);      /* another statement */
    assert_int_equal(r.g[r.group[0]].rep, 0);
    qg_result_free(&r);
}

static void test_different_quotes_same_speaker(void **st) {
    (void)st;
    qg_item it[] = {
        item("I would rather have an honest failure than a dishonest success", 6, 1, "A"),
        item("We know now exactly where the gap is. The gas field is not a failure, it is a "
             "success in waiting", 6, 2, "B"),
        item("We are ready to talk about the gas field, but only after the troops have left "
             "the border", 6, 3, "C"),
        item("Nobody in Kharvik wants to talk about the gas field while our fishermen are "
             "being arrested in the strait", 6, 4, "D"),
    };
    qg_result r = group(it, 4);
    assert_int_equal(r.ngroups, 4);
    for (size_t i = 0; i < 4; i++) assert_int_equal(r.group[i], i);
    qg_result_free(&r);
}

static void test_speakers(void **st) {
    (void)st;
    /* the same words by two resolved speakers: two statements */
    qg_item two[] = {item(PUTIN_A, 7, 1, "A"), item(PUTIN_A, 8, 2, "B")};
    qg_result r = group(two, 2);
    assert_int_equal(r.ngroups, 2);
    assert_int_equal(r.g[0].speaker, 7);
    assert_int_equal(r.g[1].speaker, 8);
    qg_result_free(&r);

    /* an unresolved speaker joins a resolved one; the resolved one is shown */
    qg_item un[] = {item(PUTIN_A, 0, 1, "A"), item(PUTIN_B, 7, 2, "B")};
    r = group(un, 2);
    assert_int_equal(r.ngroups, 1);
    assert_int_equal(r.g[0].speaker, 7);
    assert_int_equal(r.g[0].rep, 1);                   /* attributed first */
    qg_result_free(&r);

    /* ... but never makes two resolved speakers one group */
    qg_item three[] = {item(PUTIN_A, 7, 1, "A"), item(PUTIN_A, 8, 2, "B"), item(PUTIN_B, 0, 3, "C")};
    r = group(three, 3);
    assert_int_equal(r.ngroups, 2);
    assert_int_not_equal(r.group[0], r.group[1]);
    assert_true(r.group[2] == r.group[0] || r.group[2] == r.group[1]);
    qg_result_free(&r);

    /* short pieces group only when identical and said by the same person */
    qg_item shortq[] = {item("candid and constructive", 3, 1, "A"), item("candid and constructive", 3, 2, "B"),
                        item("candid and constructive", 0, 3, "C"), item("candid and constructive", 4, 4, "D"),
                        item("candid", 3, 5, "E")};
    r = group(shortq, 5);
    assert_int_equal(r.group[1], r.group[0]);
    assert_int_not_equal(r.group[2], r.group[0]);
    assert_int_not_equal(r.group[3], r.group[0]);
    assert_int_not_equal(r.group[4], r.group[0]);      /* one word is never enough */
    qg_result_free(&r);
}

static void test_no_glue(void **st) {
    (void)st;
    qg_item it[] = {
        item("We are ready to talk about the gas field, but only after the troops have left "
             "the border", 6, 1, "A"),
        item("Nobody in Kharvik wants to talk about the gas field while our fishermen are "
             "being arrested in the strait", 6, 2, "B"),
        item("ready to talk about the gas field", 6, 3, "C"),  /* in both: joins one */
        item("very good", 0, 4, "D"),
        item("The talks were very good", 6, 5, "E"),
        item("The summit was very good for our farmers", 0, 6, "F"),
        item("very good", 0, 7, "G"),
    };
    qg_result r = group(it, 7);
    assert_int_not_equal(r.group[0], r.group[1]);
    assert_int_equal(r.group[2], r.group[0]);          /* its best match */
    for (size_t i = 3; i < 7; i++) assert_int_equal(r.g[r.group[i]].n, 1);
    assert_int_equal(r.ngroups, 6);
    qg_result_free(&r);
}

static void test_transitive(void **st) {
    (void)st;
    /* two outlets quote the two halves, a third the whole statement */
    qg_item it[] = {
        item("We will reopen the Marov crossing for freight and passenger traffic on the first "
             "of June", 5, 1, "A"),
        item("farmers will be able to sell their harvest in Kharvik markets again by the summer", 5, 2,
             "B"),
        item("We will reopen the Marov crossing for freight and passenger traffic on the first of "
             "June, and farmers will be able to sell their harvest in Kharvik markets again by the "
             "summer",
             0, 3, "C"),
        item("The Marov crossing stays closed", 9, 4, "D"),
    };
    qg_result r = group(it, 4);
    assert_int_equal(r.ngroups, 2);
    assert_int_equal(r.group[0], 0);
    assert_int_equal(r.group[1], 0);
    assert_int_equal(r.group[2], 0);
    assert_int_equal(r.group[3], 1);
    assert_int_equal(r.g[0].n, 3);
    assert_int_equal(r.g[0].rep, 0);                   /* attributed before longer */
    assert_int_equal(r.g[0].speaker, 5);
    assert_int_equal(r.g[0].sources, 3);
    qg_result_free(&r);
}

static void test_rep_and_counts(void **st) {
    (void)st;
    qg_item it[] = {
        item("The Marov crossing stays closed", 9, 9, "D"),
        item(PUTIN_B, 7, 10, "Caspian Wire"),
        item(PUTIN_A " between the two leaders at a location to be determined", 7, 11, "Harbor Post"),
        item(PUTIN_B, 7, 11, "Harbor Post"),           /* the article repeats it */
        item(PUTIN_B, 0, 12, NULL),
        item(PUTIN_B, 0, 13, NULL),
        item(PUTIN_A, 7, 14, "Caspian Wire"),
    };
    qg_result r = group(it, 7);
    assert_int_equal(r.ngroups, 2);
    assert_int_equal(r.group[0], 0);                   /* first appearance order */
    const qg_group *g = &r.g[1];
    assert_int_equal(g->n, 6);
    assert_int_equal(g->rep, 2);                       /* most content words */
    assert_int_equal(g->words, 8);
    assert_int_equal(g->articles, 5);
    assert_int_equal(g->sources, 4);                   /* 2 outlets + 2 unknown articles */
    assert_int_equal(g->speaker, 7);
    for (size_t k = 0; k < g->n; k++) assert_int_equal(r.members[g->first + k], k + 1);
    assert_int_equal(r.members[r.g[0].first], 0);
    qg_result_free(&r);
}

static void test_empty(void **st) {
    (void)st;
    qg_result r = QG_RESULT_INIT;
    tl_err e;
    assert_int_equal(qg_group_quotes(NULL, 0, NULL, &r, &e), TL_OK);
    assert_int_equal(r.ngroups, 0);
    assert_null(r.g);
    qg_result_free(&r);
    qg_result_free(NULL);
    assert_int_equal(qg_group_quotes(NULL, 3, NULL, &r, &e), TL_EINVAL);
    qg_item it[] = {item("", 1, 1, "A"), item("", 1, 2, "B"), {NULL, 0, 0, 3, NULL}, item("...", 1, 4, "C")};
    assert_int_equal(qg_group_quotes(it, 4, NULL, NULL, &e), TL_EINVAL);
    qg_item bad[] = {item("a quote", 1, 1, "A"), {NULL, 5, 1, 2, "B"}};
    assert_int_equal(qg_group_quotes(bad, 2, NULL, &r, &e), TL_EINVAL);
    assert_int_equal(e.code, TL_EINVAL);
    assert_null(r.g);
    r = group(it, 4);
    assert_int_equal(r.ngroups, 4);                    /* no words: alone */
    assert_int_equal(r.g[3].words, 0);
    qg_result_free(&r);
}

/* Every allocation of a call, failed in turn: TL_ENOMEM, an empty result,
 * nothing leaked (make sanitize checks), and the next call works. */
static void test_alloc_failures(void **st) {
    (void)st;
    qg_item it[] = {item(PUTIN_A, 7, 1, "A"), item(PUTIN_B, 0, 2, "B"), item(PUTIN_B, 8, 3, "C"),
                    item("candid and constructive", 3, 4, "D"), item("candid and constructive", 3, 5, "E")};
    stem_t *stm = stem_new("en");
    assert_non_null(stm);
    for (int own = 0; own < 2; own++) {
        qg_opts o = {.stem = own ? NULL : stm};
        long k = 0;
        for (;; k++) {
            qg_result r = QG_RESULT_INIT;
            tl_err e;
            fail_at = k;
            allocs = 0;
            int rc = qg_group_quotes(it, 5, &o, &r, &e);
            fail_at = -1;
            if (allocs <= k) {                         /* nothing failed: done */
                assert_int_equal(rc, TL_OK);
                assert_int_equal(r.ngroups, 3);
                qg_result_free(&r);
                break;
            }
            assert_int_equal(rc, TL_ENOMEM);
            assert_int_equal(e.code, TL_ENOMEM);
            assert_null(r.group);
            assert_null(r.g);
            assert_null(r.members);
            assert_int_equal(r.ngroups, 0);
        }
        assert_true(k > 10);                           /* the failures were reached */
    }
    stem_free(stm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translated_pair),
        cmocka_unit_test(test_trimmed),
        cmocka_unit_test(test_different_quotes_same_speaker),
        cmocka_unit_test(test_speakers),
        cmocka_unit_test(test_no_glue),
        cmocka_unit_test(test_transitive),
        cmocka_unit_test(test_rep_and_counts),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
