/* rouge_stem.c -- the stemmer of ROUGE-1.5.5's -m: WordNet exception
 * lists first, then the script's own Porter stemmer (see rouge.h).
 *
 * Why not libstemmer's "porter": the script's Perl stemmer departs from
 * the published algorithm ('bli' -> 'ble', 'logi' -> 'log', and Lin's 2004
 * change of step 4 for -ement), and its -m looks irregular forms up in
 * WordNet's exception lists before stemming; either difference moves
 * ROUGE-1 on DUC 2004 by more than the script's last printed digit.
 * Conditions are written as the script's regular expressions mean them.
 */
#include "rouge.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* ------------------------------------------------------------------------
 * Porter stemmer as ROUGE-1.5.5 has it (Perl, with Lin's step 4)
 *
 * The script states the conditions as regular expressions over the word:
 * C = [^aeiou][^aeiouy]*, V = [aeiouy][aeiou]*; measure m is the number of
 * VC in [C](VC)^m[V]. A y after a consonant is a vowel, after a vowel a
 * consonant; an initial y is made 'Y' first (always a consonant).
 * ---------------------------------------------------------------------- */

static int vowel5(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int measure(const char *s, size_t n) {
    int m = 0, prev_v = 0;
    for (size_t i = 0; i < n; i++) {
        int v = vowel5(s[i]) || (s[i] == 'y' && i > 0 && !prev_v);
        if (!v && prev_v) m++;
        prev_v = v;
    }
    return m;
}

static int has_vowel(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (vowel5(s[i]) || (s[i] == 'y' && i > 0)) return 1;
    return 0;
}

/* ^C v [^aeiouwxy]$ on the whole of s[0..n). */
static int cvc_word(const char *s, size_t n) {
    if (n < 3 || vowel5(s[0])) return 0;
    for (size_t i = 1; i + 2 < n; i++)
        if (vowel5(s[i]) || s[i] == 'y') return 0;
    char v = s[n - 2], c = s[n - 1];
    if (!(vowel5(v) || v == 'y')) return 0;
    return !(vowel5(c) || c == 'w' || c == 'x' || c == 'y');
}

static int ends(const char *w, size_t n, const char *suf) {
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* The longest suffix of w among list[2*i] (a regex alternation anchored at
 * $ matches the leftmost, so the longest); its index or -1. */
static int longest(const char *w, size_t n, const char *const *list, size_t cnt, size_t stride) {
    int best = -1;
    size_t bl = 0;
    for (size_t i = 0; i < cnt; i++) {
        const char *s = list[i * stride];
        size_t k = strlen(s);
        if (k > bl && ends(w, n, s)) { best = (int)i; bl = k; }
    }
    return best;
}

static const char *const STEP2[] = {
    "ational", "ate", "tional", "tion", "enci", "ence", "anci", "ance", "izer", "ize",
    "bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous",
    "ization", "ize", "ation", "ate", "ator", "ate", "alism", "al", "iveness", "ive",
    "fulness", "ful", "ousness", "ous", "aliti", "al", "iviti", "ive", "biliti", "ble",
    "logi", "log"};
static const char *const STEP3[] = {"icate", "ic", "ative", "", "alize", "al", "iciti", "ic",
                                    "ical", "ic", "ful", "", "ness", ""};
static const char *const STEP4[] = {"al", "ance", "ence", "er", "ic", "able", "ible", "ant",
                                    "ement", "ou", "ism", "ate", "iti", "ous", "ive", "ize"};

/* Replace the suffix of length k with rep when the stem has m > min_m. */
static size_t swap_suffix(char *w, size_t n, size_t k, const char *rep, int min_m) {
    if (measure(w, n - k) <= min_m) return n;
    size_t r = strlen(rep);
    memcpy(w + n - k, rep, r);
    return n - k + r;
}

/* Stem w[0..n) in place (room for n + 1 bytes); returns the new length. */
static size_t porter(char *w, size_t n) {
    if (n < 3) return n;
    int y0 = w[0] == 'y';
    if (y0) w[0] = 'Y';
    /* Step 1a */
    if (ends(w, n, "sses") || ends(w, n, "ies")) n -= 2;
    else if (n >= 2 && w[n - 1] == 's' && w[n - 2] != 's') n--;
    /* Step 1b */
    if (ends(w, n, "eed")) {
        if (measure(w, n - 3) > 0) n--;
    } else if (ends(w, n, "ed") || ends(w, n, "ing")) {
        size_t k = ends(w, n, "ed") ? 2 : 3;
        if (has_vowel(w, n - k)) {
            n -= k;
            if (ends(w, n, "at") || ends(w, n, "bl") || ends(w, n, "iz")) w[n++] = 'e';
            else if (n >= 2 && w[n - 1] == w[n - 2] && !strchr("aeiouylsz", w[n - 1])) n--;
            else if (cvc_word(w, n)) w[n++] = 'e';
        }
    }
    /* Step 1c */
    if (n >= 1 && w[n - 1] == 'y' && has_vowel(w, n - 1)) w[n - 1] = 'i';
    /* Step 2, 3 */
    int i = longest(w, n, STEP2, sizeof(STEP2) / sizeof(*STEP2) / 2, 2);
    if (i >= 0) n = swap_suffix(w, n, strlen(STEP2[2 * i]), STEP2[2 * i + 1], 0);
    i = longest(w, n, STEP3, sizeof(STEP3) / sizeof(*STEP3) / 2, 2);
    if (i >= 0) n = swap_suffix(w, n, strlen(STEP3[2 * i]), STEP3[2 * i + 1], 0);
    /* Step 4 (Lin, 02/14/2004: -ement first, then -ment, then -ent or -ion) */
    i = longest(w, n, STEP4, sizeof(STEP4) / sizeof(*STEP4), 1);
    if (i >= 0) n = swap_suffix(w, n, strlen(STEP4[i]), "", 1);
    if (ends(w, n, "ment")) n = swap_suffix(w, n, 4, "", 1);
    if (ends(w, n, "ent")) n = swap_suffix(w, n, 3, "", 1);
    else if (ends(w, n, "sion") || ends(w, n, "tion")) n = swap_suffix(w, n, 3, "", 1);
    /* Step 5 */
    if (n >= 1 && w[n - 1] == 'e') {
        int m = measure(w, n - 1);
        if (m > 1 || (m == 1 && !cvc_word(w, n - 1))) n--;
    }
    if (ends(w, n, "ll") && measure(w, n) > 1) n--;
    if (y0) w[0] = 'y';
    w[n] = '\0';
    return n;
}

/* ------------------------------------------------------------------------
 * WordNet exceptions
 * ---------------------------------------------------------------------- */

struct rouge_exc {
    char **key, **val;   /* open addressing, cap a power of two */
    size_t cap, n;
};

static const char *exc_get(const rouge_exc *x, const char *k, size_t n) {
    if (!x || !x->n) return NULL;
    for (size_t i = fnv(k, n) & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
        if (!x->key[i]) return NULL;
        if (strlen(x->key[i]) == n && memcmp(x->key[i], k, n) == 0) return x->val[i];
    }
}

static int exc_put(rouge_exc *x, const char *k, const char *v) {
    if (2 * (x->n + 1) > x->cap) {
        size_t nc = x->cap ? 2 * x->cap : 1024;
        char **nk = calloc(nc, sizeof(char *)), **nv = calloc(nc, sizeof(char *));
        if (!nk || !nv) { free(nk); free(nv); return TL_ENOMEM; }
        for (size_t i = 0; i < x->cap; i++) {
            if (!x->key[i]) continue;
            size_t j = fnv(x->key[i], strlen(x->key[i])) & (nc - 1);
            while (nk[j]) j = (j + 1) & (nc - 1);
            nk[j] = x->key[i];
            nv[j] = x->val[i];
        }
        free(x->key);
        free(x->val);
        x->key = nk;
        x->val = nv;
        x->cap = nc;
    }
    size_t n = strlen(k), i = fnv(k, n) & (x->cap - 1);
    while (x->key[i] && strcmp(x->key[i], k) != 0) i = (i + 1) & (x->cap - 1);
    char *nv = strdup(v);
    if (!nv) return TL_ENOMEM;
    if (x->key[i]) { free(x->val[i]); x->val[i] = nv; return TL_OK; }
    if (!(x->key[i] = strdup(k))) { free(nv); return TL_ENOMEM; }
    x->val[i] = nv;
    x->n++;
    return TL_OK;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int rouge_exc_load(const char *dir, rouge_exc **out, tl_err *e) {
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) return err_set(e, TL_EIO, "cannot open %s", dir);
    char *names[64];
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(d)) && nn < 64) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".exc") == 0) names[nn++] = strdup(de->d_name);
    }
    closedir(d);
    if (!nn) return err_set(e, TL_EEMPTY, "%s: no WordNet .exc file", dir);
    qsort(names, nn, sizeof(char *), cmp_str);
    rouge_exc *x = calloc(1, sizeof(*x));
    int rc = x ? TL_OK : TL_ENOMEM;
    for (size_t f = 0; f < nn && rc == TL_OK; f++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[f]);
        FILE *fp = fopen(path, "r");
        if (!fp) { rc = err_set(e, TL_EIO, "cannot open %s", path); break; }
        char line[1024];
        while (rc == TL_OK && fgets(line, sizeof(line), fp)) {
            char *sp = NULL, *a = strtok_r(line, " \t\r\n", &sp), *b = strtok_r(NULL, " \t\r\n", &sp);
            if (a && b) rc = exc_put(x, a, b);
        }
        fclose(fp);
    }
    for (size_t f = 0; f < nn; f++) free(names[f]);
    if (rc == TL_ENOMEM) err_set(e, rc, "out of memory");
    if (rc != TL_OK) { rouge_exc_free(x); return rc; }
    *out = x;
    return TL_OK;
}

size_t rouge_exc_size(const rouge_exc *x) { return x ? x->n : 0; }

void rouge_exc_free(rouge_exc *x) {
    if (!x) return;
    for (size_t i = 0; i < x->cap; i++) { free(x->key[i]); free(x->val[i]); }
    free(x->key);
    free(x->val);
    free(x);
}

size_t rouge_stem(const rouge_exc *exc, const char *tok, size_t len, char *buf, size_t cap) {
    if (!cap) return 0;
    const char *v = len > 3 ? exc_get(exc, tok, len) : NULL;
    if (v) { tok = v; len = strlen(v); }
    if (len >= cap) len = cap - 1;
    memcpy(buf, tok, len);
    buf[len] = '\0';
    if (v || len <= 3 || len >= ROUGE_TOK_MAX) return len;
    return porter(buf, len);
}

