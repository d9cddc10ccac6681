/* fuzz_text.c -- libFuzzer target: text normalization and UTF-8 repair.
 *
 * Invariants (abort() when violated):
 *   text_normalize, both modes: TL_EINVAL exactly when the input holds a
 *     NUL; on TL_OK the output is NUL-terminated, holds no NUL, is valid
 *     UTF-8, is trimmed, holds no control character other than LF (and no
 *     LF at all in one-line mode), and normalizing it again gives the same
 *     bytes with nothing repaired or removed (idempotence);
 *   text_repair_utf8: output valid UTF-8, unchanged (and 0 repairs) for
 *     valid input, as many repairs as text_normalize counted;
 *   text_decode/text_encode round-trip every code point of valid text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz_check.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_normalized(const char *out, size_t n, int flags) {
    FUZZ_CHECK(out != NULL, "TL_OK with a NULL output");
    FUZZ_CHECK(n > 0, "TL_OK with an empty output (should be TL_EEMPTY)");
    FUZZ_CHECK(out[n] == '\0', "output not NUL-terminated");
    FUZZ_CHECK(memchr(out, '\0', n) == NULL, "output holds a NUL");
    FUZZ_CHECK(text_valid_utf8(out, n), "output is not valid UTF-8");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        FUZZ_CHECK(c >= 0x20 || c == '\n', "control byte 0x%02x at %zu", c, i);
        FUZZ_CHECK(c != 0x7F, "DEL at %zu", i);
        FUZZ_CHECK(!(flags & TEXT_ONELINE) || c != '\n', "newline in one-line output");
    }
    FUZZ_CHECK(out[0] != ' ' && out[0] != '\n', "output not trimmed at start");
    FUZZ_CHECK(out[n - 1] != ' ' && out[n - 1] != '\n', "output not trimmed at end");
    FUZZ_CHECK(!strstr(out, "  "), "double space in output");
    FUZZ_CHECK(!strstr(out, "\n\n\n"), "more than one blank line in output");
    FUZZ_CHECK(!strstr(out, " \n") && !strstr(out, "\n "), "line not trimmed");
}

static void check_normalize(const char *in, size_t size, int flags,
                            size_t *invalid) {
    char *out = NULL;
    size_t n = 0;
    text_report rep;
    int rc = text_normalize(in, size, flags, &out, &n, &rep);
    const char *nul = memchr(in, '\0', size);
    if (nul) {
        FUZZ_CHECK(rc == TL_EINVAL, "NUL in input but rc %d", rc);
        FUZZ_CHECK(rep.nul_offset == (long)(nul - in), "nul_offset %ld, want %ld",
                   rep.nul_offset, (long)(nul - in));
        FUZZ_CHECK(out == NULL, "TL_EINVAL but output allocated");
        return;
    }
    FUZZ_CHECK(rep.nul_offset == -1, "no NUL but nul_offset %ld", rep.nul_offset);
    *invalid = rep.invalid;
    if (rc == TL_EEMPTY) {
        FUZZ_CHECK(out == NULL, "TL_EEMPTY but output allocated");
        return;
    }
    FUZZ_CHECK(rc == TL_OK, "unexpected rc %d (flags %d)", rc, flags);
    check_normalized(out, n, flags);

    /* Idempotence: the output is a fixed point. */
    char *again = NULL;
    size_t n2 = 0;
    text_report rep2;
    int rc2 = text_normalize(out, n, flags, &again, &n2, &rep2);
    FUZZ_CHECK(rc2 == TL_OK, "renormalizing the output gave rc %d", rc2);
    FUZZ_CHECK(n2 == n && memcmp(again, out, n) == 0,
               "not idempotent (flags %d): %zu bytes -> %zu bytes", flags, n, n2);
    FUZZ_CHECK(rep2.invalid == 0 && rep2.controls == 0,
               "output still needed repair: %zu invalid, %zu controls",
               rep2.invalid, rep2.controls);
    free(again);

    /* The one-line form of a multi-line result equals the one-line form of
     * the input. */
    if (flags == TEXT_MULTILINE) {
        char *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        int ra = text_normalize(in, size, TEXT_ONELINE, &a, &na, NULL);
        int rb = text_normalize(out, n, TEXT_ONELINE, &b, &nb, NULL);
        FUZZ_CHECK(ra == rb, "one-line of input rc %d, of multi-line output rc %d",
                   ra, rb);
        FUZZ_CHECK(ra != TL_OK || (na == nb && memcmp(a, b, na) == 0),
                   "one-line(input) != one-line(multi-line(input))");
        free(a);
        free(b);
    }
    free(out);
}

static void check_repair(const char *in, size_t size, long expect_invalid) {
    char *out = NULL;
    size_t n = 0;
    long fixed = text_repair_utf8(in, size, &out, &n);
    FUZZ_CHECK(fixed >= 0, "text_repair_utf8 failed");
    FUZZ_CHECK(out != NULL && out[n] == '\0', "repair output not terminated");
    FUZZ_CHECK(text_valid_utf8(out, n), "repair output is not valid UTF-8");
    int valid = text_valid_utf8(in, size);
    FUZZ_CHECK(valid == (fixed == 0), "valid %d but %ld repairs", valid, fixed);
    if (valid)
        FUZZ_CHECK(n == size && memcmp(out, in, size) == 0,
                   "valid input changed by repair");
    if (expect_invalid >= 0)
        FUZZ_CHECK(fixed == expect_invalid, "repair counted %ld, normalize %ld",
                   fixed, expect_invalid);
    /* Repairing twice changes nothing. */
    char *again = NULL;
    size_t n2 = 0;
    FUZZ_CHECK(text_repair_utf8(out, n, &again, &n2) == 0, "repair not idempotent");
    FUZZ_CHECK(n2 == n && memcmp(again, out, n) == 0, "repair changed repaired text");
    free(again);

    /* Decode/encode round trip over the (valid) repaired text. */
    for (size_t i = 0; i < n;) {
        int k = 0;
        uint32_t cp = text_decode(out + i, n - i, &k);
        FUZZ_CHECK(k >= 1 && k <= 4 && (size_t)k <= n - i, "decode length %d", k);
        char enc[4];
        int m = text_encode(cp, enc);
        FUZZ_CHECK(m == k && memcmp(enc, out + i, (size_t)k) == 0,
                   "U+%04X at %zu does not re-encode to its bytes", (unsigned)cp, i);
        i += (size_t)k;
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *in = (const char *)data;
    size_t inv_multi = 0, inv_one = 0;
    check_normalize(in, size, TEXT_MULTILINE, &inv_multi);
    check_normalize(in, size, TEXT_ONELINE, &inv_one);
    FUZZ_CHECK(inv_multi == inv_one, "invalid count differs by mode: %zu vs %zu",
               inv_multi, inv_one);
    /* normalize counts repairs only when it ran (no NUL in the input) */
    long expect = memchr(in, '\0', size) ? -1 : (long)inv_multi;
    check_repair(in, size, expect);
    return 0;
}
