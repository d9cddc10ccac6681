/* fuzz_anl.c -- libFuzzer target: decoding stored analyses (anl.h), which
 * come from the store and so from other machines: arbitrary bytes must
 * be refused or decode to an analysis that is valid for the article.
 *
 * Input: two bytes giving the article's text length (0..65535), then
 * the blob. Invariants: anl_decode returns TL_OK or TL_EPARSE; on TL_OK
 * every span lies inside the text, every index inside its table, every
 * entity has a name and a key, every event a known code; re-encoding
 * the result and decoding that gives the same bytes again. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anl.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const anl_doc *d, size_t len) {
    for (size_t i = 0; i < d->doc.ne; i++)
        FUZZ_CHECK(d->doc.e[i].name && d->doc.e[i].key, "entity %zu without name or key", i);
    for (size_t i = 0; i < d->doc.nm; i++) {
        const ent_mention *m = &d->doc.m[i];
        FUZZ_CHECK(m->start <= m->end && m->end <= len, "mention %zu", i);
        FUZZ_CHECK(m->entity < d->doc.ne, "mention %zu entity", i);
    }
    for (size_t i = 0; i < d->quotes.n; i++) {
        const quo_quote *q = &d->quotes.v[i];
        FUZZ_CHECK(q->start <= q->end && q->end <= len, "quote %zu", i);
        FUZZ_CHECK(q->entity >= -1 && q->entity < (long)d->doc.ne, "quote %zu speaker", i);
    }
    for (size_t i = 0; i < d->when.n; i++)
        FUZZ_CHECK(d->when.v[i].end <= len, "time expression %zu", i);
    for (size_t i = 0; i < d->events.n; i++) {
        const evt_event *v = &d->events.v[i];
        FUZZ_CHECK(v->code && evt_label(v->code), "event %zu code", i);
        FUZZ_CHECK(v->trig_end <= len && v->sent_end <= len, "event %zu spans", i);
        FUZZ_CHECK(v->actor < (long)d->doc.ne && v->target < (long)d->doc.ne &&
                       v->location < (long)d->doc.ne, "event %zu participants", i);
        FUZZ_CHECK(v->when < (long)d->when.n, "event %zu date", i);
        FUZZ_CHECK(v->nothers >= 0 && v->nothers <= EVT_MAX_OTHERS, "event %zu others", i);
        for (int k = 0; k < v->nothers; k++)
            FUZZ_CHECK(v->others[k] < (long)d->doc.ne, "event %zu other %d", i, k);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    size_t len = (size_t)data[0] << 8 | data[1];
    anl_doc d = ANL_DOC_INIT, d2 = ANL_DOC_INIT;
    tl_err e;
    int rc = anl_decode(data + 2, size - 2, len, &d, &e);
    FUZZ_CHECK(rc == TL_OK || rc == TL_EPARSE, "anl_decode returned %d", rc);
    if (rc == TL_OK) {
        check(&d, len);
        buf_t b1 = BUF_INIT, b2 = BUF_INIT;
        FUZZ_CHECK(anl_encode(&d, &b1) == TL_OK, "encode");
        FUZZ_CHECK(anl_decode(b1.p, b1.len, len, &d2, &e) == TL_OK, "decode again: %s", e.msg);
        FUZZ_CHECK(anl_encode(&d2, &b2) == TL_OK, "encode again");
        FUZZ_CHECK(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0, "not stable");
        buf_free(&b1);
        buf_free(&b2);
    }
    anl_doc_free(&d);
    anl_doc_free(&d2);
    return 0;
}
