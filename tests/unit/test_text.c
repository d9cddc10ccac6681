/* test_text.c -- unit tests for src/text.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "text.h"

static char *norm(const char *in, size_t len, int flags, int expect_rc, text_report *rep) {
    char *out = NULL;
    size_t n = 0;
    int rc = text_normalize(in, len, flags, &out, &n, rep);
    assert_int_equal(rc, expect_rc);
    if (rc == TL_OK) {
        assert_non_null(out);
        assert_int_equal(strlen(out), n);
    } else {
        assert_null(out);
    }
    return out;
}

static void test_ascii_whitespace(void **st) {
    (void)st;
    text_report rep;
    const char *in = "  Hello   world\t!  \r\n\r\n\r\n\nSecond  para \nline\n\n";
    char *out = norm(in, strlen(in), TEXT_MULTILINE, TL_OK, &rep);
    assert_string_equal(out, "Hello world !\n\nSecond para\nline");
    free(out);
    out = norm(in, strlen(in), TEXT_ONELINE, TL_OK, &rep);
    assert_string_equal(out, "Hello world ! Second para line");
    free(out);
}

static void test_invalid_utf8_repaired(void **st) {
    (void)st;
    text_report rep;
    /* lone continuation, truncated 3-byte seq, overlong, surrogate */
    const char in[] = "a\x80" "b\xE2\x82" "c\xC0\xAF" "d\xED\xA0\x80" "e";
    char *out = norm(in, sizeof(in) - 1, TEXT_MULTILINE, TL_OK, &rep);
    assert_true(text_valid_utf8(out, strlen(out)));
    assert_string_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD"
                             "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "e");
    assert_int_equal(rep.invalid, 7);
    free(out);
}

static void test_nfc(void **st) {
    (void)st;
    text_report rep;
    /* "Zelenskyy" fine; "café" decomposed (e + U+0301) must compose */
    const char in[] = "cafe\xCC\x81 \xE2\x80\x9Cquoted\xE2\x80\x9D";
    char *out = norm(in, sizeof(in) - 1, TEXT_MULTILINE, TL_OK, &rep);
    assert_string_equal(out, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    free(out);
    /* Angstrom sign U+212B -> U+00C5 */
    out = norm("\xE2\x84\xAB", 3, TEXT_ONELINE, TL_OK, &rep);
    assert_string_equal(out, "\xC3\x85");
    free(out);
}

static void test_controls_bom_nul(void **st) {
    (void)st;
    text_report rep;
    const char in[] = "\xEF\xBB\xBFHi\x01\x07 there\xC2\x85!";
    char *out = norm(in, sizeof(in) - 1, TEXT_MULTILINE, TL_OK, &rep);
    assert_string_equal(out, "Hi there!");
    assert_int_equal(rep.controls, 3);
    free(out);
    const char nul[] = "abc\0def";
    norm(nul, sizeof(nul) - 1, TEXT_MULTILINE, TL_EINVAL, &rep);
    assert_int_equal(rep.nul_offset, 3);
}

static void test_empty(void **st) {
    (void)st;
    text_report rep;
    norm("", 0, TEXT_MULTILINE, TL_EEMPTY, &rep);
    norm(" \n\t\r\n ", 6, TEXT_MULTILINE, TL_EEMPTY, &rep);
}

static void test_idempotent(void **st) {
    (void)st;
    const char *in = "  A \xE2\x80\x94 b\n\n\n c\xCC\x81  ";
    char *a = norm(in, strlen(in), TEXT_MULTILINE, TL_OK, NULL);
    char *b = norm(a, strlen(a), TEXT_MULTILINE, TL_OK, NULL);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_decode_encode(void **st) {
    (void)st;
    char buf[4];
    uint32_t cps[] = {0x41, 0xE9, 0x20AC, 0x1F600};
    for (size_t i = 0; i < 4; i++) {
        int n = text_encode(cps[i], buf), k;
        assert_int_equal(text_decode(buf, (size_t)n, &k), cps[i]);
        assert_int_equal(k, n);
    }
    int k;
    assert_int_equal(text_decode("\xFF", 1, &k), 0xFFFD);
    assert_int_equal(k, 1);
}

static void test_repair_utf8(void **st) {
    (void)st;
    char *out;
    size_t n;
    assert_int_equal(text_repair_utf8("ok\xFFok", 5, &out, &n), 1);
    assert_string_equal(out, "ok\xEF\xBF\xBDok");
    free(out);
    assert_int_equal(text_repair_utf8("fine", 4, &out, &n), 0);
    assert_string_equal(out, "fine");
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_whitespace), cmocka_unit_test(test_invalid_utf8_repaired),
        cmocka_unit_test(test_nfc),              cmocka_unit_test(test_controls_bom_nul),
        cmocka_unit_test(test_empty),            cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_decode_encode),    cmocka_unit_test(test_repair_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
