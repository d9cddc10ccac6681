/* cmd_eval_sum.c -- `trilat eval rouge` and `trilat eval summaries`:
 * ROUGE (src/rouge.c) on directories of summaries, checked against the
 * official ROUGE-1.5.5 output, and our summarizer's methods scored on DUC
 * 2006 next to the systems that took part.
 *
 * Pairing rule: a peer file NAME is cluster.anything.system, a model file
 * cluster.anything.model; the cluster is the part before the first '.'
 * (compared case-insensitively: d30001.LexRank goes with D30001.M.100.T.A),
 * the system / model id the part after the last '.'. A peer file named
 * exactly like a model file (DUC's human summaries in the peer directory)
 * is never scored against itself, only against the other models.
 *
 * Averages: each (peer, evaluation) pair is one instance, as in the
 * script; with --jackknife a cluster with k models gives k instances per
 * peer, each against k - 1 models (DUC 2005-2007's ROUGE configuration).
 * The figure compared with the official one is the script's Average_R: a
 * bootstrap mean over the instances sorted by "evaluation.peer"
 * (rouge_boot). Protocol and figures: docs/summaries.md.
 */
#include "cli.h"
#include "date.h"
#include "rouge.h"
#include "summary.h"

#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Files
 * ---------------------------------------------------------------------- */

typedef struct {
    char *name, *cluster, *id;   /* cluster lower-cased */
    char *text;
    size_t len;
} sfile;

typedef struct {
    sfile *v;
    size_t n;
} sfiles;

static int cmp_sfile(const void *a, const void *b) {
    const sfile *x = a, *y = b;
    int c = strcmp(x->cluster, y->cluster);
    return c ? c : strcmp(x->name, y->name);
}

static int slurp(const char *path, char **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) { char *nb = realloc(b, cap *= 2); if (!nb) { free(b); b = NULL; } else b = nb; }
    }
    fclose(f);
    if (!b) return -1;
    b[n] = '\0';
    *out = b;
    *len = n;
    return 0;
}

static void sfiles_free(sfiles *s) {
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name); free(s->v[i].cluster); free(s->v[i].id); free(s->v[i].text);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* Every regular, non-hidden file of dir, read, sorted by cluster, name. */
static int load_dir(const char *dir, sfiles *out) {
    memset(out, 0, sizeof(*out));
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "trilat: cannot open directory %s\n", dir); return -1; }
    size_t cap = 0;
    struct dirent *de;
    int bad = 0;
    while (!bad && (de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        sfile f = {0};
        if (slurp(path, &f.text, &f.len)) continue;   /* a directory, unreadable */
        if (out->n == cap) {
            cap = cap ? 2 * cap : 256;
            sfile *nv = realloc(out->v, cap * sizeof(sfile));
            if (!nv) { free(f.text); bad = 1; break; }
            out->v = nv;
        }
        f.name = strdup(de->d_name);
        const char *dot = strchr(de->d_name, '.'), *last = strrchr(de->d_name, '.');
        size_t cl = dot ? (size_t)(dot - de->d_name) : strlen(de->d_name);
        f.cluster = strndup(de->d_name, cl);
        for (char *p = f.cluster; p && *p; p++) *p = (char)tolower((unsigned char)*p);
        f.id = strdup(last ? last + 1 : de->d_name);
        out->v[out->n++] = f;
    }
    closedir(d);
    if (bad) { sfiles_free(out); fprintf(stderr, "trilat: out of memory\n"); return -1; }
    qsort(out->v, out->n, sizeof(sfile), cmp_sfile);
    return 0;
}

/* The models of a cluster: [*a, *b) in the sorted list. */
static void cluster_range(const sfiles *m, const char *cluster, size_t *a, size_t *b) {
    size_t i = 0;
    while (i < m->n && strcmp(m->v[i].cluster, cluster) < 0) i++;
    *a = i;
    while (i < m->n && strcmp(m->v[i].cluster, cluster) == 0) i++;
    *b = i;
}

/* ------------------------------------------------------------------------
 * Systems and their instances
 * ---------------------------------------------------------------------- */

#define NMET 6   /* ROUGE-1..4, L, SU */
#define WORDNET_DEFAULT "/usr/share/wordnet"

typedef struct {
    char *key;
    rouge_scores s;
} inst;

typedef struct {
    char *name;
    int human;
    inst *v;
    size_t n, cap;
    double r[NMET], p[NMET], f[NMET];   /* plain means */
    double avg_r[NMET];                 /* the script's Average_R */
} sys_t;

typedef struct {
    sys_t *v;
    size_t n, cap;
} systems;

static const rouge_prf *met(const rouge_scores *s, int m) {
    return m < ROUGE_MAX_N ? &s->n[m] : m == 4 ? &s->l : &s->su;
}

static void met_name(int m, const rouge_opts *o, char *buf, size_t cap) {
    if (m < 0 || m >= NMET) m = 0;
    if (m < ROUGE_MAX_N) snprintf(buf, cap, "ROUGE-%d", m + 1);
    else if (m == 4) snprintf(buf, cap, "ROUGE-L");
    else if (o->su_gap < 0) snprintf(buf, cap, "ROUGE-SU*");
    else snprintf(buf, cap, "ROUGE-SU%d", o->su_gap);
}

static int met_on(int m, const rouge_opts *o) {
    return m < ROUGE_MAX_N ? m < o->max_n : m == 4 ? o->lcs : o->su;
}

static sys_t *sys_get(systems *S, const char *name) {
    for (size_t i = 0; i < S->n; i++)
        if (strcmp(S->v[i].name, name) == 0) return &S->v[i];
    if (S->n == S->cap) {
        S->cap = S->cap ? 2 * S->cap : 32;
        sys_t *nv = realloc(S->v, S->cap * sizeof(sys_t));
        if (!nv) return NULL;
        S->v = nv;
    }
    sys_t *s = &S->v[S->n++];
    memset(s, 0, sizeof(*s));
    s->name = strdup(name);
    return s;
}

static int sys_add(sys_t *s, const char *key, const rouge_scores *sc) {
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        inst *nv = realloc(s->v, s->cap * sizeof(inst));
        if (!nv) return -1;
        s->v = nv;
    }
    s->v[s->n].key = strdup(key);
    s->v[s->n++].s = *sc;
    return 0;
}

static int cmp_inst(const void *a, const void *b) {
    return strcmp(((const inst *)a)->key, ((const inst *)b)->key);
}

static int cmp_sys(const void *a, const void *b) {
    return strcmp(((const sys_t *)a)->name, ((const sys_t *)b)->name);
}

/* Means and the bootstrap Average_R of every system. */
static void systems_finish(systems *S, int resamples) {
    qsort(S->v, S->n, sizeof(sys_t), cmp_sys);
    for (size_t i = 0; i < S->n; i++) {
        sys_t *s = &S->v[i];
        qsort(s->v, s->n, sizeof(inst), cmp_inst);
        double *x = malloc((s->n ? s->n : 1) * sizeof(double));
        for (int m = 0; m < NMET; m++) {
            double r = 0, p = 0, f = 0;
            for (size_t k = 0; k < s->n; k++) {
                const rouge_prf *q = met(&s->v[k].s, m);
                r += q->r; p += q->p; f += q->f;
                if (x) x[k] = q->r;
            }
            double n = s->n ? (double)s->n : 1;
            s->r[m] = r / n; s->p[m] = p / n; s->f[m] = f / n;
            double lo, hi;
            if (x) rouge_boot(x, s->n, resamples, 95, &s->avg_r[m], &lo, &hi);
            else s->avg_r[m] = s->r[m];
        }
        free(x);
    }
}

static void systems_free(systems *S) {
    for (size_t i = 0; i < S->n; i++) {
        for (size_t k = 0; k < S->v[i].n; k++) free(S->v[i].v[k].key);
        free(S->v[i].v);
        free(S->v[i].name);
    }
    free(S->v);
    memset(S, 0, sizeof(*S));
}

/* Score the peer text against models [a, b) (less `self`, a model index
 * or (size_t)-1); with jackknife one instance per model left out. */
static int score_peer(systems *S, const char *sys, int human, const char *cluster,
                      const char *ptext, size_t plen, const sfiles *M, size_t a, size_t b,
                      size_t self, int jackknife, const rouge_opts *o) {
    const char *mt[64];
    size_t ml[64], k = 0;
    size_t idx[64];
    for (size_t i = a; i < b && k < 64; i++)
        if (i != self) { idx[k] = i; mt[k] = M->v[i].text; ml[k++] = M->v[i].len; }
    if (!k) return 0;
    sys_t *s = sys_get(S, sys);
    if (!s) return -1;
    s->human |= human;
    tl_err e;
    err_clear(&e);
    rouge_scores sc;
    char key[512];
    if (!jackknife || k < 2 || self != (size_t)-1) {
        /* one evaluation; a human left out of the models is jackknifed already */
        if (rouge_score(ptext, plen, mt, ml, k, o, &sc, &e) != TL_OK) { cli_error(&e); return -1; }
        if (self != (size_t)-1) {
            const char *nm = M->v[self].name, *dot = strrchr(nm, '.');
            snprintf(key, sizeof(key), "%.*s-%s.%s", (int)(dot ? dot - nm : 0), nm, M->v[self].id, sys);
        } else {
            snprintf(key, sizeof(key), "%s.%s", cluster, sys);
        }
        return sys_add(s, key, &sc);
    }
    for (size_t out_i = 0; out_i < k; out_i++) {
        const char *t2[64];
        size_t l2[64], k2 = 0;
        for (size_t i = 0; i < k; i++) if (i != out_i) { t2[k2] = mt[i]; l2[k2++] = ml[i]; }
        if (rouge_score(ptext, plen, t2, l2, k2, o, &sc, &e) != TL_OK) { cli_error(&e); return -1; }
        const sfile *left = &M->v[idx[out_i]];
        const char *dot = strrchr(left->name, '.');
        snprintf(key, sizeof(key), "%.*s-%s.%s", (int)(dot ? dot - left->name : 0), left->name,
                 left->id, sys);
        if (sys_add(s, key, &sc)) return -1;
    }
    return 0;
}

/* Every peer file against the models of its cluster. */
static int score_dirs(const sfiles *P, const sfiles *M, int jackknife, const rouge_opts *o,
                      systems *S, size_t *unpaired) {
    *unpaired = 0;
    for (size_t i = 0; i < P->n; i++) {
        const sfile *p = &P->v[i];
        size_t a, b, self = (size_t)-1;
        cluster_range(M, p->cluster, &a, &b);
        for (size_t j = a; j < b; j++) if (strcasecmp(M->v[j].name, p->name) == 0) self = j;
        if (a == b) { (*unpaired)++; continue; }
        if (score_peer(S, p->id, self != (size_t)-1, p->cluster, p->text, p->len, M, a, b, self,
                       jackknife, o))
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Official figures
 * ---------------------------------------------------------------------- */

typedef struct {
    char sys[64], metric[16];
    double r;
} off_t_;

typedef struct {
    off_t_ *v;
    size_t n, cap;
} officials;

/* rouge.res lines ("SYS ROUGE-2 Average_R: 0.09017 (...)") or DUC's .avg
 * lines ("24 0.09505 (95%-conf.int. ...)", the metric from the file name:
 * rouge2 / rougeSU4). */
static int read_official(const char *path, officials *O) {
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "trilat: cannot open %s\n", path); return -1; }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char fmet[16] = "";
    if (strstr(base, "SU4")) strcpy(fmet, "ROUGE-SU4");
    else if (strstr(base, "rougeL") || strstr(base, "rouge-L")) strcpy(fmet, "ROUGE-L");
    else for (int n = 1; n <= 4; n++) {
        char t[16];
        snprintf(t, sizeof(t), "rouge%d", n);
        if (strstr(base, t)) snprintf(fmet, sizeof(fmet), "ROUGE-%d", n);
    }
    char line[1024];
    while (fgets(line, sizeof(line), f)) {
        off_t_ x = {0};
        char tag[32];
        if (sscanf(line, "%63s %15s Average_R: %lf", x.sys, x.metric, &x.r) == 3) {
        } else if (fmet[0] && sscanf(line, "%63s %lf %31s", x.sys, &x.r, tag) == 3 &&
                   strncmp(tag, "(", 1) == 0) {
            strcpy(x.metric, fmet);
        } else {
            continue;
        }
        if (O->n == O->cap) {
            O->cap = O->cap ? 2 * O->cap : 64;
            off_t_ *nv = realloc(O->v, O->cap * sizeof(off_t_));
            if (!nv) { fclose(f); return -1; }
            O->v = nv;
        }
        O->v[O->n++] = x;
    }
    fclose(f);
    return 0;
}

static const off_t_ *off_get(const officials *O, const char *sys, const char *metric) {
    for (size_t i = 0; i < O->n; i++)
        if (strcmp(O->v[i].sys, sys) == 0 && strcmp(O->v[i].metric, metric) == 0) return &O->v[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * Shared options
 * ---------------------------------------------------------------------- */

static const char ROUGE_HELP[] =
    "usage: trilat eval rouge --peers DIR --models DIR [--bytes N | --words N]\n"
    "                         [--official FILE]... [--jackknife] [OPTIONS]\n"
    "\n"
    "Score every peer summary in DIR with ROUGE as ROUGE-1.5.5 computes it\n"
    "(-m -n 4 -2 4 -u -f A -p 0.5 -t 0 by default) against the models of its\n"
    "cluster, and print each system's average recall (the script's bootstrap\n"
    "Average_R). Files hold one sentence per line. Pairing: the cluster is\n"
    "the file name up to the first '.', case-insensitive (d30001.LexRank with\n"
    "D30001.M.100.T.A); the system or model id is the part after the last\n"
    "'.'; a peer named like a model is scored against the other models only.\n"
    "\n"
    "Options:\n"
    "  --peers DIR, --models DIR   the summaries and the references\n"
    "  --bytes N, --words N        ROUGE's -b N / -l N (peers and models)\n"
    "  --official FILE             compare with ROUGE-1.5.5 output (rouge.res\n"
    "                              lines, or DUC's rouge2.jk.m.avg-style files);\n"
    "                              prints the largest absolute difference\n"
    "  --jackknife                 k models: k instances against k-1 each\n"
    "  --n N                       ROUGE-1..N (default 4)\n"
    "  --no-stem                   no -m\n"
    "  --exceptions DIR|none       WordNet *.exc files for -m (ROUGE's\n"
    "                              WordNet-2.0.exc.db); default: " WORDNET_DEFAULT "\n"
    "                              (Debian wordnet-base) when installed\n"
    "  --resamples N               bootstrap resamples (1000; 0: plain mean)\n"
    "  --per-eval                  also print every evaluation's R, P, F (as -d)\n"
    "  --json                      figures as JSON\n"
    "\n"
    "usage: trilat eval summaries --duc2006 DIR [--words N] [--method NAME|all] [--json]\n"
    "\n"
    "Summarize each DUC 2006 topic (DIR/articles.jsonl, grouped by \"topic\")\n"
    "with each method (trilat, centroid, lead, random) and score the summaries\n"
    "with ROUGE at DUC 2006's settings (-l N -m -n 2 -2 4 -u, jackknifed over\n"
    "the 4 models of DIR/models); the official peers of DIR/peers are scored\n"
    "the same way for comparison (best and median system, human range).\n"
    "Default: 250 words (DUC 2006); --words 100 for story-sized summaries.\n";

enum { O_PEERS = 256, O_MODELS, O_BYTES, O_WORDS, O_OFFICIAL, O_JK, O_N, O_NOSTEM, O_EXC,
       O_RES, O_DUC, O_METHOD, O_PER };

/* The WordNet exceptions -m uses: DIR, "none", or by default Debian's
 * wordnet-base files when installed (ROUGE-1.5.5 ships the same lists,
 * from WordNet 2.0, as WordNet-2.0.exc.db). *used gets the directory or
 * "none". Returns 0, or -1 after printing the error. */
static int load_exc(const char *given, rouge_exc **x, const char **used) {
    *x = NULL;
    *used = "none";
    if (given && strcmp(given, "none") == 0) return 0;
    const char *dir = given ? given : WORDNET_DEFAULT;
    tl_err e;
    err_clear(&e);
    int rc = rouge_exc_load(dir, x, &e);
    if (rc == TL_OK) { *used = dir; return 0; }
    if (!given) return 0;   /* not installed: Porter only */
    cli_error(&e);
    return -1;
}

static int parse_pos(const char *s, long *v, const char *what) {
    if (cli_parse_long(s, v) || *v < 0) {
        cli_usage_error("eval", "%s needs a number >= 0", what);
        return -1;
    }
    return 0;
}

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
        case O_BYTES: if (parse_pos(optarg, &v, "--bytes")) return EXIT_USAGE; o.limit_bytes = v; break;
        case O_WORDS: if (parse_pos(optarg, &v, "--words")) return EXIT_USAGE; o.limit_words = v; break;
        case O_OFFICIAL:
            if (noff == 8) { cli_usage_error("eval", "at most 8 --official files"); return EXIT_USAGE; }
            off[noff++] = optarg;
            break;
        case O_JK: jk = 1; break;
        case O_PER: per = 1; break;
        case O_N:
            if (parse_pos(optarg, &v, "--n") || v < 1 || v > ROUGE_MAX_N) {
                cli_usage_error("eval", "--n is 1..%d", ROUGE_MAX_N);
                return EXIT_USAGE;
            }
            o.max_n = (int)v;
            break;
        case O_NOSTEM: o.stem = 0; break;
        case O_EXC: exc_dir = optarg; break;
        case O_RES: if (parse_pos(optarg, &resamples, "--resamples")) return EXIT_USAGE; break;
        case 'h': fputs(ROUGE_HELP, stdout); return EXIT_OK;
        default: fputs(ROUGE_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (!pdir || !mdir) { cli_usage_error("eval", "--peers DIR and --models DIR are required"); return EXIT_USAGE; }
    if (o.limit_bytes && o.limit_words) { cli_usage_error("eval", "--bytes or --words, not both"); return EXIT_USAGE; }
    rouge_exc *exc = NULL;
    const char *exc_used;
    if (load_exc(exc_dir, &exc, &exc_used)) return EXIT_FAIL;
    o.exc = exc;
    sfiles P, M;
    officials O = {0};
    systems S = {0};
    int x = EXIT_OK;
    size_t unpaired = 0;
    if (load_dir(pdir, &P)) { rouge_exc_free(exc); return EXIT_FAIL; }
    if (load_dir(mdir, &M)) { sfiles_free(&P); rouge_exc_free(exc); return EXIT_FAIL; }
    for (size_t i = 0; i < noff && x == EXIT_OK; i++) if (read_official(off[i], &O)) x = EXIT_FAIL;
    if (x == EXIT_OK && score_dirs(&P, &M, jk, &o, &S, &unpaired)) x = EXIT_FAIL;
    if (x == EXIT_OK) systems_finish(&S, (int)resamples);
    double maxd[NMET] = {0};
    const char *maxs[NMET] = {0};
    size_t compared[NMET] = {0};
    char mn[32];
    json_t *js = c->json ? json_array() : NULL;
    if (x == EXIT_OK && !c->json) {
        printf("%zu peers, %zu models, %zu systems; -n %d%s%s%s", P.n, M.n, S.n, o.max_n,
               o.stem ? " -m, exceptions " : "", o.stem ? exc_used : "", unpaired ? "" : "\n");
        if (unpaired) printf(" (%zu peers without models, skipped)\n", unpaired);
        printf("%-12s", "system");
        for (int m = 0; m < NMET; m++) {
            if (!met_on(m, &o)) continue;
            met_name(m, &o, mn, sizeof(mn));
            printf(" %9s", mn + 6);
            if (noff) printf(" %8s %8s", "official", "diff");
        }
        printf("\n");
    }
    for (size_t i = 0; x == EXIT_OK && i < S.n; i++) {
        sys_t *s = &S.v[i];
        json_t *jo = js ? json_object() : NULL;
        if (jo) {
            json_object_set_new(jo, "system", json_string(s->name));
            json_object_set_new(jo, "instances", json_integer((json_int_t)s->n));
            json_object_set_new(jo, "human", json_boolean(s->human));
        } else {
            printf("%-12s", s->name);
        }
        for (int m = 0; m < NMET; m++) {
            if (!met_on(m, &o)) continue;
            met_name(m, &o, mn, sizeof(mn));
            const off_t_ *of = off_get(&O, s->name, mn);
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
        json_object_set_new(o2, "systems", js);
        js = NULL;
        for (int m = 0; m < NMET; m++) {
            if (!compared[m]) continue;
            met_name(m, &o, mn, sizeof(mn));
            json_t *q = json_object();
            json_object_set_new(q, "max_abs_diff", json_real(maxd[m]));
            json_object_set_new(q, "system", json_string(maxs[m]));
            json_object_set_new(q, "compared", json_integer((json_int_t)compared[m]));
            json_object_set_new(md, mn, q);
        }
        json_object_set_new(o2, "official", md);
        cli_print_json(o2);
    } else if (x == EXIT_OK && noff) {
        for (int m = 0; m < NMET; m++) {
            if (!compared[m]) continue;
            met_name(m, &o, mn, sizeof(mn));
            printf("largest |ours - official| %-9s %.5f (%s, %zu systems compared)\n", mn, maxd[m],
                   maxs[m], compared[m]);
        }
    }
    for (size_t i = 0; x == EXIT_OK && per && !c->json && i < S.n; i++)
        for (int m = 0; m < NMET; m++) {
            if (!met_on(m, &o)) continue;
            met_name(m, &o, mn, sizeof(mn));
            for (size_t k = 0; k < S.v[i].n; k++) {
                const rouge_prf *q = met(&S.v[i].v[k].s, m);
                printf("%s %s Eval %s R:%.5f P:%.5f F:%.5f\n", S.v[i].name, mn, S.v[i].v[k].key,
                       q->r, q->p, q->f);
            }
        }
    json_decref(js);
    systems_free(&S);
    free(O.v);
    sfiles_free(&P);
    sfiles_free(&M);
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

static const char *jstr(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
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
        const char *id = o ? jstr(o, "id") : NULL, *text = o ? jstr(o, "text") : NULL;
        if (!id || !text) {
            fprintf(stderr, "trilat: %s:%ld: expected {\"id\", \"text\", ...}\n", path, ln);
            json_decref(o);
            rc = -1;
            break;
        }
        json_array_append_new(T->lines, o);
        char tn[128];
        const char *tp = jstr(o, "topic"), *slash = strchr(id, '/');
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
        d->source = jstr(o, "source");
        d->title = jstr(o, "title");
        d->text = text;
        d->len = strlen(text);
        const char *pub = jstr(o, "published");
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

static void print_row(const char *label, const sys_t *s) {
    printf("%-22s %7.5f %7.5f  %7.5f %7.5f  %7.5f %7.5f  %7.5f\n", label, s->r[0], s->f[0], s->r[1],
           s->f[1], s->r[4], s->f[4], s->r[5]);
}

static json_t *row_json(const char *label, const sys_t *s) {
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
    double x = (*(sys_t *const *)a)->r[1], y = (*(sys_t *const *)b)->r[1];
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
            if (parse_pos(optarg, &words, "--words") || words < 1) return EXIT_USAGE;
            break;
        case O_METHOD: method = optarg; break;
        case O_EXC: exc_dir = optarg; break;
        case 'h': fputs(ROUGE_HELP, stdout); return EXIT_OK;
        default: fputs(ROUGE_HELP, stderr); return EXIT_USAGE;
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
    if (load_exc(exc_dir, &exc, &exc_used)) return EXIT_FAIL;
    o.exc = exc;
    char path[4096];
    topics T = {0};
    sfiles M, P;
    int x = EXIT_OK;
    snprintf(path, sizeof(path), "%s/articles.jsonl", dir);
    if (read_articles(path, &T)) { topics_free(&T); rouge_exc_free(exc); return EXIT_FAIL; }
    snprintf(path, sizeof(path), "%s/models", dir);
    if (load_dir(path, &M)) { topics_free(&T); rouge_exc_free(exc); return EXIT_FAIL; }
    snprintf(path, sizeof(path), "%s/peers", dir);
    int have_peers = load_dir(path, &P) == 0;
    systems ours = {0}, theirs = {0};
    size_t scored_topics = 0;
    for (size_t ti = 0; x == EXIT_OK && ti < T.n; ti++) {
        topic_t *t = &T.v[ti];
        char cl[128];
        topic_cluster(t->topic, cl, sizeof(cl));
        size_t a, b;
        cluster_range(&M, cl, &a, &b);
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
            if (!spl || score_peer(&ours, sum_method_name(m), 0, cl, spl, len, &M, a, b, (size_t)-1,
                                   1, &o))
                x = EXIT_FAIL;
            free(spl);
        }
    }
    if (x == EXIT_OK && have_peers) {
        size_t unpaired;
        if (score_dirs(&P, &M, 1, &o, &theirs, &unpaired)) x = EXIT_FAIL;
    }
    systems_finish(&ours, 0);
    systems_finish(&theirs, 0);
    /* the official systems by ROUGE-2 recall: best, median; humans: range */
    sys_t **sys = malloc((theirs.n ? theirs.n : 1) * sizeof(sys_t *));
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
    if (sys) qsort(sys, ns, sizeof(sys_t *), cmp_r2);
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
        officials O = {0};
        snprintf(path, sizeof(path), "%s/official/rouge2.jk.m.avg", dir);
        FILE *probe = fopen(path, "r");
        if (probe) {
            fclose(probe);
            if (read_official(path, &O) == 0 && O.n) {
                const off_t_ *best = NULL;
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
    systems_free(&ours);
    systems_free(&theirs);
    if (have_peers) sfiles_free(&P);
    sfiles_free(&M);
    topics_free(&T);
    rouge_exc_free(exc);
    return x;
}
