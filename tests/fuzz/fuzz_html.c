/* fuzz_html.c -- libFuzzer target: one web page -> article (web_parse:
 * charset decision, gumbo, metadata, main text, syndication).
 *
 * The input is the page's bytes (not NUL-terminated, exactly sized). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_article.h"
#include "webdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    art_t *a = NULL;
    tl_err e;
    err_clear(&e);
    web_opts o = {"https://fuzz.example/2026/03/14/page", "page", 1796212800};
    int rc = web_parse((const char *)data, size, &o, &a, &e);
    if (rc == TL_OK) {
        fuzz_check_article(a);
    } else {
        FUZZ_CHECK(a == NULL, "error %d but an article was returned", rc);
        FUZZ_CHECK(rc == TL_EEMPTY || rc == TL_EINVAL || rc == TL_ETOOBIG || rc == TL_ENOMEM,
                   "undocumented return code %d", rc);
        FUZZ_CHECK(e.code == rc && e.msg[0], "error %d without a message", rc);
    }
    art_free(a);
    return 0;
}
