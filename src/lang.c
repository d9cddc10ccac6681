/* lang.c -- language guessing by function words (see lang.h). */
#include "lang.h"
#include "text.h"

#include <ctype.h>
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

static int word_eq(const char *w, size_t n, const char *s) {
    return strlen(s) == n && memcmp(w, s, n) == 0;
}

const char *lang_detect(const char *text, size_t len) {
    if (len > LANG_SCAN_BYTES) len = LANG_SCAN_BYTES;
    int score[NLANGS] = {0};
    long latin = 0, cyr = 0, ukr = 0, arab = 0, cjk = 0, kana = 0, greek = 0;
    char w[24];
    size_t wn = 0;
    for (size_t i = 0; i <= len; ) {
        unsigned c = i < len ? (unsigned char)text[i] : ' ';
        if (c < 0x80) {
            if (isalpha(c) && wn < sizeof(w)) { w[wn++] = (char)tolower(c); latin++; }
            else if (!isalpha(c)) {
                if (wn) {
                    for (size_t l = 0; l < NLANGS; l++)
                        for (int k = 0; LANGS[l].words[k]; k++)
                            if (word_eq(w, wn, LANGS[l].words[k])) score[l]++;
                }
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
