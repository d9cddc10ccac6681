/* eval.h -- evaluation metrics shared by every `trilat eval`.
 *
 * Clustering: items carry a gold cluster label and a predicted one (dense
 * integers). B-cubed (Bagga & Baldwin 1998): per item, precision is the
 * share of its predicted cluster that shares its gold cluster, recall the
 * share of its gold cluster found in its predicted cluster; both averaged
 * over items, F1 their harmonic mean. Pairwise: over all item pairs, a
 * pair is predicted together / gold together; P = TP / predicted pairs,
 * R = TP / gold pairs.
 */
#ifndef TRILAT_EVAL_H
#define TRILAT_EVAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct eval_clusters {
    size_t items;
    size_t gold_clusters, pred_clusters;
    size_t pred_singletons;
    double b3_p, b3_r, b3_f1;
    double pw_p, pw_r, pw_f1;
} eval_clusters;

/* gold[i], pred[i]: labels of item i. TL_OK or TL_ENOMEM. */
int eval_cluster_scores(const uint32_t *gold, const uint32_t *pred, size_t n,
                        eval_clusters *out);

#endif
