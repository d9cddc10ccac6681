/* test_extract.c -- unit tests for src/extract.c: what is kept, what is
 * dropped, block kinds and offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define PARA(s) "<p>" s " This sentence, with commas, makes the paragraph long enough.</p>"

static int extract(const char *page, hx_text *t, tl_err *e) {
    html_doc *d = NULL;
    err_clear(e);
    int rc = html_parse(page, strlen(page), &d, e);
    if (rc != TL_OK) fail_msg("parse: %s", e->msg);
    rc = hx_extract(d, NULL, NULL, t, e);
    html_free(d);
    return rc;
}

static void test_boilerplate_dropped(void **st) {
    (void)st;
    const char *page =
        "<html><head><title>Port reopens | Harbor Post</title></head><body>"
        "<nav><ul><li><a href=/>Home</a></li><li><a href=/w>World</a></li></ul></nav>"
        "<div class=cookie-banner><p>We use cookies to improve your experience, and so on.</p></div>"
        "<article><h1>Port reopens</h1>"
        PARA("The harbour reopened on Tuesday.")
        "<h2>What changes</h2>"
        "<ul><li>Ferries run hourly again.</li><li>Cargo slots are doubled.</li></ul>"
        "<blockquote><p>We are back, said the harbour master, smiling at the crowd.</p></blockquote>"
        PARA("Traders welcomed the news.")
        "<div class=share-buttons><a href=/s>Share on X</a> <a href=/f>Facebook</a></div>"
        "<div class=related><h3>Related</h3><ul><li><a href=/a>Other story one</a></li>"
        "<li><a href=/b>Other story two, also here</a></li></ul></div>"
        "</article>"
        "<section id=comments><p>Great article, really, I loved every word of it!</p></section>"
        "<footer><p>Copyright Harbor Post, all rights reserved, forever and ever.</p></footer>"
        "</body></html>";
    hx_text t;
    tl_err e;
    assert_int_equal(extract(page, &t, &e), TL_OK);
    assert_string_equal(t.from, "dom");
    const char *want =
        "The harbour reopened on Tuesday. This sentence, with commas, makes the paragraph long enough."
        "\n\nWhat changes\n\nFerries run hourly again.\n\nCargo slots are doubled."
        "\n\nWe are back, said the harbour master, smiling at the crowd."
        "\n\nTraders welcomed the news. This sentence, with commas, makes the paragraph long enough.";
    assert_string_equal(t.text, want);
    assert_int_equal(t.nblocks, 6);
    int kinds[] = {HX_P, HX_H, HX_LI, HX_LI, HX_QUOTE, HX_P};
    for (size_t i = 0; i < t.nblocks; i++) {
        assert_int_equal(t.blocks[i].kind, kinds[i]);
        /* every block's range is inside the text and ends at a boundary */
        size_t end = t.blocks[i].start + t.blocks[i].len;
        assert_true(end <= t.len);
        assert_true(end == t.len || (t.text[end] == '\n' && t.text[end + 1] == '\n'));
    }
    assert_int_equal(t.blocks[1].level, 2);
    hx_text_free(&t);
}

static void test_chunks_and_wrappers(void **st) {
    (void)st;
    /* a body cut in chunks around an ad, inside a layout wrapper whose
     * class says "sidebar" */
    const char *page =
        "<body><div class='layout has-sidebar'>"
        "<div class=story-chunk>" PARA("Part one.") PARA("Part two.") "</div>"
        "<div class=ad-slot><p>Advertisement</p></div>"
        "<div class=story-chunk>" PARA("Part three.") "</div>"
        "</div><aside>" PARA("Side note.") "</aside></body>";
    hx_text t;
    tl_err e;
    assert_int_equal(extract(page, &t, &e), TL_OK);
    assert_non_null(strstr(t.text, "Part one."));
    assert_non_null(strstr(t.text, "Part three."));
    assert_null(strstr(t.text, "Advertisement"));
    assert_null(strstr(t.text, "Side note."));
    hx_text_free(&t);
}

static void test_no_body(void **st) {
    (void)st;
    const char *page = "<body><nav><a href=/a>Home</a> <a href=/b>News</a></nav>"
                       "<footer><a href=/c>Contact</a></footer></body>";
    hx_text t;
    tl_err e;
    assert_int_equal(extract(page, &t, &e), TL_EEMPTY);
    assert_non_null(strstr(e.msg, "no article text"));
    assert_null(t.text);
}

static void test_jsonld_body(void **st) {
    (void)st;
    const char *page = "<body><div id=app>Loading...</div></body>";
    html_doc *d = NULL;
    tl_err e;
    assert_int_equal(html_parse(page, strlen(page), &d, &e), TL_OK);
    hx_text t;
    const char *body = "First paragraph of the script-rendered story, long enough to count for "
                       "something here.\nSecond paragraph follows, and it is also long enough to "
                       "count, with some commas, in it.\n\nThird one closes the story off with a "
                       "final sentence that is long as well.";
    assert_int_equal(hx_extract(d, NULL, body, &t, &e), TL_OK);
    assert_string_equal(t.from, "json-ld");
    assert_int_equal(t.nblocks, 3);
    hx_text_free(&t);
    html_free(d);
}

static void test_all_text(void **st) {
    (void)st;
    const char *frag = "<p>One &amp; two</p><ul><li>three</li></ul>four";
    html_doc *d = NULL;
    tl_err e;
    assert_int_equal(html_parse(frag, strlen(frag), &d, &e), TL_OK);
    hx_text t;
    assert_int_equal(hx_all_text(d, &t, &e), TL_OK);
    assert_string_equal(t.text, "One & two\n\nthree\n\nfour");
    hx_text_free(&t);
    html_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boilerplate_dropped),
        cmocka_unit_test(test_chunks_and_wrappers),
        cmocka_unit_test(test_no_body),
        cmocka_unit_test(test_jsonld_body),
        cmocka_unit_test(test_all_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
