/* names.c -- rule-based name spans and gazetteer completion (see names.h).
 *
 * Both passes walk the tokens of the text once. A "run" is a maximal
 * sequence of capitalized word tokens on one line, allowing the lower-case
 * particles of names inside it ("Bank of England", "Charles de Gaulle");
 * a possessive ends it. Runs are matched against the gazetteer longest
 * first, so "United States" wins over "United" and "States".
 */
#include "names.h"
#include "err.h"
#include "geo.h"
#include "stop.h"
#include "tok.h"

#include <stdlib.h>
#include <string.h>

#define NAMES_WORD 48
#define MAX_RUN 8              /* longest run looked at as one name */

/* Words that make a run an organization (folded). */
static const char *const ORG_WORDS[] = {
    "agency", "airlines", "army", "assembly", "association", "authority", "bank",
    "board", "bureau", "cabinet", "church", "club", "co", "coalition", "college",
    "commission", "committee", "company", "congress", "corp", "corporation", "council",
    "court", "department", "federation", "force", "forces", "foundation", "fund", "group",
    "guard", "inc", "institute", "league", "ltd", "ministry", "movement", "navy", "news",
    "office", "organisation", "organization", "parliament", "party", "police", "post",
    "press", "school", "senate", "service", "society", "team", "times", "tribunal",
    "union", "university",
};

/* Lower-case particles allowed inside a name. */
static const char *const PARTICLES[] = {"al", "bin", "da", "de", "del", "der", "di",
                                        "du", "la", "le", "of", "van", "von"};

/* Titles that announce a person (folded). */
static const char *const TITLES[] = {
    "ambassador", "chairman", "chancellor", "chief", "commander", "director", "dr", "envoy",
    "gen", "general", "gov", "governor", "judge", "king", "mayor", "minister", "mr", "mrs",
    "ms", "pope", "premier", "president", "prince", "prof", "queen", "rep", "secretary",
    "sen", "senator", "spokesman", "spokeswoman",
};

/* Words that make a run a place (folded). */
static const char *const PLACE_WORDS[] = {
    "avenue", "bay", "cape", "city", "county", "district", "gulf", "island", "islands",
    "lake", "mount", "mountains", "ocean", "port", "province", "region", "river", "sea",
    "square", "strait", "street", "valley",
};

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_list(const char *const *list, size_t n, const char *w) {
    return bsearch(&w, list, n, sizeof(*list), cmp_str) != NULL;
}

#define IN(list, w) in_list((list), sizeof(list) / sizeof((list)[0]), (w))

static size_t fold_word(const char *s, const tok_t *t, char *w) {
    return tok_fold_word(s + t->start, t->end - t->start, w, NAMES_WORD);
}

typedef struct {
    ent_span *v;
    size_t n, cap;
} spanvec;

static int push(spanvec *sv, size_t a, size_t b, ent_type type) {
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        ent_span *v = realloc(sv->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n++] = (ent_span){a, b, type};
    return TL_OK;
}

static int line_break(const char *s, const tok_list *tl, size_t i) {
    if (i + 1 >= tl->n) return 1;
    const char *a = s + tl->v[i].end, *b = s + tl->v[i + 1].start;
    return memchr(a, '\n', (size_t)(b - a)) != NULL;
}

static int is_cap_word(const tok_t *t) {
    return (t->flags & TOK_WORD) && (t->flags & TOK_CAP) && !(t->flags & TOK_NUM);
}

/* Sentence start before token i: text start, a line start, or after . ! ?
 * : or an opening quote. */
static int opens_sentence(const char *s, const tok_list *tl, size_t i) {
    if (i == 0 || line_break(s, tl, i - 1)) return 1;
    const tok_t *p = &tl->v[i - 1];
    if (p->flags & TOK_WORD) return 0;
    size_t n = p->end - p->start;
    char ch = s[p->start];
    if (n == 1 && (ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == '"')) return 1;
    return n == 3 && (memcmp(s + p->start, "\xE2\x80\x9C", 3) == 0 ||
                      memcmp(s + p->start, "\xE2\x80\x9D", 3) == 0);
}

/* End (exclusive) of the run of name words starting at token i. */
static size_t run_end(const char *s, const tok_list *tl, size_t i) {
    size_t k = i + 1;
    while (k < tl->n && k - i < MAX_RUN && !line_break(s, tl, k - 1)) {
        const tok_t *t = &tl->v[k];
        if (is_cap_word(t)) { k++; continue; }
        char w[NAMES_WORD];
        if ((t->flags & TOK_WORD) && !(t->flags & TOK_CAP) && fold_word(s, t, w) &&
            IN(PARTICLES, w) && k + 1 < tl->n && is_cap_word(&tl->v[k + 1]) &&
            !line_break(s, tl, k)) {
            k += 2;
            continue;
        }
        break;
    }
    return k;
}

/* Longest gazetteer name among tokens [i, j): returns its end token (0 if
 * none) and kind. */
static size_t geo_prefix(const char *s, const tok_list *tl, size_t i, size_t j, geo_kind *kind) {
    for (size_t e = j; e > i; e--) {
        geo_hit h;
        size_t a = tl->v[i].start, b = tl->v[e - 1].end;
        if (geo_lookup(s + a, b - a, &h)) { *kind = h.kind; return e; }
    }
    return 0;
}

static ent_type geo_type(geo_kind k) {
    switch (k) {
    case GEO_DEMONYM: return ENT_MISC;
    case GEO_SEAT: return ENT_ORG;
    default: return ENT_LOC;
    }
}

/* ------------------------------------------------------------------------
 * Rules only
 * ---------------------------------------------------------------------- */

/* Is some earlier PER span's last word the one word at [a, b)? */
static int known_surname(const char *s, const spanvec *sv, size_t a, size_t b) {
    for (size_t i = sv->n; i-- > 0;) {
        const ent_span *x = &sv->v[i];
        if (x->type != ENT_PER || x->end - x->start <= b - a) continue;
        if (memcmp(s + x->end - (b - a), s + a, b - a) == 0 && s[x->end - (b - a) - 1] == ' ')
            return 1;
    }
    return 0;
}

/* Is token t a title word? A hyphenated title counts by its parts
 * ("Secretary-General", "Attorney-General"). */
static int is_title_tok(const char *s, const tok_t *t) {
    char w[NAMES_WORD];
    if (!fold_word(s, t, w)) return 0;
    if (IN(TITLES, w)) return 1;
    if (!(t->flags & TOK_HYPHEN)) return 0;
    for (char *p = w, *q; *p; p = q) {
        q = strchr(p, '-');
        if (q) *q++ = 0;
        else q = p + strlen(p);
        if (IN(TITLES, p)) return 1;
    }
    return 0;
}

int names_guess(const char *text, size_t len, ent_span **out, size_t *n) {
    *out = NULL;
    *n = 0;
    tok_list tl = TOK_LIST_INIT;
    spanvec sv = {NULL, 0, 0};
    int rc = tok_text(text, len, &tl);
    if (rc != TL_OK) goto done;
    for (size_t i = 0; i < tl.n;) {
        if (!is_cap_word(&tl.v[i])) { i++; continue; }
        size_t j = run_end(text, &tl, i);
        int opener = opens_sentence(text, &tl, i);
        char w[NAMES_WORD];
        /* a sentence opener alone is just a capitalized word, unless the
         * gazetteer knows it */
        geo_kind gk = GEO_NONE;
        size_t ge = geo_prefix(text, &tl, i, j, &gk);
        if (ge) {
            size_t g0 = i;                     /* "The White House": the name is "White House" */
            if (ge - i > 1 && fold_word(text, &tl.v[i], w) && strcmp(w, "the") == 0) g0++;
            if ((rc = push(&sv, tl.v[g0].start, tl.v[ge - 1].end, geo_type(gk))) != TL_OK) goto done;
            i = ge;
            continue;
        }
        if (opener && j - i == 1) {            /* "Trump told ...": a known surname only */
            if (known_surname(text, &sv, tl.v[i].start, tl.v[i].end) &&
                (rc = push(&sv, tl.v[i].start, tl.v[i].end, ENT_PER)) != TL_OK)
                goto done;
            i = j;
            continue;
        }
        if (opener && fold_word(text, &tl.v[i], w) && stop_is(w, strlen(w))) {
            i++;                               /* "The", "But", "In": not part of a name */
            continue;
        }
        size_t a = i;
        /* a title inside the run ends what comes before it ("Talmyran Prime
         * Minister Ingrid Haldorsen": the name is the part after the last
         * title word); what precedes it is looked at on its own */
        for (size_t k = j - 1; k > i; k--)
            if (is_title_tok(text, &tl.v[k - 1])) { a = k; break; }
        if (a > i && a < j) {
            size_t h = a - 1;                  /* back over the whole title */
            while (h > i && fold_word(text, &tl.v[h - 1], w) && ent_is_role_word(w)) h--;
            if (h > i && (rc = push(&sv, tl.v[i].start, tl.v[h - 1].end,
                                    h - i == 1 ? ENT_MISC : ENT_ORG)) != TL_OK)
                goto done;
        }
        int titled = a > i;
        if (!titled && i > 0 && (tl.v[i - 1].flags & TOK_WORD) && is_title_tok(text, &tl.v[i - 1]))
            titled = 1;
        ent_type type = ENT_NONE;
        for (size_t k = a; k < j && type == ENT_NONE; k++)
            if (fold_word(text, &tl.v[k], w) && IN(ORG_WORDS, w)) type = ENT_ORG;
        if (type == ENT_NONE && !titled &&
            ((fold_word(text, &tl.v[a], w) && IN(PLACE_WORDS, w)) ||
             (fold_word(text, &tl.v[j - 1], w) && IN(PLACE_WORDS, w))))
            type = ENT_LOC;
        size_t sa = tl.v[a].start, sb = tl.v[j - 1].end;
        if (type == ENT_NONE) {
            if (titled) type = ENT_PER;
            else if (j - a == 1 && (tl.v[a].flags & TOK_ALLCAP)) type = ENT_ORG;   /* "NATO" */
            else if (j - a == 1) type = known_surname(text, &sv, sa, sb) ? ENT_PER : ENT_NONE;
            else if (j - a <= 3) type = ENT_PER;
            else type = ENT_ORG;
        }
        if (type != ENT_NONE && (rc = push(&sv, sa, sb, type)) != TL_OK) goto done;
        i = j;
    }
    rc = TL_OK;
done:
    tok_list_free(&tl);
    if (rc != TL_OK) { free(sv.v); return rc; }
    *out = sv.v;
    *n = sv.n;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Completing a recognizer's spans
 * ---------------------------------------------------------------------- */

static int cmp_span(const void *a, const void *b) {
    const ent_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

int names_complete(const char *text, size_t len, ent_span **spans, size_t *n) {
    tok_list tl = TOK_LIST_INIT;
    spanvec add = {NULL, 0, 0};
    int rc = tok_text(text, len, &tl);
    if (rc != TL_OK) goto done;
    size_t s = 0;                          /* next span that may cover */
    for (size_t i = 0; i < tl.n;) {
        const tok_t *t = &tl.v[i];
        while (s < *n && (*spans)[s].end <= t->start) s++;
        if (s < *n && (*spans)[s].start < t->end) { i++; continue; }   /* covered */
        if (!is_cap_word(t)) { i++; continue; }
        size_t j = run_end(text, &tl, i);
        /* stop the run at the next span */
        for (size_t k = i; k < j; k++)
            if (s < *n && (*spans)[s].start < tl.v[k].end) { j = k; break; }
        geo_kind gk = GEO_NONE;
        size_t ge = j > i ? geo_prefix(text, &tl, i, j, &gk) : 0;
        if (ge) {
            char w[NAMES_WORD];
            size_t g0 = i;
            if (ge - i > 1 && fold_word(text, t, w) && strcmp(w, "the") == 0) g0++;
            if ((rc = push(&add, tl.v[g0].start, tl.v[ge - 1].end, geo_type(gk))) != TL_OK) goto done;
            i = ge;
        } else {
            i = j > i ? j : i + 1;
        }
    }
    if (add.n) {
        ent_span *v = realloc(*spans, (*n + add.n) * sizeof(ent_span));
        if (!v) { rc = TL_ENOMEM; goto done; }
        memcpy(v + *n, add.v, add.n * sizeof(ent_span));
        *n += add.n;
        qsort(v, *n, sizeof(ent_span), cmp_span);
        *spans = v;
    }
    rc = TL_OK;
done:
    free(add.v);
    tok_list_free(&tl);
    return rc;
}

/* ------------------------------------------------------------------------
 * Model or rules
 * ---------------------------------------------------------------------- */

int names_find(const ner_model *m, const char *text, size_t len, ent_span **out, size_t *n) {
    *out = NULL;
    *n = 0;
    if (!m) return names_guess(text, len, out, n);
    ner_spans ns = {NULL, 0, 0};
    int rc = ner_tag_text(m, text, len, &ns);
    if (rc != TL_OK) { ner_spans_free(&ns); return rc; }
    ent_span *sp = malloc((ns.n ? ns.n : 1) * sizeof(ent_span));
    if (!sp) { ner_spans_free(&ns); return TL_ENOMEM; }
    for (size_t i = 0; i < ns.n; i++)
        sp[i] = (ent_span){ns.v[i].start, ns.v[i].end, (ent_type)ns.v[i].type};
    *n = ns.n;
    ner_spans_free(&ns);
    if ((rc = names_complete(text, len, &sp, n)) != TL_OK) { free(sp); *n = 0; return rc; }
    *out = sp;
    return TL_OK;
}
