/* quote_direct.c -- direct quotes: pair the quote marks of each paragraph,
 * then find each quote's cue and speaker next to it (see quote.h).
 *
 * "…,” X said" and "“…,” said X" are looked for after the closing mark,
 * "X said: “…”" and partial quotes ("X described it as “…”") before the
 * opening one; a quote without a cue of its own continues the previous
 * quote of its paragraph (or of the previous paragraph, left open).
 */
#include "quote_impl.h"

#include <stdlib.h>

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
        if (!quo_np_after(c, j, hi, &a, &b) || !(c->t.v[a].flags & TOK_CAP)) return 0;
        quo_set_speaker(c, q, a, b, j, j + 1);
        return 1;
    }
    /* "said X" */
    if (quo_tok_cue(c, j) & CUE_D) {
        if (!quo_np_after(c, j, hi, &a, &b)) return 0;
        quo_set_speaker(c, q, a, b, j, j + 1);
        size_t ch = quo_channel_at(c, b, hi);
        if (ch > b) { q->chan_start = c->t.v[b].start; q->chan_end = c->t.v[ch - 1].end; }
        return 1;
    }
    /* "X said", "X, an economist, said" */
    while (k < n && k - j < NP_MAX + 3 && quo_np_tok(c, k)) k++;
    size_t name_end = k;
    if (k < n && k > j && tok_raw(c, k, "(")) {   /* "Rep. John Mica (R-Fla.) said" */
        size_t p = k + 1;
        while (p < n && p - k < 8 && !tok_raw(c, p, ")") && !c->inq[p]) p++;
        if (p + 1 < n && tok_raw(c, p, ")") && (quo_tok_cue(c, p + 1) & CUE_D)) k = p + 1;
    }
    if (k < n && k > j && tok_raw(c, k, ",")) {   /* apposition up to the next comma */
        size_t p = k + 1;
        while (p < n && p - k < 25 && !tok_raw(c, p, ",") && !c->inq[p] && !is_qmark(c, p) &&
               !tok_raw(c, p, ".") && c->sent_of[p] == c->sent_of[j])
            p++;
        if (p + 1 < n && tok_raw(c, p, ",") && (quo_tok_cue(c, p + 1) & CUE_D)) k = p + 1;
    }
    if (k >= n || !(quo_tok_cue(c, k) & CUE_D) || c->sent_of[k] != c->sent_of[j]) return 0;
    if (name_end < k) {
        quo_set_speaker(c, q, j, k - 1, k, k + 1);
        q->entity = quo_resolve(c, j, name_end);
    } else {
        if (!quo_np_before(c, j, k, &a, &b) || a != j) return 0;
        quo_set_speaker(c, q, a, b, k, k + 1);
    }
    size_t after = k + 1;
    if ((tok_eq(c, k, "told") || tok_eq(c, k, "tells")) && quo_obj_after(c, k, n, &a, &b)) {
        q->chan_start = c->t.v[k].start;
        q->chan_end = c->t.v[b - 1].end;
        return 1;
    }
    size_t ch = quo_channel_at(c, after, n);
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
        if (!(quo_tok_cue(c, k) & CUE_D) || c->used[k]) continue;
        size_t a, b, name_end;
        size_t fl = strlen(c->fw[k]);
        if (fl > 4 && !strcmp(c->fw[k] + fl - 3, "ing") && k > 0 && tok_raw(c, k - 1, ",")) {
            /* "X poked at Trump, tweeting, “…”": the subject of the sentence */
            size_t f = k;
            while (f > 0 && c->sent_of[f - 1] == c->sent_of[k]) f--;
            size_t e;
            if (!quo_sent_subject(c, &f, k, &e)) return 0;
            quo_set_speaker(c, q, f, e, k, k + 1);
        } else if (quo_appos_before(c, lo, k, &a, &name_end)) {
            quo_set_speaker(c, q, a, k - 1, k, k + 1);
            q->entity = quo_resolve_appos(c, a, name_end, k);
        } else if (quo_np_before(c, lo, k, &a, &b)) {
            quo_set_speaker(c, q, a, b, k, k + 1);
        } else {
            return 0;   /* "Said X: “…”" is rare; give up on this cue */
        }
        /* channel: "told reporters", "on social media" */
        size_t a2, b2;
        if ((tok_eq(c, k, "told") || tok_eq(c, k, "tells")) && quo_obj_after(c, k, qo, &a2, &b2)) {
            q->chan_start = c->t.v[k].start;
            q->chan_end = c->t.v[b2 - 1].end;
        } else {
            size_t ch = quo_channel_at(c, k + 1, qo);
            if (ch > k + 1) {
                q->chan_start = c->t.v[k + 1].start;
                q->chan_end = c->t.v[ch - 1].end;
            }
        }
        return 1;
    }
    return 0;
}

/* One pair of marks: opening mark at qo, content tokens [ca, cb), closing
 * mark at qc (its last token at qe) unless open_end. */
typedef struct { size_t qo, ca, cb, qc, qe; int open_end; } qspan;

/* Pair the quote marks of the text: “…” (nested marks inside are content;
 * a ” that starts a paragraph right before a word opens one too),
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
            if (is_open_dq(c, i)) {
                open = i;
                kind = 1;
                ca = i + 1;
            } else if (is_straight(c, i)) {
                open = i;
                kind = 2;
                ca = i + (size_t)straight_w(c, i);
                i = ca - 1;   /* past both apostrophes of '' */
            } else if (is_close_dq(c, i) && (i == 0 || c->para_of[i - 1] != c->para_of[i]) &&
                       i + 1 < n && is_word(c, i + 1) && c->t.v[i + 1].start == c->t.v[i].end) {
                /* ”Text…” : a closing mark typed at the start of a paragraph */
                open = i;
                kind = 1;
                ca = i + 1;
            } else if (is_open_sq(c, i) && i + 1 < n && is_word(c, i + 1)) {
                open = i;
                kind = 3;
                ca = i + 1;
            }
        }
    }
    *out = v;
    *nout = nq;
    return TL_OK;
}

int quo_direct_quotes(qctx *c) {
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
            size_t pt = quo_tok_at(c, p->start);
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
        quo_set_sents(c, &q, ca, cb - 1);
        rc = quo_push(c, &q);
        prev = (long)c->out->n - 1;
    }
    free(v);
    return rc;
}
