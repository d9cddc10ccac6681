/* test_date.c -- unit tests for src/date.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "date.h"
#include "err.h"

static void check(const char *in, const char *iso, int64_t ts) {
    date_val d;
    char out[DATE_ISO_MAX];
    assert_int_equal(date_parse(in, &d), TL_OK);
    date_format(&d, out);
    assert_string_equal(out, iso);
    assert_int_equal(d.ts, ts);
}

static void test_iso(void **st) {
    (void)st;
    check("2025-08-19", "2025-08-19", 1755561600);
    check("2025-08-19T10:00:00Z", "2025-08-19T10:00:00+00:00", 1755597600);
    check("2025-08-19T12:00:00+02:00", "2025-08-19T12:00:00+02:00", 1755597600);
    check("2025-08-19 12:00:00.123+0200", "2025-08-19T12:00:00+02:00", 1755597600);
    check("2025-08-19T05:00-05", "2025-08-19T05:00:00-05:00", 1755597600);
    check("20250819T100000Z", "2025-08-19T10:00:00+00:00", 1755597600);
    check("  2025-08-19T10:00:00  ", "2025-08-19T10:00:00+00:00", 1755597600);
}

static void test_written(void **st) {
    (void)st;
    check("Tue, 19 Aug 2025 10:00:00 +0000", "2025-08-19T10:00:00+00:00", 1755597600);
    check("Tue, 19 Aug 2025 06:00:00 EDT", "2025-08-19T06:00:00-04:00", 1755597600);
    check("19 August 2025", "2025-08-19", 1755561600);
    check("August 19, 2025", "2025-08-19", 1755561600);
    check("Aug. 19 2025", "2025-08-19", 1755561600);
    check("Sept 1, 2025", "2025-09-01", 1756684800);
}

static void test_epoch(void **st) {
    (void)st;
    check("1755597600", "2025-08-19T10:00:00+00:00", 1755597600);
}

static void test_bad(void **st) {
    (void)st;
    date_val d;
    const char *bad[] = {"", "yesterday", "2025-13-01", "2025-02-30", "2025-08-19T25:00",
                         "2025-08-19T10:00:00+99:00", "19 Foo 2025", "2025-08-19 junk", "20250819T", "20250819T1",
                         "9999-12-31T24:00", "4294967315 August 2025", NULL};
    for (int i = 0; bad[i]; i++) assert_int_equal(date_parse(bad[i], &d), TL_EPARSE);
}

static void test_civil(void **st) {
    (void)st;
    int y, m, d;
    for (int64_t z = -800000; z < 800000; z += 997) {
        date_civil_from_days(z, &y, &m, &d);
        assert_int_equal(date_days_from_civil(y, m, d), z);
    }
    assert_int_equal(date_days_from_civil(2024, 2, 29) + 1, date_days_from_civil(2024, 3, 1));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso), cmocka_unit_test(test_written), cmocka_unit_test(test_epoch),
        cmocka_unit_test(test_bad), cmocka_unit_test(test_civil),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
