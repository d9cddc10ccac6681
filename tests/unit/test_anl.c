/* test_anl.c -- unit tests for src/anl.c: the per-article analysis, its
 * encoding (what a worker stores) and decoding (what the clusterer
 * reads): a round trip keeps every field entity extraction uses, and a
 * damaged, truncated or foreign blob is refused, never trusted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "anl.h"
#include "jsonl.h"
#include "testutil.h"

/* Fictional reports with names, roles, places, quotes, dates and events. */
static const char *const ARTICLES[] = {
    "{\"id\":\"t1\",\"published\":\"2026-03-09T10:12:00+04:00\",\"title\":\"Leaders agree to "
    "meet\",\"text\":\"KHARVIK, March 9 - Veldran President Olexandr Varenko and Talmyran Prime "
    "Minister Ingrid Haldorsen agreed to hold a summit within two weeks after a roughly "
    "40-minute call on Sunday night, officials in both capitals said on Monday.\\n\\n\\\"We "
    "agreed to meet face to face within two weeks,\\\" Varenko wrote on social media.\\n\\n"
    "Foreign Minister Lena Ostrova said the withdrawal would be monitored by U.N. observers. "
    "\\\"This is a first step, not a final one,\\\" Ostrova told reporters in Kharvik. Germany "
    "and France welcomed the talks. Varenko will visit Sondby next Friday.\"}",
    "{\"id\":\"t2\",\"text\":\"Haldorsen did not meet the delegation. The council rejected "
    "the proposal on Tuesday, according to a spokesman for the Kestrel Group, which bought "
    "Tarn Shipping last year.\"}",
    "{\"id\":\"t3\",\"text\":\"no names at all here, just words.\"}",
};
#define NARTICLES (sizeof(ARTICLES) / sizeof(ARTICLES[0]))

static void str_eq(const char *a, const char *b) {
    if (!a || !b) assert_ptr_equal(a, b);
    else assert_string_equal(a, b);
}

/* Every field entx reads is the same in a and b. */
static void same_analysis(const anl_doc *a, const anl_doc *b) {
    assert_int_equal(a->doc.ne, b->doc.ne);
    for (size_t i = 0; i < a->doc.ne; i++) {
        const ent_local *x = &a->doc.e[i], *y = &b->doc.e[i];
        assert_int_equal(x->type, y->type);
        str_eq(x->name, y->name);
        str_eq(x->key, y->key);
        str_eq(x->role, y->role);
        str_eq(x->affiliation, y->affiliation);
        assert_ptr_equal(x->country, y->country);
        assert_int_equal(x->mentions, y->mentions);
    }
    assert_int_equal(a->doc.nm, b->doc.nm);
    for (size_t i = 0; i < a->doc.nm; i++) {
        const ent_mention *x = &a->doc.m[i], *y = &b->doc.m[i];
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->entity, y->entity);
        assert_int_equal(x->role_start, y->role_start);
        assert_int_equal(x->role_end, y->role_end);
    }
    assert_int_equal(a->quotes.n, b->quotes.n);
    for (size_t i = 0; i < a->quotes.n; i++) {
        const quo_quote *x = &a->quotes.v[i], *y = &b->quotes.v[i];
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->entity, y->entity);
        assert_int_equal(x->spk_start, y->spk_start);
        assert_int_equal(x->spk_end, y->spk_end);
        assert_int_equal(x->cue_start, y->cue_start);
        assert_int_equal(x->cue_end, y->cue_end);
        assert_int_equal(x->chan_start, y->chan_start);
        assert_int_equal(x->chan_end, y->chan_end);
    }
    assert_int_equal(a->when.n, b->when.n);
    for (size_t i = 0; i < a->when.n; i++) {
        const when_expr *x = &a->when.v[i], *y = &b->when.v[i];
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->certainty, y->certainty);
        assert_int_equal(x->first_day, y->first_day);
        assert_int_equal(x->last_day, y->last_day);
    }
    assert_int_equal(a->events.n, b->events.n);
    for (size_t i = 0; i < a->events.n; i++) {
        const evt_event *x = &a->events.v[i], *y = &b->events.v[i];
        assert_string_equal(x->code, y->code);
        assert_int_equal(x->trig_start, y->trig_start);
        assert_int_equal(x->trig_end, y->trig_end);
        assert_int_equal(x->actor, y->actor);
        assert_int_equal(x->act_start, y->act_start);
        assert_int_equal(x->act_end, y->act_end);
        assert_int_equal(x->target, y->target);
        assert_int_equal(x->tgt_start, y->tgt_start);
        assert_int_equal(x->tgt_end, y->tgt_end);
        assert_int_equal(x->nothers, y->nothers);
        for (int k = 0; k < x->nothers; k++) assert_int_equal(x->others[k], y->others[k]);
        assert_int_equal(x->location, y->location);
        assert_int_equal(x->when, y->when);
        assert_int_equal(x->sent_start, y->sent_start);
        assert_int_equal(x->sent_end, y->sent_end);
        assert_int_equal(x->negated, y->negated);
        assert_int_equal(x->future, y->future);
    }
}

static void test_round_trip(void **st) {
    (void)st;
    anl_doc a = ANL_DOC_INIT, b = ANL_DOC_INIT;
    long entities = 0, quotes = 0, events = 0, dates = 0;
    for (size_t i = 0; i < NARTICLES; i++) {
        art_t *art = tu_article(ARTICLES[i]);
        tl_err e;
        assert_int_equal(anl_article(NULL, art, &a, &e), TL_OK);
        entities += (long)a.doc.ne;
        quotes += (long)a.quotes.n;
        events += (long)a.events.n;
        dates += (long)a.when.n;
        buf_t enc = BUF_INIT, again = BUF_INIT;
        assert_int_equal(anl_encode(&a, &enc), TL_OK);
        assert_int_equal(anl_decode(enc.p, enc.len, art->text_len, &b, &e), TL_OK);
        same_analysis(&a, &b);
        /* decoding into a used doc reuses it cleanly; re-encoding gives
         * the same bytes */
        assert_int_equal(anl_decode(enc.p, enc.len, art->text_len, &b, &e), TL_OK);
        assert_int_equal(anl_encode(&b, &again), TL_OK);
        assert_int_equal(again.len, enc.len);
        assert_memory_equal(again.p, enc.p, enc.len);
        buf_free(&enc);
        buf_free(&again);
        art_free(art);
    }
    /* the texts exercise every part of the encoding */
    assert_true(entities >= 8);
    assert_true(quotes >= 2);
    assert_true(events >= 2);
    assert_true(dates >= 2);
    anl_doc_free(&a);
    anl_doc_free(&b);
}

/* Every truncation, and every single-byte change, is refused or decodes
 * to an analysis that is valid for the article (offsets inside its text,
 * indexes inside their tables); a blob for a longer text is refused. */
static void test_damage(void **st) {
    (void)st;
    art_t *art = tu_article(ARTICLES[0]);
    anl_doc a = ANL_DOC_INIT, b = ANL_DOC_INIT;
    tl_err e;
    assert_int_equal(anl_article(NULL, art, &a, &e), TL_OK);
    buf_t enc = BUF_INIT;
    assert_int_equal(anl_encode(&a, &enc), TL_OK);
    for (size_t n = 0; n < enc.len; n++)
        assert_int_equal(anl_decode(enc.p, n, art->text_len, &b, &e), TL_EPARSE);
    assert_int_equal(anl_decode(enc.p, 0, art->text_len, &b, &e), TL_EPARSE);
    unsigned char *copy = malloc(enc.len);
    long refused = 0;
    for (size_t i = 0; i < enc.len; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            memcpy(copy, enc.p, enc.len);
            copy[i] ^= (unsigned char)(1u << bit);
            if (anl_decode(copy, enc.len, art->text_len, &b, &e) != TL_OK) {
                refused++;
                assert_int_equal(b.doc.ne + b.doc.nm + b.quotes.n + b.events.n, 0);
                continue;
            }
            for (size_t k = 0; k < b.doc.nm; k++) {
                assert_true(b.doc.m[k].end <= art->text_len);
                assert_true(b.doc.m[k].entity < b.doc.ne);
            }
            for (size_t k = 0; k < b.quotes.n; k++)
                assert_true(b.quotes.v[k].entity < (long)b.doc.ne);
            for (size_t k = 0; k < b.events.n; k++) {
                assert_non_null(b.events.v[k].code);
                assert_true(b.events.v[k].when < (long)b.when.n);
                assert_true(b.events.v[k].actor < (long)b.doc.ne);
            }
            for (size_t k = 0; k < b.doc.ne; k++) {
                assert_non_null(b.doc.e[k].name);
                assert_non_null(b.doc.e[k].key);
            }
        }
    }
    assert_true(refused > 0);
    /* an analysis of a longer text does not fit this one */
    assert_int_equal(anl_decode(enc.p, enc.len, 20, &b, &e), TL_EPARSE);
    assert_non_null(strstr(e.msg, "beyond the article"));
    /* another format version */
    memcpy(copy, enc.p, enc.len);
    copy[0] = ANL_FORMAT + 1;
    assert_int_equal(anl_decode(copy, enc.len, art->text_len, &b, &e), TL_EPARSE);
    free(copy);
    buf_free(&enc);
    anl_doc_free(&a);
    anl_doc_free(&b);
    art_free(art);
}

static void test_producer(void **st) {
    (void)st;
    char p[ANL_PRODUCER_MAX];
    anl_producer(NULL, p, sizeof(p));
    assert_non_null(strstr(p, "ner:rules"));
    assert_true(strncmp(p, "anl1 build:", 11) == 0);
    assert_true(strlen(p) > 30);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_damage),
        cmocka_unit_test(test_producer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
