/* fuzz_txt.c -- libFuzzer target: one plain-text file -> article.
 *
 * The input is the file content (not NUL-terminated, exactly sized); the
 * path is fixed, so the id is "input" unless the header sets one. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_article.h"
#include "txtdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    art_t *a = NULL;
    tl_err e;
    err_clear(&e);
    int rc = txt_parse((const char *)data, size, "fuzz/input.txt", &a, &e);
    if (rc == TL_OK) {
        fuzz_check_article(a);
    } else {
        FUZZ_CHECK(a == NULL, "error %d but an article was returned", rc);
        FUZZ_CHECK(rc == TL_EEMPTY || rc == TL_EINVAL || rc == TL_ENOMEM,
                   "undocumented return code %d", rc);
        FUZZ_CHECK(e.code == rc && e.msg[0], "error %d without a message", rc);
        FUZZ_CHECK((rc == TL_EINVAL) == (memchr(data, 0, size) != NULL),
                   "TL_EINVAL iff the file holds a NUL (rc %d)", rc);
    }
    art_free(a);
    return 0;
}
