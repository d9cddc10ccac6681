/* test_reader.c -- unit tests for src/reader.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "reader.h"
#include "testutil.h"

static const char LINES[] = "first\r\nsecond\n\nfourth without newline";

static void expect_lines(const char *path, size_t max) {
    rd_t *r;
    tl_err e;
    char *line;
    size_t len;
    assert_int_equal(rd_open(&r, path, max, &e), TL_OK);
    const char *want[] = {"first", "second", "", "fourth without newline"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(rd_line(r, &line, &len, &e), RD_LINE);
        assert_string_equal(line, want[i]);
        assert_int_equal(len, strlen(want[i]));
        assert_int_equal(rd_lineno(r), i + 1);
    }
    assert_int_equal(rd_line(r, &line, &len, &e), RD_EOF);
    rd_close(r);
}

static void test_plain(void **st) {
    (void)st;
    char *p = tu_tmpfile(".txt");
    tu_write(p, LINES, sizeof(LINES) - 1);
    expect_lines(p, 1024);
    unlink(p);
    free(p);
}

static void write_gzip(const char *path, const char *data, size_t len) {
    gzFile g = gzopen(path, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    gzclose(g);
}

static void test_gzip_and_zstd(void **st) {
    (void)st;
    char *p = tu_tmpfile(".gz");
    write_gzip(p, LINES, sizeof(LINES) - 1);
    expect_lines(p, 1024);
    unlink(p);
    free(p);

    p = tu_tmpfile(".zst");
    size_t cap = ZSTD_compressBound(sizeof(LINES));
    char *z = malloc(cap);
    size_t zn = ZSTD_compress(z, cap, LINES, sizeof(LINES) - 1, 3);
    assert_false(ZSTD_isError(zn));
    tu_write(p, z, zn);
    expect_lines(p, 1024);
    rd_t *r;
    tl_err e;
    assert_int_equal(rd_open(&r, p, 1024, &e), TL_OK);
    assert_string_equal(rd_codec(r), "zstd");
    rd_close(r);
    /* truncated zstd */
    tu_write(p, z, zn - 3);
    assert_int_equal(rd_open(&r, p, 1024, &e), TL_OK);
    char *line;
    size_t len;
    int rc;
    while ((rc = rd_line(r, &line, &len, &e)) == RD_LINE) {}
    assert_int_equal(rc, TL_EPARSE);
    assert_non_null(strstr(e.msg, "truncated"));
    rd_close(r);
    free(z);
    unlink(p);
    free(p);
}

static void test_truncated_gzip(void **st) {
    (void)st;
    char *p = tu_tmpfile(".gz");
    char big[20000];
    for (size_t i = 0; i < sizeof(big); i++) big[i] = (i % 50 == 49) ? '\n' : (char)('a' + i % 26);
    write_gzip(p, big, sizeof(big));
    FILE *f = fopen(p, "rb");
    char buf[65536];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    tu_write(p, buf, n / 2);
    rd_t *r;
    tl_err e;
    char *line;
    size_t len;
    assert_int_equal(rd_open(&r, p, 1024, &e), TL_OK);
    assert_string_equal(rd_codec(r), "gzip");
    int rc, lines = 0;
    while ((rc = rd_line(r, &line, &len, &e)) == RD_LINE) lines++;
    assert_int_equal(rc, TL_EPARSE);
    assert_non_null(strstr(e.msg, "truncated gzip"));
    assert_int_equal(e.line, lines + 1);
    rd_close(r);
    unlink(p);
    free(p);
}

static void test_too_long_line_skipped(void **st) {
    (void)st;
    char *p = tu_tmpfile(".jsonl");
    size_t n = 3 * 1024 * 1024;
    char *data = malloc(n + 32);
    memcpy(data, "short\n", 6);
    memset(data + 6, 'x', n);
    memcpy(data + 6 + n, "\nafter\n", 7);
    tu_write(p, data, n + 13);
    free(data);
    rd_t *r;
    tl_err e;
    char *line;
    size_t len;
    assert_int_equal(rd_open(&r, p, 1000, &e), TL_OK);
    assert_int_equal(rd_line(r, &line, &len, &e), RD_LINE);
    assert_string_equal(line, "short");
    assert_int_equal(rd_line(r, &line, &len, &e), TL_ETOOBIG);
    assert_int_equal(e.line, 2);
    assert_int_equal(rd_line(r, &line, &len, &e), RD_LINE);
    assert_string_equal(line, "after");
    assert_int_equal(rd_lineno(r), 3);
    assert_int_equal(rd_line(r, &line, &len, &e), RD_EOF);
    rd_close(r);
    unlink(p);
    free(p);
}

static void test_all_and_limits(void **st) {
    (void)st;
    char *p = tu_tmpfile(".txt");
    tu_write(p, LINES, sizeof(LINES) - 1);
    rd_t *r;
    tl_err e;
    char *data;
    size_t len;
    assert_int_equal(rd_open(&r, p, 1024, &e), TL_OK);
    assert_int_equal(rd_all(r, &data, &len, &e), TL_OK);
    assert_int_equal(len, sizeof(LINES) - 1);
    assert_memory_equal(data, LINES, len);
    free(data);
    rd_close(r);
    assert_int_equal(rd_open(&r, p, 10, &e), TL_OK);
    assert_int_equal(rd_all(r, &data, &len, &e), TL_ETOOBIG);
    rd_close(r);
    /* empty file */
    tu_write(p, "", 0);
    assert_int_equal(rd_open(&r, p, 10, &e), TL_OK);
    char *line;
    assert_int_equal(rd_line(r, &line, &len, &e), RD_EOF);
    rd_close(r);
    unlink(p);
    free(p);
    assert_int_equal(rd_open(&r, "/nonexistent/file", 10, &e), TL_EIO);
    assert_non_null(strstr(e.msg, "cannot open"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain), cmocka_unit_test(test_gzip_and_zstd),
        cmocka_unit_test(test_truncated_gzip), cmocka_unit_test(test_too_long_line_skipped),
        cmocka_unit_test(test_all_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
