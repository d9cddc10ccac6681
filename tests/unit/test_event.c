/* test_event.c -- unit tests for src/event.c: each frame of event.h (verb
 * with object, with a preposition, symmetric subjects, passives, event
 * nouns with a possessor, a light verb or "between X and Y", pronoun and
 * title-only participants, dates, places, negation and future), with
 * sentences written for these tests. Name spans are given by hand
 * (tu_spans), as a recognizer would give them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "date.h"
#include "entity.h"
#include "err.h"
#include "event.h"
#include "when.h"
#include "testutil.h"

#define MAXS 32

typedef struct {
    const char *text;
    ent_doc d;
    when_list w;
    evt_list ev;
} fixture;

/* Analyze text with the marked names, published on pub ("YYYY-MM-DD" or
 * NULL). */
static void run(fixture *f, const char *text, const char *const *marks, const char *pub) {
    ent_span sp[MAXS] = {{0, 0, ENT_NONE}};
    size_t n = marks ? tu_spans(text, marks, sp, MAXS) : 0;
    f->text = text;
    memset(f, 0, sizeof(*f));
    f->text = text;
    assert_int_equal(ent_analyze(text, strlen(text), sp, n, &f->d), TL_OK);
    int64_t day = 0;
    if (pub) {
        int y, m, d;
        assert_int_equal(sscanf(pub, "%d-%d-%d", &y, &m, &d), 3);
        day = date_days_from_civil(y, m, d);
    }
    assert_int_equal(when_find(text, strlen(text), pub != NULL, day, &f->w), TL_OK);
    tl_err e;
    err_clear(&e);
    assert_int_equal(evt_extract(text, strlen(text), &f->d, &f->w, &f->ev, &e), TL_OK);
}

static void done(fixture *f) {
    ent_doc_free(&f->d);
    when_list_free(&f->w);
    evt_list_free(&f->ev);
}

static void dump(const fixture *f) {
    for (size_t i = 0; i < f->ev.n; i++) {
        const evt_event *x = &f->ev.v[i];
        fprintf(stderr, "  have: %s [%.*s] actor %s target %s\n", x->code,
                (int)(x->trig_end - x->trig_start), f->text + x->trig_start,
                x->actor >= 0 ? f->d.e[x->actor].name : "-",
                x->target >= 0 ? f->d.e[x->target].name : "-");
    }
}

/* The event whose trigger is `trig` (as written). */
static const evt_event *event_at(const fixture *f, const char *trig) {
    for (size_t i = 0; i < f->ev.n; i++) {
        const evt_event *x = &f->ev.v[i];
        if (x->trig_end - x->trig_start == strlen(trig) &&
            memcmp(f->text + x->trig_start, trig, strlen(trig)) == 0)
            return x;
    }
    dump(f);
    fail_msg("no event with trigger '%s'", trig);
    return NULL;
}

static int has_event(const fixture *f, const char *trig) {
    for (size_t i = 0; i < f->ev.n; i++) {
        const evt_event *x = &f->ev.v[i];
        if (x->trig_end - x->trig_start == strlen(trig) &&
            memcmp(f->text + x->trig_start, trig, strlen(trig)) == 0)
            return 1;
    }
    return 0;
}

static void expect_ent(const fixture *f, long e, const char *name) {
    if (!name) {
        if (e >= 0) fail_msg("want no entity, got %s", f->d.e[e].name);
        return;
    }
    if (e < 0) fail_msg("want %s, got none", name);
    assert_string_equal(f->d.e[e].name, name);
}

static void expect(const fixture *f, const evt_event *x, const char *code, const char *actor,
                   const char *target) {
    assert_non_null(x);
    assert_string_equal(x->code, code);
    expect_ent(f, x->actor, actor);
    expect_ent(f, x->target, target);
    assert_true(x->sent_start <= x->trig_start && x->trig_end <= x->sent_end);
}

static void expect_date(const fixture *f, const evt_event *x, const char *want) {
    if (!want) {
        assert_int_equal(x->when, -1);
        return;
    }
    assert_true(x->when >= 0);
    char got[48];
    when_format(&f->w.v[x->when], got, sizeof(got));
    assert_string_equal(got, want);
}

/* ------------------------------------------------------------------------
 * Verbs
 * ---------------------------------------------------------------------- */

static void test_call_with_date(void **st) {
    (void)st;
    fixture f;
    /* the seeds' phone call, two ways, resolved against 2025-08-19 */
    const char *text = "US President Donald Trump called Vladimir Putin on Monday after the "
                       "talks.\nLater, Trump spoke by phone with Putin again.";
    const char *const marks[] = {"LOC:US", "PER:Donald Trump", "PER:Vladimir Putin",
                                 "PER:Trump", "PER:Putin", NULL};
    run(&f, text, marks, "2025-08-19");
    const evt_event *x = event_at(&f, "called");
    expect(&f, x, "041", "Donald Trump", "Vladimir Putin");
    expect_date(&f, x, "2025-08-18");
    assert_int_equal(x->negated, 0);
    assert_int_equal(x->future, 0);
    assert_memory_equal(text + x->act_start, "US President Donald Trump", x->act_end - x->act_start);
    x = event_at(&f, "spoke");
    expect(&f, x, "041", "Donald Trump", "Vladimir Putin");
    expect_date(&f, x, NULL);
    done(&f);

    /* "called" with a complement is no phone call; "called for" is an appeal */
    const char *text2 = "Trump called Putin a tough negotiator. Merkel called for calm.";
    const char *const marks2[] = {"PER:Trump", "PER:Putin", "PER:Merkel", NULL};
    run(&f, text2, marks2, NULL);
    assert_false(has_event(&f, "called"));
    expect(&f, event_at(&f, "called for"), "020", "Merkel", NULL);
    done(&f);
}

static void test_with_and_symmetric(void **st) {
    (void)st;
    fixture f;
    const char *text = "Trump and Putin met in Alaska on Friday. Macron met with Starmer.\n"
                       "Zelensky spoke to reporters.";
    const char *const marks[] = {"PER:Trump", "PER:Putin", "LOC:Alaska", "PER:Macron",
                                 "PER:Starmer", "PER:Zelensky", NULL};
    run(&f, text, marks, "2025-08-19");
    const evt_event *x = event_at(&f, "met");
    expect(&f, x, "044", "Trump", "Putin");
    expect_ent(&f, x->location, "Alaska");
    expect_date(&f, x, "2025-08-15");
    x = &f.ev.v[1];
    expect(&f, x, "044", "Macron", "Starmer");
    /* speaking to reporters is no event: no named target */
    assert_false(has_event(&f, "spoke"));
    assert_int_equal(f.ev.n, 2);
    done(&f);
}

static void test_passive_negation_future(void **st) {
    (void)st;
    fixture f;
    const char *text = "The embassy of Gondor was attacked by Mordor on Tuesday.\n"
                       "Arnor did not invite Rohan.\nGondor will meet Arnor next week.";
    const char *const marks[] = {"LOC:Gondor", "LOC:Mordor", "LOC:Arnor", "LOC:Rohan",
                                 "LOC:Gondor", "LOC:Arnor", NULL};
    run(&f, text, marks, "2025-01-10");
    const evt_event *x = event_at(&f, "attacked");
    /* the passive's subject is inside "of Gondor": the actor comes from "by" */
    assert_string_equal(x->code, "190");
    expect_ent(&f, x->actor, "Mordor");
    x = event_at(&f, "invite");
    expect(&f, x, "036", "Arnor", "Rohan");
    assert_int_equal(x->negated, 1);
    x = event_at(&f, "meet");
    expect(&f, x, "044", "Gondor", "Arnor");
    assert_int_equal(x->future, 1);
    done(&f);
}

static void test_agreed_to_buy(void **st) {
    (void)st;
    fixture f;
    /* the dateline is no subject; "it" is the company that said it */
    const char *text = "KHARVIK — Kestrel Shipping Group said on Monday it had agreed to "
                       "acquire Carrow-based Tarn Maritime for $4.2 billion.";
    const char *const marks[] = {"LOC:KHARVIK", "ORG:Kestrel Shipping Group", "LOC:Carrow-based",
                                 "ORG:Tarn Maritime", NULL};
    run(&f, text, marks, "2026-03-31");
    const evt_event *x = event_at(&f, "agreed");
    expect(&f, x, "030", "Kestrel Shipping Group", "Tarn Maritime");
    expect_date(&f, x, "2026-03-30");
    x = event_at(&f, "acquire");
    expect(&f, x, "061", "Kestrel Shipping Group", "Tarn Maritime");
    assert_int_equal(x->future, 1);
    done(&f);
}

/* ------------------------------------------------------------------------
 * Event nouns
 * ---------------------------------------------------------------------- */

static void test_nouns(void **st) {
    (void)st;
    fixture f;
    const char *text =
        "Ushakov described a roughly 40-minute phone call between Trump and Putin as candid.\n"
        "Trump’s summit with Putin took place in Alaska.\n"
        "The White House confirmed Trump held a phone conversation with Putin on Monday.\n"
        "Trump’s presence was welcome. The meeting was long.";
    const char *const marks[] = {"PER:Ushakov", "PER:Trump", "PER:Putin", "PER:Trump",
                                 "PER:Putin", "LOC:Alaska", "ORG:White House", "PER:Trump",
                                 "PER:Putin", "PER:Trump", NULL};
    run(&f, text, marks, "2025-08-19");
    const evt_event *x = event_at(&f, "phone call");
    expect(&f, x, "041", "Trump", "Putin");
    x = event_at(&f, "summit");
    expect(&f, x, "044", "Trump", "Putin");
    expect_ent(&f, x->location, "Alaska");
    /* "held a phone conversation": the light verb's subject, past the
     * reporting verb "confirmed" */
    x = event_at(&f, "conversation");
    expect(&f, x, "041", "Trump", "Putin");
    expect_date(&f, x, "2025-08-18");
    /* nouns without a frame are no events */
    assert_false(has_event(&f, "meeting"));
    assert_int_equal(f.ev.n, 3);
    done(&f);
}

/* ------------------------------------------------------------------------
 * Participants
 * ---------------------------------------------------------------------- */

static void test_pronoun_title_others(void **st) {
    (void)st;
    fixture f;
    const char *text =
        "Russian President Vladimir Putin spoke on Monday. Later he hosted Zelensky, Macron "
        "and Merz.\nTrump urged the Russian leader to stop.\n"
        "German and French leaders praised Trump.";
    const char *const marks[] = {"MISC:Russian", "PER:Vladimir Putin", "PER:Zelensky",
                                 "PER:Macron", "PER:Merz", "PER:Trump", "MISC:Russian",
                                 "MISC:German", "MISC:French", "PER:Trump", NULL};
    run(&f, text, marks, NULL);
    const evt_event *x = event_at(&f, "hosted");
    expect(&f, x, "043", "Vladimir Putin", "Zelensky");
    assert_int_equal(x->nothers, 2);
    expect_ent(&f, x->others[0], "Macron");
    expect_ent(&f, x->others[1], "Merz");
    /* an article without a publication date keeps no guessed date */
    expect_date(&f, x, NULL);
    x = event_at(&f, "urged");
    expect(&f, x, "020", "Trump", "Vladimir Putin");
    x = event_at(&f, "praised");
    expect(&f, x, "051", "Germany", "Trump");
    assert_int_equal(x->nothers, 1);
    expect_ent(&f, x->others[0], "France");
    done(&f);
}

static void test_quotes_disasters_nothing(void **st) {
    (void)st;
    fixture f;
    /* what is inside quote marks belongs to the quote; an explosion is no
     * assault by a town; an article with no names has no events */
    const char *text = "“I called President Putin,” Trump wrote.\n"
                       "An explosion killed 14 workers in Kostrava on Tuesday.";
    const char *const marks[] = {"PER:Putin", "PER:Trump", "LOC:Kostrava", NULL};
    run(&f, text, marks, "2026-03-24");
    assert_int_equal(f.ev.n, 0);
    done(&f);

    run(&f, "Nothing happened here at all.", NULL, NULL);
    assert_int_equal(f.ev.n, 0);
    done(&f);
    run(&f, "", NULL, NULL);
    assert_int_equal(f.ev.n, 0);
    done(&f);
}

static void test_taxonomy(void **st) {
    (void)st;
    assert_string_equal(evt_label("041"), "consult: phone call");
    assert_null(evt_label("999"));
    assert_null(evt_label(NULL));
    assert_int_equal(evt_root("041"), 4);
    assert_int_equal(evt_root("1712"), 17);
    assert_int_equal(evt_root("200"), 20);
    assert_int_equal(evt_root("x41"), 0);
    assert_int_equal(evt_root("2a"), 0);
    assert_int_equal(evt_root(""), 0);
    assert_string_equal(evt_root_name(4), "consult");
    assert_null(evt_root_name(21));
    assert_null(evt_root_name(0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_call_with_date),
        cmocka_unit_test(test_with_and_symmetric),
        cmocka_unit_test(test_passive_negation_future),
        cmocka_unit_test(test_agreed_to_buy),
        cmocka_unit_test(test_nouns),
        cmocka_unit_test(test_pronoun_title_others),
        cmocka_unit_test(test_quotes_disasters_nothing),
        cmocka_unit_test(test_taxonomy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
