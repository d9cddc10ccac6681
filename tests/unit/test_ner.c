/* test_ner.c -- unit tests for src/ner*.c: training on a few invented
 * sentences, tagging tokens and raw UTF-8 text with byte offsets, the
 * model file round trip, damaged model files, CoNLL reading. No CoNLL
 * data is used (it is not ours to ship). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "ner.h"
#include "testutil.h"

/* ------------------------------------------------------------------------
 * A tiny invented training set
 * ---------------------------------------------------------------------- */

#define P NER_PER
#define O NER_ORG
#define L NER_LOC
#define M NER_MISC
#define N NER_NONE

typedef struct { const char *w[16]; ner_type t[16]; size_t n; } sample;

static const sample SAMPLES[] = {
    {{"Mayor", "Ilse", "Varga", "visited", "Tarnów", "."}, {N, P, P, N, L, N}, 6},
    {{"“", "Ilse", "Varga", "met", "Élodie", "Brun", "in", "Tarnów", ".", "”"},
     {N, P, P, N, P, P, N, L, N, N}, 10},
    {{"Orbis", "Bank", "opened", "an", "office", "in", "Kelmar", "."}, {O, O, N, N, N, N, L, N}, 8},
    {{"Élodie", "Brun", "joined", "Orbis", "Bank", "on", "Monday", "."},
     {P, P, N, O, O, N, N, N}, 8},
    {{"The", "Veltan", "delegation", "left", "Kelmar", "."}, {N, M, N, N, L, N}, 6},
    {{"Police", "in", "Tarnów", "said", "nothing", "."}, {N, N, L, N, N, N}, 6},
};
#define NSAMPLES (sizeof(SAMPLES) / sizeof(SAMPLES[0]))

static ner_model *train_tiny(void) {
    ner_corpus c = NER_CORPUS_INIT;
    for (size_t s = 0; s < NSAMPLES; s++) {
        int b[16] = {0};
        assert_int_equal(ner_corpus_add(&c, SAMPLES[s].w, SAMPLES[s].t, b, SAMPLES[s].n), TL_OK);
    }
    assert_int_equal(c.nsent, NSAMPLES);
    ner_train_opts o;
    ner_train_defaults(&o);
    o.epochs = 20;
    ner_model *m = NULL;
    tl_err e;
    err_clear(&e);
    assert_int_equal(ner_train(&c, NULL, &o, NULL, NULL, &m, &e), TL_OK);
    assert_non_null(m);
    ner_corpus_free(&c);
    return m;
}

static ner_model *model;

static int setup(void **st) {
    (void)st;
    model = train_tiny();
    return 0;
}

static int teardown(void **st) {
    (void)st;
    ner_model_free(model);
    return 0;
}

/* ------------------------------------------------------------------------
 * Tests
 * ---------------------------------------------------------------------- */

static void test_tags_training_sentences(void **st) {
    (void)st;
    for (size_t s = 0; s < NSAMPLES; s++) {
        size_t lens[16];
        ner_type t[16];
        int b[16];
        for (size_t i = 0; i < SAMPLES[s].n; i++) lens[i] = strlen(SAMPLES[s].w[i]);
        assert_int_equal(ner_tag_tokens(model, SAMPLES[s].w, lens, SAMPLES[s].n, t, b), TL_OK);
        for (size_t i = 0; i < SAMPLES[s].n; i++) {
            assert_int_equal(t[i], SAMPLES[s].t[i]);
            /* entities begin at their first word only */
            int want_b = t[i] != NER_NONE && (i == 0 || SAMPLES[s].t[i - 1] != t[i]);
            assert_int_equal(b[i], want_b);
        }
    }
}

/* Spans of raw text are byte offsets: check them against strstr. */
static void expect_span(const char *text, const ner_spans *sp, const char *what, ner_type t) {
    const char *at = strstr(text, what);
    assert_non_null(at);
    size_t start = (size_t)(at - text), end = start + strlen(what);
    for (size_t i = 0; i < sp->n; i++)
        if (sp->v[i].start == start && sp->v[i].end == end && sp->v[i].type == t) return;
    fail_msg("no %s span for '%s' [%zu,%zu)", ner_type_name(t), what, start, end);
}

static const char TEXT[] = "“Ilse Varga met Élodie Brun in Tarnów.”\n\n"
                           "Élodie Brun joined Orbis Bank on Monday.";

static void test_text_utf8_offsets(void **st) {
    (void)st;
    ner_spans sp = {0};
    assert_int_equal(ner_tag_text(model, TEXT, strlen(TEXT), &sp), TL_OK);
    expect_span(TEXT, &sp, "Ilse Varga", NER_PER);
    expect_span(TEXT, &sp, "Élodie Brun", NER_PER);
    expect_span(TEXT, &sp, "Tarnów", NER_LOC);
    expect_span(TEXT, &sp, "Orbis Bank", NER_ORG);
    /* the second Élodie Brun too, in text order, nothing overlapping */
    size_t per = 0;
    for (size_t i = 0; i < sp.n; i++) {
        per += sp.v[i].type == NER_PER;
        if (i) assert_true(sp.v[i].start >= sp.v[i - 1].end);
        assert_true(sp.v[i].end <= strlen(TEXT));
    }
    assert_int_equal(per, 3);
    ner_spans_free(&sp);
    /* empty text: no spans, no error */
    assert_int_equal(ner_tag_text(model, "", 0, &sp), TL_OK);
    assert_int_equal(sp.n, 0);
    ner_spans_free(&sp);
}

/* A text without sentence breaks, longer than one tagging piece: spans
 * stay in order and inside the text. */
static void test_long_text(void **st) {
    (void)st;
    size_t reps = 400, n = 0;
    char *t = malloc(reps * 32 + 1);
    for (size_t i = 0; i < reps; i++) n += (size_t)sprintf(t + n, "Ilse Varga met Brun in Tarnów ");
    ner_spans sp = {0};
    assert_int_equal(ner_tag_text(model, t, n, &sp), TL_OK);
    assert_true(sp.n > reps);
    for (size_t i = 0; i < sp.n; i++) {
        assert_true(sp.v[i].end <= n);
        if (i) assert_true(sp.v[i].start >= sp.v[i - 1].end);
    }
    ner_spans_free(&sp);
    free(t);
}

static void test_save_load_roundtrip(void **st) {
    (void)st;
    char *path = tu_tmpfile(".model");
    tl_err e;
    err_clear(&e);
    assert_int_equal(ner_model_save(model, path, &e), TL_OK);
    ner_model *m2 = NULL;
    assert_int_equal(ner_model_load(path, &m2, &e), TL_OK);
    ner_spans a = {0}, b = {0};
    assert_int_equal(ner_tag_text(model, TEXT, strlen(TEXT), &a), TL_OK);
    assert_int_equal(ner_tag_text(m2, TEXT, strlen(TEXT), &b), TL_OK);
    assert_int_equal(a.n, b.n);
    assert_true(a.n >= 4);
    for (size_t i = 0; i < a.n; i++) {   /* field by field: the struct has padding */
        assert_int_equal(a.v[i].start, b.v[i].start);
        assert_int_equal(a.v[i].end, b.v[i].end);
        assert_int_equal(a.v[i].type, b.v[i].type);
    }
    /* saving the loaded model gives the same bytes (quantization is stable) */
    char *path2 = tu_tmpfile(".model");
    assert_int_equal(ner_model_save(m2, path2, &e), TL_OK);
    FILE *f1 = fopen(path, "rb"), *f2 = fopen(path2, "rb");
    int c1, c2;
    do { c1 = fgetc(f1); c2 = fgetc(f2); assert_int_equal(c1, c2); } while (c1 != EOF);
    fclose(f1);
    fclose(f2);
    ner_spans_free(&a);
    ner_spans_free(&b);
    ner_model_free(m2);
    unlink(path);
    unlink(path2);
    free(path);
    free(path2);
}

static void expect_load_fails(const char *path, int code) {
    ner_model *m = (ner_model *)1;
    tl_err e;
    err_clear(&e);
    assert_int_equal(ner_model_load(path, &m, &e), code);
    assert_null(m);
    assert_true(e.msg[0] != 0);
}

static void test_corrupt_model(void **st) {
    (void)st;
    char *path = tu_tmpfile(".model");
    tl_err e;
    err_clear(&e);
    assert_int_equal(ner_model_save(model, path, &e), TL_OK);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *good = malloc(n), *bad = malloc(n);
    assert_int_equal(fread(good, 1, n, f), n);
    fclose(f);
    /* single-byte flips, at a stride, are caught (nearly all of them) */
    size_t loaded = 0, tried = 0;
    for (size_t i = 0; i < n; i += (i < 64 ? 1 : 7)) {
        memcpy(bad, good, n);
        bad[i] ^= 0x5a;
        tried++;
        tu_write(path, bad, n);
        ner_model *m = NULL;
        int rc = ner_model_load(path, &m, &e);
        /* a flip may still load when it cannot change a weight's meaning
         * (low bits of the scale, zstd frame header flags the payload
         * checksum vouches for): then the model must still tag sanely */
        if (rc == TL_OK) {
            ner_spans sp = {0};
            assert_int_equal(ner_tag_text(m, TEXT, strlen(TEXT), &sp), TL_OK);
            for (size_t k = 0; k < sp.n; k++) assert_true(sp.v[k].end <= strlen(TEXT));
            ner_spans_free(&sp);
            ner_model_free(m);
            loaded++;
        } else
            assert_int_equal(rc, TL_EPARSE);
    }
    assert_true(loaded * 10 < tried);
    tu_write(path, good, n / 2);                /* truncated */
    expect_load_fails(path, TL_EPARSE);
    tu_write(path, good, 10);                   /* header cut */
    expect_load_fails(path, TL_EPARSE);
    tu_write(path, "not a model at all, just some text\n", 35);
    expect_load_fails(path, TL_EPARSE);
    tu_write(path, "", 0);
    expect_load_fails(path, TL_EPARSE);
    unlink(path);
    expect_load_fails(path, TL_EIO);            /* missing */
    free(good);
    free(bad);
    free(path);
}

static void test_read_conll(void **st) {
    (void)st;
    /* invented sentences; IOB1 (I- starts an entity, B- splits two) */
    static const char DATA[] = "-DOCSTART- -X- -X- O\n\n"
                               "Mayor NNP I-NP O\nIlse NNP I-NP I-PER\nVarga NNP I-NP I-PER\n"
                               "met VBD I-VP O\nKelmar NNP I-NP I-LOC\nTarnow NNP I-NP B-LOC\n\n"
                               "Orbis NNP I-NP B-ORG\nBank NNP I-NP I-ORG\n\n";
    char *path = tu_tmpfile(".conll");
    tu_write(path, DATA, sizeof(DATA) - 1);
    ner_corpus c = NER_CORPUS_INIT;
    tl_err e;
    err_clear(&e);
    assert_int_equal(ner_corpus_read_conll(path, &c, &e), TL_OK);
    assert_int_equal(c.nsent, 2);
    assert_int_equal(c.ntok, 8);
    assert_string_equal(c.arena + c.tok[1].off, "Ilse");
    /* BIO: O B-PER I-PER O B-LOC B-LOC / B-ORG I-ORG */
    static const uint8_t want[] = {0, 1, 2, 0, 5, 5, 3, 4};
    for (size_t i = 0; i < 8; i++) assert_int_equal(c.tok[i].label, want[i]);
    ner_corpus_free(&c);
    tu_write(path, "Ilse NNP I-NP I-PERSON\n", 23);
    assert_int_equal(ner_corpus_read_conll(path, &c, &e), TL_EPARSE);
    assert_int_equal(e.line, 1);
    ner_corpus_free(&c);
    unlink(path);
    free(path);
}

static void test_empty_training(void **st) {
    (void)st;
    ner_corpus c = NER_CORPUS_INIT;
    ner_model *m = NULL;
    tl_err e;
    err_clear(&e);
    assert_int_equal(ner_train(&c, NULL, NULL, NULL, NULL, &m, &e), TL_EEMPTY);
    assert_null(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tags_training_sentences),
        cmocka_unit_test(test_text_utf8_offsets),
        cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_save_load_roundtrip),
        cmocka_unit_test(test_corrupt_model),
        cmocka_unit_test(test_read_conll),
        cmocka_unit_test(test_empty_training),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
