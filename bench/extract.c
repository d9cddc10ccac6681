/* extract.c -- throughput of web-page extraction (never pass/fail).
 *
 *   bench_extract [-r RUNS] [-m MIN_MB] PATH...
 *
 * PATH is an HTML file or a directory of them (*.html, *.htm, read in
 * name order). Every page is held in memory; each stage runs over all
 * pages, repeated until at least MIN_MB megabytes were processed (default
 * 100), best of RUNS (default 3):
 *
 *   decode+parse   html_parse(): charset decision + gumbo's HTML5 tree
 *   +metadata      ... + hm_extract()
 *   +main text     ... + hx_extract()           (the extraction proper)
 *   web_parse      the whole page -> article path (adds normalization,
 *                  language detection is NOT included: art_finish runs
 *                  in ingest, not here)
 *
 * and prints pages/s, MB/s of HTML, and the process's peak RSS. One
 * thread: the figures are per core.
 */
#include "extract.h"
#include "html.h"
#include "htmlmeta.h"
#include "webdoc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    char **data;
    size_t *len;
    size_t n, cap, bytes;
} pages_t;

static void add_file(pages_t *p, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    if (n <= 0) { fclose(f); return; }
    char *b = malloc((size_t)n);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) { perror(path); free(b); fclose(f); return; }
    fclose(f);
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->data = realloc(p->data, p->cap * sizeof(char *));
        p->len = realloc(p->len, p->cap * sizeof(size_t));
        if (!p->data || !p->len) { perror("realloc"); exit(1); }
    }
    p->data[p->n] = b;
    p->len[p->n++] = (size_t)n;
    p->bytes += (size_t)n;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_html(const char *name) {
    size_t n = strlen(name);
    return (n > 5 && strcasecmp(name + n - 5, ".html") == 0) ||
           (n > 4 && strcasecmp(name + n - 4, ".htm") == 0);
}

static void add_path(pages_t *p, const char *path) {
    struct stat sb;
    if (stat(path, &sb) != 0) { perror(path); return; }
    if (!S_ISDIR(sb.st_mode)) { add_file(p, path); return; }
    DIR *d = opendir(path);
    if (!d) { perror(path); return; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !is_html(de->d_name)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof(char *));
            if (!names) { perror("realloc"); exit(1); }
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), cmp_str);
    for (size_t i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof(full), "%s/%s", path, names[i]);
        add_file(p, full);
        free(names[i]);
    }
    free(names);
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

enum { ST_PARSE, ST_META, ST_EXTRACT, ST_WEB };

/* One pass over all pages at a stage; returns pages that failed. */
static size_t pass(const pages_t *p, int stage) {
    size_t failed = 0;
    for (size_t i = 0; i < p->n; i++) {
        tl_err e;
        err_clear(&e);
        if (stage == ST_WEB) {
            art_t *a = NULL;
            if (web_parse(p->data[i], p->len[i], NULL, &a, &e) != TL_OK) failed++;
            art_free(a);
            continue;
        }
        html_doc *d = NULL;
        if (html_parse(p->data[i], p->len[i], &d, &e) != TL_OK) { failed++; continue; }
        hm_meta m;
        memset(&m, 0, sizeof(m));
        if (stage >= ST_META) hm_extract(d, NULL, 0x7fffffff, &m, &e);
        if (stage >= ST_EXTRACT) {
            hx_text t;
            if (hx_extract(d, m.title, m.jsonld_body, &t, &e) == TL_OK) hx_text_free(&t);
            else failed++;
        }
        hm_free(&m);
        html_free(d);
    }
    return failed;
}

int main(int argc, char **argv) {
    int runs = 3;
    double min_mb = 100;
    pages_t p;
    memset(&p, 0, sizeof(p));
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) min_mb = atof(argv[++i]);
        else add_path(&p, argv[i]);
    }
    if (p.n == 0) {
        fprintf(stderr, "usage: bench_extract [-r RUNS] [-m MIN_MB] PATH...  (HTML files or dirs)\n");
        return 2;
    }
    int reps = (int)(min_mb * 1e6 / (double)p.bytes) + 1;
    printf("extraction: %zu pages, %.1f MB of HTML (mean %.0f KB), x%d per run, best of %d, one thread\n",
           p.n, (double)p.bytes / 1e6, (double)p.bytes / 1e3 / (double)p.n, reps, runs);
    static const char *const names[] = {"decode+parse", "+metadata", "+main text", "web_parse"};
    for (int st = ST_PARSE; st <= ST_WEB; st++) {
        double best = 1e30;
        size_t failed = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now_s();
            failed = 0;
            for (int k = 0; k < reps; k++) failed += pass(&p, st);
            double t = now_s() - t0;
            if (t < best) best = t;
        }
        double pages = (double)p.n * reps, mb = (double)p.bytes * reps / 1e6;
        printf("  %-14s %9.0f pages/s %8.1f MB/s", names[st], pages / best, mb / best);
        if (failed) printf("   (%zu pages without text per pass)", failed / (size_t)reps);
        putchar('\n');
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak RSS %.1f MB (pages held in memory: %.1f MB)\n", (double)ru.ru_maxrss / 1024.0,
           (double)p.bytes / 1e6);
    for (size_t i = 0; i < p.n; i++) free(p.data[i]);
    free(p.data);
    free(p.len);
    return 0;
}
