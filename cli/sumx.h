/* sumx.h -- shared pieces of `trilat eval rouge` and `trilat eval
 * summaries` (cli/cmd_eval_sum.c): directories of summaries paired by
 * cluster, systems and their ROUGE instances, averages as ROUGE-1.5.5
 * reports them, the official figures, the WordNet exceptions.
 *
 * Why a module: both commands must pair files, jackknife and average the
 * same way, or the summarizer's figures could not be put next to the
 * official systems' (docs/summaries.md has the protocol).
 */
#ifndef TRILAT_CLI_SUMX_H
#define TRILAT_CLI_SUMX_H

#include <stddef.h>

#include "rouge.h"

/* ------------------------------------------------------------------------
 * Files: every regular, non-hidden file of a directory, read, sorted by
 * cluster (the name up to the first '.', lower-cased), then name; id is
 * the part after the last '.'.
 * ---------------------------------------------------------------------- */

typedef struct {
    char *name, *cluster, *id;   /* cluster lower-cased */
    char *text;
    size_t len;
} sx_file;

typedef struct {
    sx_file *v;
    size_t n;
} sx_files;

/* 0, or -1 after printing why. */
int sx_load_dir(const char *dir, sx_files *out);
void sx_files_free(sx_files *s);
/* The files of a cluster: [*a, *b). */
void sx_cluster_range(const sx_files *m, const char *cluster, size_t *a, size_t *b);

/* ------------------------------------------------------------------------
 * Systems: one instance per (peer, evaluation), as in the script
 * ---------------------------------------------------------------------- */

#define SX_NMET 6   /* ROUGE-1..4, L, SU */
#define SX_WORDNET "/usr/share/wordnet"

typedef struct {
    char *key;
    rouge_scores s;
} sx_inst;

typedef struct {
    char *name;
    int human;
    sx_inst *v;
    size_t n, cap;
    double r[SX_NMET], p[SX_NMET], f[SX_NMET];   /* plain means */
    double avg_r[SX_NMET];                 /* the script's Average_R */
} sx_sys;

typedef struct {
    sx_sys *v;
    size_t n, cap;
} sx_systems;

const rouge_prf *sx_met(const rouge_scores *s, int m);      /* m: 0..3 N, 4 L, 5 SU */
void sx_met_name(int m, const rouge_opts *o, char *buf, size_t cap);  /* "ROUGE-2" */
int sx_met_on(int m, const rouge_opts *o);

/* Score a peer text against models [a, b) of M less `self` (a model index,
 * or (size_t)-1; set for a peer that is one of the models); jackknife: one
 * instance per model left out. 0, or -1 after printing the error. */
int sx_score_peer(sx_systems *S, const char *sys, int human, const char *cluster,
                  const char *ptext, size_t plen, const sx_files *M, size_t a, size_t b,
                  size_t self, int jackknife, const rouge_opts *o);
/* Every peer of P against the models of its cluster; *unpaired: peers
 * whose cluster has none. */
int sx_score_dirs(const sx_files *P, const sx_files *M, int jackknife, const rouge_opts *o,
                  sx_systems *S, size_t *unpaired);
/* Sort systems and instances; plain means and the bootstrap Average_R. */
void sx_finish(sx_systems *S, int resamples);
void sx_free(sx_systems *S);

/* ------------------------------------------------------------------------
 * Official figures, options
 * ---------------------------------------------------------------------- */

typedef struct {
    char sys[64], metric[16];
    double r;
} sx_official;

typedef struct {
    sx_official *v;
    size_t n, cap;
} sx_officials;

/* rouge.res lines, or DUC .avg lines (the metric from the file name). */
int sx_read_official(const char *path, sx_officials *O);
const sx_official *sx_off_get(const sx_officials *O, const char *sys, const char *metric);

/* WordNet exceptions: DIR, "none", or NULL for SX_WORDNET when present. */
int sx_load_exc(const char *given, rouge_exc **x, const char **used);
int sx_parse_pos(const char *s, long *v, const char *what);

enum { O_PEERS = 256, O_MODELS, O_BYTES, O_WORDS, O_OFFICIAL, O_JK, O_N, O_NOSTEM, O_EXC,
       O_RES, O_DUC, O_METHOD, O_PER };

extern const char SX_HELP[];

#endif
