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
/* eval quotes on a JSON Lines gold file, eval dates (cmd_gold.c) */
int cli_eval_quotes_jsonl(cli_ctx *c, const char *gold, const char *articles, const char *model,
                          int show_errors);
int cli_eval_dates(cli_ctx *c, int argc, char **argv);
int cli_eval_events(cli_ctx *c, int argc, char **argv);    /* eval events (cmd_eval_events.c) */

/* Helpers (out.c). */
int cli_open_store(cli_ctx *c, int create, store_t **s);   /* returns an EXIT_* */
void cli_error(const tl_err *e);                           /* "trilat: msg" to stderr */
int cli_exit_for(int rc);                                  /* TL_* -> EXIT_* */
void cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cli_parse_long(const char *s, long *out);
int cli_parse_when(const char *s, int64_t *ts);            /* date for --since */
json_t *cli_art_json(const art_t *a, int with_text);
void cli_print_json(json_t *j);                            /* dumps, decrefs */
int cli_common_opt(cli_ctx *c, int opt, const char *arg);  /* --db / --json */

/* Clustering parameters (cmd_story.c): defaults + $TRILAT_CONFIG; one
 * option (--threshold, --window-days, --set, --config) into p (returns 1
 * if opt was one of them; *err set on a bad value); run placement. */
void cli_story_defaults(story_params *p);
int cli_story_params(story_params *p, int opt, const char *arg, const char *cmd, int *err);
int cli_place(store_t *s, const story_params *p, int reset, int quiet);

/* Entity extraction after placement (cmd_ent.c): model NULL picks the
 * default model file (none found: rules only), "none" forces rules. */
int cli_entities(store_t *s, const char *model, int reset, int quiet);

/* getopt_long entries every command accepts. */
#define CLI_COMMON_OPTS {"db", required_argument, 0, 'D'}, \
                        {"json", no_argument, 0, 'J'},     \
                        {"help", no_argument, 0, 'h'}

#endif
