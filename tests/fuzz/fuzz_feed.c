/* fuzz_feed.c -- libFuzzer target: an RSS/Atom file -> articles
 * (feed_parse, libxml2, and web_fragment_text on item content). */
#include <stddef.h>
#include <stdint.h>

#include "feed.h"
#include "fuzz_article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int item(void *ud, art_t *a, long line, const tl_err *ie) {
    (void)ud;
    FUZZ_CHECK(line >= 0, "negative line %ld", line);
    if (!a) {
        FUZZ_CHECK(ie && ie->msg[0], "rejected item without a message");
        return TL_OK;
    }
    fuzz_check_article(a);
    art_free(a);
    return TL_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tl_err e;
    err_clear(&e);
    int rc = feed_parse((const char *)data, size, item, NULL, &e);
    if (rc != TL_OK) {
        FUZZ_CHECK(rc == TL_EPARSE || rc == TL_ENOMEM || rc == TL_ETOOBIG,
                   "undocumented return code %d", rc);
        FUZZ_CHECK(e.msg[0], "error %d without a message", rc);
    }
    return 0;
}
