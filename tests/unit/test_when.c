/* test_when.c -- unit tests for src/when.c: time expressions resolved
 * against a publication date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "when.h"

/* All expressions of text as "written=resolved[!future][~inferred|?]" */
static void run(const char *text, int has_pub, const char *want) {
    when_list l = WHEN_LIST_INIT;
    int64_t pub = date_days_from_civil(2025, 8, 19);     /* a Tuesday */
    assert_int_equal(when_find(text, strlen(text), has_pub, pub, &l), 0);
    char got[1024] = "", r[64];
    size_t k = 0;
    for (size_t i = 0; i < l.n; i++) {
        when_format(&l.v[i], r, sizeof(r));
        k += (size_t)snprintf(got + k, sizeof(got) - k, "%s%.*s=%s%s%s", i ? "|" : "",
                              (int)(l.v[i].end - l.v[i].start), text + l.v[i].start, r,
                              l.v[i].future ? "!" : "",
                              l.v[i].certainty == WHEN_INFERRED ? "~" : "");
    }
    if (strcmp(got, want) != 0) fail_msg("\n  text: %s\n  got:  %s\n  want: %s", text, got, want);
    when_list_free(&l);
}

static void test_weekdays(void **st) {
    (void)st;
    run("Trump spoke with Putin on Monday.", 1, "Monday=2025-08-18~");
    run("The call came on Sunday night.", 1, "Sunday night=2025-08-17~");
    run("Friday's meeting went well.", 1, "Friday=2025-08-15~");
    run("The leaders will meet on Friday.", 1, "Friday=2025-08-22!~");
    run("They met last Tuesday and meet again next Tuesday.", 1,
        "last Tuesday=2025-08-12~|next Tuesday=2025-08-26!~");
    run("Talks resume Tuesday.", 1, "Tuesday=2025-08-19~");
    /* the clause's verb group decides, not another clause of the sentence */
    run("He said the prime minister would brief parliament on Tuesday.", 1,
        "Tuesday=2025-08-19!~");
    run("The envoy said she would remain in the city until Sunday.", 1, "Sunday=2025-08-24!~");
    run("Units could move back as early as Wednesday.", 1, "Wednesday=2025-08-20!~");
    run("Kestrel will pay a premium of 27%, to the closing price on Friday.", 1,
        "Friday=2025-08-15~");
    run("Tarn will pay 9.50, the companies said on Monday.", 1, "Monday=2025-08-18~");
    run("He spoke on Monday.", 0, "Monday=unresolved");
}

static void test_relative(void **st) {
    (void)st;
    run("Yesterday the envoy left; today he returns, tomorrow he rests.", 1,
        "Yesterday=2025-08-18~|today=2025-08-19~|tomorrow=2025-08-20!~");
    run("Last week the talks stalled. Next month they resume.", 1,
        "Last week=2025-08-11..2025-08-17~|Next month=2025-09-01..2025-09-30!~");
    run("Just days ago, Trump said so. Two weeks ago he did not.", 1,
        "Just days ago=2025-08-13..2025-08-17~|Two weeks ago=2025-08-05~");
    run("Earlier this year the war went on; last night it rained.", 1,
        "Earlier this year=2025-01-01..2025-12-31~|last night=2025-08-18~");
}

static void test_calendar(void **st) {
    (void)st;
    run("The summit was held in February.", 1, "February=2025-02-01..2025-02-28~");
    run("Talks began in December.", 1, "December=2024-12-01..2024-12-31~");
    run("A vote is scheduled for December 3.", 1, "December 3=2025-12-03!~");
    run("On August 18 they met; on Aug. 18, 2025 they spoke; 18 August 2025 too.", 1,
        "August 18=2025-08-18~|Aug. 18, 2025=2025-08-18|18 August 2025=2025-08-18");
    run("Filed 2025-08-18 in Kyiv, since 2014.", 1, "2025-08-18=2025-08-18|2014=2014-01-01..2014-12-31");
    run("Putin may agree. Elections were due in May.", 1, "May=2025-05-01..2025-05-31~");
    run("Zelensky's term expired in May 2024.", 0, "May 2024=2024-05-01..2024-05-31");
    run("The deal of 18 August 2025 holds.", 0, "18 August 2025=2025-08-18");
    run("No date here, only 40 minutes and 1,000 prisoners.", 1, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
