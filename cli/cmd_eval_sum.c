/* cmd_eval_sum.c -- `trilat eval rouge` and `trilat eval summaries`:
 * ROUGE (src/rouge.c) on directories of summaries, checked against the
 * official ROUGE-1.5.5 output, and our summarizer's methods scored on DUC
 * 2006 next to the systems that took part. Pairing, jackknife and
 * averages: cli/sumx.h; protocol and figures: docs/summaries.md.
 */
#include "cli.h"
#include "date.h"
#include "rouge.h"
#include "summary.h"
#include "sumx.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * trilat eval rouge
 * ---------------------------------------------------------------------- */

int cli_eval_rouge(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"peers", required_argument, 0, O_PEERS}, {"models", required_argument, 0, O_MODELS},
        {"bytes", required_argument, 0, O_BYTES}, {"words", required_argument, 0, O_WORDS},
        {"official", required_argument, 0, O_OFFICIAL}, {"jackknife", no_argument, 0, O_JK},
        {"n", required_argument, 0, O_N}, {"no-stem", no_argument, 0, O_NOSTEM},
        {"exceptions", required_argument, 0, O_EXC}, {"resamples", required_argument, 0, O_RES},
        {"per-eval", no_argument, 0, O_PER}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *pdir = NULL, *mdir = NULL, *exc_dir = NULL, *off[8];
    size_t noff = 0;
    long v, resamples = 1000;
    int jk = 0, opt, per = 0;
    rouge_opts o;
    rouge_opts_default(&o);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case O_PEERS: pdir = optarg; break;
        case O_MODELS: mdir = optarg; break;
        case O_BYTES: if (sx_parse_pos(optarg, &v, "--bytes")) return EXIT_USAGE; o.limit_bytes = v; break;
        case O_WORDS: if (sx_parse_pos(optarg, &v, "--words")) return EXIT_USAGE; o.limit_words = v; break;
        case O_OFFICIAL:
            if (noff == 8) { cli_usage_error("eval", "at most 8 --official files"); return EXIT_USAGE; }
            off[noff++] = optarg;
            break;
        case O_JK: jk = 1; break;
        case O_PER: per = 1; break;
        case O_N:
            if (sx_parse_pos(optarg, &v, "--n") || v < 1 || v > ROUGE_MAX_N) {
                cli_usage_error("eval", "--n is 1..%d", ROUGE_MAX_N);
                return EXIT_USAGE;
            }
            o.max_n = (int)v;
            break;
        case O_NOSTEM: o.stem = 0; break;
        case O_EXC: exc_dir = optarg; break;
        case O_RES: if (sx_parse_pos(optarg, &resamples, "--resamples")) return EXIT_USAGE; break;
        case 'h': fputs(SX_HELP, stdout); return EXIT_OK;
        default: fputs(SX_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (!pdir || !mdir) { cli_usage_error("eval", "--peers DIR and --models DIR are required"); return EXIT_USAGE; }
    if (o.limit_bytes && o.limit_words) { cli_usage_error("eval", "--bytes or --words, not both"); return EXIT_USAGE; }
    rouge_exc *exc = NULL;
    const char *exc_used;
    if (sx_load_exc(exc_dir, &exc, &exc_used)) return EXIT_FAIL;
    o.exc = exc;
    sx_files P, M;
    sx_officials O = {0};
    sx_systems S = {0};
    int x = EXIT_OK;
    size_t unpaired = 0;
    if (sx_load_dir(pdir, &P)) { rouge_exc_free(exc); return EXIT_FAIL; }
    if (sx_load_dir(mdir, &M)) { sx_files_free(&P); rouge_exc_free(exc); return EXIT_FAIL; }
    for (size_t i = 0; i < noff && x == EXIT_OK; i++) if (sx_read_official(off[i], &O)) x = EXIT_FAIL;
    if (x == EXIT_OK && sx_score_dirs(&P, &M, jk, &o, &S, &unpaired)) x = EXIT_FAIL;
    if (x == EXIT_OK) sx_finish(&S, (int)resamples);
    double maxd[SX_NMET] = {0};
    const char *maxs[SX_NMET] = {0};
    size_t compared[SX_NMET] = {0};
    char mn[32];
    json_t *js = c->json ? json_array() : NULL;
    if (x == EXIT_OK && !c->json) {
        printf("%zu peers, %zu models, %zu sx_systems; -n %d%s%s%s", P.n, M.n, S.n, o.max_n,
               o.stem ? " -m, exceptions " : "", o.stem ? exc_used : "", unpaired ? "" : "\n");
        if (unpaired) printf(" (%zu peers without models, skipped)\n", unpaired);
        printf("%-12s", "system");
        for (int m = 0; m < SX_NMET; m++) {
            if (!sx_met_on(m, &o)) continue;
            sx_met_name(m, &o, mn, sizeof(mn));
            printf(" %9s", mn + 6);
            if (noff) printf(" %8s %8s", "official", "diff");
        }
        printf("\n");
    }
    for (size_t i = 0; x == EXIT_OK && i < S.n; i++) {
        sx_sys *s = &S.v[i];
        json_t *jo = js ? json_object() : NULL;
        if (jo) {
            json_object_set_new(jo, "system", json_string(s->name));
            json_object_set_new(jo, "instances", json_integer((json_int_t)s->n));
            json_object_set_new(jo, "human", json_boolean(s->human));
        } else {
            printf("%-12s", s->name);
        }
        for (int m = 0; m < SX_NMET; m++) {
            if (!sx_met_on(m, &o)) continue;
            sx_met_name(m, &o, mn, sizeof(mn));
            const sx_official *of = sx_off_get(&O, s->name, mn);
            if (of) {
                double d = s->avg_r[m] - of->r;
                compared[m]++;
                if (d < 0) d = -d;
                if (d >= maxd[m]) { maxd[m] = d; maxs[m] = s->name; }
            }
            if (jo) {
                json_t *q = json_object();
                json_object_set_new(q, "average_r", json_real(s->avg_r[m]));
                json_object_set_new(q, "mean_r", json_real(s->r[m]));
                json_object_set_new(q, "mean_p", json_real(s->p[m]));
                json_object_set_new(q, "mean_f", json_real(s->f[m]));
                if (of) json_object_set_new(q, "official_r", json_real(of->r));
                json_object_set_new(jo, mn, q);
            } else {
                printf(" %9.5f", s->avg_r[m]);
                if (noff && of) printf(" %8.5f %+8.5f", of->r, s->avg_r[m] - of->r);
                else if (noff) printf(" %8s %8s", "-", "-");
            }
        }
        if (jo) json_array_append_new(js, jo);
        else printf("\n");
    }
    if (x == EXIT_OK && c->json) {
        json_t *o2 = json_object(), *md = json_object();
        json_object_set_new(o2, "peers", json_integer((json_int_t)P.n));
        json_object_set_new(o2, "models", json_integer((json_int_t)M.n));
        json_object_set_new(o2, "unpaired", json_integer((json_int_t)unpaired));
        json_object_set_new(o2, "exceptions", json_string(o.stem ? exc_used : "none"));
        json_object_set_new(o2, "sx_systems", js);
        js = NULL;
        for (int m = 0; m < SX_NMET; m++) {
            if (!compared[m]) continue;
            sx_met_name(m, &o, mn, sizeof(mn));
            json_t *q = json_object();
            json_object_set_new(q, "max_abs_diff", json_real(maxd[m]));
            json_object_set_new(q, "system", json_string(maxs[m]));
            json_object_set_new(q, "compared", json_integer((json_int_t)compared[m]));
            json_object_set_new(md, mn, q);
        }
        json_object_set_new(o2, "official", md);
        cli_print_json(o2);
    } else if (x == EXIT_OK && noff) {
        for (int m = 0; m < SX_NMET; m++) {
            if (!compared[m]) continue;
            sx_met_name(m, &o, mn, sizeof(mn));
            printf("largest |ours - official| %-9s %.5f (%s, %zu sx_systems compared)\n", mn, maxd[m],
                   maxs[m], compared[m]);
        }
    }
    for (size_t i = 0; x == EXIT_OK && per && !c->json && i < S.n; i++)
        for (int m = 0; m < SX_NMET; m++) {
            if (!sx_met_on(m, &o)) continue;
            sx_met_name(m, &o, mn, sizeof(mn));
            for (size_t k = 0; k < S.v[i].n; k++) {
                const rouge_prf *q = sx_met(&S.v[i].v[k].s, m);
                printf("%s %s Eval %s R:%.5f P:%.5f F:%.5f\n", S.v[i].name, mn, S.v[i].v[k].key,
                       q->r, q->p, q->f);
            }
        }
    json_decref(js);
    sx_free(&S);
    free(O.v);
    sx_files_free(&P);
    sx_files_free(&M);
    rouge_exc_free(exc);
    return x;
}

/* ------------------------------------------------------------------------
 * trilat eval summaries
 * ---------------------------------------------------------------------- */

typedef struct {
    char *topic;
    sum_doc *d;
    size_t n, cap;
} topic_t;

typedef struct {
    topic_t *v;
    size_t n, cap;
    json_t *lines;   /* keeps the strings alive */
} topics;

static topic_t *topic_get(topics *T, const char *name) {
    for (size_t i = 0; i < T->n; i++) if (strcmp(T->v[i].topic, name) == 0) return &T->v[i];
    if (T->n == T->cap) {
        T->cap = T->cap ? 2 * T->cap : 64;
        topic_t *nv = realloc(T->v, T->cap * sizeof(topic_t));
        if (!nv) return NULL;
        T->v = nv;
    }
    topic_t *t = &T->v[T->n++];
    memset(t, 0, sizeof(*t));
    t->topic = strdup(name);
    return t;
}

static int read_articles(const char *path, topics *T) {
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "trilat: cannot open %s\n", path); return -1; }
    T->lines = json_array();
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long ln = 0;
    int rc = 0;
    while (!rc && (len = getline(&line, &cap, f)) >= 0) {
        ln++;
        if (len <= 1) continue;
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)len, 0, &je);
        const char *id = o ? cli_jstr(o, "id") : NULL, *text = o ? cli_jstr(o, "text") : NULL;
        if (!id || !text) {
            fprintf(stderr, "trilat: %s:%ld: expected {\"id\", \"text\", ...}\n", path, ln);
            json_decref(o);
            rc = -1;
            break;
        }
        json_array_append_new(T->lines, o);
        char tn[128];
        const char *tp = cli_jstr(o, "topic"), *slash = strchr(id, '/');
        if (tp) snprintf(tn, sizeof(tn), "%s", tp);
        else snprintf(tn, sizeof(tn), "%.*s", (int)(slash ? slash - id : (long)strlen(id)), id);
        topic_t *t = topic_get(T, tn);
        if (!t) { rc = -1; break; }
        if (t->n == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 16;
            sum_doc *nv = realloc(t->d, t->cap * sizeof(sum_doc));
            if (!nv) { rc = -1; break; }
            t->d = nv;
        }
        sum_doc *d = &t->d[t->n++];
        memset(d, 0, sizeof(*d));
        d->id = id;
        d->source = cli_jstr(o, "source");
        d->title = cli_jstr(o, "title");
        d->text = text;
        d->len = strlen(text);
        const char *pub = cli_jstr(o, "published");
        date_val dv;
        if (pub && date_parse(pub, &dv) == TL_OK) { d->has_ts = 1; d->ts = dv.ts; }
    }
    free(line);
    fclose(f);
    return rc;
}

static void topics_free(topics *T) {
    for (size_t i = 0; i < T->n; i++) { free(T->v[i].topic); free(T->v[i].d); }
    free(T->v);
    json_decref(T->lines);
    memset(T, 0, sizeof(*T));
}

/* "D0601A" -> "d0601": the models' cluster (the topic less its assessor letter). */
static void topic_cluster(const char *topic, char *out, size_t cap) {
    size_t n = strlen(topic);
    if (n > 1 && isalpha((unsigned char)topic[n - 1]) && isdigit((unsigned char)topic[n - 2])) n--;
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)topic[i]);
    out[n] = '\0';
}

/* The summary as one sentence per line (line breaks inside a sentence
 * become spaces). Caller frees. */
static char *summary_spl(const topic_t *t, const sum_result *r, size_t *len) {
    size_t cap = 1;
    for (size_t i = 0; i < r->n; i++) cap += r->sents[i].end - r->sents[i].start + 1;
    char *b = malloc(cap), *p = b;
    if (!b) return NULL;
    for (size_t i = 0; i < r->n; i++) {
        const sum_sent *s = &r->sents[i];
        const char *tx = t->d[s->doc].text;
        for (uint32_t k = s->start; k < s->end && k < t->d[s->doc].len; k++)
            *p++ = (tx[k] == '\n' || tx[k] == '\r') ? ' ' : tx[k];
        *p++ = '\n';
    }
    *p = '\0';
    *len = (size_t)(p - b);
    return b;
}

static const int SUM_MET[] = {0, 1, 4, 5};   /* R-1, R-2, R-L, R-SU4 */

static void print_row(const char *label, const sx_sys *s) {
    printf("%-22s %7.5f %7.5f  %7.5f %7.5f  %7.5f %7.5f  %7.5f\n", label, s->r[0], s->f[0], s->r[1],
           s->f[1], s->r[4], s->f[4], s->r[5]);
}

static json_t *row_json(const char *label, const sx_sys *s) {
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(label));
    json_object_set_new(o, "instances", json_integer((json_int_t)s->n));
    const char *names[] = {"rouge1", "rouge2", "rougeL", "rougeSU4"};
    for (int i = 0; i < 4; i++) {
        json_t *q = json_object();
        int m = SUM_MET[i];
        json_object_set_new(q, "r", json_real(s->r[m]));
        json_object_set_new(q, "p", json_real(s->p[m]));
        json_object_set_new(q, "f", json_real(s->f[m]));
        json_object_set_new(o, names[i], q);
    }
    return o;
}

static int cmp_r2(const void *a, const void *b) {
    double x = (*(sx_sys *const *)a)->r[1], y = (*(sx_sys *const *)b)->r[1];
    return x < y ? 1 : x > y ? -1 : 0;
}

int cli_eval_summaries(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"duc2006", required_argument, 0, O_DUC}, {"words", required_argument, 0, O_WORDS},
        {"method", required_argument, 0, O_METHOD}, {"exceptions", required_argument, 0, O_EXC},
        CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *dir = NULL, *method = "all", *exc_dir = NULL;
    long words = 250;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case O_DUC: dir = optarg; break;
        case O_WORDS:
            if (sx_parse_pos(optarg, &words, "--words") || words < 1) return EXIT_USAGE;
            break;
        case O_METHOD: method = optarg; break;
        case O_EXC: exc_dir = optarg; break;
        case 'h': fputs(SX_HELP, stdout); return EXIT_OK;
        default: fputs(SX_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (!dir) { cli_usage_error("eval", "--duc2006 DIR is required"); return EXIT_USAGE; }
    int m0 = 0, m1 = SUM_RANDOM;
    if (strcmp(method, "all") != 0) {
        if ((m0 = m1 = sum_method_parse(method)) < 0) {
            cli_usage_error("eval", "unknown method '%s' (trilat, centroid, lead, random, all)", method);
            return EXIT_USAGE;
        }
    }
    rouge_opts o;
    rouge_opts_default(&o);
    o.max_n = 2;
    o.limit_words = words;
    rouge_exc *exc = NULL;
    const char *exc_used;
    if (sx_load_exc(exc_dir, &exc, &exc_used)) return EXIT_FAIL;
    o.exc = exc;
    char path[4096];
    topics T = {0};
    sx_files M, P;
    int x = EXIT_OK;
    snprintf(path, sizeof(path), "%s/articles.jsonl", dir);
    if (read_articles(path, &T)) { topics_free(&T); rouge_exc_free(exc); return EXIT_FAIL; }
    snprintf(path, sizeof(path), "%s/models", dir);
    if (sx_load_dir(path, &M)) { topics_free(&T); rouge_exc_free(exc); return EXIT_FAIL; }
    snprintf(path, sizeof(path), "%s/peers", dir);
    int have_peers = sx_load_dir(path, &P) == 0;
    sx_systems ours = {0}, theirs = {0};
    size_t scored_topics = 0;
    for (size_t ti = 0; x == EXIT_OK && ti < T.n; ti++) {
        topic_t *t = &T.v[ti];
        char cl[128];
        topic_cluster(t->topic, cl, sizeof(cl));
        size_t a, b;
        sx_cluster_range(&M, cl, &a, &b);
        if (a == b) continue;
        scored_topics++;
        for (int m = m0; x == EXIT_OK && m <= m1; m++) {
            sum_params sp;
            sum_params_default(&sp);
            sp.method = m;
            sp.words = words;
            sum_result r = {0};
            tl_err e;
            err_clear(&e);
            if (sum_summarize(t->d, t->n, &sp, &r, &e) != TL_OK) { cli_error(&e); x = EXIT_FAIL; break; }
            size_t len = 0;
            char *spl = summary_spl(t, &r, &len);
            sum_result_free(&r);
            if (!spl || sx_score_peer(&ours, sum_method_name(m), 0, cl, spl, len, &M, a, b, (size_t)-1,
                                   1, &o))
                x = EXIT_FAIL;
            free(spl);
        }
    }
    if (x == EXIT_OK && have_peers) {
        size_t unpaired;
        if (sx_score_dirs(&P, &M, 1, &o, &theirs, &unpaired)) x = EXIT_FAIL;
    }
    sx_finish(&ours, 0);
    sx_finish(&theirs, 0);
    /* the official sx_systems by ROUGE-2 recall: best, median; humans: range */
    sx_sys **sys = malloc((theirs.n ? theirs.n : 1) * sizeof(sx_sys *));
    size_t ns = 0;
    double hlo = 1, hhi = 0;
    size_t nh = 0;
    for (size_t i = 0; sys && i < theirs.n; i++) {
        if (theirs.v[i].human) {
            nh++;
            if (theirs.v[i].r[1] < hlo) hlo = theirs.v[i].r[1];
            if (theirs.v[i].r[1] > hhi) hhi = theirs.v[i].r[1];
        } else {
            sys[ns++] = &theirs.v[i];
        }
    }
    if (sys) qsort(sys, ns, sizeof(sx_sys *), cmp_r2);
    if (x == EXIT_OK && c->json) {
        json_t *o2 = json_object(), *rows = json_array(), *peers = json_array();
        json_object_set_new(o2, "topics", json_integer((json_int_t)scored_topics));
        json_object_set_new(o2, "words", json_integer(words));
        json_object_set_new(o2, "settings", json_string("ROUGE-1.5.5 -l N -m -n 2 -2 4 -u -f A -p 0.5, jackknifed over the models"));
        for (size_t i = 0; i < ours.n; i++) json_array_append_new(rows, row_json(ours.v[i].name, &ours.v[i]));
        for (size_t i = 0; i < ns; i++) json_array_append_new(peers, row_json(sys[i]->name, sys[i]));
        json_object_set_new(o2, "methods", rows);
        json_object_set_new(o2, "peers_by_rouge2", peers);
        if (nh) {
            json_object_set_new(o2, "human_rouge2_min", json_real(hlo));
            json_object_set_new(o2, "human_rouge2_max", json_real(hhi));
        }
        cli_print_json(o2);
    } else if (x == EXIT_OK) {
        printf("DUC 2006: %zu topics, summaries of %ld words; ROUGE-1.5.5 -l %ld -m -n 2 -2 4 -u, "
               "jackknifed over the models\n", scored_topics, words, words);
        printf("%-22s %-16s  %-16s  %-16s  %s\n", "", "ROUGE-1 R   F", "ROUGE-2 R   F",
               "ROUGE-L R   F", "SU4 R");
        for (size_t i = 0; i < ours.n; i++) print_row(ours.v[i].name, &ours.v[i]);
        if (ns) {
            char lab[64];
            snprintf(lab, sizeof(lab), "best peer (%s)", sys[0]->name);
            print_row(lab, sys[0]);
            snprintf(lab, sizeof(lab), "median peer (%s)", sys[ns / 2]->name);
            print_row(lab, sys[ns / 2]);
            snprintf(lab, sizeof(lab), "worst peer (%s)", sys[ns - 1]->name);
            print_row(lab, sys[ns - 1]);
        }
        if (nh) printf("humans (%zu): ROUGE-2 R %.5f - %.5f\n", nh, hlo, hhi);
        /* the official figures (all 50 topics, 250 words), when shipped */
        sx_officials O = {0};
        snprintf(path, sizeof(path), "%s/official/rouge2.jk.m.avg", dir);
        FILE *probe = fopen(path, "r");
        if (probe) {
            fclose(probe);
            if (sx_read_official(path, &O) == 0 && O.n) {
                const sx_official *best = NULL;
                double olo = 1, ohi = 0;
                for (size_t i = 0; i < O.n; i++) {
                    if (isalpha((unsigned char)O.v[i].sys[0])) {
                        if (O.v[i].r < olo) olo = O.v[i].r;
                        if (O.v[i].r > ohi) ohi = O.v[i].r;
                    } else if (!best || O.v[i].r > best->r) {
                        best = &O.v[i];
                    }
                }
                printf("official ROUGE-2 R (%s, 250 words, all DUC 2006 topics):", path);
                if (best) printf(" best system %s %.5f;", best->sys, best->r);
                if (ohi > 0) printf(" humans %.5f - %.5f", olo, ohi);
                printf("\n");
            }
        }
        free(O.v);
    }
    free(sys);
    sx_free(&ours);
    sx_free(&theirs);
    if (have_peers) sx_files_free(&P);
    sx_files_free(&M);
    topics_free(&T);
    rouge_exc_free(exc);
    return x;
}
