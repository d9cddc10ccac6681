/* main.c -- `trilat`: command dispatch, global options, help, version. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: trilat [--db PATH] COMMAND [ARGS]\n"
    "\n"
    "trilat turns a pile of news articles into stories and triangulates them.\n"
    "\n"
    "Commands:\n"
    "  ingest PATH...     store articles from JSON Lines, JSON, or .txt files\n"
    "                     (directories recursively, '-' for stdin, .gz/.zst ok)\n"
    "  articles           list stored articles (newest first)\n"
    "  article ID         show one article\n"
    "  search QUERY       full-text search (FTS5 syntax, BM25 order)\n"
    "  cluster            place new articles in stories and storylines, and\n"
    "                     extract their entities\n"
    "  stories            list stories (most recent first)\n"
    "  story ID           one story and its articles\n"
    "  storylines         stories grouped into ongoing affairs\n"
    "  entities           people, organizations and places, most reported first\n"
    "  entity NAME        one entity: its names, roles, stories and articles\n"
    "  quotes             what was said: quotes with speaker, outlet, date\n"
    "  events             what was done: a timeline of events (who, what, whom)\n"
    "  serve              HTTP API and web page over the store (docs/api.md)\n"
    "  publish PATH...    queue articles in NATS JetStream for workers\n"
    "                     (docs/deploy.md)\n"
    "  worker             store queued articles (any number of machines)\n"
    "  queue              what waits in the queue\n"
    "  eval clusters      score clustering against gold labels\n"
    "  eval ner           score the named-entity model on CoNLL data\n"
    "  eval quantities    score quantity extraction on a gold file\n"
    "  eval facts         score a store's cross-source facts on a gold file\n"
    "  eval rouge         ROUGE of summaries as ROUGE-1.5.5 computes it\n"
    "  eval summaries     score the summarizer on DUC 2006 with ROUGE\n"
    "  eval extract       score web-page text extraction (Article Extraction Benchmark)\n"
    "  train ner          train the named-entity model from CoNLL data\n"
    "  stats              what the store holds\n"
    "  check              verify the store's integrity\n"
    "\n"
    "Global options:\n"
    "  --db PATH|URI      the store: a file (SQLite) or postgresql://... (default:\n"
    "                     $TRILAT_DB, else ./trilat.db)\n"
    "  --json             machine-readable output (read commands)\n"
    "  --version          print the version\n"
    "  -h, --help         this help; 'trilat COMMAND --help' for a command\n"
    "\n"
    "Exit status: 0 ok; 1 failure (store, I/O); 2 usage error;\n"
    "3 ingest finished but some input was rejected; 4 not found.\n";

typedef struct {
    const char *name;
    int (*fn)(cli_ctx *, int, char **);
} command;

static const command COMMANDS[] = {
    {"ingest", cmd_ingest},   {"articles", cmd_articles}, {"article", cmd_article},
    {"search", cmd_search},   {"stats", cmd_stats},       {"check", cmd_check},
    {"cluster", cmd_cluster}, {"stories", cmd_stories},   {"story", cmd_story},
    {"storylines", cmd_storylines}, {"eval", cmd_eval},
    {"train", cmd_train},
    {"entities", cmd_entities}, {"entity", cmd_entity},
    {"quotes", cmd_quotes}, {"events", cmd_events},
    {"serve", cmd_serve},
    {"publish", cmd_publish}, {"worker", cmd_worker}, {"queue", cmd_queue},
};

int main(int argc, char **argv) {
    cli_ctx c = {0};
    c.db = getenv("TRILAT_DB");
    if (!c.db || !*c.db) c.db = "trilat.db";
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("trilat %s\n", TRILAT_VERSION);
            return EXIT_OK;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--json") == 0) { c.json = 1; continue; }
        if (strcmp(a, "--db") == 0 && i + 1 < argc) { c.db = argv[++i]; continue; }
        if (strncmp(a, "--db=", 5) == 0) { c.db = a + 5; continue; }
        fprintf(stderr, "trilat: unknown option '%s'\n%s", a, USAGE);
        return EXIT_USAGE;
    }
    if (i >= argc) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof(COMMANDS) / sizeof(COMMANDS[0]); k++)
        if (strcmp(argv[i], COMMANDS[k].name) == 0)
            return COMMANDS[k].fn(&c, argc - i, argv + i);
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 < argc) {
            char *sub[] = {argv[i + 1], "--help", NULL};
            for (size_t k = 0; k < sizeof(COMMANDS) / sizeof(COMMANDS[0]); k++)
                if (strcmp(argv[i + 1], COMMANDS[k].name) == 0)
                    return COMMANDS[k].fn(&c, 2, sub);
        }
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    fprintf(stderr, "trilat: unknown command '%s'\n%s", argv[i], USAGE);
    return EXIT_USAGE;
}
