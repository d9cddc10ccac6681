/* test_eval.c -- unit tests for src/eval.c (values computed by hand). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "err.h"
#include "eval.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_perfect(void **st) {
    (void)st;
    uint32_t g[] = {1, 1, 2, 2, 3};
    uint32_t p[] = {7, 7, 9, 9, 4};
    eval_clusters m;
    assert_int_equal(eval_cluster_scores(g, p, 5, &m), TL_OK);
    NEAR(m.b3_f1, 1.0);
    NEAR(m.pw_f1, 1.0);
    assert_int_equal(m.gold_clusters, 3);
    assert_int_equal(m.pred_clusters, 3);
    assert_int_equal(m.pred_singletons, 1);
}

static void test_hand_computed(void **st) {
    (void)st;
    /* gold: {a,b,c} {d,e}; predicted: {a,b} {c,d,e} */
    uint32_t g[] = {0, 0, 0, 1, 1};
    uint32_t p[] = {0, 0, 1, 1, 1};
    eval_clusters m;
    assert_int_equal(eval_cluster_scores(g, p, 5, &m), TL_OK);
    /* B3 precision: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> (1+1+1/3+2/3+2/3)/5 */
    NEAR(m.b3_p, (1 + 1 + 1.0 / 3 + 2.0 / 3 + 2.0 / 3) / 5);
    /* B3 recall: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 */
    NEAR(m.b3_r, (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1 + 1) / 5);
    /* pairs: gold {ab ac bc de} = 4; pred {ab cd ce de} = 4; TP {ab de} = 2 */
    NEAR(m.pw_p, 0.5);
    NEAR(m.pw_r, 0.5);
    NEAR(m.pw_f1, 0.5);
}

static void test_all_singletons(void **st) {
    (void)st;
    uint32_t g[] = {0, 0, 0, 0};
    uint32_t p[] = {0, 1, 2, 3};
    eval_clusters m;
    assert_int_equal(eval_cluster_scores(g, p, 4, &m), TL_OK);
    NEAR(m.b3_p, 1.0);
    NEAR(m.b3_r, 0.25);
    NEAR(m.pw_r, 0.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perfect),
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_all_singletons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
