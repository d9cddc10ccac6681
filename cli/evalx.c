/* evalx.c -- shared pieces of the gold-file evaluations (evalx.h): the
 * articles, locating gold strings, the analysis pipeline, name matching
 * and precision/recall figures. What is measured and why: evalx.h,
 * docs/quotes.md and docs/eval-events.md.
 */
#include "evalx.h"
#include "cli.h"

#include "date.h"
#include "entx.h"
#include "names.h"
#include "reader.h"

#include <ctype.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Articles
 * ---------------------------------------------------------------------- */

int ex_pub_day(const char *s, int64_t *day) {
    date_val dv;
    if (!s || date_parse(s, &dv) != TL_OK) return 0;
    int64_t local = dv.ts + (int64_t)dv.offset_min * 60;
    *day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return 1;
}

static int add_article(ex_articles *a, json_t *o, const char *path, long line, tl_err *e) {
    json_t *id = json_object_get(o, "id"), *tx = json_object_get(o, "text");
    if (!tx) tx = json_object_get(o, "body");
    if (!(json_is_string(id) || json_is_integer(id)) || !json_is_string(tx))
        return err_setat(e, TL_EPARSE, path, line, "expected an article with \"id\" and \"text\"");
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        ex_article *nv = realloc(a->v, cap * sizeof(*nv));
        if (!nv) return err_set(e, TL_ENOMEM, "out of memory");
        a->v = nv;
        a->cap = cap;
    }
    ex_article *x = &a->v[a->n];
    memset(x, 0, sizeof(*x));
    char num[32];
    if (json_is_integer(id)) snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(id));
    x->id = strdup(json_is_string(id) ? json_string_value(id) : num);
    x->len = json_string_length(tx);
    x->text = malloc(x->len + 1);
    if (!x->id || !x->text) {
        free(x->id);
        free(x->text);
        return err_set(e, TL_ENOMEM, "out of memory");
    }
    memcpy(x->text, json_string_value(tx), x->len);
    x->text[x->len] = 0;
    const char *pub = ex_str(o, "published");
    if (!pub) pub = ex_str(o, "date");
    x->has_pub = ex_pub_day(pub, &x->pub_day);
    a->n++;
    return TL_OK;
}

/* Each JSON object line of path (lines up to maxline bytes, blank lines
 * skipped) through fn; an error without a place gets path:line. */
static int each_object(const char *path, size_t maxline, ex_line_fn fn, void *ud, tl_err *e) {
    rd_t *r;
    if (rd_open(&r, path, maxline, e) != TL_OK) return e->code ? e->code : TL_EIO;
    char *line;
    size_t len;
    int rc;
    while ((rc = rd_line(r, &line, &len, e)) == RD_LINE) {
        if (len == 0) continue;
        json_error_t je;
        json_t *o = json_loadb(line, len, 0, &je);
        if (!json_is_object(o)) {
            json_decref(o);
            rc = err_setat(e, TL_EPARSE, path, rd_lineno(r), "not a JSON object");
            break;
        }
        rc = fn(ud, o, rd_lineno(r), e);
        json_decref(o);
        if (rc != TL_OK) {
            if (!e->file[0]) {
                snprintf(e->file, sizeof(e->file), "%s", path);
                e->line = rd_lineno(r);
            }
            break;
        }
    }
    rd_close(r);
    return rc == RD_EOF ? TL_OK : rc;
}

typedef struct {
    ex_articles *out;
    const char *path;
} art_reader;

static int on_article(void *ud, json_t *o, long lineno, tl_err *e) {
    art_reader *r = ud;
    return add_article(r->out, o, r->path, lineno, e);
}

int ex_articles_read(const char *path, ex_articles *out, tl_err *e) {
    art_reader ar = {out, path};
    int rc = each_object(path, 64u << 20, on_article, &ar, e);
    if (rc == TL_OK && out->n == 0) rc = err_set(e, TL_EEMPTY, "%s: no articles", path);
    return rc;
}

const ex_article *ex_articles_get(const ex_articles *a, const char *id) {
    for (size_t i = 0; id && i < a->n; i++)
        if (strcmp(a->v[i].id, id) == 0) return &a->v[i];
    return NULL;
}

void ex_articles_free(ex_articles *a) {
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].id);
        free(a->v[i].text);
    }
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

/* ------------------------------------------------------------------------
 * Gold files
 * ---------------------------------------------------------------------- */

const char *ex_str(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int ex_gold_each(const char *path, ex_line_fn fn, void *ud, tl_err *e) {
    return each_object(path, 1u << 20, fn, ud, e);
}

int ex_locate(const ex_article *a, const char *s, long occurrence, ex_span *out) {
    size_t n = strlen(s);
    if (n == 0 || n > a->len) return 0;
    long k = 0, want = occurrence > 1 ? occurrence : 1;
    for (size_t i = 0; i + n <= a->len; i++) {
        if (a->text[i] != s[0] || memcmp(a->text + i, s, n) != 0) continue;
        if (++k == want) {
            out->a = i;
            out->b = i + n;
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Pipeline
 * ---------------------------------------------------------------------- */

const char *ex_pick_model(const char *given, char *buf, size_t cap) {
    if (given) return strcmp(given, "none") == 0 ? NULL : given;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    const char *dir = NULL;
    if (n > 0) {
        exe[n] = '\0';
        dir = dirname(exe);
    }
    return entx_default_model(dir, buf, cap);
}

int ex_analyze(const ner_model *m, const char *text, size_t len, int has_pub, int64_t pub_day,
               ent_doc *d, when_list *w, tl_err *e) {
    int rc = TL_OK;
    if (d) {
        ent_span *sp = NULL;
        size_t nsp = 0;
        rc = names_find(m, text, len, &sp, &nsp);
        if (rc == TL_OK) rc = ent_analyze(text, len, sp, nsp, d);
        free(sp);
        if (rc != TL_OK) return err_set(e, rc, "entity analysis failed");
    }
    if (w && (rc = when_find(text, len, has_pub, pub_day, w)) != TL_OK)
        return err_set(e, rc, "time expressions: out of memory");
    return rc;
}

/* ------------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------- */

#define MAXW 32

/* Split a space-separated key into words (pointers into buf). */
static int split(char *buf, char **w) {
    int n = 0;
    for (char *t = strtok(buf, " "); t && n < MAXW; t = strtok(NULL, " ")) w[n++] = t;
    return n;
}

static int has_word(char **w, int n, const char *x) {
    for (int i = 0; i < n; i++)
        if (strcmp(w[i], x) == 0) return 1;
    return 0;
}

/* Folded words of a phrase: lower case letters and digits, trailing 's'
 * dropped so "official" and "officials" meet. */
static int fold_words(const char *s, size_t n, char *buf, size_t cap, char **w) {
    size_t k = 0;
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c >= 0x80) buf[k++] = (char)tolower(c);
        else if (k && buf[k - 1] != ' ') buf[k++] = ' ';
    }
    buf[k] = 0;
    int nw = split(buf, w);
    for (int i = 0; i < nw; i++) {
        size_t l = strlen(w[i]);
        if (l > 3 && w[i][l - 1] == 's') w[i][l - 1] = 0;
    }
    return nw;
}

/* Every word capitalized except a few joining words: a name. */
static int is_name(const char *g) {
    static const char *const JOIN[] = {"of", "and", "the", "for", "de", "von", "van"};
    const char *p = g;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ') q++;
        if (!isupper((unsigned char)*p)) {
            int join = 0;
            for (size_t i = 0; i < sizeof(JOIN) / sizeof(JOIN[0]); i++)
                if (strlen(JOIN[i]) == (size_t)(q - p) && strncmp(JOIN[i], p, (size_t)(q - p)) == 0)
                    join = 1;
            if (!join) return 0;
        }
        p = q;
    }
    return 1;
}

int ex_name_right(const char *gold, const char *name, const char *phrase, size_t plen) {
    char gb[512], nb[512], pb[512];
    char *gw[MAXW], *nw[MAXW], *pw[MAXW];
    if (!gold || !*gold) return 0;
    if (!phrase) plen = 0;
    if (is_name(gold)) {
        if (!ent_name_key(gold, strlen(gold), gb, sizeof(gb))) return 0;
        int ng = split(gb, gw);
        if (name) {
            if (!ent_name_key(name, strlen(name), nb, sizeof(nb))) return 0;
            int nn = split(nb, nw);
            if (nn == ng) {
                int same = 1;
                for (int i = 0; i < ng; i++) same &= strcmp(gw[i], nw[i]) == 0;
                if (same) return 1;
            }
            if (nn == 1 && has_word(gw, ng, nw[0])) return 1;
            int all = 1;   /* "Aldmere's Health and Safety Board" for "Health and Safety Board" */
            for (int i = 0; i < ng; i++) all &= has_word(nw, nn, gw[i]);
            return all;
        }
        if (!plen || !ent_name_key(phrase, plen, pb, sizeof(pb))) return 0;
        int np = split(pb, pw), all = 1;
        for (int i = 0; i < ng; i++) all &= has_word(pw, np, gw[i]);
        return all || has_word(pw, np, gw[ng - 1]);
    }
    int ng = fold_words(gold, strlen(gold), gb, sizeof(gb), gw);
    if (!ng) return 0;
    /* the head: the last word before a preposition ("officials from X") */
    static const char *const PREP[] = {"of", "with", "in", "from", "on", "at", "for", "by"};
    int h = ng - 1;
    for (int i = 1; i < ng; i++) {
        int prep = 0;
        for (size_t k = 0; k < sizeof(PREP) / sizeof(PREP[0]); k++) prep |= !strcmp(gw[i], PREP[k]);
        if (prep) { h = i - 1; break; }
    }
    const char *head = gw[h];
    if (plen) {
        int np = fold_words(phrase, plen, pb, sizeof(pb), pw);
        if (has_word(pw, np, head)) return 1;
    }
    if (name) {
        int nn = fold_words(name, strlen(name), nb, sizeof(nb), nw);
        if (has_word(nw, nn, head)) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Spans and figures
 * ---------------------------------------------------------------------- */

size_t ex_overlap(ex_span x, ex_span y) {
    size_t a = x.a > y.a ? x.a : y.a, b = x.b < y.b ? x.b : y.b;
    return b > a ? b - a : 0;
}

int ex_half_overlap(ex_span x, ex_span y) {
    size_t ov = ex_overlap(x, y), lx = x.b - x.a, ly = y.b - y.a;
    size_t shorter = lx < ly ? lx : ly;
    return ov > 0 && 2 * ov >= shorter;
}

double ex_ratio(long a, long b) { return b ? (double)a / (double)b : 0; }

double ex_f1(const ex_prf *p) {
    double pr = ex_ratio(p->pred_hit, p->pred), r = ex_ratio(p->gold_hit, p->gold);
    return pr + r > 0 ? 2 * pr * r / (pr + r) : 0;
}

json_t *ex_prf_json(const ex_prf *p) {
    json_t *o = json_object();
    json_object_set_new(o, "gold", json_integer(p->gold));
    json_object_set_new(o, "predicted", json_integer(p->pred));
    json_object_set_new(o, "gold_matched", json_integer(p->gold_hit));
    json_object_set_new(o, "predicted_matched", json_integer(p->pred_hit));
    json_object_set_new(o, "precision", json_real(ex_ratio(p->pred_hit, p->pred)));
    json_object_set_new(o, "recall", json_real(ex_ratio(p->gold_hit, p->gold)));
    json_object_set_new(o, "f1", json_real(ex_f1(p)));
    return o;
}

void ex_prf_row(const char *label, const ex_prf *p) {
    printf("%-12s %6ld %6ld %6.1f%% %6.1f%% %6.1f%%", label, p->gold, p->pred,
           100 * ex_ratio(p->pred_hit, p->pred), 100 * ex_ratio(p->gold_hit, p->gold),
           100 * ex_f1(p));
}

/* ------------------------------------------------------------------------
 * Command lines
 * ---------------------------------------------------------------------- */

int ex_parse_args(cli_ctx *c, int argc, char **argv, unsigned mask, const char *help,
                  ex_args *out) {
    static const struct { unsigned bit; struct option o; } ALL[] = {
        {EX_OPT_GOLD, {"gold", required_argument, 0, 'g'}},
        {EX_OPT_ARTICLES, {"articles", required_argument, 0, 'a'}},
        {EX_OPT_PETRARCH, {"petrarch", required_argument, 0, 'p'}},
        {EX_OPT_MODEL, {"model", required_argument, 0, 'm'}},
        {EX_OPT_ERRORS, {"errors", no_argument, 0, 'E'}},
        {EX_OPT_SHOW, {"show-errors", no_argument, 0, 'E'}},
    };
    static const struct option common[] = {CLI_COMMON_OPTS, {0, 0, 0, 0}};
    struct option opts[sizeof(ALL) / sizeof(ALL[0]) + sizeof(common) / sizeof(common[0])];
    size_t n = 0;
    for (size_t i = 0; i < sizeof(ALL) / sizeof(ALL[0]); i++)
        if (mask & ALL[i].bit) opts[n++] = ALL[i].o;
    for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) opts[n++] = common[i];
    memset(out, 0, sizeof(*out));
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'g': out->gold = optarg; break;
        case 'a': out->articles = optarg; break;
        case 'p': out->petrarch = optarg; break;
        case 'm': out->model = optarg; break;
        case 'E': out->show = 1; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("eval", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    return -1;
}
