/* html.c -- decode a web page to UTF-8 and parse it with gumbo (html.h).
 *
 * gumbo only reads UTF-8, so the charset decision is ours: a BOM, then
 * "is it valid UTF-8?", then the page's own declaration found by the HTML5
 * prescan (a byte-level scan of the first 4 KiB for <meta charset=..> and
 * <meta http-equiv=content-type content="..charset=..">, defined by the
 * HTML standard precisely because the tree cannot be built before the
 * encoding is known), then windows-1252. Non-UTF-8 input goes through
 * iconv (glibc), with undecodable bytes turned into U+FFFD.
 */
#include "html.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------
 * Charset prescan
 * ---------------------------------------------------------------------- */

#define PRESCAN_BYTES 4096

/* Copy a charset label at p (up to a quote, ';', space or '>') into out,
 * lower-cased. */
static void take_label(const char *p, const char *end, char *out, size_t cap) {
    while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '=')) p++;
    size_t n = 0;
    while (p < end && n + 1 < cap && *p != '"' && *p != '\'' && *p != ';' &&
           *p != ' ' && *p != '>' && *p != '/' && *p != '\t' && *p != '\n')
        out[n++] = (char)tolower((unsigned char)*p++);
    out[n] = 0;
}

/* Case-insensitive search for needle in [p, end). */
static const char *find_ci(const char *p, const char *end, const char *needle) {
    size_t k = strlen(needle);
    for (; p + k <= end; p++)
        if (strncasecmp(p, needle, k) == 0) return p;
    return NULL;
}

/* The charset a page declares in a <meta> of its first bytes, or "". */
static void declared_charset(const char *data, size_t len, char *out, size_t cap) {
    out[0] = 0;
    const char *end = data + (len < PRESCAN_BYTES ? len : PRESCAN_BYTES);
    const char *p = data;
    while ((p = find_ci(p, end, "<meta")) != NULL) {
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt) return;
        const char *cs = find_ci(p, gt, "charset");
        if (cs) {
            cs += 7;
            while (cs < gt && (*cs == ' ' || *cs == '\t')) cs++;
            if (cs < gt && *cs == '=') {
                take_label(cs + 1, gt, out, cap);
                if (out[0]) return;
            }
        }
        p = gt;
    }
}

/* HTML5 label aliases that matter in practice. */
static const char *canonical_charset(const char *label) {
    static const char *const latin[] = {"iso-8859-1", "iso8859-1", "latin1", "l1",
                                        "us-ascii", "ascii", "cp1252", "windows-1252",
                                        "x-cp1252", "iso_8859-1", NULL};
    for (int i = 0; latin[i]; i++)
        if (strcmp(label, latin[i]) == 0) return "windows-1252";
    if (strcmp(label, "utf8") == 0 || strcmp(label, "utf-8") == 0 ||
        strcmp(label, "unicode-1-1-utf-8") == 0)
        return "utf-8";
    if (strcmp(label, "gb2312") == 0 || strcmp(label, "gbk") == 0) return "gb18030";
    if (strcmp(label, "shift-jis") == 0 || strcmp(label, "sjis") == 0) return "shift_jis";
    return label;
}

/* ------------------------------------------------------------------------
 * Decoding
 * ---------------------------------------------------------------------- */

/* Convert len bytes from charset cs to UTF-8 with iconv; undecodable bytes
 * become U+FFFD (counted in *bad). TL_OK, TL_EINVAL (iconv knows no such
 * charset), TL_ENOMEM. */
static int to_utf8(const char *cs, const char *data, size_t len, char **out,
                   size_t *outlen, size_t *bad) {
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1) return TL_EINVAL;
    size_t cap = len * 2 + 16, used = 0;
    char *buf = malloc(cap + 1);
    if (!buf) { iconv_close(cd); return TL_ENOMEM; }
    char *in = (char *)data;
    size_t inleft = len;
    *bad = 0;
    while (inleft > 0) {
        char *o = buf + used;
        size_t oleft = cap - used;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        used = (size_t)(o - buf);
        if (r != (size_t)-1) break;
        if (errno == E2BIG || cap - used < 8) {
            size_t ncap = cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) { free(buf); iconv_close(cd); return TL_ENOMEM; }
            buf = nb;
            cap = ncap;
            continue;
        }
        /* EILSEQ / EINVAL: one bad byte -> U+FFFD */
        memcpy(buf + used, "\xEF\xBF\xBD", 3);
        used += 3;
        in++;
        inleft--;
        (*bad)++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    buf[used] = 0;
    *out = buf;
    *outlen = used;
    return TL_OK;
}

/* Invalid sequences vs valid multi-byte sequences: a page that is mostly
 * UTF-8 with a few broken bytes is repaired rather than reinterpreted. */
static void utf8_census(const char *s, size_t len, size_t *multi, size_t *invalid) {
    *multi = *invalid = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { i++; continue; }
        int n;
        uint32_t cp = text_decode(s + i, len - i, &n);
        if (cp == 0xFFFD && n == 1 &&
            !(len - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
            (*invalid)++;
        else
            (*multi)++;
        i += (size_t)n;
    }
}

static int decode(html_doc *d, const char *data, size_t len, tl_err *e) {
    int rc;
    const char *from = NULL;
    /* 1. byte order marks */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
        from = "bom";
    } else if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
        const char *cs = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
        rc = to_utf8(cs, data + 2, len - 2, &d->buf, &d->len, &d->repaired);
        if (rc != TL_OK) return err_set(e, TL_ENOMEM, "out of memory");
        snprintf(d->charset, sizeof(d->charset), "%s", data[0] == '\xFF' ? "utf-16le" : "utf-16be");
        d->charset_from = "bom";
        return TL_OK;
    }
    char decl[32];
    declared_charset(data, len, decl, sizeof(decl));
    const char *want = decl[0] ? canonical_charset(decl) : "";
    /* 2. valid UTF-8 is UTF-8 */
    if (from || text_valid_utf8(data, len)) {
        if (!from && want[0] && strcmp(want, "utf-8") != 0)
            snprintf(d->note, sizeof(d->note),
                     "page declares charset %s but its bytes are valid UTF-8; read as UTF-8", decl);
        d->buf = malloc(len + 1);
        if (!d->buf) return err_set(e, TL_ENOMEM, "out of memory");
        memcpy(d->buf, data, len);
        d->buf[len] = 0;
        d->len = len;
        snprintf(d->charset, sizeof(d->charset), "utf-8");
        d->charset_from = from ? from : "utf-8-valid";
        return TL_OK;
    }
    /* 3. the declaration, 4. a fallback */
    size_t multi, invalid;
    utf8_census(data, len, &multi, &invalid);
    int mostly_utf8 = multi >= 4 * invalid && multi > 0;
    if ((!want[0] || strcmp(want, "utf-8") == 0) && mostly_utf8) {
        long r = text_repair_utf8(data, len, &d->buf, &d->len);
        if (r < 0) return err_set(e, TL_ENOMEM, "out of memory");
        d->repaired = (size_t)r;
        snprintf(d->charset, sizeof(d->charset), "utf-8");
        d->charset_from = "utf-8-repaired";
        return TL_OK;
    }
    const char *cs = (want[0] && strcmp(want, "utf-8") != 0) ? want : "windows-1252";
    d->charset_from = (want[0] && strcmp(want, "utf-8") != 0) ? "meta" : "fallback";
    rc = to_utf8(cs, data, len, &d->buf, &d->len, &d->repaired);
    if (rc == TL_EINVAL) {
        snprintf(d->note, sizeof(d->note),
                 "unknown charset '%s' declared; read as windows-1252", decl);
        cs = "windows-1252";
        d->charset_from = "fallback";
        rc = to_utf8(cs, data, len, &d->buf, &d->len, &d->repaired);
    } else if (strcmp(want, "utf-8") == 0) {
        snprintf(d->note, sizeof(d->note),
                 "page declares UTF-8 but is not; read as windows-1252");
    }
    if (rc != TL_OK) return err_set(e, TL_ENOMEM, "out of memory");
    snprintf(d->charset, sizeof(d->charset), "%s", cs);
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Nesting guard
 *
 * gumbo's tree builder checks "is there an X in scope" by walking the stack
 * of open elements, so a page of N unclosed <div>s costs O(N^2): 100 000
 * of them take minutes (9 000: 1.7 s), a 50 MB page of them days. Real pages nest a few
 * hundred deep. Before parsing, a byte scan estimates the deepest nesting
 * (start tags minus end tags, not counting void and self-closing elements
 * or elements whose end tag is implied, skipping comments, scripts and
 * styles); pages deeper than HTML_MAX_DEPTH are refused. This is a
 * resource guard, not parsing: the tree is still gumbo's.
 * ---------------------------------------------------------------------- */

static int implied_end(const char *name, size_t n) {
    static const char *const tags[] = {"area", "base", "br", "col", "embed", "hr", "img",
        "input", "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd",
        "td", "th", "tr", "option", "keygen", "frame", "basefont", "bgsound", "image", NULL};
    for (int i = 0; tags[i]; i++)
        if (strlen(tags[i]) == n && strncasecmp(name, tags[i], n) == 0) return 1;
    return 0;
}

static size_t max_depth(const char *s, size_t len) {
    const char *p = s, *end = s + len;
    long depth = 0, peak = 0;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (p >= end) break;
        if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
            const char *q = find_ci(p + 3, end, "-->");
            if (!q) break;
            p = q + 3;
            continue;
        }
        int closing = *p == '/';
        const char *name = p + closing;
        size_t n = 0;
        while (name + n < end && isalnum((unsigned char)name[n])) n++;
        if (n == 0 || !isalpha((unsigned char)name[0])) continue;
        const char *gt = memchr(name + n, '>', (size_t)(end - name - n));
        if (!gt) break;
        if (closing) {
            if (!implied_end(name, n) && depth > 0) depth--;
        } else if (gt[-1] != '/' && !implied_end(name, n)) {
            if (++depth > peak) peak = depth;
            if ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
                (n == 5 && strncasecmp(name, "style", 5) == 0)) {
                const char *q = find_ci(gt, end, n == 6 ? "</script" : "</style");
                if (!q) break;
                gt = q - 1;
            }
        }
        p = gt + 1;
    }
    return (size_t)peak;
}

/* ------------------------------------------------------------------------
 * Parsing
 * ---------------------------------------------------------------------- */

int html_sniff(const char *data, size_t len) {
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len && isspace((unsigned char)data[i])) i++;
    if (i + 1 >= len || data[i] != '<') return 0;
    unsigned char c = (unsigned char)data[i + 1];
    if (c == '!' || c == '?') {
        /* <!doctype html>, <!-- -->, or an XML prolog that is XHTML */
        size_t end = len < i + 1024 ? len : i + 1024;
        return find_ci(data + i, data + end, "html") != NULL;
    }
    return isalpha(c);
}

int html_parse(const char *data, size_t len, html_doc **out, tl_err *e) {
    *out = NULL;
    if (len == 0) return err_set(e, TL_EEMPTY, "empty page");
    if (len > HTML_MAX_BYTES)
        return err_set(e, TL_ETOOBIG, "page of %zu bytes is over the %u MiB limit",
                       len, HTML_MAX_BYTES >> 20);
    /* Binary data: NUL bytes outside UTF-16 text. */
    size_t nuls = 0, probe = len < 65536 ? len : 65536;
    for (size_t i = 0; i < probe; i++) nuls += data[i] == 0;
    int utf16 = len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0);
    if (nuls && !utf16)
        return err_set(e, TL_EINVAL, "binary data (NUL bytes), not a web page");
    html_doc *d = calloc(1, sizeof(*d));
    if (!d) return err_set(e, TL_ENOMEM, "out of memory");
    int rc = decode(d, data, len, e);
    if (rc != TL_OK) { html_free(d); return rc; }
    size_t depth = max_depth(d->buf, d->len);
    if (depth > HTML_MAX_DEPTH) {
        html_free(d);
        return err_set(e, TL_ETOOBIG,
                       "elements nested %zu deep (limit %d): refused, a page this deep "
                       "would take the HTML5 tree builder hours", depth, HTML_MAX_DEPTH);
    }
    /* gumbo stops at NUL in C strings only in its API for them; the
     * length form reads all bytes, and the tokenizer maps NUL to U+FFFD. */
    GumboOptions opt = kGumboDefaultOptions;
    opt.max_errors = 0;
    d->out = gumbo_parse_with_options(&opt, d->buf, d->len);
    if (!d->out) { html_free(d); return err_set(e, TL_ENOMEM, "out of memory"); }
    *out = d;
    return TL_OK;
}

void html_free(html_doc *d) {
    if (!d) return;
    if (d->out) gumbo_destroy_output(&kGumboDefaultOptions, d->out);
    free(d->buf);
    free(d);
}

/* ------------------------------------------------------------------------
 * Tree helpers
 * ---------------------------------------------------------------------- */

const char *html_attr(const GumboNode *n, const char *name) {
    if (!n || n->type != GUMBO_NODE_ELEMENT) return NULL;
    GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

typedef struct wframe {
    const GumboNode *n;
    unsigned next;
} wframe;

int html_walk(const GumboNode *root, html_visit_fn fn, html_leave_fn leave, void *ud) {
    if (!root || root->type != GUMBO_NODE_ELEMENT) return TL_OK;
    int r = fn(ud, root, 0);
    if (r != HTML_DESCEND) return TL_OK;
    size_t cap = 64, top = 0;
    wframe *st = malloc(cap * sizeof(*st));
    if (!st) return TL_ENOMEM;
    st[top++] = (wframe){root, 0};
    while (top > 0) {
        wframe *f = &st[top - 1];
        const GumboVector *c = &f->n->v.element.children;
        if (f->next >= c->length) {
            if (leave) leave(ud, f->n, (int)top - 1);
            top--;
            continue;
        }
        const GumboNode *ch = c->data[f->next++];
        if (ch->type != GUMBO_NODE_ELEMENT) continue;
        r = fn(ud, ch, (int)top);
        if (r == HTML_STOP) break;
        if (r == HTML_SKIP) continue;
        if (top == cap) {
            cap *= 2;
            wframe *ns = realloc(st, cap * sizeof(*ns));
            if (!ns) { free(st); return TL_ENOMEM; }
            st = ns;
        }
        st[top++] = (wframe){ch, 0};
    }
    free(st);
    return TL_OK;
}

typedef struct findctx {
    GumboTag tag;
    const GumboNode *hit;
} findctx;

static int find_visit(void *ud, const GumboNode *n, int depth) {
    (void)depth;
    findctx *f = ud;
    if (n->v.element.tag == f->tag) { f->hit = n; return HTML_STOP; }
    return HTML_DESCEND;
}

const GumboNode *html_find(const GumboNode *n, GumboTag tag) {
    findctx f = {tag, NULL};
    html_walk(n, find_visit, NULL, &f);
    return f.hit;
}

const char *html_tagname(const GumboNode *n, char *out, size_t cap) {
    out[0] = 0;
    if (!n || n->type != GUMBO_NODE_ELEMENT || cap == 0) return out;
    const GumboElement *el = &n->v.element;
    if (el->tag != GUMBO_TAG_UNKNOWN) {
        snprintf(out, cap, "%s", gumbo_normalized_tagname(el->tag));
        return out;
    }
    GumboStringPiece s = el->original_tag;
    gumbo_tag_from_original_text(&s);
    size_t n2 = s.length < cap - 1 ? s.length : cap - 1;
    for (size_t i = 0; i < n2; i++) out[i] = (char)tolower((unsigned char)s.data[i]);
    out[n2] = 0;
    return out;
}

static int grow(char **buf, size_t *cap, size_t need) {
    if (need + 1 <= *cap) return TL_OK;
    size_t nc = *cap ? *cap : 256;
    while (nc < need + 1) nc *= 2;
    char *nb = realloc(*buf, nc);
    if (!nb) return TL_ENOMEM;
    *buf = nb;
    *cap = nc;
    return TL_OK;
}

/* Append s collapsing whitespace; a space is only written between words. */
static int append_collapsed(const char *s, char **buf, size_t *len, size_t *cap) {
    size_t k = strlen(s);
    if (grow(buf, cap, *len + k + 1) != TL_OK) return TL_ENOMEM;
    char *o = *buf;
    size_t n = *len;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (n > 0 && o[n - 1] != ' ') o[n++] = ' ';
        } else {
            o[n++] = (char)c;
        }
    }
    o[n] = 0;
    *len = n;
    return TL_OK;
}

static int text_rec(const GumboNode *n, char **buf, size_t *len, size_t *cap,
                    size_t max, int depth) {
    if (!n || depth > 200 || (max && *len >= max)) return TL_OK;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE)
        return append_collapsed(n->v.text.text, buf, len, cap);
    if (n->type != GUMBO_NODE_ELEMENT) return TL_OK;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
        t == GUMBO_TAG_NOSCRIPT)
        return TL_OK;
    if (t == GUMBO_TAG_BR && append_collapsed(" ", buf, len, cap) != TL_OK) return TL_ENOMEM;
    const GumboVector *c = &n->v.element.children;
    for (unsigned i = 0; i < c->length; i++)
        if (text_rec(c->data[i], buf, len, cap, max, depth + 1) != TL_OK) return TL_ENOMEM;
    return TL_OK;
}

int html_text(const GumboNode *n, char **buf, size_t *len, size_t *cap, size_t max) {
    if (grow(buf, cap, *len) != TL_OK) return TL_ENOMEM;
    (*buf)[*len] = 0;
    int rc = text_rec(n, buf, len, cap, max, 0);
    while (*len && (*buf)[*len - 1] == ' ') (*buf)[--*len] = 0;
    return rc;
}
