/* test_feat.c -- unit tests for src/feat.c: which words become terms, and
 * which count as names (capitalized inside a sentence). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "feat.h"
#include "vocab.h"

/* Extract text; return the term's index in d (or -1). term is a key as
 * feat.c stores it (stemmed, spelling-variant folded). */
static int find(vocab *v, const feat_doc *d, const char *term) {
    uint32_t id = voc_id(v, term, strlen(term), 0);
    for (size_t i = 0; i < d->n; i++)
        if (d->ids[i] == id) return (int)i;
    return -1;
}

static void extract(feat_ctx *c, vocab *v, const char *title, const char *text, feat_doc *d) {
    assert_int_equal(feat_extract(c, v, title, text, strlen(text), "en", d), 0);
}

static void test_names_and_sentence_starts(void **st) {
    (void)st;
    vocab *v = voc_new();
    feat_ctx *c = feat_new();
    feat_doc d = FEAT_DOC_INIT;
    extract(c, v, NULL,
            "Officials met Kovacs in Tarnow. Harbour workers cheered.\n"
            "Kovacs said: \"Harbour work resumes.\" The mayor called it, "
            "\xE2\x80\x9CHarbour first\xE2\x80\x9D, and \"Harbour day\" Kovacs said.", &d);
    int k = find(v, &d, "kovac");
    assert_true(k >= 0);
    assert_int_equal(d.name[k], 1);          /* inside a sentence */
    assert_true(d.tf[k] > 4.5f);             /* boosted twice, plain once */
    k = find(v, &d, "harbour");
    assert_true(k >= 0);
    assert_int_equal(d.name[k], 0);          /* sentence starts, also after a quote mark */
    assert_int_equal(find(v, &d, "said"), -1);   /* stopword */
    feat_doc_free(&d);
    feat_free(c);
    voc_free(v);
}

static void test_headings_are_not_names(void **st) {
    (void)st;
    vocab *v = voc_new();
    feat_ctx *c = feat_new();
    feat_doc d = FEAT_DOC_INIT;
    extract(c, v, NULL,
            "The council voted.\n\nHot Mic Moment\n\nLater the mayor spoke to Reuters.\n", &d);
    int k = find(v, &d, "mic");
    assert_true(k >= 0);
    assert_int_equal(d.name[k], 0);
    assert_true(d.tf[k] < 1.5f);
    k = find(v, &d, "reuter");
    assert_true(k >= 0);
    assert_int_equal(d.name[k], 1);
    feat_doc_free(&d);
    feat_free(c);
    voc_free(v);
}

static void test_acronyms(void **st) {
    (void)st;
    vocab *v = voc_new();
    feat_ctx *c = feat_new();
    feat_doc d = FEAT_DOC_INIT;
    /* "U.S." and "US" are one term; the pronoun "us" is a stopword */
    extract(c, v, NULL, "The U.S. envoy met US officials. They told us nothing.", &d);
    int k = find(v, &d, "us");
    assert_true(k >= 0);
    assert_true(d.tf[k] > 3.5f);             /* two names, boosted: 2 + 2 */
    extract(c, v, NULL, "They told us nothing about the harbour.", &d);
    assert_int_equal(find(v, &d, "us"), -1);
    /* in an all-capitals headline, short words stay stopwords */
    extract(c, v, NULL, "FIRE HITS US PORT\nThe harbour burned.", &d);
    assert_int_equal(find(v, &d, "us"), -1);
    feat_doc_free(&d);
    feat_free(c);
    voc_free(v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_sentence_starts),
        cmocka_unit_test(test_headings_are_not_names),
        cmocka_unit_test(test_acronyms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
