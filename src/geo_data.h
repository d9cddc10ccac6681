/* geo_data.h -- the row type of the hand-written country table
 * (src/geo_data.c), private to geo.c. */
#ifndef TRILAT_GEO_DATA_H
#define TRILAT_GEO_DATA_H

#include <stddef.h>

typedef struct geo_row {
    const char *code, *name, *capital;
    const char *aliases;    /* '|'-separated other names of the country */
    const char *demonyms;   /* '|'-separated */
    const char *capitals;   /* '|'-separated spellings of the capital */
    const char *seats;      /* '|'-separated seats of power */
} geo_row;

extern const geo_row GEO_ROWS[];
extern const size_t GEO_NROWS;

#endif
