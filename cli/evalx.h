/* evalx.h -- shared pieces of the evaluations on hand-made gold files
 * (`trilat eval quotes|dates|events` on the examples gold, and the
 * PETRARCH records): the articles a gold file refers to, where a gold
 * string lies in its article, the analysis pipeline every evaluation runs
 * (recognizer -> ent_analyze -> when_find), name matching for speakers
 * and actors, and precision/recall figures.
 *
 * Why a module: the three commands must read the same articles, resolve
 * dates against the same publication day and judge names the same way,
 * or their figures could not be compared. Protocols: docs/quotes.md and
 * docs/eval-events.md.
 */
#ifndef TRILAT_CLI_EVALX_H
#define TRILAT_CLI_EVALX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "entity.h"
#include "err.h"
#include "ner.h"
#include "when.h"

/* ------------------------------------------------------------------------
 * Articles
 * ---------------------------------------------------------------------- */

typedef struct ex_article {
    char *id;
    char *text;
    size_t len;
    int has_pub;
    int64_t pub_day;   /* publication day in the article's own offset */
} ex_article;

typedef struct ex_articles {
    ex_article *v;
    size_t n, cap;
} ex_articles;

/* Read a JSON Lines file of articles ({"id", "text", "published"}).
 * TL_OK; TL_EIO (cannot open), TL_EPARSE (a bad line, e says where),
 * TL_ENOMEM. */
int ex_articles_read(const char *path, ex_articles *out, tl_err *e);
const ex_article *ex_articles_get(const ex_articles *a, const char *id);
void ex_articles_free(ex_articles *a);

/* Publication day of an ISO / RFC date string, in its own offset. */
int ex_pub_day(const char *s, int64_t *day);

/* ------------------------------------------------------------------------
 * Gold files
 * ---------------------------------------------------------------------- */

typedef struct { size_t a, b; } ex_span;

/* Each non-empty line of a JSON Lines gold file as an object: fn(ud, obj,
 * lineno) returns TL_OK to go on or an error (stops; e filled by fn).
 * TL_EIO when the file cannot be read, TL_EPARSE for a line that is not a
 * JSON object. */
typedef int (*ex_line_fn)(void *ud, json_t *o, long lineno, tl_err *e);
int ex_gold_each(const char *path, ex_line_fn fn, void *ud, tl_err *e);

/* Where string s (field `text`, `sentence` ...) lies in the article: its
 * occurrence-th appearance (1-based; 0 or 1 the first). 0 when absent. */
int ex_locate(const ex_article *a, const char *s, long occurrence, ex_span *out);

/* A string field or NULL (absent, null or not a string). */
const char *ex_str(json_t *o, const char *key);

/* ------------------------------------------------------------------------
 * Pipeline
 * ---------------------------------------------------------------------- */

/* The NER model: given "none" -> NULL (rules), a path -> itself, NULL ->
 * the default next to the executable (entx_default_model), if any. */
const char *ex_pick_model(const char *given, char *buf, size_t cap);

/* ------------------------------------------------------------------------
 * Command lines of the gold evaluations
 * ---------------------------------------------------------------------- */

/* The options an evaluation accepts (a mask); every other option is a
 * usage error, as are arguments left over. */
#define EX_OPT_GOLD     0x01u   /* --gold FILE */
#define EX_OPT_ARTICLES 0x02u   /* --articles FILE */
#define EX_OPT_PETRARCH 0x04u   /* --petrarch DIR */
#define EX_OPT_MODEL    0x08u   /* --model FILE */
#define EX_OPT_SHOW     0x10u   /* --show-errors */
#define EX_OPT_ERRORS   0x20u   /* --errors (same as --show-errors) */

struct cli_ctx;

typedef struct ex_args {
    const char *gold, *articles, *petrarch, *model;
    int show;                   /* --show-errors / --errors */
} ex_args;

/* Parse argv (argv[0] the evaluation's name) with the common options
 * (--db, --json, --help) and those in mask. Returns -1 to go on, or the
 * exit code to return at once (EXIT_OK after --help, EXIT_USAGE). */
int ex_parse_args(struct cli_ctx *c, int argc, char **argv, unsigned mask, const char *help,
                  ex_args *out);

/* Names (model m, or rules when NULL), entity analysis and time
 * expressions of text. d and w may be NULL when not wanted. */
int ex_analyze(const ner_model *m, const char *text, size_t len, int has_pub, int64_t pub_day,
               ent_doc *d, when_list *w, tl_err *e);

/* ------------------------------------------------------------------------
 * Matching and figures
 * ---------------------------------------------------------------------- */

size_t ex_overlap(ex_span x, ex_span y);
/* Overlap of at least half of the shorter span (the PolNeAR rule). */
int ex_half_overlap(ex_span x, ex_span y);

/* Is a predicted name right for the gold one? gold: a canonical name
 * ("Oleksandr Varenko", "Kestrel Shipping Group", every word capitalized
 * but "of", "and", "the") or a phrase ("the regional emergency service").
 * name: the predicted entity's canonical name (NULL when unresolved);
 * phrase: the predicted phrase as written (NULL / 0 when none).
 *   gold name:   the entity's name key holds every word of the gold's
 *                (equal, or with more words: "Aldmere's Health and
 *                Safety Board"), or is a single word of the gold's
 *                ("Varenko"); without an entity, the phrase holds every
 *                word of the gold key, or its last word ("Mr. Varenko");
 *   gold phrase: its head (the last word before a preposition:
 *                "officials" in "officials from the delegation") is a
 *                word of the phrase or name, plurals folded.
 * Case, titles and spelling variants are folded (ent_name_key). */
int ex_name_right(const char *gold, const char *name, const char *phrase, size_t plen);

typedef struct ex_prf {
    long gold, pred, gold_hit, pred_hit;
} ex_prf;

double ex_ratio(long a, long b);
double ex_f1(const ex_prf *p);
/* {"gold", "predicted", "gold_matched", "predicted_matched", "precision",
 *  "recall", "f1"} */
json_t *ex_prf_json(const ex_prf *p);
/* "%-10s gold pred P R F1" row. */
void ex_prf_row(const char *label, const ex_prf *p);

#endif
