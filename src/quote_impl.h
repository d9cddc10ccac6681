/* quote_impl.h -- internals shared by the quote extractor's files:
 * quote.c (context, speakers, API), quote_direct.c (quote marks) and
 * quote_ind.c (reported speech). Not part of the library's API.
 *
 * Ownership: a qctx lives for one quo_extract() call; it owns its token,
 * sentence and per-token arrays (freed in quote.c), never the text, the
 * ent_doc or the output list.
 */
#ifndef TRILAT_QUOTE_IMPL_H
#define TRILAT_QUOTE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "quote.h"
#include "sent.h"
#include "tok.h"

#define QW 48          /* longest folded word looked at */
#define NP_MAX 10      /* longest speaker phrase, in tokens */

/* Cue verbs: D usable with a direct quote, I introduces reported speech
 * (takes a clause: "said that …"). */
#define CUE_D 1
#define CUE_I 2
/* Per-call state: the text, its tokens and sentences, and what each token
 * is. */
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
    size_t first;         /* out->v[first..] are this call's quotes */
} qctx;

/* ------------------------------------------------------------------------
 * Token predicates (inline)
 * ---------------------------------------------------------------------- */

static inline int in_list(const char *const *l, size_t n, const char *w) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i], w) == 0) return 1;
    return 0;
}
#define IN(list, w) in_list(list, sizeof(list) / sizeof(list[0]), w)

static inline int tok_eq(const qctx *c, size_t i, const char *w) {
    return strcmp(c->fw[i], w) == 0;
}

/* Is token i a word (letters or digits)? */
static inline int is_word(const qctx *c, size_t i) {
    return (c->t.v[i].flags & (TOK_WORD | TOK_NUM)) != 0;
}

/* Punctuation that ends a speaker phrase or a clause. */
static inline int is_stop_punct(const qctx *c, size_t i) {
    return (c->t.v[i].flags & TOK_PUNCT) && !(c->t.v[i].flags & TOK_POSS);
}

/* Raw bytes of token i equal lit? */
static inline int tok_raw(const qctx *c, size_t i, const char *lit) {
    size_t n = strlen(lit);
    return c->t.v[i].end - c->t.v[i].start == n && memcmp(c->s + c->t.v[i].start, lit, n) == 0;
}

static inline int is_open_dq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x9c"); }
static inline int is_close_dq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x9d"); }
/* A straight double quote, or two apostrophes standing for one ('' in
 * some newspaper archives); returns the width in tokens, 0 if neither. */
static inline int straight_w(const qctx *c, size_t i) {
    if (tok_raw(c, i, "\"")) return 1;
    if (tok_raw(c, i, "'") && i + 1 < c->t.n && tok_raw(c, i + 1, "'") &&
        c->t.v[i + 1].start == c->t.v[i].end)
        return 2;
    return 0;
}
static inline int is_straight(const qctx *c, size_t i) { return straight_w(c, i) > 0; }
static inline int is_open_sq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x98"); }
static inline int is_close_sq(const qctx *c, size_t i) { return tok_raw(c, i, "\xe2\x80\x99"); }
static inline int is_qmark(const qctx *c, size_t i) {
    return is_open_dq(c, i) || is_close_dq(c, i) || is_straight(c, i) || is_open_sq(c, i) ||
           is_close_sq(c, i) || tok_raw(c, i, "'");
}

/* ------------------------------------------------------------------------
 * Shared helpers (quote.c)
 * ---------------------------------------------------------------------- */

int quo_np_stop(const char *w);                  /* a word a speaker phrase stops at */
int quo_tok_cue(const qctx *c, size_t i);        /* CUE_* flags of token i, 0 if no cue */
size_t quo_tok_at(const qctx *c, size_t off);    /* first token at or after byte off */
long quo_resolve(const qctx *c, size_t a, size_t b);   /* entity of speaker tokens [a, b) */
int quo_np_tok(const qctx *c, size_t i);
int quo_is_pronoun(const qctx *c, size_t i);
int quo_np_before(const qctx *c, size_t lo, size_t k, size_t *a, size_t *b);
int quo_np_after(const qctx *c, size_t k, size_t hi, size_t *a, size_t *b);
int quo_obj_after(const qctx *c, size_t k, size_t hi, size_t *a, size_t *b);
size_t quo_channel_at(const qctx *c, size_t j, size_t hi);
int quo_sent_subject(const qctx *c, size_t *f, size_t k, size_t *b);
long quo_resolve_appos(const qctx *c, size_t a, size_t name_end, size_t k);
int quo_appos_before(const qctx *c, size_t lo, size_t k, size_t *a, size_t *name_end);
int quo_push(qctx *c, const quo_quote *q);
void quo_set_speaker(qctx *c, quo_quote *q, size_t a, size_t b, size_t k, size_t kend);
void quo_set_sents(const qctx *c, quo_quote *q, size_t ta, size_t tb);

/* The two passes: quote marks (quote_direct.c), then reported speech
 * (quote_ind.c). TL_OK or TL_ENOMEM. */
int quo_direct_quotes(qctx *c);
int quo_indirect_quotes(qctx *c);

#endif
