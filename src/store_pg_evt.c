/* store_pg_evt.c -- the PostgreSQL backend's event tables (schema v7):
 * events (event.h: code, trigger, actor, target, place, resolved date,
 * evidence sentence; byte offsets into the article text) and
 * event_others, their further participants, as in store_sqlite_evt.c
 * (why a side table: the events of an entity are an index lookup).
 *
 * An event and its participants are stored by one pipelined statement
 * (PGQ_PUT_EVENT: the participants travel as an array). Reads return the
 * same timeline as SQLite's: by resolved date, undated events last, then
 * publication (undated articles last), article and text order.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Writes
 * ---------------------------------------------------------------------- */

int pg_put_event(store_t *s, const store_event_row *r, tl_err *e) {
    char nb[20][24], others[STORE_EVT_MAX_OTHERS * 12 + 4];
    size_t k = 0;
    others[k++] = '{';
    for (int i = 0; i < r->nothers && i < STORE_EVT_MAX_OTHERS; i++)
        k += (size_t)snprintf(others + k, sizeof(others) - k, "%s%u", i ? "," : "", r->others[i]);
    snprintf(others + k, sizeof(others) - k, "}");
    const char *vals[21] = {
        pg_i64(nb[0], r->article),
        r->code ? r->code : "",
        pg_i64(nb[1], r->trig_start),
        pg_i64(nb[2], r->trig_end),
        pg_idn(nb[3], r->actor),
        pg_spanv(nb[4], r->act_start, r->act_end),
        pg_spanv(nb[5], r->act_end, r->act_end),
        pg_idn(nb[6], r->target),
        pg_spanv(nb[7], r->tgt_start, r->tgt_end),
        pg_spanv(nb[8], r->tgt_end, r->tgt_end),
        pg_idn(nb[9], r->location),
        r->has_date ? pg_i64(nb[10], r->first_day) : NULL,
        r->has_date ? pg_i64(nb[11], r->last_day) : NULL,
        r->certainty ? r->certainty : "unresolved",
        pg_spanv(nb[12], r->when_start, r->when_end),
        pg_spanv(nb[13], r->when_end, r->when_end),
        pg_i64(nb[14], r->sent_start),
        pg_i64(nb[15], r->sent_end),
        r->negated ? "1" : "0",
        r->future ? "1" : "0",
        others,
    };
    return pg_put(PG(s), PGQ_PUT_EVENT, 21, vals, e, "storing event");
}

/* ------------------------------------------------------------------------
 * Reads
 * ---------------------------------------------------------------------- */

/* ART_COLS_PG, a.text, the story, then EVT_COLS from column EVT_AT. The
 * other participants come as one string of "pos US id US name" records
 * separated by RS (ASCII 31 and 30), as from the SQLite backend. */
#define EVT_AT (ART_NCOLS_PG + 2)
#define EVT_COLS                                                                           \
    "e.id, e.code, e.trig_start, e.trig_end, COALESCE(e.actor, 0), COALESCE(e.act_start, 0),"  \
    " COALESCE(e.act_end, 0), COALESCE(e.target, 0), COALESCE(e.tgt_start, 0),"             \
    " COALESCE(e.tgt_end, 0), COALESCE(e.location, 0), e.first_day, e.last_day,"            \
    " e.certainty, COALESCE(e.when_start, 0), COALESCE(e.when_end, 0), e.sent_start,"       \
    " e.sent_end, e.negated, e.future, ea.name, et.name, el.name,"                          \
    " (SELECT string_agg(o.pos::text || chr(31) || o.entity::text || chr(31) ||"            \
    "  COALESCE(eo.name, ''), chr(30) ORDER BY o.pos) FROM event_others o"                  \
    "  LEFT JOIN entities eo ON eo.id = o.entity WHERE o.event = e.id)"

#define EVT_FROM                                                                           \
    " FROM events e JOIN articles a ON a.rowid = e.article"                               \
    " LEFT JOIN placements p ON p.article = e.article"                                    \
    " LEFT JOIN entities ea ON ea.id = e.actor"                                           \
    " LEFT JOIN entities et ON et.id = e.target"                                          \
    " LEFT JOIN entities el ON el.id = e.location"

/* Fill r's other participants from the concatenated records in s (a copy
 * the caller owns: names are cut in place). */
static void parse_others(char *s, store_event_row *r) {
    while (s && *s) {
        char *next = strchr(s, '\x1e');
        if (next) *next++ = '\0';
        char *id = strchr(s, '\x1f'), *name = id ? strchr(id + 1, '\x1f') : NULL;
        if (name) {
            *id++ = '\0';
            *name++ = '\0';
            long pos = strtol(s, NULL, 10);
            if (pos >= 0 && pos < STORE_EVT_MAX_OTHERS) {
                r->others[pos] = (uint32_t)strtoul(id, NULL, 10);
                r->other_names[pos] = *name ? name : NULL;
                if (pos + 1 > r->nothers) r->nothers = (int)pos + 1;
            }
        }
        s = next;
    }
}

static int event_row(const PGresult *res, pg_cb cb, void *ud) {
    art_t a = {0};
    pg_row_to_art(res, 0, &a);
    a.text = (char *)pg_str(res, 0, ART_NCOLS_PG);
    a.text_len = (size_t)PQgetlength(res, 0, ART_NCOLS_PG);
    uint32_t story = (uint32_t)pg_int(res, 0, ART_NCOLS_PG + 1);
    store_event_row r;
    memset(&r, 0, sizeof(r));
    int c = EVT_AT;
#define U32(i) ((uint32_t)pg_int(res, 0, c + (i)))
    r.id = pg_int(res, 0, c);
    r.article = a.rowid;
    r.code = pg_str(res, 0, c + 1);
    r.trig_start = U32(2), r.trig_end = U32(3);
    r.actor = U32(4), r.act_start = U32(5), r.act_end = U32(6);
    r.target = U32(7), r.tgt_start = U32(8), r.tgt_end = U32(9);
    r.location = U32(10);
    r.has_date = !PQgetisnull(res, 0, c + 11);
    r.first_day = pg_int(res, 0, c + 11);
    r.last_day = pg_int(res, 0, c + 12);
    r.certainty = pg_str(res, 0, c + 13);
    r.when_start = U32(14), r.when_end = U32(15);
    r.sent_start = U32(16), r.sent_end = U32(17);
    r.negated = (int)pg_int(res, 0, c + 18);
    r.future = (int)pg_int(res, 0, c + 19);
#undef U32
    r.actor_name = pg_str(res, 0, c + 20);
    r.target_name = pg_str(res, 0, c + 21);
    r.location_name = pg_str(res, 0, c + 22);
    /* never point past the text */
    uint32_t ends[] = {r.trig_end, r.act_end, r.tgt_end, r.when_end, r.sent_end};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
        if (ends[i] > a.text_len) return 0;
    char *others = pg_dup(res, 0, c + 23);
    parse_others(others, &r);
    int stop = cb.event(ud, &r, &a, story);
    free(others);
    return stop;
}

int pg_events(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud, tl_err *e) {
    static const store_event_filter all;
    if (!f) f = &all;
    buf_t sql = BUF_INIT;
    const char *vals[6];
    char nb[6][24];
    int n = 0;
    buf_puts(&sql, "SELECT " ART_COLS_PG ", a.text, COALESCE(p.story, 0), " EVT_COLS EVT_FROM
                   " WHERE true");
    if (f->entity) {
        vals[n] = pg_i64(nb[n], f->entity);
        n++;
        buf_printf(&sql, " AND (e.actor = $%d::bigint OR e.target = $%d::bigint OR e.id IN"
                         " (SELECT event FROM event_others WHERE entity = $%d::bigint))",
                   n, n, n);
    }
    if (f->story) {
        vals[n] = pg_i64(nb[n], f->story);
        buf_printf(&sql, " AND p.story = $%d::bigint", ++n);
    }
    if (f->article) {
        vals[n] = pg_i64(nb[n], f->article);
        buf_printf(&sql, " AND e.article = $%d::bigint", ++n);
    }
    /* an undated event: its publication day (UTC) */
#define PUB_DAY "(a.published_ts / 86400 - (a.published_ts % 86400 < 0)::int)"
    if (f->has_since) {
        vals[n] = pg_i64(nb[n], f->since_day);
        buf_puts(&sql, " AND COALESCE(e.last_day, " PUB_DAY ")");
        buf_printf(&sql, " >= $%d::bigint", ++n);
    }
    if (f->has_until) {
        vals[n] = pg_i64(nb[n], f->until_day);
        buf_puts(&sql, " AND COALESCE(e.first_day, " PUB_DAY ")");
        buf_printf(&sql, " < $%d::bigint", ++n);
    }
#undef PUB_DAY
    vals[n] = f->limit > 0 ? pg_i64(nb[n], f->limit) : NULL;
    buf_printf(&sql, " ORDER BY e.first_day IS NULL, e.first_day, e.last_day NULLS FIRST,"
                     " a.published_ts IS NULL, a.published_ts, e.article, e.trig_start, e.id"
                     " LIMIT $%d::bigint", ++n);
    long rc = sql.p ? pg_each(PG(s), sql.p, n, vals, event_row, (pg_cb){.event = cb}, ud, e,
                              "reading events")
                    : err_set(e, TL_ENOMEM, "out of memory");
    buf_free(&sql);
    return rc < 0 ? (int)rc : TL_OK;
}
