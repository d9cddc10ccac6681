/* article.c -- the article model (see article.h). */
#include "article.h"
#include "date.h"
#include "lang.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

art_t *art_new(void) { return calloc(1, sizeof(art_t)); }

void art_free(art_t *a) {
    if (!a) return;
    free(a->id);
    free(a->source);
    free(a->url);
    free(a->title);
    free(a->published);
    free(a->language);
    free(a->text);
    free(a->extra);
    free(a->origin);
    free(a->ingested_at);
    free(a);
}

int art_set_field(char **dst, const char *s, size_t len, art_t *a) {
    char *out;
    text_report rep;
    int rc = text_normalize(s, len, TEXT_ONELINE, &out, NULL, &rep);
    if (a) a->invalid_utf8 += rep.invalid;
    if (rc == TL_EEMPTY) {
        free(*dst);
        *dst = NULL;
        return TL_OK;
    }
    if (rc != TL_OK) return rc;
    free(*dst);
    *dst = out;
    return TL_OK;
}

int art_set_text(art_t *a, const char *s, size_t len, tl_err *e) {
    char *out;
    size_t n;
    text_report rep;
    int rc = text_normalize(s, len, TEXT_MULTILINE, &out, &n, &rep);
    if (rc == TL_EINVAL)
        return err_set(e, rc, "text contains a NUL byte at offset %ld (binary data?)",
                       rep.nul_offset);
    if (rc == TL_EEMPTY) return err_set(e, rc, "empty text");
    if (rc != TL_OK) return err_set(e, rc, "out of memory");
    free(a->text);
    a->text = out;
    a->text_len = n;
    a->invalid_utf8 += rep.invalid;
    a->controls += rep.controls;
    return TL_OK;
}

int art_set_published(art_t *a, const char *s) {
    date_val d;
    if (date_parse(s, &d) != TL_OK) return TL_EPARSE;
    char iso[DATE_ISO_MAX];
    date_format(&d, iso);
    char *p = strdup(iso);
    if (!p) return TL_ENOMEM;
    free(a->published);
    a->published = p;
    a->published_ts = d.ts;
    return TL_OK;
}

void art_hash(const char *s, size_t len, char out[ART_HASH_HEX]) {
    XXH128_hash_t h = XXH3_128bits(s, len);
    snprintf(out, ART_HASH_HEX, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

int art_finish(art_t *a, tl_err *e) {
    if (!a->text || !a->text_len) return err_set(e, TL_EEMPTY, "empty text");
    art_hash(a->text, a->text_len, a->hash);
    if (!a->language) {
        a->language = strdup(lang_detect(a->text, a->text_len));
        if (!a->language) return err_set(e, TL_ENOMEM, "out of memory");
    }
    if (!a->id) {
        char id[24];
        snprintf(id, sizeof(id), "h-%.16s", a->hash);
        a->id = strdup(id);
        if (!a->id) return err_set(e, TL_ENOMEM, "out of memory");
    }
    return TL_OK;
}
