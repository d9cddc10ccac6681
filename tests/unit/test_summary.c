/* test_summary.c -- unit tests for src/summary.c: budget, citations,
 * redundancy, order, and the baselines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "summary.h"

static const char *A =
    "HARBOURTON — Leaders of Veldra and Talmyra agreed on Sunday to meet within two weeks in St. Aldric.\n"
    "The call lasted about 40 minutes and was arranged by a United Nations envoy.\n"
    "He said the talks were long overdue and would cover the border crossing.\n"
    "Fishermen in the northern harbour complained about the weather this week.\n";
static const char *B =
    "Leaders of Veldra and Talmyra agreed on Sunday to meet within two weeks in St. Aldric.\n"
    "The border crossing at Marov has been closed since September 2023, cutting trade routes.\n"
    "Both governments said the envoy's help had been decisive for the phone call.\n";
static const char *C =
    "Veldra and Talmyra will hold a summit in St. Aldric within two weeks, their leaders agreed.\n"
    "Traders at the closed Marov border crossing welcomed the news of a summit.\n";

static void docs3(sum_doc *d) {
    d[0] = (sum_doc){"a", "Kharvik Ledger", NULL, A, strlen(A), 1, 100};
    d[1] = (sum_doc){"b", "Harbor Post", NULL, B, strlen(B), 1, 200};
    d[2] = (sum_doc){"c", "Caspian Wire", NULL, C, strlen(C), 1, 300};
}

static int words_of(const char *s, size_t n) {
    int w = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ' || s[i] == '\n';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

static void test_budget_citations_order(void **st) {
    (void)st;
    sum_doc d[3];
    docs3(d);
    sum_params p;
    sum_params_default(&p);
    p.words = 40;
    sum_result r;
    tl_err e;
    assert_int_equal(sum_summarize(d, 3, &p, &r, &e), TL_OK);
    assert_true(r.n >= 2);
    long total = 0;
    int cited_a_and_b = 0;
    for (size_t i = 0; i < r.n; i++) {
        const sum_sent *s = &r.sents[i];
        const char *t = d[s->doc].text + s->start;
        total += words_of(t, s->end - s->start);
        assert_int_equal(s->cites[0], s->doc);
        /* the shared opening sentence cites both outlets stating it */
        if (strncmp(t, "Leaders of Veldra", 17) == 0 && s->ncites >= 2) cited_a_and_b = 1;
        assert_true(strncmp(t, "HARBOURTON", 10) != 0);   /* dateline dropped */
        assert_true(strncmp(t, "He said", 7) != 0 || r.n > 3);
        if (i) {   /* chronological: publication time, then position */
            const sum_sent *q = &r.sents[i - 1];
            assert_true(d[q->doc].ts < d[s->doc].ts ||
                        (q->doc == s->doc && q->start < s->start));
        }
    }
    assert_int_equal(total, r.words);
    assert_true(r.words <= 40);
    assert_true(cited_a_and_b);
    /* the opening sentence, stated twice, appears once */
    int leaders = 0;
    for (size_t i = 0; i < r.n; i++)
        leaders += strncmp(d[r.sents[i].doc].text + r.sents[i].start, "Leaders of Veldra", 17) == 0;
    assert_true(leaders <= 1);
    sum_result_free(&r);
}

static void test_baselines(void **st) {
    (void)st;
    sum_doc d[3];
    docs3(d);
    sum_params p;
    sum_params_default(&p);
    p.method = SUM_LEAD;
    p.words = 20;
    sum_result r;
    tl_err e;
    assert_int_equal(sum_summarize(d, 3, &p, &r, &e), TL_OK);
    assert_true(r.n >= 1);
    for (size_t i = 0; i < r.n; i++) assert_int_equal(r.sents[i].doc, 0);   /* earliest */
    assert_int_equal(r.words, 20);                                          /* cut to fit */
    sum_result_free(&r);
    p.method = SUM_RANDOM;
    p.words = 100;
    sum_result r2;
    assert_int_equal(sum_summarize(d, 3, &p, &r, &e), TL_OK);
    assert_int_equal(sum_summarize(d, 3, &p, &r2, &e), TL_OK);
    assert_int_equal(r.n, r2.n);   /* seeded: the same draw */
    for (size_t i = 0; i < r.n; i++) assert_int_equal(r.sents[i].start, r2.sents[i].start);
    sum_result_free(&r);
    sum_result_free(&r2);
    p.method = SUM_CENTROID;
    assert_int_equal(sum_summarize(d, 3, &p, &r, &e), TL_OK);
    assert_true(r.n >= 1 && r.words <= 100);
    sum_result_free(&r);
    assert_int_equal(sum_method_parse("lead"), SUM_LEAD);
    assert_int_equal(sum_method_parse("nope"), -1);
    assert_string_equal(sum_method_name(SUM_TRILAT), "trilat");
}

static void test_empty_and_bad(void **st) {
    (void)st;
    sum_params p;
    sum_params_default(&p);
    sum_result r;
    tl_err e;
    assert_int_equal(sum_summarize(NULL, 0, &p, &r, &e), TL_OK);
    assert_int_equal(r.n, 0);
    sum_result_free(&r);
    sum_doc d = {"x", NULL, NULL, "", 0, 0, 0};
    assert_int_equal(sum_summarize(&d, 1, &p, &r, &e), TL_OK);
    assert_int_equal(r.n, 0);
    sum_result_free(&r);
    p.method = 42;
    assert_int_equal(sum_summarize(&d, 1, &p, &r, &e), TL_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_citations_order),
        cmocka_unit_test(test_baselines),
        cmocka_unit_test(test_empty_and_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
