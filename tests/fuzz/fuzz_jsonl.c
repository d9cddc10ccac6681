/* fuzz_jsonl.c -- libFuzzer target: one JSON Lines record -> article.
 *
 * The input is passed as is (not NUL-terminated, exactly sized), as
 * jsonl_parse() promises to handle; a parsed article must satisfy the
 * invariants in fuzz_article.h. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_article.h"
#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    art_t *a = NULL;
    tl_err e;
    err_clear(&e);
    int rc = jsonl_parse((const char *)data, size, &a, &e);
    if (rc == TL_OK) {
        fuzz_check_article(a);
    } else {
        FUZZ_CHECK(a == NULL, "error %d but an article was returned", rc);
        FUZZ_CHECK(rc == TL_EPARSE || rc == TL_EEMPTY || rc == TL_EINVAL ||
                       rc == TL_ENOMEM,
                   "undocumented return code %d", rc);
        FUZZ_CHECK(e.code == rc && e.msg[0], "error %d without a message", rc);
        FUZZ_CHECK((rc == TL_EINVAL) == (memchr(data, 0, size) != NULL),
                   "TL_EINVAL iff the line holds a NUL (rc %d)", rc);
    }
    art_free(a);
    return 0;
}
