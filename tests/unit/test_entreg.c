/* test_entreg.c -- unit tests for src/entreg.c: merging the entities of
 * several articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "entreg.h"
#include "err.h"
#include "testutil.h"

/* Analyze text with spans given as "TYPE:text" markers and add it to r;
 * returns the global id of the entity holding the mention `who`. */
static uint32_t add(entreg *r, const char *text, const char *const *marks, uint32_t story,
                    const char *who) {
    ent_span sp[16];
    size_t n = tu_spans(text, marks, sp, 16);
    ent_doc d = ENT_DOC_INIT;
    assert_int_equal(ent_analyze(text, strlen(text), sp, n, &d), TL_OK);
    uint32_t ids[16];
    assert_int_equal(er_add_article(r, text, &d, story, ids), TL_OK);
    uint32_t got = 0;
    for (size_t i = 0; i < d.nm; i++)
        if ((size_t)(d.m[i].end - d.m[i].start) == strlen(who) &&
            memcmp(text + d.m[i].start, who, strlen(who)) == 0)
            got = ids[d.m[i].entity];
    ent_doc_free(&d);
    assert_true(got > 0);
    return got;
}

static void test_aliases_across_articles(void **st) {
    (void)st;
    entreg *r = er_new();
    const char *a1[] = {"ORG:Kremlin", "PER:Yury Ushakov", "PER:Steve Witkoff", NULL};
    uint32_t u1 = add(r, "Kremlin aide Yury Ushakov met envoy Steve Witkoff.", a1, 1, "Yury Ushakov");
    const char *a2[] = {"PER:Yuri Ushakov", "PER:Steve Vitkov", NULL};
    uint32_t u2 = add(r, "Yuri Ushakov said Steve Vitkov would return.", a2, 1, "Yuri Ushakov");
    assert_int_equal(u1, u2);
    const char *a3[] = {"PER:Vitkov", NULL};
    uint32_t w = add(r, "Later Vitkov flew home.", a3, 2, "Vitkov");
    er_entity e;
    assert_true(er_get(r, w, &e));
    assert_string_equal(e.name, "Steve Witkoff");        /* first full form, count tie */
    assert_int_equal(e.articles, 3);
    assert_int_equal(e.naliases, 3);                     /* Steve Witkoff, Steve Vitkov, Vitkov */
    assert_true(er_get(r, u1, &e));
    assert_string_equal(e.country, "RU");
    assert_int_equal(e.nroles, 1);
    assert_string_equal(e.roles[0].text, "aide");
    er_free(r);
}

static void test_same_surname_kept_apart(void **st) {
    (void)st;
    entreg *r = er_new();
    const char *a1[] = {"PER:Donald Trump", NULL};
    uint32_t dt = add(r, "President Donald Trump spoke.", a1, 1, "Donald Trump");
    const char *a2[] = {"PER:Melania Trump", NULL};
    uint32_t mt = add(r, "First lady Melania Trump visited a school.", a2, 2, "Melania Trump");
    assert_true(dt != mt);
    /* a bare "Trump": in story 2 it is Melania Trump's story ... */
    const char *a3[] = {"PER:Trump", NULL};
    assert_int_equal(add(r, "Trump read to the pupils.", a3, 2, "Trump"), mt);
    /* ... in a new story with no dominant Trump it stays apart */
    uint32_t t = add(r, "Trump said nothing.", a3, 3, "Trump");
    assert_true(t != mt && t != dt);
    er_free(r);
}

static void test_dominant_and_restore(void **st) {
    (void)st;
    entreg *r = er_new();
    const char *a1[] = {"PER:Olena Kovacs", NULL};
    uint32_t ok = add(r, "Olena Kovacs won.", a1, 1, "Olena Kovacs");
    for (int i = 0; i < 5; i++) add(r, "Olena Kovacs won.", a1, 1, "Olena Kovacs");
    const char *a2[] = {"PER:Ivan Kovacs", NULL};
    add(r, "Ivan Kovacs lost.", a2, 2, "Ivan Kovacs");
    const char *a3[] = {"PER:Kovacs", NULL};
    assert_int_equal(add(r, "Kovacs celebrated.", a3, 9, "Kovacs"), ok);   /* 6 vs 1 mentions */
    /* dirty marks, then a restored copy resolves the same way */
    uint32_t dirty[16];
    assert_int_equal(er_take_dirty(r, dirty), er_count_entities(r));
    assert_int_equal(er_take_dirty(r, dirty), 0);
    entreg *c = er_new();
    for (uint32_t id = 1; id <= er_count_entities(r); id++) {
        er_entity e;
        assert_true(er_get(r, id, &e));
        assert_int_equal(er_restore(c, &e), TL_OK);
        for (size_t k = 0; k < e.naliases; k++)
            assert_int_equal(er_restore_alias(c, id, e.aliases[k].text, e.aliases[k].count), TL_OK);
    }
    assert_int_equal(add(c, "Kovacs celebrated.", a3, 9, "Kovacs"), ok);
    er_entity bad = {5, ENT_PER, "x", "x", NULL, NULL, 0, 0, 0, NULL, 0, NULL, 0};
    assert_int_equal(er_restore(c, &bad), TL_EINVAL);   /* not the next id */
    er_free(c);
    er_free(r);
}

static void test_type_votes(void **st) {
    (void)st;
    entreg *r = er_new();
    const char *org[] = {"ORG:Yuri Ushakov", NULL};
    uint32_t a = add(r, "Yuri Ushakov said little.", org, 1, "Yuri Ushakov");
    const char *per[] = {"PER:Yury Ushakov", NULL};
    uint32_t b = add(r, "Aide Yury Ushakov said little.", per, 1, "Yury Ushakov");
    uint32_t c = add(r, "Aide Yury Ushakov spoke again.", per, 1, "Yury Ushakov");
    assert_int_equal(a, b);
    assert_int_equal(b, c);
    er_entity e;
    assert_true(er_get(r, a, &e));
    assert_int_equal(e.type, ENT_PER);       /* two votes to one */
    /* still found under its new type, and by its last name */
    const char *again[] = {"PER:Yuri Ushakov", NULL};
    assert_int_equal(add(r, "Yuri Ushakov again.", again, 2, "Yuri Ushakov"), a);
    const char *last[] = {"PER:Ushakov", NULL};
    assert_int_equal(add(r, "Ushakov again.", last, 3, "Ushakov"), a);
    er_free(r);
}

static void test_near_spelling(void **st) {
    (void)st;
    entreg *r = er_new();
    const char *a[] = {"PER:Dmitry Medvedev", NULL};
    uint32_t m1 = add(r, "Dmitry Medvedev spoke.", a, 7, "Dmitry Medvedev");
    const char *b[] = {"PER:Dmitry Medvedyev", NULL};
    assert_int_equal(add(r, "Dmitry Medvedyev spoke.", b, 7, "Dmitry Medvedyev"), m1);
    /* another story: not merged on spelling alone */
    const char *c[] = {"PER:John Anderson", NULL};
    uint32_t j1 = add(r, "John Anderson won.", c, 8, "John Anderson");
    const char *d[] = {"PER:John Andersen", NULL};
    assert_true(add(r, "John Andersen lost.", d, 9, "John Andersen") != j1);
    er_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aliases_across_articles),
        cmocka_unit_test(test_same_surname_kept_apart),
        cmocka_unit_test(test_dominant_and_restore),
        cmocka_unit_test(test_type_votes),
        cmocka_unit_test(test_near_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
