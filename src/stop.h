/* stop.h -- English stopwords: words that say nothing about a story's topic.
 *
 * Clustering and near-duplicate detection weigh the words two articles
 * share; function words ("the", "of", "would") and the verbs of reporting
 * every news article uses ("said", "told", "according") only add noise.
 * The list is the classic ~175-word English list (pronouns, auxiliaries,
 * articles, prepositions, conjunctions and their contractions), news-
 * function words (said, says, told, according, mr, mrs, ms, also, will,
 * the clitic tokens "'s", "s", "t") and ~180 general words in the manner
 * of the SMART list: common verbs (came, get, go, take, want), adverbs
 * and quantifiers (even, still, though, several, many), number words (one
 * to ten, first to third) and generic time words (today, yesterday, week,
 * year). Days of the week and month names stay: they date events. The
 * larger list raised clustering B-cubed F1 on three of the four eval sets
 * (see docs/clustering.md). An all-capitals acronym that spells a
 * stopword ("US") is kept by the caller (feat.c).
 *
 * The list is a static sorted table; stop_is() looks words up in a hash
 * set built from it on first use (pthread_once): thread-safe, and no more
 * than a hash and two compares per call.
 */
#ifndef TRILAT_STOP_H
#define TRILAT_STOP_H

#include <stddef.h>

/* 1 if the n bytes at folded (already folded with tok_fold(): lower case,
 * ' for ’) are an English stopword, else 0. */
int stop_is(const char *folded, size_t n);

/* The i-th word of the list in byte order (NUL-terminated, static), or NULL
 * past the end: for tests and for tools that print the list. */
const char *stop_word_at(size_t i);

#endif
