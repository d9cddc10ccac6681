/* cli.h -- shared pieces of the trilat command-line tool.
 *
 * The CLI is a thin layer over libtrilat: it parses arguments, opens the
 * store, calls the library and prints text or JSON. Exit codes are the
 * EXIT_* values below (documented in README and `trilat --help`).
 */
#ifndef TRILAT_CLI_H
#define TRILAT_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "article.h"
#include "err.h"
#include "ingest.h"
#include "store.h"
#include "story.h"

#define EXIT_OK 0
#define EXIT_FAIL 1       /* could not do the job (store, I/O, memory) */
#define EXIT_USAGE 2      /* bad command line */
#define EXIT_REJECTS 3    /* ingest done, but some input was rejected */
#define EXIT_NOTFOUND 4   /* no such article / no store */

typedef struct cli_ctx {
    const char *db;       /* --db, $TRILAT_DB or ./trilat.db */
    int json;             /* --json */
} cli_ctx;

/* Commands: argc/argv start at the command name. */
int cmd_ingest(cli_ctx *c, int argc, char **argv);
int cmd_articles(cli_ctx *c, int argc, char **argv);
int cmd_article(cli_ctx *c, int argc, char **argv);
int cmd_stats(cli_ctx *c, int argc, char **argv);
int cmd_search(cli_ctx *c, int argc, char **argv);
int cmd_check(cli_ctx *c, int argc, char **argv);
int cmd_cluster(cli_ctx *c, int argc, char **argv);
int cmd_stories(cli_ctx *c, int argc, char **argv);
int cmd_story(cli_ctx *c, int argc, char **argv);
int cmd_storylines(cli_ctx *c, int argc, char **argv);
int cmd_eval(cli_ctx *c, int argc, char **argv);
int cmd_train(cli_ctx *c, int argc, char **argv);
int cmd_entities(cli_ctx *c, int argc, char **argv);
int cmd_entity(cli_ctx *c, int argc, char **argv);
int cli_eval_quotes(cli_ctx *c, int argc, char **argv);    /* eval quotes (cmd_quotes.c) */
int cmd_quotes(cli_ctx *c, int argc, char **argv);         /* quotes (cmd_events.c) */
int cmd_events(cli_ctx *c, int argc, char **argv);         /* events (cmd_events.c) */
int cmd_serve(cli_ctx *c, int argc, char **argv);          /* serve (cmd_serve.c) */
int cmd_publish(cli_ctx *c, int argc, char **argv);        /* publish, queue (cmd_publish.c) */
int cmd_queue(cli_ctx *c, int argc, char **argv);
int cmd_worker(cli_ctx *c, int argc, char **argv);         /* worker (cmd_worker.c) */
const char *cli_nats_url(const char *given);               /* --nats, $TRILAT_NATS, default */
/* eval quotes on a JSON Lines gold file, eval dates (cmd_gold.c) */
int cli_eval_quotes_jsonl(cli_ctx *c, const char *gold, const char *articles, const char *model,
                          int show_errors);
int cli_eval_dates(cli_ctx *c, int argc, char **argv);
int cli_eval_events(cli_ctx *c, int argc, char **argv);    /* eval events (cmd_eval_events.c) */
int cli_eval_quantities(cli_ctx *c, int argc, char **argv); /* eval quantities (cmd_eval_qty.c) */
int cli_eval_facts(cli_ctx *c, int argc, char **argv);     /* eval facts (cmd_eval_facts.c) */
/* eval rouge, eval summaries (cmd_eval_sum.c) */
int cli_eval_rouge(cli_ctx *c, int argc, char **argv);
int cli_eval_summaries(cli_ctx *c, int argc, char **argv);
int cli_eval_extract(cli_ctx *c, int argc, char **argv);   /* eval extract (cmd_eval_extract.c) */

/* Helpers (out.c). */
int cli_open_store(cli_ctx *c, int create, store_t **s);   /* returns an EXIT_* */
void cli_error(const tl_err *e);                           /* "trilat: msg" to stderr */
int cli_exit_for(int rc);                                  /* TL_* -> EXIT_* */
void cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cli_parse_long(const char *s, long *out);
int cli_parse_when(const char *s, int64_t *ts);            /* date for --since */
json_t *cli_art_json(const art_t *a, int with_text);
json_t *cli_str_or_null(const char *s);                    /* a string, or null */
const char *cli_jstr(json_t *o, const char *k);            /* o[k] if a string, else NULL */
int64_t cli_day_of(int64_t ts);                            /* UTC day (days since 1970) */
void cli_print_json(json_t *j);                            /* dumps, decrefs */
int cli_common_opt(cli_ctx *c, int opt, const char *arg);  /* --db / --json */

/* The input problems of ingest and publish: "FILE:LINE: [warning: ]msg"
 * on stderr (clearing a progress line on a terminal), warnings dropped
 * when quiet, at most CLI_MAX_MESSAGES lines, the rest only counted. */
#define CLI_MAX_MESSAGES 100
typedef struct cli_reporter {
    int quiet, tty;
    long messages, suppressed;
} cli_reporter;
void cli_report(cli_reporter *r, int severity, const tl_err *e);

/* --format / --max-record of the commands that read input (ingest,
 * publish) into o: 1 when opt was one of them, 0 when not, -1 after a
 * usage error (printed, naming cmd). */
int cli_input_opt(const char *cmd, int opt, const char *arg, ing_opts *o);

/* Clustering parameters (cmd_story.c): defaults + $TRILAT_CONFIG; one
 * option (--threshold, --window-days, --set, --config) into p (returns 1
 * if opt was one of them; *err set on a bad value); run placement. */
void cli_story_defaults(story_params *p);
int cli_story_params(story_params *p, int opt, const char *arg, const char *cmd, int *err);
int cli_place(store_t *s, const story_params *p, int reset, int quiet);
/* Take the store's clustering lock (store.h) for this command, waiting up
 * to 3 s: 1 when taken; 0 when another process holds it (said on stderr,
 * naming it). Closing the store releases it. */
int cli_cluster_lock(store_t *s, const char *cmd);

/* Entity extraction after placement (cmd_ent.c): model NULL picks the
 * default model file (none found: rules only), "none" forces rules. */
int cli_entities(store_t *s, const char *model, int reset, int quiet);

/* Match key of an entity NAME as `trilat entity` uses it (cmd_ent.c): a
 * country or demonym is its country ("geo:UA"), else ent_name_key. */
void cli_entity_key(const char *name, char *key, size_t cap);

/* Quotes and events (cmd_events.c): one item as JSON (complete); NAME or
 * ID -> one entity (several matches: the exact one, else the most
 * mentioned, the others listed on stderr; returns an EXIT_*); a story's
 * quotes grouped by speaker; the events of a story or an entity as a
 * timeline; their text sections. *rc receives the TL_* status. */
/* A day number (days since 1970) as YYYY-MM-DD (cmd_events.c). */
void cli_day_str(int64_t day, char out[16]);
json_t *cli_quote_json(const store_quote_row *q, const art_t *a, uint32_t story);
json_t *cli_event_json(const store_event_row *r, const art_t *a, uint32_t story);
int cli_pick_entity(store_t *s, const char *cmd, const char *name, uint32_t *id);
json_t *cli_story_quotes(store_t *s, uint32_t story, int *rc, tl_err *e);
json_t *cli_events_of(store_t *s, uint32_t story, uint32_t entity, long limit, int *rc, tl_err *e);
void cli_print_story_quotes(json_t *groups);
void cli_print_events(json_t *events, const char *indent);

/* Facts and summary of a story (digest.c): derived on read from the
 * members' texts, mentions, events and quotes. cli_story_facts covers the
 * story's storyline for state-like facts and lists facts with a claim
 * from this story; members (the story view's "members" array) number the
 * citations [n]. */
struct sum_params;
json_t *cli_story_facts(store_t *s, uint32_t story, int *rc, tl_err *e);
/* Facts: {"label": "agree"|"conflict"|"single", "kind", "unit", "measures",
 * "sources", "claims": [{"article", "source", "story", "text", "start",
 * "end", "value", "lo", "hi", "hedge", "group", ...}]}; start/end are byte
 * offsets into the article's stored text. */
json_t *cli_story_summary(store_t *s, uint32_t story, const struct sum_params *p, int *rc,
                          tl_err *e);
void cli_print_summary(json_t *summary, json_t *members);
void cli_print_facts(json_t *facts, json_t *members, int max_single);

/* getopt_long entries every command accepts. */
#define CLI_COMMON_OPTS {"db", required_argument, 0, 'D'}, \
                        {"json", no_argument, 0, 'J'},     \
                        {"help", no_argument, 0, 'h'}

#endif
