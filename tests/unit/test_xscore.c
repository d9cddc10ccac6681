/* test_xscore.c -- unit tests for src/xscore.c: Python's \w+ tokens over
 * Unicode, 4-token shingles (short and empty texts), tp/fp/fn normalized
 * per page, the script's P/R edge rules, macro averages and the seeded
 * bootstrap. Every figure below is computed by hand (and was checked
 * against evaluate.py's formula). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xscore.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static xs_page score(const char *gold, const char *pred) {
    xs_page p;
    tl_err e;
    err_clear(&e);
    assert_int_equal(xs_score_page(gold, gold ? strlen(gold) : 0, pred, pred ? strlen(pred) : 0,
                                   &p, &e),
                     TL_OK);
    return p;
}

/* The tokens of s joined by '|'. */
static void expect_tokens(const char *s, const char *want) {
    char out[512] = "";
    size_t pos = 0, b, n, len = strlen(s), k = 0;
    while (xs_next_token(s, len, &pos, &b, &n)) {
        if (k++) strcat(out, "|");
        strncat(out, s + b, n);
    }
    assert_string_equal(out, want);
    assert_int_equal(xs_count_tokens(s, len), k);
}

/* ------------------------------------------------------------------------
 * Tokens
 * ---------------------------------------------------------------------- */

static void test_tokens_ascii(void **state) {
    (void)state;
    expect_tokens("Hello, world! It's 9:30.", "Hello|world|It|s|9|30");
    expect_tokens("snake_case  x", "snake_case|x");
    expect_tokens("well-known -- __", "well|known|__");
    expect_tokens("", "");
    expect_tokens(" ,.;!? ", "");
    expect_tokens("a\tb\nc\r\nd", "a|b|c|d");
}

static void test_tokens_unicode(void **state) {
    (void)state;
    expect_tokens("caf\xc3\xa9 na\xc3\xafve", "caf\xc3\xa9|na\xc3\xafve");          /* Ll */
    expect_tokens("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80!",
                  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82|\xd0\xbc\xd0\xb8\xd1\x80");
    /* CJK and kana are Lo: no break between them; the ideographic comma
     * (Po) separates */
    expect_tokens("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x80\x81\xe3\x81\xa7\xe3\x81\x99",
                  "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae|\xe3\x81\xa7\xe3\x81\x99");
    expect_tokens("2024\xe5\xb9\xb4", "2024\xe5\xb9\xb4");                             /* Nd + Lo */
    /* Arabic-Indic digits (Nd); superscript two and one half (No) */
    expect_tokens("\xd9\xa3\xd9\xa4 x\xc2\xb2\xc2\xbd", "\xd9\xa3\xd9\xa4|x\xc2\xb2\xc2\xbd");
    expect_tokens("\xe2\x85\xab", "\xe2\x85\xab");                                     /* Nl: XII */
    expect_tokens("\xc7\x85x", "\xc7\x85x");                                           /* Lt */
    /* combining acute (Mn) is not a word character: "cafe" + U+0301 + "s" */
    expect_tokens("cafe\xcc\x81s", "cafe|s");
    /* Devanagari vowel signs (Mc) and virama (Mn) split the word */
    expect_tokens("\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80",
                  "\xe0\xa4\xb9|\xe0\xa4\xa8|\xe0\xa4\xa6");
    expect_tokens("a\xe2\x80\x83" "b", "a|b");                                         /* em space */
    expect_tokens("ok\xf0\x9f\x98\x80ok", "ok|ok");                                    /* emoji: So */
    expect_tokens("ab\xff" "cd\xc3", "ab|cd");                                         /* invalid bytes */
}

/* ------------------------------------------------------------------------
 * One page
 * ---------------------------------------------------------------------- */

static void test_identical(void **state) {
    (void)state;
    xs_page p = score("The quick brown fox jumps over", "The quick brown fox jumps over");
    assert_int_equal(p.gold_tokens, 6);
    assert_int_equal(p.gold_shingles, 3);
    assert_int_equal(p.common, 3);
    NEAR(p.tp, 1);
    NEAR(p.fp, 0);
    NEAR(p.fn, 0);
    NEAR(xs_precision(&p), 1);
    NEAR(xs_recall(&p), 1);
    assert_true(p.exact);
    /* punctuation and spacing do not matter, case does */
    p = score("The quick brown fox jumps over", "  The quick, brown fox -- jumps over!\n");
    assert_true(p.exact);
    NEAR(xs_page_f1(&p), 1);
    p = score("The quick brown fox jumps over", "the quick brown fox jumps over");
    assert_false(p.exact);
    assert_int_equal(p.common, 2);
}

static void test_disjoint(void **state) {
    (void)state;
    /* gold: 2 shingles, pred: 1; tp 0, fp 1, fn 2 -> /3 */
    xs_page p = score("a b c d e", "v w x y");
    assert_int_equal(p.common, 0);
    NEAR(p.tp, 0);
    NEAR(p.fp, 1.0 / 3);
    NEAR(p.fn, 2.0 / 3);
    NEAR(xs_precision(&p), 0);
    NEAR(xs_recall(&p), 0);
    NEAR(xs_page_f1(&p), 0);
    assert_true(xs_counts_precision(&p));
    assert_true(xs_counts_recall(&p));
    assert_false(p.exact);
}

static void test_partial(void **state) {
    (void)state;
    /* gold abcd bcde cdef; pred abcd bcde cdex dexy: tp 2, fp 2, fn 1 */
    xs_page p = score("a b c d e f", "a b c d e x y");
    assert_int_equal(p.gold_shingles, 3);
    assert_int_equal(p.pred_shingles, 4);
    assert_int_equal(p.common, 2);
    NEAR(p.tp, 0.4);
    NEAR(p.fp, 0.4);
    NEAR(p.fn, 0.2);
    NEAR(xs_precision(&p), 0.5);
    NEAR(xs_recall(&p), 2.0 / 3);
    NEAR(xs_page_f1(&p), 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3));
    /* multisets: abcd twice in gold, once in pred -> tp 1, fp 0, fn 4 */
    p = score("a b c d a b c d", "a b c d");
    assert_int_equal(p.common, 1);
    NEAR(p.tp, 0.2);
    NEAR(p.fp, 0);
    NEAR(p.fn, 0.8);
    NEAR(xs_precision(&p), 1);
    NEAR(xs_recall(&p), 0.2);
    /* ... and the other way round: a repeated prediction is clipped */
    p = score("a b c d", "a b c d a b c d");
    assert_int_equal(p.common, 1);
    NEAR(xs_precision(&p), 0.2);
    NEAR(xs_recall(&p), 1);
    /* order matters: the same tokens shuffled share no shingle */
    p = score("a b c d e", "e d c b a");
    assert_int_equal(p.common, 0);
}

static void test_short(void **state) {
    (void)state;
    /* fewer than 4 tokens: one shingle of all of them */
    xs_page p = score("hello world", "Hello world");
    assert_int_equal(p.gold_shingles, 1);
    assert_int_equal(p.common, 0);
    p = score("hello world", "hello, world!");
    assert_int_equal(p.common, 1);
    NEAR(xs_precision(&p), 1);
    NEAR(xs_recall(&p), 1);
    assert_true(p.exact);
    /* a short shingle never equals a longer one */
    p = score("hello world", "hello world again");
    assert_int_equal(p.common, 0);
    NEAR(p.fp, 0.5);
    NEAR(p.fn, 0.5);
    p = score("a b c", "a b c d");
    assert_int_equal(p.common, 0);
    /* one token */
    p = score("word", "word");
    assert_int_equal(p.gold_shingles, 1);
    NEAR(p.tp, 1);
    /* exactly 4 tokens: one full shingle */
    p = score("a b c d", "a b c d");
    assert_int_equal(p.gold_shingles, 1);
    assert_int_equal(p.common, 1);
}

static void test_empty(void **state) {
    (void)state;
    /* empty prediction: (0, 0, 1); counts for recall (0), not precision */
    xs_page p = score("a b c d e", "");
    assert_int_equal(p.pred_shingles, 0);
    NEAR(p.tp, 0);
    NEAR(p.fp, 0);
    NEAR(p.fn, 1);
    assert_false(xs_counts_precision(&p));
    assert_true(xs_counts_recall(&p));
    NEAR(xs_recall(&p), 0);
    NEAR(xs_precision(&p), 0);   /* tp = fp = 0 */
    assert_false(p.exact);
    /* NULL is empty too; so is text without a word character */
    p = score("a b c d e", NULL);
    NEAR(p.fn, 1);
    p = score("a b c d e", " -- ... !");
    NEAR(p.fn, 1);
    /* prediction without gold: (0, 1, 0); counts for precision (0) */
    p = score("", "a b c d e");
    NEAR(p.fp, 1);
    assert_true(xs_counts_precision(&p));
    assert_false(xs_counts_recall(&p));
    NEAR(xs_precision(&p), 0);
    /* both empty: no shingle at all; counts for neither; tokens equal */
    p = score("", "...");
    NEAR(p.tp + p.fp + p.fn, 0);
    assert_false(xs_counts_precision(&p));
    assert_false(xs_counts_recall(&p));
    NEAR(xs_precision(&p), 1);   /* fp = fn = 0 */
    assert_true(p.exact);
}

static void test_unicode_page(void **state) {
    (void)state;
    /* "Привет мир это тест" (4 tokens) against itself with punctuation */
    const char *g = "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80 "
                    "\xd1\x8d\xd1\x82\xd0\xbe \xd1\x82\xd0\xb5\xd1\x81\xd1\x82";
    const char *q = "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80! "
                    "\xd1\x8d\xd1\x82\xd0\xbe \xe2\x80\x94 \xd1\x82\xd0\xb5\xd1\x81\xd1\x82.";
    xs_page p = score(g, q);
    assert_int_equal(p.gold_tokens, 4);
    assert_true(p.exact);
    NEAR(xs_page_f1(&p), 1);
    /* a decomposed "café" (e + U+0301) is the token "cafe": it differs from
     * the precomposed one; "cafés" decomposed is two tokens */
    p = score("un caf\xc3\xa9 au lait", "un cafe\xcc\x81 au lait");
    assert_int_equal(p.gold_tokens, 4);
    assert_int_equal(p.pred_tokens, 4);
    assert_int_equal(p.common, 0);
    assert_false(p.exact);
    p = score("des caf\xc3\xa9s", "des cafe\xcc\x81s");
    assert_int_equal(p.gold_tokens, 2);
    assert_int_equal(p.pred_tokens, 3);
}

/* Long texts: the tables grow; one changed word costs 4 shingles each side. */
static void test_long(void **state) {
    (void)state;
    size_t nw = 50000, cap = nw * 8 + 1;
    char *g = malloc(cap), *q = malloc(cap);
    size_t a = 0;
    uint32_t x = 12345;
    for (size_t i = 0; i < nw; i++) {
        x = x * 1103515245u + 12345u;
        a += (size_t)snprintf(g + a, cap - a, "w%u ", (x >> 16) % 5000);
    }
    memcpy(q, g, a + 1);
    xs_page p = score(g, q);
    assert_int_equal(p.gold_tokens, nw);
    assert_int_equal(p.common, nw - 3);
    assert_true(p.exact);
    char *mid = strchr(q + a / 2, ' ') + 1;   /* start of a word in the middle */
    mid[0] = 'Z';
    p = score(g, q);
    assert_int_equal(p.common, nw - 3 - 4);
    assert_false(p.exact);
    NEAR(p.fp, 4.0 / (double)(nw - 3 + 4));
    free(g);
    free(q);
}

/* ------------------------------------------------------------------------
 * Overall figures
 * ---------------------------------------------------------------------- */

static void test_aggregate(void **state) {
    (void)state;
    xs_page v[4];
    v[0] = score("a b c d e f", "a b c d e f");     /* P 1, R 1, exact */
    v[1] = score("a b c d e f", "a b c d e x y");   /* P .5, R 2/3 */
    v[2] = score("a b c d e f", "");                /* R 0 only */
    v[3] = score("", "");                           /* neither; exact */
    xs_summary m;
    tl_err e;
    err_clear(&e);
    assert_int_equal(xs_aggregate(v, 4, 0, 1, &m, &e), TL_OK);
    assert_int_equal(m.pages, 4);
    assert_int_equal(m.precision_pages, 2);
    assert_int_equal(m.recall_pages, 3);
    assert_int_equal(m.exact_pages, 2);
    NEAR(m.precision, 0.75);
    NEAR(m.recall, (1 + 2.0 / 3) / 3);
    NEAR(m.f1, 2 * 0.75 * m.recall / (0.75 + m.recall));
    NEAR(m.accuracy, 0.5);
    NEAR(m.f1_sd, 0);
    assert_int_equal(m.bootstrap, 0);

    /* bootstrap: some spread, the same for the same seed */
    xs_summary b1, b2, b3;
    assert_int_equal(xs_aggregate(v, 4, 1000, 7, &b1, &e), TL_OK);
    assert_int_equal(xs_aggregate(v, 4, 1000, 7, &b2, &e), TL_OK);
    assert_int_equal(xs_aggregate(v, 4, 1000, 8, &b3, &e), TL_OK);
    assert_int_equal(b1.bootstrap, 1000);
    NEAR(b1.f1, m.f1);   /* the figures themselves are not resampled */
    assert_true(b1.f1_sd > 0.01 && b1.f1_sd < 0.5);
    assert_true(b1.accuracy_sd > 0.1 && b1.accuracy_sd < 0.4);   /* ~ 0.5 / sqrt(4) */
    assert_true(b1.f1_sd == b2.f1_sd && b1.recall_sd == b2.recall_sd);
    assert_true(b1.f1_sd != b3.f1_sd);

    /* identical pages: no spread */
    xs_page same[3] = {v[0], v[0], v[0]};
    assert_int_equal(xs_aggregate(same, 3, 100, 1, &m, &e), TL_OK);
    NEAR(m.f1, 1);
    NEAR(m.f1_sd, 0);
    NEAR(m.precision_sd, 0);

    /* no prediction at all: precision is a mean over nothing (0) */
    xs_page none[2] = {v[2], v[2]};
    assert_int_equal(xs_aggregate(none, 2, 0, 1, &m, &e), TL_OK);
    assert_int_equal(m.precision_pages, 0);
    NEAR(m.precision, 0);
    NEAR(m.f1, 0);

    assert_int_equal(xs_aggregate(v, 0, 10, 1, &m, &e), TL_EEMPTY);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_ascii),  cmocka_unit_test(test_tokens_unicode),
        cmocka_unit_test(test_identical),     cmocka_unit_test(test_disjoint),
        cmocka_unit_test(test_partial),       cmocka_unit_test(test_short),
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_unicode_page),
        cmocka_unit_test(test_long),          cmocka_unit_test(test_aggregate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
