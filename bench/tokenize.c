/* tokenize.c -- throughput of the text pipeline's hot path (never pass/fail).
 *
 *   bench_tokenize [-s MB] [-r RUNS] [FILE...]
 *
 * Reads the files (each one a document) and repeats them until the input
 * holds about MB megabytes (default 50; -s 0 means no repetition), or
 * without files generates that much synthetic English-like news prose
 * (names, numbers, abbreviations, curly quotes, accented letters, one
 * paragraph per line). Copies are laid out in one large buffer, so the
 * numbers include memory traffic, not just a cache-resident corpus.
 *
 * Stages, each timed over the whole input, best of RUNS (default 3):
 *   tok              tok_text()
 *   tok+fold         tok_text() + tok_fold() on every word/number token
 *   tok+fold+stop    ... + stop_is() on every folded word
 *   full             ... + stem_word() on every word that is not a stopword
 *   sent             sent_split()
 * and prints MB/s and tokens/s (sentences/s for sent). The token list and
 * sentence list are reused across documents, as the engine does.
 */
#include "err.h"
#include "sent.h"
#include "stem.h"
#include "stop.h"
#include "tok.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Input
 * ---------------------------------------------------------------------- */

typedef struct {
    char *p;          /* all documents, back to back */
    size_t len, cap;
    size_t *off;      /* document i is p[off[i] .. off[i+1]) */
    size_t ndoc, capdoc;
} corpus_t;

static void die(const char *what) {
    fprintf(stderr, "bench_tokenize: %s: %s\n", what, strerror(errno ? errno : ENOMEM));
    exit(1);
}

static void corpus_reserve(corpus_t *c, size_t n) {
    if (c->len + n > c->cap) {
        size_t cap = c->cap ? c->cap : 1 << 20;
        while (cap < c->len + n) cap *= 2;
        c->p = realloc(c->p, cap);
        if (!c->p) die("realloc");
        c->cap = cap;
    }
    if (c->ndoc + 2 > c->capdoc) {
        c->capdoc = c->capdoc ? c->capdoc * 2 : 1024;
        c->off = realloc(c->off, c->capdoc * sizeof(size_t));
        if (!c->off) die("realloc");
    }
}

/* Append a document; p must not point into c->p (see corpus_dup). */
static void corpus_add(corpus_t *c, const char *p, size_t n) {
    corpus_reserve(c, n);
    memcpy(c->p + c->len, p, n);
    c->off[c->ndoc] = c->len;
    c->len += n;
    c->ndoc++;
    c->off[c->ndoc] = c->len;
}

/* Append a copy of document d. */
static void corpus_dup(corpus_t *c, size_t d) {
    size_t n = c->off[d + 1] - c->off[d];
    corpus_reserve(c, n);
    corpus_add(c, c->p + c->off[d], n);
}

static char *read_file(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    if (!p) die("malloc");
    size_t k;
    while ((k = fread(p + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            p = realloc(p, cap *= 2);
            if (!p) die("realloc");
        }
    }
    if (ferror(f)) die(path);
    fclose(f);
    *n = len;
    return p;
}

/* ------------------------------------------------------------------------
 * Synthetic text
 * ---------------------------------------------------------------------- */

static uint64_t rng_state = 42;

static uint32_t rnd(uint32_t n) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (uint32_t)(((z >> 32) * (uint64_t)n) >> 32);
}

static const char *const WORDS[] = {
    "the", "of", "and", "to", "in", "a", "that", "for", "on", "was", "with",
    "said", "he", "as", "it", "by", "at", "from", "his", "an", "were", "are",
    "which", "this", "be", "has", "had", "not", "would", "after", "their",
    "talks", "meeting", "leaders", "government", "minister", "border",
    "agreement", "officials", "negotiations", "ceasefire", "troops", "summit",
    "statement", "president", "country", "security", "reported", "announced",
    "according", "crossing", "delegation", "spokesperson", "conference",
    "two-year", "long-running", "economic", "sanctions", "foreign", "capital",
    "envoy", "proposal", "week", "Sunday", "morning", "people", "region",
    "pipeline", "gas", "field", "maritime", "dispute", "vote", "parliament",
    "coalition", "opposition", "hospital", "protesters", "police", "market",
};
static const char *const NAMES[] = {
    "Varenko", "Haldorsen", "Ostrova", "Zelenskyy", "M\xC3\xBCller",
    "S\xC3\xA3o Paulo", "\xC5\x81\xC3\xB3\x64\xC5\xBA", "Caf\xC3\xA9 Riviera", "Kharvik",
    "St. Aldric", "Dr. Amira Soltane", "Mr. Lind", "Gen. Dan Caine", "the U.S.",
    "the U.N.", "Washington D.C.", "NATO", "Talmyra", "Selvan", "Putin-Zelensky",
};

static void gen_sentence(corpus_t *c, char *buf, size_t *n) {
    int words = 8 + (int)rnd(22);
    int quote = rnd(10) == 0;
    size_t o = *n;
    if (quote) { memcpy(buf + o, "\xE2\x80\x9C", 3); o += 3; }
    for (int w = 0; w < words; w++) {
        char tmp[64];
        const char *s;
        uint32_t r = rnd(100);
        if (r < 12) s = NAMES[rnd(sizeof(NAMES) / sizeof(NAMES[0]))];
        else if (r < 16) {
            static const char *const nums[] = {"1,250", "3.5", "40", "2026", "20%",
                                               "$4.2 billion", "3 p.m."};
            s = nums[rnd(7)];
        } else {
            /* Zipf-ish: low indexes far more often. */
            uint32_t k = rnd((uint32_t)(sizeof(WORDS) / sizeof(WORDS[0])));
            k = rnd(k + 1);
            s = WORDS[k];
        }
        size_t sl = strlen(s);
        memcpy(tmp, s, sl);
        if (w == 0 && tmp[0] >= 'a' && tmp[0] <= 'z') tmp[0] -= 32;
        if (rnd(40) == 0 && tmp[sl - 1] != '.') { memcpy(tmp + sl, "\xE2\x80\x99s", 4); sl += 4; }
        memcpy(buf + o, tmp, sl);
        o += sl;
        if (w + 1 < words) {
            if (rnd(12) == 0) buf[o++] = ',';
            buf[o++] = ' ';
        }
    }
    if (quote) {
        memcpy(buf + o, ",\xE2\x80\x9D he said.", 14);
        o += 14;
    } else {
        buf[o++] = rnd(15) ? '.' : '?';
    }
    *n = o;
    (void)c;
}

static void gen_corpus(corpus_t *c, size_t target) {
    char *doc = malloc(1 << 16);
    if (!doc) die("malloc");
    while (c->len < target) {
        size_t n = 0;
        memcpy(doc, "Leaders meet in St. Aldric\n\n", 28);
        n = 28;
        int paras = 4 + (int)rnd(8);
        for (int p = 0; p < paras; p++) {
            int sents = 1 + (int)rnd(4);
            for (int s = 0; s < sents; s++) {
                gen_sentence(c, doc, &n);
                doc[n++] = s + 1 < sents ? ' ' : '\n';
            }
        }
        corpus_add(c, doc, n);
    }
    free(doc);
}

/* ------------------------------------------------------------------------
 * Stages
 * ---------------------------------------------------------------------- */

enum { ST_TOK, ST_FOLD, ST_STOP, ST_FULL, ST_SENT, NSTAGES };
static const char *const STAGE_NAME[] = {"tok", "tok+fold", "tok+fold+stop",
                                         "tok+fold+stop+stem", "sent"};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run one stage over the corpus; returns the item count (tokens or
 * sentences) and adds a checksum of the work to *sum. */
static size_t run_stage(int stage, const corpus_t *c, tok_list *tl, sent_list *sl,
                        stem_t *st, uint64_t *sum) {
    size_t items = 0;
    char f[256];
    for (size_t d = 0; d < c->ndoc; d++) {
        const char *s = c->p + c->off[d];
        size_t len = c->off[d + 1] - c->off[d];
        if (stage == ST_SENT) {
            sl->n = 0;
            if (sent_split(s, len, sl) != TL_OK) die("sent_split");
            items += sl->n;
            *sum += sl->n ? sl->v[sl->n - 1].end : 0;
            continue;
        }
        tl->n = 0;
        if (tok_text(s, len, tl) != TL_OK) die("tok_text");
        items += tl->n;
        if (stage == ST_TOK) { *sum += tl->n; continue; }
        for (size_t k = 0; k < tl->n; k++) {
            const tok_t *t = &tl->v[k];
            if (!(t->flags & (TOK_WORD | TOK_NUM))) continue;
            size_t fn = tok_fold(s + t->start, t->end - t->start, f, sizeof(f));
            *sum += fn;
            if (stage == ST_FOLD || !(t->flags & TOK_WORD)) continue;
            if (stop_is(f, fn)) { *sum += 1; continue; }
            if (stage == ST_STOP) continue;
            size_t sn;
            if (!stem_word(st, f, fn, &sn)) die("stem_word");
            *sum += sn;
        }
    }
    return items;
}

/* ------------------------------------------------------------------------
 * Main
 * ---------------------------------------------------------------------- */

int main(int argc, char **argv) {
    double target_mb = 50;
    int runs = 3, argi = 1;
    for (; argi < argc && argv[argi][0] == '-'; argi++) {
        if (strcmp(argv[argi], "-s") == 0 && argi + 1 < argc) target_mb = atof(argv[++argi]);
        else if (strcmp(argv[argi], "-r") == 0 && argi + 1 < argc) runs = atoi(argv[++argi]);
        else {
            fprintf(stderr, "usage: bench_tokenize [-s MB] [-r RUNS] [FILE...]\n");
            return 2;
        }
    }
    if (runs < 1) runs = 1;
    size_t target = (size_t)(target_mb * 1e6);

    corpus_t c = {0};
    size_t nfiles = (size_t)(argc - argi), base = 0;
    if (nfiles) {
        for (int i = argi; i < argc; i++) {
            size_t n;
            char *p = read_file(argv[i], &n);
            corpus_add(&c, p, n);
            free(p);
        }
        base = c.ndoc;
        for (size_t d = 0; c.len < target; d = (d + 1) % base)
            corpus_dup(&c, d);
    } else {
        gen_corpus(&c, target ? target : 1);
    }

    tok_list tl = TOK_LIST_INIT;
    sent_list sl = SENT_LIST_INIT;
    stem_t *st = stem_new("en");
    if (!st) die("stem_new");
    uint64_t sum = 0;

    if (nfiles)
        printf("input: %zu files repeated to %zu documents, %.1f MB\n", nfiles, c.ndoc,
               (double)c.len / 1e6);
    else
        printf("input: synthetic, %zu documents, %.1f MB\n", c.ndoc, (double)c.len / 1e6);
    printf("%-20s %10s %14s   (best of %d)\n", "stage", "MB/s", "items/s", runs);
    for (int stage = 0; stage < NSTAGES; stage++) {
        double best = 1e30;
        size_t items = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now();
            items = run_stage(stage, &c, &tl, &sl, st, &sum);
            double dt = now() - t0;
            if (dt < best) best = dt;
        }
        printf("%-20s %10.1f %12.2f M  %s\n", STAGE_NAME[stage], (double)c.len / 1e6 / best,
               (double)items / 1e6 / best, stage == ST_SENT ? "sentences" : "tokens");
        fflush(stdout);
    }
    printf("(checksum %llu)\n", (unsigned long long)sum);

    tok_list_free(&tl);
    sent_list_free(&sl);
    stem_free(st);
    free(c.p);
    free(c.off);
    return 0;
}
