/* test_names.c -- unit tests for src/names.c: rule-based name spans and
 * gazetteer completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/* "TYPE:text" for each span, joined by '|' */
static void show(const char *text, const ent_span *v, size_t n, char *out, size_t cap) {
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && k < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%s:%.*s", i ? "|" : "", ent_type_name(v[i].type),
                              (int)(v[i].end - v[i].start), text + v[i].start);
}

static void test_guess(void **st) {
    (void)st;
    const char *text =
        "The White House said President Donald Trump spoke with Vladimir Putin.\n"
        "Trump told reporters in Washington that NATO and the Ministry of Defence agreed.\n"
        "Ukrainian officials met Kremlin aides. But Kyiv said little.";
    ent_span *v;
    size_t n;
    assert_int_equal(names_guess(text, strlen(text), &v, &n), 0);
    char buf[1024];
    show(text, v, n, buf, sizeof(buf));
    assert_string_equal(buf,
                        "ORG:White House|PER:Donald Trump|PER:Vladimir Putin|PER:Trump|"
                        "LOC:Washington|ORG:NATO|ORG:Ministry of Defence|MISC:Ukrainian|"
                        "ORG:Kremlin|LOC:Kyiv");
    free(v);
}

static void test_complete(void **st) {
    (void)st;
    const char *text = "Mark Rutte of NATO flew from Brussels to Kyiv with German officials.\n"
                       "The Kremlin said nothing.";
    ent_span *v = malloc(2 * sizeof(ent_span));
    v[0] = (ent_span){0, 10, ENT_PER};           /* Mark Rutte */
    v[1] = (ent_span){14, 18, ENT_ORG};          /* NATO */
    size_t n = 2;
    assert_int_equal(names_complete(text, strlen(text), &v, &n), 0);
    char buf[512];
    show(text, v, n, buf, sizeof(buf));
    assert_string_equal(buf, "PER:Mark Rutte|ORG:NATO|LOC:Brussels|LOC:Kyiv|MISC:German|ORG:Kremlin");
    free(v);
    v = NULL;
    n = 0;
    assert_int_equal(names_complete("", 0, &v, &n), 0);
    assert_int_equal(n, 0);
    free(v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guess),
        cmocka_unit_test(test_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
