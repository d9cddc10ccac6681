/* test_txtdoc.c -- unit tests for src/txtdoc.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "txtdoc.h"

static art_t *parse(const char *data, const char *path) {
    art_t *a;
    tl_err e;
    err_clear(&e);
    int rc = txt_parse(data, strlen(data), path, &a, &e);
    if (rc != TL_OK) fail_msg("unexpected error: %s", e.msg);
    return a;
}

static void test_id_from_path(void **st) {
    (void)st;
    const char *cases[][2] = {{"seeds/000_ab.txt", "000_ab"}, {"a/b/c.txt.gz", "c"},
                              {"x.TXT.zst", "x"}, {"plain", "plain"}, {"dir/v1.2.txt", "v1.2"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *id = txt_id_from_path(cases[i][0]);
        assert_string_equal(id, cases[i][1]);
        free(id);
    }
}

static void test_header(void **st) {
    (void)st;
    art_t *a = parse("Title: Leaders meet\nSource: Harbor Post\nPublished: 2026-03-09T14:20:00+01:00\n"
                     "URL: https://h.example/x\nAuthor: A. Writer\n\nBody line one.\n\nBody two.\n",
                     "dir/e1-01.txt");
    assert_string_equal(a->id, "e1-01");
    assert_string_equal(a->title, "Leaders meet");
    assert_string_equal(a->source, "Harbor Post");
    assert_string_equal(a->published, "2026-03-09T14:20:00+01:00");
    assert_string_equal(a->url, "https://h.example/x");
    assert_string_equal(a->extra, "{\"author\":\"A. Writer\"}");
    assert_string_equal(a->text, "Body line one.\n\nBody two.");
    art_free(a);
}

static void test_title_first_line(void **st) {
    (void)st;
    art_t *a = parse("Trump calls Putin after White House talks\nThe call lasted 40 minutes.\n", "t.txt");
    assert_string_equal(a->title, "Trump calls Putin after White House talks");
    assert_string_equal(a->text, "The call lasted 40 minutes.");
    art_free(a);
    /* a sentence is not a title */
    a = parse("The White House on Monday confirmed the call.\nMore text.\n", "t.txt");
    assert_null(a->title);
    assert_string_equal(a->text, "The White House on Monday confirmed the call.\nMore text.");
    art_free(a);
    /* a dateline with a colon is not a header nor a title */
    a = parse("Washington D.C.: Following talks, leaders met.\nMore.\n", "t.txt");
    assert_null(a->title);
    art_free(a);
    /* a lone line is text, not a title */
    a = parse("Only one line", "t.txt");
    assert_null(a->title);
    assert_string_equal(a->text, "Only one line");
    art_free(a);
    /* quoted headline ending in a closing quote is fine */
    a = parse("Merz calls it a \xE2\x80\x9Cgood meeting\xE2\x80\x9D\nBody.\n", "t.txt");
    assert_non_null(a->title);
    art_free(a);
}

static void test_header_needs_blank_line(void **st) {
    (void)st;
    /* "Date:" line followed directly by prose: not a header block */
    art_t *a = parse("Title: x\nThis is prose.\n", "t.txt");
    assert_null(a->source);
    assert_non_null(strstr(a->text, "This is prose."));
    art_free(a);
}

static void test_errors(void **st) {
    (void)st;
    art_t *a;
    tl_err e;
    assert_int_equal(txt_parse("", 0, "e.txt", &a, &e), TL_EEMPTY);
    assert_int_equal(txt_parse("Title: only header\n\n", 20, "e.txt", &a, &e), TL_EEMPTY);
    assert_int_equal(txt_parse("bin\0ary", 7, "e.txt", &a, &e), TL_EINVAL);
    assert_non_null(strstr(e.msg, "binary"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_from_path), cmocka_unit_test(test_header),
        cmocka_unit_test(test_title_first_line), cmocka_unit_test(test_header_needs_blank_line),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
