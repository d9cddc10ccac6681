/* cmd_events.c -- what was said and what was done: `trilat quotes` and
 * `trilat events` (issue 6), and the pieces `trilat story` and `trilat
 * entity` show of them.
 *
 * Quotes and events are stored by `trilat cluster` (entx.c) as byte spans
 * into their article's text; here they become JSON (complete: offsets,
 * entities, phrases as written) and text (one item in two lines, long
 * spans cut). Entity names given on the command line are resolved as
 * `trilat entity NAME` resolves them; when several entities match, the
 * best (an exact id, name or match key first, then the most mentioned)
 * is used and the others are listed on stderr, so a bare last name works
 * and the user learns how to pick another one (by its id).
 */
#include "cli.h"
#include "view.h"
#include "qgroup.h"
#include "date.h"
#include "event.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_QUOTE_MAX 300      /* bytes of a quote shown in text mode */
#define TEXT_SENT_MAX 160       /* bytes of an evidence sentence */

/* ------------------------------------------------------------------------
 * Spans and dates
 * ---------------------------------------------------------------------- */

/* JSON string of text[a, b), null when the span is empty. */
static json_t *span_str(const art_t *a, uint32_t s, uint32_t e) {
    return e > s && e <= a->text_len ? json_stringn(a->text + s, e - s) : json_null();
}

static json_t *span_offsets(uint32_t s, uint32_t e) {
    return e > s ? json_pack("[I,I]", (json_int_t)s, (json_int_t)e) : json_null();
}

void cli_day_str(int64_t day, char out[16]) {
    int y, m, d;
    date_civil_from_days(day, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* Print s (up to max bytes, cut at a character boundary with "…"), line
 * breaks as spaces. */
static void put_cut(const char *s, size_t max) {
    size_t n = strlen(s), k = n;
    if (n > max) {
        k = max;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    }
    for (size_t i = 0; i < k; i++) putchar(s[i] == '\n' ? ' ' : s[i]);
    if (k < n) fputs("…", stdout);
}

/* "Caspian Wire, 2026-03-09" from an item's source and published. */
static void outlet_date(json_t *o, char *out, size_t cap) {
    const char *src = cli_jstr(o, "source"), *pub = cli_jstr(o, "published");
    snprintf(out, cap, "%s, %.10s", src ? src : "(no outlet)", pub ? pub : "undated");
}

/* ------------------------------------------------------------------------
 * Quotes: JSON and text
 * ---------------------------------------------------------------------- */

json_t *cli_quote_json(const store_quote_row *q, const art_t *a, uint32_t story) {
    json_t *o = json_object();
    json_object_set_new(o, "article", json_string(a->id));
    json_object_set_new(o, "source", cli_str_or_null(a->source));
    json_object_set_new(o, "published", cli_str_or_null(a->published));
    json_object_set_new(o, "story", story ? json_integer(story) : json_null());
    json_object_set_new(o, "kind", json_string(q->kind));
    json_object_set_new(o, "text", span_str(a, q->start, q->end));
    json_object_set_new(o, "offsets", span_offsets(q->start, q->end));
    json_object_set_new(o, "speaker", span_str(a, q->spk_start, q->spk_end));
    json_object_set_new(o, "speaker_offsets", span_offsets(q->spk_start, q->spk_end));
    json_object_set_new(o, "speaker_entity", q->entity ? json_integer(q->entity) : json_null());
    json_object_set_new(o, "speaker_name", cli_str_or_null(q->entity ? q->entity_name : NULL));
    json_object_set_new(o, "cue", span_str(a, q->cue_start, q->cue_end));
    json_object_set_new(o, "cue_offsets", span_offsets(q->cue_start, q->cue_end));
    json_object_set_new(o, "channel", span_str(a, q->chan_start, q->chan_end));
    json_object_set_new(o, "channel_offsets", span_offsets(q->chan_start, q->chan_end));
    return o;
}

/* Who said it, for text: the entity's name, else the phrase as written,
 * else "(unattributed)". */
static const char *quote_who(json_t *q) {
    const char *n = cli_jstr(q, "speaker_name");
    if (!n) n = cli_jstr(q, "speaker");
    return n ? n : "(unattributed)";
}

/* The quote itself: direct in quote marks, indirect marked as such. */
static void print_quote_body(json_t *q, const char *indent) {
    const char *t = cli_jstr(q, "text");
    const char *kind = cli_jstr(q, "kind");
    int direct = kind && strcmp(kind, "direct") == 0;
    fputs(indent, stdout);
    fputs(direct ? "“" : "(indirect) ", stdout);
    put_cut(t ? t : "", TEXT_QUOTE_MAX);
    if (direct) fputs("”", stdout);
}

/* Two lines: speaker, outlet, date, article id; then the quote. */
static void print_quote(json_t *q) {
    char od[160];
    outlet_date(q, od, sizeof(od));
    printf("%s — %s [%s]\n", quote_who(q), od, cli_jstr(q, "article"));
    print_quote_body(q, "    ");
    putchar('\n');
}

static int quote_list_cb(void *ud, const store_quote_row *q, const art_t *a, uint32_t story) {
    json_array_append_new(ud, cli_quote_json(q, a, story));
    return 0;
}

/* ------------------------------------------------------------------------
 * Events: JSON and text
 * ---------------------------------------------------------------------- */

/* {"entity", "name", "phrase", "offsets"} of a participant; null when
 * there is neither an entity nor a phrase. */
static json_t *party_json(const art_t *a, uint32_t id, const char *name, uint32_t s, uint32_t e) {
    if (!id && e <= s) return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "entity", id ? json_integer(id) : json_null());
    json_object_set_new(o, "name", cli_str_or_null(id ? name : NULL));
    json_object_set_new(o, "phrase", span_str(a, s, e));
    json_object_set_new(o, "offsets", span_offsets(s, e));
    return o;
}

json_t *cli_event_json(const store_event_row *r, const art_t *a, uint32_t story) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "article", json_string(a->id));
    json_object_set_new(o, "source", cli_str_or_null(a->source));
    json_object_set_new(o, "published", cli_str_or_null(a->published));
    json_object_set_new(o, "title", cli_str_or_null(a->title));
    json_object_set_new(o, "story", story ? json_integer(story) : json_null());
    json_object_set_new(o, "code", json_string(r->code));
    int root = evt_root(r->code);
    json_object_set_new(o, "root", root ? json_integer(root) : json_null());
    json_object_set_new(o, "root_name", cli_str_or_null(evt_root_name(root)));
    json_object_set_new(o, "label", cli_str_or_null(evt_label(r->code)));
    json_object_set_new(o, "trigger", span_str(a, r->trig_start, r->trig_end));
    json_object_set_new(o, "trigger_offsets", span_offsets(r->trig_start, r->trig_end));
    json_object_set_new(o, "actor", party_json(a, r->actor, r->actor_name, r->act_start, r->act_end));
    json_object_set_new(o, "target",
                        party_json(a, r->target, r->target_name, r->tgt_start, r->tgt_end));
    json_t *others = json_array();
    for (int i = 0; i < r->nothers; i++)
        if (r->others[i])
            json_array_append_new(others, json_pack("{s:I,s:o}", "entity", (json_int_t)r->others[i],
                                                    "name", cli_str_or_null(r->other_names[i])));
    json_object_set_new(o, "others", others);
    json_object_set_new(o, "location",
                        r->location ? json_pack("{s:I,s:o}", "entity", (json_int_t)r->location,
                                                "name", cli_str_or_null(r->location_name))
                                    : json_null());
    json_t *d = json_object();
    char day[16];
    if (r->has_date) {
        cli_day_str(r->first_day, day);
        json_object_set_new(d, "first", json_string(day));
        cli_day_str(r->last_day, day);
        json_object_set_new(d, "last", json_string(day));
    } else {
        json_object_set_new(d, "first", json_null());
        json_object_set_new(d, "last", json_null());
    }
    json_object_set_new(d, "certainty", cli_str_or_null(r->certainty));
    json_object_set_new(d, "expression", span_str(a, r->when_start, r->when_end));
    json_object_set_new(d, "offsets", span_offsets(r->when_start, r->when_end));
    json_object_set_new(o, "date", d);
    json_object_set_new(o, "sentence", span_str(a, r->sent_start, r->sent_end));
    json_object_set_new(o, "sentence_offsets", span_offsets(r->sent_start, r->sent_end));
    json_object_set_new(o, "negated", json_boolean(r->negated));
    json_object_set_new(o, "future", json_boolean(r->future));
    return o;
}

/* A participant for text: its entity's name, else the phrase, else NULL. */
static const char *party_text(json_t *p) {
    if (!json_is_object(p)) return NULL;
    const char *n = cli_jstr(p, "name");
    return n ? n : cli_jstr(p, "phrase");
}

/* The date column: "2026-03-08 ", a range "2026-03-01..03-31", then a
 * certainty mark: nothing when exact, "~" inferred, "?" unresolved. */
static void event_date_text(json_t *ev, char *out, size_t cap) {
    json_t *d = json_object_get(ev, "date");
    const char *f = cli_jstr(d, "first"), *l = cli_jstr(d, "last"), *c = cli_jstr(d, "certainty");
    const char *mark = !c || strcmp(c, "exact") == 0 ? "" : strcmp(c, "inferred") == 0 ? "~" : "?";
    if (!f) snprintf(out, cap, "undated%s", cli_jstr(d, "expression") ? "?" : "");
    else if (l && strcmp(f, l) != 0) snprintf(out, cap, "%s..%s%s", f, l + 5, mark);
    else snprintf(out, cap, "%s%s", f, mark);
}

/* Two lines: date, actor, label (code), target, others, place, outlet;
 * then the evidence sentence, cut. */
static void print_event(json_t *ev, const char *indent) {
    char date[40], od[160];
    event_date_text(ev, date, sizeof(date));
    outlet_date(ev, od, sizeof(od));
    const char *actor = party_text(json_object_get(ev, "actor"));
    const char *target = party_text(json_object_get(ev, "target"));
    const char *label = cli_jstr(ev, "label");
    printf("%s%-18s %s — %s%s%s (%s)", indent, date, actor ? actor : "(someone)",
           json_is_true(json_object_get(ev, "negated")) ? "NOT " : "",
           json_is_true(json_object_get(ev, "future")) ? "planned: " : "",
           label ? label : cli_jstr(ev, "trigger") ? cli_jstr(ev, "trigger") : "?", cli_jstr(ev, "code"));
    if (target) printf(" → %s", target);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(ev, "others"), i, o) {
        const char *n = cli_jstr(o, "name");
        printf("%s%s", i ? ", " : "; with ", n ? n : "?");
    }
    const char *loc = party_text(json_object_get(ev, "location"));
    if (loc) printf("; in %s", loc);
    printf("  [%s, %s]\n%s    ", od, cli_jstr(ev, "article"), indent);
    const char *sent = cli_jstr(ev, "sentence");
    put_cut(sent ? sent : "", TEXT_SENT_MAX);
    putchar('\n');
}

static int event_list_cb(void *ud, const store_event_row *r, const art_t *a, uint32_t story) {
    json_array_append_new(ud, cli_event_json(r, a, story));
    return 0;
}

/* ------------------------------------------------------------------------
 * Sections of `trilat story` and `trilat entity`
 * ---------------------------------------------------------------------- */

/* The quotes of a story grouped by speaker: [{"speaker", "entity",
 * "count", "quotes": [...]}], most quoted first, unattributed last.
 * A speaker is its entity; an unresolved speaker phrase groups by its
 * words. This is where grouping the same quote across outlets (qgroup)
 * will slot in: per speaker, before the list is returned. */
/* The same statement quoted by several outlets (qgroup.h): each quote of
 * `all` gets "statement" (its group number) and "statement_sources"; an
 * unattributed quote that matches an attributed statement takes its
 * speaker ("speaker_entity", "speaker_name", with "speaker_from":
 * "statement"). Returns the grouping (caller frees) or an empty one when
 * it fails (the quotes are then shown ungrouped). */
static qg_result group_statements(json_t *all) {
    qg_result r = QG_RESULT_INIT;
    size_t n = json_array_size(all);
    qg_item *it = calloc(n ? n : 1, sizeof(*it));
    if (!it) return r;
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_array_get(all, i);
        const char *t = cli_jstr(q, "text"), *art = cli_jstr(q, "article");
        it[i].text = t;
        it[i].len = t ? strlen(t) : 0;
        it[i].speaker = (uint32_t)json_integer_value(json_object_get(q, "speaker_entity"));
        it[i].source = cli_jstr(q, "source");
        /* store_quotes gives each article's quotes together: an article is
         * the index of its first quote */
        int same = i > 0 && art && prev && strcmp(art, prev) == 0;
        it[i].article = same ? it[i - 1].article : (int64_t)i;
        prev = art;
    }
    tl_err e;
    err_clear(&e);
    if (qg_group_quotes(it, n, NULL, &r, &e) != TL_OK) {
        free(it);
        return (qg_result)QG_RESULT_INIT;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_array_get(all, i);
        const qg_group *g = &r.g[r.group[i]];
        json_object_set_new(q, "statement", json_integer((json_int_t)r.group[i]));
        json_object_set_new(q, "statement_sources", json_integer((json_int_t)g->sources));
        if (!it[i].speaker && g->speaker) {
            json_t *rep = json_array_get(all, g->rep);
            json_object_set_new(q, "speaker_entity", json_integer(g->speaker));
            json_object_set(q, "speaker_name", json_object_get(rep, "speaker_name"));
            json_object_set_new(q, "speaker_from", json_string("statement"));
        }
    }
    free(it);
    return r;
}

/* The statements of one speaker group: each distinct statement of its
 * quotes with the representative text, how many outlets and articles
 * quote it, and which outlets. */
static json_t *statements_of(json_t *quotes, json_t *all, const qg_result *r) {
    json_t *out = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(quotes, i, q) {
        json_t *st = json_object_get(q, "statement");
        if (!st || !r->g) continue;
        size_t k = (size_t)json_integer_value(st);
        int seen = 0;
        size_t j;
        json_t *x;
        json_array_foreach(out, j, x) seen |= (size_t)json_integer_value(json_object_get(x, "statement")) == k;
        if (seen) continue;
        const qg_group *g = &r->g[k];
        json_t *rep = json_array_get(all, g->rep);
        json_t *o = json_object(), *outlets = json_array(), *arts = json_array();
        json_object_set_new(o, "statement", json_integer((json_int_t)k));
        json_object_set(o, "text", json_object_get(rep, "text"));
        json_object_set(o, "kind", json_object_get(rep, "kind"));
        json_object_set_new(o, "sources", json_integer((json_int_t)g->sources));
        json_object_set_new(o, "quotes", json_integer((json_int_t)g->n));
        for (size_t m = 0; m < g->n; m++) {
            json_t *mq = json_array_get(all, r->members[g->first + m]);
            const char *src = cli_jstr(mq, "source"), *art = cli_jstr(mq, "article");
            int dup = 0;
            size_t z;
            json_t *y;
            json_array_foreach(outlets, z, y) dup |= src && strcmp(json_string_value(y), src) == 0;
            if (src && !dup) json_array_append_new(outlets, json_string(src));
            dup = 0;
            json_array_foreach(arts, z, y) dup |= art && strcmp(json_string_value(y), art) == 0;
            if (art && !dup) json_array_append_new(arts, json_string(art));
        }
        json_object_set_new(o, "outlets", outlets);
        json_object_set_new(o, "articles", arts);
        json_array_append_new(out, o);
    }
    return out;
}

json_t *cli_story_quotes(store_t *s, uint32_t story, int *rc, tl_err *e) {
    json_t *all = json_array();
    store_quote_filter f = {0, 0, story, 0};
    *rc = store_quotes(s, &f, quote_list_cb, all, e);
    qg_result qr = group_statements(all);
    json_t *groups = json_object(), *order = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(all, i, q) {
        char key[300];
        json_int_t ent = json_integer_value(json_object_get(q, "speaker_entity"));
        const char *phrase = cli_jstr(q, "speaker");
        if (ent) snprintf(key, sizeof(key), "e%lld", (long long)ent);
        else if (phrase) snprintf(key, sizeof(key), "p%s", phrase);
        else snprintf(key, sizeof(key), "-");
        json_t *g = json_object_get(groups, key);
        if (!g) {
            g = json_object();
            json_object_set_new(g, "speaker", cli_str_or_null(ent ? cli_jstr(q, "speaker_name") : phrase));
            json_object_set_new(g, "entity", ent ? json_integer(ent) : json_null());
            json_object_set_new(g, "count", json_integer(0));
            json_object_set_new(g, "quotes", json_array());
            json_object_set_new(groups, key, g);
            json_array_append(order, g);
        }
        json_array_append(json_object_get(g, "quotes"), q);
        json_object_set_new(g, "count", json_integer((json_int_t)json_array_size(json_object_get(g, "quotes"))));
    }
    /* most quoted first (stable: first seen wins ties), unattributed last */
    size_t n = json_array_size(order);
    json_t **v = malloc((n ? n : 1) * sizeof(*v));
    for (i = 0; v && i < n; i++) v[i] = json_array_get(order, i);
    for (i = 1; v && i < n; i++) {
        json_t *x = v[i];
        size_t k = i;
        json_int_t cx = json_is_null(json_object_get(x, "speaker")) ? -1 : json_integer_value(json_object_get(x, "count"));
        while (k > 0) {
            json_t *y = v[k - 1];
            json_int_t cy = json_is_null(json_object_get(y, "speaker")) ? -1 : json_integer_value(json_object_get(y, "count"));
            if (cy >= cx) break;
            v[k] = y;
            k--;
        }
        v[k] = x;
    }
    json_t *out = json_array();
    for (i = 0; v && i < n; i++) {
        json_object_set_new(v[i], "statements", statements_of(json_object_get(v[i], "quotes"), all, &qr));
        json_array_append(out, v[i]);
    }
    free(v);
    qg_result_free(&qr);
    json_decref(order);
    json_decref(groups);
    json_decref(all);
    return out;
}

/* The events of a story, or of an entity (as actor or participant), as a
 * timeline (store_events order), at most limit (<= 0: all). */
json_t *cli_events_of(store_t *s, uint32_t story, uint32_t entity, long limit, int *rc, tl_err *e) {
    json_t *arr = json_array();
    store_event_filter f = {0};
    f.story = story;
    f.entity = entity;
    f.limit = limit;
    *rc = store_events(s, &f, event_list_cb, arr, e);
    return arr;
}

void cli_print_story_quotes(json_t *groups) {
    size_t i, k, total = 0, speakers = 0;
    json_t *g, *q;
    json_array_foreach(groups, i, g) {
        total += json_array_size(json_object_get(g, "quotes"));
        speakers += !json_is_null(json_object_get(g, "speaker"));
    }
    printf("\nQuotes (%zu, %zu speakers)\n", total, speakers);
    json_array_foreach(groups, i, g) {
        const char *sp = cli_jstr(g, "speaker");
        printf("  %s (%lld)\n", sp ? sp : "(unattributed)",
               (long long)json_integer_value(json_object_get(g, "count")));
        json_t *sts = json_object_get(g, "statements");
        if (json_array_size(sts) == 0) {    /* grouping failed: plain list */
            json_array_foreach(json_object_get(g, "quotes"), k, q) {
                char od[160];
                outlet_date(q, od, sizeof(od));
                print_quote_body(q, "    ");
                printf("  — %s\n", od);
            }
            continue;
        }
        /* one line per statement, with the outlets quoting it */
        json_array_foreach(sts, k, q) {
            print_quote_body(q, "    ");
            json_int_t nsrc = json_integer_value(json_object_get(q, "sources"));
            json_t *outs = json_object_get(q, "outlets");
            if (nsrc > 1) printf("  — quoted by %lld sources:", (long long)nsrc);
            else fputs("  —", stdout);
            size_t z;
            json_t *y;
            json_array_foreach(outs, z, y) printf("%s %s", z ? "," : "", json_string_value(y));
            putchar('\n');
        }
    }
}

void cli_print_events(json_t *events, const char *indent) {
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) print_event(ev, indent);
}

/* ------------------------------------------------------------------------
 * Resolving command-line arguments
 * ---------------------------------------------------------------------- */

/* NAME or ID -> one entity id (see the top of this file). EXIT_OK,
 * EXIT_NOTFOUND or EXIT_FAIL (message printed). */
int cli_pick_entity(store_t *s, const char *cmd, const char *name, uint32_t *id) {
    json_t *rows, *o;
    size_t best, i;
    tl_err e;
    err_clear(&e);
    int rc = view_entity_pick(s, name, &rows, &best, &e);
    if (rc == TL_ENOTFOUND) {
        fprintf(stderr, "trilat %s: no entity named '%s' (see 'trilat entities')\n", cmd, name);
        return EXIT_NOTFOUND;
    }
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    size_t n = json_array_size(rows);
    o = json_array_get(rows, best);
    *id = (uint32_t)json_integer_value(json_object_get(o, "id"));
    if (n > 1) {
        fprintf(stderr, "trilat %s: '%s' matches %zu entities; using %s (id %u, %lld mentions); also",
                cmd, name, n, cli_jstr(o, "name"), *id,
                (long long)json_integer_value(json_object_get(o, "mentions")));
        size_t shown = 0;
        json_array_foreach(rows, i, o) {
            if (i == best) continue;
            if (shown++ == 8) { fprintf(stderr, ", …"); break; }
            fprintf(stderr, "%s %s (id %lld)", shown > 1 ? "," : "", cli_jstr(o, "name"),
                    (long long)json_integer_value(json_object_get(o, "id")));
        }
        fprintf(stderr, "; give an ID to choose\n");
    }
    json_decref(rows);
    return EXIT_OK;
}

/* --story ID: a story that exists. EXIT_OK, EXIT_NOTFOUND, EXIT_FAIL. */
static int no_story_cb(void *ud, const store_story_row *r) {
    (void)ud;
    (void)r;
    return 0;
}

static int check_story(store_t *s, uint32_t story) {
    tl_err e;
    err_clear(&e);
    int rc = store_get_story(s, story, no_story_cb, NULL, &e);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    return EXIT_OK;
}

/* Parse a positive story id for cmd (usage message on error). */
static int parse_story(const char *cmd, const char *arg, uint32_t *out) {
    long v;
    if (cli_parse_long(arg, &v) || v < 1 || v > UINT32_MAX) {
        cli_usage_error(cmd, "--story takes a story ID (a number, see 'trilat stories'), not '%s'",
                        arg);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* ------------------------------------------------------------------------
 * trilat quotes
 * ---------------------------------------------------------------------- */

static const char QUOTES_HELP[] =
    "usage: trilat quotes [OPTIONS]\n"
    "\n"
    "What was said: quotes found in the stored articles (by `trilat cluster`),\n"
    "newest articles first, each with its speaker, outlet, date and article.\n"
    "Direct quotes are shown in quote marks, reported speech as (indirect).\n"
    "\n"
    "Options:\n"
    "  --speaker NAME|ID   quotes of one entity; NAME is matched as by\n"
    "                      `trilat entity` (spelling variants, last names);\n"
    "                      when several match, the exact one or else the most\n"
    "                      mentioned is used and the others listed on stderr\n"
    "  --story ID          quotes in one story's articles\n"
    "  --article ID        quotes in one article\n"
    "  -n, --limit N       at most N quotes (default 50; 0: all)\n"
    "  --json              JSON output (offsets, kind, cue, channel, speaker\n"
    "                      entity and phrase as written)\n"
    "\n"
    "Exit status 4 when the speaker, story or article is not found.\n";

int cmd_quotes(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"speaker", required_argument, 0, 'S'}, {"story", required_argument, 0, 's'},
        {"article", required_argument, 0, 'a'}, {"limit", required_argument, 0, 'n'},
        CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *speaker = NULL, *article = NULL;
    store_quote_filter f = {0, 0, 0, 50};
    long v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'S': speaker = optarg; break;
        case 'a': article = optarg; break;
        case 's':
            if (parse_story("quotes", optarg, &f.story)) return EXIT_USAGE;
            break;
        case 'n':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("quotes", "expected a non-negative number, got '%s'", optarg);
                return EXIT_USAGE;
            }
            f.limit = v;
            break;
        case 'h': fputs(QUOTES_HELP, stdout); return EXIT_OK;
        default: fputs(QUOTES_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("quotes", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    tl_err e;
    err_clear(&e);
    if (speaker) x = cli_pick_entity(s, "quotes", speaker, &f.entity);
    if (x == EXIT_OK && f.story) x = check_story(s, f.story);
    if (x == EXIT_OK && article) {
        art_t *a;
        int rc = store_get_article(s, article, &a, NULL, &e);
        if (rc != TL_OK) { cli_error(&e); x = cli_exit_for(rc); }
        else { f.article = a->rowid; art_free(a); }
    }
    if (x != EXIT_OK) { store_close(s); return x; }
    json_t *arr = json_array();
    int rc = store_quotes(s, &f, quote_list_cb, arr, &e);
    store_close(s);
    if (rc != TL_OK) { json_decref(arr); cli_error(&e); return cli_exit_for(rc); }
    if (c->json) { cli_print_json(arr); return EXIT_OK; }
    size_t i;
    json_t *q;
    json_array_foreach(arr, i, q) print_quote(q);
    json_decref(arr);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat events
 * ---------------------------------------------------------------------- */

static const char EVENTS_HELP[] =
    "usage: trilat events [OPTIONS]\n"
    "\n"
    "What was done: the events found in the stored articles (by `trilat\n"
    "cluster`) as a timeline, by the date the text gives them (resolved\n"
    "against the publication date), undated ones last. Each shows its date\n"
    "(`~` inferred from the publication date, `?` unresolved), actor, what\n"
    "happened (CAMEO code), target, other participants, place, outlet and\n"
    "the sentence it was read from.\n"
    "\n"
    "Options:\n"
    "  --actor NAME|ID     events of one entity, as actor or participant\n"
    "                      (NAME matched as by `trilat entity`; several\n"
    "                      matches: as `trilat quotes --speaker`)\n"
    "  --story ID          events in one story's articles\n"
    "  --since DATE        events on or after DATE (a date range: any day of it)\n"
    "  --until DATE        events before DATE; undated events count as\n"
    "                      happening on their publication day\n"
    "  -n, --limit N       at most N events (default 50; 0: all)\n"
    "  --json              JSON output (every field, offsets into the article)\n"
    "\n"
    "Exit status 4 when the actor or story is not found.\n";

int cmd_events(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"actor", required_argument, 0, 'A'}, {"story", required_argument, 0, 's'},
        {"since", required_argument, 0, 'S'}, {"until", required_argument, 0, 'U'},
        {"limit", required_argument, 0, 'n'}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *actor = NULL;
    store_event_filter f = {0};
    f.limit = 50;
    long v;
    int64_t ts;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'A': actor = optarg; break;
        case 's':
            if (parse_story("events", optarg, &f.story)) return EXIT_USAGE;
            break;
        case 'S': case 'U':
            if (cli_parse_when(optarg, &ts)) {
                cli_usage_error("events", "cannot read date '%s'", optarg);
                return EXIT_USAGE;
            }
            if (opt == 'S') { f.has_since = 1; f.since_day = cli_day_of(ts); }
            else { f.has_until = 1; f.until_day = cli_day_of(ts); }
            break;
        case 'n':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("events", "expected a non-negative number, got '%s'", optarg);
                return EXIT_USAGE;
            }
            f.limit = v;
            break;
        case 'h': fputs(EVENTS_HELP, stdout); return EXIT_OK;
        default: fputs(EVENTS_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("events", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    if (actor) x = cli_pick_entity(s, "events", actor, &f.entity);
    if (x == EXIT_OK && f.story) x = check_story(s, f.story);
    if (x != EXIT_OK) { store_close(s); return x; }
    tl_err e;
    err_clear(&e);
    json_t *arr = json_array();
    int rc = store_events(s, &f, event_list_cb, arr, &e);
    store_close(s);
    if (rc != TL_OK) { json_decref(arr); cli_error(&e); return cli_exit_for(rc); }
    if (c->json) { cli_print_json(arr); return EXIT_OK; }
    cli_print_events(arr, "");
    json_decref(arr);
    return EXIT_OK;
}
