/* test_quote.c -- unit tests for src/quote.c: every quote pattern of
 * quote.h, with sentences written for these tests. Name spans are given by
 * hand (tu_spans), as a recognizer would give them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "entity.h"
#include "err.h"
#include "quote.h"
#include "testutil.h"

#define MAXS 32

typedef struct {
    const char *text;
    ent_doc d;
    quo_list q;
} fixture;

static void run(fixture *f, const char *text, const char *const *marks) {
    ent_span sp[MAXS] = {{0, 0, ENT_NONE}};
    size_t n = marks ? tu_spans(text, marks, sp, MAXS) : 0;
    f->text = text;
    memset(&f->d, 0, sizeof(f->d));
    memset(&f->q, 0, sizeof(f->q));
    assert_int_equal(ent_analyze(text, strlen(text), sp, n, &f->d), TL_OK);
    tl_err e;
    err_clear(&e);
    assert_int_equal(quo_extract(text, strlen(text), &f->d, &f->q, &e), TL_OK);
}

static void done(fixture *f) {
    ent_doc_free(&f->d);
    quo_list_free(&f->q);
}

static int span_is(const char *text, size_t a, size_t b, const char *want) {
    return b - a == strlen(want) && memcmp(text + a, want, b - a) == 0;
}

/* The quote whose content starts with `content` (a prefix). */
static const quo_quote *quote_at(const fixture *f, const char *content) {
    for (size_t i = 0; i < f->q.n; i++) {
        const quo_quote *q = &f->q.v[i];
        if (q->end - q->start >= strlen(content) &&
            memcmp(f->text + q->start, content, strlen(content)) == 0)
            return q;
    }
    for (size_t i = 0; i < f->q.n; i++)
        fprintf(stderr, "  have: [%.*s]\n", (int)(f->q.v[i].end - f->q.v[i].start),
                f->text + f->q.v[i].start);
    fail_msg("no quote starting with '%s'", content);
    return NULL;
}

static void expect(const fixture *f, const quo_quote *q, quo_kind kind, const char *content,
                   const char *speaker, const char *entity, const char *cue,
                   const char *channel) {
    assert_int_equal(q->kind, kind);
    if (content && !span_is(f->text, q->start, q->end, content))
        fail_msg("content [%.*s], want [%s]", (int)(q->end - q->start), f->text + q->start,
                 content);
    if (speaker && !span_is(f->text, q->spk_start, q->spk_end, speaker))
        fail_msg("speaker [%.*s], want [%s]", (int)(q->spk_end - q->spk_start),
                 f->text + q->spk_start, speaker);
    if (entity) {
        if (q->entity < 0) fail_msg("speaker unresolved, want %s", entity);
        assert_string_equal(f->d.e[q->entity].name, entity);
    } else {
        assert_int_equal(q->entity, -1);
    }
    if (cue && !span_is(f->text, q->cue_start, q->cue_end, cue))
        fail_msg("cue [%.*s], want [%s]", (int)(q->cue_end - q->cue_start),
                 f->text + q->cue_start, cue);
    if (channel && !span_is(f->text, q->chan_start, q->chan_end, channel))
        fail_msg("channel [%.*s], want [%s]", (int)(q->chan_end - q->chan_start),
                 f->text + q->chan_start, channel);
    if (!channel) assert_int_equal(q->chan_end, 0);
    assert_true(q->sent_start <= q->start && q->end <= q->sent_end);
}

/* ------------------------------------------------------------------------
 * Direct quotes
 * ---------------------------------------------------------------------- */

static void test_after_x_said(void **st) {
    (void)st;
    fixture f;
    const char *text =
        "“I called President Putin, and began the arrangements for a meeting…,” Trump wrote "
        "in a social media post.\n"
        "“We will see what happens,” said Kremlin spokesman Dmitry Peskov.";
    const char *const marks[] = {"PER:Putin", "PER:Trump", "ORG:Kremlin", "PER:Dmitry Peskov",
                                 NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 2);
    expect(&f, quote_at(&f, "I called"), QUO_DIRECT,
           "I called President Putin, and began the arrangements for a meeting…", "Trump", "Trump",
           "wrote", "in a social media post");
    expect(&f, quote_at(&f, "We will"), QUO_DIRECT, "We will see what happens",
           "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "said", NULL);
    done(&f);
}

static void test_before_colon(void **st) {
    (void)st;
    fixture f;
    const char *text =
        "Donald Trump wrote on Truth Social: \"The meeting was a great success.\"\n"
        "Emmanuel Macron said: ‘Europe must be at the table.’";
    const char *const marks[] = {"PER:Donald Trump", "PER:Emmanuel Macron", NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 2);
    expect(&f, quote_at(&f, "The meeting"), QUO_DIRECT, "The meeting was a great success.",
           "Donald Trump", "Donald Trump", "wrote", "on Truth Social");
    expect(&f, quote_at(&f, "Europe"), QUO_DIRECT, "Europe must be at the table.",
           "Emmanuel Macron", "Emmanuel Macron", "said", NULL);
    done(&f);
}

static void test_partial_quote(void **st) {
    (void)st;
    fixture f;
    const char *text = "Ukrainian President Zelensky described his one-on-one discussion with "
                       "Trump as “very good”.";
    const char *const marks[] = {"MISC:Ukrainian", "PER:Zelensky", "PER:Trump", NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 1);
    expect(&f, quote_at(&f, "very"), QUO_DIRECT, "very good", "Ukrainian President Zelensky",
           "Zelensky", "described", NULL);
    done(&f);
}

static void test_pronoun_speaker(void **st) {
    (void)st;
    fixture f;
    /* no gender cue in the article: the last speaker */
    const char *text = "“We had a good talk,” Donald Trump told reporters on Friday. He met "
                       "Vladimir Putin later.\nHe added, “As crazy as it sounds.”";
    const char *const marks[] = {"PER:Donald Trump", "PER:Vladimir Putin", NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 2);
    expect(&f, quote_at(&f, "We had"), QUO_DIRECT, "We had a good talk", "Donald Trump",
           "Donald Trump", "told", "told reporters");
    expect(&f, quote_at(&f, "As crazy"), QUO_DIRECT, "As crazy as it sounds.", "He",
           "Donald Trump", "added", NULL);
    done(&f);

    /* gender from titles: "she" is Ms. Kallas, not the last person */
    const char *text2 = "Ms. Kallas met Mr. Rubio in Brussels. “The talks were frank,” she said.";
    const char *const marks2[] = {"PER:Kallas", "PER:Rubio", "LOC:Brussels", NULL};
    run(&f, text2, marks2);
    assert_int_equal(f.q.n, 1);
    expect(&f, quote_at(&f, "The talks"), QUO_DIRECT, "The talks were frank", "she", "Kallas",
           "said", NULL);
    done(&f);
}

static void test_title_speaker(void **st) {
    (void)st;
    fixture f;
    const char *text =
        "Russian President Vladimir Putin and Ukrainian President Volodymyr Zelensky did not "
        "meet.\n“We are ready for peace,” the Ukrainian leader said.\n“Nothing is agreed,” "
        "the Russian president told Tass.";
    const char *const marks[] = {"MISC:Russian", "PER:Vladimir Putin", "MISC:Ukrainian",
                                 "PER:Volodymyr Zelensky", "MISC:Ukrainian", "MISC:Russian",
                                 "ORG:Tass", NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 2);
    expect(&f, quote_at(&f, "We are"), QUO_DIRECT, "We are ready for peace",
           "the Ukrainian leader", "Volodymyr Zelensky", "said", NULL);
    expect(&f, quote_at(&f, "Nothing"), QUO_DIRECT, "Nothing is agreed", "the Russian president",
           "Vladimir Putin", "told", "told Tass");
    done(&f);
}

static void test_multi_sentence_and_nested(void **st) {
    (void)st;
    fixture f;
    /* several sentences in one quote, a nested quote, a surname speaker */
    const char *text =
        "Yuri Ushakov spoke after the call. “The presidents talked for an hour. They agreed to "
        "keep talking. Putin called it ‘a useful exchange’. More is planned,” Ushakov said. "
        "“Nothing else was decided.”";
    const char *const marks[] = {"PER:Yuri Ushakov", "PER:Putin", "PER:Ushakov", NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 2);
    expect(&f, quote_at(&f, "The presidents"), QUO_DIRECT,
           "The presidents talked for an hour. They agreed to keep talking. Putin called it ‘a "
           "useful exchange’. More is planned",
           "Ushakov", "Yuri Ushakov", "said", NULL);
    /* no cue of its own: continues the quote before it */
    expect(&f, quote_at(&f, "Nothing else"), QUO_DIRECT, "Nothing else was decided.", "Ushakov",
           "Yuri Ushakov", NULL, NULL);
    done(&f);
}

static void test_open_paragraph_and_scare_quotes(void **st) {
    (void)st;
    fixture f;
    /* a quote left open at the end of a paragraph continues in the next;
     * a two-word quote without a cue is a scare quote, not a quote */
    const char *text = "Angela Merkel said: “We will not give up.\n“The work goes on.”\n"
                       "Critics called the plan a “paper tiger” without saying more.\n"
                       "The so-called “peace dividend” never came.";
    const char *const marks[] = {"PER:Angela Merkel", "MISC:Critics", NULL};
    run(&f, text, marks);
    expect(&f, quote_at(&f, "We will"), QUO_DIRECT, "We will not give up.", "Angela Merkel",
           "Angela Merkel", "said", NULL);
    expect(&f, quote_at(&f, "The work"), QUO_DIRECT, "The work goes on.", "Angela Merkel",
           "Angela Merkel", NULL, NULL);
    for (size_t i = 0; i < f.q.n; i++)
        assert_false(span_is(text, f.q.v[i].start, f.q.v[i].end, "peace dividend"));
    done(&f);
}

static void test_archive_marks_dash_apposition(void **st) {
    (void)st;
    fixture f;
    /* '' as a double quote, a title with a period, an apposition, a dash
     * attribution and a participle cue after a comma */
    const char *text =
        "''It would be better,'' Mr. Burman said.\n"
        "\"We should do so,\" Douglas Holtz-Eakin, an economist, told The Times.\n"
        "“Vote early.”― Karen Bobadilla\n"
        "Howard Dean poked at the debate, tweeting, “Notice the sniffing all the time.”";
    const char *const marks[] = {"PER:Burman", "PER:Douglas Holtz-Eakin", "ORG:The Times",
                                 "PER:Karen Bobadilla", "PER:Howard Dean", NULL};
    run(&f, text, marks);
    assert_int_equal(f.q.n, 4);
    expect(&f, quote_at(&f, "It would"), QUO_DIRECT, "It would be better", "Mr. Burman", "Burman",
           "said", NULL);
    expect(&f, quote_at(&f, "We should"), QUO_DIRECT, "We should do so",
           "Douglas Holtz-Eakin, an economist", "Douglas Holtz-Eakin", "told", "told The Times");
    expect(&f, quote_at(&f, "Vote"), QUO_DIRECT, "Vote early.", "Karen Bobadilla",
           "Karen Bobadilla", "―", NULL);
    expect(&f, quote_at(&f, "Notice"), QUO_DIRECT, "Notice the sniffing all the time.",
           "Howard Dean", "Howard Dean", "tweeting", NULL);
    done(&f);
}

/* ------------------------------------------------------------------------
 * Indirect quotes
 * ---------------------------------------------------------------------- */

static void test_indirect(void **st) {
    (void)st;
    fixture f;
    const char *text =
        "Ushakov said Putin expressed support for direct negotiations with Kyiv.\n"
        "Marco Rubio said that the talks would resume next week.\n"
        "According to Dmitry Peskov, no date has been set for a summit.\n"
        "The ceasefire collapsed within hours, two officials said.\n"
        "Sanctions will stay in place, according to the European Commission.\n"
        "Keir Starmer told reporters the coalition was ready to send troops.\n"
        "The summit will take place in Budapest, Ushakov told Tass on Friday.";
    const char *const marks[] = {"PER:Ushakov", "PER:Putin", "LOC:Kyiv", "PER:Marco Rubio",
                                 "PER:Dmitry Peskov", "ORG:European Commission",
                                 "PER:Keir Starmer", "LOC:Budapest", "PER:Ushakov", "ORG:Tass",
                                 NULL};
    run(&f, text, marks);
    expect(&f, quote_at(&f, "Putin expressed"), QUO_INDIRECT,
           "Putin expressed support for direct negotiations with Kyiv", "Ushakov", "Ushakov",
           "said", NULL);
    expect(&f, quote_at(&f, "that the talks"), QUO_INDIRECT,
           "that the talks would resume next week", "Marco Rubio", "Marco Rubio", "said", NULL);
    expect(&f, quote_at(&f, "no date"), QUO_INDIRECT, "no date has been set for a summit",
           "Dmitry Peskov", "Dmitry Peskov", "According to", NULL);
    expect(&f, quote_at(&f, "The ceasefire"), QUO_INDIRECT, "The ceasefire collapsed within hours",
           "two officials", NULL, "said", NULL);
    expect(&f, quote_at(&f, "Sanctions"), QUO_INDIRECT, "Sanctions will stay in place",
           "the European Commission", "European Commission", "according to", NULL);
    expect(&f, quote_at(&f, "the coalition"), QUO_INDIRECT,
           "the coalition was ready to send troops", "Keir Starmer", "Keir Starmer", "told",
           "told reporters");
    expect(&f, quote_at(&f, "The summit"), QUO_INDIRECT,
           "The summit will take place in Budapest", "Ushakov", "Ushakov", "told", "told Tass");
    assert_int_equal(f.q.n, 7);
    done(&f);
}

static void test_nothing_and_no_entities(void **st) {
    (void)st;
    fixture f;
    /* no quote at all; and quotes with an empty ent_doc stay unresolved */
    run(&f, "The talks ended on Monday. Both sides left Geneva.", NULL);
    assert_int_equal(f.q.n, 0);
    done(&f);
    const char *text = "“It was a long day,” the minister said.";
    run(&f, text, NULL);
    assert_int_equal(f.q.n, 1);
    expect(&f, &f.q.v[0], QUO_DIRECT, "It was a long day", "the minister", NULL, "said", NULL);
    done(&f);
    tl_err e;
    quo_list q = QUO_LIST_INIT;
    assert_int_equal(quo_extract("", 0, NULL, &q, &e), TL_OK);
    assert_int_equal(q.n, 0);
    quo_list_free(&q);

    /* appending to a list that holds another article's quotes: they are
     * left alone and never taken as earlier speakers */
    const char *t1 = "“We won,” Pete Hegseth said. “It was long,” Ann Smith said.";
    const char *const m1[] = {"PER:Pete Hegseth", "PER:Ann Smith", NULL};
    run(&f, t1, m1);
    assert_int_equal(f.q.n, 2);
    const char *t2 = "Paris is calm. He added, “No comment.”";
    const char *const m2[] = {"LOC:Paris", NULL};
    ent_span sp2[2] = {{0, 0, ENT_NONE}};
    size_t n2 = tu_spans(t2, m2, sp2, 2);
    ent_doc d2 = ENT_DOC_INIT;
    assert_int_equal(ent_analyze(t2, strlen(t2), sp2, n2, &d2), TL_OK);
    assert_true(d2.ne > 0);
    assert_int_equal(quo_extract(t2, strlen(t2), &d2, &f.q, &e), TL_OK);
    assert_int_equal(f.q.n, 3);
    assert_int_equal(f.q.v[2].entity, -1);
    ent_doc_free(&d2);
    done(&f);
    assert_string_equal(quo_kind_name(QUO_INDIRECT), "indirect");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_after_x_said),
        cmocka_unit_test(test_before_colon),
        cmocka_unit_test(test_partial_quote),
        cmocka_unit_test(test_pronoun_speaker),
        cmocka_unit_test(test_title_speaker),
        cmocka_unit_test(test_multi_sentence_and_nested),
        cmocka_unit_test(test_open_paragraph_and_scare_quotes),
        cmocka_unit_test(test_archive_marks_dash_apposition),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_nothing_and_no_entities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
