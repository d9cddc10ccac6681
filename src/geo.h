/* geo.h -- countries, their demonyms, capitals and seats of power.
 *
 * News names a country in many ways: "Ukraine", "Ukrainian" (people,
 * adjectives), "Kyiv"/"Kiev" (the capital standing for the government),
 * "the Kremlin" (a seat of power standing for Russia's government). The
 * entity layer links all of these to one country so that "Ukrainian
 * President Volodymyr Zelensky" gets the affiliation Ukraine and a story
 * about "Kyiv" and one about "Ukraine" share a place.
 *
 * The table is written by hand (src/geo_data.c): every UN member state
 * plus a few widely reported territories and blocs, each with its common
 * short name, other names, demonyms, capital (with transliteration
 * variants) and metonyms. Lookups fold case and diacritics and accept
 * multi-word names ("United States", "the White House").
 */
#ifndef TRILAT_GEO_H
#define TRILAT_GEO_H

#include <stddef.h>

/* How a name refers to its country. */
typedef enum {
    GEO_NONE = 0,
    GEO_COUNTRY,      /* "Ukraine", "United States", "U.S." */
    GEO_DEMONYM,      /* "Ukrainian", "Ukrainians", "American" */
    GEO_CAPITAL,      /* "Kyiv", "Kiev" (the city; often the government) */
    GEO_SEAT          /* "the Kremlin", "the White House": the government */
} geo_kind;

typedef struct geo_country {
    const char *code;       /* ISO 3166-1 alpha-2 ("UA"), or a bloc code ("EU") */
    const char *name;       /* canonical short name ("Ukraine") */
    const char *capital;    /* canonical capital name ("Kyiv"), or NULL */
} geo_country;

typedef struct geo_hit {
    const geo_country *country;   /* static, never freed */
    geo_kind kind;
} geo_hit;

/* Look up a name of n bytes (any case; diacritics ignored; inner spaces
 * and periods as written, "U.S." and "US" both work; a leading "the " is
 * ignored). Returns 1 and fills *out when the name is known, else 0.
 * Thread-safe (the index is built once under pthread_once). */
int geo_lookup(const char *name, size_t n, geo_hit *out);

/* Country by ISO code (upper case), or NULL. */
const geo_country *geo_country_by_code(const char *code);

/* Number of countries in the table, and the i-th (for listing/tests). */
size_t geo_count(void);
const geo_country *geo_country_at(size_t i);

#endif
