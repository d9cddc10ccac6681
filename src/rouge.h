/* rouge.h -- ROUGE scores of a summary against reference summaries, as
 * ROUGE-1.5.5 (Lin 2004) computes them.
 *
 * Why our own: the published figures of summarizers (DUC, TAC, SumRepo)
 * come from the Perl script ROUGE-1.5.5.pl, and every re-implementation
 * that departs from it in a detail (tokens, stemmer, length cut, how
 * several references are combined) gives numbers that cannot be compared
 * with them. This module follows the script, quirks included:
 *
 *   text      one sentence per line (SPL); empty lines are skipped; ASCII
 *             upper case is folded; the length cut (-l words / -b bytes,
 *             below) is applied to the lines first; then every byte that
 *             is not [a-z0-9] separates tokens;
 *   -l N      the first N whitespace-separated words of the lines (the
 *             words are counted before punctuation is removed);
 *   -b N      the first N bytes of the lines, newlines not counted (a cut
 *             may fall inside a word). ROUGE-L reads its sentences with
 *             the script's own byte cut, which keeps every line shorter
 *             than N and cuts only the first longer one (a bug of 1.5.5,
 *             kept: ROUGE-L under -b is what the script prints);
 *   -m        tokens longer than 3 bytes are stemmed: looked up in the
 *             WordNet exception list when one is given (rouge_exc), else
 *             by ROUGE's Porter stemmer (Porter 1980 with the 'bli' and
 *             'logi' rules and Lin's change of step 4 for -ement);
 *   -s        stopwords removed (trilat's list, src/stop.h; the script
 *             uses SMART's 571 words, not shipped here);
 *   ROUGE-N   clipped n-gram co-occurrence: hit = sum over model n-grams
 *             of min(peer count, model count);
 *   ROUGE-L   summary-level union LCS: for each model sentence, the union
 *             of the LCS positions against every peer sentence, each hit
 *             clipped by the unigram counts left in model and peer;
 *   ROUGE-SUk skip bigrams at most k words apart plus unigrams (-2 k -u;
 *             the script leaves out the unigram of the last token);
 *   -f A      several models: hits and counts are added over the models
 *             (R = sum hit / sum model count, P = sum hit / (models x
 *             peer count)); -f B keeps the best model by recall;
 *   figures   R, P and F = R P / ((1 - alpha) P + alpha R), each rounded
 *             to 5 decimals as the script prints them (F from the rounded
 *             R and P);
 *   jackknife with k >= 2 models and opts.jackknife: the mean of the k
 *             scores against k - 1 models (DUC 2005-2007 practice; the
 *             script itself does it only through its configuration file).
 *
 * The script's Average_R is a bootstrap mean (1000 resamples seeded 0..999
 * with Perl's drand48); rouge_boot reproduces it and its confidence
 * interval from the per-evaluation scores.
 *
 * Ownership: rouge_score reads caller-owned texts and fills a caller-owned
 * rouge_scores; a rouge_exc is loaded by rouge_exc_load, owned by the
 * caller, read-only afterwards (share it across threads) and freed with
 * rouge_exc_free. No global state.
 */
#ifndef TRILAT_ROUGE_H
#define TRILAT_ROUGE_H

#include <stddef.h>

#include "err.h"

#define ROUGE_MAX_N 4
#define ROUGE_TOK_MAX 64   /* tokens this long or longer are not stemmed */

typedef struct rouge_exc rouge_exc;   /* WordNet exception list */

typedef struct rouge_opts {
    int max_n;          /* ROUGE-1 .. ROUGE-max_n (1..ROUGE_MAX_N; -n) */
    int stem;           /* -m: stem tokens longer than 3 bytes */
    int remove_stop;    /* -s */
    long limit_words;   /* -l N, <= 0: none */
    long limit_bytes;   /* -b N, <= 0: none (not both) */
    int lcs;            /* compute ROUGE-L (no -x) */
    int su;             /* compute ROUGE-SU<su_gap> (-2 su_gap -u) */
    int su_gap;         /* maximum gap; < 0: unlimited */
    int best;           /* -f B instead of -f A */
    double alpha;       /* -p (0.5) */
    int jackknife;      /* with >= 2 models, average the leave-one-out scores */
    const rouge_exc *exc; /* exceptions for -m (NULL: Porter only) */
} rouge_opts;

typedef struct rouge_prf {
    double r, p, f;
} rouge_prf;

typedef struct rouge_scores {
    rouge_prf n[ROUGE_MAX_N]; /* n[0] is ROUGE-1; up to opts.max_n */
    rouge_prf l;              /* when opts.lcs */
    rouge_prf su;             /* when opts.su */
} rouge_scores;

/* ROUGE-1.5.5 as it is usually run: -n 4 -m -2 4 -u -f A -p 0.5, ROUGE-L
 * on, no stopword removal, no length limit, no jackknife, no exceptions. */
void rouge_opts_default(rouge_opts *o);

/* Score the peer (plen bytes, one sentence per line) against nmodels >= 1
 * models. TL_OK; TL_EINVAL (bad options, no model); TL_ETOOBIG (a text of
 * more than 65535 distinct tokens); TL_ENOMEM. */
int rouge_score(const char *peer, size_t plen, const char *const *models,
                const size_t *mlens, size_t nmodels, const rouge_opts *o,
                rouge_scores *out, tl_err *e);

/* The stem ROUGE gives one token (lower case [a-z0-9], any length: tokens
 * of 3 bytes or fewer come back unchanged) into buf (cap >= len + 1);
 * returns its length. exc may be NULL. */
size_t rouge_stem(const rouge_exc *exc, const char *tok, size_t len, char *buf, size_t cap);

/* Load WordNet exception files (*.exc: "inflected base ..." per line) from
 * dir, as ROUGE's buildExeptionDB.pl does (inflected -> first base; files
 * in name order, a later file wins). TL_OK; TL_EIO; TL_EEMPTY (no .exc
 * file); TL_ENOMEM. */
int rouge_exc_load(const char *dir, rouge_exc **out, tl_err *e);
size_t rouge_exc_size(const rouge_exc *x);
void rouge_exc_free(rouge_exc *x);

/* The script's average and confidence interval over n per-evaluation
 * scores x (in the script's order: evaluation ids sorted as strings):
 * resamples bootstrap samples, the i-th drawn with Perl's srand(i) and
 * rand() (drand48); *mean is the mean of the sample means, [*lo, *hi] the
 * conf-% interval, all rounded to 5 decimals. resamples <= 0 or n == 0:
 * the plain mean, lo = hi = mean. */
void rouge_boot(const double *x, size_t n, int resamples, double conf, double *mean,
                double *lo, double *hi);

/* x rounded to 5 decimals as printf("%7.5f") does. */
double rouge_round5(double x);

#endif
