/* quant.h -- numeric claims: quantities with their value, unit, hedge and
 * what they measure.
 *
 * Outlets state the same number in many ways: "about 20%", "one-fifth",
 * "approximately 20 percent"; "about 40 minutes", "a roughly 40-minute
 * call"; "$4.2 billion", "4.2bn dollars", "€50bn"; "as many as 1,000
 * prisoners"; "hundreds of thousands of casualties". To compare them,
 * each is reduced to
 *
 *   kind      percent, money, duration, count, year, ordinal, measure
 *   value     the number in a normal unit: percentage points (one-fifth
 *             = 20), money in units of its currency, durations in
 *             seconds, lengths in metres, masses in kilograms;
 *   unit      "%", "USD"/"EUR"/"GBP"/..., "s", "m", "kg", and for counts
 *             the counted noun's key ("prisoner");
 *   hedge     about/roughly/approximately/some/around (QTY_ABOUT),
 *             nearly/almost/close to (QTY_NEARLY), more than/over/above
 *             (QTY_OVER), less than/under/fewer than (QTY_UNDER), up to/
 *             as many as (QTY_UPTO), at least (QTY_ATLEAST), a range
 *             ("between 3 and 5", "3-5"), or a vague multiple ("hundreds
 *             of", "dozens of");
 *   [lo, hi]  the interval the hedge allows (QTY_ABOUT: +-10%; spoken
 *             fractions count as "about"; QTY_OVER: [v, inf); see
 *             docs/facts.md for the table). hi is INFINITY when open;
 *   measured  the noun phrase the number measures: the counted noun
 *             ("1,000 prisoners"), the "of" phrase of a share ("20% of
 *             Ukraine's territory"), the noun a compound adjective
 *             modifies ("a 40-minute call"), or the subject of
 *             last/take/cost ("the call lasted about 40 minutes"); its
 *             head noun as a folded, stemmed key ("call", "territori").
 *
 * A quantity that measures an event (a call, a meeting, talks, a war) is
 * flagged event_bound: facts alignment compares such numbers only within
 * one story, where they are about the same event.
 *
 * Dates and times of day are not quantities (when.h reads them); years
 * standing alone ("in 2014", "pre-2014 borders") are kept as QTY_YEAR.
 *
 * Ownership: qty_find appends to a caller-owned qty_list (start from
 * QTY_LIST_INIT or zeroed memory; free with qty_list_free).
 */
#ifndef TRILAT_QUANT_H
#define TRILAT_QUANT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "tok.h"

typedef enum {
    QTY_PERCENT = 0, QTY_MONEY, QTY_DURATION, QTY_COUNT, QTY_YEAR, QTY_ORDINAL, QTY_MEASURE,
    QTY_NKINDS
} qty_kind;

typedef enum {
    QTY_EXACT = 0, QTY_ABOUT, QTY_NEARLY, QTY_OVER, QTY_UNDER, QTY_UPTO, QTY_ATLEAST,
    QTY_RANGE, QTY_VAGUE, QTY_NHEDGES
} qty_hedge;

#define QTY_UNIT_MAX 24
#define QTY_HEAD_MAX 32

typedef struct qty {
    uint32_t start, end;            /* the whole expression, hedge and unit included */
    qty_kind kind;
    qty_hedge hedge;
    double value;                   /* point value in the normal unit */
    double lo, hi;                  /* interval allowed by the hedge; hi may be INFINITY */
    char unit[QTY_UNIT_MAX];
    uint32_t head_start, head_end;  /* measured noun phrase; head_end == 0: none found */
    char head[QTY_HEAD_MAX];        /* its head noun, folded and stemmed; "" when none */
    uint32_t sent_start, sent_end;  /* the sentence */
    int event_bound;
} qty_t;

typedef struct qty_list {
    qty_t *v;
    size_t n, cap;
} qty_list;

#define QTY_LIST_INIT {NULL, 0, 0}

/* Find the quantities of text, in text order. toks: its tokens
 * (tok_text), or NULL to tokenize here. TL_OK or TL_ENOMEM. */
int qty_find(const char *text, size_t len, const tok_list *toks, qty_list *out, tl_err *e);

void qty_list_free(qty_list *l);

/* Names: "percent", "money", ...; "exact", "about", ...; and back (-1
 * when unknown). */
const char *qty_kind_name(qty_kind k);
const char *qty_hedge_name(qty_hedge h);
int qty_kind_parse(const char *s);
int qty_hedge_parse(const char *s);

/* The value as people write it, in its unit: "20%", "$100 billion",
 * "40 min", "1,000 prisoner". */
void qty_format(const qty_t *q, char *out, size_t cap);

#endif
