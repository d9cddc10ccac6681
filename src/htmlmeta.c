/* htmlmeta.c -- title, date, authors, site, URL and language of a page
 * (htmlmeta.h).
 *
 * One walk over the tree collects the candidates (meta tags, link tags,
 * JSON-LD scripts, <time> elements, bylines, the first <h1>), skipping
 * boilerplate subtrees (hx_is_boiler: related lists, comments, nav,
 * footers) for the visible ones; then each field takes its best valid
 * candidate. A date is valid when date_parse() reads it, it is not before
 * 1990 and not after the crawl time.
 */
#include "htmlmeta.h"
#include "date.h"
#include "extract.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIN_TS 631152000     /* 1990-01-01 */

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static const char *ci_strstr(const char *hay, const char *needle) {
    size_t k = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, k) == 0) return hay;
    return NULL;
}

/* ------------------------------------------------------------------------
 * Candidates
 * ---------------------------------------------------------------------- */

typedef struct cands {
    const html_doc *d;
    int64_t now;
    /* meta values (borrowed from the tree) */
    const char *og_title, *tw_title, *og_site, *og_url, *canonical, *app_name;
    const char *meta_pub, *meta_pub_from, *meta_mod;
    const char *meta_author, *art_author, *description, *og_locale, *content_lang;
    /* visible */
    const GumboNode *title_el, *h1, *time_el, *time_pub, *byline;
    int boiler_depth;        /* > 0 inside a boilerplate subtree */
    int byline_tries;
    /* JSON-LD */
    json_t *ld;              /* the chosen article object (borrowed from ld_roots) */
    json_t *ld_roots;        /* array of parsed scripts (owned) */
    int rejected_future;
} cands;

static const char *const PUB_METAS[] = {
    "article:published_time", "og:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "published_time", "publication_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
    "dcterms.date", "date", "cxenseparse:recs:publishtime", "article.published",
    "originalpublicationdate", "ptime", "datecreated", NULL};

static int pub_rank(const char *k) {
    for (int i = 0; PUB_METAS[i]; i++)
        if (strcasecmp(k, PUB_METAS[i]) == 0) return i;
    return -1;
}

static int is_article_type(json_t *t) {
    static const char *const types[] = {"NewsArticle", "Article", "ReportageNewsArticle",
        "AnalysisNewsArticle", "BlogPosting", "OpinionNewsArticle", "BackgroundNewsArticle",
        "LiveBlogPosting", "TechArticle", "ScholarlyArticle", "Report", "SocialMediaPosting",
        "ReviewNewsArticle", "WebPage", NULL};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (is_article_type(v)) return 1;
        return 0;
    }
    if (!json_is_string(t)) return 0;
    const char *s = json_string_value(t);
    for (int i = 0; types[i]; i++)
        if (strcmp(s, types[i]) == 0) return i == 13 ? 1 : 2;
    return 0;
}

/* Pick the best article object in a JSON-LD value (objects, arrays,
 * @graph); WebPage only when nothing better is there. */
static void ld_scan(cands *c, json_t *v, int depth, int *best_rank) {
    if (depth > 6 || !v) return;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) ld_scan(c, x, depth + 1, best_rank);
        return;
    }
    if (!json_is_object(v)) return;
    int r = is_article_type(json_object_get(v, "@type"));
    if (r > *best_rank) {
        *best_rank = r;
        c->ld = v;
    }
    ld_scan(c, json_object_get(v, "@graph"), depth + 1, best_rank);
    ld_scan(c, json_object_get(v, "mainEntity"), depth + 1, best_rank);
}

static void take_jsonld(cands *c, const GumboNode *n) {
    if (n->v.element.children.length == 0) return;
    const GumboNode *t = n->v.element.children.data[0];
    if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
        t->type != GUMBO_NODE_WHITESPACE)
        return;
    const char *s = t->v.text.text;
    json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);
    if (!j) return;
    if (!c->ld_roots) c->ld_roots = json_array();
    if (!c->ld_roots) { json_decref(j); return; }
    json_array_append_new(c->ld_roots, j);
}

static int class_has(const GumboNode *n, const char *const *words) {
    const char *vals[2] = {html_attr(n, "class"), html_attr(n, "id")};
    for (int k = 0; k < 2; k++) {
        const char *v = vals[k];
        if (!v) continue;
        for (int i = 0; words[i]; i++) {
            const char *p = v;
            size_t wl = strlen(words[i]);
            while ((p = ci_strstr(p, words[i])) != NULL) {
                int left = p == v || !isalnum((unsigned char)p[-1]);
                int right = !isalpha((unsigned char)p[wl]);
                if (left && right) return 1;
                p += wl;
            }
        }
    }
    return 0;
}

static int visit(void *ud, const GumboNode *n, int depth) {
    (void)depth;
    cands *c = ud;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_META) {
        const char *k = html_attr(n, "property");
        if (!k) k = html_attr(n, "name");
        if (!k) k = html_attr(n, "itemprop");
        const char *v = html_attr(n, "content");
        const char *he = html_attr(n, "http-equiv");
        if (he && v && strcasecmp(he, "content-language") == 0) c->content_lang = v;
        if (!k || !v || !*v) return HTML_SKIP;
        if (strcasecmp(k, "og:title") == 0) c->og_title = v;
        else if (strcasecmp(k, "twitter:title") == 0) c->tw_title = v;
        else if (strcasecmp(k, "og:site_name") == 0) c->og_site = v;
        else if (strcasecmp(k, "og:url") == 0) c->og_url = v;
        else if (strcasecmp(k, "application-name") == 0) c->app_name = v;
        else if (strcasecmp(k, "author") == 0 || strcasecmp(k, "parsely-author") == 0 ||
                 strcasecmp(k, "sailthru.author") == 0 || strcasecmp(k, "dc.creator") == 0) {
            if (!c->meta_author) c->meta_author = v;
        } else if (strcasecmp(k, "article:author") == 0) c->art_author = v;
        else if (strcasecmp(k, "description") == 0 || strcasecmp(k, "og:description") == 0) {
            if (!c->description) c->description = v;
        } else if (strcasecmp(k, "og:locale") == 0) c->og_locale = v;
        else if (strcasecmp(k, "article:modified_time") == 0 || strcasecmp(k, "datemodified") == 0)
            c->meta_mod = v;
        else {
            int r = pub_rank(k);
            if (r >= 0 && (!c->meta_pub || r < pub_rank(c->meta_pub_from))) {
                c->meta_pub = v;
                c->meta_pub_from = k;
            }
        }
        return HTML_SKIP;
    }
    if (t == GUMBO_TAG_LINK) {
        const char *rel = html_attr(n, "rel"), *href = html_attr(n, "href");
        if (rel && href && strcasecmp(rel, "canonical") == 0 && !c->canonical) c->canonical = href;
        return HTML_SKIP;
    }
    if (t == GUMBO_TAG_SCRIPT) {
        const char *ty = html_attr(n, "type");
        if (ty && strcasecmp(ty, "application/ld+json") == 0) take_jsonld(c, n);
        return HTML_SKIP;             /* never a date from a script */
    }
    if (t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_NOSCRIPT)
        return HTML_SKIP;
    if (t == GUMBO_TAG_TITLE) {
        if (!c->title_el) c->title_el = n;
        return HTML_SKIP;
    }
    /* Visible candidates: not from boilerplate. */
    static const char *const BYLINE[] = {"byline", "dateline", "article-meta", "post-meta",
                                         "entry-meta", "story-meta", "meta-date", "publish",
                                         "published", "pubdate", "article-date", "post-date",
                                         "entry-date", "story-date", "timestamp", NULL};
    int is_byline = class_has(n, BYLINE);
    if (!is_byline && hx_is_boiler(n)) return HTML_SKIP;
    const char *ip = html_attr(n, "itemprop");
    if (t == GUMBO_TAG_TIME || (ip && strcasecmp(ip, "datePublished") == 0)) {
        const char *dt = html_attr(n, "datetime");
        if (!dt) dt = html_attr(n, "content");
        if (dt) {
            int pub = html_attr(n, "pubdate") || (ip && strcasecmp(ip, "datePublished") == 0);
            if (pub && !c->time_pub) c->time_pub = n;
            if (!c->time_el) c->time_el = n;
        }
    }
    if (t == GUMBO_TAG_H1 && !c->h1) c->h1 = n;
    if (is_byline && !c->byline) c->byline = n;
    return HTML_DESCEND;
}

/* ------------------------------------------------------------------------
 * Values
 * ---------------------------------------------------------------------- */

static char *dup_clean(const char *s) {
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (!n) return NULL;
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (isspace(ch)) {
            if (k && o[k - 1] != ' ') o[k++] = ' ';
        } else {
            o[k++] = (char)ch;
        }
    }
    o[k] = 0;
    return o;
}

static char *node_text(const GumboNode *n, size_t max) {
    char *b = NULL;
    size_t len = 0, cap = 0;
    if (html_text(n, &b, &len, &cap, max) != TL_OK || !b) { free(b); return NULL; }
    char *o = dup_clean(b);
    free(b);
    return o;
}

/* A date string is acceptable: parses, 1990 or later, not after now. */
static int date_ok(cands *c, const char *s) {
    date_val d;
    if (!s || date_parse(s, &d) != TL_OK) return 0;
    if (d.ts < MIN_TS) return 0;
    if (d.ts > c->now + 3600) { c->rejected_future = 1; return 0; }
    return 1;
}

static const char *ld_str(json_t *o, const char *k) {
    json_t *v = o ? json_object_get(o, k) : NULL;
    if (json_is_array(v)) v = json_array_get(v, 0);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Remove the site name from a <title>: "Headline | Site" -> "Headline". */
static char *strip_site(const char *title, const char *site) {
    static const char *const SEPS[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " : ", " « ", " » ", NULL};
    char *t = dup_clean(title);
    if (!t) return NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; SEPS[i]; i++) {
            char *last = NULL, *p = t;
            while ((p = strstr(p, SEPS[i])) != NULL) { last = p; p += strlen(SEPS[i]); }
            if (!last) continue;
            const char *tail = last + strlen(SEPS[i]);
            size_t head_len = (size_t)(last - t);
            int words = 1;
            for (const char *q = tail; *q; q++) words += *q == ' ';
            int is_site = site && (strcasecmp(tail, site) == 0 || ci_strstr(tail, site) ||
                                   ci_strstr(site, tail));
            if (is_site || (words <= 4 && head_len > strlen(tail))) {
                *last = 0;
                break;
            }
            /* "Site | Headline": the site name first */
            if (site && strncasecmp(t, site, strlen(site)) == 0 && head_len == strlen(site)) {
                memmove(t, tail, strlen(tail) + 1);
                break;
            }
        }
    }
    return t;
}

static int add_author(hm_meta *m, const char *s) {
    if (!s || m->nauthors >= HM_MAX_AUTHORS) return TL_OK;
    while (isspace((unsigned char)*s)) s++;
    if (strncasecmp(s, "by ", 3) == 0) s += 3;
    if (!*s || strstr(s, "://") || strlen(s) > 80) return TL_OK;
    for (size_t i = 0; i < m->nauthors; i++)
        if (strcasecmp(m->authors[i], s) == 0) return TL_OK;
    char *a = dup_clean(s);
    if (!a) return TL_OK;
    m->authors[m->nauthors++] = a;
    return TL_OK;
}

/* "Jane Doe, John Roe and Ann Poe" -> three authors. */
static void add_author_list(hm_meta *m, const char *s) {
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", s);
    char *p = buf;
    while (p && *p) {
        char *cut = NULL;
        char *comma = strchr(p, ','), *and = strstr(p, " and "), *amp = strstr(p, " & ");
        cut = comma;
        if (and && (!cut || and < cut)) cut = and;
        if (amp && (!cut || amp < cut)) cut = amp;
        char *next = NULL;
        if (cut) {
            next = cut + (cut == comma ? 1 : cut == and ? 5 : 3);
            *cut = 0;
        }
        add_author(m, p);
        p = next;
    }
}

static void ld_authors(hm_meta *m, json_t *a) {
    if (json_is_string(a)) { add_author_list(m, json_string_value(a)); return; }
    if (json_is_object(a)) { add_author(m, ld_str(a, "name")); return; }
    if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) ld_authors(m, v);
    }
}

/* The byline's "By Jane Doe" part: up to a separator or a date. */
static void byline_author(hm_meta *m, const char *text) {
    const char *p = ci_strstr(text, "by ");
    if (!p || (p != text && isalnum((unsigned char)p[-1]))) return;
    p += 3;
    char buf[160];
    size_t k = 0;
    while (*p && k + 1 < sizeof(buf) && *p != '|' && *p != '\n' && *p != '\xc2' &&
           !(p[0] == ' ' && (p[1] == '-' || (unsigned char)p[1] == 0xE2)) &&
           !isdigit((unsigned char)*p))
        buf[k++] = *p++;
    buf[k] = 0;
    /* drop a trailing month name or "Updated"/"Published" */
    static const char *const stops[] = {" January", " February", " March", " April", " May",
        " June", " July", " August", " September", " October", " November", " December",
        " Jan.", " Feb.", " Mar.", " Apr.", " Aug.", " Sept.", " Sep.", " Oct.", " Nov.",
        " Dec.", " Updated", " Published", " on ", " Monday", " Tuesday", " Wednesday",
        " Thursday", " Friday", " Saturday", " Sunday", " Mon,", " Tue,", " Wed,", " Thu,",
        " Fri,", " Sat,", " Sun,", NULL};
    for (int i = 0; stops[i]; i++) {
        char *q = strstr(buf, stops[i]);
        if (q) *q = 0;
    }
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == ',')) buf[--n] = 0;
    if (n >= 3) add_author_list(m, buf);
}

int hm_url_date(const char *url, char out[11]) {
    if (!url) return 0;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) return 0;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > url && isdigit((unsigned char)p[-1]))) continue;
        int y, mo, d, n = 0;
        /* /2026/03/14/ or 2026-03-14 or 2026_03_14 */
        if (sscanf(p, "%4d%*[/_-]%2d%*[/_-]%2d%n", &y, &mo, &d, &n) == 3 && n >= 8 &&
            !isdigit((unsigned char)p[n])) {
        } else if (sscanf(p, "%4d%2d%2d%n", &y, &mo, &d, &n) == 3 && n == 8 &&
                   !isdigit((unsigned char)p[n])) {
        } else {
            continue;
        }
        if (y >= 1990 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
            snprintf(out, 11, "%04d-%02d-%02d", y, mo, d);
            return 1;
        }
    }
    return 0;
}

int hm_text_date(const char *s, char *out, size_t cap) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (i && isalnum((unsigned char)s[i - 1])) continue;
        if (!isalnum((unsigned char)s[i])) continue;
        /* the longest parseable span of up to 40 bytes ending at a word end */
        size_t maxl = n - i < 40 ? n - i : 40;
        for (size_t l = maxl; l >= 6; l--) {
            if (i + l < n && isalnum((unsigned char)s[i + l])) continue;
            char tmp[48];
            memcpy(tmp, s + i, l);
            tmp[l] = 0;
            date_val d;
            if (date_parse(tmp, &d) == TL_OK && d.ts >= MIN_TS) {
                snprintf(out, cap, "%s", tmp);
                return 1;
            }
        }
    }
    return 0;
}

static char *domain_of(const char *url) {
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    if (!p) return NULL;
    p += 3;
    if (strncasecmp(p, "www.", 4) == 0) p += 4;
    size_t n = strcspn(p, "/:?#");
    if (!n) return NULL;
    char *o = malloc(n + 1);
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) o[i] = (char)tolower((unsigned char)p[i]);
    o[n] = 0;
    return o;
}

static char *lang_code(const char *s) {
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    size_t n = 0;
    while (isalpha((unsigned char)s[n]) && n < 3) n++;
    if (n < 2 || isalpha((unsigned char)s[n])) return NULL;
    char *o = malloc(n + 1);
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) o[i] = (char)tolower((unsigned char)s[i]);
    o[n] = 0;
    return o;
}

/* ------------------------------------------------------------------------
 * Entry points
 * ---------------------------------------------------------------------- */

/* Set a field and its source when it is still unset and v is a value. */
static void set_once(char **field, const char **from, const char *v, const char *src) {
    if (*field || !v) return;
    *field = dup_clean(v);
    if (*field) *from = src;
}
#define SET(field, val, src) set_once(&m->field, &m->field##_from, (val), (src))

int hm_extract(const html_doc *d, const char *url, int64_t now, hm_meta *m, tl_err *e) {
    memset(m, 0, sizeof(*m));
    cands c;
    memset(&c, 0, sizeof(c));
    c.d = d;
    c.now = now;
    const GumboNode *root = d->out->root;
    if (html_walk(root, visit, NULL, &c) != TL_OK) return err_set(e, TL_ENOMEM, "out of memory");
    int rank = 0;
    ld_scan(&c, c.ld_roots, 0, &rank);
    json_t *ld = c.ld;

    /* site first: the title cleaner needs it */
    SET(site, c.og_site, "og:site_name");
    if (ld) {
        json_t *pub = json_object_get(ld, "publisher");
        if (json_is_array(pub)) pub = json_array_get(pub, 0);
        SET(site, ld_str(pub, "name"), "json-ld");
    }
    SET(site, c.app_name, "application-name");

    /* url */
    SET(url, c.canonical && strstr(c.canonical, "://") ? c.canonical : NULL, "canonical");
    SET(url, c.og_url && strstr(c.og_url, "://") ? c.og_url : NULL, "og:url");
    SET(url, url, "record");
    if (!m->site) {
        m->site = domain_of(m->url);
        if (m->site) m->site_from = "domain";
    }

    /* title */
    char *tt = NULL;
    if (c.og_title) { tt = strip_site(c.og_title, m->site); if (tt) m->title_from = "og:title"; }
    if (!tt && ld_str(ld, "headline")) { tt = dup_clean(ld_str(ld, "headline")); if (tt) m->title_from = "json-ld"; }
    if (!tt && c.tw_title) { tt = strip_site(c.tw_title, m->site); if (tt) m->title_from = "twitter:title"; }
    if (!tt && c.title_el) {
        char *raw = node_text(c.title_el, 2048);
        if (raw) { tt = strip_site(raw, m->site); free(raw); }
        if (tt) m->title_from = "title";
    }
    if (!tt && c.h1) { tt = node_text(c.h1, 2048); if (tt) m->title_from = "h1"; }
    m->title = tt;

    /* published */
    char bl[512] = "";
    char *bytext = c.byline ? node_text(c.byline, 500) : NULL;
    if (ld && date_ok(&c, ld_str(ld, "datePublished"))) SET(published, ld_str(ld, "datePublished"), "json-ld");
    if (!m->published && ld && date_ok(&c, ld_str(ld, "dateCreated"))) SET(published, ld_str(ld, "dateCreated"), "json-ld");
    if (!m->published && date_ok(&c, c.meta_pub)) {
        size_t k = 0;
        k += (size_t)snprintf(m->from_buf, sizeof(m->from_buf), "meta:");
        for (const char *q = c.meta_pub_from; *q && k + 1 < sizeof(m->from_buf); q++)
            m->from_buf[k++] = (char)tolower((unsigned char)*q);
        m->from_buf[k] = 0;
        SET(published, c.meta_pub, m->from_buf);
    }
    const GumboNode *tn = c.time_pub ? c.time_pub : c.time_el;
    if (!m->published && tn) {
        const char *dt = html_attr(tn, "datetime");
        if (!dt) dt = html_attr(tn, "content");
        if (date_ok(&c, dt)) SET(published, dt, "time");
    }
    if (!m->published && bytext && hm_text_date(bytext, bl, sizeof(bl)) && date_ok(&c, bl))
        SET(published, bl, "byline");
    char ud[11];
    if (!m->published && hm_url_date(m->url, ud) && date_ok(&c, ud)) SET(published, ud, "url");
    if (!m->published && url && hm_url_date(url, ud) && date_ok(&c, ud)) SET(published, ud, "url");
    if (ld && date_ok(&c, ld_str(ld, "dateModified"))) m->modified = dup_clean(ld_str(ld, "dateModified"));
    else if (c.meta_mod && date_ok(&c, c.meta_mod)) m->modified = dup_clean(c.meta_mod);

    /* authors */
    if (ld) {
        ld_authors(m, json_object_get(ld, "author"));
        if (m->nauthors) m->authors_from = "json-ld";
    }
    if (!m->nauthors && c.meta_author) {
        add_author_list(m, c.meta_author);
        if (m->nauthors) m->authors_from = "meta:author";
    }
    if (!m->nauthors && c.art_author) {
        add_author_list(m, c.art_author);
        if (m->nauthors) m->authors_from = "article:author";
    }
    if (!m->nauthors && bytext) {
        byline_author(m, bytext);
        if (m->nauthors) m->authors_from = "byline";
    }
    free(bytext);

    /* language */
    const char *hl = html_attr(root, "lang");
    if (!hl) hl = html_attr(root, "xml:lang");
    if ((m->lang = lang_code(hl))) m->lang_from = "html-lang";
    else if ((m->lang = lang_code(c.content_lang))) m->lang_from = "content-language";
    else if ((m->lang = lang_code(c.og_locale))) m->lang_from = "og:locale";
    else if (ld && (m->lang = lang_code(ld_str(ld, "inLanguage")))) m->lang_from = "json-ld";

    if (c.description) m->description = dup_clean(c.description);
    if (ld && ld_str(ld, "articleBody")) m->jsonld_body = strdup(ld_str(ld, "articleBody"));
    m->rejected_future = c.rejected_future;
    json_decref(c.ld_roots);
    return TL_OK;
}

void hm_free(hm_meta *m) {
    if (!m) return;
    free(m->title);
    free(m->published);
    free(m->modified);
    for (size_t i = 0; i < m->nauthors; i++) free(m->authors[i]);
    free(m->site);
    free(m->url);
    free(m->lang);
    free(m->description);
    free(m->jsonld_body);
    memset(m, 0, sizeof(*m));
}
