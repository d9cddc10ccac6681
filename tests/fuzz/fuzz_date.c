/* fuzz_date.c -- libFuzzer target: date_parse / date_format round trip.
 *
 * The input is copied into an exactly sized NUL-terminated buffer (so
 * AddressSanitizer sees any read past the terminator). Whatever date_parse
 * accepts, date_format must render as text that date_parse accepts again
 * with the same timestamp, time-ness and offset; formatting that result
 * again must give the same text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;   /* dates are short; keep runs fast */
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    date_val d;
    int rc = date_parse(s, &d);
    FUZZ_CHECK(rc == TL_OK || rc == TL_EPARSE, "date_parse rc %d", rc);
    if (rc == TL_OK) {
        char iso[DATE_ISO_MAX + 8];
        memset(iso, 0x55, sizeof(iso));
        date_format(&d, iso);
        FUZZ_CHECK(memchr(iso, '\0', DATE_ISO_MAX) != NULL,
                   "date_format overflowed DATE_ISO_MAX");

        date_val d2;
        int rc2 = date_parse(iso, &d2);
        FUZZ_CHECK(rc2 == TL_OK, "'%s' -> '%s' does not parse back (ts %lld)", s,
                   iso, (long long)d.ts);
        FUZZ_CHECK(d2.ts == d.ts, "'%s' -> '%s': ts %lld != %lld", s, iso,
                   (long long)d2.ts, (long long)d.ts);
        FUZZ_CHECK(d2.has_time == d.has_time, "'%s' -> '%s': has_time %d != %d", s,
                   iso, d2.has_time, d.has_time);
        if (d.has_time)
            FUZZ_CHECK(d2.offset_min == d.offset_min,
                       "'%s' -> '%s': offset %d != %d", s, iso, d2.offset_min,
                       d.offset_min);

        char iso2[DATE_ISO_MAX];
        date_format(&d2, iso2);
        FUZZ_CHECK(strcmp(iso, iso2) == 0, "'%s' -> '%s' -> '%s'", s, iso, iso2);
    }
    free(s);
    return 0;
}
