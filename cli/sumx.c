/* sumx.c -- shared pieces of `trilat eval rouge` and `trilat eval
 * summaries` (see sumx.h).
 *
 * Pairing rule: a peer file NAME is cluster.anything.system, a model file
 * cluster.anything.model; the cluster is the part before the first '.'
 * (compared case-insensitively: d30001.LexRank goes with D30001.M.100.T.A),
 * the system / model id the part after the last '.'. A peer file named
 * exactly like a model file (DUC's human summaries in the peer directory)
 * is never scored against itself, only against the other models.
 *
 * Averages: each (peer, evaluation) pair is one instance, as in the
 * script; with jackknifing a cluster with k models gives k instances per
 * peer, each against k - 1 models (DUC 2005-2007's ROUGE configuration).
 * The figure compared with the official one is the script's Average_R: a
 * bootstrap mean over the instances sorted by "evaluation.peer"
 * (rouge_boot). Protocol and figures: docs/summaries.md.
 */
#include "sumx.h"

#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Files
 * ---------------------------------------------------------------------- */

static int cmp_sfile(const void *a, const void *b) {
    const sx_file *x = a, *y = b;
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

void sx_files_free(sx_files *s) {
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name); free(s->v[i].cluster); free(s->v[i].id); free(s->v[i].text);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* Every regular, non-hidden file of dir, read, sorted by cluster, name. */
int sx_load_dir(const char *dir, sx_files *out) {
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
        sx_file f = {0};
        if (slurp(path, &f.text, &f.len)) continue;   /* a directory, unreadable */
        if (out->n == cap) {
            cap = cap ? 2 * cap : 256;
            sx_file *nv = realloc(out->v, cap * sizeof(sx_file));
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
    if (bad) { sx_files_free(out); fprintf(stderr, "trilat: out of memory\n"); return -1; }
    qsort(out->v, out->n, sizeof(sx_file), cmp_sfile);
    return 0;
}

/* The models of a cluster: [*a, *b) in the sorted list. */
void sx_cluster_range(const sx_files *m, const char *cluster, size_t *a, size_t *b) {
    size_t i = 0;
    while (i < m->n && strcmp(m->v[i].cluster, cluster) < 0) i++;
    *a = i;
    while (i < m->n && strcmp(m->v[i].cluster, cluster) == 0) i++;
    *b = i;
}

/* ------------------------------------------------------------------------
 * Systems and their instances
 * ---------------------------------------------------------------------- */

const rouge_prf *sx_met(const rouge_scores *s, int m) {
    return m < ROUGE_MAX_N ? &s->n[m] : m == 4 ? &s->l : &s->su;
}

void sx_met_name(int m, const rouge_opts *o, char *buf, size_t cap) {
    if (m < 0 || m >= SX_NMET) m = 0;
    if (m < ROUGE_MAX_N) snprintf(buf, cap, "ROUGE-%d", m + 1);
    else if (m == 4) snprintf(buf, cap, "ROUGE-L");
    else if (o->su_gap < 0) snprintf(buf, cap, "ROUGE-SU*");
    else snprintf(buf, cap, "ROUGE-SU%d", o->su_gap);
}

int sx_met_on(int m, const rouge_opts *o) {
    return m < ROUGE_MAX_N ? m < o->max_n : m == 4 ? o->lcs : o->su;
}

static sx_sys *sys_get(sx_systems *S, const char *name) {
    for (size_t i = 0; i < S->n; i++)
        if (strcmp(S->v[i].name, name) == 0) return &S->v[i];
    if (S->n == S->cap) {
        S->cap = S->cap ? 2 * S->cap : 32;
        sx_sys *nv = realloc(S->v, S->cap * sizeof(sx_sys));
        if (!nv) return NULL;
        S->v = nv;
    }
    sx_sys *s = &S->v[S->n++];
    memset(s, 0, sizeof(*s));
    s->name = strdup(name);
    return s;
}

static int sys_add(sx_sys *s, const char *key, const rouge_scores *sc) {
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        sx_inst *nv = realloc(s->v, s->cap * sizeof(sx_inst));
        if (!nv) return -1;
        s->v = nv;
    }
    s->v[s->n].key = strdup(key);
    s->v[s->n++].s = *sc;
    return 0;
}

static int cmp_inst(const void *a, const void *b) {
    return strcmp(((const sx_inst *)a)->key, ((const sx_inst *)b)->key);
}

static int cmp_sys(const void *a, const void *b) {
    return strcmp(((const sx_sys *)a)->name, ((const sx_sys *)b)->name);
}

/* Means and the bootstrap Average_R of every system. */
void sx_finish(sx_systems *S, int resamples) {
    qsort(S->v, S->n, sizeof(sx_sys), cmp_sys);
    for (size_t i = 0; i < S->n; i++) {
        sx_sys *s = &S->v[i];
        qsort(s->v, s->n, sizeof(sx_inst), cmp_inst);
        double *x = malloc((s->n ? s->n : 1) * sizeof(double));
        for (int m = 0; m < SX_NMET; m++) {
            double r = 0, p = 0, f = 0;
            for (size_t k = 0; k < s->n; k++) {
                const rouge_prf *q = sx_met(&s->v[k].s, m);
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

void sx_free(sx_systems *S) {
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
int sx_score_peer(sx_systems *S, const char *sys, int human, const char *cluster,
                      const char *ptext, size_t plen, const sx_files *M, size_t a, size_t b,
                      size_t self, int jackknife, const rouge_opts *o) {
    const char *mt[64];
    size_t ml[64], k = 0;
    size_t idx[64];
    for (size_t i = a; i < b && k < 64; i++)
        if (i != self) { idx[k] = i; mt[k] = M->v[i].text; ml[k++] = M->v[i].len; }
    if (!k) return 0;
    sx_sys *s = sys_get(S, sys);
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
        const sx_file *left = &M->v[idx[out_i]];
        const char *dot = strrchr(left->name, '.');
        snprintf(key, sizeof(key), "%.*s-%s.%s", (int)(dot ? dot - left->name : 0), left->name,
                 left->id, sys);
        if (sys_add(s, key, &sc)) return -1;
    }
    return 0;
}

/* Every peer file against the models of its cluster. */
int sx_score_dirs(const sx_files *P, const sx_files *M, int jackknife, const rouge_opts *o,
                      sx_systems *S, size_t *unpaired) {
    *unpaired = 0;
    for (size_t i = 0; i < P->n; i++) {
        const sx_file *p = &P->v[i];
        size_t a, b, self = (size_t)-1;
        sx_cluster_range(M, p->cluster, &a, &b);
        for (size_t j = a; j < b; j++) if (strcasecmp(M->v[j].name, p->name) == 0) self = j;
        if (a == b) { (*unpaired)++; continue; }
        if (sx_score_peer(S, p->id, self != (size_t)-1, p->cluster, p->text, p->len, M, a, b, self,
                       jackknife, o))
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Official figures
 * ---------------------------------------------------------------------- */

/* rouge.res lines ("SYS ROUGE-2 Average_R: 0.09017 (...)") or DUC's .avg
 * lines ("24 0.09505 (95%-conf.int. ...)", the metric from the file name:
 * rouge2 / rougeSU4). */
int sx_read_official(const char *path, sx_officials *O) {
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
        sx_official x = {0};
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
            sx_official *nv = realloc(O->v, O->cap * sizeof(sx_official));
            if (!nv) { fclose(f); return -1; }
            O->v = nv;
        }
        O->v[O->n++] = x;
    }
    fclose(f);
    return 0;
}

const sx_official *sx_off_get(const sx_officials *O, const char *sys, const char *metric) {
    for (size_t i = 0; i < O->n; i++)
        if (strcmp(O->v[i].sys, sys) == 0 && strcmp(O->v[i].metric, metric) == 0) return &O->v[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * Shared options
 * ---------------------------------------------------------------------- */

const char SX_HELP[] =
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
    "                              WordNet-2.0.exc.db); default: " SX_WORDNET "\n"
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
    "Default: 250 words (DUC 2006); --words 100 for story-sized summaries.\n"
    "--exceptions DIR|none as for eval rouge.\n";

/* The WordNet exceptions -m uses: DIR, "none", or by default Debian's
 * wordnet-base files when installed (ROUGE-1.5.5 ships the same lists,
 * from WordNet 2.0, as WordNet-2.0.exc.db). *used gets the directory or
 * "none". Returns 0, or -1 after printing the error. */
int sx_load_exc(const char *given, rouge_exc **x, const char **used) {
    *x = NULL;
    *used = "none";
    if (given && strcmp(given, "none") == 0) return 0;
    const char *dir = given ? given : SX_WORDNET;
    tl_err e;
    err_clear(&e);
    int rc = rouge_exc_load(dir, x, &e);
    if (rc == TL_OK) { *used = dir; return 0; }
    if (!given) return 0;   /* not installed: Porter only */
    cli_error(&e);
    return -1;
}

int sx_parse_pos(const char *s, long *v, const char *what) {
    if (cli_parse_long(s, v) || *v < 0) {
        cli_usage_error("eval", "%s needs a number >= 0", what);
        return -1;
    }
    return 0;
}
