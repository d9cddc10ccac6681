/* testutil.h -- small helpers shared by the unit tests (header-only). */
#ifndef TRILAT_TESTUTIL_H
#define TRILAT_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh temp file path under $TRILAT_TEST_TMP (or /tmp) with suffix;
 * the file exists and is empty. Caller frees the path and unlinks it. */
static inline char *tu_tmpfile(const char *suffix) {
    const char *dir = getenv("TRILAT_TEST_TMP");
    if (!dir || !*dir) dir = "/tmp";
    size_t n = strlen(dir) + strlen(suffix) + 32;
    char *p = malloc(n);
    snprintf(p, n, "%s/tu-XXXXXX%s", dir, suffix);
    int fd = mkstemps(p, (int)strlen(suffix));
    if (fd < 0) { perror("mkstemps"); abort(); }
    close(fd);
    return p;
}

/* Remove a SQLite store made at path, with its -wal and -shm files and
 * its clustering lock file; frees path. */
static inline void tu_remove_db(char *path) {
    static const char *const SUFFIX[] = {"", "-wal", "-shm", ".cluster-lock"};
    for (size_t i = 0; i < sizeof(SUFFIX) / sizeof(SUFFIX[0]); i++) {
        char p[1024];
        snprintf(p, sizeof(p), "%s%s", path, SUFFIX[i]);
        unlink(p);
    }
    free(path);
}

static inline void tu_write(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) { perror(path); abort(); }
    fclose(f);
}

#ifdef TRILAT_ENTITY_H
/* Spans from "TYPE:text" markers (NULL-terminated list), each found at its
 * next occurrence after the previous span; returns how many (<= cap). The
 * caller's test fails (abort) on a marker that is not in text. */
static inline size_t tu_spans(const char *text, const char *const *marks, ent_span *out,
                              size_t cap) {
    size_t n = 0, from = 0;
    for (; marks[n] && n < cap; n++) {
        const char *colon = strchr(marks[n], ':');
        char type[8] = {0};
        memcpy(type, marks[n], (size_t)(colon - marks[n]) < 7 ? (size_t)(colon - marks[n]) : 7);
        const char *hit = strstr(text + from, colon + 1);
        if (!hit) { fprintf(stderr, "marker '%s' not found\n", marks[n]); abort(); }
        out[n].start = (size_t)(hit - text);
        out[n].end = out[n].start + strlen(colon + 1);
        out[n].type = ent_type_parse(type);
        from = out[n].end;
    }
    return n;
}
#endif

#if defined(TRILAT_JSONL_H) && defined(CMOCKA_H_)
/* One finished article from a JSON Lines record (the test fails on a bad one). */
static inline art_t *tu_article(const char *json) {
    art_t *a;
    tl_err e;
    assert_int_equal(jsonl_parse(json, strlen(json), &a, &e), TL_OK);
    assert_int_equal(art_finish(a, &e), TL_OK);
    return a;
}
#endif

#endif
