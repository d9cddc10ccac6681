/* test_html.c -- unit tests for src/html.c: charset decisions, parsing,
 * tree helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static html_doc *parse(const char *data, size_t len) {
    html_doc *d = NULL;
    tl_err e;
    err_clear(&e);
    int rc = html_parse(data, len, &d, &e);
    if (rc != TL_OK) fail_msg("unexpected error: %s", e.msg);
    return d;
}

/* Text of the first <p>. Caller frees. */
static char *first_p(const html_doc *d) {
    const GumboNode *p = html_find(d->out->root, GUMBO_TAG_P);
    assert_non_null(p);
    char *b = NULL;
    size_t len = 0, cap = 0;
    assert_int_equal(html_text(p, &b, &len, &cap, 0), TL_OK);
    return b;
}

static void test_utf8_wins_over_declaration(void **st) {
    (void)st;
    const char *page = "<html><head><meta charset=\"iso-8859-1\"></head>"
                       "<body><p>Z\xC3\xBCrich na\xC3\xAFve</p></body></html>";
    html_doc *d = parse(page, strlen(page));
    assert_string_equal(d->charset, "utf-8");
    assert_string_equal(d->charset_from, "utf-8-valid");
    assert_non_null(strstr(d->note, "iso-8859-1"));
    char *t = first_p(d);
    assert_string_equal(t, "Z\xC3\xBCrich na\xC3\xAFve");
    free(t);
    html_free(d);
}

static void test_windows1252_fallback(void **st) {
    (void)st;
    /* no declaration, bytes 0xE9 0x93 0x94: é “ ” in windows-1252 */
    const char *page = "<p>caf\xE9 \x93quoted\x94</p>";
    html_doc *d = parse(page, strlen(page));
    assert_string_equal(d->charset, "windows-1252");
    assert_string_equal(d->charset_from, "fallback");
    char *t = first_p(d);
    assert_string_equal(t, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    free(t);
    html_free(d);
}

static void test_declared_charset(void **st) {
    (void)st;
    /* KOI8-R "привет" declared via http-equiv */
    const char *page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"
                       "<p>\xD0\xD2\xC9\xD7\xC5\xD4</p>";
    html_doc *d = parse(page, strlen(page));
    assert_string_equal(d->charset, "koi8-r");
    assert_string_equal(d->charset_from, "meta");
    char *t = first_p(d);
    assert_string_equal(t, "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
    free(t);
    html_free(d);
}

static void test_mostly_utf8_repaired(void **st) {
    (void)st;
    const char *page = "<p>\xC3\xA9t\xC3\xA9 \xC3\xA0 Z\xC3\xBCrich, d\xC3\xA9j\xC3\xA0 \xFF bad</p>";
    html_doc *d = parse(page, strlen(page));
    assert_string_equal(d->charset_from, "utf-8-repaired");
    assert_int_equal(d->repaired, 1);
    html_free(d);
}

static void test_bom_utf16(void **st) {
    (void)st;
    /* UTF-16LE BOM + "<p>hi</p>" */
    const char page[] = "\xFF\xFE<\0p\0>\0h\0i\0<\0/\0p\0>\0";
    html_doc *d = parse(page, sizeof(page) - 1);
    assert_string_equal(d->charset, "utf-16le");
    char *t = first_p(d);
    assert_string_equal(t, "hi");
    free(t);
    html_free(d);
}

static void test_rejects(void **st) {
    (void)st;
    html_doc *d = NULL;
    tl_err e;
    assert_int_equal(html_parse("", 0, &d, &e), TL_EEMPTY);
    const char bin[] = "\x7f" "ELF\0\0\0\x01\0\0";
    assert_int_equal(html_parse(bin, sizeof(bin) - 1, &d, &e), TL_EINVAL);
    assert_null(d);
}

static void test_sniff(void **st) {
    (void)st;
    assert_true(html_sniff("  <!DOCTYPE html><html>", 23));
    assert_true(html_sniff("<html lang=en>", 14));
    assert_true(html_sniff("<div>x</div>", 12));
    assert_false(html_sniff("plain text <b>", 14));
    assert_false(html_sniff("<?xml version=\"1.0\"?><rss>", 26));
}

static void test_malformed_and_deep(void **st) {
    (void)st;
    /* unclosed tags, stray end tags, unquoted attributes */
    const char *page = "<div class=a><p>one <b>two</div></span><p id=x>three";
    html_doc *d = parse(page, strlen(page));
    char *t = first_p(d);
    assert_string_equal(t, "one two");
    free(t);
    html_free(d);
    /* 1 900 nested divs: parsed, and the walks must not recurse */
    size_t n = 1900;
    char *deep = malloc(n * 5 + 32);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { memcpy(deep + k, "<div>", 5); k += 5; }
    memcpy(deep + k, "<p>bottom</p>", 13);
    k += 13;
    d = parse(deep, k);
    t = first_p(d);
    assert_string_equal(t, "bottom");
    free(t);
    html_free(d);
    free(deep);
    /* 50 000: refused before gumbo's quadratic tree building */
    n = 50000;
    deep = malloc(n * 5 + 1);
    for (size_t i = 0; i < n; i++) memcpy(deep + i * 5, "<div>", 5);
    tl_err e;
    d = NULL;
    assert_int_equal(html_parse(deep, n * 5, &d, &e), TL_ETOOBIG);
    assert_non_null(strstr(e.msg, "nested"));
    free(deep);
    /* closed elements and void ones do not add up */
    char *flat = malloc(60000 * 12 + 16);
    k = 0;
    for (size_t i = 0; i < 60000; i++) { memcpy(flat + k, "<i>x</i><br>", 12); k += 12; }
    d = parse(flat, k);
    html_free(d);
    free(flat);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_wins_over_declaration),
        cmocka_unit_test(test_windows1252_fallback),
        cmocka_unit_test(test_declared_charset),
        cmocka_unit_test(test_mostly_utf8_repaired),
        cmocka_unit_test(test_bom_utf16),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_malformed_and_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
