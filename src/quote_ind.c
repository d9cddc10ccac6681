/* quote_ind.c -- indirect quotes (reported speech) outside quote marks:
 * "X said (that) …", "X told reporters …", "…, X said.", "X, an aide,
 * said …", "according to X, …" (see quote.h). One per sentence at most.
 */
#include "quote_impl.h"

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
    quo_set_speaker(c, &q, a, b, k, kend);
    quo_set_sents(c, &q, ca, cb - 1);
    return quo_push(c, &q);
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
        quo_obj_after(c, k, last, &a2, &b2)) {
        *chs = k;
        *che = b2;
        j = b2;
    }
    size_t ch = quo_channel_at(c, j, last);
    if (ch > j) { *chs = j; *che = ch; j = ch; }
    while (j < last && time_word(c, j) && j + 1 < last && !tok_eq(c, j + 1, "that") &&
           (time_word(c, j + 1) || j > k + 1 || tok_eq(c, j, "on")))
        j++;
    /* "said after the convention he would …": a short phrase of time or
     * place, then "that" or a pronoun subject */
    static const char *const PP[] = {"after", "before", "in", "at", "during", "since",
                                     "on", "last", "while", "earlier", "from"};
    if (j < last && IN(PP, c->fw[j])) {
        size_t p = j + 1;
        while (p < last && p - j < 7 && is_word(c, p) && !tok_eq(c, p, "that") &&
               !quo_is_pronoun(c, p))
            p++;
        if (p + 1 < last && p > j + 1 && (tok_eq(c, p, "that") || quo_is_pronoun(c, p)) &&
            is_word(c, p + 1))
            j = p;
    }
    if (j >= last || !is_word(c, j) || c->inq[j]) return 0;
    if (quo_np_stop(c->fw[j]) && !tok_eq(c, j, "that") && !quo_is_pronoun(c, j) &&
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
    return (c->t.v[a].flags & TOK_CAP) || IN(DET, c->fw[a]) || quo_is_pronoun(c, a);
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
            if (!quo_np_after(c, k + 1, last, &a, &b)) continue;
            if (k == f || (k == f + 1 && tok_raw(c, f, ","))) {
                size_t ca = b < last && tok_raw(c, b, ",") ? b + 1 : b;
                return emit_indirect(c, ca, last, a, b, k, k + 2);
            }
            size_t cb = k > f && tok_raw(c, k - 1, ",") ? k - 1 : k;
            if (b < last && tok_raw(c, b, ",") && cb == k - 1) cb = last;   /* parenthetical */
            return emit_indirect(c, f, cb, a, b, k, k + 2);
        }
        int cf = quo_tok_cue(c, k);
        if (!(cf & CUE_I)) continue;
        size_t a, b, ca, chs, che;
        int comma_cue = k > f && tok_raw(c, k - 1, ",");
        int subj = quo_np_before(c, f, k, &a, &b);
        /* "…, X said." / "…, said X." / "…, X said, …" */
        if (comma_cue || (subj && a > f && tok_raw(c, a - 1, ","))) {
            size_t comma = a - 1, tail = k + 1;
            int ok = 1;
            if (comma_cue) {
                ok = quo_np_after(c, k, last, &a, &b) && speaker_like(c, a);
                comma = k - 1;
                tail = b;
            }
            size_t oa, ob, tchs = 0, tche = 0;
            if (ok && !comma_cue && (tok_eq(c, k, "told") || tok_eq(c, k, "tells")) &&
                quo_obj_after(c, k, last, &oa, &ob)) {
                tchs = k;   /* "…, Ushakov told Tass." */
                tche = ob;
                tail = ob;
            }
            if (ok) {
                size_t t0 = tail;
                tail = quo_channel_at(c, tail, last);
                if (tail > t0) { tchs = t0; tche = tail; }
                while (tail < last && time_word(c, tail)) tail++;
                if (tail >= last)
                    return emit_with_channel(c, f, comma, a, b, k, k + 1, tchs, tche);
                if (tok_raw(c, tail, ",") && tail + 1 < last && comma > f)
                    return emit_indirect(c, f, last, a, b, k, k + 1);   /* parenthetical */
            }
            /* "X, an aide to Y, said (that) …": the name before the apposition */
            size_t name_end;
            if (comma_cue && quo_appos_before(c, f, k, &a, &name_end) && subject_start(c, f, a) &&
                clause_after(c, k, last, &ca, &chs, &che)) {
                int rc = emit_with_channel(c, ca, last, a, k - 1, k, k + 1, chs, che);
                if (rc == TL_OK && c->out->n > before)
                    c->out->v[c->out->n - 1].entity = quo_resolve_appos(c, a, name_end, k);
                return rc;
            }
            if (comma_cue) continue;
            /* "For his part, Mr. Obama said he …": a subject after an
             * opening phrase; on to the clause case below */
        }
        /* "X promised … and said she would …": the sentence's subject */
        if (!subj && k > f + 1 && tok_eq(c, k - 1, "and")) {
            size_t sb, sf = f;
            if (quo_sent_subject(c, &sf, k - 1, &sb) && clause_after(c, k, last, &ca, &chs, &che)) {
                int rc = emit_with_channel(c, ca, last, sf, sb, k, k + 1, chs, che);
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

int quo_indirect_quotes(qctx *c) {
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
