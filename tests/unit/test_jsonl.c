/* test_jsonl.c -- unit tests for src/jsonl.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

static art_t *parse_ok(const char *line) {
    art_t *a;
    tl_err e;
    err_clear(&e);
    int rc = jsonl_parse(line, strlen(line), &a, &e);
    if (rc != TL_OK) fail_msg("unexpected error: %s", e.msg);
    assert_int_equal(art_finish(a, &e), TL_OK);
    return a;
}

static void parse_bad(const char *line, size_t len, int code, const char *msg) {
    art_t *a;
    tl_err e;
    err_clear(&e);
    assert_int_equal(jsonl_parse(line, len, &a, &e), code);
    assert_null(a);
    if (!strstr(e.msg, msg)) fail_msg("message '%s' lacks '%s'", e.msg, msg);
}

static void test_fields(void **st) {
    (void)st;
    art_t *a = parse_ok("{\"id\":\"a1\",\"title\":\"  Talks  begin \",\"text\":\"Body\\r\\ntext.\","
                        "\"source\":\"Wire\",\"published\":\"2025-08-19T10:00:00Z\","
                        "\"url\":\"https://x.example/a\",\"topic\":\"t9\",\"n\":3}");
    assert_string_equal(a->id, "a1");
    assert_string_equal(a->title, "Talks begin");
    assert_string_equal(a->text, "Body\ntext.");
    assert_string_equal(a->source, "Wire");
    assert_string_equal(a->published, "2025-08-19T10:00:00+00:00");
    assert_int_equal(a->published_ts, 1755597600);
    assert_string_equal(a->url, "https://x.example/a");
    assert_string_equal(a->extra, "{\"topic\":\"t9\",\"n\":3}");
    assert_string_equal(a->language, "und");
    assert_int_equal(strlen(a->hash), 32);
    art_free(a);
}

static void test_aliases(void **st) {
    (void)st;
    art_t *a = parse_ok("{\"id\":42,\"body\":\"The text of it was said by the man.\","
                        "\"source\":{\"id\":null,\"name\":\"NewsAPI Outlet\"},"
                        "\"publishedAt\":\"Tue, 19 Aug 2025 10:00:00 GMT\",\"link\":\"u\",\"lang\":\"en\"}");
    assert_string_equal(a->id, "42");
    assert_string_equal(a->source, "NewsAPI Outlet");
    assert_string_equal(a->published, "2025-08-19T10:00:00+00:00");
    assert_string_equal(a->url, "u");
    assert_string_equal(a->language, "en");
    assert_null(a->extra);
    art_free(a);
}

static void test_missing_id_derived(void **st) {
    (void)st;
    art_t *a = parse_ok("{\"text\":\"same text\"}");
    art_t *b = parse_ok("{\"text\":\"same  text \"}");
    assert_memory_equal(a->id, "h-", 2);
    assert_string_equal(a->id, b->id);
    art_free(a);
    art_free(b);
}

static void test_bad_date_is_a_note(void **st) {
    (void)st;
    art_t *a = parse_ok("{\"id\":\"x\",\"text\":\"t\",\"published\":\"last Tuesday\"}");
    assert_null(a->published);
    assert_non_null(strstr(a->note, "unrecognized date"));
    assert_string_equal(a->extra, "{\"published_raw\":\"last Tuesday\"}");
    art_free(a);
}

static void test_invalid_utf8_repaired(void **st) {
    (void)st;
    art_t *a = parse_ok("{\"id\":\"x\",\"text\":\"caf\xE9 ok\"}");
    assert_string_equal(a->text, "caf\xEF\xBF\xBD ok");
    assert_int_equal(a->invalid_utf8, 1);
    art_free(a);
}

static void test_errors(void **st) {
    (void)st;
    const char *s;
    s = "{\"id\":\"x\",\"text\":";
    parse_bad(s, strlen(s), TL_EPARSE, "malformed JSON");
    s = "[1,2,3]";
    parse_bad(s, strlen(s), TL_EPARSE, "expected a JSON object");
    s = "\"just a string\"";
    parse_bad(s, strlen(s), TL_EPARSE, "got a string");
    s = "{\"id\":\"x\"}";
    parse_bad(s, strlen(s), TL_EEMPTY, "missing 'text'");
    s = "{\"id\":\"x\",\"text\":\"  \\n \"}";
    parse_bad(s, strlen(s), TL_EEMPTY, "empty 'text'");
    s = "{\"id\":\"x\",\"text\":7}";
    parse_bad(s, strlen(s), TL_EPARSE, "must be a string");
    s = "{\"id\":[1],\"text\":\"t\"}";
    parse_bad(s, strlen(s), TL_EPARSE, "'id' must be a string");
    s = "{\"id\":\"x\",\"text\":\"a\\u0000b\"}";
    parse_bad(s, strlen(s), TL_EPARSE, "malformed JSON");
    parse_bad("{\"id\":\0}", 8, TL_EINVAL, "NUL byte");
}

/* jsonl_format -> jsonl_parse gives the same article back. */
static void test_format_roundtrip(void **st) {
    (void)st;
    art_t *a = parse_ok("{\"id\":7,\"title\":\" Big  news \",\"source\":{\"name\":\"Wire\"},"
                        "\"date\":\"2026-03-09T10:00:00+02:00\",\"link\":\"http://x/\","
                        "\"body\":\"Line one.\\n\\nLine two \\u00e9.\",\"tags\":[\"a\"],"
                        "\"published_raw\":\"x\"}");
    char *rec;
    size_t len;
    tl_err e;
    assert_int_equal(jsonl_format(a, &rec, &len, &e), TL_OK);
    assert_int_equal(strlen(rec), len);
    assert_null(memchr(rec, '\n', len));
    art_t *b = parse_ok(rec);
    assert_string_equal(b->id, a->id);
    assert_string_equal(b->hash, a->hash);
    assert_string_equal(b->text, a->text);
    assert_string_equal(b->title, a->title);
    assert_string_equal(b->source, a->source);
    assert_string_equal(b->url, a->url);
    assert_string_equal(b->published, a->published);
    assert_true(b->published_ts == a->published_ts);
    assert_string_equal(b->language, a->language);
    assert_string_equal(b->extra, a->extra);
    free(rec);
    art_free(a);
    art_free(b);

    /* a derived id and no optional fields */
    a = parse_ok("{\"text\":\"only text\"}");
    assert_int_equal(jsonl_format(a, &rec, &len, &e), TL_OK);
    b = parse_ok(rec);
    assert_string_equal(b->id, a->id);
    assert_null(b->title);
    assert_null(b->extra);
    free(rec);
    art_free(a);
    art_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_roundtrip),
        cmocka_unit_test(test_fields), cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_missing_id_derived), cmocka_unit_test(test_bad_date_is_a_note),
        cmocka_unit_test(test_invalid_utf8_repaired), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
