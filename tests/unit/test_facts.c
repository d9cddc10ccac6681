/* test_facts.c -- unit tests for src/facts.c: claims aligned into agree /
 * conflict / single-source facts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "facts.h"
#include "quant.h"

static fact_claim claim(int kind, const char *unit, const char *head, double lo, double hi,
                        uint32_t story, uint32_t source) {
    fact_claim c;
    memset(&c, 0, sizeof(c));
    c.kind = kind;
    c.unit = unit;
    c.head = head;
    c.lo = lo;
    c.hi = hi;
    c.story = story;
    c.source = source;
    return c;
}

/* the fact holding claim i */
static const fact *holding(const fact_list *l, size_t i) {
    for (size_t f = 0; f < l->n; f++)
        for (size_t k = 0; k < l->v[f].n; k++)
            if (l->v[f].claims[k] == i) return &l->v[f];
    fail();
    return NULL;
}

static void test_agree_conflict_single(void **st) {
    (void)st;
    fact_claim c[] = {
        claim(QTY_DURATION, "s", "call", 2160, 2640, 1, 1),   /* about 40 minutes */
        claim(QTY_DURATION, "s", "call", 2160, 2640, 1, 2),   /* roughly 40-minute */
        claim(QTY_COUNT, "dead", "dead", 14, INFINITY, 2, 1), /* at least 14 */
        claim(QTY_COUNT, "dead", "dead", 14, 14, 2, 2),       /* 14 */
        claim(QTY_COUNT, "dead", "dead", 19, 19, 2, 3),       /* 19 */
        claim(QTY_MONEY, "USD", "weapon", 1e11, 1e11, 1, 1),  /* $100 billion */
    };
    c[0].event_bound = c[1].event_bound = 1;
    fact_list l = {0};
    tl_err e;
    assert_int_equal(fact_align(c, 6, &l, &e), TL_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(holding(&l, 0), holding(&l, 1));
    assert_int_equal(holding(&l, 0)->label, FACT_AGREE);
    assert_true(holding(&l, 0)->lo == 2160 && holding(&l, 0)->hi == 2640);
    const fact *dead = holding(&l, 2);
    assert_int_equal(dead->label, FACT_CONFLICT);
    assert_int_equal(dead->ngroups, 2);
    assert_int_equal(dead->nsources, 3);
    /* 14 and "at least 14" together, 19 alone */
    int g[3];
    for (size_t k = 0; k < dead->n; k++) g[dead->claims[k] - 2] = dead->group[k];
    assert_int_equal(g[0], g[1]);
    assert_int_not_equal(g[0], g[2]);
    assert_int_equal(holding(&l, 5)->label, FACT_SINGLE);
    assert_int_equal(l.v[0].label, FACT_CONFLICT);   /* conflicts first */
    fact_list_free(&l);
}

/* event-bound claims align only within a story; state-like ones across */
static void test_scope(void **st) {
    (void)st;
    fact_claim c[] = {
        claim(QTY_DURATION, "s", "call", 2160, 2640, 1, 1),   /* about 40 minutes */
        claim(QTY_DURATION, "s", "call", 4860, 5400, 2, 2),   /* nearly 90 minutes, another call */
        claim(QTY_PERCENT, "%", "territori", 18, 22, 1, 1),  /* 20% of Ukraine's territory */
        claim(QTY_PERCENT, "%", "ukrain", 18, 22, 2, 3),     /* one-fifth of Ukraine */
    };
    c[0].event_bound = c[1].event_bound = 1;
    c[2].ents[0] = c[3].ents[0] = 7;   /* Ukraine */
    c[2].nents = c[3].nents = 1;
    fact_list l = {0};
    tl_err e;
    assert_int_equal(fact_align(c, 4, &l, &e), TL_OK);
    assert_ptr_not_equal(holding(&l, 0), holding(&l, 1));
    assert_int_equal(holding(&l, 0)->label, FACT_SINGLE);
    assert_ptr_equal(holding(&l, 2), holding(&l, 3));
    assert_int_equal(holding(&l, 2)->label, FACT_AGREE);
    fact_list_free(&l);
}

/* a source stating both values reports two things, not a conflict; two
 * copies of one outlet are one source */
static void test_one_source_two_values(void **st) {
    (void)st;
    fact_claim c[] = {
        claim(FACT_KIND_EVENT, "day", "04", 20315, 20315, 1, 1),   /* met on Friday */
        claim(FACT_KIND_EVENT, "day", "04", 20318, 20318, 1, 1),   /* ... and on Monday */
        claim(FACT_KIND_EVENT, "day", "04", 20318, 20318, 1, 2),
        claim(QTY_COUNT, "truck", "truck", 1500, INFINITY, 1, 4),
        claim(QTY_COUNT, "truck", "truck", 1500, INFINITY, 1, 4),  /* syndicated copy */
    };
    for (int i = 0; i < 3; i++) {
        c[i].ents[0] = 1;
        c[i].ents[1] = 2;
        c[i].nents = 2;
        c[i].event_bound = 1;
    }
    fact_list l = {0};
    tl_err e;
    assert_int_equal(fact_align(c, 5, &l, &e), TL_OK);
    assert_ptr_not_equal(holding(&l, 0), holding(&l, 1));
    assert_int_equal(holding(&l, 0)->label, FACT_SINGLE);
    assert_ptr_equal(holding(&l, 1), holding(&l, 2));
    assert_int_equal(holding(&l, 1)->label, FACT_AGREE);
    assert_int_equal(holding(&l, 3)->label, FACT_SINGLE);
    assert_int_equal(holding(&l, 3)->nsources, 1);
    for (size_t f = 0; f < l.n; f++) assert_int_not_equal(l.v[f].label, FACT_CONFLICT);
    fact_list_free(&l);
    assert_string_equal(fact_label_name(FACT_CONFLICT), "conflict");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agree_conflict_single),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_one_source_two_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
