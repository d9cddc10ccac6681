/* lang.c -- language guessing by function words (see lang.h). */
#include "lang.h"
#include "text.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define LANG_SCAN_BYTES 4096

typedef struct {
    const char *code;
    const char *words[16];
} lang_words;

/* The most frequent, fairly exclusive function words of each language. */
static const lang_words LANGS[] = {
    {"en", {"the", "and", "of", "to", "is", "that", "with", "for", "was",
            "on", "he", "it", "said", "by", "from", NULL}},
    {"de", {"der", "die", "und", "das", "nicht", "ist", "mit", "sich", "auf",
            "ein", "eine", "dem", "den", "auch", "wurde", NULL}},
    {"fr", {"le", "les", "des", "et", "est", "une", "dans", "pour", "qui",
            "pas", "sur", "au", "du", "avec", "sont", NULL}},
    {"es", {"el", "los", "las", "y", "es", "una", "del", "para", "que", "por",
            "con", "se", "fue", "como", "al", NULL}},
    {"it", {"il", "di", "che", "della", "per", "non", "sono", "gli", "una",
            "con", "nel", "anche", "alla", "del", "ha", NULL}},
    {"pt", {"o", "os", "da", "do", "que", "em", "uma", "para", "com", "não",
            "dos", "foi", "pelo", "ao", "mais", NULL}},
    {"nl", {"de", "het", "een", "van", "en", "niet", "op", "dat", "zijn", "met",
            "voor", "ook", "werd", "bij", "naar", NULL}},
};
#define NLANGS (sizeof(LANGS) / sizeof(LANGS[0]))

/* Function word -> bit set of languages, in a small open-addressing table
 * built once (the lookup is on the ingest hot path). */
#define WORD_MAX 8
#define TABLE_SIZE 512
static struct { char w[WORD_MAX]; uint8_t len; uint8_t langs; } table[TABLE_SIZE];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static unsigned word_hash(const char *w, size_t n) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h & (TABLE_SIZE - 1);
}

static void table_build(void) {
    for (size_t l = 0; l < NLANGS; l++) {
        for (int k = 0; LANGS[l].words[k]; k++) {
            const char *w = LANGS[l].words[k];
            size_t n = strlen(w);
            unsigned i = word_hash(w, n);
            while (table[i].len && !(table[i].len == n && memcmp(table[i].w, w, n) == 0))
                i = (i + 1) & (TABLE_SIZE - 1);
            memcpy(table[i].w, w, n);
            table[i].len = (uint8_t)n;
            table[i].langs |= (uint8_t)(1u << l);
        }
    }
}

static unsigned word_langs(const char *w, size_t n) {
    if (n == 0 || n >= WORD_MAX) return 0;
    for (unsigned i = word_hash(w, n); table[i].len; i = (i + 1) & (TABLE_SIZE - 1))
        if (table[i].len == n && memcmp(table[i].w, w, n) == 0) return table[i].langs;
    return 0;
}

const char *lang_detect(const char *text, size_t len) {
    if (len > LANG_SCAN_BYTES) len = LANG_SCAN_BYTES;
    pthread_once(&table_once, table_build);
    int score[NLANGS] = {0};
    long latin = 0, cyr = 0, ukr = 0, arab = 0, cjk = 0, kana = 0, greek = 0;
    char w[24];
    size_t wn = 0;
    for (size_t i = 0; i <= len; ) {
        unsigned c = i < len ? (unsigned char)text[i] : ' ';
        if (c < 0x80) {
            if (isalpha(c) && wn < sizeof(w)) { w[wn++] = (char)tolower(c); latin++; }
            else if (!isalpha(c)) {
                unsigned m = word_langs(w, wn);
                for (size_t l = 0; m; l++, m >>= 1) score[l] += (int)(m & 1);
                wn = 0;
            }
            i++;
            continue;
        }
        int n;
        uint32_t cp = text_decode(text + i, len - i, &n);
        if (cp >= 0x400 && cp <= 0x4FF) {
            cyr++;
            if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491) ukr++;
        } else if (cp >= 0x600 && cp <= 0x6FF) arab++;
        else if (cp >= 0x3040 && cp <= 0x30FF) kana++;
        else if (cp >= 0x4E00 && cp <= 0x9FFF) cjk++;
        else if (cp >= 0x370 && cp <= 0x3FF) greek++;
        else if (cp >= 0xC0 && cp < 0x250 && wn + (size_t)n <= sizeof(w)) {
            memcpy(w + wn, text + i, (size_t)n);   /* accented Latin letter */
            wn += (size_t)n;
            latin++;
        }
        i += (size_t)n;
    }
    long nonlatin = cyr + arab + cjk + kana + greek;
    if (nonlatin > latin) {
        if (kana > 0 && kana * 10 > cjk) return "ja";
        if (cjk >= arab && cjk >= cyr && cjk >= greek) return "zh";
        if (cyr >= arab && cyr >= greek) return ukr * 50 > cyr ? "uk" : "ru";
        return arab >= greek ? "ar" : "el";
    }
    size_t best = 0;
    for (size_t l = 1; l < NLANGS; l++)
        if (score[l] > score[best]) best = l;
    return score[best] >= 3 ? LANGS[best].code : "und";
}
