/* store_sqlite_evt.c -- the SQLite backend's event tables (schema v7):
 * events (event.h: code, trigger, actor, target, place, resolved date,
 * evidence sentence; byte offsets into the article text) and
 * event_others, their further participants.
 *
 * Why a side table for the other participants rather than a JSON array:
 * "the events of entity X, as actor or participant" must be an index
 * lookup (events_actor, events_target, event_others_entity), not a scan
 * of every event's JSON. Reads return a timeline: by resolved date,
 * undated events last, in publication order.
 */
#include "store_sqlite.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Writes
 * ---------------------------------------------------------------------- */

int sq_put_event(store_t *s, const store_event_row *r, tl_err *e) {
    sq_t *q = SQ(s);
    sqlite3_stmt *st = q->q[Q_PUT_EVENT];
    sqlite3_bind_int64(st, 1, r->article);
    sq_bind_text(st, 2, r->code ? r->code : "");
    sqlite3_bind_int64(st, 3, r->trig_start);
    sqlite3_bind_int64(st, 4, r->trig_end);
    sq_bind_id(st, 5, r->actor);
    sq_bind_span(st, 6, r->act_start, r->act_end);
    sq_bind_id(st, 8, r->target);
    sq_bind_span(st, 9, r->tgt_start, r->tgt_end);
    sq_bind_id(st, 11, r->location);
    if (r->has_date) {
        sqlite3_bind_int64(st, 12, r->first_day);
        sqlite3_bind_int64(st, 13, r->last_day);
    } else {
        sqlite3_bind_null(st, 12);
        sqlite3_bind_null(st, 13);
    }
    sq_bind_text(st, 14, r->certainty ? r->certainty : "unresolved");
    sq_bind_span(st, 15, r->when_start, r->when_end);
    sqlite3_bind_int64(st, 17, r->sent_start);
    sqlite3_bind_int64(st, 18, r->sent_end);
    sqlite3_bind_int(st, 19, r->negated ? 1 : 0);
    sqlite3_bind_int(st, 20, r->future ? 1 : 0);
    int rc = sq_step_reset(q, st, e, "storing event");
    if (rc != TL_OK) return rc;
    sqlite3_int64 id = sqlite3_last_insert_rowid(q->db);
    st = q->q[Q_PUT_EVT_OTHER];
    for (int i = 0; i < r->nothers && rc == TL_OK; i++) {
        if (!r->others[i]) continue;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_int64(st, 3, r->others[i]);
        rc = sq_step_reset(q, st, e, "storing event participant");
    }
    return rc;
}

/* ------------------------------------------------------------------------
 * Reads
 * ---------------------------------------------------------------------- */

/* ART_COLS, a.text, the story, then EVT_COLS from column EVT_AT. The
 * other participants come as one string of "pos US id US name" records
 * separated by RS (ASCII 31 and 30), parsed below: SQLite 3.40 has no
 * ORDER BY inside group_concat, so the position travels with each one. */
#define EVT_AT (ART_NCOLS + 2)
#define EVT_COLS                                                                           \
    "e.id, e.code, e.trig_start, e.trig_end, COALESCE(e.actor, 0), COALESCE(e.act_start, 0),"  \
    " COALESCE(e.act_end, 0), COALESCE(e.target, 0), COALESCE(e.tgt_start, 0),"             \
    " COALESCE(e.tgt_end, 0), COALESCE(e.location, 0), e.first_day, e.last_day,"            \
    " e.certainty, COALESCE(e.when_start, 0), COALESCE(e.when_end, 0), e.sent_start,"       \
    " e.sent_end, e.negated, e.future, ea.name, et.name, el.name,"                          \
    " (SELECT group_concat(o.pos || char(31) || o.entity || char(31) ||"                    \
    "  COALESCE(eo.name, ''), char(30)) FROM event_others o"                                \
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

static int event_row(sqlite3_stmt *st, sq_cb cb, void *ud) {
    art_t a = {0};
    sq_row_to_art(st, &a);
    a.text = (char *)sq_col_str(st, ART_NCOLS);
    a.text_len = (size_t)sqlite3_column_bytes(st, ART_NCOLS);
    uint32_t story = (uint32_t)sqlite3_column_int64(st, ART_NCOLS + 1);
    store_event_row r;
    memset(&r, 0, sizeof(r));
    int c = EVT_AT;
#define U32(i) ((uint32_t)sqlite3_column_int64(st, c + (i)))
    r.id = sqlite3_column_int64(st, c);
    r.article = a.rowid;
    r.code = sq_col_str(st, c + 1);
    r.trig_start = U32(2), r.trig_end = U32(3);
    r.actor = U32(4), r.act_start = U32(5), r.act_end = U32(6);
    r.target = U32(7), r.tgt_start = U32(8), r.tgt_end = U32(9);
    r.location = U32(10);
    r.has_date = sqlite3_column_type(st, c + 11) != SQLITE_NULL;
    r.first_day = sqlite3_column_int64(st, c + 11);
    r.last_day = sqlite3_column_int64(st, c + 12);
    r.certainty = sq_col_str(st, c + 13);
    r.when_start = U32(14), r.when_end = U32(15);
    r.sent_start = U32(16), r.sent_end = U32(17);
    r.negated = sqlite3_column_int(st, c + 18);
    r.future = sqlite3_column_int(st, c + 19);
#undef U32
    r.actor_name = sq_col_str(st, c + 20);
    r.target_name = sq_col_str(st, c + 21);
    r.location_name = sq_col_str(st, c + 22);
    /* never point past the text */
    uint32_t ends[] = {r.trig_end, r.act_end, r.tgt_end, r.when_end, r.sent_end};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
        if (ends[i] > a.text_len) return 0;
    char *others = sq_col_dup(st, c + 23);
    parse_others(others, &r);
    int stop = cb.event(ud, &r, &a, story);
    free(others);
    return stop;
}

int sq_events(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud, tl_err *e) {
    static const store_event_filter all;
    if (!f) f = &all;
    sq_t *q = SQ(s);
    buf_t sql = BUF_INIT;
    buf_puts(&sql, "SELECT " ART_COLS ", a.text, COALESCE(p.story, 0), " EVT_COLS EVT_FROM
                   " WHERE 1");
    if (f->entity)
        buf_puts(&sql, " AND (e.actor = :entity OR e.target = :entity OR e.id IN"
                       " (SELECT event FROM event_others WHERE entity = :entity))");
    if (f->story) buf_puts(&sql, " AND p.story = :story");
    if (f->article) buf_puts(&sql, " AND e.article = :article");
    /* an undated event: its publication day (UTC) */
#define PUB_DAY "(a.published_ts / 86400 - (a.published_ts % 86400 < 0))"
    if (f->has_since) buf_puts(&sql, " AND COALESCE(e.last_day, " PUB_DAY ") >= :since");
    if (f->has_until) buf_puts(&sql, " AND COALESCE(e.first_day, " PUB_DAY ") < :until");
#undef PUB_DAY
    buf_puts(&sql, " ORDER BY e.first_day IS NULL, e.first_day, e.last_day,"
                   " a.published_ts IS NULL, a.published_ts, e.article, e.trig_start, e.id"
                   " LIMIT :limit");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(q->db, sql.p, -1, &st, NULL);
    buf_free(&sql);
    if (rc != SQLITE_OK) return sq_err(q, e, "reading events");
    int i;
    if ((i = sqlite3_bind_parameter_index(st, ":entity"))) sqlite3_bind_int64(st, i, f->entity);
    if ((i = sqlite3_bind_parameter_index(st, ":story"))) sqlite3_bind_int64(st, i, f->story);
    if ((i = sqlite3_bind_parameter_index(st, ":article"))) sqlite3_bind_int64(st, i, f->article);
    if ((i = sqlite3_bind_parameter_index(st, ":since"))) sqlite3_bind_int64(st, i, f->since_day);
    if ((i = sqlite3_bind_parameter_index(st, ":until"))) sqlite3_bind_int64(st, i, f->until_day);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"), f->limit > 0 ? f->limit : -1);
    int n = sq_each(q, st, event_row, (sq_cb){.event = cb}, ud, e, "reading events");
    return n < 0 ? n : TL_OK;
}
