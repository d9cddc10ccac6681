/* test_tok.c -- unit tests for src/tok.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "tok.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* White space as the tokenizer sees it, for the texts used here: ASCII
 * blanks and U+00A0. Returns the byte length at s[i], 0 if not a space. */
static size_t test_space(const char *s, size_t len, size_t i) {
    unsigned c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) return 2;
    return 0;
}

/* Tokens are in order, non-empty, non-overlapping, inside the text, and
 * cover every non-space byte exactly once. */
static void check_cover(const char *s, size_t len, const tok_list *l) {
    size_t pos = 0;
    for (size_t k = 0; k < l->n; k++) {
        const tok_t *t = &l->v[k];
        assert_true(t->start < t->end);
        assert_true(t->end <= len);
        assert_true(t->start >= pos);
        while (pos < t->start) {
            size_t n = test_space(s, len, pos);
            if (!n) fail_msg("byte %zu (0x%02x) not covered", pos, (unsigned char)s[pos]);
            pos += n;
        }
        for (size_t b = t->start; b < t->end; b++)
            assert_false(s[b] == ' ' || s[b] == '\n');
        pos = t->end;
    }
    while (pos < len) {
        size_t n = test_space(s, len, pos);
        if (!n) fail_msg("trailing byte %zu not covered", pos);
        pos += n;
    }
}

typedef struct {
    const char *text;
    uint32_t flags;
} want_t;

/* Tokenize s and compare with the expected tokens (NULL-terminated). */
static void expect_toks(const char *s, const want_t *want) {
    tok_list l = TOK_LIST_INIT;
    size_t len = strlen(s);
    assert_int_equal(tok_text(s, len, &l), TL_OK);
    check_cover(s, len, &l);
    size_t k = 0;
    for (; want[k].text; k++) {
        if (k >= l.n) fail_msg("%s: token %zu missing (want '%s')", s, k, want[k].text);
        const tok_t *t = &l.v[k];
        char got[256];
        snprintf(got, sizeof(got), "%.*s", (int)(t->end - t->start), s + t->start);
        if (strcmp(got, want[k].text) != 0 || t->flags != want[k].flags)
            fail_msg("%s: token %zu is '%s' flags 0x%x, want '%s' 0x%x", s, k, got,
                     t->flags, want[k].text, want[k].flags);
    }
    if (l.n != k) fail_msg("%s: %zu tokens, want %zu", s, l.n, k);
    tok_list_free(&l);
}

#define W TOK_WORD
#define N TOK_NUM
#define P TOK_PUNCT
#define C TOK_CAP
#define A TOK_ALLCAP
#define AB TOK_ABBR
#define H TOK_HYPHEN

/* ------------------------------------------------------------------------
 * Tokenizer
 * ---------------------------------------------------------------------- */

static void test_words_and_flags(void **st) {
    (void)st;
    expect_toks("The NATO summit, G7 and iPhone 3rd 1990s.",
                (want_t[]){{"The", W | C}, {"NATO", W | C | A}, {"summit", W},
                           {",", P}, {"G7", W | C}, {"and", W}, {"iPhone", W},
                           {"3rd", N | W}, {"1990s", N | W}, {".", P}, {NULL, 0}});
    expect_toks("  \n\t ", (want_t[]){{NULL, 0}});
    expect_toks("", (want_t[]){{NULL, 0}});
}

static void test_numbers(void **st) {
    (void)st;
    expect_toks("1,000 troops, 3.5 percent, 20% and $4.2bn in 2026.",
                (want_t[]){{"1,000", N}, {"troops", W}, {",", P}, {"3.5", N},
                           {"percent", W}, {",", P}, {"20", N}, {"%", P}, {"and", W},
                           {"$", P}, {"4.2bn", N | W}, {"in", W}, {"2026", N},
                           {".", P}, {NULL, 0}});
    /* A separator needs a digit on both sides. */
    expect_toks("1, 2. 3,x v1.2",
                (want_t[]){{"1", N}, {",", P}, {"2", N}, {".", P}, {"3", N}, {",", P},
                           {"x", W}, {"v1.2", W}, {NULL, 0}});
}

static void test_hyphens(void **st) {
    (void)st;
    expect_toks("Putin-Zelensky talks, COVID-19, two-and-a-half-year dispute",
                (want_t[]){{"Putin-Zelensky", W | C | H}, {"talks", W}, {",", P},
                           {"COVID-19", W | C | A | H}, {",", P},
                           {"two-and-a-half-year", W | H}, {"dispute", W}, {NULL, 0}});
    /* Dashes are punctuation; a hyphen needs a letter or digit on both sides. */
    expect_toks("2019\xE2\x80\x93" "2020 -5 well- x\xE2\x80\x94y",
                (want_t[]){{"2019", N}, {"\xE2\x80\x93", P}, {"2020", N}, {"-", P},
                           {"5", N}, {"well", W}, {"-", P}, {"x", W},
                           {"\xE2\x80\x94", P}, {"y", W}, {NULL, 0}});
}

static void test_possessives_apostrophes(void **st) {
    (void)st;
    expect_toks("Trump\xE2\x80\x99s plan and Putin's",
                (want_t[]){{"Trump", W | C}, {"\xE2\x80\x99s", TOK_POSS}, {"plan", W},
                           {"and", W}, {"Putin", W | C}, {"'s", TOK_POSS}, {NULL, 0}});
    expect_toks("don't O\xE2\x80\x99" "Brien it's NATO'S",
                (want_t[]){{"don't", W}, {"O\xE2\x80\x99" "Brien", W | C}, {"it", W},
                           {"'s", TOK_POSS}, {"NATO", W | C | A}, {"'S", TOK_POSS},
                           {NULL, 0}});
    /* Trailing apostrophe, quotes, "'s" followed by more letters. */
    expect_toks("leaders\xE2\x80\x99 summit 'said' O'Sullivan",
                (want_t[]){{"leaders", W}, {"\xE2\x80\x99", P}, {"summit", W},
                           {"'", P}, {"said", W}, {"'", P},
                           {"O'Sullivan", W | C}, {NULL, 0}});
}

static void test_abbreviations(void **st) {
    (void)st;
    expect_toks("U.S. officials in Washington D.C.: at 3 a.m. e.g. Mr. Smith",
                (want_t[]){{"U.S.", W | AB | C | A}, {"officials", W}, {"in", W},
                           {"Washington", W | C}, {"D.C.", W | AB | C | A}, {":", P},
                           {"at", W}, {"3", N}, {"a.m.", W | AB}, {"e.g.", W | AB},
                           {"Mr", W | C}, {".", P}, {"Smith", W | C}, {NULL, 0}});
    /* Single initials, ellipsis, a dotted run without the final period. */
    expect_toks("John F. Kennedy... U.S-led",
                (want_t[]){{"John", W | C}, {"F", W | C}, {".", P},
                           {"Kennedy", W | C}, {"...", P}, {"U", W | C}, {".", P},
                           {"S-led", W | C | H}, {NULL, 0}});
}

static void test_non_latin(void **st) {
    (void)st;
    expect_toks("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD0\xB8 "
                "\xD0\x9D\xD0\x90\xD0\xA2\xD0\x9E",    /* Москва и НАТО */
                (want_t[]){{"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", W | C},
                           {"\xD0\xB8", W},
                           {"\xD0\x9D\xD0\x90\xD0\xA2\xD0\x9E", W | C | A}, {NULL, 0}});
    expect_toks("Caf\xC3\xA9 M\xC3\xBCller \xC3\x9C" "BER \xC3\xA9t\xC3\xA9",
                (want_t[]){{"Caf\xC3\xA9", W | C}, {"M\xC3\xBCller", W | C},
                           {"\xC3\x9C" "BER", W | C | A}, {"\xC3\xA9t\xC3\xA9", W},
                           {NULL, 0}});
    /* Decomposed accent stays in the word; CJK run is one token; NBSP is
     * white space; a guillemet is punctuation. */
    expect_toks("cafe\xCC\x81 \xE6\x9D\xB1\xE4\xBA\xAC\xC2\xA0\xC2\xAB" "x",
                (want_t[]){{"cafe\xCC\x81", W}, {"\xE6\x9D\xB1\xE4\xBA\xAC", W},
                           {"\xC2\xAB", P}, {"x", W}, {NULL, 0}});
}

static void test_punct_and_invalid(void **st) {
    (void)st;
    expect_toks("\xE2\x80\x9CHello,\xE2\x80\x9D he said (twice)!",
                (want_t[]){{"\xE2\x80\x9C", P}, {"Hello", W | C}, {",", P},
                           {"\xE2\x80\x9D", P}, {"he", W}, {"said", W}, {"(", P},
                           {"twice", W}, {")", P}, {"!", P}, {NULL, 0}});
    /* Invalid bytes become one-byte punctuation, never swallowed. */
    const char bad[] = "ab\xFF" "cd \xE2\x82";
    tok_list l = TOK_LIST_INIT;
    assert_int_equal(tok_text(bad, sizeof(bad) - 1, &l), TL_OK);
    check_cover(bad, sizeof(bad) - 1, &l);
    assert_int_equal(l.n, 4);   /* ab, \xFF, cd, \xE2\x82 (one maximal subpart) */
    tok_list_free(&l);
}

static void test_append_and_offsets(void **st) {
    (void)st;
    tok_list l = TOK_LIST_INIT;
    assert_int_equal(tok_text("a b", 3, &l), TL_OK);
    assert_int_equal(tok_text("c", 1, &l), TL_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.v[2].start, 0);
    assert_int_equal(l.v[2].end, 1);
    l.n = 0;
    assert_int_equal(tok_text("xyz", 3, &l), TL_OK);
    assert_int_equal(l.n, 1);
    tok_list_free(&l);
    assert_null(l.v);
    tok_list_free(&l);   /* twice is fine */
}

/* Random texts built from tricky fragments keep the cover invariant. */
static void test_cover_random(void **st) {
    (void)st;
    static const char *frag[] = {
        "U.S.", "a.m.", " ", "\n", "Trump\xE2\x80\x99s", "'s", "-", "--", "3.5",
        "1,000", ",", ".", "...", "\xE2\x80\x9C", "\xE2\x80\x9D", "caf\xC3\xA9",
        "e\xCC\x81", "\xCC\x81", "\xD0\x99", "x", "A", "\xC2\xA0", "\xFF", "'",
        "\xE2\x80\x99", "%", "G7", "\xE2\x80\x90", "\xF0\x9F\x98\x80", "\xEF\xB8\x8F",
    };
    unsigned seed = 12345;
    char text[512];
    tok_list l = TOK_LIST_INIT;
    for (int round = 0; round < 2000; round++) {
        size_t len = 0;
        int nf = (int)(seed % 24) + 1;
        for (int f = 0; f < nf; f++) {
            seed = seed * 1103515245u + 12345u;
            const char *s = frag[(seed >> 16) % (sizeof(frag) / sizeof(frag[0]))];
            size_t n = strlen(s);
            memcpy(text + len, s, n);
            len += n;
        }
        l.n = 0;
        assert_int_equal(tok_text(text, len, &l), TL_OK);
        check_cover(text, len, &l);
    }
    tok_list_free(&l);
}

/* ------------------------------------------------------------------------
 * Folding
 * ---------------------------------------------------------------------- */

static void expect_fold(const char *in, const char *want) {
    char out[128];
    size_t n = tok_fold(in, strlen(in), out, sizeof(out));
    out[n] = '\0';
    assert_string_equal(out, want);
}

static void test_fold(void **st) {
    (void)st;
    expect_fold("Zelenskyy", "zelenskyy");
    expect_fold("ZELENSKYY", "zelenskyy");
    expect_fold("\xE2\x80\x9CZelenskyy\xE2\x80\x9D", "\xE2\x80\x9Czelenskyy\xE2\x80\x9D");
    expect_fold("Caf\xC3\xA9", "cafe");
    expect_fold("cafe\xCC\x81", "cafe");                      /* decomposed */
    expect_fold("\xC3\x9C" "BER", "uber");
    expect_fold("Stra\xC3\x9F" "e", "strasse");
    expect_fold("Trump\xE2\x80\x99s", "trump's");
    expect_fold("\xC5\x81\xC3\xB3" "d\xC5\xBA", "lodz");       /* Łódź */
    expect_fold("S\xC3\xB8ren \xC3\x86gir", "soren aegir");
    expect_fold("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",      /* Αθήνα */
                "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1");
    expect_fold("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", /* Москва */
                "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
    /* Йорк Ёлка -> йорк елка */
    expect_fold("\xD0\x99\xD0\xBE\xD1\x80\xD0\xBA \xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0",
                "\xD0\xB9\xD0\xBE\xD1\x80\xD0\xBA \xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0");
    expect_fold("\xED\x95\x9C\xEA\xB5\xAD", "\xED\x95\x9C\xEA\xB5\xAD"); /* 한국 intact */
    expect_fold("\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82",   /* हिं: vowel signs kept */
                "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82");
    expect_fold("U.S. 1,000", "u.s. 1,000");
    expect_fold("", "");
}

static void test_fold_ascii_table(void **st) {
    (void)st;
    char in[127], out[127];
    for (int c = 1; c < 128; c++) in[c - 1] = (char)c;
    assert_int_equal(tok_fold(in, 127, out, 127), 127);
    for (int c = 1; c < 128; c++)
        assert_int_equal((unsigned char)out[c - 1], c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Every length (the 4-16 byte path, the 8-byte loop, the tail) against a
 * byte-by-byte reference, with the bytes around A-Z in the mix. */
static void test_fold_lengths(void **st) {
    (void)st;
    static const char pool[] = "@AZ[`az{\x7F\x01 .'MmQq09";
    unsigned seed = 99;
    char in[64], out[64], want[64];
    for (int round = 0; round < 3000; round++) {
        size_t len = (size_t)(round % 41);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = pool[(seed >> 16) % (sizeof(pool) - 1)];
            unsigned c = (unsigned char)in[i];
            want[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        memset(out, '#', sizeof(out));
        assert_int_equal(tok_fold(in, len, out, sizeof(out)), len);
        assert_memory_equal(out, want, len);
        assert_int_equal(out[len], '#');
        /* A non-ASCII letter anywhere takes the general path. */
        if (len >= 4) {
            char mix[80];
            memcpy(mix, in, len);
            memcpy(mix + len - 2, "\xC3\x89", 2);          /* É -> e */
            want[len - 2] = 'e';
            assert_int_equal(tok_fold(mix, len, out, sizeof(out)), len - 1);
            assert_memory_equal(out, want, len - 1);
        }
    }
}

static void test_fold_truncate(void **st) {
    (void)st;
    char out[16];
    memset(out, '#', sizeof(out));
    assert_int_equal(tok_fold("ABCDEF", 6, out, 3), 3);
    assert_memory_equal(out, "abc#", 4);
    /* Москва: 2 bytes per letter; cap 5 holds two letters, not 2.5 */
    memset(out, '#', sizeof(out));
    assert_int_equal(tok_fold("\xD0\x9C\xD0\xBE\xD1\x81", 6, out, 5), 4);
    assert_memory_equal(out, "\xD0\xBC\xD0\xBE#", 5);
    /* ß -> "ss" does not fit in 1 byte: nothing is written */
    assert_int_equal(tok_fold("\xC3\x9F", 2, out, 1), 0);
    assert_int_equal(tok_fold("Ab\xC3\x9F", 4, out, 3), 2);
    assert_int_equal(tok_fold("abc", 3, out, 0), 0);
}

/* Spelling-variant keys: transliteration variants of one name meet. */
static void test_variant_key(void **st) {
    (void)st;
    static const char *const pairs[][2] = {
        {"zelenskyy", "zelensky"}, {"witkoff", "vitkov"}, {"mertz", "merz"},
        {"yury", "yuri"}, {"oleksandr", "olexandr"}, {"philipp", "filip"},
    };
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        char a[32], b[32];
        size_t na = strlen(pairs[i][0]), nb = strlen(pairs[i][1]);
        memcpy(a, pairs[i][0], na);
        memcpy(b, pairs[i][1], nb);
        na = tok_variant_key(a, na);
        nb = tok_variant_key(b, nb);
        a[na] = b[nb] = 0;
        assert_string_equal(a, b);
    }
    char w[] = "putin";
    assert_int_equal(tok_variant_key(w, 5), 5);
}

static void test_index_at(void **st) {
    (void)st;
    tok_list l = TOK_LIST_INIT;
    const char *t = "Trump called  Putin.";
    assert_int_equal(tok_text(t, strlen(t), &l), TL_OK);
    assert_int_equal(l.n, 4);
    assert_int_equal(tok_index_at(&l, 0), 0);
    assert_int_equal(tok_index_at(&l, 1), 1);    /* inside "Trump": the next token */
    assert_int_equal(tok_index_at(&l, 6), 1);
    assert_int_equal(tok_index_at(&l, 13), 2);   /* in the spaces: "Putin" */
    assert_int_equal(tok_index_at(&l, 19), 3);
    assert_int_equal(tok_index_at(&l, 20), 4);   /* past the end */
    tok_list_free(&l);
    assert_int_equal(tok_index_at(&l, 0), 0);    /* empty list */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_at),
        cmocka_unit_test(test_variant_key),
        cmocka_unit_test(test_words_and_flags),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_hyphens),
        cmocka_unit_test(test_possessives_apostrophes),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_non_latin),
        cmocka_unit_test(test_punct_and_invalid),
        cmocka_unit_test(test_append_and_offsets),
        cmocka_unit_test(test_cover_random),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_ascii_table),
        cmocka_unit_test(test_fold_lengths),
        cmocka_unit_test(test_fold_truncate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
