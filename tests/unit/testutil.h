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

static inline void tu_write(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) { perror(path); abort(); }
    fclose(f);
}

#endif
