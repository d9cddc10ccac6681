/* feed.c -- RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> articles (feed.h).
 *
 * The whole file is parsed by libxml2 into a tree (feed files are small:
 * the ingest driver caps them at ING_MAX_PAGE), then every item is read
 * from its child elements and handed to the caller as an article.
 *
 * Safety: no network (XML_PARSE_NONET), no entity substitution (no
 * XML_PARSE_NOENT, no DTD loading, so external entities are never read),
 * and the text gatherer below never follows entity references, so a
 * hostile internal subset cannot make the output explode. libxml2 would
 * print its errors on stderr; for the duration of a parse its handlers are
 * replaced (they are per thread in libxml2) by one that keeps the first
 * error for the tl_err.
 *
 * Names are matched on local names, and on namespaces where they collide:
 * an item's own fields are in the item's namespace (none for RSS 2.0,
 * RSS 1.0's for RDF, Atom's for Atom), so an <atom:link rel="self"> in an
 * RSS item is not its link; content:encoded and dc:date are checked
 * against their module namespaces, or the conventional prefix when a feed
 * used it without declaring it (libxml2 then keeps "content:encoded" as
 * the element's name, without a namespace).
 */
#include "feed.h"
#include "buf.h"
#include "webdoc.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

#define FEED_SNIFF_MAX 4096
#define FEED_MAX_DEPTH 256      /* libxml2's own nesting limit without HUGE */

/* libxml2 2.12 made the structured error const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError feed_xmlerr;
#else
typedef xmlError feed_xmlerr;
#endif

enum { FK_RSS, FK_RDF, FK_ATOM };

/* How an element's text is written. */
enum {
    TX_AUTO,     /* RSS: HTML when it holds '<' or '&', else plain text */
    TX_TEXT,     /* plain text */
    TX_HTML,     /* escaped HTML */
    TX_XHTML,    /* inline XHTML elements (Atom type="xhtml") */
    TX_NONE      /* no inline text (Atom src="..." or binary content) */
};

/* ------------------------------------------------------------------------
 * Sniffing
 * ---------------------------------------------------------------------- */

static int is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset of needle in s[from, len), or len when absent. */
static size_t find(const char *s, size_t len, size_t from, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = from; i + k <= len; i++)
        if (memcmp(s + i, needle, k) == 0) return i;
    return len;
}

/* End of a <!DOCTYPE ...> declaration starting at i (just past its '>'),
 * or 0 when it does not end in s. Brackets hold the internal subset. */
static size_t doctype_end(const char *s, size_t len, size_t i) {
    int depth = 0;
    char quote = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (quote) { if (c == quote) quote = 0; }
        else if (c == '"' || c == '\'') quote = c;
        else if (c == '[') depth++;
        else if (c == ']' && depth > 0) depth--;
        else if (c == '>' && depth == 0) return i + 1;
    }
    return 0;
}

int feed_sniff(const char *data, size_t len) {
    if (!data) return 0;
    if (len > FEED_SNIFF_MAX) len = FEED_SNIFF_MAX;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    for (;;) {                      /* prolog: declaration, PIs, comments */
        while (i < len && is_blank(data[i])) i++;
        if (i + 1 >= len || data[i] != '<') return 0;
        size_t end;
        if (data[i + 1] == '?') {
            if ((end = find(data, len, i + 2, "?>")) == len) return 0;
            i = end + 2;
        } else if (len - i >= 4 && memcmp(data + i, "<!--", 4) == 0) {
            if ((end = find(data, len, i + 4, "-->")) == len) return 0;
            i = end + 3;
        } else if (len - i >= 9 && strncasecmp(data + i, "<!DOCTYPE", 9) == 0) {
            if ((end = doctype_end(data, len, i + 9)) == 0) return 0;
            i = end;
        } else {
            break;
        }
    }
    size_t start = ++i, colon = 0;
    while (i < len && !is_blank(data[i]) && data[i] != '>' && data[i] != '/') {
        if (data[i] == ':') colon = i + 1;
        i++;
    }
    if (i >= len || i == start) return 0;   /* the name must end in the window */
    size_t n = i - start;
    const char *local = data + (colon ? colon : start);
    size_t ln = i - (size_t)(local - data);
    if (!colon && n == 3 && memcmp(data + start, "rss", 3) == 0) return 1;
    if (ln == 4 && memcmp(local, "feed", 4) == 0) return 1;
    if (colon && ln == 3 && memcmp(local, "RDF", 3) == 0) return 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Tree helpers
 * ---------------------------------------------------------------------- */

static const char *ns_of(const xmlNode *n) {
    return n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
}

/* Is n the element local in namespace ns (NULL: in no namespace)? */
static int is_el(const xmlNode *n, const char *ns, const char *local) {
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local) != 0)
        return 0;
    const char *h = ns_of(n);
    return ns ? h && strcmp(h, ns) == 0 : h == NULL;
}

/* Is n the module element qname ("content:encoded") in namespace ns, or
 * named qname in no namespace (the prefix was used but never declared)? */
static int is_mod(const xmlNode *n, const char *ns, const char *qname) {
    if (!n || n->type != XML_ELEMENT_NODE) return 0;
    if (!n->ns) return strcmp((const char *)n->name, qname) == 0;
    return is_el(n, ns, strchr(qname, ':') + 1);
}

/* Append the character data under n (text and CDATA, and that of child
 * elements) to b. Entity references are skipped, never expanded. */
static int gather(buf_t *b, const xmlNode *n, int depth) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && buf_puts(b, (const char *)c->content) != TL_OK) return TL_ENOMEM;
        } else if (c->type == XML_ELEMENT_NODE && depth < FEED_MAX_DEPTH) {
            if (gather(b, c, depth + 1) != TL_OK) return TL_ENOMEM;
        }
    }
    return TL_OK;
}

/* The text of element n, or of attribute node n, as a new string (caller
 * frees; may be ""), NULL when out of memory. */
static char *node_text(const xmlNode *n) {
    buf_t b = BUF_INIT;
    if (gather(&b, n, 0) != TL_OK) { buf_free(&b); return NULL; }
    return buf_steal(&b);
}

/* The value of n's attribute name (in namespace ns, NULL: none) as a new
 * string; *out NULL when absent. TL_OK or TL_ENOMEM. */
static int attr(const xmlNode *n, const char *ns, const char *name, char **out) {
    *out = NULL;
    xmlAttr *at = ns ? xmlHasNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
                     : xmlHasNsProp(n, (const xmlChar *)name, NULL);
    if (!at || at->type != XML_ATTRIBUTE_NODE) return TL_OK;   /* not DTD defaults */
    *out = node_text((const xmlNode *)at);
    return *out ? TL_OK : TL_ENOMEM;
}

/* s without surrounding blanks: sets *len. */
static const char *trim(const char *s, size_t *len) {
    size_t n = strlen(s);
    while (n && is_blank(s[n - 1])) n--;
    while (n && is_blank(*s)) { s++; n--; }
    *len = n;
    return s;
}

/* href resolved against the xml:base attributes of n and its ancestors,
 * as a new string (caller frees). NULL when out of memory. */
static char *resolve(const xmlNode *n, const char *href) {
    const xmlNode *chain[FEED_MAX_DEPTH];
    int k = 0;
    for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && k < FEED_MAX_DEPTH; p = p->parent)
        chain[k++] = p;
    char *base = NULL;
    for (int i = k - 1; i >= 0; i--) {              /* outermost first */
        char *xb;
        if (attr(chain[i], NS_XML, "base", &xb) != TL_OK) { free(base); return NULL; }
        if (!xb) continue;
        size_t bl;
        char *b = (char *)trim(xb, &bl);
        b[bl] = '\0';
        xmlChar *nb = NULL;
        if (bl) {
            if (base) nb = xmlBuildURI((const xmlChar *)b, (const xmlChar *)base);
            if (!nb) nb = xmlStrdup((const xmlChar *)b);
        }
        free(xb);
        if (nb) {
            free(base);
            base = strdup((const char *)nb);
            xmlFree(nb);
            if (!base) return NULL;
        }
    }
    xmlChar *u = base ? xmlBuildURI((const xmlChar *)href, (const xmlChar *)base) : NULL;
    free(base);
    char *out = strdup(u ? (const char *)u : href);
    if (u) xmlFree(u);
    return out;
}

/* ------------------------------------------------------------------------
 * Text constructs
 * ---------------------------------------------------------------------- */

/* How an Atom text construct (title, summary, content) is written. */
static int atom_type(const xmlNode *n, int dflt, int *rc) {
    char *t, *src;
    *rc = attr(n, NULL, "type", &t);
    if (*rc == TL_OK) *rc = attr(n, NULL, "src", &src);
    else src = NULL;
    if (*rc != TL_OK) { free(t); return TX_NONE; }
    int kind = dflt;
    if (src) kind = TX_NONE;                        /* content elsewhere */
    else if (t) {
        size_t vl;
        const char *v = trim(t, &vl);
        if ((vl == 4 && strncasecmp(v, "text", 4) == 0) ||
            (vl == 10 && strncasecmp(v, "text/plain", 10) == 0))
            kind = TX_TEXT;
        else if ((vl == 4 && strncasecmp(v, "html", 4) == 0) ||
                 (vl == 9 && strncasecmp(v, "text/html", 9) == 0))
            kind = TX_HTML;
        else if ((vl == 5 && strncasecmp(v, "xhtml", 5) == 0) ||
                 (vl == 21 && strncasecmp(v, "application/xhtml+xml", 21) == 0))
            kind = TX_XHTML;
        else if (vl >= 5 && strncasecmp(v, "text/", 5) == 0) kind = TX_TEXT;
        else if (vl >= 4 && (strncasecmp(v + vl - 4, "/xml", 4) == 0 ||
                             strncasecmp(v + vl - 4, "+xml", 4) == 0))
            kind = TX_TEXT;
        else kind = TX_NONE;                        /* base64 media */
    }
    free(t);
    free(src);
    return kind;
}

/* The markup of n's children, serialized (Atom type="xhtml"). */
static char *inner_xml(const xmlNode *n) {
    xmlBufferPtr xb = xmlBufferCreate();
    if (!xb) return NULL;
    for (xmlNode *c = n->children; c; c = c->next) xmlNodeDump(xb, n->doc, c, 0, 0);
    const xmlChar *s = xmlBufferContent(xb);
    char *out = strdup(s ? (const char *)s : "");
    xmlBufferFree(xb);
    return out;
}

/* The text of element n written as kind: markup reduced to text, plain
 * text as is. *out is NULL when there is no text. TL_OK or TL_ENOMEM. */
static int el_text(const xmlNode *n, int kind, char **out, size_t *outlen) {
    *out = NULL;
    *outlen = 0;
    if (kind == TX_NONE) return TL_OK;
    char *raw = kind == TX_XHTML ? inner_xml(n) : node_text(n);
    if (!raw) return TL_ENOMEM;
    if (kind == TX_AUTO) kind = strchr(raw, '<') || strchr(raw, '&') ? TX_HTML : TX_TEXT;
    if (kind == TX_TEXT) {
        *out = raw;
        *outlen = strlen(raw);
        return TL_OK;
    }
    tl_err he;
    err_clear(&he);
    int rc = web_fragment_text(raw, strlen(raw), out, outlen, &he);
    free(raw);
    if (rc == TL_ENOMEM) return rc;
    if (rc != TL_OK) { *out = NULL; *outlen = 0; }   /* no text in the markup */
    return TL_OK;
}

/* A title: Atom's by its type attribute; RSS's as HTML when it has markup
 * or entity references, and as written if that leaves nothing ("<none>"). */
static int title_text(const xmlNode *n, int fk, char **out) {
    size_t len;
    int rc = TL_OK, kind = fk == FK_ATOM ? atom_type(n, TX_TEXT, &rc) : TX_AUTO;
    if (rc != TL_OK) return rc;
    if (kind == TX_NONE) kind = TX_TEXT;
    if ((rc = el_text(n, kind, out, &len)) != TL_OK || *out || kind != TX_AUTO) return rc;
    *out = node_text(n);
    return *out ? TL_OK : TL_ENOMEM;
}

/* An Atom link that points at the entry (feed) itself: rel="alternate",
 * or no rel. */
static int is_alternate(const xmlNode *n, int *rc) {
    char *rel;
    if ((*rc = attr(n, NULL, "rel", &rel)) != TL_OK) return 0;
    size_t len = 0;
    const char *r = rel ? trim(rel, &len) : NULL;
    int yes = !r || (len == 9 && strcmp(r, "alternate") == 0) ||
              strcmp(r, "http://www.iana.org/assignments/relation/alternate") == 0;
    free(rel);
    return yes;
}

/* The first alternate link among n's Atom children, resolved (caller
 * frees), or NULL. TL_OK or TL_ENOMEM. */
static int atom_link(const xmlNode *n, const char *ns, char **out) {
    *out = NULL;
    int rc = TL_OK;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is_el(c, ns, "link")) continue;
        int alt = is_alternate(c, &rc);
        if (rc != TL_OK) return rc;
        if (!alt) continue;
        char *href;
        if ((rc = attr(c, NULL, "href", &href)) != TL_OK) return rc;
        if (!href) continue;
        size_t len;
        const char *h = trim(href, &len);
        if (len) {
            char *t = strndup(h, len);
            *out = t ? resolve(c, t) : NULL;
            free(t);
            free(href);
            return *out ? TL_OK : TL_ENOMEM;
        }
        free(href);
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * The feed
 * ---------------------------------------------------------------------- */

typedef struct feedinfo {
    int kind;                /* FK_* */
    const xmlNode *items;    /* the element whose children are the items */
    const char *item_name;   /* "item" or "entry" */
    const char *item_ns;     /* their namespace, NULL: none */
    char *title;             /* normalized, owned, or NULL */
    char *link;
} feedinfo;

static void feedinfo_free(feedinfo *fi) {
    free(fi->title);
    free(fi->link);
}

/* Which kind of feed the root is, its items' parent, its title and link.
 * TL_OK, TL_EPARSE (not a feed), TL_ENOMEM. */
static int feed_info(const xmlNode *root, feedinfo *fi, tl_err *e) {
    memset(fi, 0, sizeof(*fi));
    const char *rns = ns_of(root);
    const xmlNode *chan = NULL;
    if (strcmp((const char *)root->name, "rss") == 0) {
        fi->kind = FK_RSS;
        for (const xmlNode *c = root->children; c && !chan; c = c->next)
            if (is_el(c, rns, "channel")) chan = c;
        if (!chan) {
            err_set(e, TL_EPARSE, "RSS feed without a <channel> element");
            if (e) e->line = xmlGetLineNo(root);
            return TL_EPARSE;
        }
        fi->items = chan;
        fi->item_name = "item";
        fi->item_ns = ns_of(chan);
    } else if (is_el(root, NS_RDF, "RDF")) {
        fi->kind = FK_RDF;
        for (const xmlNode *c = root->children; c && !chan; c = c->next)
            if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "channel") == 0)
                chan = c;
        fi->items = root;
        fi->item_name = "item";
        fi->item_ns = chan ? ns_of(chan) : NS_RSS10;
    } else if (strcmp((const char *)root->name, "feed") == 0 &&
               (!rns || strcmp(rns, NS_ATOM) == 0 || strcmp(rns, NS_ATOM03) == 0)) {
        fi->kind = FK_ATOM;
        chan = root;
        fi->items = root;
        fi->item_name = "entry";
        fi->item_ns = rns;
    } else {
        const char *pre = root->ns && root->ns->prefix ? (const char *)root->ns->prefix : NULL;
        err_set(e, TL_EPARSE, "not an RSS or Atom feed (root element <%s%s%s>)",
                pre ? pre : "", pre ? ":" : "", (const char *)root->name);
        if (e) e->line = xmlGetLineNo(root);
        return TL_EPARSE;
    }
    if (!chan) return TL_OK;
    const char *cns = ns_of(chan);
    int rc = TL_OK;
    for (const xmlNode *c = chan->children; c && rc == TL_OK; c = c->next) {
        char *s = NULL;
        if (!fi->title && is_el(c, cns, "title")) {
            if ((rc = title_text(c, fi->kind, &s)) == TL_OK && s)
                rc = art_set_field(&fi->title, s, strlen(s), NULL);
        } else if (fi->kind != FK_ATOM && !fi->link && is_el(c, cns, "link")) {
            if (!(s = node_text(c))) rc = TL_ENOMEM;
            else rc = art_set_field(&fi->link, s, strlen(s), NULL);
        }
        free(s);
    }
    if (rc == TL_OK && fi->kind == FK_ATOM && (rc = atom_link(chan, cns, &fi->link)) == TL_OK &&
        fi->link) {
        char *l = fi->link;
        fi->link = NULL;
        rc = art_set_field(&fi->link, l, strlen(l), NULL);
        free(l);
    }
    if (rc != TL_OK) {
        feedinfo_free(fi);
        return err_set(e, TL_ENOMEM, "out of memory");
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Items
 * ---------------------------------------------------------------------- */

typedef struct item {
    const xmlNode *title, *link, *guid, *content, *desc;   /* first of each */
    const xmlNode *date[2];       /* in order of preference */
    const char *date_name[2];
    const char *desc_name;        /* "description" | "summary" */
} item;

static void item_scan(const feedinfo *fi, const xmlNode *it, item *m) {
    memset(m, 0, sizeof(*m));
    const char *ins = ns_of(it);
    int atom = fi->kind == FK_ATOM;
    m->date_name[0] = atom ? "published" : "pubDate";
    m->date_name[1] = atom ? "updated" : "dc:date";
    m->desc_name = atom ? "summary" : "description";
    for (const xmlNode *c = it->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (!m->title && is_el(c, ins, "title")) m->title = c;
        else if (!atom && !m->link && is_el(c, ins, "link")) m->link = c;
        else if (!m->guid && is_el(c, ins, atom ? "id" : "guid")) m->guid = c;
        else if (!m->desc && is_el(c, ins, m->desc_name)) m->desc = c;
        else if (!m->date[0] && is_el(c, ins, m->date_name[0])) m->date[0] = c;
        else if (!m->date[1] && (atom ? is_el(c, ins, "updated") : is_mod(c, NS_DC, "dc:date")))
            m->date[1] = c;
        else if (!m->content && (atom ? is_el(c, ins, "content")
                                      : is_mod(c, NS_CONTENT, "content:encoded")))
            m->content = c;
    }
}

/* The article's text from the content, else the description / summary.
 * *from names the one used, NULL when neither holds text. */
static int item_text(const feedinfo *fi, const item *m, art_t *a, const char **from) {
    *from = NULL;
    const xmlNode *els[2] = {m->content, m->desc};
    const char *names[2] = {"content", m->desc_name};
    for (int i = 0; i < 2; i++) {
        if (!els[i]) continue;
        int rc = TL_OK;
        int kind = fi->kind == FK_ATOM ? atom_type(els[i], TX_AUTO, &rc) : TX_AUTO;
        if (rc != TL_OK) return rc;
        char *t;
        size_t len;
        if ((rc = el_text(els[i], kind, &t, &len)) != TL_OK) return rc;
        if (!t) continue;
        tl_err te;
        rc = art_set_text(a, t, len, &te);
        free(t);
        if (rc == TL_ENOMEM) return rc;
        if (rc == TL_OK) { *from = names[i]; return TL_OK; }
    }
    return TL_OK;
}

/* The publication date: the first candidate date_parse reads; a note when
 * one was given but none could be read. */
static int item_date(const item *m, art_t *a) {
    int bad = -1;
    char *first = NULL;
    for (int i = 0; i < 2; i++) {
        if (!m->date[i]) continue;
        char *s = node_text(m->date[i]);
        if (!s) { free(first); return TL_ENOMEM; }
        size_t len;
        trim(s, &len);
        if (len == 0) { free(s); continue; }
        int rc = art_set_published(a, s);
        if (rc == TL_ENOMEM) { free(s); free(first); return rc; }
        if (rc == TL_OK) { free(s); free(first); return TL_OK; }
        if (bad < 0) { bad = i; first = s; }
        else free(s);
    }
    if (bad >= 0) {
        size_t len;
        const char *s = trim(first, &len);
        snprintf(a->note, sizeof(a->note),
                 "unreadable date '%.*s' in <%s>; the publication date is left unknown",
                 (int)(len > 80 ? 80 : len), s, m->date_name[bad]);
    }
    free(first);
    return TL_OK;
}

/* The item's link: RSS <link>, else a permalink <guid> (RSS 2.0: one
 * without isPermaLink="false" that looks like a URL), else RDF's
 * rdf:about; Atom's alternate link. Caller frees. */
static int item_url(const feedinfo *fi, const xmlNode *it, const item *m, char **out) {
    *out = NULL;
    if (fi->kind == FK_ATOM) return atom_link(it, ns_of(it), out);
    int rc;
    if (m->link && !(*out = node_text(m->link))) return TL_ENOMEM;
    size_t len = 0;
    if (*out) trim(*out, &len);
    if (len) return TL_OK;
    free(*out);
    *out = NULL;
    if (m->guid && fi->kind == FK_RSS) {
        char *perma;
        if ((rc = attr(m->guid, NULL, "isPermaLink", &perma)) != TL_OK) return rc;
        int no = perma && strcmp(perma, "false") == 0;
        free(perma);
        char *g = no ? NULL : node_text(m->guid);
        if (!no && !g) return TL_ENOMEM;
        const char *t = g ? trim(g, &len) : NULL;
        if (t && (strncasecmp(t, "http://", 7) == 0 || strncasecmp(t, "https://", 8) == 0)) {
            *out = g;
            return TL_OK;
        }
        free(g);
    }
    if (fi->kind == FK_RDF) return attr(it, NS_RDF, "about", out);
    return TL_OK;
}

static void set_s(json_t *o, const char *k, const char *v) {
    if (v) json_object_set_new(o, k, json_string(v));
}

/* Turn item number idx (1-based) into an article. TL_OK with *out set;
 * TL_EEMPTY with ie saying why the item cannot be an article; TL_ENOMEM. */
static int item_article(const feedinfo *fi, const xmlNode *it, long idx, art_t **out,
                        tl_err *ie) {
    *out = NULL;
    item m;
    item_scan(fi, it, &m);
    art_t *a = art_new();
    char *s = NULL, *guid = NULL;
    json_t *x = NULL;
    const char *from;
    if (!a) goto nomem;
    int rc = item_text(fi, &m, a, &from);
    if (rc != TL_OK) goto nomem;
    if (!from) {
        art_free(a);
        if (!m.content && !m.desc)
            return err_set(ie, TL_EEMPTY, "item %ld has no description or content", idx);
        return err_set(ie, TL_EEMPTY, "item %ld has no text in its %s", idx,
                       m.content && m.desc ? "content or description"
                       : m.content ? "content" : m.desc_name);
    }
    if (m.title) {
        if ((rc = title_text(m.title, fi->kind, &s)) != TL_OK) goto nomem;
        if (s && art_set_field(&a->title, s, strlen(s), a) == TL_ENOMEM) goto nomem;
        free(s);
        s = NULL;
    }
    if ((rc = item_url(fi, it, &m, &s)) != TL_OK) goto nomem;
    if (s && art_set_field(&a->url, s, strlen(s), a) == TL_ENOMEM) goto nomem;
    free(s);
    s = NULL;
    if (m.guid) {
        if (!(s = node_text(m.guid))) goto nomem;
        if (art_set_field(&guid, s, strlen(s), a) == TL_ENOMEM) goto nomem;
        free(s);
        s = NULL;
    }
    const char *id = guid ? guid : a->url;
    if (id && art_set_field(&a->id, id, strlen(id), a) == TL_ENOMEM) goto nomem;
    if (fi->title && art_set_field(&a->source, fi->title, strlen(fi->title), a) == TL_ENOMEM)
        goto nomem;
    if (item_date(&m, a) != TL_OK) goto nomem;

    json_t *f;
    if (!(x = json_object()) || !(f = json_object())) goto nomem;
    json_object_set_new(x, "feed", f);
    set_s(f, "title", fi->title);
    set_s(f, "link", fi->link);
    set_s(f, "guid", guid);
    json_object_set_new(f, "item", json_integer((json_int_t)idx));
    set_s(f, "text_from", from);
    if (!(a->extra = json_dumps(x, JSON_COMPACT | JSON_PRESERVE_ORDER))) goto nomem;
    json_decref(x);
    free(guid);
    *out = a;
    return TL_OK;

nomem:
    json_decref(x);
    free(s);
    free(guid);
    art_free(a);
    return err_set(ie, TL_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------------
 * Parsing
 * ---------------------------------------------------------------------- */

typedef struct xmlerr {
    int level;               /* XML_ERR_NONE until an error is kept */
    long line;
    char msg[300];
} xmlerr;

/* Keep the first error, or the first fatal one after mere errors. */
static void on_xml_error(void *ud, feed_xmlerr *err) {
    xmlerr *x = ud;
    if (!err || err->level < XML_ERR_ERROR || x->level == XML_ERR_FATAL) return;
    if (x->level != XML_ERR_NONE && err->level != XML_ERR_FATAL) return;
    x->level = err->level;
    x->line = err->line;
    snprintf(x->msg, sizeof(x->msg), "%s", err->message ? err->message : "error");
    size_t n = strlen(x->msg);
    while (n && is_blank(x->msg[n - 1])) x->msg[--n] = '\0';
    for (size_t i = 0; i < n; i++)           /* one line ("...!\nBytes: 0xE9") */
        if (x->msg[i] == '\n' || x->msg[i] == '\r') x->msg[i] = ' ';
}

static void on_generic_error(void *ud, const char *fmt, ...) {
    (void)ud;
    (void)fmt;
}

/* Parse the document, libxml2's reports kept in x instead of printed. */
static xmlDoc *read_xml(const char *data, size_t len, xmlerr *x) {
    xmlStructuredErrorFunc old_s = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc old_g = xmlGenericError;
    void *old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(x, on_xml_error);
    xmlSetGenericErrorFunc(NULL, on_generic_error);
    xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                                XML_PARSE_BIG_LINES);
    xmlSetGenericErrorFunc(old_gctx, old_g);
    xmlSetStructuredErrorFunc(old_sctx, old_s);
    return doc;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void) { xmlInitParser(); }

int feed_parse(const char *data, size_t len, feed_item_fn fn, void *ud, tl_err *e) {
    if (len > INT_MAX) return err_set(e, TL_ETOOBIG, "feed too big (%zu bytes)", len);
    pthread_once(&xml_once, xml_init);     /* not safe to race on first use */
    xmlerr x;
    memset(&x, 0, sizeof(x));
    xmlDoc *doc = read_xml(data ? data : "", data ? len : 0, &x);
    if (!doc) {
        if (x.level == XML_ERR_NONE) snprintf(x.msg, sizeof(x.msg), "not well-formed");
        err_set(e, TL_EPARSE, "malformed XML: %s", x.msg);
        if (e) e->line = x.line > 0 ? x.line : 1;
        return TL_EPARSE;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    feedinfo fi;
    int rc = root ? feed_info(root, &fi, e)
                  : err_set(e, TL_EPARSE, "malformed XML: no root element");
    if (rc != TL_OK) {
        if (!root && e) e->line = 1;
        xmlFreeDoc(doc);
        return rc;
    }
    long idx = 0;
    for (const xmlNode *c = fi.items->children; c && rc == TL_OK; c = c->next) {
        if (!is_el(c, fi.item_ns, fi.item_name)) continue;
        idx++;
        art_t *a;
        tl_err ie;
        err_clear(&ie);
        rc = item_article(&fi, c, idx, &a, &ie);
        if (rc == TL_ENOMEM) {
            err_set(e, rc, "out of memory");
            break;
        }
        long line = xmlGetLineNo(c);
        rc = fn(ud, a, line > 0 ? line : 0, &ie);
        if (rc == TL_ENOMEM) err_set(e, rc, "out of memory");
        else if (rc != TL_OK) err_set(e, rc, "stopped by the caller at item %ld", idx);
    }
    feedinfo_free(&fi);
    xmlFreeDoc(doc);
    return rc;
}
