/* test_sent.c -- unit tests for src/sent.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sent.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static int is_blank(unsigned char c) { return c == ' ' || c == '\n' || c == '\t'; }

/* Split s and compare with the expected sentences (NULL-terminated). Also
 * checks the invariants: in order, non-overlapping, trimmed, non-empty. */
static void expect_sents(const char *s, const char *const *want) {
    sent_list l = SENT_LIST_INIT;
    size_t len = strlen(s);
    assert_int_equal(sent_split(s, len, &l), TL_OK);
    size_t k = 0, prev_end = 0;
    for (; want[k]; k++) {
        if (k >= l.n) fail_msg("[%s]\n  sentence %zu missing: [%s]", s, k, want[k]);
        const sent_t *t = &l.v[k];
        assert_true(t->start < t->end && t->end <= len && t->start >= prev_end);
        assert_false(is_blank((unsigned char)s[t->start]));
        assert_false(is_blank((unsigned char)s[t->end - 1]));
        prev_end = t->end;
        size_t n = t->end - t->start;
        if (n != strlen(want[k]) || memcmp(s + t->start, want[k], n) != 0)
            fail_msg("[%s]\n  sentence %zu is [%.*s]\n  want [%s]", s, k, (int)n,
                     s + t->start, want[k]);
    }
    if (l.n != k) {
        const sent_t *t = &l.v[k];
        fail_msg("[%s]\n  %zu sentences, want %zu; extra: [%.*s]", s, l.n, k,
                 (int)(t->end - t->start), s + t->start);
    }
    sent_list_free(&l);
}

#define S(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ------------------------------------------------------------------------
 * Abbreviations and initials
 * ---------------------------------------------------------------------- */

static void test_titles(void **st) {
    (void)st;
    expect_sents("Mr. Smith went to Washington. Dr. Jones stayed.",
                 S("Mr. Smith went to Washington.", "Dr. Jones stayed."));
    expect_sents("Joint Chiefs Chairman General Dan Caine and his staff have been "
                 "involved. Gen. Caine said so.",
                 S("Joint Chiefs Chairman General Dan Caine and his staff have been involved.",
                   "Gen. Caine said so."));
    expect_sents("Mrs. Ostrova met Prof. Lind and Sen. Ward. They agreed.",
                 S("Mrs. Ostrova met Prof. Lind and Sen. Ward.", "They agreed."));
    expect_sents("The summit in St. Aldric ended. It was short.",
                 S("The summit in St. Aldric ended.", "It was short."));
    expect_sents("It is on Main St. The office is closed.",
                 S("It is on Main St.", "The office is closed."));
}

static void test_places(void **st) {
    (void)st;
    expect_sents("Washington D.C.: Following high-level discussions at the White House, "
                 "U.S. President Donald Trump announced plans. He added more.",
                 S("Washington D.C.: Following high-level discussions at the White House, "
                   "U.S. President Donald Trump announced plans.",
                   "He added more."));
    expect_sents("Troops returned to the U.S. The war was over.",
                 S("Troops returned to the U.S.", "The war was over."));
    expect_sents("The U.N. Security Council met. The E.U. envoy spoke.",
                 S("The U.N. Security Council met.", "The E.U. envoy spoke."));
    expect_sents("He lives in Springfield, Ill. Officials declined. Acme Inc. He left.",
                 S("He lives in Springfield, Ill. Officials declined.", "Acme Inc.",
                   "He left."));
}

static void test_times_dates(void **st) {
    (void)st;
    expect_sents("The meeting ended at 3 a.m. on Monday. Then they left.",
                 S("The meeting ended at 3 a.m. on Monday.", "Then they left."));
    expect_sents("It ended at 3 p.m. Officials left.",
                 S("It ended at 3 p.m.", "Officials left."));
    expect_sents("Talks resume at 10 a.m. Tuesday in Geneva. At 9 a.m. ET it starts.",
                 S("Talks resume at 10 a.m. Tuesday in Geneva.", "At 9 a.m. ET it starts."));
    expect_sents("The deal was signed Jan. 5 in Oslo. Sept. 11 changed it. No. 10 agreed.",
                 S("The deal was signed Jan. 5 in Oslo.", "Sept. 11 changed it.",
                   "No. 10 agreed."));
    expect_sents("The answer was No. Nobody asked again.",
                 S("The answer was No.", "Nobody asked again."));
}

static void test_initials_numbers(void **st) {
    (void)st;
    expect_sents("John F. Kennedy was president. He died in 1963.",
                 S("John F. Kennedy was president.", "He died in 1963."));
    expect_sents("J. R. R. Tolkien wrote it. Plan B. The rest failed.",
                 S("J. R. R. Tolkien wrote it.", "Plan B.", "The rest failed."));
    expect_sents("The rate rose 3.5 percent. It fell.",
                 S("The rate rose 3.5 percent.", "It fell."));
    expect_sents("Costs, fees etc. are listed. Prices fell 2.5% in 2025. 40 people came.",
                 S("Costs, fees etc. are listed.", "Prices fell 2.5% in 2025.",
                   "40 people came."));
    expect_sents("See e.g. Smith v. Jones for details. Done.",
                 S("See e.g. Smith v. Jones for details.", "Done."));
}

/* ------------------------------------------------------------------------
 * Punctuation, quotes and lines
 * ---------------------------------------------------------------------- */

static void test_terminators(void **st) {
    (void)st;
    expect_sents("Really? Yes! Wait... what? He left\xE2\x80\xA6 Then?!",
                 S("Really?", "Yes!", "Wait... what?", "He left\xE2\x80\xA6", "Then?!"));
    expect_sents("He admired Reagan . . . because of it. Done. . . . Next one.",
                 S("He admired Reagan . . . because of it.", "Done. . . .", "Next one."));
    expect_sents("See example.com. The site 3.5.1 is down.",
                 S("See example.com.", "The site 3.5.1 is down."));
    expect_sents("(He left.) Then she came.", S("(He left.)", "Then she came."));
    expect_sents("\xE4\xBB\x8A\xE5\xA4\xA9\xE3\x80\x82\xE6\x98\x8E\xE5\xA4\xA9\xEF\xBC\x81",
                 S("\xE4\xBB\x8A\xE5\xA4\xA9\xE3\x80\x82",
                   "\xE6\x98\x8E\xE5\xA4\xA9\xEF\xBC\x81"));
    expect_sents("  no final stop  ", S("no final stop"));
    expect_sents("", (const char *const[]){NULL});
    expect_sents(" \n\n \n", (const char *const[]){NULL});
}

static void test_quotes(void **st) {
    (void)st;
    expect_sents("\xE2\x80\x9CI called President Putin. After that meeting takes place, we "
                 "will have a Trilat,\xE2\x80\x9D Trump wrote. Next sentence.",
                 S("\xE2\x80\x9CI called President Putin. After that meeting takes place, "
                   "we will have a Trilat,\xE2\x80\x9D Trump wrote.",
                   "Next sentence."));
    /* The closing quote after the period belongs to the sentence. */
    expect_sents("He said: \xE2\x80\x9CThis is the first step.\xE2\x80\x9D He left.",
                 S("He said: \xE2\x80\x9CThis is the first step.\xE2\x80\x9D", "He left."));
    expect_sents("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. \"Go. Now,\" she said.",
                 S("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked.", "\"Go. Now,\" she said."));
    /* Four sentences inside: too long to keep whole. */
    expect_sents("\xE2\x80\x9COne. Two. Three. Four,\xE2\x80\x9D he said.",
                 S("\xE2\x80\x9COne.", "Two.", "Three.", "Four,\xE2\x80\x9D he said."));
    /* Three is still one quotation. */
    expect_sents("\xE2\x80\x9COne. Two. Three,\xE2\x80\x9D he said. Then.",
                 S("\xE2\x80\x9COne. Two. Three,\xE2\x80\x9D he said.", "Then."));
    /* Unclosed on its line: split as plain text. */
    expect_sents("\xE2\x80\x9COne. Two.\nThree.", S("\xE2\x80\x9COne.", "Two.", "Three."));
    /* Detokenized text: a closing quote standing alone. */
    expect_sents("She knows everyone there. \"\nLohan left. \" He said so. '' Then.",
                 S("She knows everyone there. \"", "Lohan left. \"", "He said so. ''",
                   "Then."));
    /* A bracket after an abbreviation is not a new sentence. */
    expect_sents("TRENTON, N.J. (AP) - A leader spoke. U.S. \"We agree,\" he said.",
                 S("TRENTON, N.J. (AP) - A leader spoke.", "U.S.",
                   "\"We agree,\" he said."));
    /* German quotes. */
    expect_sents("\xE2\x80\x9E" "Ja. Nein,\xE2\x80\x9C sagte er. Gut.",
                 S("\xE2\x80\x9E" "Ja. Nein,\xE2\x80\x9C sagte er.", "Gut."));
}

static void test_lines(void **st) {
    (void)st;
    expect_sents("White House Discussions with European Leaders\n\nAfter an initial "
                 "meeting, they met.",
                 S("White House Discussions with European Leaders",
                   "After an initial meeting, they met."));
    /* One paragraph per line: a newline ends a heading or a paragraph. */
    expect_sents("A summit in St. Aldric\nForeign Minister Lena Ostrova said so.\n"
                 "Talks went on",
                 S("A summit in St. Aldric", "Foreign Minister Lena Ostrova said so.",
                   "Talks went on"));
    /* A line that plainly continues does not end the sentence. */
    expect_sents("The two leaders met with\nthe envoy on Sunday,\nPresident Varenko said.",
                 S("The two leaders met with\nthe envoy on Sunday,\nPresident Varenko said."));
    /* An abbreviation at the end of a paragraph still ends it. */
    expect_sents("They flew to the U.S.\nThey landed.",
                 S("They flew to the U.S.", "They landed."));
    expect_sents("Line one\r\n\r\nLine two", S("Line one", "Line two"));
}

static void test_offsets_and_reuse(void **st) {
    (void)st;
    const char *s = "  One.  Two.\n";
    sent_list l = SENT_LIST_INIT;
    assert_int_equal(sent_split(s, strlen(s), &l), TL_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].start, 2);
    assert_int_equal(l.v[0].end, 6);
    assert_int_equal(l.v[1].start, 8);
    assert_int_equal(l.v[1].end, 12);
    assert_int_equal(sent_split("Three.", 6, &l), TL_OK);   /* appends */
    assert_int_equal(l.n, 3);
    /* NBSP around a sentence is trimmed too. */
    l.n = 0;
    const char *nb = "\xC2\xA0Hi.\xC2\xA0";
    assert_int_equal(sent_split(nb, strlen(nb), &l), TL_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].start, 2);
    assert_int_equal(l.v[0].end, 5);
    sent_list_free(&l);
}

/* Many sentences force the list to grow; every byte sequence is safe. */
static void test_growth_and_garbage(void **st) {
    (void)st;
    size_t n = 5000;
    char *s = malloc(n * 4 + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) memcpy(s + 4 * i, "Ab. ", 4);
    sent_list l = SENT_LIST_INIT;
    assert_int_equal(sent_split(s, n * 4, &l), TL_OK);
    assert_int_equal(l.n, n);
    unsigned seed = 7;
    for (int round = 0; round < 500; round++) {
        for (size_t i = 0; i < 256; i++) {
            seed = seed * 1103515245u + 12345u;
            static const char pool[] = ".!? \n\"'()\xE2\x80\x9C\x9D\xA6\xC2\xA0\xBB" "aZ3";
            s[i] = pool[(seed >> 16) % (sizeof(pool) - 1)];
        }
        l.n = 0;
        assert_int_equal(sent_split(s, 256, &l), TL_OK);
        for (size_t k = 0; k < l.n; k++) {
            assert_true(l.v[k].start < l.v[k].end && l.v[k].end <= 256);
            if (k) assert_true(l.v[k].start >= l.v[k - 1].end);
        }
    }
    sent_list_free(&l);
    free(s);
}

/* Inputs that would be quadratic without care: a long line of unclosed
 * quotes, long runs of dots and spaces. Finishes in milliseconds; a
 * regression shows up as a time-out. */
static void test_pathological(void **st) {
    (void)st;
    size_t n = 1 << 20;
    char *s = malloc(n);
    assert_non_null(s);
    sent_list l = SENT_LIST_INIT;
    for (size_t i = 0; i + 6 <= n; i += 6) memcpy(s + i, "\xE2\x80\x9C" "Ab ", 6);
    assert_int_equal(sent_split(s, n - n % 6, &l), TL_OK);
    assert_int_equal(l.n, 1);
    for (size_t i = 0; i + 3 <= n; i += 3) memcpy(s + i, "\" \"", 3);
    l.n = 0;
    assert_int_equal(sent_split(s, n - n % 3, &l), TL_OK);
    memset(s, '.', n / 2);
    memset(s + n / 2, ' ', n / 2);
    l.n = 0;
    assert_int_equal(sent_split(s, n, &l), TL_OK);
    assert_int_equal(l.n, 1);
    sent_list_free(&l);
    free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_times_dates),
        cmocka_unit_test(test_initials_numbers),
        cmocka_unit_test(test_terminators),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_offsets_and_reuse),
        cmocka_unit_test(test_growth_and_garbage),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
