/* test_stem.c -- unit tests for src/stem.c and src/stop.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stem.h"
#include "stop.h"
#include "tok.h"

/* ------------------------------------------------------------------------
 * Stemmer
 * ---------------------------------------------------------------------- */

static void expect_stem(stem_t *st, const char *w, const char *want) {
    size_t n;
    const char *r = stem_word(st, w, strlen(w), &n);
    assert_non_null(r);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(r, want, n);
    assert_int_equal(r[n], '\0');
}

static void test_english(void **state) {
    (void)state;
    stem_t *st = stem_new("en");
    assert_non_null(st);
    assert_string_equal(stem_algorithm(st), "english");
    expect_stem(st, "negotiations", "negoti");
    expect_stem(st, "negotiated", "negoti");
    expect_stem(st, "meeting", "meet");
    expect_stem(st, "meetings", "meet");
    expect_stem(st, "troops", "troop");
    expect_stem(st, "summit", "summit");
    expect_stem(st, "trump's", "trump");
    expect_stem(st, "", "");
    stem_free(st);
}

static void test_languages(void **state) {
    (void)state;
    static const struct { const char *code, *algo; } cases[] = {
        {"de", "german"}, {"fr", "french"}, {"es", "spanish"}, {"it", "italian"},
        {"pt", "portuguese"}, {"nl", "dutch"}, {"ru", "russian"},
        {NULL, "english"}, {"und", "english"}, {"xx", "english"}, {"", "english"},
        {"swedish", "swedish"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        stem_t *st = stem_new(cases[i].code);
        assert_non_null(st);
        assert_string_equal(stem_algorithm(st), cases[i].algo);
        stem_free(st);
    }
    stem_t *de = stem_new("de");
    expect_stem(de, "verhandlungen", "verhandl");
    stem_free(de);
    stem_t *ru = stem_new("ru");
    /* переговоры -> переговор */
    expect_stem(ru,
                "\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD1\x8B",
                "\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80");
    stem_free(ru);
    stem_free(NULL);
}

/* The pipeline as clustering runs it: fold, then stem. */
static void test_fold_then_stem(void **state) {
    (void)state;
    stem_t *st = stem_new("en");
    char f[64];
    size_t n = tok_fold("Negotiations", 12, f, sizeof(f)), m;
    const char *r = stem_word(st, f, n, &m);
    assert_int_equal(m, 6);
    assert_memory_equal(r, "negoti", 6);
    stem_free(st);
}

/* The stem cache never changes a result: words seen once by one stemmer
 * and many times (colliding in the cache) by another stem the same. */
static void test_cache(void **state) {
    (void)state;
    static const char *const parts[] = {"negotiat", "meet", "agree", "troop",
                                        "nation", "connect", "general"};
    static const char *const ends[] = {"ions", "ing", "ed", "s", "", "ation", "ally"};
    stem_t *a = stem_new("en"), *b = stem_new("en");
    char w[64], first[64];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 3000; i++) {
            snprintf(w, sizeof(w), "%s%s%d", parts[i % 7], ends[(i / 7) % 7],
                     round == 2 ? i : i / 49);
            size_t n = strlen(w), an, bn;
            const char *ra = stem_word(a, w, n, &an);
            assert_non_null(ra);
            memcpy(first, ra, an + 1);
            ra = stem_word(a, w, n, &an);           /* now from the cache */
            assert_int_equal(strlen(first), an);
            assert_memory_equal(first, ra, an + 1);
            const char *rb = stem_word(b, w, n, &bn);
            assert_int_equal(an, bn);
            assert_memory_equal(first, rb, bn + 1);
        }
    /* Longer than the cache key: still stemmed. */
    const char *lw = "internationalizationsinternationalizations";
    size_t n;
    assert_non_null(stem_word(a, lw, strlen(lw), &n));
    assert_true(n > 0 && n < strlen(lw));
    stem_free(a);
    stem_free(b);
}

/* ------------------------------------------------------------------------
 * Stopwords
 * ---------------------------------------------------------------------- */

/* Runs first, so the lazily built set is built under contention. */
static void *stop_worker(void *arg) {
    long bad = 0;
    for (int r = 0; r < 200; r++)
        for (size_t i = 0; stop_word_at(i); i++)
            bad += !stop_is(stop_word_at(i), strlen(stop_word_at(i)));
    bad += stop_is("summit", 6);
    *(long *)arg = bad;
    return NULL;
}

static void test_stop_threads(void **state) {
    (void)state;
    pthread_t th[4];
    long bad[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, stop_worker, &bad[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(bad[i], 0);
    }
}

static int is_stop(const char *w) { return stop_is(w, strlen(w)); }

static void test_stopwords(void **state) {
    (void)state;
    const char *yes[] = {"the", "a", "of", "and", "would", "could", "said", "says",
                         "told", "according", "mr", "mrs", "also", "yourselves",
                         "don't", "'s", "it's", "through"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (!is_stop(yes[i])) fail_msg("'%s' should be a stopword", yes[i]);
    const char *no[] = {"summit", "trump", "putin", "troops", "the ", "th", "thee",
                        "", "yourselvesx", "The", "z", "'", "zzzz", "aaa"};
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (is_stop(no[i])) fail_msg("'%s' should not be a stopword", no[i]);
    /* Only the n bytes count; an embedded NUL is not a terminator. */
    assert_true(stop_is("thereby", 3));
    assert_false(stop_is("thereby", 7));
    assert_false(stop_is("a\0", 2));
}

static void test_stop_table(void **state) {
    (void)state;
    size_t n = 0;
    for (const char *w, *prev = NULL; (w = stop_word_at(n)) != NULL; prev = w, n++) {
        if (prev && strcmp(prev, w) >= 0) fail_msg("not sorted: '%s' >= '%s'", prev, w);
        if (!stop_is(w, strlen(w))) fail_msg("'%s' not found", w);
        /* Every entry is already folded. */
        char f[32];
        size_t fn = tok_fold(w, strlen(w), f, sizeof(f));
        assert_int_equal(fn, strlen(w));
        assert_memory_equal(f, w, fn);
    }
    assert_true(n >= 350 && n <= 400);
    /* general words are in, topical ones are not */
    const char *in[] = {"us", "came", "though", "yesterday", "several"};
    const char *out[] = {"summit", "trilateral", "monday", "police", "war"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(stop_is(in[i], strlen(in[i])));
        assert_false(stop_is(out[i], strlen(out[i])));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stop_threads),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_fold_then_stem),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_stop_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
