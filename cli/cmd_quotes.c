/* cmd_quotes.c -- `trilat eval quotes`: score quote extraction (quote.h)
 * against brat attribution annotations (PolNeAR: text/NAME.txt and
 * attributions/NAME_ANNOTATOR.ann with Source / Cue / Content spans and
 * one "E" relation per attribution).
 *
 * Protocol (docs/quotes.md): a predicted quote matches a gold attribution
 * when their content spans overlap by at least half of the shorter one
 * (greedy, best overlap first, one to one). Direct gold attributions are
 * those whose content holds a double quote mark. On matched pairs with a
 * gold Source, the speaker is right when the predicted speaker phrase
 * overlaps the Source span, exact when it is the same span. Unmatched
 * predictions lying on a matched gold content are counted apart (pieces).
 * Brat offsets count code points; they are mapped to bytes here.
 *
 * The gold data is read where it lies and never copied.
 */
#include "cli.h"
#include "entity.h"
#include "names.h"
#include "ner.h"
#include "quote.h"

#include <dirent.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Files and brat annotations
 * ---------------------------------------------------------------------- */

/* Whole file into a malloc'ed NUL-terminated buffer (caller frees). */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); b = NULL; }
            b = nb;
        }
    }
    fclose(f);
    if (!b) return NULL;
    b[n] = 0;
    *len = n;
    return b;
}

typedef struct { size_t a, b; } span;

typedef struct {
    char id[16];
    char type[24];
    span s;          /* lowest start .. highest end, in bytes */
    int frag;        /* number of fragments */
    long ca, cb;     /* code-point offsets of the first fragment */
    const char *txt; /* annotated text (points into the .ann buffer) */
    size_t txtlen;
} bspan;

typedef struct {
    span content, source, cue;
    int has_source, direct, matched;
    int speech;      /* the cue is a speech verb (said, told, according to ...) */
} gold_attr;

typedef struct {
    gold_attr *v;
    size_t n, cap;
} gold_list;

/* Byte offset of code point cp (cp2b has the text's code point starts). */
static size_t cp_byte(const size_t *cp2b, size_t ncp, long cp) {
    if (cp < 0) return 0;
    return (size_t)cp < ncp ? cp2b[cp] : cp2b[ncp];
}

static const bspan *find_t(const bspan *t, size_t n, const char *id) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].id, id) == 0) return &t[i];
    return NULL;
}

static int has_dq(const char *s, size_t a, size_t b) {
    for (size_t i = a; i < b; i++) {
        if (s[i] == '"' || (s[i] == '\'' && i + 1 < b && s[i + 1] == '\'')) return 1;
        if (i + 3 <= b && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x9c || (unsigned char)s[i + 2] == 0x9d))
            return 1;
    }
    return 0;
}

/* Is a gold cue a verb of speech? (The rest of PolNeAR's cues are beliefs,
 * findings, "called for", "criticized" ...; docs/quotes.md.) */
static int speech_cue(const char *s, size_t n) {
    static const char *const W[] = {"said", "says", "say", "told", "tells", "according to",
                                    "wrote", "writes", "added", "adds", "noted", "notes",
                                    "saying", "adding", "said:", "added:", "also said",
                                    "has said", "stated", "explained", "asked"};
    for (size_t i = 0; i < sizeof(W) / sizeof(W[0]); i++)
        if (strlen(W[i]) == n && strncasecmp(W[i], s, n) == 0) return 1;
    return 0;
}

/* Parse one .ann file against its text; appends to g. *mismatch counts
 * one-fragment spans whose text differs from the article's. */
static int read_ann(const char *path, const char *text, size_t tlen, gold_list *g,
                    long *mismatch) {
    size_t alen;
    char *ann = slurp(path, &alen);
    if (!ann) return -1;
    /* code point -> byte map */
    size_t ncp = 0;
    size_t *cp2b = malloc((tlen + 2) * sizeof(size_t));
    bspan *t = NULL;
    size_t nt = 0, capt = 0;
    if (!cp2b) { free(ann); return -1; }
    for (size_t i = 0; i < tlen; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) cp2b[ncp++] = i;
    cp2b[ncp] = tlen;
    for (char *line = ann, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (line[0] == 'T') {
            if (nt == capt) {
                capt = capt ? capt * 2 : 64;
                bspan *nv = realloc(t, capt * sizeof(*t));
                if (!nv) break;
                t = nv;
            }
            bspan *x = &t[nt];
            memset(x, 0, sizeof(*x));
            char *tab = strchr(line, '\t');
            if (!tab) continue;
            snprintf(x->id, sizeof(x->id), "%.*s", (int)(tab - line), line);
            char *p = tab + 1, *sp = strchr(p, ' ');
            if (!sp) continue;
            snprintf(x->type, sizeof(x->type), "%.*s", (int)(sp - p), p);
            p = sp + 1;
            long first = -1, last = -1;
            while (*p && *p != '\t') {
                char *end;
                long a = strtol(p, &end, 10);
                if (*end != ' ') break;
                long b = strtol(end + 1, &end, 10);
                if (first < 0) { first = a; x->ca = a; x->cb = b; }
                if (a < first) first = a;   /* fragments may come in any order */
                if (b > last) last = b;
                x->frag++;
                p = end;
                if (*p == ';') p++;
            }
            if (first < 0) continue;
            x->s.a = cp_byte(cp2b, ncp, first);
            x->s.b = cp_byte(cp2b, ncp, last);
            if (x->s.b < x->s.a) continue;   /* malformed ("5 2"): ignored */
            if (*p == '\t') { x->txt = p + 1; x->txtlen = strlen(p + 1); }
            if (x->frag == 1 && x->txt) {
                size_t a = cp_byte(cp2b, ncp, x->ca), b = cp_byte(cp2b, ncp, x->cb);
                if (b - a != x->txtlen || memcmp(text + a, x->txt, x->txtlen) != 0) (*mismatch)++;
            }
            nt++;
        }
    }
    for (char *line = ann; line < ann + alen; line += strlen(line) + 1) {
        if (line[0] != 'E') continue;
        const bspan *content = NULL, *source = NULL, *cue = NULL;
        char *tab = strchr(line, '\t');
        for (char *tokp = tab ? strtok(tab + 1, " ") : NULL; tokp; tokp = strtok(NULL, " ")) {
            char *colon = strchr(tokp, ':');
            if (!colon) continue;
            *colon = 0;
            const bspan *x = find_t(t, nt, colon + 1);
            if (!strcmp(tokp, "Content")) content = x;
            else if (!strcmp(tokp, "Source")) source = x;
            else if (!strcmp(tokp, "Cue")) cue = x;
        }
        if (!content) continue;
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 256;
            gold_attr *nv = realloc(g->v, g->cap * sizeof(*nv));
            if (!nv) break;
            g->v = nv;
        }
        gold_attr *ga = &g->v[g->n++];
        memset(ga, 0, sizeof(*ga));
        ga->content = content->s;
        ga->direct = has_dq(text, content->s.a, content->s.b);
        if (cue) {
            ga->cue = cue->s;
            ga->speech = speech_cue(text + cue->s.a, cue->s.b - cue->s.a);
        }
        if (source) { ga->source = source->s; ga->has_source = 1; }
    }
    free(t);
    free(cp2b);
    free(ann);
    return 0;
}

/* ------------------------------------------------------------------------
 * Scoring
 * ---------------------------------------------------------------------- */

enum { K_ALL, K_DIRECT, K_INDIRECT, K_N };

static int show_errors;   /* --show-errors: print misses and false positives */

typedef struct {
    long gold[K_N], pred[K_N], gold_hit[K_N], pred_hit[K_N];
    long with_source[K_N], spk_overlap[K_N], spk_exact[K_N];
    long spk_resolved;        /* right speakers resolved to an entity */
    long speech_gold, speech_hit;   /* gold with a speech-verb cue, matched */
    long pieces;              /* unmatched predictions inside a matched gold content */
} score_t;

static size_t overlap(span x, span y) {
    size_t a = x.a > y.a ? x.a : y.a, b = x.b < y.b ? x.b : y.b;
    return b > a ? b - a : 0;
}

static void score_doc(const char *text, const gold_list *g, size_t g0, const quo_list *q,
                      score_t *s) {
    char *taken = calloc(q->n ? q->n : 1, 1);
    if (!taken) return;
    for (size_t i = 0; i < q->n; i++) {
        int k = q->v[i].kind == QUO_DIRECT ? K_DIRECT : K_INDIRECT;
        s->pred[K_ALL]++;
        s->pred[k]++;
    }
    for (size_t gi = g0; gi < g->n; gi++) {
        const gold_attr *ga = &g->v[gi];
        int gk = ga->direct ? K_DIRECT : K_INDIRECT;
        s->gold[K_ALL]++;
        s->gold[gk]++;
        s->speech_gold += ga->speech;
        size_t best = SIZE_MAX, bestov = 0;
        for (size_t i = 0; i < q->n; i++) {
            if (taken[i]) continue;
            span p = {q->v[i].start, q->v[i].end};
            size_t ov = overlap(p, ga->content);
            size_t lp = p.b - p.a, lg = ga->content.b - ga->content.a;
            size_t shorter = lp < lg ? lp : lg;
            if (ov == 0 || 2 * ov < shorter) continue;
            if (ov > bestov) { bestov = ov; best = i; }
        }
        if (best == SIZE_MAX) {
            if (show_errors)
                printf("MISS %s: CUE [%.*s] [%.*s] SRC [%.*s]\n", ga->direct ? "D" : "I",
                       (int)(ga->cue.b - ga->cue.a), text + ga->cue.a,
                       (int)(ga->content.b - ga->content.a), text + ga->content.a,
                       (int)(ga->source.b - ga->source.a), text + ga->source.a);
            continue;
        }
        taken[best] = 1;
        const quo_quote *p = &q->v[best];
        int pk = p->kind == QUO_DIRECT ? K_DIRECT : K_INDIRECT;
        s->gold_hit[K_ALL]++;
        s->gold_hit[gk]++;
        s->speech_hit += ga->speech;
        s->pred_hit[K_ALL]++;
        s->pred_hit[pk]++;
        if (!ga->has_source) continue;
        s->with_source[K_ALL]++;
        s->with_source[gk]++;
        span ps = {p->spk_start, p->spk_end};
        if (show_errors && !(p->spk_end && overlap(ps, ga->source) > 0))
            printf("SPEAKER %s: [%.*s] got [%.*s] want [%.*s]\n", quo_kind_name(p->kind),
                   (int)(p->end - p->start > 80 ? 80 : p->end - p->start), text + p->start,
                   (int)(ps.b - ps.a), text + ps.a, (int)(ga->source.b - ga->source.a),
                   text + ga->source.a);
        if (p->spk_end && overlap(ps, ga->source) > 0) {
            s->spk_overlap[K_ALL]++;
            s->spk_overlap[gk]++;
            s->spk_resolved += p->entity >= 0;
            if (ps.a == ga->source.a && ps.b == ga->source.b) {
                s->spk_exact[K_ALL]++;
                s->spk_exact[gk]++;
            }
        }
    }
    for (size_t i = 0; i < q->n; i++) {
        if (taken[i]) continue;
        span p = {q->v[i].start, q->v[i].end};
        for (size_t gi = g0; gi < g->n; gi++) {
            size_t ov = overlap(p, g->v[gi].content), lp = p.b - p.a;
            size_t lg = g->v[gi].content.b - g->v[gi].content.a;
            if (ov && 2 * ov >= (lp < lg ? lp : lg)) { s->pieces++; taken[i] = 2; break; }
        }
    }
    for (size_t i = 0; i < q->n && show_errors; i++)
        if (taken[i] != 1)
            printf("%s %s: [%.*s] SPK [%.*s]\n", taken[i] ? "PIECE" : "FP",
                   quo_kind_name(q->v[i].kind),
                   (int)(q->v[i].end - q->v[i].start), text + q->v[i].start,
                   (int)(q->v[i].spk_end - q->v[i].spk_start), text + q->v[i].spk_start);
    free(taken);
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 0; }

/* ------------------------------------------------------------------------
 * The command
 * ---------------------------------------------------------------------- */

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir ending with suffix (caller frees each and the array). */
static char **list_dir(const char *dir, const char *suffix, size_t *n) {
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *de;
    size_t sl = strlen(suffix);
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l <= sl || strcmp(de->d_name + l - sl, suffix) != 0) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 128;
            char **nv = realloc(v, cap * sizeof(char *));
            if (!nv) break;
            v = nv;
        }
        v[(*n)++] = strdup(de->d_name);
    }
    closedir(d);
    if (v) qsort(v, *n, sizeof(char *), cmp_name);
    return v;
}

static void free_names(char **v, size_t n) {
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}


static json_t *kind_json(const score_t *s, int k) {
    json_t *o = json_object();
    double p = ratio(s->pred_hit[k], s->pred[k]), r = ratio(s->gold_hit[k], s->gold[k]);
    json_object_set_new(o, "gold", json_integer(s->gold[k]));
    json_object_set_new(o, "predicted", json_integer(s->pred[k]));
    json_object_set_new(o, "gold_matched", json_integer(s->gold_hit[k]));
    json_object_set_new(o, "predicted_matched", json_integer(s->pred_hit[k]));
    json_object_set_new(o, "precision", json_real(p));
    json_object_set_new(o, "recall", json_real(r));
    json_object_set_new(o, "f1", json_real(p + r > 0 ? 2 * p * r / (p + r) : 0));
    json_object_set_new(o, "matched_with_source", json_integer(s->with_source[k]));
    json_object_set_new(o, "speaker_accuracy",
                        json_real(ratio(s->spk_overlap[k], s->with_source[k])));
    json_object_set_new(o, "speaker_exact", json_real(ratio(s->spk_exact[k], s->with_source[k])));
    return o;
}

static const char QUOTES_HELP[] =
    "usage: trilat eval quotes --gold DIR [--model MODEL] [--show-errors] [--json]\n"
    "       trilat eval quotes --gold FILE.jsonl --articles FILE [--model MODEL|none]\n"
    "                          [--show-errors] [--json]\n"
    "\n"
    "Score quote extraction against brat attribution annotations (PolNeAR\n"
    "layout: DIR/text/NAME.txt, DIR/attributions/NAME_ANNOTATOR.ann; the\n"
    "first annotator's file is used). A predicted quote matches a gold\n"
    "attribution when their contents overlap by at least half of the\n"
    "shorter. Reports content precision/recall/F1 and, on matched quotes\n"
    "with a gold source, speaker accuracy (overlap) and exact match,\n"
    "overall and for direct (content in quote marks) and indirect quotes.\n"
    "Names come from the NER model with --model, else from rules.\n"
    "Also counts unmatched predictions lying on an already matched gold\n"
    "content (pieces of one interrupted quote). --show-errors prints each\n"
    "missed gold attribution (MISS, with its cue and source), each\n"
    "unmatched prediction (FP, or PIECE, with its speaker) and each wrong\n"
    "speaker (SPEAKER). Protocol and figures: docs/quotes.md.\n"
    "\n"
    "When --gold is a file (JSON Lines, e.g. examples/gold/quotes.jsonl:\n"
    "{\"article\", \"kind\", \"text\", \"speaker\"}), the articles it names are\n"
    "read from --articles and scored with the same overlap rule (same kind\n"
    "preferred); the speaker is right when the predicted entity's name (or,\n"
    "unresolved, the speaker phrase) matches the gold name or phrase head.\n"
    "Names come from the default NER model next to the binary unless\n"
    "--model FILE or --model none (rules).\n";

int cli_eval_quotes(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"gold", required_argument, 0, 'g'}, {"model", required_argument, 0, 'm'},
        {"articles", required_argument, 0, 'a'}, {"show-errors", no_argument, 0, 'E'},
        CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *gold = NULL, *model = NULL, *articles = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'g': gold = optarg; break;
        case 'm': model = optarg; break;
        case 'a': articles = optarg; break;
        case 'E': show_errors = 1; break;
        case 'h': fputs(QUOTES_HELP, stdout); return EXIT_OK;
        default: fputs(QUOTES_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("eval", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!gold) {
        cli_usage_error("eval", "--gold DIR or --gold FILE.jsonl is required");
        return EXIT_USAGE;
    }
    /* a file (or a name ending in .jsonl): the examples gold format */
    struct stat st;
    size_t gl = strlen(gold);
    int jsonl = (stat(gold, &st) == 0 && S_ISREG(st.st_mode)) ||
                (gl > 6 && strcmp(gold + gl - 6, ".jsonl") == 0);
    if (jsonl && !articles) {
        cli_usage_error("eval", "--gold FILE.jsonl needs --articles FILE");
        return EXIT_USAGE;
    }
    if (jsonl) return cli_eval_quotes_jsonl(c, gold, articles, model, show_errors);
    if (model && strcmp(model, "none") == 0) model = NULL;
    tl_err e;
    err_clear(&e);
    ner_model *m = NULL;
    if (model && ner_model_load(model, &m, &e) != TL_OK) { cli_error(&e); return EXIT_FAIL; }
    char tdir[4096], adir[4096], path[8192];
    snprintf(tdir, sizeof(tdir), "%s/text", gold);
    snprintf(adir, sizeof(adir), "%s/attributions", gold);
    size_t ntx = 0, nan = 0;
    char **tx = list_dir(tdir, ".txt", &ntx), **an = list_dir(adir, ".ann", &nan);
    if (!tx || !an || !ntx) {
        err_set(&e, TL_EIO, "%s: expected text/*.txt and attributions/*.ann", gold);
        cli_error(&e);
        free_names(tx, ntx);
        free_names(an, nan);
        ner_model_free(m);
        return EXIT_FAIL;
    }
    score_t s;
    memset(&s, 0, sizeof(s));
    gold_list g = {NULL, 0, 0};
    long docs = 0, mismatch = 0;
    int rc = TL_OK;
    clock_t t0 = clock();
    for (size_t i = 0; i < ntx && rc == TL_OK; i++) {
        size_t bl = strlen(tx[i]) - 4;
        const char *annf = NULL;
        for (size_t j = 0; j < nan && !annf; j++)   /* first annotator's file */
            if (strncmp(an[j], tx[i], bl) == 0 && an[j][bl] == '_' && !strchr(an[j] + bl + 1, '_'))
                annf = an[j];
        if (!annf) continue;
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", tdir, tx[i]);
        char *text = slurp(path, &len);
        if (!text) { rc = err_set(&e, TL_EIO, "%s: cannot read", path); break; }
        snprintf(path, sizeof(path), "%s/%s", adir, annf);
        size_t g0 = g.n;
        if (read_ann(path, text, len, &g, &mismatch) != 0) {
            free(text);
            rc = err_set(&e, TL_EIO, "%s: cannot read", path);
            break;
        }
        ent_span *sp = NULL;
        size_t nsp = 0;
        ent_doc d = ENT_DOC_INIT;
        quo_list q = QUO_LIST_INIT;
        rc = names_find(m, text, len, &sp, &nsp);
        if (rc == TL_OK) rc = ent_analyze(text, len, sp, nsp, &d);
        if (rc == TL_OK) rc = quo_extract(text, len, &d, &q, &e);
        else err_set(&e, rc, "%s: entity analysis failed", tx[i]);
        if (rc == TL_OK) { score_doc(text, &g, g0, &q, &s); docs++; }
        free(sp);
        ent_doc_free(&d);
        quo_list_free(&q);
        free(text);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    free(g.v);
    free_names(tx, ntx);
    free_names(an, nan);
    ner_model_free(m);
    if (rc != TL_OK) { cli_error(&e); return EXIT_FAIL; }
    if (c->json) {
        json_t *o = kind_json(&s, K_ALL);
        json_object_set_new(o, "gold_dir", json_string(gold));
        json_object_set_new(o, "recognizer", json_string(model ? "model" : "rules"));
        json_object_set_new(o, "documents", json_integer(docs));
        json_object_set_new(o, "gold_span_mismatches", json_integer(mismatch));
        json_object_set_new(o, "seconds", json_real(secs));
        json_object_set_new(o, "speaker_resolved",
                            json_real(ratio(s.spk_resolved, s.spk_overlap[K_ALL])));
        json_object_set_new(o, "pieces", json_integer(s.pieces));
        json_object_set_new(o, "speech_cue_gold", json_integer(s.speech_gold));
        json_object_set_new(o, "speech_cue_recall", json_real(ratio(s.speech_hit, s.speech_gold)));
        json_object_set_new(o, "direct", kind_json(&s, K_DIRECT));
        json_object_set_new(o, "indirect", kind_json(&s, K_INDIRECT));
        cli_print_json(o);
        return EXIT_OK;
    }
    static const char *const KN[] = {"all", "direct", "indirect"};
    printf("%ld documents, recognizer: %s, %.2fs\n", docs, model ? "model" : "rules", secs);
    printf("%-9s %6s %6s %7s %7s %7s %9s %9s\n", "kind", "gold", "pred", "P", "R", "F1",
           "speaker", "sp.exact");
    for (int k = 0; k < K_N; k++) {
        double p = ratio(s.pred_hit[k], s.pred[k]), r = ratio(s.gold_hit[k], s.gold[k]);
        printf("%-9s %6ld %6ld %6.2f%% %6.2f%% %6.2f%% %8.2f%% %8.2f%%\n", KN[k], s.gold[k],
               s.pred[k], 100 * p, 100 * r, p + r > 0 ? 200 * p * r / (p + r) : 0,
               100 * ratio(s.spk_overlap[k], s.with_source[k]),
               100 * ratio(s.spk_exact[k], s.with_source[k]));
    }
    printf("unmatched predictions inside a matched gold content (pieces of one attribution): "
           "%ld\n", s.pieces);
    printf("recall on gold with a speech-verb cue (%ld): %.2f%%; right speakers resolved to an "
           "entity: %.2f%%\n", s.speech_gold, 100 * ratio(s.speech_hit, s.speech_gold),
           100 * ratio(s.spk_resolved, s.spk_overlap[K_ALL]));
    if (mismatch) printf("warning: %ld gold spans do not match their text\n", mismatch);
    return EXIT_OK;
}
