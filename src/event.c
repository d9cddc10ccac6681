/* event.c -- who did what to whom, when (see event.h, docs/events.md).
 *
 * One pass over the tokens of each sentence, outside quote marks (what is
 * inside them is a quote's business): a word or two-word phrase of the
 * trigger lexicon (event_lex.c) starts a candidate event, which is kept
 * when its frame is found:
 *
 *   verbs   the actor is the clause's subject: the first name of the
 *           clause that is not inside a prepositional phrase, where a
 *           clause starts at the sentence start, after ";" ":" "that"
 *           "but", or after a reporting verb ("The White House confirmed
 *           Trump held ..." -> Trump); a pronoun he/she is the last person
 *           named before the sentence; "the Russian leader" is the person
 *           of that role and country (ent_find_by_role). The target is the
 *           name after the verb, or after its preposition ("met with X",
 *           "traveled to X"). A passive ("was attacked by X") swaps them;
 *   nouns   "call", "talks", "meeting", "visit" ... need a frame: a
 *           possessor ("Trump's call with Putin"), a light verb whose
 *           subject is the actor ("held talks with X"), or "between X and
 *           Y".
 *
 * Names joined to the target or to the actor by "and", "alongside", a
 * comma, are other participants; a symmetric verb with no target takes
 * the actor's partner as target ("Trump and Putin met"). A place after
 * "in"/"at" is the location; the time expression of the sentence closest
 * to the trigger is the date. Negation and future ("will meet", "planned
 * meeting") are flagged, not dropped: "agreed to" and "refused to" matter.
 */
#include "event.h"
#include "event_impl.h"
#include "geo.h"
#include "sent.h"
#include "tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EW 40           /* longest folded word looked at */
#define OBJ_GAP 4       /* words allowed between a verb and its object */

typedef struct {
    const char *s;
    size_t len;
    const ent_doc *d;
    const when_list *w;
    tok_list t;
    sent_list ss;
    char (*fw)[EW];     /* token -> folded word, "" when too long */
    uint8_t *inq;       /* token -> 1 inside quote marks */
    int32_t *men;       /* token -> mention index covering it, -1 */
    evt_list *out;
    size_t skip_to;     /* a trigger up to here was folded into an earlier event */
} ectx;

/* ------------------------------------------------------------------------
 * Context
 * ---------------------------------------------------------------------- */

static int is_word(const ectx *c, size_t i) {
    return (c->t.v[i].flags & (TOK_WORD | TOK_NUM)) != 0;
}

static int raw_is(const ectx *c, size_t i, const char *lit) {
    size_t n = strlen(lit);
    return c->t.v[i].end - c->t.v[i].start == n && memcmp(c->s + c->t.v[i].start, lit, n) == 0;
}

static int eq(const ectx *c, size_t i, const char *w) { return strcmp(c->fw[i], w) == 0; }

/* Punctuation that ends a phrase (not the possessive). */
static int is_punct(const ectx *c, size_t i) {
    return (c->t.v[i].flags & TOK_PUNCT) && !(c->t.v[i].flags & TOK_POSS);
}

static int is_negation(const ectx *c, size_t i) {
    size_t n = strlen(c->fw[i]);
    return evt_is_negation(c->fw[i]) || (n > 3 && strcmp(c->fw[i] + n - 3, "n't") == 0);
}

/* Mark the tokens inside quote marks, paragraph by paragraph: curly
 * double quotes, and straight ones toggling. */
static void mark_quotes(ectx *c) {
    int open = 0;
    for (size_t i = 0; i < c->t.n; i++) {
        const tok_t *t = &c->t.v[i];
        if (i > 0 && memchr(c->s + c->t.v[i - 1].end, '\n', t->start - c->t.v[i - 1].end))
            open = 0;
        if (raw_is(c, i, "\xe2\x80\x9c")) { open = 1; c->inq[i] = 1; continue; }
        if (raw_is(c, i, "\xe2\x80\x9d")) { open = 0; c->inq[i] = 1; continue; }
        if (raw_is(c, i, "\"")) { open = !open; c->inq[i] = 1; continue; }
        c->inq[i] = (uint8_t)open;
    }
}

static int ctx_init(ectx *c, const char *s, size_t len, const ent_doc *d, const when_list *w,
                    evt_list *out) {
    memset(c, 0, sizeof(*c));
    c->s = s;
    c->len = len;
    c->d = d;
    c->w = w;
    c->out = out;
    int rc = tok_text(s, len, &c->t);
    if (rc == TL_OK) rc = sent_split(s, len, &c->ss);
    if (rc != TL_OK) return rc;
    size_t n = c->t.n ? c->t.n : 1;
    c->fw = malloc(n * sizeof(*c->fw));
    c->inq = calloc(n, 1);
    c->men = malloc(n * sizeof(int32_t));
    if (!c->fw || !c->inq || !c->men) return TL_ENOMEM;
    for (size_t i = 0; i < c->t.n; i++) {
        const tok_t *t = &c->t.v[i];
        if (tok_fold_word(s + t->start, t->end - t->start, c->fw[i], EW) == 0) c->fw[i][0] = 0;
        c->men[i] = -1;
    }
    mark_quotes(c);
    if (d) {
        size_t i = 0;
        for (size_t k = 0; k < d->nm; k++) {
            const ent_mention *m = &d->m[k];
            while (i < c->t.n && c->t.v[i].end <= m->start) i++;
            for (size_t j = i; j < c->t.n && c->t.v[j].start < m->end; j++) c->men[j] = (int32_t)k;
        }
    }
    return TL_OK;
}

static void ctx_free(ectx *c) {
    tok_list_free(&c->t);
    sent_list_free(&c->ss);
    free(c->fw);
    free(c->inq);
    free(c->men);
}

/* ------------------------------------------------------------------------
 * Participants
 * ---------------------------------------------------------------------- */

/* A participant found in the text: tokens [a, b) and the entity (-1). */
typedef struct {
    size_t a, b;
    long ent;
} party;

/* First and one-past-last token of mention k. */
static void men_toks(const ectx *c, int32_t k, size_t at, size_t *a, size_t *b) {
    size_t i = at;
    while (i > 0 && c->men[i - 1] == k) i--;
    size_t j = at;
    while (j < c->t.n && c->men[j] == k) j++;
    *a = i;
    *b = j;
}

/* The participant whose name covers token i (a mention), with the phrase
 * around it: a role written before it ("Russian President") and a
 * demonym naming a role-only person ("the Russian leader") or a group
 * ("Russian troops" -> Russia). Returns 0 when token i is no name. */
static int party_at(const ectx *c, size_t i, party *p) {
    int32_t k = c->men[i];
    if (k < 0) return 0;
    const ent_mention *m = &c->d->m[k];
    size_t a, b;
    men_toks(c, k, i, &a, &b);
    p->a = a;
    p->b = b;
    p->ent = (long)m->entity;
    /* "Carrow-based Tarn Maritime": the name after the adjective */
    if (b == a + 1 && b < c->t.n && c->men[b] >= 0 && (c->t.v[a].flags & TOK_HYPHEN)) {
        size_t n = c->t.v[a].end - c->t.v[a].start;
        if (n > 6 && memcmp(c->s + c->t.v[a].end - 6, "-based", 6) == 0) return party_at(c, b, p);
    }
    if (m->type != ENT_PER) {
        /* "US President Donald Trump", "NATO Secretary General Mark Rutte":
         * the person, with the name before the title in the phrase */
        size_t j = b;
        while (j < c->t.n && j < b + 4 && is_word(c, j) && c->men[j] < 0 &&
               ent_is_role_word(c->fw[j]))
            j++;
        if (j < c->t.n && c->men[j] >= 0 && c->men[j] != k &&
            c->d->m[c->men[j]].type == ENT_PER) {
            size_t pa, pb;
            men_toks(c, c->men[j], j, &pa, &pb);
            p->b = pb;
            p->ent = (long)c->d->m[c->men[j]].entity;
            return 1;
        }
    }
    if (m->geo == GEO_DEMONYM || m->geo == GEO_COUNTRY) {
        /* "the Russian leader", "the U.S. president": a role word after it */
        size_t j = b;
        const char *role = NULL;
        while (j < c->t.n && j < b + 3 && is_word(c, j) && c->men[j] < 0 &&
               ent_is_role_word(c->fw[j])) {
            role = c->fw[j];
            j++;
        }
        if (role && j < c->t.n && !(c->men[j] >= 0 && c->d->m[c->men[j]].type == ENT_PER)) {
            const geo_country *ctry = c->d->e[m->entity].country;
            long e = ent_find_by_role(c->d, role, ctry, m->start);
            p->b = j;
            p->ent = e;     /* -1: a role-only person not named before */
        }
    }
    /* the role phrase written before a person is part of the phrase */
    if (m->role_end && m->role_start < m->start) {
        size_t r = a;
        while (r > 0 && c->t.v[r - 1].start >= m->role_start) r--;
        /* "Talmyran Prime Minister Ingrid Haldorsen": the name before the title */
        if (r > 0 && c->men[r - 1] >= 0 && c->d->m[c->men[r - 1]].type != ENT_PER) {
            size_t ra, rb;
            men_toks(c, c->men[r - 1], r - 1, &ra, &rb);
            r = ra;
        }
        p->a = r;
    }
    /* "Mr. Varenko", "Dr. Amira Soltane": the courtesy title is part of it */
    size_t r = p->a;
    if (r > 0 && raw_is(c, r - 1, ".")) r--;
    if (r > 0 && r < p->a + 1 && (eq(c, r - 1, "mr") || eq(c, r - 1, "mrs") || eq(c, r - 1, "ms") ||
                                  eq(c, r - 1, "dr") || eq(c, r - 1, "sir") || eq(c, r - 1, "miss")))
        p->a = r - 1;
    return 1;
}

/* Is the participant at tokens [a, ...) inside a prepositional phrase
 * (a preposition right before it, or before a determiner)? */
static int in_pp(const ectx *c, size_t a, size_t lo) {
    size_t j = a;
    while (j > lo && (eq(c, j - 1, "the") || eq(c, j - 1, "a") || eq(c, j - 1, "an"))) j--;
    return j > lo && is_word(c, j - 1) && evt_is_prep(c->fw[j - 1]);
}

/* The first person named in tokens [a, b) outside quote marks and
 * prepositional phrases: the likely subject. -1 when none. */
static long first_person(const ectx *c, size_t a, size_t b) {
    for (size_t j = a; j < b; j++) {
        if (c->men[j] < 0 || c->inq[j]) continue;
        size_t pa, pb;
        men_toks(c, c->men[j], j, &pa, &pb);
        const ent_mention *m = &c->d->m[c->men[j]];
        if (m->type == ENT_PER && !in_pp(c, pa, a)) return (long)m->entity;
        j = pb - 1;
    }
    return -1;
}

/* The person a he / she at token i (sentence from token lo) stands for:
 * the first person of the sentence before it who is not in a
 * prepositional phrase, else the same in each of the three sentences
 * before (news keeps its subject across sentences). */
static long last_person(const ectx *c, size_t lo, size_t i) {
    if (!c->d) return -1;
    long e = first_person(c, lo, i);
    if (e >= 0) return e;
    size_t si = 0;
    while (si < c->ss.n && c->ss.v[si].end <= c->t.v[lo].start) si++;
    for (size_t back = 1; back <= 3 && back <= si; back++) {
        size_t a = tok_index_at(&c->t, c->ss.v[si - back].start),
               b = tok_index_at(&c->t, c->ss.v[si - back].end);
        if ((e = first_person(c, a, b)) >= 0) return e;
    }
    return -1;
}

/* Start of the clause that holds token k (sentence tokens from lo). */
static size_t clause_start(const ectx *c, size_t lo, size_t k) {
    for (size_t j = k; j > lo; j--) {
        size_t i = j - 1;
        if (c->inq[i]) return j;
        if (raw_is(c, i, ";") || raw_is(c, i, ":")) return j;
        if (is_word(c, i) && (eq(c, i, "that") || eq(c, i, "but") || eq(c, i, "whether") || eq(c, i, "which") || eq(c, i, "where") ||
                              eq(c, i, "because") || eq(c, i, "while") ||
                              evt_is_report(c->fw[i])))
            return j;
    }
    return lo;
}

/* The subject of the verb at token k: the first name of its clause not
 * inside a prepositional phrase; a possessor gives way to the name it
 * owns ("Russia's Foreign Ministry"). A pronoun he/she when there is no
 * name. *end: the token after the subject phrase. */
static int subject(const ectx *c, size_t lo, size_t k, party *p, size_t *end,
                   party *partner, int *has_partner) {
    size_t cs = clause_start(c, lo, k);
    *has_partner = 0;
    party q;
    int found = 0;
    /* a name right before the verb, over auxiliaries and adverbs, is its
     * subject even after a conjunction ("shortly after Trump spoke") */
    size_t j = k;
    while (j > cs && is_word(c, j - 1) && c->men[j - 1] < 0 && evt_is_aux(c->fw[j - 1]) &&
           !eq(c, j - 1, "to") && k - j < 4)
        j--;
    if (j > cs && c->men[j - 1] >= 0) {
        size_t pa, pb;
        men_toks(c, c->men[j - 1], j - 1, &pa, &pb);
        size_t pp = pa;
        while (pp > cs && (eq(c, pp - 1, "the") || eq(c, pp - 1, "a"))) pp--;
        int conj = pp > cs && (eq(c, pp - 1, "after") || eq(c, pp - 1, "before") ||
                               eq(c, pp - 1, "since") || eq(c, pp - 1, "until") ||
                               eq(c, pp - 1, "once"));
        if (party_at(c, pa, &q) && q.b <= k && (conj || !in_pp(c, q.a, cs))) {
            /* "X and Y met": X, with Y as partner */
            size_t i = q.a;
            party f;
            if (i > cs + 1 && eq(c, i - 1, "and") && c->men[i - 2] >= 0) {
                men_toks(c, c->men[i - 2], i - 2, &pa, &pb);
                if (party_at(c, pa, &f) && f.b == i - 1 && !in_pp(c, f.a, cs)) {
                    *partner = q;
                    *has_partner = 1;
                    q = f;
                }
            }
            found = 1;
        }
    }
    for (size_t i = cs; i < k && !found; i++) {
        if (c->men[i] >= 0) {
            if (!party_at(c, i, &q) || q.b > k) break;
            size_t next = q.b > i ? q.b : i + 1;
            if (in_pp(c, q.a, cs)) { i = next - 1; continue; }
            /* a possessor followed by another name: that name is the subject */
            if (q.b < k && (c->t.v[q.b].flags & TOK_POSS)) {
                size_t o = q.b + 1;
                while (o < k && o < q.b + 4 && is_word(c, o) && c->men[o] < 0 &&
                       !(c->t.v[o].flags & TOK_CAP))
                    o++;
                if (o < k && c->men[o] >= 0) { i = o - 1; continue; }
            }
            /* "X and Y agreed": Y is the partner */
            party f;
            if (q.b + 1 < k && eq(c, q.b, "and") && c->men[q.b + 1] >= 0 &&
                party_at(c, q.b + 1, &f) && f.b <= k) {
                *partner = f;
                *has_partner = 1;
            }
            found = 1;
            break;
        }
        if (is_word(c, i) && (eq(c, i, "he") || eq(c, i, "she") || eq(c, i, "it") ||
                              eq(c, i, "they")) && !in_pp(c, i, cs)) {
            /* "Kestrel said it had agreed", "Zelensky said he was glad": the
             * reporter; else he / she is the last person acting */
            party r;
            size_t re;
            int rp;
            if (cs > lo && is_word(c, cs - 1) && evt_is_report(c->fw[cs - 1]) &&
                subject(c, lo, cs - 1, &r, &re, partner, &rp)) {
                *has_partner = 0;
                q = r;
                q.a = i;
                q.b = i + 1;
                found = 1;
                break;
            }
            if (eq(c, i, "it") || eq(c, i, "they")) break;
            q.a = i;
            q.b = i + 1;
            q.ent = last_person(c, lo, i);
            found = 1;
        }
    }
    if (!found) return 0;
    *p = q;
    *end = *has_partner ? partner->b : q.b;
    return 1;
}

/* The name starting within OBJ_GAP words after token j (up to hi), over
 * determiners, adjectives and roles, not across punctuation or a clause
 * word. */
static int object_at(const ectx *c, size_t j, size_t hi, party *p) {
    for (size_t i = j; i < hi && i < j + OBJ_GAP + 3; i++) {
        if (c->men[i] >= 0) return party_at(c, i, p);
        if (c->inq[i] || is_punct(c, i)) return 0;
        if (is_word(c, i) && (eq(c, i, "that") || eq(c, i, "and") || eq(c, i, "who") ||
                              eq(c, i, "which") || evt_is_prep(c->fw[i]) ||
                              evt_is_report(c->fw[i])))
            return 0;
    }
    return 0;
}

/* The name after preposition word `prep` found within 5 tokens of j. */
static int after_prep(const ectx *c, size_t j, size_t hi, const char *prep, party *p) {
    for (size_t i = j; i < hi && i < j + 6; i++) {
        if (c->inq[i] || (is_punct(c, i) && !raw_is(c, i, "-"))) return 0;
        if (eq(c, i, prep)) return object_at(c, i + 1, hi, p);
        if (c->men[i] >= 0) return 0;
    }
    return 0;
}

/* Names joined after tokens [.., b): "and X", ", X and Y", "alongside X",
 * "as well as X". Appends entities to ev->others. */
static void joined(const ectx *c, size_t b, size_t hi, evt_event *ev) {
    size_t i = b;
    while (i < hi && ev->nothers < EVT_MAX_OTHERS) {
        size_t j = i;
        if (raw_is(c, j, ",")) j++;
        if (j < hi && (eq(c, j, "and") || eq(c, j, "alongside") || eq(c, j, "plus"))) j++;
        else if (j + 2 < hi && eq(c, j, "as") && eq(c, j + 1, "well") && eq(c, j + 2, "as")) j += 3;
        else if (j == i) break;
        party q;
        if (!object_at(c, j, hi, &q)) break;
        if (q.ent >= 0 && q.ent != ev->actor && q.ent != ev->target) {
            int dup = 0;
            for (int o = 0; o < ev->nothers; o++) dup |= ev->others[o] == q.ent;
            if (!dup) ev->others[ev->nothers++] = q.ent;
        }
        i = q.b;
    }
}

/* ------------------------------------------------------------------------
 * One trigger
 * ---------------------------------------------------------------------- */

static void set_actor(const ectx *c, evt_event *ev, const party *p) {
    ev->actor = p->ent;
    ev->act_start = c->t.v[p->a].start;
    ev->act_end = c->t.v[p->b - 1].end;
}

static void set_target(const ectx *c, evt_event *ev, const party *p) {
    ev->target = p->ent;
    ev->tgt_start = c->t.v[p->a].start;
    ev->tgt_end = c->t.v[p->b - 1].end;
}

/* Does local entity e name a country (not a city or region)? */
static int geo_is_country_of(const ectx *c, long e) {
    const ent_local *l = &c->d->e[e];
    return l->country && strcmp(l->name, l->country->name) == 0;
}

/* Is token i a word the lexicon's L_PHONE entries upgrade on? */
static int phoneish(const ectx *c, size_t i) {
    return eq(c, i, "phone") || eq(c, i, "telephone") || eq(c, i, "phoned");
}

/* The "to" of "agreed (on Sunday night) to meet": at most 7 tokens after
 * j, over a short adverbial but no punctuation; hi when there is none. */
static size_t inf_to(const ectx *c, size_t j, size_t hi) {
    for (size_t t = j; t < hi && t <= j + 7 && !is_punct(c, t); t++)
        if (eq(c, t, "to")) return t;
    return hi;
}

/* The target after the trigger ending before token j, by the entry's
 * frame. */
static int find_target(const ectx *c, const evt_lex *lx, size_t j, size_t hi, party *p) {
    if (lx->f & L_INF) {
        /* "agreed to buy Tarn": the object of the verb after "to" */
        size_t t = inf_to(c, j, hi);
        if (t + 1 < hi && is_word(c, t + 1) && object_at(c, t + 2, hi, p)) return 1;
    }
    if (((lx->f & L_WITH) && after_prep(c, j, hi, "with", p)) ||
        ((lx->f & L_TO) && !(lx->f & L_INF) && after_prep(c, j, hi, "to", p)) ||
        ((lx->f & L_ON) && (after_prep(c, j, hi, "on", p) ||
                            after_prep(c, j, hi, "against", p))))
        return 1;
    return (lx->f & L_OBJ) && object_at(c, j, hi, p);
}

/* The verb "call" family: "called Putin" is a phone call only when a
 * name follows directly and no complement does ("called Putin a liar",
 * "called it"). */
static int call_ok(const ectx *c, size_t j, size_t hi, const party *t) {
    if (!t || t->a > j + 2) return 0;
    size_t k = t->b;
    if (k < hi && is_word(c, k) &&
        (eq(c, k, "a") || eq(c, k, "an") || eq(c, k, "the") || eq(c, k, "his") ||
         eq(c, k, "her") || eq(c, k, "its") || eq(c, k, "their") || eq(c, k, "an")))
        return 0;
    if (k < hi && c->inq[k]) return 0;
    return 1;
}

/* Date, place, flags of an event of sentence [sa, sb) with trigger at k. */
static void finish(const ectx *c, evt_event *ev, size_t lo, size_t hi, size_t k, size_t cs) {
    /* the time expression of the sentence closest to the trigger */
    if (c->w) {
        size_t best = (size_t)-1;
        for (size_t i = 0; i < c->w->n; i++) {
            const when_expr *x = &c->w->v[i];
            if (x->start < ev->sent_start || x->end > ev->sent_end) continue;
            size_t d = x->start > ev->trig_start ? x->start - ev->trig_start
                                                 : ev->trig_start - x->start;
            if (d < best) { best = d; ev->when = (long)i; }
        }
        if (ev->when >= 0 && c->w->v[ev->when].future) ev->future = 1;
    }
    /* a place after "in" / "at", nearest to the trigger */
    size_t bestd = (size_t)-1;
    for (size_t i = lo + 1; i < hi; i++) {
        if (c->men[i] < 0 || c->men[i] == c->men[i - 1] || c->inq[i]) continue;
        const ent_mention *m = &c->d->m[c->men[i]];
        if (!(m->type == ENT_LOC || m->geo == GEO_SEAT || m->geo == GEO_CAPITAL)) continue;
        if ((long)m->entity == ev->actor || (long)m->entity == ev->target) continue;
        size_t p = i;
        while (p > lo && (eq(c, p - 1, "the"))) p--;
        if (p == lo || !(eq(c, p - 1, "in") || eq(c, p - 1, "at"))) continue;
        size_t d = i > k ? i - k : k - i;
        if (d < bestd) { bestd = d; ev->location = (long)m->entity; }
    }
    /* negation and future between the clause start and the trigger */
    for (size_t i = k > cs + 5 ? k - 5 : cs; i < k; i++) {
        if (!is_word(c, i)) continue;
        if (is_negation(c, i)) ev->negated = 1;
        if (evt_is_future(c->fw[i])) ev->future = 1;
    }
}

static int push(ectx *c, const evt_event *ev) {
    evt_list *l = c->out;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        evt_event *v = realloc(l->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *ev;
    return TL_OK;
}

/* Try the trigger lx at tokens [k, ke) of the sentence [lo, hi). */
static int try_trigger(ectx *c, const evt_lex *lx, size_t k, size_t ke, size_t lo, size_t hi,
                       uint32_t sent) {
    evt_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.code = lx->code;
    ev.trig_start = c->t.v[k].start;
    ev.trig_end = c->t.v[ke - 1].end;
    ev.actor = ev.target = ev.location = ev.when = -1;
    ev.sent_start = c->ss.v[sent].start;
    ev.sent_end = c->ss.v[sent].end;

    party act, tgt, partner;
    int has_act = 0, has_tgt = 0, has_partner = 0;
    size_t act_end = 0, tgt_end = 0;
    size_t cs = clause_start(c, lo, k);
    uint32_t f = lx->f;
    if (f & L_INF) {
        /* "agreed (on Sunday) to meet / to hold a summit": intent to meet
         * (036), the meeting itself is not an event yet; "agreed to buy
         * X": the buying is the event, "agreed" adds nothing */
        size_t t = inf_to(c, ke, hi);
        if (t + 1 < hi && is_word(c, t + 1)) {
            const char *v = c->fw[t + 1];
            if (!strcmp(v, "meet") || !strcmp(v, "hold") || !strcmp(v, "visit") ||
                !strcmp(v, "talk") || !strcmp(v, "negotiate")) {
                ev.code = "036";
                c->skip_to = t + 2;
            } else if (evt_lex_find(v)) {
                return TL_OK;
            }
        }
    }

    /* a noun after "to" or a modal is a verb: "to visit Kyiv", "will call" */
    int noun = (f & L_NOUN) && !(k > lo && (eq(c, k - 1, "to") || eq(c, k - 1, "will") ||
                                             eq(c, k - 1, "would") || eq(c, k - 1, "could") ||
                                             eq(c, k - 1, "can") || eq(c, k - 1, "may") ||
                                             eq(c, k - 1, "might") || eq(c, k - 1, "should")));
    /* "after meeting with X", "was meeting X": a gerund */
    if (noun && eq(c, k, "meeting") && k > lo &&
        (eq(c, k - 1, "after") || eq(c, k - 1, "before") || eq(c, k - 1, "while") ||
         eq(c, k - 1, "when") || eq(c, k - 1, "since") || evt_is_be(c->fw[k - 1])))
        noun = 0;

    if (noun) {
        /* the noun's words before it: "Trump's roughly 40-minute phone call" */
        size_t j = k;
        while (j > lo && k - j < 5 && (is_word(c, j - 1) || raw_is(c, j - 1, "-")) &&
               c->men[j - 1] < 0 && !evt_is_prep(c->fw[j - 1]) && !evt_is_light(c->fw[j - 1]))
            j--;
        size_t between = ke;
        while (between < hi && between < ke + 2 && !eq(c, between, "between")) between++;
        if (j > lo && (c->t.v[j - 1].flags & TOK_POSS) && j >= lo + 2 && c->men[j - 2] >= 0 &&
            party_at(c, j - 2, &act)) {
            has_act = 1;                                  /* possessor */
        } else if (between < hi && eq(c, between, "between") &&
                   object_at(c, between + 1, hi, &act)) {
            has_act = 1;                                  /* between X and Y */
            size_t m = act.b;
            if (m < hi && eq(c, m, "and") && object_at(c, m + 1, hi, &tgt)) {
                has_tgt = 1;
                tgt_end = tgt.b;
            }
        } else if (j > lo && (eq(c, j - 1, "after") || eq(c, j - 1, "during") ||
                              eq(c, j - 1, "in")) && (f & L_SYM)) {
            /* "X and Y agreed during a phone call": the pair's call */
            party pt;
            int hp;
            if (subject(c, lo, j - 1, &act, &act_end, &pt, &hp) && hp) {
                has_act = 1;
                tgt = pt;
                has_tgt = 1;
                tgt_end = pt.b;
            }
        } else {
            /* a light verb within 8 tokens before: "held talks with" */
            for (size_t i = k; i > lo && k - i < 13; i--) {
                if (is_punct(c, i - 1) && !raw_is(c, i - 1, "-") && !c->inq[i - 1]) break;
                size_t wl = strlen(c->fw[i - 1]);
                if (i < k && wl > 4 && strcmp(c->fw[i - 1] + wl - 3, "ing") == 0) break;
                if (i < k && evt_lex_find(c->fw[i - 1])) break;    /* "had discussed the meeting" */
                if (is_word(c, i - 1) && evt_is_light(c->fw[i - 1]) && !c->inq[i - 1]) {
                    party pt;
                    int hp;
                    has_act = subject(c, lo, i - 1, &act, &act_end, &pt, &hp);
                    break;
                }
            }
        }
        if (!has_act) return TL_OK;
        if (!has_tgt && find_target(c, lx, ke, hi, &tgt)) {
            has_tgt = 1;
            tgt_end = tgt.b;
        }
        if (!has_tgt && !(f & L_PLACE)) return TL_OK;     /* "Trump's presence" */
    } else {
        party pt;
        int hp;
        has_act = subject(c, lo, k, &act, &act_end, &pt, &hp);
        if (hp) { partner = pt; has_partner = 1; }
        /* passive: "was attacked by X" */
        size_t b = k;
        while (b > lo && is_word(c, b - 1) && evt_is_aux(c->fw[b - 1]) &&
               !evt_is_be(c->fw[b - 1]) && k - b < 3)
            b--;
        party by;
        if (b > lo && evt_is_be(c->fw[b - 1]) && c->fw[k][0] &&
            strlen(c->fw[k]) > 2 && strcmp(c->fw[k] + strlen(c->fw[k]) - 2, "ed") == 0) {
            if (has_act) { tgt = act; has_tgt = 1; tgt_end = act_end; }
            has_act = after_prep(c, ke, hi, "by", &by);
            if (has_act) act = by;
        } else if (find_target(c, lx, ke, hi, &tgt)) {
            has_tgt = 1;
            tgt_end = tgt.b;
        }
        if ((f & L_DEAL)) {
            int deal = 0;
            for (size_t i = ke; i < hi && i < ke + 4; i++) deal |= is_word(c, i) && evt_is_deal(c->fw[i]);
            if (!deal) return TL_OK;
        }
        if ((f & L_AID)) {
            int aid = 0;
            for (size_t i = ke; i < hi && i < ke + 5; i++) aid |= is_word(c, i) && evt_is_aid(c->fw[i]);
            if (!aid) return TL_OK;
        }
        if (strcmp(lx->w, "called") == 0 && !call_ok(c, ke, hi, has_tgt ? &tgt : NULL))
            return TL_OK;
        if (!has_act && !has_tgt) return TL_OK;
    }

    /* symmetric verbs without a target: "Trump and Putin met" */
    if (has_partner && !has_tgt && (f & L_SYM)) {
        tgt = partner;
        has_tgt = 1;
        tgt_end = tgt.b;
        has_partner = 0;
    }
    if (((f & L_NEEDT) || ((f & L_NOUN) && !noun)) && !has_tgt) return TL_OK;
    /* assault and fight need someone who acts: "an explosion killed 14
     * people" is a disaster, not an assault; a known city is no actor
     * ("Kostrava killed", from a dateline or a headline) */
    if (evt_root(lx->code) >= 18 &&
        (!has_act || act.ent < 0 ||
         (c->d->e[act.ent].type == ENT_LOC && c->d->e[act.ent].country &&
          !geo_is_country_of(c, act.ent))))
        return TL_OK;
    if (has_act) set_actor(c, &ev, &act);
    if (has_tgt) set_target(c, &ev, &tgt);
    if (has_act && has_tgt && ev.actor >= 0 && ev.actor == ev.target) {
        ev.target = -1;
        ev.tgt_start = ev.tgt_end = 0;
        has_tgt = 0;
    }
    /* 041 when a phone is said: "spoke by phone with", "phone conversation" */
    if (f & L_PHONE) {
        size_t a = k > lo + 2 ? k - 2 : lo, b = ke + 3 < hi ? ke + 3 : hi;
        for (size_t i = a; i < b; i++)
            if (phoneish(c, i)) ev.code = "041";
    }
    if (has_partner && partner.ent >= 0 && partner.ent != ev.actor && ev.nothers < EVT_MAX_OTHERS)
        ev.others[ev.nothers++] = partner.ent;
    if (has_tgt) joined(c, tgt_end, hi, &ev);
    if (has_act && act_end && act_end < k) joined(c, act_end, k, &ev);
    finish(c, &ev, lo, hi, k, cs);
    if ((f & L_PLACE) && ev.target >= 0 && c->d->e[ev.target].type == ENT_LOC && ev.location < 0)
        ev.location = ev.target;
    return push(c, &ev);
}

/* A dateline opening a paragraph is no part of the sentence's grammar:
 * "KHARVIK — ...", "ST. ALDRIC, Carrow, March 20 (Caspian Wire) - ...",
 * "Washington D.C.: ...". When the sentence starts a paragraph with a word
 * in capitals (or a name right before a colon) and a dash or colon comes
 * within 14 tokens, its words start after that mark. */
static size_t skip_dateline(const ectx *c, size_t lo, size_t hi) {
    if (lo >= hi || (lo > 0 && !memchr(c->s + c->t.v[lo - 1].end, '\n',
                                       c->t.v[lo].start - c->t.v[lo - 1].end)))
        return lo;
    int caps = (c->t.v[lo].flags & TOK_ALLCAP) && c->t.v[lo].end - c->t.v[lo].start > 1;
    for (size_t i = lo + 1; i < hi && i < lo + 14; i++) {
        if (raw_is(c, i, "\xe2\x80\x94") || raw_is(c, i, "\xe2\x80\x93") ||
            (raw_is(c, i, "-") && c->t.v[i].start > c->t.v[i - 1].end))
            return caps ? i + 1 : lo;
        if (raw_is(c, i, ":")) return (caps || i < lo + 4) ? i + 1 : lo;
        if (c->inq[i]) return lo;
    }
    return lo;
}

/* ------------------------------------------------------------------------
 * API
 * ---------------------------------------------------------------------- */

int evt_extract(const char *text, size_t len, const ent_doc *d, const when_list *w, evt_list *out,
                tl_err *e) {
    if (len > UINT32_MAX) return err_set(e, TL_ETOOBIG, "events: text over 4 GB");
    if (d && d->ne == 0) d = NULL;
    ectx c;
    size_t first = out->n;
    int rc = ctx_init(&c, text, len, d, w, out);
    if (rc == TL_OK && d) {
        size_t ti = 0;
        for (size_t si = 0; si < c.ss.n && rc == TL_OK; si++) {
            while (ti < c.t.n && c.t.v[ti].start < c.ss.v[si].start) ti++;
            size_t lo = ti, hi = ti;
            while (hi < c.t.n && c.t.v[hi].end <= c.ss.v[si].end) hi++;
            lo = skip_dateline(&c, lo, hi);
            for (size_t k = lo; k < hi && rc == TL_OK; k++) {
                if (!is_word(&c, k) || c.inq[k] || c.men[k] >= 0 || !c.fw[k][0] ||
                    k < c.skip_to)
                    continue;
                const evt_lex *lx = NULL;
                size_t ke = k + 1;
                if (k + 1 < hi && is_word(&c, k + 1)) {
                    char two[2 * EW + 1];
                    snprintf(two, sizeof(two), "%s %s", c.fw[k], c.fw[k + 1]);
                    if ((lx = evt_lex_find(two)) != NULL) ke = k + 2;
                }
                if (!lx) lx = evt_lex_find(c.fw[k]);
                if (!lx) continue;
                /* "phone call": the phrase entry; a bare "call" after
                 * "phone" is the same trigger */
                rc = try_trigger(&c, lx, k, ke, lo, hi, (uint32_t)si);
                k = ke - 1;
            }
            ti = hi;
        }
    }
    ctx_free(&c);
    if (rc != TL_OK) {
        out->n = first;
        return err_set(e, rc, "events: %s", rc == TL_ENOMEM ? "out of memory" : err_name(rc));
    }
    return TL_OK;
}

void evt_list_free(evt_list *l) {
    free(l->v);
    *l = (evt_list)EVT_LIST_INIT;
}
