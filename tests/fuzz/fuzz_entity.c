/* fuzz_entity.c -- libFuzzer target: the rule-based name finder, the
 * entity analysis of one article, the registry and time expressions, on
 * arbitrary bytes.
 *
 * Invariants: names_guess and names_complete return sorted, disjoint spans
 * inside the text; ent_analyze accepts them; every mention lies inside the
 * text and points at an entity; er_add_article resolves every entity;
 * when_find returns expressions inside the text, in order, with first_day
 * <= last_day when resolved; evt_extract returns events inside their
 * sentences whose participants, place and date index the analysis and
 * the time expressions given. Text is repaired to valid UTF-8 first, as
 * ingest does. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "entreg.h"
#include "err.h"
#include "event.h"
#include "fuzz_check.h"
#include "names.h"
#include "text.h"
#include "when.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_spans(const ent_span *v, size_t n, size_t len) {
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(v[i].start < v[i].end && v[i].end <= len, "span %zu [%zu, %zu) of %zu", i,
                   v[i].start, v[i].end, len);
        FUZZ_CHECK(i == 0 || v[i].start >= v[i - 1].end, "spans %zu and %zu overlap", i - 1, i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 16384) return 0;
    char *text = NULL;
    size_t len = 0;
    if (text_repair_utf8((const char *)data, size, &text, &len) < 0) return 0;

    ent_span *sp = NULL;
    size_t n = 0;
    FUZZ_CHECK(names_guess(text, len, &sp, &n) == TL_OK, "names_guess");
    check_spans(sp, n, len);
    /* completing spans that already cover the gazetteer adds nothing wrong */
    FUZZ_CHECK(names_complete(text, len, &sp, &n) == TL_OK, "names_complete");
    check_spans(sp, n, len);

    ent_doc d = ENT_DOC_INIT;
    FUZZ_CHECK(ent_analyze(text, len, sp, n, &d) == TL_OK, "ent_analyze");
    for (size_t i = 0; i < d.nm; i++) {
        FUZZ_CHECK(d.m[i].start < d.m[i].end && d.m[i].end <= len, "mention %zu", i);
        FUZZ_CHECK(d.m[i].entity < d.ne, "mention %zu entity %u of %zu", i, d.m[i].entity, d.ne);
        FUZZ_CHECK(d.m[i].role_end == 0 || d.m[i].role_end <= len, "role of mention %zu", i);
    }
    entreg *r = er_new();
    uint32_t *ids = malloc((d.ne + 1) * sizeof(uint32_t));
    if (r && ids) {
        FUZZ_CHECK(er_add_article(r, text, &d, 1, ids) == TL_OK, "er_add_article");
        for (size_t i = 0; i < d.ne; i++)
            FUZZ_CHECK(ids[i] >= 1 && ids[i] <= er_count_entities(r), "entity %zu -> %u", i, ids[i]);
    }
    free(ids);
    er_free(r);

    when_list w = WHEN_LIST_INIT;
    evt_list ev = EVT_LIST_INIT;
    tl_err e;
    FUZZ_CHECK(when_find(text, len, 1, 20318, &w) == TL_OK, "when_find");
    FUZZ_CHECK(evt_extract(text, len, &d, &w, &ev, &e) == TL_OK, "evt_extract");
    for (size_t i = 0; i < ev.n; i++) {
        const evt_event *x = &ev.v[i];
        FUZZ_CHECK(x->sent_start <= x->trig_start && x->trig_start < x->trig_end &&
                   x->trig_end <= x->sent_end && x->sent_end <= len, "event %zu spans", i);
        FUZZ_CHECK(x->actor < (long)d.ne && x->target < (long)d.ne && x->location < (long)d.ne,
                   "event %zu entities", i);
        FUZZ_CHECK(x->act_end <= len && x->tgt_end <= len, "event %zu phrases", i);
        FUZZ_CHECK(x->when < (long)w.n && evt_label(x->code) != NULL, "event %zu date/code", i);
        FUZZ_CHECK(x->nothers >= 0 && x->nothers <= EVT_MAX_OTHERS, "event %zu others", i);
        for (int o = 0; o < x->nothers; o++)
            FUZZ_CHECK(x->others[o] >= 0 && x->others[o] < (long)d.ne, "event %zu other %d", i, o);
    }
    evt_list_free(&ev);
    ent_doc_free(&d);
    free(sp);

    for (int pub = 0; pub < 2; pub++) {
        w.n = 0;
        FUZZ_CHECK(when_find(text, len, pub, 20318, &w) == TL_OK, "when_find");
        for (size_t i = 0; i < w.n; i++) {
            FUZZ_CHECK(w.v[i].start < w.v[i].end && w.v[i].end <= len, "when %zu", i);
            FUZZ_CHECK(i == 0 || w.v[i].start >= w.v[i - 1].end, "when %zu out of order", i);
            FUZZ_CHECK(w.v[i].certainty == WHEN_UNRESOLVED || w.v[i].first_day <= w.v[i].last_day,
                       "when %zu range", i);
        }
    }
    when_list_free(&w);
    free(text);
    return 0;
}
