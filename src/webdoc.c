/* webdoc.c -- a web page becomes an article (webdoc.h).
 *
 * html_parse (decode + gumbo) -> hm_extract (metadata) -> hx_extract
 * (main text) -> the article's fields, with extra.web saying where each
 * came from, and syn_apply for a trailing source tag.
 */
#include "webdoc.h"
#include "extract.h"
#include "html.h"
#include "htmlmeta.h"
#include "lang.h"
#include "syndic.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void set_s(json_t *o, const char *k, const char *v) {
    if (v) json_object_set_new(o, k, json_string(v));
}

/* Block kinds and ranges in the article's normalized text: the text's
 * "\n\n" boundaries, labelled with the extractor's kinds when the counts
 * agree (normalization keeps paragraph breaks, so they do). */
static json_t *blocks_json(const art_t *a, const hx_text *t) {
    json_t *arr = json_array();
    if (!arr) return NULL;
    size_t start = 0, k = 0, n = a->text_len;
    size_t count = 1;
    for (size_t i = 0; i + 1 < n; i++)
        if (a->text[i] == '\n' && a->text[i + 1] == '\n') count++;
    int labelled = count == t->nblocks;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || (a->text[i] == '\n' && i + 1 < n && a->text[i + 1] == '\n')) {
            char kind[8] = "p";
            if (labelled) {
                const hx_block *b = &t->blocks[k];
                if (b->kind == HX_H) snprintf(kind, sizeof(kind), "h%d", b->level ? b->level : 2);
                else snprintf(kind, sizeof(kind), "%s", hx_kind_name(b->kind));
            }
            json_array_append_new(arr, json_pack("[s,I,I]", kind, (json_int_t)start,
                                                 (json_int_t)(i - start)));
            k++;
            if (i == n) break;
            start = i + 2;
            i++;
        }
    }
    return arr;
}

int web_parse(const char *data, size_t len, const web_opts *o, art_t **out, tl_err *e) {
    *out = NULL;
    web_opts dflt;
    memset(&dflt, 0, sizeof(dflt));
    if (!o) o = &dflt;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    html_doc *d = NULL;
    hm_meta m;
    hx_text t;
    memset(&m, 0, sizeof(m));
    memset(&t, 0, sizeof(t));
    art_t *a = NULL;
    json_t *x = NULL;
    int rc = html_parse(data, len, &d, e);
    if (rc != TL_OK) return rc;
    if ((rc = hm_extract(d, o->url, now, &m, e)) != TL_OK) goto error;
    if ((rc = hx_extract(d, m.title, m.jsonld_body, &t, e)) != TL_OK) goto error;

    a = art_new();
    if (!a) { rc = err_set(e, TL_ENOMEM, "out of memory"); goto error; }
    if ((rc = art_set_text(a, t.text, t.len, e)) != TL_OK) {
        if (rc == TL_EEMPTY) err_set(e, rc, "no article text found on the page");
        goto error;
    }
    a->invalid_utf8 += d->repaired;
    if (o->id && (rc = art_set_field(&a->id, o->id, strlen(o->id), a)) != TL_OK) goto nomem;
    if (m.title && art_set_field(&a->title, m.title, strlen(m.title), a) == TL_ENOMEM) goto nomem;
    if (m.site && art_set_field(&a->source, m.site, strlen(m.site), a) == TL_ENOMEM) goto nomem;
    if (m.url && art_set_field(&a->url, m.url, strlen(m.url), a) == TL_ENOMEM) goto nomem;
    if (m.lang && art_set_field(&a->language, m.lang, strlen(m.lang), a) == TL_ENOMEM) goto nomem;
    if (m.published && art_set_published(a, m.published) != TL_OK) m.published_from = NULL;
    if (d->note[0]) snprintf(a->note, sizeof(a->note), "%s", d->note);

    /* The source tag first: the block ranges are taken after the cut. */
    if ((rc = syn_apply(a)) != TL_OK) goto nomem;
    const char *lang_from = m.lang_from;
    if (!a->language) {
        const char *l = lang_detect(a->text, a->text_len);
        if (l && art_set_field(&a->language, l, strlen(l), a) == TL_ENOMEM) goto nomem;
        lang_from = "detected";
    }
    x = a->extra ? json_loads(a->extra, 0, NULL) : json_object();
    json_t *w = json_object();
    if (!x || !w) { json_decref(w); goto nomem; }
    json_object_set_new(x, "web", w);
    set_s(w, "body_from", t.from);
    json_t *bl = blocks_json(a, &t);
    if (bl) json_object_set_new(w, "blocks", bl);
    set_s(w, "title_from", a->title ? m.title_from : NULL);
    set_s(w, "published_from", a->published ? m.published_from : NULL);
    if (!a->published && m.rejected_future) json_object_set_new(w, "future_date_refused", json_true());
    set_s(w, "modified", m.modified);
    if (m.nauthors) {
        json_t *au = json_array();
        for (size_t i = 0; au && i < m.nauthors; i++) json_array_append_new(au, json_string(m.authors[i]));
        if (au) json_object_set_new(w, "authors", au);
        set_s(w, "authors_from", m.authors_from);
    }
    set_s(w, "site_name", m.site);
    set_s(w, "source_from", a->source ? m.site_from : NULL);
    set_s(w, "canonical_url", m.url_from && strcmp(m.url_from, "record") ? m.url : NULL);
    set_s(w, "url_from", a->url ? m.url_from : NULL);
    set_s(w, "language_from", a->language ? lang_from : NULL);
    set_s(w, "description", m.description);
    set_s(w, "charset", d->charset);
    set_s(w, "charset_from", d->charset_from);
    free(a->extra);
    a->extra = json_dumps(x, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!a->extra) goto nomem;
    json_decref(x);
    hx_text_free(&t);
    hm_free(&m);
    html_free(d);
    *out = a;
    return TL_OK;

nomem:
    rc = err_set(e, TL_ENOMEM, "out of memory");
error:
    json_decref(x);
    art_free(a);
    hx_text_free(&t);
    hm_free(&m);
    html_free(d);
    return rc;
}

int web_fragment_text(const char *html, size_t len, char **out, size_t *outlen, tl_err *e) {
    *out = NULL;
    *outlen = 0;
    html_doc *d = NULL;
    int rc = html_parse(html, len, &d, e);
    if (rc != TL_OK) return rc;
    hx_text t;
    rc = hx_all_text(d, &t, e);
    html_free(d);
    if (rc != TL_OK) return rc;
    *out = t.text;
    *outlen = t.len;
    free(t.blocks);
    return TL_OK;
}
