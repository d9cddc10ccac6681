/* test_geo.c -- unit tests for src/geo.c: countries, demonyms, capitals,
 * seats of power, normalization of the query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "geo.h"

/* code and kind of a name, "" / GEO_NONE when unknown */
static const char *code_of(const char *name, geo_kind *kind) {
    geo_hit h;
    if (!geo_lookup(name, strlen(name), &h)) { *kind = GEO_NONE; return ""; }
    *kind = h.kind;
    return h.country->code;
}

static void check(const char *name, const char *code, geo_kind kind) {
    geo_kind k;
    const char *c = code_of(name, &k);
    if (strcmp(c, code) != 0 || k != kind)
        fail_msg("'%s': got %s/%d, want %s/%d", name, c, (int)k, code, (int)kind);
}

static void test_names(void **st) {
    (void)st;
    check("Ukraine", "UA", GEO_COUNTRY);
    check("Ukrainian", "UA", GEO_DEMONYM);
    check("Kyiv", "UA", GEO_CAPITAL);
    check("Kiev", "UA", GEO_CAPITAL);
    check("the Kremlin", "RU", GEO_SEAT);
    check("Kremlin", "RU", GEO_SEAT);
    check("Russians", "RU", GEO_DEMONYM);
    check("U.S.", "US", GEO_COUNTRY);
    check("US", "US", GEO_COUNTRY);
    check("United  States", "US", GEO_COUNTRY);
    check("the White House", "US", GEO_SEAT);
    check("Washington D.C.", "US", GEO_CAPITAL);
    check("German", "DE", GEO_DEMONYM);
    check("Britain", "GB", GEO_COUNTRY);
    check("Downing Street", "GB", GEO_SEAT);
    check("Côte d’Ivoire", "CI", GEO_COUNTRY);        /* diacritics, curly apostrophe */
    check("COTE D'IVOIRE", "CI", GEO_COUNTRY);
    check("Türkiye", "TR", GEO_COUNTRY);
    check("Singapore", "SG", GEO_COUNTRY);             /* country shadows its capital */
    check("Dominican", "DO", GEO_DEMONYM);
    check("Guinea-Bissau", "GW", GEO_COUNTRY);
    check("guinea bissau", "GW", GEO_COUNTRY);
    check("Atlantis", "", GEO_NONE);
    check("", "", GEO_NONE);
    check("the", "", GEO_NONE);
}

static void test_table(void **st) {
    (void)st;
    assert_true(geo_count() >= 199);
    for (size_t i = 0; i < geo_count(); i++) {
        const geo_country *c = geo_country_at(i);
        assert_non_null(c);
        geo_hit h;
        /* every country finds itself by name and by code */
        if (!geo_lookup(c->name, strlen(c->name), &h) || h.country != c || h.kind != GEO_COUNTRY)
            fail_msg("country '%s' not found by its name", c->name);
        assert_ptr_equal(geo_country_by_code(c->code), c);
    }
    assert_null(geo_country_at(geo_count()));
    assert_null(geo_country_by_code("ZZ"));
    assert_string_equal(geo_country_by_code("UA")->capital, "Kyiv");
}

static void *lookup_many(void *arg) {
    (void)arg;
    geo_hit h;
    for (int i = 0; i < 1000; i++)
        if (!geo_lookup("Moscow", 6, &h) || strcmp(h.country->code, "RU") != 0) return (void *)1;
    return NULL;
}

static void test_threads(void **st) {
    (void)st;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, lookup_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
