/* date.h -- calendar dates and times: parsing publication dates,
 * normalizing them to ISO 8601, civil-date arithmetic.
 *
 * Accepted inputs (date_parse):
 *   ISO 8601 / RFC 3339: 2025-08-19, 2025-08-19T10:00, 2025-08-19T10:00:00Z,
 *     2025-08-19 10:00:00.123+02:00, 20250819T100000Z, +0200 or +02 offsets;
 *   RFC 2822 (feeds, mail): Tue, 19 Aug 2025 10:00:00 +0000 (or GMT/UT/
 *     EST/EDT/CST/CDT/MST/MDT/PST/PDT);
 *   written dates: 19 August 2025, August 19, 2025, Aug. 19 2025;
 *   Unix time as a plain integer (10 digits or fewer).
 * A time without an offset is taken as UTC (has_offset = 0 records that).
 */
#ifndef TRILAT_DATE_H
#define TRILAT_DATE_H

#include <stdint.h>

typedef struct date_val {
    int64_t ts;        /* seconds since 1970-01-01T00:00:00Z */
    int offset_min;    /* offset from UTC stated by the input, minutes */
    int has_time;      /* 0: a calendar date only (ts is its midnight UTC) */
    int has_offset;    /* 0: no offset given, UTC assumed */
} date_val;

#define DATE_ISO_MAX 48

/* Parse s (NUL-terminated, surrounding blanks allowed). TL_OK or TL_EPARSE. */
int date_parse(const char *s, date_val *d);

/* Format as ISO 8601 in the input's own offset: "2025-08-19T10:00:00+02:00",
 * or "2025-08-19" for a date without time. out has DATE_ISO_MAX bytes. */
void date_format(const date_val *d, char *out);

/* Current time as "2026-11-23T12:00:00Z" (UTC). */
void date_now_iso(char *out);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t date_days_from_civil(int y, int m, int d);
void date_civil_from_days(int64_t z, int *y, int *m, int *d);

#endif
