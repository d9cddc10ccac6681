/* fuzz_article.h -- invariants every successfully parsed article must hold
 * (shared by fuzz_jsonl and fuzz_txt). */
#ifndef TRILAT_FUZZ_ARTICLE_H
#define TRILAT_FUZZ_ARTICLE_H

#include <string.h>

#include "article.h"
#include "date.h"
#include "err.h"
#include "fuzz_check.h"
#include "text.h"

/* A one-line field: NULL, or non-empty valid UTF-8 with no line break. */
static void fuzz_check_field(const char *name, const char *s) {
    if (!s) return;
    size_t n = strlen(s);
    FUZZ_CHECK(n > 0, "field %s is empty instead of NULL", name);
    FUZZ_CHECK(text_valid_utf8(s, n), "field %s is not valid UTF-8", name);
    FUZZ_CHECK(!memchr(s, '\n', n), "field %s holds a newline", name);
}

static void fuzz_check_article(art_t *a) {
    FUZZ_CHECK(a != NULL, "TL_OK without an article");
    FUZZ_CHECK(a->text != NULL && a->text_len > 0, "TL_OK without text");
    FUZZ_CHECK(strlen(a->text) == a->text_len, "text_len %zu != strlen %zu",
               a->text_len, strlen(a->text));
    FUZZ_CHECK(text_valid_utf8(a->text, a->text_len), "text is not valid UTF-8");
    fuzz_check_field("id", a->id);
    fuzz_check_field("title", a->title);
    fuzz_check_field("source", a->source);
    fuzz_check_field("url", a->url);
    fuzz_check_field("language", a->language);
    if (a->published) {
        /* The stored ISO form must parse back to the stored timestamp. */
        date_val d;
        FUZZ_CHECK(date_parse(a->published, &d) == TL_OK,
                   "stored published '%s' does not parse", a->published);
        FUZZ_CHECK(d.ts == a->published_ts,
                   "published '%s' reparses to %lld, stored %lld", a->published,
                   (long long)d.ts, (long long)a->published_ts);
    }
    /* What ingest does next: hash, language, derived id. */
    tl_err e;
    err_clear(&e);
    FUZZ_CHECK(art_finish(a, &e) == TL_OK, "art_finish failed: %s", e.msg);
    FUZZ_CHECK(a->id && a->id[0], "no id after art_finish");
    FUZZ_CHECK(a->language && a->language[0], "no language after art_finish");
    FUZZ_CHECK(strlen(a->hash) == ART_HASH_HEX - 1, "bad hash '%s'", a->hash);
}

#endif
