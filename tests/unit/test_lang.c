/* test_lang.c -- unit tests for src/lang.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lang.h"

static void is(const char *text, const char *code) {
    assert_string_equal(lang_detect(text, strlen(text)), code);
}

static void test_languages(void **st) {
    (void)st;
    is("The president said that the talks with the allies were going well and it was a good day.", "en");
    is("Der Kanzler sagte, dass die Gespräche mit den Verbündeten gut seien und auch die Lage sich nicht verschlechtert habe.", "de");
    is("Le président a dit que les discussions avec les alliés sont bonnes et pour la paix dans la région.", "fr");
    is("El presidente dijo que las conversaciones con los aliados fueron buenas y que se firmará un acuerdo para la paz.", "es");
    is("Президент заявил, что переговоры с союзниками идут хорошо.", "ru");
    is("Президент заявив, що переговори з союзниками ідуть добре і є надія.", "uk");
    is("12345 67890", "und");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_languages)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
