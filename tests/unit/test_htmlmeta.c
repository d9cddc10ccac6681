/* test_htmlmeta.c -- unit tests for src/htmlmeta.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "htmlmeta.h"

#define NOW 1796212800   /* 2026-12-02T12:00:00Z */

static void meta(const char *page, const char *url, hm_meta *m) {
    html_doc *d = NULL;
    tl_err e;
    err_clear(&e);
    if (html_parse(page, strlen(page), &d, &e) != TL_OK) fail_msg("parse: %s", e.msg);
    assert_int_equal(hm_extract(d, url, NOW, m, &e), TL_OK);
    html_free(d);
}

static void test_jsonld_first(void **st) {
    (void)st;
    const char *page =
        "<html lang='en-GB'><head><title>Dock strike ends | Harbor Post</title>"
        "<meta property='article:published_time' content='2026-03-02T08:00:00Z'>"
        "<script>var build = '2031-01-01T00:00:00Z';</script>"
        "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"WebSite\",\"name\":\"Harbor Post\"},"
        "{\"@type\":\"NewsArticle\",\"headline\":\"Dock strike ends\",\"datePublished\":"
        "\"2026-03-03T09:30:00+01:00\",\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},"
        "{\"name\":\"John Roe\"}],\"publisher\":{\"name\":\"Harbor Post\"}}]}</script>"
        "</head><body><p>x</p></body></html>";
    hm_meta m;
    meta(page, "https://harbor.example/a", &m);
    assert_string_equal(m.title, "Dock strike ends");
    assert_string_equal(m.title_from, "json-ld");
    assert_string_equal(m.published, "2026-03-03T09:30:00+01:00");
    assert_string_equal(m.published_from, "json-ld");
    assert_int_equal(m.nauthors, 2);
    assert_string_equal(m.authors[1], "John Roe");
    assert_string_equal(m.site, "Harbor Post");
    assert_string_equal(m.site_from, "json-ld");
    assert_string_equal(m.lang, "en");
    assert_string_equal(m.url, "https://harbor.example/a");
    assert_string_equal(m.url_from, "record");
    hm_free(&m);
}

static void test_meta_and_time(void **st) {
    (void)st;
    const char *page =
        "<head><meta property='og:title' content='Bridge closes - City Times'>"
        "<meta property='og:site_name' content='City Times'>"
        "<link rel='canonical' href='https://city.example/2026/02/01/bridge'>"
        "<meta name='author' content='Ann Poe and Bo Li'></head>"
        "<body><div class='related'><time datetime='2026-11-30'>x</time></div>"
        "<article><time datetime='2026-02-01T10:00:00Z'>Feb 1</time><p>Text</p></article></body>";
    hm_meta m;
    meta(page, NULL, &m);
    assert_string_equal(m.title, "Bridge closes");
    assert_string_equal(m.title_from, "og:title");
    assert_string_equal(m.published, "2026-02-01T10:00:00Z");
    assert_string_equal(m.published_from, "time");
    assert_string_equal(m.url_from, "canonical");
    assert_int_equal(m.nauthors, 2);
    assert_string_equal(m.authors[0], "Ann Poe");
    assert_string_equal(m.authors_from, "meta:author");
    hm_free(&m);
}

static void test_byline_url_future(void **st) {
    (void)st;
    hm_meta m;
    meta("<body><h1>Vote delayed</h1><p class='byline'>By Jane Doe | March 3, 2026</p></body>",
         NULL, &m);
    assert_string_equal(m.title, "Vote delayed");
    assert_string_equal(m.title_from, "h1");
    assert_string_equal(m.published, "March 3, 2026");
    assert_string_equal(m.published_from, "byline");
    assert_int_equal(m.nauthors, 1);
    assert_string_equal(m.authors[0], "Jane Doe");
    hm_free(&m);
    meta("<body><p>x</p></body>", "https://n.example/2026/03/14/slug", &m);
    assert_string_equal(m.published, "2026-03-14");
    assert_string_equal(m.published_from, "url");
    assert_string_equal(m.site, "n.example");
    assert_string_equal(m.site_from, "domain");
    hm_free(&m);
    /* a future date is refused */
    meta("<head><meta property='article:published_time' content='2031-05-01'></head>", NULL, &m);
    assert_null(m.published);
    assert_true(m.rejected_future);
    hm_free(&m);
}

static void test_helpers(void **st) {
    (void)st;
    char d[11];
    assert_true(hm_url_date("https://x.example/news/20260314/story", d));
    assert_string_equal(d, "2026-03-14");
    assert_true(hm_url_date("https://x.example/2025-12-01-story.html", d));
    assert_string_equal(d, "2025-12-01");
    assert_false(hm_url_date("https://x.example/article/123456789", d));
    assert_false(hm_url_date("https://2026.example/a", d));
    char t[64];
    assert_true(hm_text_date("Updated 2026-03-03 10:00, by staff", t, sizeof(t)));
    assert_false(hm_text_date("no date here at all", t, sizeof(t)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonld_first),
        cmocka_unit_test(test_meta_and_time),
        cmocka_unit_test(test_byline_url_future),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
