/* test_story.c -- unit tests for src/vocab.c, src/feat.c, src/story.c:
 * incremental idf, online placement, near-duplicates, determinism. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "feat.h"
#include "story.h"
#include "vocab.h"

static void test_incremental_idf(void **st) {
    (void)st;
    vocab *v = voc_new();
    uint32_t a = voc_id(v, "harbour", 7, 1), b = voc_id(v, "fire", 4, 1);
    assert_int_equal(voc_id(v, "harbour", 7, 0), a);
    assert_int_equal(voc_id(v, "absent", 6, 0), VOC_NONE);
    assert_int_equal(voc_size(v), 2);
    voc_add_doc(v);
    voc_add_df(v, a);
    voc_add_doc(v);
    voc_add_df(v, a);
    voc_add_df(v, b);
    /* N = 2: idf = ln(3 / (df + 1)) + 1 */
    assert_true(fabs(voc_idf(v, a) - (log(3.0 / 3.0) + 1)) < 1e-12);
    assert_true(fabs(voc_idf(v, b) - (log(3.0 / 2.0) + 1)) < 1e-12);
    voc_add_doc(v);
    voc_add_df(v, b);
    assert_true(voc_idf(v, a) > voc_idf(v, b) - 1e-12);   /* a rarer now? equal df */
    for (int i = 0; i < 20000; i++) {                    /* force growth */
        char w[16];
        int n = snprintf(w, sizeof(w), "w%d", i);
        assert_int_equal(voc_id(v, w, (size_t)n, 1), 2 + (uint32_t)i);
    }
    assert_int_equal(voc_id(v, "fire", 4, 0), b);
    assert_string_equal(voc_term(v, 2 + 19999, NULL), "w19999");
    voc_free(v);
}

static const char *DOCS[][2] = {
    {"Harbour fire in Kostrava", "A fire broke out at the Kostrava harbour warehouse on Monday. "
     "Firefighters from Kostrava fought the harbour blaze for hours, the fire chief said."},
    {"Central bank raises rates", "The Meridian central bank raised its interest rate by half a point. "
     "Governor Ilse Marrow said inflation in Meridian was still too high."},
    {"Kostrava harbour blaze contained", "Firefighters contained the blaze at the Kostrava harbour "
     "warehouse. The fire chief said the harbour fire caused no deaths."},
    {"Meridian rate rise", "Meridian's central bank governor Ilse Marrow defended the interest rate "
     "rise, saying inflation remained too high for the bank to wait."},
};

static void place_all(story_clu *c, vocab *v, feat_ctx *fx, uint32_t *stories) {
    feat_doc d = FEAT_DOC_INIT;
    for (uint32_t i = 0; i < 4; i++) {
        assert_int_equal(feat_extract(fx, v, DOCS[i][0], DOCS[i][1], strlen(DOCS[i][1]), "en", &d),
                         TL_OK);
        story_result r;
        assert_int_equal(story_place(c, i + 1, &d, 1, 1774000000 + i * 3600, &r), TL_OK);
        stories[i] = r.story;
    }
    feat_doc_free(&d);
}

static void test_two_topics(void **st) {
    (void)st;
    vocab *v = voc_new();
    feat_ctx *fx = feat_new();
    story_params p;
    story_params_default(&p);
    story_clu *c = story_new(&p, v);
    uint32_t s[4];
    place_all(c, v, fx, s);
    assert_int_equal(s[0], s[2]);
    assert_int_equal(s[1], s[3]);
    assert_int_not_equal(s[0], s[1]);
    assert_int_equal(story_count(c), 2);
    assert_int_equal(voc_ndocs(v), 4);
    story_free(c);

    /* determinism: same input, same order -> same assignment */
    vocab *v2 = voc_new();
    story_clu *c2 = story_new(&p, v2);
    uint32_t s2[4];
    place_all(c2, v2, fx, s2);
    assert_memory_equal(s, s2, sizeof(s));
    story_free(c2);
    voc_free(v2);

    /* outside the time window an article starts its own story */
    vocab *v3 = voc_new();
    story_clu *c3 = story_new(&p, v3);
    feat_doc d = FEAT_DOC_INIT;
    story_result r1, r2;
    feat_extract(fx, v3, DOCS[0][0], DOCS[0][1], strlen(DOCS[0][1]), "en", &d);
    story_place(c3, 1, &d, 1, 1774000000, &r1);
    feat_extract(fx, v3, DOCS[2][0], DOCS[2][1], strlen(DOCS[2][1]), "en", &d);
    story_place(c3, 2, &d, 1, 1774000000 + 30 * 86400, &r2);
    assert_int_not_equal(r1.story, r2.story);
    assert_true(r2.created);
    feat_doc_free(&d);
    story_free(c3);
    voc_free(v3);
    feat_free(fx);
    voc_free(v);
}

static void test_near_duplicate_joins(void **st) {
    (void)st;
    vocab *v = voc_new();
    feat_ctx *fx = feat_new();
    story_clu *c = story_new(NULL, v);
    const char *orig = "The harbour board met on Monday and agreed to rebuild the eastern pier "
                       "after the storm. Repairs will cost about 40 million and take two years, "
                       "the chairman told reporters at the port.";
    const char *copy = "The harbour board met on Monday and agreed to rebuild the eastern pier "
                       "after the storm. Repairs will cost about 40 million and take two years, "
                       "the chairman told reporters at the port. (Caspian Wire)";
    feat_doc d = FEAT_DOC_INIT;
    story_result r1, r2;
    feat_extract(fx, v, "Pier to be rebuilt", orig, strlen(orig), "en", &d);
    assert_int_equal(story_place(c, 5, &d, 0, 0, &r1), TL_OK);
    feat_extract(fx, v, "Harbour board backs new pier", copy, strlen(copy), "en", &d);
    assert_int_equal(story_place(c, 9, &d, 0, 0, &r2), TL_OK);
    assert_int_equal(r2.story, r1.story);
    assert_int_equal(r2.near_dup_of, 5);
    assert_true(r2.near_dup_sim >= MH_NEAR_DUP);
    assert_int_equal(story_of(c, 9), r1.story);
    feat_doc_free(&d);
    story_free(c);
    feat_free(fx);
    voc_free(v);
}

static void test_spelling_variants_share_terms(void **st) {
    (void)st;
    vocab *v = voc_new();
    feat_ctx *fx = feat_new();
    feat_doc a = FEAT_DOC_INIT, b = FEAT_DOC_INIT;
    const char *t1 = "He met Zelenskyy and Yuri Ushakov and Steve Witkoff and Friedrich Merz.";
    const char *t2 = "He met Zelensky and Yury Ushakov and Steve Vitkov and Friedrich Mertz.";
    feat_extract(fx, v, NULL, t1, strlen(t1), "en", &a);
    feat_extract(fx, v, NULL, t2, strlen(t2), "en", &b);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.ids, b.ids, a.n * sizeof(uint32_t));
    feat_doc_free(&a);
    feat_doc_free(&b);
    feat_free(fx);
    voc_free(v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incremental_idf),
        cmocka_unit_test(test_two_topics),
        cmocka_unit_test(test_near_duplicate_joins),
        cmocka_unit_test(test_spelling_variants_share_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
