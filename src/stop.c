/* stop.c -- English stopword lookup (see stop.h).
 *
 * The list is a static table sorted in byte order (LC_ALL=C sort): easy to
 * read and to extend, and stop_word_at() walks it. stop_is() runs once per
 * word token on the clustering hot path, where a binary search with
 * memcmp cost ~60 ns (8 unpredictable branches plus libc calls), so the
 * first call builds a 1024-slot open-addressing hash set from the table
 * under pthread_once (thread-safe, never freed: 16 KB). Each slot holds a
 * word packed into two 64-bit integers, so a probe is two compares and
 * the hash is one multiply over the packed query. tests/unit/test_stem.c checks
 * the table is sorted and that every entry is found.
 */
#include "stop.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * The list (byte order!)
 * ---------------------------------------------------------------------- */

static const char *const STOP[] = {
    "'s", "a", "able", "about", "above", "according", "across", "actually",
    "added", "adding", "after", "again", "against", "ago", "all", "almost",
    "along", "already", "also", "although", "always", "am", "among", "an",
    "and", "another", "any", "anyone", "anything", "are", "aren't",
    "around", "as", "asked", "at", "away", "back", "be", "became",
    "because", "become", "been", "before", "began", "behind", "being",
    "below", "best", "better", "between", "big", "both", "but", "by",
    "came", "can", "can't", "cannot", "certain", "clearly", "come", "comes",
    "coming", "could", "couldn't", "day", "days", "did", "didn't", "do",
    "does", "doesn't", "doing", "don't", "done", "down", "during", "each",
    "early", "eight", "either", "else", "enough", "especially", "even",
    "ever", "every", "fact", "far", "few", "find", "first", "five", "for",
    "four", "from", "further", "gave", "get", "gets", "getting", "give",
    "given", "go", "goes", "going", "gone", "good", "got", "great", "had",
    "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he'd",
    "he'll", "he's", "her", "here", "here's", "hers", "herself", "him",
    "himself", "his", "how", "how's", "however", "i", "i'd", "i'll", "i'm",
    "i've", "if", "in", "instead", "into", "is", "isn't", "it", "it's",
    "its", "itself", "just", "know", "known", "large", "last", "later",
    "least", "less", "let", "let's", "like", "likely", "little", "long",
    "look", "made", "make", "makes", "making", "many", "may", "me", "might",
    "month", "months", "more", "most", "mr", "mrs", "ms", "much", "must",
    "mustn't", "my", "myself", "need", "never", "new", "next", "nine", "no",
    "nor", "not", "noted", "now", "of", "off", "often", "old", "on", "once",
    "one", "ones", "only", "or", "other", "ought", "our", "ours",
    "ourselves", "out", "over", "own", "perhaps", "put", "quite", "rather",
    "really", "recent", "recently", "reported", "right", "s", "said",
    "same", "say", "saying", "says", "second", "see", "seem", "seemed",
    "seems", "seen", "set", "seven", "several", "shan't", "she", "she'd",
    "she'll", "she's", "should", "shouldn't", "since", "six", "small", "so",
    "some", "something", "soon", "still", "such", "t", "take", "taken",
    "taking", "tell", "ten", "than", "that", "that's", "the", "their",
    "theirs", "them", "themselves", "then", "there", "there's", "these",
    "they", "they'd", "they'll", "they're", "they've", "thing", "things",
    "think", "third", "this", "those", "though", "thought", "three",
    "through", "thus", "time", "times", "to", "today", "together", "told",
    "tonight", "too", "took", "toward", "towards", "two", "under", "until",
    "up", "upon", "us", "use", "used", "using", "very", "want", "wanted",
    "was", "wasn't", "way", "ways", "we", "we'd", "we'll", "we're", "we've",
    "week", "weeks", "well", "went", "were", "weren't", "what", "what's",
    "when", "when's", "where", "where's", "whether", "which", "while",
    "who", "who's", "whole", "whom", "whose", "why", "why's", "will",
    "with", "within", "without", "won't", "would", "wouldn't", "year",
    "years", "yesterday", "yet", "you", "you'd", "you'll", "you're",
    "you've", "your", "yours", "yourself", "yourselves",
};

#define NSTOP (sizeof(STOP) / sizeof(STOP[0]))
#define STOP_MAXLEN 10   /* "yourselves"; packed words need <= 15 */
#if STOP_MAXLEN > 15
#error "pack() holds at most 15 bytes"
#endif
#define HBITS 10
#define HSIZE (1u << HBITS)   /* > 2.5 x NSTOP: short probe runs */

/* ------------------------------------------------------------------------
 * Hash set
 * ---------------------------------------------------------------------- */

typedef struct {
    uint64_t w[2];            /* bytes 0-7, bytes 8-9 + length << 56;
                                 all zero = empty */
} slot_t;

static slot_t SET[HSIZE];
static pthread_once_t SET_ONCE = PTHREAD_ONCE_INIT;

/* Pack n <= STOP_MAXLEN bytes into *k (in registers: storing bytes and
 * reloading them as words stalls store forwarding) and hash the packed
 * words with one multiply. */
static inline uint32_t pack(const char *s, size_t n, slot_t *k) {
    const unsigned char *b = (const unsigned char *)s;
    uint64_t w0 = 0, w1 = (uint64_t)n << 56;   /* so "a\0" is not "a" */
    size_t i = 0;
    for (; i < n && i < 8; i++) w0 |= (uint64_t)b[i] << (8 * i);
    for (; i < n; i++) w1 |= (uint64_t)b[i] << (8 * (i - 8));
    k->w[0] = w0;
    k->w[1] = w1;
    uint64_t h = (w0 ^ (w1 * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> (64 - HBITS));
}

static void set_build(void) {
    for (size_t i = 0; i < NSTOP; i++) {
        slot_t k;
        uint32_t h = pack(STOP[i], strlen(STOP[i]), &k);
        while (SET[h].w[0]) h = (h + 1) & (HSIZE - 1);
        SET[h] = k;
    }
}

/* ------------------------------------------------------------------------
 * Lookup
 * ---------------------------------------------------------------------- */

int stop_is(const char *folded, size_t n) {
    if (n == 0 || n > STOP_MAXLEN) return 0;
    pthread_once(&SET_ONCE, set_build);
    slot_t k;
    for (uint32_t h = pack(folded, n, &k);; h = (h + 1) & (HSIZE - 1)) {
        const slot_t *e = &SET[h];
        if (e->w[0] == k.w[0] && e->w[1] == k.w[1]) return 1;
        if (!e->w[0]) return 0;
    }
}

const char *stop_word_at(size_t i) { return i < NSTOP ? STOP[i] : NULL; }
