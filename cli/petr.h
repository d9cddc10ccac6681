/* petr.h -- the PETRARCH2 validation data, read where it lies: the unit
 * test records (PETR.UnitTest.records.xml: <Sentence> elements with gold
 * <EventCoding> and <Text>) and the actor and agent dictionaries
 * (PETR.Validate.actors.txt, PETR.Validate.agents.txt) that turn an actor
 * phrase into a PETRARCH code ("Gondor" -> GON, "Gondor's president" ->
 * GONGOV).
 *
 * Why: `trilat eval events --petrarch DIR` compares the event extractor's
 * CAMEO codes, actors and targets with the codings PETRARCH is tested
 * against; actors must be coded with PETRARCH's own dictionaries to be
 * comparable. Only what that comparison needs is read: no verb patterns,
 * no parse trees, no discard list.
 *
 * Dictionary format (PETRARCH documentation): one entry per line, words
 * joined by '_' or ' ', the code in brackets after it or on the following
 * indented lines ([GOL], [HOB < 950601], [HOBGOV 19950601 - 19990815],
 * [HOBREB > 990816]: codes restricted to dates); '+' lines are synonyms of
 * the entry above; '#' starts a comment; <!-- --> blocks are skipped. In
 * agents, [~GOV] is a suffix to the actor's code, [NGO~] a prefix, and
 * {PLURAL} lists plural forms ({} adds an S). An entry matches words of the
 * phrase in order, its last word as a prefix (stem) unless the entry ends
 * with '_'.
 */
#ifndef TRILAT_CLI_PETR_H
#define TRILAT_CLI_PETR_H

#include <stddef.h>

#include "err.h"

#define PETR_MAX_CODINGS 8

typedef struct petr_coding {
    char src[24], tgt[24], code[8];
} petr_coding;

typedef struct petr_record {
    char id[48];
    long date;                    /* YYYYMMDD, 0 when absent */
    char *text;                   /* whitespace collapsed to single spaces */
    size_t len;
    petr_coding c[PETR_MAX_CODINGS];
    int nc;
} petr_record;

typedef struct petr_records {
    petr_record *v;
    size_t n, cap;
    long skipped;                 /* sentence="false" records left out */
    long codings;                 /* EventCoding elements kept */
} petr_records;

/* Read the records of a PETRARCH validation file. TL_OK, TL_EIO,
 * TL_EPARSE (no <Sentence> element), TL_ENOMEM. */
int petr_read_records(const char *path, petr_records *out, tl_err *e);
void petr_records_free(petr_records *r);

typedef struct petr_dict petr_dict;

/* Read an actors (agents = 0) or agents (agents = 1) dictionary into *d
 * (a new dictionary, or NULL on failure). TL_OK, TL_EIO, TL_ENOMEM. */
int petr_read_dict(const char *path, int agents, petr_dict **d, tl_err *e);
void petr_dict_free(petr_dict *d);
size_t petr_dict_size(const petr_dict *d);

/* Code of an actor phrase on date (YYYYMMDD, 0: any): the longest actor
 * entry in it plus the longest agent entry ("---" + agent when there is no
 * actor); "" when neither matches. */
void petr_code(const petr_dict *actors, const petr_dict *agents, const char *phrase, size_t n,
               long date, char *out, size_t cap);

/* Do two codes agree on the actor? "country": the first three characters
 * (for "---GOV", the agent part instead) are equal; exact: the same code. */
int petr_same_country(const char *gold, const char *pred);

#endif
