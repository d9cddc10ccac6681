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
 *
 * This file: the word lists, the per-call context, speaker phrases and
 * their resolution, and the API; the two passes are quote_direct.c and
 * quote_ind.c (shared internals: quote_impl.h).
 */
#include "quote.h"
#include "geo.h"
#include "quote_impl.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------------
 * Word lists
 * ---------------------------------------------------------------------- */

/* Cue verbs (CUE_D, CUE_I: quote_impl.h). */
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
    {"writing", 1}, {"telling", 3}, {"explaining", 3}, {"insisting", 3}, {"warning", 3},
    {"asking", 1}, {"tweeting", 1}, {"calling", 1}, {"declaring", 3}, {"stating", 3},
    {"claiming", 3}, {"promising", 3}, {"vowing", 3}, {"describing", 1}, {"joking", 1},
    {"posting", 1}, {"chanting", 1}, {"shouting", 1}, {"quipping", 1}, {"replying", 1},
    {"criticized", 1}, {"cited", 1}, {"accused", 1}, {"likened", 1}, {"touted", 1},
    {"hailed", 1}, {"decried", 1}, {"characterized", 1}, {"calls", 1}, {"describes", 1},
    {"dismissed", 1}, {"ridiculed", 1}, {"derided", 1}, {"referred", 1}, {"criticizes", 1},
    {"found", 2}, {"finds", 2}, {"shows", 2}, {"show", 2}, {"showed", 2}, {"shown", 2},
    {"indicated", 2}, {"indicates", 2}, {"estimated", 2}, {"estimates", 2}, {"expects", 2},
    {"expected", 2}, {"hopes", 2}, {"fears", 2}, {"feared", 2}, {"knows", 2}, {"knew", 2},
    {"believe", 2}, {"think", 2}, {"argue", 2}, {"claim", 2}, {"insist", 2}, {"worry", 2},
    {"worried", 2}, {"thought", 2}, {"felt", 2}, {"feel", 2}, {"feels", 2}, {"concluded", 2},
    {"acknowledges", 2}, {"admits", 2}, {"recalls", 2}, {"predicts", 2}, {"warn", 2},
    {"charged", 3}, {"maintained", 3}, {"asserted", 3}, {"cautioned", 3},
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


int quo_np_stop(const char *w) { return IN(NP_STOP, w); }

/* Cue lookup: CUES sorted once (pthread_once), then a binary search; a
 * linear scan here was a tenth of the entity pass (callgrind). A word
 * listed twice keeps the flags of its first sorted entry. */
#define NCUES (sizeof(CUES) / sizeof(CUES[0]))
static const cue_word *cues_sorted[NCUES];
static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static int cmp_cue(const void *a, const void *b) {
    return strcmp((*(const cue_word *const *)a)->w, (*(const cue_word *const *)b)->w);
}

static void sort_cues(void) {
    for (size_t i = 0; i < NCUES; i++) cues_sorted[i] = &CUES[i];
    qsort(cues_sorted, NCUES, sizeof(cues_sorted[0]), cmp_cue);
}

static int cue_flags(const char *w) {
    pthread_once(&cues_once, sort_cues);
    size_t lo = 0, hi = NCUES;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(cues_sorted[mid]->w, w);
        if (c == 0) return cues_sorted[mid]->f;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Context: tokens, sentences, paragraphs, marks
 * ---------------------------------------------------------------------- */


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

/* Cue flags of token i; a capitalized word inside a sentence is a name
 * ("the United States", "Says Who"), not a cue. */
int quo_tok_cue(const qctx *c, size_t i) {
    if ((c->t.v[i].flags & TOK_CAP) && i > 0 && c->sent_of[i - 1] == c->sent_of[i] &&
        !is_stop_punct(c, i - 1))
        return 0;
    return cue_flags(c->fw[i]);
}

static int ctx_init(qctx *c, const char *s, size_t len, const ent_doc *d, quo_list *out) {
    memset(c, 0, sizeof(*c));
    c->s = s;
    c->len = len;
    c->d = d;
    c->out = out;
    c->first = out->n;
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
        if (tok_fold_word(s + t->start, t->end - t->start, c->fw[i], QW) == 0) c->fw[i][0] = 0;
    }
    return TL_OK;
}

/* Token index of the first token starting at or after byte off. */
size_t quo_tok_at(const qctx *c, size_t off) { return tok_index_at(&c->t, off); }

/* ------------------------------------------------------------------------
 * Entities: gender cues and resolution of a speaker phrase
 * ---------------------------------------------------------------------- */

/* Gender of each entity: the entity analysis reads it from a title or
 * role next to a mention ("Mr. Trump", "Ms Lee", "his wife"; entity.h). */
static void find_genders(qctx *c) {
    if (!c->d) return;
    for (size_t e = 0; e < c->d->ne; e++) c->gender[e] = (int8_t)c->d->e[e].gender;
}

/* The entity named in bytes [a, b): the last name in it that is not a
 * place (an English noun phrase ends in its head: "Putin adviser Yuri
 * Ushakov" is Ushakov, whatever type the recognizer gave him); then, for a
 * name the recognizer missed, a person of the article whose last (or
 * only) name is the phrase's last capitalized word. -1 when none. */
static long surname_in(const qctx *c, size_t a, size_t b);

static long entity_in(const qctx *c, size_t a, size_t b) {
    if (!c->d) return -1;
    long last = -1, per = -1;
    for (size_t k = 0; k < c->d->nm; k++) {
        const ent_mention *m = &c->d->m[k];
        if (m->end <= a || m->start >= b) continue;
        if (m->type == ENT_PER) per = m->entity;
        else if (m->geo == GEO_NONE || m->geo == GEO_SEAT) last = m->entity;
    }
    /* a person first: "A senior Kremlin aide, Yury Ushakov" is Ushakov */
    if (per >= 0) return per;
    long sur = surname_in(c, a, b);
    if (sur >= 0) return sur;
    return last;
}

/* Does a mention cover token i? */
static int mention_at(const qctx *c, size_t i) {
    if (!c->d) return 0;
    for (size_t k = 0; k < c->d->nm; k++)
        if (c->d->m[k].start <= c->t.v[i].start && c->t.v[i].end <= c->d->m[k].end) return 1;
    return 0;
}

/* A capitalized word of [a, b) that is the last name of a person of the
 * article, the last such word first; -1 when none. */
static long surname_in(const qctx *c, size_t a, size_t b) {
    for (size_t i = c->t.n; i-- > 0;) {
        const tok_t *t = &c->t.v[i];
        if (t->start < a || t->end > b || !(t->flags & TOK_CAP) || !(t->flags & TOK_WORD)) continue;
        char key[128];
        if (!ent_name_key(c->s + t->start, t->end - t->start, key, sizeof(key))) return -1;
        for (size_t e = 0; e < c->d->ne; e++) {
            const ent_local *l = &c->d->e[e];
            if (l->type != ENT_PER) continue;
            const char *sp = strrchr(l->key, ' ');
            if (strcmp(sp ? sp + 1 : l->key, key) == 0) return (long)e;
        }
        return -1;
    }
    return -1;
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
 * earlier speaker of this or the previous paragraph whose gender is g or
 * unknown (a known other gender rules a person out), then the last such
 * person mentioned before i outside quote marks (this paragraph first,
 * then earlier); anyone when none fits (docs/quotes.md, "pronouns"). */
static long resolve_pronoun(const qctx *c, size_t i, int g) {
    if (!c->d) return -1;
    uint32_t para = c->para_of[i];
    /* pass 0: the latest person of gender g or of unknown gender (a known
     * gender only rules a person out); pass 1: anyone */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t q = c->out->n; q-- > c->first;) {
            const quo_quote *x = &c->out->v[q];
            if (x->entity < 0 || x->spk_end == 0) continue;
            size_t ti = quo_tok_at(c, x->spk_start);
            if (ti >= c->t.n || c->para_of[ti] + 1 < para) break;
            if (ti >= i) continue;
            const ent_local *e = &c->d->e[x->entity];
            if (e->type == ENT_PER && (pass || c->gender[x->entity] == g || !c->gender[x->entity]))
                return x->entity;
        }
        for (int scope = 0; scope < 2; scope++) {
            for (size_t k = c->d->nm; k-- > 0;) {
                const ent_mention *m = &c->d->m[k];
                if (m->start >= c->t.v[i].start || m->type != ENT_PER) continue;
                size_t ti = quo_tok_at(c, m->start);
                if (ti < c->t.n && c->inq[ti]) continue;
                if (scope == 0 && ti < c->t.n && c->para_of[ti] != para) break;
                if (pass || c->gender[m->entity] == g || !c->gender[m->entity]) return m->entity;
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
    return ent_find_by_role(c->d, roleword, ctry, c->t.v[a].start);
}

/* The speaker of "X, Y, said": the name before the apposition [a, name_end),
 * unless only the apposition names a person ("A senior Kremlin aide, Yury
 * Ushakov, described ..."); k is the cue after the closing comma. */
long quo_resolve_appos(const qctx *c, size_t a, size_t name_end, size_t k) {
    /* "Kestrel's chief executive, Yuri Belanov": a possessive title; the
     * person is the apposition */
    for (size_t i = a; i < name_end && name_end + 1 < k; i++)
        if (c->t.v[i].flags & TOK_POSS) {
            long p = quo_resolve(c, name_end + 1, k - 1);
            if (p >= 0) return p;
            break;
        }
    long e = quo_resolve(c, a, name_end);
    if (e >= 0 && c->d && c->d->e[e].type == ENT_PER) return e;
    if (name_end + 1 < k) {
        long p = quo_resolve(c, name_end + 1, k - 1);
        if (p >= 0 && c->d && c->d->e[p].type == ENT_PER) return p;
    }
    return e;
}

/* Resolve the speaker phrase over tokens [a, b). */
long quo_resolve(const qctx *c, size_t a, size_t b) {
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
int quo_np_tok(const qctx *c, size_t i) {
    if (c->inq[i]) return 0;
    if (c->t.v[i].flags & TOK_POSS) return 1;
    if (is_word(c, i)) return !IN(NP_STOP, c->fw[i]) && !quo_tok_cue(c, i);
    if (tok_raw(c, i, ".") && i > 0 && c->t.v[i - 1].end == c->t.v[i].start &&
        (IN(TITLES_M, c->fw[i - 1]) || IN(TITLES_F, c->fw[i - 1]) || IN(ABBR, c->fw[i - 1]) ||
         ((c->t.v[i - 1].flags & TOK_CAP) && c->t.v[i - 1].end - c->t.v[i - 1].start == 1)))
        return 1;   /* "Mr.", "Lt. Gen.", the initial in "Joseph R. Biden" */
    return 0;
}

int quo_is_pronoun(const qctx *c, size_t i) {
    return tok_eq(c, i, "he") || tok_eq(c, i, "she") || tok_eq(c, i, "they") ||
           tok_eq(c, i, "i") || tok_eq(c, i, "we") || tok_eq(c, i, "it");
}

/* Subject before the cue at k, within [lo, k): *a..*b tokens. Skips the
 * auxiliaries between them. Returns 0 when there is none. */
int quo_np_before(const qctx *c, size_t lo, size_t k, size_t *a, size_t *b) {
    size_t j = k;
    while (j > lo && is_word(c, j - 1) && IN(AUX, c->fw[j - 1]) && k - j < 3) j--;
    if (j > lo && quo_is_pronoun(c, j - 1)) { *a = j - 1; *b = j; return 1; }
    size_t e = j;
    while (j > lo && e - j < NP_MAX && quo_np_tok(c, j - 1) &&
           c->para_of[j - 1] == c->para_of[k])
        j--;
    if (j == e) return 0;
    while (j < e && (c->t.v[j].flags & TOK_POSS)) j++;
    if (j == e) return 0;
    *a = j;
    *b = e;
    return 1;
}

/* Speaker after the cue at k ("said X"), up to hi: *a..*b. */
int quo_np_after(const qctx *c, size_t k, size_t hi, size_t *a, size_t *b) {
    size_t j = k + 1;
    if (j < hi && quo_is_pronoun(c, j)) { *a = j; *b = j + 1; return 1; }
    while (j < hi && j - k - 1 < NP_MAX && quo_np_tok(c, j) && c->sent_of[j] == c->sent_of[k]) j++;
    if (j == k + 1) return 0;
    *a = k + 1;
    *b = j;
    return 1;
}

/* The object of "told" at k ("told reporters", "told Tass"): like
 * quo_np_after, but a determiner after the first word starts the reported
 * clause ("told reporters the coalition was ready"). */
int quo_obj_after(const qctx *c, size_t k, size_t hi, size_t *a, size_t *b) {
    if (!quo_np_after(c, k, hi, a, b)) return 0;
    for (size_t j = *a + 1; j < *b; j++)
        if (tok_eq(c, j, "the") || tok_eq(c, j, "a") || tok_eq(c, j, "an")) { *b = j; break; }
    return 1;
}

/* A channel phrase starting at token j (up to hi): a preposition, then
 * words up to punctuation, with a channel word in it. Returns its end
 * token (exclusive) or j when there is none. */
size_t quo_channel_at(const qctx *c, size_t j, size_t hi) {
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
int quo_appos_before(const qctx *c, size_t lo, size_t k, size_t *a, size_t *name_end) {
    if (k < lo + 3 || !tok_raw(c, k - 1, ",")) return 0;
    size_t p = k - 1;
    while (p > lo && k - p < 25 && !tok_raw(c, p - 1, ",") && !c->inq[p - 1] &&
           !is_qmark(c, p - 1))
        p--;
    size_t b;
    if (p <= lo + 1 || !tok_raw(c, p - 1, ",") || !quo_np_before(c, lo, p - 1, a, &b)) return 0;
    if (b != p - 1 || quo_is_pronoun(c, *a)) return 0;
    *name_end = p - 1;
    return 1;
}

/* The subject at the start of the sentence whose first token is f, up to
 * k: a pronoun, or a phrase that starts capitalized; a name ("Howard
 * Dean") stops at the first lower-case word after it, since that is
 * likely its verb. *b: end token. 0 when there is none. */
int quo_sent_subject(const qctx *c, size_t *fp, size_t k, size_t *b) {
    size_t f = *fp;
    if (f >= k) return 0;
    /* "Still, Rutte praised ...": an opening word and its comma are no subject */
    if (f + 2 < k && tok_raw(c, f + 1, ",") && is_word(c, f) && !mention_at(c, f)) f += 2;
    *fp = f;
    if (quo_is_pronoun(c, f)) { *b = f + 1; return 1; }
    if (!(c->t.v[f].flags & TOK_CAP)) return 0;
    int name = !tok_eq(c, f, "the") && !tok_eq(c, f, "a") && !tok_eq(c, f, "an");
    size_t e = f;
    while (e < k && e - f < NP_MAX && quo_np_tok(c, e)) {
        if (name && e > f && is_word(c, e) && !(c->t.v[e].flags & TOK_CAP)) break;
        e++;
    }
    if (e == f) return 0;
    *b = e;
    return 1;
}

/* ------------------------------------------------------------------------
 * Emitting
 * ---------------------------------------------------------------------- */

int quo_push(qctx *c, const quo_quote *q) {
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
void quo_set_speaker(qctx *c, quo_quote *q, size_t a, size_t b, size_t k, size_t kend) {
    q->spk_start = c->t.v[a].start;
    q->spk_end = c->t.v[b - 1].end;
    q->cue_start = c->t.v[k].start;
    q->cue_end = c->t.v[kend - 1].end;
    q->entity = quo_resolve(c, a, b);
    for (size_t i = a; i < b; i++) c->used[i] = 1;
    for (size_t i = k; i < kend; i++) c->used[i] = 1;
}

void quo_set_sents(const qctx *c, quo_quote *q, size_t ta, size_t tb) {
    if (!c->ss.n) return;
    uint32_t s0 = c->sent_of[ta], s1 = c->sent_of[tb];
    q->sent_start = c->ss.v[s0].start;
    q->sent_end = c->ss.v[s1].end;
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
        rc = quo_direct_quotes(&c);
    }
    if (rc == TL_OK) rc = quo_indirect_quotes(&c);
    ctx_free(&c);
    if (rc != TL_OK) {
        out->n = first;
        return err_set(e, rc, "quotes: %s", rc == TL_ENOMEM ? "out of memory" : err_name(rc));
    }
    if (out->n > first) qsort(out->v + first, out->n - first, sizeof(quo_quote), cmp_quote);
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
