/* entity.c -- the entities of one article (see entity.h).
 *
 * Everything here works on the tokens of the text (tok.h) around the
 * spans a recognizer found, with two small hand-written word lists: role
 * words (the nouns and modifiers of titles: president, chancellor,
 * secretary, spokesman, envoy, aide ...) and connectors allowed inside a
 * title ("Secretary of State", "Minister for Foreign Affairs"). Countries,
 * demonyms, capitals and seats of power come from geo.h.
 */
#include "entity.h"
#include "err.h"
#include "tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ENT_WORD 48          /* longest folded word looked at */

/* ------------------------------------------------------------------------
 * Types
 * ---------------------------------------------------------------------- */

static const char *const TYPE_NAMES[] = {"NONE", "PER", "ORG", "LOC", "MISC"};

const char *ent_type_name(ent_type t) {
    return (unsigned)t < sizeof(TYPE_NAMES) / sizeof(TYPE_NAMES[0]) ? TYPE_NAMES[t] : "NONE";
}

ent_type ent_type_parse(const char *s) {
    if (!s) return ENT_NONE;
    if (!strcasecmp(s, "PER") || !strcasecmp(s, "PERSON")) return ENT_PER;
    if (!strcasecmp(s, "ORG") || !strcasecmp(s, "ORGANIZATION")) return ENT_ORG;
    if (!strcasecmp(s, "LOC") || !strcasecmp(s, "GPE") || !strcasecmp(s, "LOCATION")) return ENT_LOC;
    if (!strcasecmp(s, "MISC") || !strcasecmp(s, "NORP")) return ENT_MISC;
    return ENT_NONE;
}

/* ------------------------------------------------------------------------
 * Word lists (folded, sorted in byte order for bsearch)
 * ---------------------------------------------------------------------- */

static const char *const ROLE_WORDS[] = {
    "acting", "adm", "admiral", "adviser", "advisor", "affairs", "agriculture", "aide",
    "ambassador", "archbishop", "assistant", "attorney", "bishop", "capt",
    "captain", "cardinal", "ceo", "chair", "chairman", "chairwoman", "chancellor", "chief", "coach",
    "col", "colonel", "commander", "commerce", "commissioner", "congressman",
    "congresswoman", "councillor", "councilman", "councilwoman", "defence", "defense",
    "deputy", "diplomat", "director", "dr", "economy", "education", "emir", "emperor",
    "energy", "envoy", "executive", "finance", "first", "foreign", "former", "founder",
    "gen", "general", "gov", "governor", "head", "health", "homeland", "interior",
    "judge", "justice", "king", "labor", "lady", "lawmaker", "leader", "lt", "maj",
    "major", "manager", "mayor", "minister", "mp", "mr", "mrs", "ms", "national",
    "negotiator", "officer", "official", "pope", "premier", "pres", "president",
    "president-elect", "press", "prime", "prince", "princess", "prof", "professor",
    "prosecutor", "queen", "rep", "representative", "sec", "secretary",
    "secretary-general", "security", "sen", "senator", "senior", "sgt", "sheikh",
    "speaker", "special", "spokesman", "spokesperson", "spokeswoman", "state", "sultan",
    "top", "trade", "treasury", "vice", "vice-president",
};

static const char *const CONNECTORS[] = {"and", "for", "of", "on", "the", "to"};

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_list(const char *const *list, size_t n, const char *w) {
    return bsearch(&w, list, n, sizeof(*list), cmp_str) != NULL;
}

#define NROLE (sizeof(ROLE_WORDS) / sizeof(ROLE_WORDS[0]))
#define NCONN (sizeof(CONNECTORS) / sizeof(CONNECTORS[0]))

static size_t fold_tok(const char *s, const tok_t *t, char *w) {
    return tok_fold_word(s + t->start, t->end - t->start, w, ENT_WORD);
}

int ent_is_role_word(const char *folded) { return in_list(ROLE_WORDS, NROLE, folded); }

long ent_find_by_role(const ent_doc *d, const char *roleword, const geo_country *ctry,
                      size_t before) {
    if (!d || !roleword) return -1;
    int generic = !strcmp(roleword, "leader") || !strcmp(roleword, "official");
    long best = -1;
    size_t best_at = 0;
    for (size_t k = 0; k < d->nm; k++) {
        const ent_mention *m = &d->m[k];
        if (m->type != ENT_PER || m->start >= before) continue;
        const ent_local *e = &d->e[m->entity];
        if (!e->role) continue;
        if (ctry && e->country != ctry) continue;
        if (!generic) {
            char rf[128];
            size_t n = 0;
            for (const char *p = e->role; *p && n + 1 < sizeof(rf); p++)
                rf[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
            rf[n] = 0;
            if (!strstr(rf, roleword)) continue;
        }
        if (best < 0 || m->start >= best_at) { best = m->entity; best_at = m->start; }
    }
    return best;
}

static int is_role_tok(const char *s, const tok_t *t) {
    char w[ENT_WORD];
    return (t->flags & TOK_WORD) && fold_tok(s, t, w) && in_list(ROLE_WORDS, NROLE, w);
}

static int is_conn_tok(const char *s, const tok_t *t) {
    char w[ENT_WORD];
    return (t->flags & TOK_WORD) && !(t->flags & TOK_CAP) && fold_tok(s, t, w) &&
           in_list(CONNECTORS, NCONN, w);
}

/* ------------------------------------------------------------------------
 * Name keys
 * ---------------------------------------------------------------------- */

size_t ent_name_key(const char *name, size_t n, char *out, size_t cap) {
    if (cap == 0) return 0;
    tok_list tl = TOK_LIST_INIT;
    size_t k = 0;
    if (tok_text(name, n, &tl) != TL_OK) { tok_list_free(&tl); out[0] = '\0'; return 0; }
    int leading = 1;                       /* still in leading titles */
    for (size_t i = 0; i < tl.n; i++) {
        const tok_t *t = &tl.v[i];
        if (!(t->flags & TOK_WORD) || (t->flags & TOK_POSS)) continue;
        char w[ENT_WORD];
        size_t wn = fold_tok(name, t, w);
        if (!wn) continue;
        if (leading && i + 1 < tl.n && in_list(ROLE_WORDS, NROLE, w)) continue;
        leading = 0;
        wn = tok_variant_key(w, wn);
        if (k + wn + 2 > cap) break;
        if (k) out[k++] = ' ';
        memcpy(out + k, w, wn);
        k += wn;
    }
    out[k] = '\0';
    tok_list_free(&tl);
    return k;
}

/* ------------------------------------------------------------------------
 * Building the document
 * ---------------------------------------------------------------------- */

static void local_free(ent_local *e) {
    free(e->name);
    free(e->key);
    free(e->role);
    free(e->affiliation);
}

void ent_doc_free(ent_doc *d) {
    for (size_t i = 0; i < d->ne; i++) local_free(&d->e[i]);
    free(d->e);
    free(d->m);
    *d = (ent_doc)ENT_DOC_INIT;
}

static char *dup_n(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (p) { memcpy(p, s, n); p[n] = '\0'; }
    return p;
}

static int push_mention(ent_doc *d, const ent_mention *m) {
    if (d->nm == d->capm) {
        size_t cap = d->capm ? d->capm * 2 : 32;
        ent_mention *v = realloc(d->m, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        d->m = v;
        d->capm = cap;
    }
    d->m[d->nm++] = *m;
    return TL_OK;
}

/* New local entity; returns its index or -1 on ENOMEM. */
static long new_local(ent_doc *d, ent_type type, const char *name, size_t nn, const char *key,
                      const geo_country *country, size_t first) {
    if (d->ne == d->cape) {
        size_t cap = d->cape ? d->cape * 2 : 16;
        ent_local *v = realloc(d->e, cap * sizeof(*v));
        if (!v) return -1;
        d->e = v;
        d->cape = cap;
    }
    ent_local *e = &d->e[d->ne];
    memset(e, 0, sizeof(*e));
    e->type = type;
    e->name = dup_n(name, nn);
    e->key = dup_n(key, strlen(key));
    e->country = country;
    e->first = first;
    if (!e->name || !e->key) { local_free(e); return -1; }
    return (long)d->ne++;
}

/* Role phrase [a, b) of bytes; keep it when it is more specific (more
 * bytes) than the entity's current one. */
static int offer_role(ent_local *e, const char *s, size_t a, size_t b) {
    if (b <= a) return TL_OK;
    if (e->role && strlen(e->role) >= b - a) return TL_OK;
    char *r = dup_n(s + a, b - a);
    if (!r) return TL_ENOMEM;
    free(e->role);
    e->role = r;
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * Roles
 * ---------------------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t len;
    const tok_list *tl;
    const ent_span *spans;
    size_t nspans;
    const size_t *span_tok;    /* first token of each span */
    const size_t *span_end;    /* one past its last token */
} ctx_t;

/* Is there a line break between tokens i and i+1? */
static int break_after(const ctx_t *c, size_t i) {
    if (i + 1 >= c->tl->n) return 1;
    const char *a = c->s + c->tl->v[i].end, *b = c->s + c->tl->v[i + 1].start;
    return memchr(a, '\n', (size_t)(b - a)) != NULL;
}

static int is_punct(const ctx_t *c, size_t i, char ch) {
    const tok_t *t = &c->tl->v[i];
    return t->end - t->start == 1 && c->s[t->start] == ch;
}

/* Span ending exactly at token k (its last token), or -1. */
static long span_ending_at(const ctx_t *c, size_t k) {
    for (size_t j = 0; j < c->nspans; j++)
        if (c->span_end[j] == k + 1 && c->span_tok[j] <= k) return (long)j;
    return -1;
}

typedef struct {
    size_t role_a, role_b;             /* bytes, role_b == 0 if none */
    const geo_country *country;
    size_t aff_a, aff_b;               /* organization named, aff_b == 0 if none */
} role_t;

/* Geo lookup of bytes [a, b). */
static const geo_country *geo_of(const ctx_t *c, size_t a, size_t b, geo_kind *kind) {
    geo_hit h;
    if (b > a && geo_lookup(c->s + a, b - a, &h)) {
        if (kind) *kind = h.kind;
        return h.country;
    }
    return NULL;
}

/* A title before the person name starting at token ti: role words (with
 * connectors between them), then to their left at most one affiliation:
 * a country, demonym or seat ("Russian", "U.S.", "Kremlin") or a span
 * recognized as an organization ("NATO"). */
static void role_before(const ctx_t *c, size_t ti, role_t *r) {
    size_t k = ti, lo = ti;
    while (k > 0 && !break_after(c, k - 1)) {
        const tok_t *t = &c->tl->v[k - 1];
        if (is_role_tok(c->s, t)) { k--; lo = k; continue; }
        if (lo < ti && is_conn_tok(c->s, t) && k >= 2 && is_role_tok(c->s, &c->tl->v[k - 2])) {
            k--;
            continue;
        }
        break;
    }
    if (lo < ti) {
        r->role_a = c->tl->v[lo].start;
        r->role_b = c->tl->v[ti - 1].end;
    }
    if (lo == 0 || break_after(c, lo - 1)) return;
    size_t k2 = lo - 1;
    long sp = span_ending_at(c, k2);
    if (sp >= 0) {                         /* "NATO Secretary General" */
        const ent_span *x = &c->spans[sp];
        r->country = geo_of(c, x->start, x->end, NULL);
        if (!r->country || x->type == ENT_ORG) { r->aff_a = x->start; r->aff_b = x->end; }
        return;
    }
    const tok_t *t = &c->tl->v[k2];
    if (t->flags & TOK_CAP) r->country = geo_of(c, t->start, t->end, NULL);
}

/* An apposition after the name ending at token te (exclusive): ", (a|an|
 * the) PHRASE ," with a role word in PHRASE and no person in it. */
static void role_after(const ctx_t *c, size_t te, role_t *r) {
    if (te >= c->tl->n || !is_punct(c, te, ',') || break_after(c, te)) return;
    size_t a = te + 1, k = a, has_role = 0;
    for (; k < c->tl->n && k < a + 12; k++) {
        if (is_punct(c, k, ',') || is_punct(c, k, '.') || is_punct(c, k, ';')) break;
        for (size_t j = 0; j < c->nspans; j++)
            if (c->span_tok[j] == k && c->spans[j].type == ENT_PER) return;
        if (is_role_tok(c->s, &c->tl->v[k])) has_role = 1;
        if (break_after(c, k)) { k++; break; }
    }
    if (!has_role || k >= c->tl->n || k == a || !(is_punct(c, k, ',') || is_punct(c, k, '.')))
        return;
    char w[ENT_WORD];
    int article = fold_tok(c->s, &c->tl->v[a], w) &&
                  (!strcmp(w, "a") || !strcmp(w, "an") || !strcmp(w, "the"));
    if (article) a++;
    if (a >= k) return;
    /* "an assistant to the Russian president", "Ukraine's foreign minister":
     * a role word among the first words, not a clause ("emphasising the
     * importance of ... security") */
    int head = 0;
    for (size_t j = a; j < k && j < a + 4 && !head; j++) head = is_role_tok(c->s, &c->tl->v[j]);
    if (!head || (!article && !is_role_tok(c->s, &c->tl->v[a]) &&
                  !(c->tl->v[a].flags & TOK_CAP)))
        return;
    r->role_a = c->tl->v[a].start;
    r->role_b = c->tl->v[k - 1].end;
    for (size_t j = a; j < k && !r->country; j++)
        r->country = geo_of(c, c->tl->v[j].start, c->tl->v[j].end, NULL);
}

/* An apposition before the name starting at token ti: "(A|The) PHRASE,
 * NAME" where PHRASE opens the sentence (or follows a comma) and holds a
 * role word. */
static void role_apposed_before(const ctx_t *c, size_t ti, role_t *r) {
    if (ti < 2 || !is_punct(c, ti - 1, ',')) return;
    size_t b = ti - 1, k = b, has_role = 0;
    while (k > 0 && b - k < 10) {
        const tok_t *t = &c->tl->v[k - 1];
        if (!(t->flags & TOK_WORD)) break;
        if (break_after(c, k - 1) && k - 1 + 1 != b) break;
        if (is_role_tok(c->s, t)) has_role = 1;
        k--;
        if (k > 0 && break_after(c, k - 1)) break;
    }
    int opens = k == 0 || break_after(c, k - 1) || is_punct(c, k - 1, '.') ||
                is_punct(c, k - 1, ',');
    /* "A senior Kremlin aide, Yury Ushakov": the phrase ends in its role */
    if (!has_role || !opens || k >= b || !is_role_tok(c->s, &c->tl->v[b - 1])) return;
    char w[ENT_WORD];
    size_t a = k;
    if (fold_tok(c->s, &c->tl->v[a], w) && (!strcmp(w, "a") || !strcmp(w, "an") || !strcmp(w, "the")))
        a++;
    if (a >= b) return;
    r->role_a = c->tl->v[a].start;
    r->role_b = c->tl->v[b - 1].end;
    for (size_t j = a; j < b && !r->country; j++)
        r->country = geo_of(c, c->tl->v[j].start, c->tl->v[j].end, NULL);
}

/* ------------------------------------------------------------------------
 * Grouping mentions
 * ---------------------------------------------------------------------- */

/* First and last word of a key (space-separated). */
static void key_ends(const char *key, const char **f, size_t *fn, const char **l, size_t *ln) {
    const char *sp = strchr(key, ' ');
    *f = key;
    *fn = sp ? (size_t)(sp - key) : strlen(key);
    const char *rs = strrchr(key, ' ');
    *l = rs ? rs + 1 : key;
    *ln = strlen(*l);
}

static int word_is(const char *w, size_t n, const char *x, size_t xn) {
    return n == xn && memcmp(w, x, n) == 0;
}

/* Gender a title or role next to a person mention gives: "Mr." / "Mrs."
 * in the span (tokens [ti, t0)) or right before it, or a word of the role
 * found for it ("First lady", "his wife"). 1 male, 2 female, 0 unknown. */
static int gender_near(const ctx_t *c, size_t ti, size_t t0, const role_t *r) {
    /* sorted: in_list is a binary search */
    static const char *const M[] = {"brother", "father", "husband", "king", "lord", "mr",
                                    "prince", "sir", "son", "uncle", "widower"};
    static const char *const F[] = {"aunt", "dame", "daughter", "duchess", "lady", "madam",
                                    "miss", "mother", "mrs", "ms", "princess", "queen",
                                    "sister", "widow", "wife"};
    size_t lo = ti >= 2 ? ti - 2 : 0, hi = t0 > ti ? t0 : ti;
    for (size_t i = lo; i < hi; i++) {
        char w[16];
        if (!tok_fold_word(c->s + c->tl->v[i].start, c->tl->v[i].end - c->tl->v[i].start, w,
                           sizeof(w)))
            continue;
        if (in_list(M, sizeof(M) / sizeof(M[0]), w)) return 1;
        if (in_list(F, sizeof(F) / sizeof(F[0]), w)) return 2;
    }
    if (r->role_b > r->role_a) {
        char w[16];
        size_t i = r->role_a;
        while (i < r->role_b) {
            size_t j = i;
            while (j < r->role_b && c->s[j] != ' ') j++;
            if (j > i && tok_fold_word(c->s + i, j - i, w, sizeof(w))) {
                if (in_list(M, sizeof(M) / sizeof(M[0]), w)) return 1;
                if (in_list(F, sizeof(F) / sizeof(F[0]), w)) return 2;
            }
            i = j + 1;
        }
    }
    return 0;
}

/* The person entity a PER mention with key `key` belongs to, or -1.
 * last[] holds each entity's latest mention order (larger = later). */
static long find_person(ent_doc *d, const char *key, const size_t *last, int gender) {
    long best = -1;
    for (size_t i = 0; i < d->ne; i++)
        if (d->e[i].type == ENT_PER && strcmp(d->e[i].key, key) == 0) return (long)i;
    const char *f, *l;
    size_t fn, ln;
    key_ends(key, &f, &fn, &l, &ln);
    int single = strchr(key, ' ') == NULL;
    for (size_t i = 0; i < d->ne; i++) {
        ent_local *e = &d->e[i];
        if (e->type != ENT_PER) continue;
        if (gender && e->gender && e->gender != gender) continue;   /* "Mr." is not Mila */
        const char *ef, *el;
        size_t efn, eln;
        key_ends(e->key, &ef, &efn, &el, &eln);
        int e_single = strchr(e->key, ' ') == NULL;
        int hit = 0;
        if (single && !e_single)           /* "Trump" after "Donald Trump" */
            hit = word_is(f, fn, el, eln) || word_is(f, fn, ef, efn);
        else if (!single && e_single)      /* "Donald Trump" after "Trump" */
            hit = word_is(l, ln, ef, efn);
        if (hit && (best < 0 || last[i] > last[best])) best = (long)i;
    }
    return best;
}

/* Trim a trailing possessive ("Trump’s" -> "Trump") from bytes [a, b). */
static size_t trim_poss(const char *s, size_t a, size_t b) {
    if (b - a > 3 && (s[b - 1] == 's' || s[b - 1] == 'S')) {
        if (s[b - 2] == '\'') return b - 2;
        if (b - a > 5 && memcmp(s + b - 4, "\xE2\x80\x99", 3) == 0) return b - 4;
    }
    return b;
}

/* Does byte a start a letter or digit (not a quote mark, bracket, dash)? */
static int is_name_byte(const char *s, size_t a, size_t b) {
    unsigned char ch = (unsigned char)s[a];
    if (ch < 0x80) return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
    if (ch < 0xC0) return 0;                    /* inside a character */
    /* U+2000..U+206F (general punctuation: quotes, dashes) is not */
    return !(ch == 0xE2 && a + 1 < b && (unsigned char)s[a + 1] == 0x80);
}

/* Keys of the last words of the article's multi-word person spans, NUL-
 * separated in one buffer (*out, caller frees). */
static int collect_surnames(const char *text, const ent_span *spans, size_t n, char **out,
                            size_t *nout) {
    size_t cap = 256, k = 0;
    char *buf = malloc(cap);
    if (!buf) return TL_ENOMEM;
    *nout = 0;
    for (size_t i = 0; i < n; i++) {
        if (spans[i].type != ENT_PER) continue;
        char key[256];
        if (!ent_name_key(text + spans[i].start, spans[i].end - spans[i].start, key, sizeof(key)))
            continue;
        const char *sp = strrchr(key, ' ');
        if (!sp) continue;
        size_t wn = strlen(sp + 1);
        if (k + wn + 1 > cap) {
            cap = (k + wn + 1) * 2;
            char *nb = realloc(buf, cap);
            if (!nb) { free(buf); return TL_ENOMEM; }
            buf = nb;
        }
        memcpy(buf + k, sp + 1, wn + 1);
        k += wn + 1;
        (*nout)++;
    }
    *out = buf;
    return TL_OK;
}

static int is_surname(const char *text, size_t a, size_t b, const char *surnames, size_t n) {
    char key[256];
    if (!ent_name_key(text + a, b - a, key, sizeof(key))) return 0;
    for (const char *p = surnames; n > 0; n--, p += strlen(p) + 1)
        if (strcmp(p, key) == 0) return 1;
    return 0;
}

int ent_analyze(const char *text, size_t len, const ent_span *spans, size_t n, ent_doc *out) {
    ent_doc_free(out);
    for (size_t i = 0; i < n; i++)
        if (spans[i].end > len || spans[i].start >= spans[i].end ||
            (i > 0 && spans[i].start < spans[i - 1].end))
            return TL_EINVAL;
    int rc = TL_ENOMEM;
    char *surnames = NULL;
    size_t nsur = 0;
    tok_list tl = TOK_LIST_INIT;
    size_t *span_tok = malloc((n ? n : 1) * sizeof(size_t));
    size_t *span_end = malloc((n ? n : 1) * sizeof(size_t));
    size_t *last = NULL;
    if (!span_tok || !span_end) goto done;
    if ((rc = tok_text(text, len, &tl)) != TL_OK) goto done;
    rc = TL_ENOMEM;
    /* token range of each span */
    for (size_t i = 0, k = 0; i < n; i++) {
        while (k < tl.n && tl.v[k].end <= spans[i].start) k++;
        span_tok[i] = k;
        size_t e = k;
        while (e < tl.n && tl.v[e].start < spans[i].end) e++;
        span_end[i] = e;
    }
    last = calloc(n + 1, sizeof(size_t));
    if (!last) goto done;
    ctx_t c = {text, len, &tl, spans, n, span_tok, span_end};
    /* the last names of the persons in the article, to correct a surname
     * the recognizer typed otherwise ("Putin" as a place) */
    if (collect_surnames(text, spans, n, &surnames, &nsur) != TL_OK) goto done;
    for (size_t i = 0; i < n; i++) {
        const ent_span *sp = &spans[i];
        size_t ti = span_tok[i], te = span_end[i];
        size_t a = sp->start, b = trim_poss(text, sp->start, sp->end);
        while (a < b && !is_name_byte(text, a, b)) a++;       /* ”Trump -> Trump */
        while (ti < te && tl.v[ti].start < a) ti++;
        if (ti >= te || a >= b) continue;                    /* no word inside */
        ent_type type0 = sp->type;
        geo_kind gk = GEO_NONE;               /* the gazetteer overrides the type */
        const geo_country *gc = geo_of(&c, a, b, &gk);
        if (gc) type0 = gk == GEO_SEAT ? ENT_ORG : gk == GEO_DEMONYM ? ENT_MISC : ENT_LOC;
        else if (type0 != ENT_PER && te - ti == 1 && is_surname(text, a, b, surnames, nsur))
            type0 = ENT_PER;
        ent_mention m = {a, b, type0, 0, GEO_NONE, 0, 0};
        role_t r = {0, 0, NULL, 0, 0};
        char key[256];
        long ei;
        if (type0 == ENT_PER) {
            size_t t0 = ti;                  /* titles inside the span */
            while (t0 + 1 < te && (is_role_tok(text, &tl.v[t0]) || !(tl.v[t0].flags & TOK_WORD)))
                t0++;
            if (t0 > ti) {
                r.role_a = tl.v[ti].start;
                r.role_b = tl.v[t0 - 1].end;
                a = m.start = tl.v[t0].start;
            }
            role_before(&c, ti, &r);
            if (!r.role_b) role_apposed_before(&c, ti, &r);
            if (!r.role_b) role_after(&c, te, &r);
            if (!ent_name_key(text + a, b - a, key, sizeof(key))) continue;
            int g = gender_near(&c, ti, t0, &r);
            ei = find_person(out, key, last, g);
            if (ei >= 0 && strchr(key, ' ') && !strchr(out->e[ei].key, ' ')) {
                /* a full name for an entity known by one word: upgrade */
                ent_local *e = &out->e[ei];
                char *nm = dup_n(text + a, b - a), *k2 = dup_n(key, strlen(key));
                if (!nm || !k2) { free(nm); free(k2); goto done; }
                free(e->name);
                free(e->key);
                e->name = nm;
                e->key = k2;
            } else if (ei >= 0 && b - a > strlen(out->e[ei].name) && strchr(key, ' ')) {
                char *nm = dup_n(text + a, b - a);   /* the longest written form */
                if (!nm) goto done;
                free(out->e[ei].name);
                out->e[ei].name = nm;
            }
            if (ei < 0 && (ei = new_local(out, ENT_PER, text + a, b - a, key, NULL, a)) < 0) goto done;
            if (g && !out->e[ei].gender) out->e[ei].gender = g;
        } else {
            ent_type type = type0;
            const char *name = text + a;
            size_t nn = b - a;
            if (gc && (gk == GEO_COUNTRY || gk == GEO_DEMONYM)) {
                snprintf(key, sizeof(key), "geo:%s", gc->code);
                type = ENT_LOC;
                name = gc->name;
                nn = strlen(name);
            } else {
                if (nn > 4 && (memcmp(name, "the ", 4) == 0 || memcmp(name, "The ", 4) == 0)) {
                    name += 4;
                    nn -= 4;
                }
                if (!ent_name_key(name, nn, key, sizeof(key))) continue;
            }
            m.geo = gk;
            m.type = type;
            ei = -1;
            for (size_t j = 0; j < out->ne && ei < 0; j++)
                if (out->e[j].type == type && strcmp(out->e[j].key, key) == 0) ei = (long)j;
            if (ei < 0 && (ei = new_local(out, type, name, nn, key, gc, a)) < 0) goto done;
        }
        ent_local *e = &out->e[ei];
        e->mentions++;
        last[ei] = i + 1;
        if (r.role_b) {
            m.role_start = r.role_a;
            m.role_end = r.role_b;
            if (offer_role(e, text, r.role_a, r.role_b) != TL_OK) goto done;
        }
        if (r.country && !e->country) e->country = r.country;
        if (r.aff_b && !e->affiliation && !(e->affiliation = dup_n(text + r.aff_a, r.aff_b - r.aff_a)))
            goto done;
        m.entity = (uint32_t)ei;
        if (push_mention(out, &m) != TL_OK) goto done;
    }
    rc = TL_OK;
done:
    if (rc != TL_OK) ent_doc_free(out);
    free(surnames);
    free(span_tok);
    free(span_end);
    free(last);
    tok_list_free(&tl);
    return rc;
}
