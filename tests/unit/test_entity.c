/* test_entity.c -- unit tests for src/entity.c: roles, affiliations,
 * countries and the grouping of mentions within one article. Spans are
 * given by hand, as a recognizer would give them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "entity.h"
#include "err.h"
#include "testutil.h"

#define MAXS 32

static const ent_local *entity_named(const ent_doc *d, const char *name) {
    for (size_t i = 0; i < d->ne; i++)
        if (strcmp(d->e[i].name, name) == 0) return &d->e[i];
    fail_msg("no entity '%s'", name);
    return NULL;
}

static void analyze(const char *text, const char *const *marks, ent_doc *d) {
    ent_span sp[MAXS];
    size_t n = tu_spans(text, marks, sp, MAXS);
    assert_int_equal(ent_analyze(text, strlen(text), sp, n, d), 0);
}

static void test_roles_and_countries(void **st) {
    (void)st;
    const char *text =
        "Russian President Vladimir Putin spoke with U.S. President Donald Trump on Monday. "
        "NATO Secretary General Mark Rutte welcomed the call, and German Chancellor Friedrich "
        "Merz said Ukrainian forces held the line near Kyiv. Yuri Ushakov, an assistant to the "
        "Russian president, said little. Kremlin spokesman Dmitry Peskov declined to comment.";
    const char *const marks[] = {
        "MISC:Russian", "PER:Vladimir Putin", "LOC:U.S.", "PER:Donald Trump", "ORG:NATO",
        "PER:Mark Rutte", "MISC:German", "PER:Friedrich Merz", "MISC:Ukrainian", "LOC:Kyiv",
        "PER:Yuri Ushakov", "MISC:Russian", "ORG:Kremlin", "PER:Dmitry Peskov", NULL};
    ent_doc d = ENT_DOC_INIT;
    analyze(text, marks, &d);
    const ent_local *e = entity_named(&d, "Vladimir Putin");
    assert_string_equal(e->role, "President");
    assert_string_equal(e->country->code, "RU");
    e = entity_named(&d, "Donald Trump");
    assert_string_equal(e->role, "President");
    assert_string_equal(e->country->code, "US");
    e = entity_named(&d, "Mark Rutte");
    assert_string_equal(e->role, "Secretary General");
    assert_string_equal(e->affiliation, "NATO");
    assert_null(e->country);
    e = entity_named(&d, "Friedrich Merz");
    assert_string_equal(e->role, "Chancellor");
    assert_string_equal(e->country->code, "DE");
    e = entity_named(&d, "Yuri Ushakov");
    assert_string_equal(e->role, "assistant to the Russian president");
    assert_string_equal(e->country->code, "RU");
    assert_string_equal(e->key, "iuri ushakov");
    e = entity_named(&d, "Dmitry Peskov");
    assert_string_equal(e->role, "spokesman");
    assert_string_equal(e->country->code, "RU");
    /* demonyms and country names are the country; capitals and seats keep
     * their own entity with the country attached */
    e = entity_named(&d, "Russia");
    assert_int_equal(e->type, ENT_LOC);
    assert_int_equal(e->mentions, 2);
    e = entity_named(&d, "Kyiv");
    assert_int_equal(e->type, ENT_LOC);
    assert_string_equal(e->country->code, "UA");
    e = entity_named(&d, "Kremlin");
    assert_int_equal(e->type, ENT_ORG);
    assert_string_equal(e->country->code, "RU");
    entity_named(&d, "Ukraine");
    entity_named(&d, "United States");
    ent_doc_free(&d);
}

static void test_grouping(void **st) {
    (void)st;
    const char *text =
        "Trump met reporters. President Donald Trump said the talks went well. "
        "Later, Trump’s envoy Steve Witkoff flew to Moscow. Melania Trump stayed home, "
        "and Trump said Zelenskyy had agreed. Zelensky denied it. Witkoff declined comment.";
    const char *const marks[] = {"PER:Trump", "PER:Donald Trump", "PER:Trump’s", "PER:Steve Witkoff",
                                 "LOC:Moscow", "PER:Melania Trump", "PER:Trump", "PER:Zelenskyy",
                                 "PER:Zelensky", "PER:Witkoff", NULL};
    ent_doc d = ENT_DOC_INIT;
    analyze(text, marks, &d);
    const ent_local *dt = entity_named(&d, "Donald Trump");
    /* "Trump" (before the full name), "Donald Trump", "Trump’s" */
    assert_int_equal(dt->mentions, 3);
    assert_string_equal(dt->role, "President");
    /* after "Melania Trump" the bare surname goes to the latest Trump */
    const ent_local *mt = entity_named(&d, "Melania Trump");
    assert_int_equal(mt->mentions, 2);
    const ent_local *z = entity_named(&d, "Zelenskyy");
    assert_int_equal(z->mentions, 2);         /* spelling variants: one key */
    const ent_local *w = entity_named(&d, "Steve Witkoff");
    assert_int_equal(w->mentions, 2);
    assert_string_equal(w->role, "envoy");
    /* every mention points at an entity, offsets exclude the possessive */
    for (size_t i = 0; i < d.nm; i++) assert_true(d.m[i].entity < d.ne);
    assert_memory_equal(text + d.m[2].start, "Trump", d.m[2].end - d.m[2].start);
    ent_doc_free(&d);

    /* a title's gender: "Mr. Varenko" is not the latest Varenko when she
     * is his wife; "Mrs. Varenko" is */
    const char *text2 = "President Oleksandr Varenko spoke. His wife, Mila Varenko, wept. "
                        "Mr. Varenko left. Mrs. Varenko stayed.";
    const char *const marks2[] = {"PER:Oleksandr Varenko", "PER:Mila Varenko", "PER:Varenko",
                                  "PER:Varenko", NULL};
    analyze(text2, marks2, &d);
    const ent_local *ov = entity_named(&d, "Oleksandr Varenko");
    const ent_local *mv = entity_named(&d, "Mila Varenko");
    assert_int_equal(ov->mentions, 2);
    assert_int_equal(mv->mentions, 2);
    assert_int_equal(ov->gender, 1);
    assert_int_equal(mv->gender, 2);
    ent_doc_free(&d);
}

static void test_keys_and_errors(void **st) {
    (void)st;
    char k[64];
    assert_int_equal(ent_name_key("Yury Ushakov", 12, k, sizeof(k)), strlen("iuri ushakov"));
    assert_string_equal(k, "iuri ushakov");
    ent_name_key("Steve Vitkov", 12, k, sizeof(k));
    char k2[64];
    ent_name_key("Steve Witkoff", 13, k2, sizeof(k2));
    assert_string_equal(k, k2);
    ent_name_key("President Zelenskyy", 19, k, sizeof(k));
    assert_string_equal(k, "zelenski");
    assert_int_equal(ent_name_key("", 0, k, sizeof(k)), 0);
    ent_span bad[2] = {{5, 9, ENT_PER}, {2, 4, ENT_PER}};
    ent_doc d = ENT_DOC_INIT;
    assert_int_equal(ent_analyze("0123456789", 10, bad, 2, &d), TL_EINVAL);   /* out of order */
    ent_span out_of_range = {5, 50, ENT_PER};
    assert_int_equal(ent_analyze("0123456789", 10, &out_of_range, 1, &d), TL_EINVAL);
    assert_int_equal(ent_analyze("", 0, NULL, 0, &d), 0);
    assert_int_equal(d.ne, 0);
    ent_doc_free(&d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_and_countries),
        cmocka_unit_test(test_grouping),
        cmocka_unit_test(test_keys_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
