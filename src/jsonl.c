/* jsonl.c -- JSON Lines article records (see jsonl.h). Uses jansson. */
#include "jsonl.h"
#include "text.h"
#include "webdoc.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *KEYS_TEXT[] = {"text", "body", NULL};
static const char *KEYS_PUBLISHED[] = {"published", "published_at", "publishedAt",
                                       "date", "pubDate", NULL};
static const char *KEYS_URL[] = {"url", "link", NULL};
static const char *KEYS_LANG[] = {"language", "lang", NULL};

/* First key of `keys` present in obj (its name in *name), or NULL. */
static json_t *get_any(json_t *obj, const char **keys, const char **name) {
    for (int i = 0; keys[i]; i++) {
        json_t *v = json_object_get(obj, keys[i]);
        if (v && !json_is_null(v)) {
            if (name) *name = keys[i];
            return v;
        }
    }
    return NULL;
}

static const char *json_type_name(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Set a one-line field from a JSON string; wrong type is an error. */
static int take_string(art_t *a, char **dst, json_t *v, const char *key,
                       tl_err *e) {
    if (!v) return TL_OK;
    if (!json_is_string(v))
        return err_set(e, TL_EPARSE, "field '%s' must be a string, got %s", key,
                       json_type_name(v));
    int rc = art_set_field(dst, json_string_value(v), json_string_length(v), a);
    if (rc == TL_EINVAL)
        return err_set(e, rc, "field '%s' contains a NUL character", key);
    return rc == TL_OK ? TL_OK : err_set(e, rc, "out of memory");
}

static int is_known(const char *key) {
    static const char *known[] = {"id", "title", "source", "html", NULL};
    const char **lists[] = {known, KEYS_TEXT, KEYS_PUBLISHED, KEYS_URL, KEYS_LANG};
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
        for (int i = 0; lists[l][i]; i++)
            if (strcmp(key, lists[l][i]) == 0) return 1;
    return 0;
}

/* The record's one-line metadata: title, source, url, language. */
static int take_meta(json_t *root, art_t *a, tl_err *e) {
    const char *k = NULL;
    int rc;
    json_t *v;
    if ((rc = take_string(a, &a->title, json_object_get(root, "title"), "title", e))) return rc;
    v = json_object_get(root, "source");
    if (v && json_is_object(v)) v = json_object_get(v, "name");
    if (v && !json_is_null(v) && (rc = take_string(a, &a->source, v, "source", e))) return rc;
    if ((v = get_any(root, KEYS_URL, &k)) && (rc = take_string(a, &a->url, v, k, e))) return rc;
    if ((v = get_any(root, KEYS_LANG, &k)) && (rc = take_string(a, &a->language, v, k, e))) return rc;
    return TL_OK;
}

static int take_id(json_t *root, art_t *a, tl_err *e) {
    json_t *v = json_object_get(root, "id");
    if (v && json_is_integer(v)) {
        char tmp[32];
        snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        a->id = strdup(tmp);
        if (!a->id) return err_set(e, TL_ENOMEM, "out of memory");
    } else if (v && !json_is_null(v)) {
        return take_string(a, &a->id, v, "id", e);
    }
    return TL_OK;
}

/* The article of a record's "html" field (webdoc.h), with the record's id. */
static int take_html(json_t *root, json_t *html, art_t **out, tl_err *e) {
    if (!json_is_string(html))
        return err_set(e, TL_EPARSE, "field 'html' must be a string, got %s",
                       json_type_name(html));
    web_opts wo;
    memset(&wo, 0, sizeof(wo));
    json_t *u = get_any(root, KEYS_URL, NULL);
    if (json_is_string(u)) wo.url = json_string_value(u);
    tl_err we;
    err_clear(&we);
    int rc = web_parse(json_string_value(html), json_string_length(html), &wo, out, &we);
    if (rc != TL_OK)
        return err_set(e, rc, rc == TL_ENOMEM ? "%s" : "field 'html': %s", we.msg);
    /* the page's id would be derived; the record's wins */
    free((*out)->id);
    (*out)->id = NULL;
    if ((rc = take_id(root, *out, e)) != TL_OK) { art_free(*out); *out = NULL; }
    return rc;
}

int jsonl_parse(const char *line, size_t len, art_t **out, tl_err *e) {
    *out = NULL;
    const char *nul = memchr(line, '\0', len);
    if (nul)
        return err_set(e, TL_EINVAL, "NUL byte at column %ld (binary data?)",
                       (long)(nul - line) + 1);

    char *fixed = NULL;
    size_t fixed_len = 0;
    long repaired = 0;
    if (!text_valid_utf8(line, len)) {
        repaired = text_repair_utf8(line, len, &fixed, &fixed_len);
        if (repaired < 0) return err_set(e, TL_ENOMEM, "out of memory");
        line = fixed;
        len = fixed_len;
    }

    json_error_t je;
    json_t *root = json_loadb(line, len, JSON_PRESERVE_ORDER | JSON_DECODE_ANY, &je);
    free(fixed);
    if (!root)
        return err_set(e, TL_EPARSE, "malformed JSON at column %d: %s", je.column,
                       je.text);
    art_t *a = NULL;
    json_t *extra = NULL;
    int rc;
    if (!json_is_object(root)) {
        rc = err_set(e, TL_EPARSE, "expected a JSON object (an article), got %s",
                     json_type_name(root));
        goto error;
    }
    /* A web page instead of text: extracted first; the record's own fields
     * then win over what the page says. */
    json_t *v = json_object_get(root, "html");
    if (v && !json_is_null(v) && !get_any(root, KEYS_TEXT, NULL)) {
        if ((rc = take_html(root, v, &a, e)) != TL_OK) goto error;
        a->invalid_utf8 += (size_t)repaired;
        json_t *webx = a->extra ? json_loads(a->extra, 0, NULL) : NULL;
        if (webx && !json_is_object(webx)) { json_decref(webx); webx = NULL; }
        extra = webx ? webx : json_object();
        free(a->extra);
        a->extra = NULL;
        goto meta;
    }
    a = art_new();
    if (!a) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    a->invalid_utf8 = (size_t)repaired;

    if ((rc = take_id(root, a, e)) != TL_OK) goto error;

    /* text */
    const char *tkey = "text";
    v = get_any(root, KEYS_TEXT, &tkey);
    if (!v) {
        rc = err_set(e, TL_EEMPTY, "missing 'text' (or 'body')");
        goto error;
    }
    if (!json_is_string(v)) {
        rc = err_set(e, TL_EPARSE, "field '%s' must be a string, got %s", tkey,
                     json_type_name(v));
        goto error;
    }
    if ((rc = art_set_text(a, json_string_value(v), json_string_length(v), e)) != TL_OK) {
        if (rc == TL_EEMPTY) err_set(e, rc, "empty '%s'", tkey);
        goto error;
    }

    extra = json_object();
meta:
    if ((rc = take_meta(root, a, e)) != TL_OK) goto error;
    /* publication date: never fatal */
    if (!extra) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    const char *k = NULL;
    if ((v = get_any(root, KEYS_PUBLISHED, &k))) {
        char tmp[32];
        const char *s = NULL;
        if (json_is_string(v)) s = json_string_value(v);
        else if (json_is_integer(v)) {
            snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            s = tmp;
        }
        if (!s || art_set_published(a, s) != TL_OK) {
            snprintf(a->note, sizeof(a->note),
                     "unrecognized date in '%s'; publication date left unknown "
                     "(raw value kept in extra.published_raw)", k);
            json_object_set(extra, "published_raw", v);
        }
    }

    /* a web page's provenance: the record's own fields won */
    json_t *web = json_object_get(extra, "web");
    if (json_is_object(web)) {
        static const struct { const char *key, *from; } own[] = {
            {"title", "title_from"}, {"source", "source_from"}, {"url", "url_from"},
            {"link", "url_from"}, {"language", "language_from"}, {"lang", "language_from"}};
        for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
            json_t *ov = json_object_get(root, own[i].key);
            if (ov && !json_is_null(ov)) json_object_set_new(web, own[i].from, json_string("record"));
        }
        if (a->published && get_any(root, KEYS_PUBLISHED, NULL))
            json_object_set_new(web, "published_from", json_string("record"));
    }

    /* everything else goes to extra */
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val) {
        if (!is_known(key)) json_object_set(extra, key, val);
    }
    if (json_object_size(extra) > 0) {
        a->extra = json_dumps(extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!a->extra) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    }
    json_decref(extra);
    json_decref(root);
    *out = a;
    return TL_OK;

error:
    json_decref(extra);
    json_decref(root);
    art_free(a);
    return rc;
}

/* ------------------------------------------------------------------------
 * Article -> record
 * ---------------------------------------------------------------------- */

static int put_str(json_t *o, const char *key, const char *v) {
    return v ? json_object_set_new(o, key, json_string(v)) : 0;
}

int jsonl_format(const art_t *a, char **out, size_t *len, tl_err *e) {
    *out = NULL;
    *len = 0;
    json_t *o = json_object();
    if (!o) return err_set(e, TL_ENOMEM, "out of memory");
    int bad = put_str(o, "id", a->id) | put_str(o, "title", a->title) |
              put_str(o, "source", a->source) | put_str(o, "published", a->published) |
              put_str(o, "url", a->url) | put_str(o, "language", a->language) |
              put_str(o, "text", a->text);
    /* extra holds only keys jsonl_parse does not model; a known key there
     * (never written by trilat) would change the article, so it is left out */
    json_t *x = a->extra ? json_loads(a->extra, 0, NULL) : NULL;
    if (json_is_object(x)) {
        const char *key;
        json_t *val;
        json_object_foreach(x, key, val)
            if (!is_known(key)) bad |= json_object_set(o, key, val);
    }
    json_decref(x);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) return err_set(e, TL_ENOMEM, "out of memory");
    *out = s;
    *len = strlen(s);
    return TL_OK;
}
