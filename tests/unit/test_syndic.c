/* test_syndic.c -- unit tests for src/syndic.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "syndic.h"

static void check_trailing(const char *text, const char *outlet, const char *tag, const char *kept) {
    syn_tag t;
    size_t keep = 0;
    int found = syn_trailing(text, strlen(text), &keep, &t);
    if (!outlet) {
        if (found) fail_msg("unexpected tag '%s' in: %s", t.tag, text);
        return;
    }
    if (!found) fail_msg("no tag found in: %s", text);
    assert_string_equal(t.outlet, outlet);
    assert_string_equal(t.tag, tag);
    assert_int_equal(keep, strlen(kept));
    assert_memory_equal(text, kept, keep);
}

static void test_trailing(void **st) {
    (void)st;
    check_trailing("The council met.\n\n{Matzav.com}", "Matzav.com", "{Matzav.com}", "The council met.");
    check_trailing("The council met. {Matzav.com}", "Matzav.com", "{Matzav.com}", "The council met.");
    check_trailing("Talks went on.\n\n(Reuters)", "Reuters", "(Reuters)", "Talks went on.");
    check_trailing("Talks went on. (AP)", "AP", "(AP)", "Talks went on.");
    check_trailing("Talks went on.\n\n\xE2\x80\x94 AP", "AP", "\xE2\x80\x94 AP", "Talks went on.");
    check_trailing("Talks went on.\n- Reuters", "Reuters", "- Reuters", "Talks went on.");
    check_trailing("Talks went on.\n\nSource: AFP", "AFP", "Source: AFP", "Talks went on.");
    /* not tags */
    check_trailing("He spoke to the council (twice).", NULL, NULL, NULL);
    check_trailing("The vote was 5-4 (a narrow margin)", NULL, NULL, NULL);
    check_trailing("See the code {a, b, c, d, e, f and more words}", NULL, NULL, NULL);
    check_trailing("Prices rose - sharply", NULL, NULL, NULL);
}

static void test_dateline(void **st) {
    (void)st;
    syn_tag t;
    const char *s = "SAN FRANCISCO (AP) \xE2\x80\x94 Officials said on Monday.";
    assert_true(syn_dateline(s, strlen(s), &t));
    assert_string_equal(t.outlet, "AP");
    assert_string_equal(t.where, "dateline");
    s = "(Reuters) - The attorney general is investigating.";
    assert_true(syn_dateline(s, strlen(s), &t));
    assert_string_equal(t.outlet, "Reuters");
    s = "The mayor (AP reporter's friend) - no.";
    assert_false(syn_dateline(s, strlen(s), &t));
}

static void test_apply(void **st) {
    (void)st;
    art_t *a = art_new();
    tl_err e;
    const char *body = "Body one.\n\nBody two.\n\n{Matzav.com}";
    assert_int_equal(art_set_text(a, body, strlen(body), &e), TL_OK);
    a->extra = strdup("{\"k\":1}");
    assert_int_equal(syn_apply(a), TL_OK);
    assert_string_equal(a->text, "Body one.\n\nBody two.");
    assert_int_equal(a->text_len, strlen("Body one.\n\nBody two."));
    assert_string_equal(a->extra, "{\"k\":1,\"syndication\":{\"outlet\":\"Matzav.com\","
                                  "\"tag\":\"{Matzav.com}\",\"where\":\"trailing\"}}");
    art_free(a);
    /* a text that is only a tag is left alone */
    a = art_new();
    assert_int_equal(art_set_text(a, "(Reuters)", 9, &e), TL_OK);
    assert_int_equal(syn_apply(a), TL_OK);
    assert_string_equal(a->text, "(Reuters)");
    art_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trailing),
        cmocka_unit_test(test_dateline),
        cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
