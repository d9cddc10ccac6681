/* txtdoc.c -- plain-text articles (see txtdoc.h). */
#include "txtdoc.h"
#include "text.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *txt_id_from_path(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    static const char *exts[] = {".gz", ".zst", ".zstd", ".txt", ".text", ".html", ".htm",
                                 ".xhtml", NULL};
    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = 0; exts[i]; i++) {
            size_t el = strlen(exts[i]);
            if (n > el && strncasecmp(base + n - el, exts[i], el) == 0) {
                n -= el;
                changed = 1;
            }
        }
    }
    char *id = malloc(n + 1);
    if (!id) return NULL;
    memcpy(id, base, n);
    id[n] = '\0';
    return id;
}

enum { H_NONE, H_TITLE, H_SOURCE, H_PUBLISHED, H_URL, H_AUTHOR, H_LANG, H_ID };

/* If line [s, s+n) is "Key: value" with a known key, return its kind and
 * set *val to the value. */
static int header_key(const char *s, size_t n, const char **val) {
    static const struct { const char *k; int kind; } keys[] = {
        {"title", H_TITLE}, {"headline", H_TITLE}, {"source", H_SOURCE},
        {"outlet", H_SOURCE}, {"published", H_PUBLISHED}, {"date", H_PUBLISHED},
        {"url", H_URL}, {"link", H_URL}, {"author", H_AUTHOR},
        {"byline", H_AUTHOR}, {"language", H_LANG}, {"lang", H_LANG},
        {"id", H_ID}};
    const char *colon = memchr(s, ':', n);
    if (!colon) return H_NONE;
    size_t kl = (size_t)(colon - s);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (strlen(keys[i].k) == kl && strncasecmp(s, keys[i].k, kl) == 0) {
            *val = colon + 1;
            return keys[i].kind;
        }
    }
    return H_NONE;
}

static int blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) return 0;
    return 1;
}

/* Does a first line look like a headline rather than a sentence? */
static int looks_like_title(const char *s, size_t n) {
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n == 0 || n > TXT_TITLE_MAX) return 0;
    /* skip closing quotes/brackets to find the final punctuation */
    size_t k = n;
    for (;;) {
        if (k >= 3 && ((unsigned char)s[k - 3] == 0xE2 && (unsigned char)s[k - 2] == 0x80 &&
                       ((unsigned char)s[k - 1] == 0x9D || (unsigned char)s[k - 1] == 0x99))) {
            k -= 3;   /* ” or ’ */
        } else if (k >= 1 && (s[k - 1] == '"' || s[k - 1] == '\'' || s[k - 1] == ')')) {
            k -= 1;
        } else break;
    }
    if (k == 0) return 0;
    char last = s[k - 1];
    if (strchr(".!?:;,", last)) return 0;
    if (k >= 3 && memcmp(s + k - 3, "\xE2\x80\xA6", 3) == 0) return 0;   /* … */
    return 1;
}

int txt_parse(const char *data, size_t len, const char *path, art_t **out,
              tl_err *e) {
    *out = NULL;
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return err_set(e, TL_EINVAL,
                       "NUL byte at offset %ld: binary data, not a text article",
                       (long)(nul - data));
    art_t *a = art_new();
    json_t *extra = json_object();
    int rc = TL_ENOMEM;
    if (!a || !extra) { err_set(e, rc, "out of memory"); goto error; }
    a->id = txt_id_from_path(path);
    if (!a->id) { err_set(e, rc, "out of memory"); goto error; }

    /* Skip a BOM so the header test sees the first key. */
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;

    /* Header block: known "Key: value" lines, then a blank line. */
    const char *q = p;
    int nkeys = 0, complete = 0;
    while (q < end) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
        const char *val;
        if (blank(q, n)) { complete = nkeys > 0; break; }
        if (header_key(q, n, &val) == H_NONE) break;
        nkeys++;
        q = nl ? nl + 1 : end;
        if (!nl) complete = 1;
    }
    if (complete) {
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            const char *next = nl ? nl + 1 : end;
            const char *val;
            if (blank(p, n)) { p = next; break; }
            int kind = header_key(p, n, &val);
            size_t vn = (size_t)(p + n - val);
            char *tmp = NULL;
            int frc = TL_OK;
            switch (kind) {
            case H_TITLE: frc = art_set_field(&a->title, val, vn, a); break;
            case H_SOURCE: frc = art_set_field(&a->source, val, vn, a); break;
            case H_URL: frc = art_set_field(&a->url, val, vn, a); break;
            case H_LANG: frc = art_set_field(&a->language, val, vn, a); break;
            case H_ID: frc = art_set_field(&a->id, val, vn, a); break;
            case H_AUTHOR:
            case H_PUBLISHED:
                frc = art_set_field(&tmp, val, vn, a);
                if (frc == TL_OK && tmp) {
                    if (kind == H_AUTHOR) json_object_set_new(extra, "author", json_string(tmp));
                    else if (art_set_published(a, tmp) != TL_OK) {
                        snprintf(a->note, sizeof(a->note),
                                 "unrecognized Published date; left unknown "
                                 "(raw value kept in extra.published_raw)");
                        json_object_set_new(extra, "published_raw", json_string(tmp));
                    }
                }
                free(tmp);
                break;
            }
            if (frc != TL_OK) { rc = frc; err_set(e, rc, "out of memory"); goto error; }
            p = next;
        }
    } else {
        /* No header: a short first line without final punctuation is the
         * title, if more text follows. */
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl && !blank(nl, (size_t)(end - nl)) && looks_like_title(p, (size_t)(nl - p))) {
            if ((rc = art_set_field(&a->title, p, (size_t)(nl - p), a)) != TL_OK) {
                err_set(e, rc, "out of memory");
                goto error;
            }
            p = nl + 1;
        }
    }

    if ((rc = art_set_text(a, p, (size_t)(end - p), e)) != TL_OK) goto error;
    if (json_object_size(extra) > 0) {
        a->extra = json_dumps(extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!a->extra) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    }
    json_decref(extra);
    *out = a;
    return TL_OK;
error:
    json_decref(extra);
    art_free(a);
    return rc;
}
