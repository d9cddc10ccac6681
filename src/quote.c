/* quote.c -- direct and indirect quotes with speaker attribution (see
 * quote.h, docs/quotes.md).
 *
 * One pass over the tokens of the article pairs the quote marks of each
 * paragraph; each direct quote then looks for its cue verb after the
 * closing mark ("…,” X said") or before the opening one ("X said: “…”",
 * partial quotes), and a quote without a cue continues the one before it.
 * A second pass over each sentence, outside quote marks, finds reported
 * speech ("X said that …", "…, X said.", "according to X, …"). Speakers
 * are the noun phrase next to the cue, resolved through the ent_doc.
 * Everything is a few small word lists; no model.
 */
#include "quote.h"
#include "geo.h"
#include "sent.h"
#include "tok.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define QW 48          /* longest folded word looked at */
#define NP_MAX 10      /* longest speaker phrase, in tokens */

/* ------------------------------------------------------------------------
 * Word lists
 * ---------------------------------------------------------------------- */

/* Cue verbs: D usable with a direct quote, I introduces reported speech
 * (takes a clause: "said that …"). */
#define CUE_D 1
#define CUE_I 2
typedef struct { const char *w; int f; } cue_word;
static const cue_word CUES[] = {
    {"said", 3}, {"says", 3}, {"say", 3}, {"told", 3}, {"tells", 3}, {"tell", 3},
    {"wrote", 3}, {"writes", 3}, {"added", 3}, {"adds", 3}, {"stated", 3}, {"states", 3},
    {"explained", 3}, {"explains", 3}, {"noted", 3}, {"notes", 3}, {"argued", 3}, {"argues", 3},
    {"claimed", 3}, {"claims", 3}, {"insisted", 3}, {"insists", 3}, {"warned", 3},
    {"warns", 3}, {"announced", 3}, {"declared", 3}, {"replied", 3}, {"responded", 1},
    {"continued", 1}, {"recalled", 3}, {"acknowledged", 3}, {"admitted", 3}, {"tweeted", 3},
    {"posted", 1}, {"suggested", 3}, {"suggests", 3}, {"asked", 1}, {"asks", 1},
    {"reported", 3}, {"reports", 3}, {"predicted", 3}, {"promised", 3}, {"confirmed", 3},
    {"denied", 1}, {"complained", 3}, {"conceded", 3}, {"emphasized", 3}, {"stressed", 3},
    {"countered", 3}, {"joked", 1}, {"quipped", 1}, {"remarked", 3}, {"observed", 3},
    {"testified", 3}, {"shouted", 1}, {"described", 1}, {"called", 1}, {"believes", 2},
    {"believed", 2}, {"thinks", 2}, {"contended", 3}, {"alleged", 3}, {"vowed", 3},
    {"pledged", 3}, {"agreed", 3}, {"wrote", 3}, {"explained", 3}, {"assured", 3},
    {"boasted", 3}, {"lauded", 1}, {"praised", 1}, {"dubbed", 1}, {"labeled", 1},
    {"branded", 1}, {"denounced", 1}, {"slammed", 1}, {"blasted", 1}, {"mocked", 1},
    {"echoed", 1}, {"saying", 3}, {"adding", 3}, {"arguing", 3}, {"noting", 3},
    {"writing", 1}, {"telling", 3}, {"explaining", 3}, {"insisting", 3}, {"warning", 3}, {"charged", 3}, {"maintained", 3}, {"asserted", 3}, {"cautioned", 3},
};

/* Words a speaker phrase does not run across. */
static const char *const NP_STOP[] = {
    "that", "and", "but", "which", "who", "whom", "whose", "when", "where", "while", "as",
    "because", "if", "so", "since", "after", "before", "then", "than", "or", "nor", "yet",
    "although", "though", "to", "on", "in", "at", "for", "with", "from", "by", "during",
    "into", "about", "over", "under", "against", "between", "through", "not", "what", "how",
    "why", "there", "it's", "also", "later", "according", "is", "are", "was", "were", "be",
    "this", "these", "those", "its", "their", "our", "your", "my", "we", "you", "i", "it",
    "they", "them", "us", "him", "her", "his", "has", "have", "had", "would", "will", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "just", "even", "only",
    "once", "now", "today", "yesterday", "here", "all",
};

/* Auxiliaries and adverbs between a subject and its cue: "has said",
 * "also noted", "later wrote". */
static const char *const AUX[] = {
    "has", "have", "had", "was", "is", "also", "later", "then", "previously", "again",
    "repeatedly", "recently", "once", "would", "will", "could", "may", "might", "did", "does",
    "do", "reportedly", "publicly", "privately", "never", "just", "already", "often", "has",
    "further", "simply", "flatly", "openly", "quickly", "initially", "first", "earlier",
};

/* Words that make a prepositional phrase a channel ("on Truth Social",
 * "in a statement"); a phrase without one ("on Monday") is not. */
static const char *const CHANNEL[] = {
    "social", "media", "post", "statement", "interview", "twitter", "truth", "facebook",
    "telegram", "instagram", "tweet", "television", "tv", "radio", "broadcast", "press",
    "conference", "briefing", "speech", "rally", "letter", "email", "op-ed", "article",
    "podcast", "show", "channel", "message", "video", "blog", "website", "memo", "call",
    "appearance", "remarks", "news", "cnn", "fox", "msnbc", "nbc", "abc", "cbs", "bbc", "x",
    "sunday", "debate", "hearing", "tweets", "posts", "account", "release", "book", "op",
};

static const char *const CHAN_PREP[] = {"on", "in", "via", "during", "at", "through", "to"};

/* Abbreviations written with a period inside a speaker phrase. */
static const char *const ABBR[] = {"dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
                                   "adm", "maj", "prof", "st", "rev", "hon", "pres", "jr", "sr",
                                   "cmdr", "atty", "supt", "insp"};

static const char *const TITLES_M[] = {"mr", "sir", "lord"};
static const char *const TITLES_F[] = {"mrs", "ms", "miss", "madam", "dame", "lady"};

static int in_list(const char *const *l, size_t n, const char *w) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i], w) == 0) return 1;
    return 0;
}
#define IN(list, w) in_list(list, sizeof(list) / sizeof(list[0]), w)

static int cue_flags(const char *w) {
    for (size_t i = 0; i < sizeof(CUES) / sizeof(CUES[0]); i++)
        if (strcmp(CUES[i].w, w) == 0) return CUES[i].f;
    return 0;
}

/* ------------------------------------------------------------------------
 * Context: tokens, sentences, paragraphs, marks
 * ---------------------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t len;
    const ent_doc *d;
    tok_list t;
    sent_list ss;
    uint32_t *sent_of;    /* token -> sentence index */
    uint32_t *para_of;    /* token -> paragraph index */
    uint8_t *inq;         /* token -> 1 inside a direct quote (marks included) */
    uint8_t *used;        /* token -> 1 already a cue or speaker */
    char (*fw)[QW];       /* token -> folded word ("" for long words) */
    int8_t *gender;       /* entity -> 0 unknown, 1 male, 2 female */
    quo_list *out;
} qctx;

/* Free everything the context owns (not out, not d). */
static void ctx_free(qctx *c) {
    tok_list_free(&c->t);
    sent_list_free(&c->ss);
    free(c->sent_of);
    free(c->para_of);
    free(c->inq);
    free(c->used);
    free(c->fw);
    free(c->gender);
}

static int tok_eq(const qctx *c, size_t i, const char *w) {
    return strcmp(c->fw[i], w) == 0;
}

/* Is token i a word (letters or digits)? */
static int is_word(const qctx *c, size_t i) {
    return (c->t.v[i].flags & (TOK_WORD | TOK_NUM)) != 0;
}

static int is_stop_punct_raw(const qctx *c, size_t i) {
    return (c->t.v[i].flags & TOK_PUNCT) && !(c->t.v[i].flags & TOK_POSS);
}

/* Cue flags of token i; a capitalized word inside a sentence is a name
 * ("the United States", "Says Who"), not a cue. */
static int tok_cue(const qctx *c, size_t i) {
    if ((c->t.v[i].flags & TOK_CAP) && i > 0 && c->sent_of[i - 1] == c->sent_of[i] &&
        !is_stop_punct_raw(c, i - 1))
        return 0;
    return cue_flags(c->fw[i]);
}

/* Raw bytes of token i equal lit? */
static int tok_raw(const qctx *c, size_t i, const char *lit) {
    size_t n = strlen(lit);
    return c->t.v[i].end - c->t.v[i].start == n && memcmp(c->s + c->t.v[i].start, lit, n) == 0;
}

static int is_open_dq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x9c"); }
static int is_close_dq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x9d"); }
/* A straight double quote, or two apostrophes standing for one ('' in
 * some newspaper archives); returns the width in tokens, 0 if neither. */
static int straight_w(const qctx *c, size_t i) {
    if (tok_raw(c, i, "\"")) return 1;
    if (tok_raw(c, i, "'") && i + 1 < c->t.n && tok_raw(c, i + 1, "'") &&
        c->t.v[i + 1].start == c->t.v[i].end)
        return 2;
    return 0;
}
static int is_straight(const qctx *c, size_t i) { return straight_w(c, i) > 0; }
static int is_open_sq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x98"); }
static int is_close_sq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x99"); }
static int is_qmark(const qctx *c, size_t i) {
    return is_open_dq(c, i) || is_close_dq(c, i) || is_straight(c, i) || is_open_sq(c, i) ||
           is_close_sq(c, i) || tok_raw(c, i, "'");
}

/* Punctuation that ends a speaker phrase or a clause. */
static int is_stop_punct(const qctx *c, size_t i) {
    return (c->t.v[i].flags & TOK_PUNCT) && !(c->t.v[i].flags & TOK_POSS);
}

static int ctx_init(qctx *c, const char *s, size_t len, const ent_doc *d, quo_list *out) {
    memset(c, 0, sizeof(*c));
    c->s = s;
    c->len = len;
    c->d = d;
    c->out = out;
    int rc = tok_text(s, len, &c->t);
    if (rc == TL_OK) rc = sent_split(s, len, &c->ss);
    if (rc != TL_OK) return rc;
    size_t n = c->t.n ? c->t.n : 1;
    c->sent_of = malloc(n * sizeof(uint32_t));
    c->para_of = malloc(n * sizeof(uint32_t));
    c->inq = calloc(n, 1);
    c->used = calloc(n, 1);
    c->fw = malloc(n * sizeof(*c->fw));
    c->gender = calloc(d && d->ne ? d->ne : 1, 1);
    if (!c->sent_of || !c->para_of || !c->inq || !c->used || !c->fw || !c->gender)
        return TL_ENOMEM;
    size_t si = 0, para = 0, prev_end = 0;
    for (size_t i = 0; i < c->t.n; i++) {
        const tok_t *t = &c->t.v[i];
        for (size_t b = prev_end; b < t->start; b++)
            if (s[b] == '\n') { para++; break; }
        prev_end = t->end;
        while (si + 1 < c->ss.n && c->ss.v[si].end <= t->start) si++;
        c->sent_of[i] = (uint32_t)si;
        c->para_of[i] = (uint32_t)para;
        if (ent_fold_word(s + t->start, t->end - t->start, c->fw[i], QW) == 0) c->fw[i][0] = 0;
    }
    return TL_OK;
}

/* Token index of the first token starting at or after byte off. */
static size_t tok_at(const qctx *c, size_t off) {
    size_t lo = 0, hi = c->t.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->t.v[mid].start < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* ------------------------------------------------------------------------
 * Entities: gender cues and resolution of a speaker phrase
 * ---------------------------------------------------------------------- */

/* Gender from a title written before any mention: "Mr. Trump", "Ms Lee". */
static void find_genders(qctx *c) {
    if (!c->d) return;
    for (size_t k = 0; k < c->d->nm; k++) {
        const ent_mention *m = &c->d->m[k];
        if (m->type != ENT_PER) continue;
        size_t i = tok_at(c, m->start);
        if (i >= c->t.n) continue;
        /* the title may be inside the mention or just before it */
        for (size_t j = i >= 2 ? i - 2 : 0; j <= i + 1 && j < c->t.n; j++) {
            if (IN(TITLES_M, c->fw[j])) c->gender[m->entity] = 1;
            else if (IN(TITLES_F, c->fw[j])) c->gender[m->entity] = 2;
        }
    }
}

/* The entity named in bytes [a, b): the last person mention in it, else
 * the last mention of any type. -1 when none. */
static long entity_in(const qctx *c, size_t a, size_t b) {
    if (!c->d) return -1;
    long per = -1, any = -1;
    for (size_t k = 0; k < c->d->nm; k++) {
        const ent_mention *m = &c->d->m[k];
        if (m->end <= a || m->start >= b) continue;
        if (m->type == ENT_PER) per = m->entity;
        else if (m->geo == GEO_NONE || m->geo == GEO_SEAT) any = m->entity;
    }
    return per >= 0 ? per : any;
}

/* Is [a, b) a demonym / country only (no name of its own)? */
static int only_geo(const qctx *c, size_t a, size_t b) {
    if (!c->d) return 0;
    int geo = 0;
    for (size_t k = 0; k < c->d->nm; k++) {
        const ent_mention *m = &c->d->m[k];
        if (m->end <= a || m->start >= b) continue;
        if (m->geo == GEO_NONE || m->geo == GEO_SEAT || m->type == ENT_PER) return 0;
        geo = 1;
    }
    return geo;
}

/* A person for a pronoun of gender g (1 he, 2 she) at token i: the last
 * earlier speaker of this or the previous paragraph whose gender is g,
 * then the last person mentioned before i outside quote marks (this
 * paragraph first, then earlier); a person of unknown gender is taken
 * when none of gender g is found (docs/quotes.md, "pronouns"). */
static long resolve_pronoun(const qctx *c, size_t i, int g) {
    if (!c->d) return -1;
    uint32_t para = c->para_of[i];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t q = c->out->n; q-- > 0;) {
            const quo_quote *x = &c->out->v[q];
            if (x->entity < 0 || x->spk_end == 0) continue;
            size_t ti = tok_at(c, x->spk_start);
            if (ti >= c->t.n || c->para_of[ti] + 1 < para) break;
            if (ti >= i) continue;
            const ent_local *e = &c->d->e[x->entity];
            if (e->type == ENT_PER && c->gender[x->entity] == (pass ? 0 : g)) return x->entity;
        }
        for (int scope = 0; scope < 2; scope++) {
            for (size_t k = c->d->nm; k-- > 0;) {
                const ent_mention *m = &c->d->m[k];
                if (m->start >= c->t.v[i].start || m->type != ENT_PER) continue;
                size_t ti = tok_at(c, m->start);
                if (ti < c->t.n && c->inq[ti]) continue;
                if (scope == 0 && ti < c->t.n && c->para_of[ti] != para) break;
                if (c->gender[m->entity] == (pass ? 0 : g)) return m->entity;
            }
        }
    }
    return -1;
}

/* A title-only phrase ("the Ukrainian leader", "the Russian president")
 * over tokens [a, b): the person whose role has the phrase's role word
 * ("leader" and "official" take any role) and whose country is the
 * phrase's country, when it names one; the most recently mentioned wins. */
static long resolve_title(const qctx *c, size_t a, size_t b) {
    if (!c->d) return -1;
    const char *roleword = NULL;
    const geo_country *ctry = NULL;
    for (size_t i = a; i < b; i++) {
        if (!is_word(c, i)) continue;
        if (ent_is_role_word(c->fw[i])) roleword = c->fw[i];
        geo_hit h;
        if (geo_lookup(c->s + c->t.v[i].start, c->t.v[i].end - c->t.v[i].start, &h))
            ctry = h.country;
        else if (c->t.v[i].flags & TOK_CAP && i > a) return -1;   /* a name: not title-only */
    }
    if (!roleword) return -1;
    int generic = !strcmp(roleword, "leader") || !strcmp(roleword, "official");
    long best = -1;
    size_t best_at = 0;
    size_t before = c->t.v[a].start;
    for (size_t k = 0; k < c->d->nm; k++) {
        const ent_mention *m = &c->d->m[k];
        if (m->type != ENT_PER || m->start >= before) continue;
        const ent_local *e = &c->d->e[m->entity];
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

/* Resolve the speaker phrase over tokens [a, b). */
static long resolve(const qctx *c, size_t a, size_t b) {
    if (a >= b) return -1;
    size_t sa = c->t.v[a].start, sb = c->t.v[b - 1].end;
    if (b - a == 1 && (tok_eq(c, a, "he") || tok_eq(c, a, "she")))
        return resolve_pronoun(c, a, tok_eq(c, a, "he") ? 1 : 2);
    if (!only_geo(c, sa, sb)) {
        long e = entity_in(c, sa, sb);
        if (e >= 0) return e;
    }
    return resolve_title(c, a, b);
}

/* ------------------------------------------------------------------------
 * Phrases around a cue
 * ---------------------------------------------------------------------- */

/* Can token i be part of a speaker phrase? Words not in NP_STOP (or a
 * pronoun he/she standing alone, checked by the caller), possessives, and
 * the period of a title abbreviation ("Mr."). */
static int np_tok(const qctx *c, size_t i) {
    if (c->inq[i]) return 0;
    if (c->t.v[i].flags & TOK_POSS) return 1;
    if (is_word(c, i)) return !IN(NP_STOP, c->fw[i]) && !tok_cue(c, i);
    if (tok_raw(c, i, ".") && i > 0 && c->t.v[i - 1].end == c->t.v[i].start &&
        (IN(TITLES_M, c->fw[i - 1]) || IN(TITLES_F, c->fw[i - 1]) || IN(ABBR, c->fw[i - 1]) ||
         ((c->t.v[i - 1].flags & TOK_CAP) && c->t.v[i - 1].end - c->t.v[i - 1].start == 1)))
        return 1;   /* "Mr.", "Lt. Gen.", the initial in "Joseph R. Biden" */
    return 0;
}

static int is_pronoun(const qctx *c, size_t i) {
    return tok_eq(c, i, "he") || tok_eq(c, i, "she") || tok_eq(c, i, "they") ||
           tok_eq(c, i, "i") || tok_eq(c, i, "we") || tok_eq(c, i, "it");
}

/* Subject before the cue at k, within [lo, k): *a..*b tokens. Skips the
 * auxiliaries between them. Returns 0 when there is none. */
static int np_before(const qctx *c, size_t lo, size_t k, size_t *a, size_t *b) {
    size_t j = k;
    while (j > lo && is_word(c, j - 1) && IN(AUX, c->fw[j - 1]) && k - j < 3) j--;
    if (j > lo && is_pronoun(c, j - 1)) { *a = j - 1; *b = j; return 1; }
    size_t e = j;
    while (j > lo && e - j < NP_MAX && np_tok(c, j - 1) && c->para_of[j - 1] == c->para_of[k]) j--;
    if (j == e) return 0;
    while (j < e && (c->t.v[j].flags & TOK_POSS)) j++;
    if (j == e) return 0;
    *a = j;
    *b = e;
    return 1;
}

/* Speaker after the cue at k ("said X"), up to hi: *a..*b. */
static int np_after(const qctx *c, size_t k, size_t hi, size_t *a, size_t *b) {
    size_t j = k + 1;
    if (j < hi && is_pronoun(c, j)) { *a = j; *b = j + 1; return 1; }
    while (j < hi && j - k - 1 < NP_MAX && np_tok(c, j) && c->sent_of[j] == c->sent_of[k]) j++;
    if (j == k + 1) return 0;
    *a = k + 1;
    *b = j;
    return 1;
}

/* The object of "told" at k ("told reporters", "told Tass"): like
 * np_after, but a determiner after the first word starts the reported
 * clause ("told reporters the coalition was ready"). */
static int obj_after(const qctx *c, size_t k, size_t hi, size_t *a, size_t *b) {
    if (!np_after(c, k, hi, a, b)) return 0;
    for (size_t j = *a + 1; j < *b; j++)
        if (tok_eq(c, j, "the") || tok_eq(c, j, "a") || tok_eq(c, j, "an")) { *b = j; break; }
    return 1;
}

/* A channel phrase starting at token j (up to hi): a preposition, then
 * words up to punctuation, with a channel word in it. Returns its end
 * token (exclusive) or j when there is none. */
static size_t channel_at(const qctx *c, size_t j, size_t hi) {
    if (j >= hi || !IN(CHAN_PREP, c->fw[j])) return j;
    size_t e = j + 1;
    int hit = 0;
    while (e < hi && e - j < 10 && (is_word(c, e) || (c->t.v[e].flags & TOK_POSS) ||
                                    tok_raw(c, e, "-")) && !tok_eq(c, e, "that")) {
        if (IN(CHANNEL, c->fw[e])) hit = 1;
        e++;
    }
    return hit ? e : j;
}

/* "X, an aide to Y, said": the cue at k follows a comma; the subject is
 * the phrase before the previous comma (within 25 tokens, no quote mark
 * between). *a: its first token, *name_end: the comma after it. */
static int appos_before(const qctx *c, size_t lo, size_t k, size_t *a, size_t *name_end) {
    if (k < lo + 3 || !tok_raw(c, k - 1, ",")) return 0;
    size_t p = k - 1;
    while (p > lo && k - p < 25 && !tok_raw(c, p - 1, ",") && !c->inq[p - 1] &&
           !is_qmark(c, p - 1))
        p--;
    size_t b;
    if (p <= lo + 1 || !tok_raw(c, p - 1, ",") || !np_before(c, lo, p - 1, a, &b)) return 0;
    if (b != p - 1 || is_pronoun(c, *a)) return 0;
    *name_end = p - 1;
    return 1;
}

/* ------------------------------------------------------------------------
 * Emitting
 * ---------------------------------------------------------------------- */

static int push(qctx *c, const quo_quote *q) {
    quo_list *l = c->out;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        quo_quote *v = realloc(l->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *q;
    return TL_OK;
}

/* Fill speaker, entity and cue of q from tokens. */
static void set_speaker(qctx *c, quo_quote *q, size_t a, size_t b, size_t k, size_t kend) {
    q->spk_start = c->t.v[a].start;
    q->spk_end = c->t.v[b - 1].end;
    q->cue_start = c->t.v[k].start;
    q->cue_end = c->t.v[kend - 1].end;
    q->entity = resolve(c, a, b);
    for (size_t i = a; i < b; i++) c->used[i] = 1;
    for (size_t i = k; i < kend; i++) c->used[i] = 1;
}

static void set_sents(const qctx *c, quo_quote *q, size_t ta, size_t tb) {
    if (!c->ss.n) return;
    uint32_t s0 = c->sent_of[ta], s1 = c->sent_of[tb];
    q->sent_start = c->ss.v[s0].start;
    q->sent_end = c->ss.v[s1].end;
}

/* ------------------------------------------------------------------------
 * Direct quotes
 * ---------------------------------------------------------------------- */

/* "“…,” X said" / "“…,” said X" after the closing mark qc. */
static int attrib_after(qctx *c, size_t qc, quo_quote *q) {
    size_t j = qc + 1, n = c->t.n;
    if (j < n && tok_raw(c, j, ",")) j++;
    if (j >= n || c->para_of[j] != c->para_of[qc] || c->inq[j]) return 0;
    size_t a, b, hi = n, k = j;
    /* "”― Karen Bobadilla": a dash and a name, the dash is the cue */
    if (tok_raw(c, j, "\xe2\x80\x95") || tok_raw(c, j, "\xe2\x80\x94") ||
        tok_raw(c, j, "\xe2\x80\x93")) {
        if (!np_after(c, j, hi, &a, &b) || !(c->t.v[a].flags & TOK_CAP)) return 0;
        set_speaker(c, q, a, b, j, j + 1);
        return 1;
    }
    /* "said X" */
    if (tok_cue(c, j) & CUE_D) {
        if (!np_after(c, j, hi, &a, &b)) return 0;
        set_speaker(c, q, a, b, j, j + 1);
        size_t ch = channel_at(c, b, hi);
        if (ch > b) { q->chan_start = c->t.v[b].start; q->chan_end = c->t.v[ch - 1].end; }
        return 1;
    }
    /* "X said", "X, an economist, said" */
    while (k < n && k - j < NP_MAX + 3 && np_tok(c, k)) k++;
    size_t name_end = k;
    if (k < n && k > j && tok_raw(c, k, "(")) {   /* "Rep. John Mica (R-Fla.) said" */
        size_t p = k + 1;
        while (p < n && p - k < 8 && !tok_raw(c, p, ")") && !c->inq[p]) p++;
        if (p + 1 < n && tok_raw(c, p, ")") && (tok_cue(c, p + 1) & CUE_D)) k = p + 1;
    }
    if (k < n && k > j && tok_raw(c, k, ",")) {   /* apposition up to the next comma */
        size_t p = k + 1;
        while (p < n && p - k < 25 && !tok_raw(c, p, ",") && !c->inq[p] && !is_qmark(c, p) &&
               !tok_raw(c, p, ".") && c->sent_of[p] == c->sent_of[j])
            p++;
        if (p + 1 < n && tok_raw(c, p, ",") && (tok_cue(c, p + 1) & CUE_D)) k = p + 1;
    }
    if (k >= n || !(tok_cue(c, k) & CUE_D) || c->sent_of[k] != c->sent_of[j]) return 0;
    if (name_end < k) {
        set_speaker(c, q, j, k - 1, k, k + 1);
        q->entity = resolve(c, j, name_end);
    } else {
        if (!np_before(c, j, k, &a, &b) || a != j) return 0;
        set_speaker(c, q, a, b, k, k + 1);
    }
    size_t after = k + 1;
    if ((tok_eq(c, k, "told") || tok_eq(c, k, "tells")) && obj_after(c, k, n, &a, &b)) {
        q->chan_start = c->t.v[k].start;
        q->chan_end = c->t.v[b - 1].end;
        return 1;
    }
    size_t ch = channel_at(c, after, n);
    if (ch > after) { q->chan_start = c->t.v[after].start; q->chan_end = c->t.v[ch - 1].end; }
    return 1;
}

/* "X said: “…”", "X wrote on social media: “…”", "He added, “…”" and the
 * partial quote "X described it as “…”": the nearest cue before the
 * opening mark qo in its sentence, and its subject. */
static int attrib_before(qctx *c, size_t qo, quo_quote *q) {
    if (qo == 0) return 0;
    size_t lo = qo;
    while (lo > 0 && c->sent_of[lo - 1] == c->sent_of[qo] && qo - lo < 40) lo--;
    for (size_t k = qo; k-- > lo;) {
        if (c->inq[k]) break;
        if (!(tok_cue(c, k) & CUE_D) || c->used[k]) continue;
        size_t a, b, name_end;
        if (appos_before(c, lo, k, &a, &name_end)) {
            set_speaker(c, q, a, k - 1, k, k + 1);
            q->entity = resolve(c, a, name_end);
        } else if (np_before(c, lo, k, &a, &b)) {
            set_speaker(c, q, a, b, k, k + 1);
        } else {
            return 0;   /* "Said X: “…”" is rare; give up on this cue */
        }
        /* channel: "told reporters", "on social media" */
        size_t a2, b2;
        if ((tok_eq(c, k, "told") || tok_eq(c, k, "tells")) && obj_after(c, k, qo, &a2, &b2)) {
            q->chan_start = c->t.v[k].start;
            q->chan_end = c->t.v[b2 - 1].end;
        } else {
            size_t ch = channel_at(c, k + 1, qo);
            if (ch > k + 1) { q->chan_start = c->t.v[k + 1].start; q->chan_end = c->t.v[ch - 1].end; }
        }
        return 1;
    }
    return 0;
}

/* One pair of marks: opening mark at qo, content tokens [ca, cb), closing
 * mark at qc (its last token at qe) unless open_end. */
typedef struct { size_t qo, ca, cb, qc, qe; int open_end; } qspan;

/* Pair the quote marks of the text: “…” (nested marks inside are content),
 * "…" toggling, ‘…’ when it opens before a word. A quote still open at the
 * end of its paragraph ends there. */
static int pair_marks(qctx *c, qspan **out, size_t *nout) {
    size_t n = c->t.n, cap = 0, nq = 0;
    qspan *v = NULL;
    size_t open = SIZE_MAX, ca = 0;
    int kind = 0;   /* 1 curly double, 2 straight, 3 single curly */
    for (size_t i = 0; i <= n; i++) {
        int para_end = i == n || (open != SIZE_MAX && c->para_of[i] != c->para_of[open]);
        int close = 0;
        if (open != SIZE_MAX && !para_end) {
            close = (kind == 1 && is_close_dq(c, i)) || (kind == 2 && is_straight(c, i)) ||
                    (kind == 3 && is_close_sq(c, i) && !(i + 1 < n && is_word(c, i + 1) &&
                                                           c->t.v[i + 1].start == c->t.v[i].end));
        }
        if (open != SIZE_MAX && (close || para_end)) {
            if (nq == cap) {
                cap = cap ? cap * 2 : 16;
                qspan *nv = realloc(v, cap * sizeof(*nv));
                if (!nv) { free(v); return TL_ENOMEM; }
                v = nv;
            }
            qspan *x = &v[nq++];
            x->qo = open;
            x->ca = ca;
            x->cb = i;
            x->qc = close ? i : i - 1;
            x->qe = close && kind == 2 ? i + (size_t)straight_w(c, i) - 1 : x->qc;
            x->open_end = !close;
            for (size_t j = open; j <= x->qe; j++) c->inq[j] = 1;
            open = SIZE_MAX;
            if (close) { i = x->qe; continue; }
        }
        if (i == n) break;
        if (open == SIZE_MAX) {
            if (is_open_dq(c, i)) { open = i; kind = 1; ca = i + 1; }
            else if (is_straight(c, i)) { open = i; kind = 2; ca = i + (size_t)straight_w(c, i); i = ca - 1; }
            else if (is_open_sq(c, i) && i + 1 < n && is_word(c, i + 1)) { open = i; kind = 3; ca = i + 1; }
        }
    }
    *out = v;
    *nout = nq;
    return TL_OK;
}

static int direct_quotes(qctx *c) {
    qspan *v = NULL;
    size_t nq = 0;
    int rc = pair_marks(c, &v, &nq);
    if (rc != TL_OK) return rc;
    long prev = -1;   /* index in out of the previous direct quote */
    for (size_t i = 0; i < nq && rc == TL_OK; i++) {
        size_t qo = v[i].qo, qc = v[i].qc, qe = v[i].qe;
        size_t ca = v[i].ca, cb = v[i].cb;   /* content tokens [ca, cb) */
        if (cb <= ca) continue;
        size_t words = 0;
        for (size_t j = ca; j < cb; j++) words += is_word(c, j);
        if (!words) continue;
        quo_quote q = {0};
        q.kind = QUO_DIRECT;
        q.entity = -1;
        q.start = c->t.v[ca].start;
        q.end = c->t.v[cb - 1].end;
        /* a trailing comma inside the marks is punctuation of the frame */
        while (cb - 1 > ca && (tok_raw(c, cb - 1, ",") || is_qmark(c, cb - 1))) {
            cb--;
            q.end = c->t.v[cb - 1].end;
        }
        int comma_in = qc > 0 && (tok_raw(c, qc - 1, ",") || tok_raw(c, qc - 1, "?") ||
                                  tok_raw(c, qc - 1, "!"));
        int found = 0;
        if (!v[i].open_end && comma_in) found = attrib_after(c, qe, &q);
        if (!found) found = attrib_before(c, qo, &q);
        if (!found && !v[i].open_end) found = attrib_after(c, qe, &q);
        if (!found && prev >= 0) {
            /* continuation of the previous quote: same paragraph, or the
             * previous paragraph left its quote open */
            const quo_quote *p = &c->out->v[prev];
            size_t pt = tok_at(c, p->start);
            int same = pt < c->t.n && c->para_of[pt] == c->para_of[qo];
            int cont = pt < c->t.n && c->para_of[pt] + 1 == c->para_of[qo] && i > 0 &&
                       v[i - 1].open_end;
            if ((same || cont) && p->spk_end) {
                q.spk_start = p->spk_start;
                q.spk_end = p->spk_end;
                q.entity = p->entity;
                q.chan_start = p->chan_start;
                q.chan_end = p->chan_end;
                found = 1;
            }
        }
        if (!found && words < 4) continue;   /* a scare quote, a title */
        set_sents(c, &q, ca, cb - 1);
        rc = push(c, &q);
        prev = (long)c->out->n - 1;
    }
    free(v);
    return rc;
}

/* ------------------------------------------------------------------------
 * Indirect quotes (reported speech)
 * ---------------------------------------------------------------------- */

/* Last token of sentence si before its final punctuation and closing
 * marks. */
static size_t sent_last(const qctx *c, size_t first, size_t end) {
    size_t e = end;
    while (e > first && is_stop_punct(c, e - 1)) e--;
    return e;
}

static int emit_indirect(qctx *c, size_t ca, size_t cb, size_t a, size_t b, size_t k,
                         size_t kend) {
    if (cb <= ca) return TL_OK;
    size_t words = 0;
    for (size_t j = ca; j < cb; j++) {
        if (c->inq[j]) return TL_OK;   /* a direct quote already */
        words += is_word(c, j);
    }
    if (words < 3) return TL_OK;
    quo_quote q = {0};
    q.kind = QUO_INDIRECT;
    q.entity = -1;
    q.start = c->t.v[ca].start;
    q.end = c->t.v[cb - 1].end;
    set_speaker(c, &q, a, b, k, kend);
    set_sents(c, &q, ca, cb - 1);
    return push(c, &q);
}

/* Is token i a word of time that may follow a cue ("said on Monday")? */
static int time_word(const qctx *c, size_t i) {
    static const char *const W[] = {"on", "monday", "tuesday", "wednesday", "thursday", "friday",
                                    "saturday", "sunday", "yesterday", "today", "recently",
                                    "later", "last", "week", "morning", "evening", "night",
                                    "afternoon", "tonight", "earlier", "also", "this", "again"};
    return is_word(c, i) && IN(W, c->fw[i]);
}

/* After the cue at k: "told OBJECT", a channel, then a clause (the content)
 * in [*ca, last). Returns 0 when no clause follows. *chs..*che: channel
 * tokens (equal when none). */
static int clause_after(const qctx *c, size_t k, size_t last, size_t *ca, size_t *chs,
                        size_t *che) {
    size_t j = k + 1, a2, b2;
    *chs = *che = 0;
    if ((tok_eq(c, k, "told") || tok_eq(c, k, "tells") || tok_eq(c, k, "tell")) &&
        obj_after(c, k, last, &a2, &b2)) {
        *chs = k;
        *che = b2;
        j = b2;
    }
    size_t ch = channel_at(c, j, last);
    if (ch > j) { *chs = j; *che = ch; j = ch; }
    while (j < last && time_word(c, j) && j + 1 < last && !tok_eq(c, j + 1, "that") &&
           (time_word(c, j + 1) || j > k + 1 || tok_eq(c, j, "on")))
        j++;
    if (j >= last || !is_word(c, j) || c->inq[j]) return 0;
    if (IN(NP_STOP, c->fw[j]) && !tok_eq(c, j, "that") && !is_pronoun(c, j) &&
        !tok_eq(c, j, "there") && !tok_eq(c, j, "it's") && !tok_eq(c, j, "his") &&
        !tok_eq(c, j, "her") && !tok_eq(c, j, "their") && !tok_eq(c, j, "this") &&
        !tok_eq(c, j, "its") && !tok_eq(c, j, "if") && !tok_eq(c, j, "all"))
        return 0;
    *ca = j;
    return 1;
}

/* Emit an indirect quote with a channel (chs..che tokens, none if equal). */
static int emit_with_channel(qctx *c, size_t ca, size_t cb, size_t a, size_t b, size_t k,
                             size_t kend, size_t chs, size_t che) {
    size_t before = c->out->n;
    int rc = emit_indirect(c, ca, cb, a, b, k, kend);
    if (rc == TL_OK && c->out->n > before && che > chs) {
        c->out->v[c->out->n - 1].chan_start = c->t.v[chs].start;
        c->out->v[c->out->n - 1].chan_end = c->t.v[che - 1].end;
    }
    return rc;
}

/* Does a phrase starting at token a look like an inverted speaker ("said
 * Dmitry Peskov", "said the official") rather than a clause? */
static int speaker_like(const qctx *c, size_t a) {
    static const char *const DET[] = {"the", "a", "an", "another", "one", "two", "three",
                                      "several", "many", "some", "both"};
    return (c->t.v[a].flags & TOK_CAP) || IN(DET, c->fw[a]) || is_pronoun(c, a);
}

/* Can a subject start at token a of a sentence starting at f? */
static int subject_start(const qctx *c, size_t f, size_t a) {
    return a == f || tok_raw(c, a - 1, ",") || is_qmark(c, a - 1) || tok_eq(c, a - 1, "but") ||
           tok_eq(c, a - 1, "and") || tok_raw(c, a - 1, "—") || tok_raw(c, a - 1, ":");
}

/* One sentence: tokens [f, e). At most one reported statement. */
static int indirect_sentence(qctx *c, size_t f, size_t e) {
    size_t last = sent_last(c, f, e);
    if (last <= f) return TL_OK;
    size_t before = c->out->n;
    for (size_t k = f; k < last && c->out->n == before; k++) {
        if (c->inq[k] || c->used[k]) continue;
        /* according to X, … / …, according to X. */
        if (tok_eq(c, k, "according") && k + 1 < last && tok_eq(c, k + 1, "to")) {
            size_t a, b;
            if (!np_after(c, k + 1, last, &a, &b)) continue;
            if (k == f || (k == f + 1 && tok_raw(c, f, ","))) {
                size_t ca = b < last && tok_raw(c, b, ",") ? b + 1 : b;
                return emit_indirect(c, ca, last, a, b, k, k + 2);
            }
            size_t cb = k > f && tok_raw(c, k - 1, ",") ? k - 1 : k;
            if (b < last && tok_raw(c, b, ",") && cb == k - 1) cb = last;   /* parenthetical */
            return emit_indirect(c, f, cb, a, b, k, k + 2);
        }
        int cf = tok_cue(c, k);
        if (!(cf & CUE_I)) continue;
        size_t a, b, ca, chs, che;
        int comma_cue = k > f && tok_raw(c, k - 1, ",");
        int subj = np_before(c, f, k, &a, &b);
        /* "…, X said." / "…, said X." / "…, X said, …" */
        if (comma_cue || (subj && a > f && tok_raw(c, a - 1, ","))) {
            size_t comma = a - 1, tail = k + 1;
            int ok = 1;
            if (comma_cue) {
                ok = np_after(c, k, last, &a, &b) && speaker_like(c, a);
                comma = k - 1;
                tail = b;
            }
            if (ok) {
                tail = channel_at(c, tail, last);
                while (tail < last && time_word(c, tail)) tail++;
                if (tail >= last) return emit_indirect(c, f, comma, a, b, k, k + 1);
                if (tok_raw(c, tail, ",") && tail + 1 < last && comma > f)
                    return emit_indirect(c, f, last, a, b, k, k + 1);   /* parenthetical */
            }
            /* "X, an aide to Y, said (that) …": the name before the apposition */
            size_t name_end;
            if (comma_cue && appos_before(c, f, k, &a, &name_end) && subject_start(c, f, a) &&
                clause_after(c, k, last, &ca, &chs, &che)) {
                int rc = emit_with_channel(c, ca, last, a, k - 1, k, k + 1, chs, che);
                if (rc == TL_OK && c->out->n > before)
                    c->out->v[c->out->n - 1].entity = resolve(c, a, name_end);
                return rc;
            }
            if (comma_cue) continue;
            /* "For his part, Mr. Obama said he …": a subject after an
             * opening phrase; on to the clause case below */
        }
        /* "X promised … and said she would …": the sentence's subject */
        if (!subj && k > f + 1 && tok_eq(c, k - 1, "and")) {
            size_t sb = f;
            while (sb < k && sb - f < NP_MAX && np_tok(c, sb)) sb++;
            if (sb == f && is_pronoun(c, f)) sb = f + 1;
            if (sb > f && sb < k - 1 && ((c->t.v[f].flags & TOK_CAP) || is_pronoun(c, f)) &&
                clause_after(c, k, last, &ca, &chs, &che)) {
                int rc = emit_with_channel(c, ca, last, f, sb, k, k + 1, chs, che);
                if (rc != TL_OK) return rc;
            }
            continue;
        }
        /* "X said (that) …", "X told reporters (that) …" */
        if (!subj || !subject_start(c, f, a)) continue;
        if (!clause_after(c, k, last, &ca, &chs, &che)) continue;
        int rc = emit_with_channel(c, ca, last, a, b, k, k + 1, chs, che);
        if (rc != TL_OK) return rc;
    }
    return TL_OK;
}

static int indirect_quotes(qctx *c) {
    size_t i = 0, n = c->t.n;
    while (i < n) {
        size_t e = i;
        while (e < n && c->sent_of[e] == c->sent_of[i]) e++;
        int rc = indirect_sentence(c, i, e);
        if (rc != TL_OK) return rc;
        i = e;
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * API
 * ---------------------------------------------------------------------- */

static int cmp_quote(const void *a, const void *b) {
    const quo_quote *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

int quo_extract(const char *text, size_t len, const ent_doc *d, quo_list *out, tl_err *e) {
    if (len > UINT32_MAX) return err_set(e, TL_ETOOBIG, "quotes: text over 4 GB");
    if (d && d->ne == 0) d = NULL;
    qctx c;
    size_t first = out->n;
    int rc = ctx_init(&c, text, len, d, out);
    if (rc == TL_OK) {
        find_genders(&c);
        rc = direct_quotes(&c);
    }
    if (rc == TL_OK) rc = indirect_quotes(&c);
    ctx_free(&c);
    if (rc != TL_OK) {
        out->n = first;
        return err_set(e, rc, "quotes: %s", rc == TL_ENOMEM ? "out of memory" : err_name(rc));
    }
    qsort(out->v + first, out->n - first, sizeof(quo_quote), cmp_quote);
    return TL_OK;
}

const char *quo_kind_name(quo_kind k) {
    return k == QUO_DIRECT ? "direct" : k == QUO_INDIRECT ? "indirect" : "none";
}

void quo_list_free(quo_list *l) {
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
