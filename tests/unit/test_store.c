/* test_store.c -- unit tests for src/store.c + src/store_sqlite.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "jsonl.h"
#include "store.h"
#include "testutil.h"

static char *db_path;

static int setup(void **st) {
    (void)st;
    db_path = tu_tmpfile(".db");
    unlink(db_path);
    return 0;
}

static int teardown(void **st) {
    (void)st;
    tu_remove_db(db_path);
    return 0;
}

static int put(store_t *s, const char *json, char **other) {
    art_t *a = tu_article(json);
    int outcome;
    tl_err e;
    assert_int_equal(store_put_article(s, a, &outcome, other, &e), TL_OK);
    art_free(a);
    return outcome;
}

static int count_cb(void *ud, const art_t *a) {
    (void)a;
    (*(int *)ud)++;
    return 0;
}

static int hit_cb(void *ud, const store_hit *h) {
    char *out = ud;
    strcat(out, h->article->id);
    strcat(out, " ");
    return 0;
}

static void test_open_missing(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_ENOTFOUND);
    /* a PostgreSQL URI goes to that backend: no server there */
    assert_int_equal(store_open(&s, "postgresql:///y?host=/nonexistent-trilat", 0, &e), TL_ESTORE);
}

static void test_put_outcomes(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    char *other = NULL;
    assert_int_equal(store_open(&s, db_path, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"a\",\"title\":\"Kyiv talks\",\"text\":\"Zelenskyy met Trump in Washington.\",\"source\":\"S1\",\"published\":\"2025-08-18\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"b\",\"text\":\"Merz said the meeting in Kyiv was good. Curaçao.\",\"source\":\"S2\",\"published\":\"2025-08-19\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Zelenskyy  met Trump in Washington.\"}", NULL), STORE_SAME);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Something else.\"}", &other), STORE_CONFLICT);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Zelenskyy met Trump in Washington.\",\"source\":\"S3\"}", &other), STORE_DUP);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Zelenskyy met Trump in Washington.\"}", NULL), STORE_SAME);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Changed.\"}", &other), STORE_CONFLICT);
    assert_string_equal(other, "a");
    free(other);
    assert_int_equal(store_commit(s, &e), TL_OK);

    /* a rolled-back batch leaves nothing */
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"z\",\"text\":\"Rolled back.\"}", NULL), STORE_NEW);
    assert_int_equal(store_rollback(s, &e), TL_OK);

    art_t *a;
    char *dup_of;
    assert_int_equal(store_get_article(s, "c", &a, &dup_of, &e), TL_OK);
    assert_string_equal(a->id, "a");
    assert_string_equal(dup_of, "a");
    assert_string_equal(a->text, "Zelenskyy met Trump in Washington.");
    art_free(a);
    free(dup_of);
    assert_int_equal(store_get_article(s, "z", &a, &dup_of, &e), TL_ENOTFOUND);

    store_stats ss;
    assert_int_equal(store_get_stats(s, &ss, &e), TL_OK);
    assert_int_equal(ss.articles, 2);
    assert_int_equal(ss.duplicates, 1);
    assert_int_equal(ss.schema_version, 8);
    assert_string_equal(ss.first_published, "2025-08-18");

    int n = 0;
    store_filter f = {0};
    f.source = "S2";
    assert_int_equal(store_list_articles(s, &f, 0, count_cb, &n, &e), TL_OK);
    assert_int_equal(n, 1);
    memset(&f, 0, sizeof(f));
    f.has_since = 1;
    f.since = 1755475200 + 3600;   /* 2025-08-18T01:00Z */
    n = 0;
    assert_int_equal(store_list_articles(s, &f, 0, count_cb, &n, &e), TL_OK);
    assert_int_equal(n, 1);

    /* search: plain words, diacritics folded, invalid FTS5 syntax retried */
    char hits[256] = "";
    assert_int_equal(store_search(s, "kyiv", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "a b ");   /* title match ranks first */
    hits[0] = '\0';
    assert_int_equal(store_search(s, "curacao", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "b ");
    hits[0] = '\0';
    assert_int_equal(store_search(s, "Trump's \"meeting", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    hits[0] = '\0';
    assert_int_equal(store_search(s, "Zelenskyy NOT Merz", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "a ");
    /* an unterminated string and a stray column filter: plain words */
    hits[0] = '\0';
    assert_int_equal(store_search(s, "\"kyiv", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "a b ");
    hits[0] = '\0';
    assert_int_equal(store_search(s, "kyiv:", NULL, "[", "]", hit_cb, hits, &e), TL_OK);
    assert_string_equal(hits, "a b ");

    char *report;
    assert_int_equal(store_check(s, &report, &e), TL_OK);
    assert_string_equal(report, "ok");
    free(report);
    store_close(s);
}

/* ------------------------------------------------------------------------
 * Quotes and events (schema v6, v7)
 * ---------------------------------------------------------------------- */

/* Three articles: a and b in story 1, c in story 2 (b is undated). */
static store_t *annotated_store(void) {
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(put(s, "{\"id\":\"a\",\"text\":\"Varenko met Haldorsen on Sunday.\",\"source\":\"S1\",\"published\":\"2026-03-09T10:00:00+02:00\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"b\",\"text\":\"Haldorsen said talks failed.\",\"source\":\"S2\"}", NULL), STORE_NEW);
    assert_int_equal(put(s, "{\"id\":\"c\",\"text\":\"Kestrel bought Tarn in March.\",\"source\":\"S1\",\"published\":\"2026-03-30\"}", NULL), STORE_NEW);
    static const char sig[8] = {0};
    for (int64_t r = 1; r <= 3; r++) {
        store_placement p = {r, r == 3 ? 2 : 1, 1.0, 0, 0, sig, sizeof(sig)};
        assert_int_equal(store_put_placement(s, &p, &e), TL_OK);
    }
    store_entity_row ents[] = {{1, "PER", "varenko", "Oleksandr Varenko", NULL, NULL, 1, 1, 1, NULL, NULL},
                               {2, "PER", "haldorsen", "Ingrid Haldorsen", NULL, NULL, 2, 2, 1, NULL, NULL},
                               {3, "ORG", "kestrel", "Kestrel", NULL, NULL, 1, 1, 2, NULL, NULL},
                               {4, "ORG", "tarn", "Tarn", NULL, NULL, 1, 1, 2, NULL, NULL}};
    for (size_t i = 0; i < 4; i++) assert_int_equal(store_put_entity(s, &ents[i], &e), TL_OK);
    store_quote_row q = {2, 15, 28, "indirect", 2, 0, 9, 10, 14, 0, 0, NULL};
    assert_int_equal(store_put_quote(s, &q, &e), TL_OK);
    assert_int_equal(store_commit(s, &e), TL_OK);
    return s;
}

static int quote_ids_cb(void *ud, const store_quote_row *q, const art_t *a, uint32_t story) {
    char *out = ud;
    char b[64];
    snprintf(b, sizeof(b), "%s/%u/%s/%.*s ", a->id, story, q->entity_name ? q->entity_name : "-",
             (int)(q->end - q->start), a->text + q->start);
    strcat(out, b);
    return 0;
}

static int event_ids_cb(void *ud, const store_event_row *r, const art_t *a, uint32_t story) {
    char *out = ud;
    char b[160];
    snprintf(b, sizeof(b), "%s:%s:%.*s:%s>%s+%d%s@%s:%s:%lld:%u ", a->id, r->code,
             (int)(r->trig_end - r->trig_start), a->text + r->trig_start,
             r->actor_name ? r->actor_name : "-", r->target_name ? r->target_name : "-",
             r->nothers, r->nothers ? (r->other_names[0] ? r->other_names[0] : "?") : "",
             r->location_name ? r->location_name : "-", r->certainty,
             r->has_date ? (long long)r->first_day : -1LL, story);
    strcat(out, b);
    return 0;
}

static void put_events(store_t *s) {
    tl_err e;
    assert_int_equal(store_begin(s, &e), TL_OK);
    /* a: "Varenko met Haldorsen on Sunday." -- 2026-03-08 is day 20520 */
    store_event_row ev = {0};
    ev.article = 1;
    ev.code = "040";
    ev.trig_start = 8, ev.trig_end = 11;
    ev.actor = 1, ev.act_start = 0, ev.act_end = 7;
    ev.target = 2, ev.tgt_start = 12, ev.tgt_end = 21;
    ev.has_date = 1, ev.first_day = ev.last_day = 20520;
    ev.certainty = "inferred";
    ev.when_start = 22, ev.when_end = 31;
    ev.sent_start = 0, ev.sent_end = 32;
    assert_int_equal(store_put_event(s, &ev, &e), TL_OK);
    /* c: "Kestrel bought Tarn in March." with Varenko as another participant */
    memset(&ev, 0, sizeof(ev));
    ev.article = 3;
    ev.code = "061";
    ev.trig_start = 8, ev.trig_end = 14;
    ev.actor = 3, ev.act_end = 7;
    ev.target = 4, ev.tgt_start = 15, ev.tgt_end = 19;
    ev.others[0] = 1, ev.nothers = 1;
    ev.has_date = 1, ev.first_day = 20513, ev.last_day = 20543;   /* March 2026 */
    ev.certainty = "inferred";
    ev.sent_end = 29;
    ev.future = 1;
    assert_int_equal(store_put_event(s, &ev, &e), TL_OK);
    /* b: undated article, no time expression */
    memset(&ev, 0, sizeof(ev));
    ev.article = 2;
    ev.code = "111";
    ev.trig_start = 0, ev.trig_end = 9;
    ev.actor = 2, ev.act_end = 9;
    ev.certainty = "unresolved";
    ev.sent_end = 28;
    ev.negated = 1;
    assert_int_equal(store_put_event(s, &ev, &e), TL_OK);
    ev.nothers = STORE_EVT_MAX_OTHERS + 1;
    assert_int_equal(store_put_event(s, &ev, &e), TL_EINVAL);
    assert_int_equal(store_commit(s, &e), TL_OK);
}

static void test_quotes_filter(void **st) {
    (void)st;
    store_t *s = annotated_store();
    tl_err e;
    char out[512] = "";
    store_quote_filter f = {0};
    f.story = 1;
    assert_int_equal(store_quotes(s, &f, quote_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "b/1/Ingrid Haldorsen/talks failed. ");
    out[0] = '\0';
    f.story = 2;
    assert_int_equal(store_quotes(s, &f, quote_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "");
    f.story = 0;
    f.entity = 2;
    assert_int_equal(store_quotes(s, &f, quote_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "b/1/Ingrid Haldorsen/talks failed. ");
    out[0] = '\0';
    assert_int_equal(store_quotes(s, NULL, quote_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "b/1/Ingrid Haldorsen/talks failed. ");
    store_close(s);
}

static void test_events(void **st) {
    (void)st;
    store_t *s = annotated_store();
    put_events(s);
    tl_err e;
    char out[1024] = "";
    /* the timeline: by date, undated last */
    assert_int_equal(store_events(s, NULL, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out,
                        "c:061:bought:Kestrel>Tarn+1Oleksandr Varenko@-:inferred:20513:2 "
                        "a:040:met:Oleksandr Varenko>Ingrid Haldorsen+0@-:inferred:20520:1 "
                        "b:111:Haldorsen:Ingrid Haldorsen>-+0@-:unresolved:-1:1 ");
    /* as actor, target or other participant */
    store_event_filter f = {0};
    f.entity = 1;
    out[0] = '\0';
    assert_int_equal(store_events(s, &f, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "c:061:bought:Kestrel>Tarn+1Oleksandr Varenko@-:inferred:20513:2 "
                             "a:040:met:Oleksandr Varenko>Ingrid Haldorsen+0@-:inferred:20520:1 ");
    f.entity = 2;
    f.story = 1;
    out[0] = '\0';
    assert_int_equal(store_events(s, &f, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "a:040:met:Oleksandr Varenko>Ingrid Haldorsen+0@-:inferred:20520:1 "
                             "b:111:Haldorsen:Ingrid Haldorsen>-+0@-:unresolved:-1:1 ");
    /* dates: ranges meet the window; the undated article never passes */
    memset(&f, 0, sizeof(f));
    f.has_since = 1;
    f.since_day = 20521;
    out[0] = '\0';
    assert_int_equal(store_events(s, &f, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "c:061:bought:Kestrel>Tarn+1Oleksandr Varenko@-:inferred:20513:2 ");
    f.has_until = 1;
    f.until_day = 20513;
    out[0] = '\0';
    assert_int_equal(store_events(s, &f, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "");
    memset(&f, 0, sizeof(f));
    f.limit = 1;
    f.article = 2;
    out[0] = '\0';
    assert_int_equal(store_events(s, &f, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "b:111:Haldorsen:Ingrid Haldorsen>-+0@-:unresolved:-1:1 ");
    /* reset drops them with the entities */
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(store_reset_entities(s, &e), TL_OK);
    assert_int_equal(store_commit(s, &e), TL_OK);
    out[0] = '\0';
    assert_int_equal(store_events(s, NULL, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "");
    store_close(s);
}

/* A store written by trilat with schema v6 (no event tables, no analyses)
 * is brought to the current version on open, its quotes kept. */
static void test_migrate_v6(void **st) {
    (void)st;
    store_close(annotated_store());
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DROP TABLE event_others; DROP TABLE events;"
                                      "DROP TABLE analyses; PRAGMA user_version = 6", NULL, NULL,
                                      NULL), SQLITE_OK);
    sqlite3_close(db);
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_OK);
    store_stats ss;
    assert_int_equal(store_get_stats(s, &ss, &e), TL_OK);
    assert_int_equal(ss.schema_version, 8);
    long na = -1;
    assert_int_equal(store_count_analyses(s, &na, &e), TL_OK);
    assert_int_equal(na, 0);
    char out[512] = "";
    assert_int_equal(store_quotes(s, NULL, quote_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "b/1/Ingrid Haldorsen/talks failed. ");
    put_events(s);
    out[0] = '\0';
    store_event_filter f = {0};
    f.story = 2;
    assert_int_equal(store_events(s, &f, event_ids_cb, out, &e), TL_OK);
    assert_string_equal(out, "c:061:bought:Kestrel>Tarn+1Oleksandr Varenko@-:inferred:20513:2 ");
    char *report;
    assert_int_equal(store_check(s, &report, &e), TL_OK);
    free(report);
    store_close(s);
}

/* ------------------------------------------------------------------------
 * Rowids, analyses, the clustering lock
 * ---------------------------------------------------------------------- */

/* A new article gets its rowid back; they grow in commit order. */
static void test_rowids(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, STORE_CREATE, &e), TL_OK);
    int64_t last = 0;
    for (int i = 0; i < 3; i++) {
        char json[128];
        snprintf(json, sizeof(json), "{\"id\":\"r%d\",\"text\":\"Text number %d.\"}", i, i);
        art_t *a = tu_article(json);
        int outcome;
        assert_int_equal(store_begin(s, &e), TL_OK);
        assert_int_equal(store_put_article(s, a, &outcome, NULL, &e), TL_OK);
        assert_int_equal(store_commit(s, &e), TL_OK);
        assert_int_equal(outcome, STORE_NEW);
        assert_true(a->rowid > last);
        last = a->rowid;
        art_free(a);
    }
    store_close(s);
}

typedef struct { char got[256]; } an_seen;

static int analysis_cb(void *ud, int64_t article, const char *producer, const void *data,
                       size_t len) {
    an_seen *a = ud;
    char one[64];
    snprintf(one, sizeof(one), "%lld:%s:%.*s ", (long long)article, producer, (int)len,
             (const char *)data);
    strcat(a->got, one);
    return 0;
}

static void test_analyses(void **st) {
    (void)st;
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_begin(s, &e), TL_OK);
    int64_t ids[4];
    for (int i = 0; i < 4; i++) {
        char json[128];
        snprintf(json, sizeof(json), "{\"id\":\"a%d\",\"text\":\"Another text %d.\"}", i, i);
        art_t *a = tu_article(json);
        int outcome;
        assert_int_equal(store_put_article(s, a, &outcome, NULL, &e), TL_OK);
        ids[i] = a->rowid;
        art_free(a);
        /* binary data with a NUL inside survives */
        assert_int_equal(store_put_analysis(s, ids[i], i == 2 ? "other" : "p1", i == 3 ? "x\0y" : "xy",
                                            3, &e), TL_OK);
    }
    assert_int_equal(store_commit(s, &e), TL_OK);
    long n;
    assert_int_equal(store_count_analyses(s, &n, &e), TL_OK);
    assert_int_equal(n, 4);
    an_seen seen = {""};
    assert_int_equal(store_analyses(s, ids[0], 2, analysis_cb, &seen, &e), TL_OK);
    char want[256];
    snprintf(want, sizeof(want), "%lld:p1:xy %lld:other:xy ", (long long)ids[1], (long long)ids[2]);
    assert_string_equal(seen.got, want);
    assert_int_equal(store_begin(s, &e), TL_OK);
    assert_int_equal(store_drop_analyses(s, ids[2], &e), TL_OK);
    assert_int_equal(store_commit(s, &e), TL_OK);
    assert_int_equal(store_count_analyses(s, &n, &e), TL_OK);
    assert_int_equal(n, 1);
    seen.got[0] = '\0';
    assert_int_equal(store_analyses(s, 0, 0, analysis_cb, &seen, &e), TL_OK);
    snprintf(want, sizeof(want), "%lld:p1:x", (long long)ids[3]);
    assert_non_null(strstr(seen.got, want));
    store_close(s);
}

/* One connection at a time holds the clustering lock, even two in one
 * process; closing the holder frees it; the holder is named. */
static void test_cluster_lock(void **st) {
    (void)st;
    store_t *a, *b;
    tl_err e;
    assert_int_equal(store_open(&a, db_path, STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_open(&b, db_path, 0, &e), TL_OK);
    int got;
    char *holder = NULL;
    assert_int_equal(store_lock_clusterer(a, &got, &holder, &e), TL_OK);
    assert_int_equal(got, 1);
    assert_null(holder);
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);                       /* held already */
    assert_int_equal(store_lock_clusterer(b, &got, &holder, &e), TL_OK);
    assert_int_equal(got, 0);
    assert_non_null(holder);
    assert_non_null(strstr(holder, " pid "));
    free(holder);
    store_unlock_clusterer(a);
    assert_int_equal(store_lock_clusterer(b, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 0);
    store_close(b);                                 /* the holder goes away */
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);
    store_close(a);
    char p[600];
    snprintf(p, sizeof(p), "%s.cluster-lock", db_path);
    unlink(p);
    /* an in-memory store has nobody to share with */
    assert_int_equal(store_open(&a, ":memory:", STORE_CREATE, &e), TL_OK);
    assert_int_equal(store_lock_clusterer(a, &got, NULL, &e), TL_OK);
    assert_int_equal(got, 1);
    store_close(a);
}

static void test_newer_schema_refused(void **st) {
    (void)st;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    store_t *s;
    tl_err e;
    assert_int_equal(store_open(&s, db_path, 0, &e), TL_ESTORE);
    assert_non_null(strstr(e.msg, "newer"));
}

static void test_not_a_database(void **st) {
    (void)st;
    tu_write(db_path, "this is not sqlite, just text that is long enough to have a header.....", 72);
    store_t *s;
    tl_err e;
    assert_int_not_equal(store_open(&s, db_path, 0, &e), TL_OK);
    assert_non_null(strstr(e.msg, db_path));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_outcomes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v6, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rowids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_analyses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
