/* test_quant.c -- unit tests for src/quant.c: numbers, hedges as
 * intervals, units, and what a number measures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "quant.h"

/* The quantities of s, asserted to be exactly n. */
static qty_list find(const char *s, size_t n) {
    qty_list l = QTY_LIST_INIT;
    tl_err e;
    assert_int_equal(qty_find(s, strlen(s), NULL, &l, &e), TL_OK);
    if (l.n != n) {
        for (size_t i = 0; i < l.n; i++)
            print_message("  got '%.*s'\n", (int)(l.v[i].end - l.v[i].start), s + l.v[i].start);
    }
    assert_int_equal(l.n, n);
    return l;
}

static void expect(const char *s, const qty_t *q, const char *text, qty_kind kind, qty_hedge h,
                   double value, double lo, double hi, const char *unit, const char *head) {
    assert_int_equal(q->end - q->start, strlen(text));
    assert_memory_equal(s + q->start, text, strlen(text));
    assert_int_equal(q->kind, kind);
    assert_int_equal(q->hedge, h);
    assert_true(fabs(q->value - value) <= 1e-9 * fabs(value));
    assert_true(fabs(q->lo - lo) <= 1e-9 * fabs(lo));
    if (isinf(hi)) assert_true(isinf(q->hi));
    else assert_true(fabs(q->hi - hi) <= 1e-9 * fabs(hi));
    assert_string_equal(q->unit, unit);
    assert_string_equal(q->head, head);
}

static void test_percent_and_fractions(void **st) {
    (void)st;
    const char *s = "Russia occupies approximately 20% of Ukraine's territory. "
                    "Russia controls about one-fifth of Ukraine. "
                    "Each side pulls back 20 per cent of its troops.";
    qty_list l = find(s, 3);
    expect(s, &l.v[0], "approximately 20%", QTY_PERCENT, QTY_ABOUT, 20, 18, 22, "%", "territori");
    expect(s, &l.v[1], "about one-fifth", QTY_PERCENT, QTY_ABOUT, 20, 18, 22, "%", "ukrain");
    /* a bare percentage is exact; a spoken fraction is read as "about" */
    expect(s, &l.v[2], "20 per cent", QTY_PERCENT, QTY_EXACT, 20, 20, 20, "%", "troop");
    qty_list_free(&l);
    const char *f = "Two-thirds of the vote went to her.";
    l = find(f, 1);
    assert_true(fabs(l.v[0].value - 200.0 / 3) < 1e-9);
    assert_true(l.v[0].lo < l.v[0].value && l.v[0].hi > l.v[0].value);
    qty_list_free(&l);
}

static void test_durations(void **st) {
    (void)st;
    const char *s = "The call lasted about 40 minutes. Ushakov described a roughly 40-minute "
                    "phone call. The three-and-a-half-year war goes on. It took nearly 90 minutes.";
    qty_list l = find(s, 4);
    expect(s, &l.v[0], "about 40 minutes", QTY_DURATION, QTY_ABOUT, 2400, 2160, 2640, "s", "call");
    expect(s, &l.v[1], "roughly 40-minute", QTY_DURATION, QTY_ABOUT, 2400, 2160, 2640, "s", "call");
    expect(s, &l.v[2], "three-and-a-half-year", QTY_DURATION, QTY_EXACT, 3.5 * 31557600,
           3.5 * 31557600, 3.5 * 31557600, "s", "war");
    expect(s, &l.v[3], "nearly 90 minutes", QTY_DURATION, QTY_NEARLY, 5400, 4860, 5400, "s", "");
    for (size_t i = 0; i < l.n; i++) assert_true(l.v[i].event_bound);
    qty_list_free(&l);
}

static void test_money(void **st) {
    (void)st;
    const char *s = "Ukraine proposed to buy $100 billion worth of US weapons. "
                    "The company pays 4.2bn dollars. The deal is worth €50bn. "
                    "Savings of around $310 million are expected.";
    qty_list l = find(s, 4);
    expect(s, &l.v[0], "$100 billion", QTY_MONEY, QTY_EXACT, 1e11, 1e11, 1e11, "USD", "weapon");
    expect(s, &l.v[1], "4.2bn dollars", QTY_MONEY, QTY_EXACT, 4.2e9, 4.2e9, 4.2e9, "USD", "compani");
    expect(s, &l.v[2], "€50bn", QTY_MONEY, QTY_EXACT, 5e10, 5e10, 5e10, "EUR", "deal");
    expect(s, &l.v[3], "around $310 million", QTY_MONEY, QTY_ABOUT, 3.1e8, 2.79e8, 3.41e8, "USD",
           "save");
    qty_list_free(&l);
}

static void test_counts_and_hedges(void **st) {
    (void)st;
    const char *s = "Russia may release as many as 1,000 prisoners. At least 14 people were "
                    "killed and more than 150 firefighters came. The war caused hundreds of "
                    "thousands of casualties. Between 3 and 5 ships sank. Seven nations signed.";
    qty_list l = find(s, 6);
    expect(s, &l.v[0], "as many as 1,000", QTY_COUNT, QTY_UPTO, 1000, 0, 1000, "prisoner", "prison");
    expect(s, &l.v[1], "At least 14", QTY_COUNT, QTY_ATLEAST, 14, 14, INFINITY, "dead", "dead");
    expect(s, &l.v[2], "more than 150", QTY_COUNT, QTY_OVER, 150, 150, INFINITY, "firefighter",
           "firefight");
    assert_int_equal(l.v[3].kind, QTY_COUNT);
    assert_int_equal(l.v[3].hedge, QTY_VAGUE);
    assert_true(l.v[3].lo == 200000 && l.v[3].hi >= 999999);
    expect(s, &l.v[4], "Between 3 and 5", QTY_COUNT, QTY_RANGE, 4, 3, 5, "ship", "ship");
    expect(s, &l.v[5], "Seven", QTY_COUNT, QTY_EXACT, 7, 7, 7, "nation", "nation");
    qty_list_free(&l);
}

/* dates, clock times, names and determiners are not quantities */
static void test_not_quantities(void **st) {
    (void)st;
    const char *s = "On March 24, 2026, at 3:40 a.m. on Route 9, one senior official spoke; "
                    "the border closed in September 2023 and the two leaders met.";
    qty_list l = find(s, 0);
    qty_list_free(&l);
    const char *y = "The plant opened in 1987.";
    l = find(y, 1);
    assert_int_equal(l.v[0].kind, QTY_YEAR);
    assert_true(l.v[0].value == 1987);
    qty_list_free(&l);
}

static void test_format_and_names(void **st) {
    (void)st;
    const char *s = "Kestrel pays $4.2 billion for 1,200 workers' jobs over 40 minutes.";
    qty_list l = find(s, 3);
    char f[64];
    qty_format(&l.v[0], f, sizeof(f));
    assert_string_equal(f, "$4.2 billion");
    qty_format(&l.v[2], f, sizeof(f));
    assert_string_equal(f, "40 min");
    for (int k = 0; k < QTY_NKINDS; k++) assert_int_equal(qty_kind_parse(qty_kind_name(k)), k);
    for (int h = 0; h < QTY_NHEDGES; h++) assert_int_equal(qty_hedge_parse(qty_hedge_name(h)), h);
    assert_int_equal(qty_kind_parse("nonsense"), -1);
    qty_list_free(&l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent_and_fractions), cmocka_unit_test(test_durations),
        cmocka_unit_test(test_money),                 cmocka_unit_test(test_counts_and_hedges),
        cmocka_unit_test(test_not_quantities),        cmocka_unit_test(test_format_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
