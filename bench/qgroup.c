/* qgroup.c -- grouping quotes across outlets: what it groups on real
 * quotes, and how long it takes (never pass/fail).
 *
 *   bench_qgroup [OPTIONS] FILE.tsv    group the quotes of each story
 *   bench_qgroup [OPTIONS] --synthetic N [--identical]
 *
 * FILE.tsv has one quote a line: story, article, source, speaker (entity
 * id, 0 unresolved), kind, text, tab-separated (docs/quotes.md, "Same
 * quote across outlets", shows the sqlite3 command that writes it from a
 * store). Quotes are grouped story by story, as the story view will; the
 * groups of two or more quotes are printed, then a summary line whose
 * time is the sum over stories of the best of R runs.
 *
 * --synthetic N groups N made-up quotes in one call (a Zipf vocabulary of
 * 5,000 made-up words, 5 to 30 words a quote, 50 speakers, every fifth
 * quote a variant of an earlier one by the same speaker with about one
 * word in eight dropped): a story far larger than any real one.
 * --identical makes every synthetic quote the same: the worst case, every
 * pair sharing every word.
 *
 * Options: --overlap X, --min-shared N, --bridge N (qg_opts); --stemmer
 * (one stemmer made up front and passed in qg_opts, instead of one per
 * call); --ignore-speakers (every resolved speaker taken as one and the
 * same entity: shows what speaker resolution keeps apart); --runs R (best
 * of R, default 3); -q (summary only).
 */
#include "err.h"
#include "qgroup.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    long story;
    int64_t article;
    char *source, *kind, *text;
    uint32_t speaker;
} row;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------------
 * Input
 * ---------------------------------------------------------------------- */

/* Split line at tabs into at most n fields; returns how many. */
static size_t split(char *line, char **f, size_t n) {
    size_t k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < n; p++)
        if (*p == '\t') { *p = '\0'; f[k++] = p + 1; }
    return k;
}

static row *read_tsv(const char *path, size_t *nrows) {
    FILE *fp = fopen(path, "r");
    if (!fp) { perror(path); return NULL; }
    row *v = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, fp)) > 0) {
        if (line[len - 1] == '\n') line[--len] = '\0';
        char *f[6];
        if (split(line, f, 6) < 6) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            row *x = realloc(v, cap * sizeof(row));
            if (!x) { perror("realloc"); exit(1); }
            v = x;
        }
        v[n++] = (row){strtol(f[0], NULL, 10), strtoll(f[1], NULL, 10),
                       *f[2] ? strdup(f[2]) : NULL, strdup(f[4]), strdup(f[5]),
                       (uint32_t)strtoul(f[3], NULL, 10)};
    }
    free(line);
    fclose(fp);
    *nrows = n;
    return v;
}

/* ------------------------------------------------------------------------
 * Real quotes, story by story
 * ---------------------------------------------------------------------- */

static int run_file(const char *path, const qg_opts *o, int nospk, int quiet, int runs) {
    size_t n;
    row *r = read_tsv(path, &n);
    if (!r) return 1;
    qg_item *it = malloc((n ? n : 1) * sizeof(qg_item));
    size_t *idx = malloc((n ? n : 1) * sizeof(size_t));
    size_t groups = 0, multi = 0, inmulti = 0, multisrc = 0, stories = 0;
    double t = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a, k = 0;
        while (b < n && r[b].story == r[a].story) b++;
        for (size_t i = a; i < b; i++, k++) {
            it[k] = (qg_item){r[i].text, strlen(r[i].text), nospk && r[i].speaker ? 1 : r[i].speaker, r[i].article,
                              r[i].source};
            idx[k] = i;
        }
        qg_result res = QG_RESULT_INIT;
        tl_err e;
        double best = 1e9;
        for (int run = 0; run < runs; run++) {          /* the last result is kept */
            qg_result_free(&res);
            double t0 = now();
            if (qg_group_quotes(it, k, o, &res, &e) != TL_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
            if (now() - t0 < best) best = now() - t0;
        }
        t += best;
        stories++;
        groups += res.ngroups;
        for (size_t g = 0; g < res.ngroups; g++) {
            const qg_group *G = &res.g[g];
            if (G->n < 2) continue;
            multi++;
            inmulti += G->n;
            multisrc += G->sources > 1;
            if (quiet) continue;
            printf("story %ld group %zu: %zu quotes, %zu articles, %zu sources, speaker %u\n",
                   r[a].story, g, G->n, G->articles, G->sources, G->speaker);
            for (size_t m = 0; m < G->n; m++) {
                const row *x = &r[idx[res.members[G->first + m]]];
                printf("  %c %-20s %3lld %3u %-8s %s\n", res.members[G->first + m] == G->rep ? '*' : ' ',
                       x->source ? x->source : "-", (long long)x->article, x->speaker, x->kind, x->text);
            }
        }
        qg_result_free(&res);
        a = b;
    }
    printf("%zu quotes in %zu stories: %zu groups, %zu of them with 2+ quotes (%zu quotes), "
           "%zu with 2+ sources; %.3f ms (best of %d)\n",
           n, stories, groups, multi, inmulti, multisrc, t * 1e3, runs);
    for (size_t i = 0; i < n; i++) { free(r[i].source); free(r[i].kind); free(r[i].text); }
    free(r);
    free(it);
    free(idx);
    return 0;
}

/* ------------------------------------------------------------------------
 * Synthetic quotes
 * ---------------------------------------------------------------------- */

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

#define VOCAB 5000

static int run_synthetic(size_t n, int runs, int identical, const qg_opts *o) {
    static char words[VOCAB][12];
    static double cdf[VOCAB];
    double sum = 0;
    for (size_t w = 0; w < VOCAB; w++) {
        size_t len = 4 + rnd() % 6;
        for (size_t k = 0; k < len; k++) words[w][k] = (char)('a' + rnd() % 26);
        sum += 1.0 / (double)(w + 1);
        cdf[w] = sum;
    }
    char **text = malloc(n * sizeof(char *));
    qg_item *it = malloc(n * sizeof(qg_item));
    for (size_t i = 0; i < n; i++) {
        char buf[512];
        size_t len = 0;
        uint32_t spk = (uint32_t)(rnd() % 50);
        if (identical && i > 0) {
            strcpy(buf, text[0]);
            len = strlen(buf);
        } else if (i > 5 && i % 5 == 0) {          /* a variant of an earlier quote */
            size_t from = rnd() % i;
            const char *src = text[from];
            spk = it[from].speaker;
            for (const char *p = src; *p && len < 400;) {
                const char *sp = strchr(p, ' ');
                size_t wl = sp ? (size_t)(sp - p) : strlen(p);
                if (rnd() % 8) { memcpy(buf + len, p, wl); len += wl; buf[len++] = ' '; }
                p += wl + (sp != NULL);
            }
        } else {
            size_t nw = 5 + rnd() % 26;
            for (size_t k = 0; k < nw; k++) {
                double x = (double)(rnd() % 1000000) / 1e6 * sum;
                size_t lo = 0, hi = VOCAB - 1;
                while (lo < hi) { size_t mid = (lo + hi) / 2; if (cdf[mid] < x) lo = mid + 1; else hi = mid; }
                size_t wl = strlen(words[lo]);
                memcpy(buf + len, words[lo], wl);
                len += wl;
                buf[len++] = ' ';
            }
        }
        buf[len] = '\0';
        text[i] = strdup(buf);
        it[i] = (qg_item){text[i], len, spk, (int64_t)(i / 10), NULL};
    }
    double best = 1e9;
    size_t ng = 0, multi = 0;
    for (int r = 0; r < runs; r++) {
        qg_result res = QG_RESULT_INIT;
        tl_err e;
        double t0 = now();
        if (qg_group_quotes(it, n, o, &res, &e) != TL_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
        double t = now() - t0;
        if (t < best) best = t;
        ng = res.ngroups;
        multi = 0;
        for (size_t g = 0; g < res.ngroups; g++) multi += res.g[g].n > 1;
        qg_result_free(&res);
    }
    printf("%zu synthetic quotes: %zu groups (%zu with 2+ quotes); best of %d: %.1f ms\n", n, ng, multi,
           runs, best * 1e3);
    for (size_t i = 0; i < n; i++) free(text[i]);
    free(text);
    free(it);
    return 0;
}

int main(int argc, char **argv) {
    qg_opts o = {0};
    int nospk = 0, quiet = 0, runs = 3, identical = 0, shared = 0;
    size_t synth = 0;
    const char *file = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--overlap") && a + 1 < argc) o.min_overlap = atof(argv[++a]);
        else if (!strcmp(argv[a], "--min-shared") && a + 1 < argc) o.min_shared = (unsigned)atoi(argv[++a]);
        else if (!strcmp(argv[a], "--bridge") && a + 1 < argc) o.bridge_words = (unsigned)atoi(argv[++a]);
        else if (!strcmp(argv[a], "--synthetic") && a + 1 < argc) synth = (size_t)atol(argv[++a]);
        else if (!strcmp(argv[a], "--runs") && a + 1 < argc) runs = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--ignore-speakers")) nospk = 1;
        else if (!strcmp(argv[a], "-q")) quiet = 1;
        else if (!strcmp(argv[a], "--identical")) identical = 1;
        else if (!strcmp(argv[a], "--stemmer")) shared = 1;
        else if (argv[a][0] != '-' && !file) file = argv[a];
        else {
            fprintf(stderr, "usage: bench_qgroup [--overlap X] [--min-shared N] [--bridge N] "
                            "[--ignore-speakers] [--stemmer] [-q] FILE.tsv | --synthetic N [--identical] [--runs R]\n");
            return 2;
        }
    }
    qg_opts so = o;
    if (shared) so.stem = stem_new("en");
    int rc = synth ? run_synthetic(synth, runs > 0 ? runs : 1, identical, &so) : file ? run_file(file, &so, nospk, quiet, runs > 0 ? runs : 1) : 2;
    stem_free(so.stem);
    if (rc == 2) fprintf(stderr, "bench_qgroup: no FILE.tsv and no --synthetic N\n");
    return rc;
}
