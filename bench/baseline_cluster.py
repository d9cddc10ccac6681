#!/usr/bin/python3
"""bench/baseline_cluster.py -- the simple baseline for `trilat eval clusters`.

    bench/baseline_cluster.py --articles FILE --gold FILE [--threshold X] [--sweep]
    bench/baseline_cluster.py --articles FILE --time-only [--limit N] [--threshold X]

Reads articles.jsonl (id, title, text; other fields ignored) in file order
and clusters the articles ONLINE, in that order, with the rule trilat uses
(src/story.h): each article joins the most similar existing cluster if the
cosine with that cluster's centroid (the mean of its members' vectors) is
>= threshold, else it starts a new cluster. Articles are never moved.

Vectors: scikit-learn TfidfVectorizer(sublinear_tf=True, stop_words='english')
over title + "\\n" + text, l2-normalized (sklearn's default).

What differs from trilat, on purpose (this is the plain textbook version):
  * the vectorizer is FITTED ON THE WHOLE SET before clustering starts, so
    every article is weighted with idf computed over all articles, including
    those that arrive after it ("idf from the future"). trilat can only use
    the documents placed so far. This is an advantage for the baseline.
  * no time window or time decay, no title/name boosts, no stemming, no
    near-duplicate (MinHash) step, no cap on vector length, no candidate
    pruning: every article is compared with every existing cluster
    (exactly, through the dot products with all earlier articles), so the
    cost grows as articles x earlier articles.

Metrics (computed here, not by trilat; same definitions as src/eval.h):
  B-cubed (Bagga & Baldwin 1998): per item, P = |pred cluster & gold
  cluster| / |pred cluster|, R = ... / |gold cluster|, averaged over items,
  F1 the harmonic mean of the averages. Pairwise: over item pairs,
  P = pairs together in both / pairs together in pred, R = ... / pairs
  together in gold (1.0 when the denominator is 0, as trilat does).
  Items are the gold lines; a gold id absent from the articles counts as a
  singleton (reported as "missing"); articles without gold are clustered
  but not scored.

--sweep runs thresholds 0.10, 0.15, ..., 0.60 and reports every one and the
best B-cubed F1: that best is ORACLE-TUNED on the gold labels it is scored
against, an upper bound for this baseline, not a fair comparison.

--time-only: no gold; prints the cluster count and the time spent loading,
vectorizing and clustering (articles/s over vectorize + cluster). --limit N
uses the first N articles only. --online-idf (a diagnostic, not the
baseline) weights each article with the idf of the articles up to it.

Needs python3-sklearn (Debian package). Exit status: 0, 2 on usage errors,
1 on unreadable input.
"""

import argparse
import json
import sys
import time

try:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
except ImportError as exc:  # pragma: no cover
    sys.stderr.write(
        "baseline_cluster.py: %s\n  install scikit-learn from Debian: "
        "sudo apt-get install python3-sklearn\n" % exc
    )
    sys.exit(2)

BLOCK = 1000  # articles per block of the online loop (see cluster())


def load_articles(path, limit=None):
    ids, docs = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                a = json.loads(line)
            except ValueError as exc:
                sys.stderr.write("%s:%d: skipped, %s\n" % (path, lineno, exc))
                continue
            text = a.get("text") or a.get("body") or ""
            title = a.get("title") or ""
            aid = a.get("id")
            ids.append(str(aid) if aid is not None else "line-%d" % lineno)
            docs.append(title + "\n" + text)
            if limit and len(docs) >= limit:
                break
    return ids, docs


def load_gold(path):
    gold = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            o = json.loads(line)
            if "id" not in o or "cluster" not in o:
                raise ValueError('%s:%d: expected {"id": ..., "cluster": ...}' % (path, lineno))
            gold.append((str(o["id"]), str(o["cluster"])))
    return gold


def vectorize(docs, online_idf=False):
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    X = vec.fit_transform(docs).tocsr()
    if not online_idf:
        return X
    # Diagnostic: re-weight each row with the idf known when it arrives
    # (document frequencies over the articles before it and itself, sklearn's
    # smoothed formula ln((1 + n) / (1 + df)) + 1), as trilat has to.
    X.data /= vec.idf_[X.indices]  # back to sublinear tf (rows renormalized below)
    df = np.zeros(X.shape[1], dtype=np.float64)
    for i in range(X.shape[0]):
        lo, hi = X.indptr[i], X.indptr[i + 1]
        t = X.indices[lo:hi]
        df[t] += 1
        w = X.data[lo:hi] * (np.log((2.0 + i) / (1.0 + df[t])) + 1.0)
        nrm = np.sqrt(np.dot(w, w))
        X.data[lo:hi] = w / nrm if nrm > 0 else w
    return X


def cluster(X, threshold):
    """Online centroid clustering of the rows of X (l2-normalized), in order.

    The cosine of x with a centroid (mean of member vectors) equals
    x . S / |S| with S the sum of the members (the 1/n cancels), and
    x . S is the sum of x . m over the members m: so for each article we
    take the dot products with all earlier articles (sparse, through the
    transposed matrix: cost = postings of its terms) and add them up per
    cluster (np.bincount). |S|^2 is kept per cluster and updated with
    |S + x|^2 = |S|^2 + 2 x.S + |x|^2. Exact, no pruning.
    Returns the cluster label of each row (0-based, in creation order).
    """
    n = X.shape[0]
    labels = np.zeros(n, dtype=np.int64)
    norm2 = np.zeros(n, dtype=np.float64)  # |S|^2 per cluster
    xnorm2 = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    k = 0
    for start in range(0, n, BLOCK):
        end = min(n, start + BLOCK)
        # terms x articles[0:end]: the postings an article in this block can
        # need (rows >= its own index are cut off after the product)
        XT = X[:end].T.tocsr()
        for i in range(start, end):
            lo, hi = X.indptr[i], X.indptr[i + 1]
            if i == 0 or k == 0 or lo == hi:
                best, bsim, dot = -1, 0.0, 0.0
            else:
                sub = XT[X.indices[lo:hi]]
                dots = sub.T.dot(X.data[lo:hi])[:i]
                num = np.bincount(labels[:i], weights=dots, minlength=k)
                den = np.sqrt(norm2[:k])
                with np.errstate(divide="ignore", invalid="ignore"):
                    sims = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
                best = int(np.argmax(sims))
                bsim = float(sims[best])
                dot = float(num[best])
            if best >= 0 and bsim >= threshold:
                labels[i] = best
                norm2[best] += 2.0 * dot + xnorm2[i]
            else:
                labels[i] = k
                norm2[k] = xnorm2[i]
                k += 1
    return labels, k


def scores(gold_labels, pred_labels):
    """B-cubed and pairwise P/R/F1 of two equal-length label lists."""
    n = len(gold_labels)
    gsize, psize, cell = {}, {}, {}
    for g, p in zip(gold_labels, pred_labels):
        gsize[g] = gsize.get(g, 0) + 1
        psize[p] = psize.get(p, 0) + 1
        cell[(g, p)] = cell.get((g, p), 0) + 1
    bp = br = 0.0
    for g, p in zip(gold_labels, pred_labels):
        c = cell[(g, p)]
        bp += c / psize[p]
        br += c / gsize[g]
    b3p, b3r = (bp / n, br / n) if n else (0.0, 0.0)

    def pairs(m):
        return sum(v * (v - 1) / 2 for v in m.values())

    tp, pp, gp = pairs(cell), pairs(psize), pairs(gsize)
    pwp = tp / pp if pp > 0 else 1.0
    pwr = tp / gp if gp > 0 else 1.0

    def f1(a, b):
        return 2 * a * b / (a + b) if a + b > 0 else 0.0

    return {
        "items": n,
        "gold_clusters": len(gsize),
        "predicted_clusters": len(psize),
        "predicted_singletons": sum(1 for v in psize.values() if v == 1),
        "bcubed_precision": b3p,
        "bcubed_recall": b3r,
        "bcubed_f1": f1(b3p, b3r),
        "pairwise_precision": pwp,
        "pairwise_recall": pwr,
        "pairwise_f1": f1(pwp, pwr),
    }


def score_run(ids, labels, gold):
    pos = {}
    for i, aid in enumerate(ids):
        pos.setdefault(aid, i)
    g_l, p_l, missing = [], [], 0
    for aid, g in gold:
        g_l.append(g)
        if aid in pos:
            p_l.append(int(labels[pos[aid]]))
        else:
            missing += 1
            p_l.append(("missing", aid))
    m = scores(g_l, p_l)
    m["missing"] = missing
    return m


def print_metrics(m, label):
    print(
        "items %d (missing %d), gold clusters %d, predicted clusters %d (%d singletons)"
        % (m["items"], m["missing"], m["gold_clusters"], m["predicted_clusters"],
           m["predicted_singletons"])
    )
    print("B-cubed   P %.3f  R %.3f  F1 %.3f" % (m["bcubed_precision"], m["bcubed_recall"], m["bcubed_f1"]))
    print("pairwise  P %.3f  R %.3f  F1 %.3f" % (m["pairwise_precision"], m["pairwise_recall"], m["pairwise_f1"]))
    print("params    %s" % label)


def main():
    ap = argparse.ArgumentParser(
        description="Online TF-IDF centroid clustering baseline (scikit-learn) for trilat eval clusters.")
    ap.add_argument("--articles", required=True, help="articles, JSON Lines")
    ap.add_argument("--gold", help='gold labels, JSON Lines {"id": ..., "cluster": ...}')
    ap.add_argument("--threshold", type=float, default=0.3, help="cosine to join a cluster (default 0.3)")
    ap.add_argument("--sweep", action="store_true",
                    help="try thresholds 0.10..0.60 step 0.05, report the ORACLE-tuned best")
    ap.add_argument("--time-only", action="store_true", help="throughput only, no gold needed")
    ap.add_argument("--limit", type=int, default=0, help="use the first N articles only")
    ap.add_argument("--json", action="store_true", help="metrics as JSON (one object per threshold)")
    ap.add_argument("--online-idf", action="store_true",
                    help="diagnostic: idf from the articles so far only (as trilat), not the whole set")
    a = ap.parse_args()
    if not a.time_only and not a.gold:
        ap.error("--gold FILE is required (or --time-only)")
    if not 0 < a.threshold <= 1:
        ap.error("--threshold must be in (0, 1]")

    t0 = time.perf_counter()
    try:
        ids, docs = load_articles(a.articles, a.limit or None)
        gold = load_gold(a.gold) if a.gold else None
    except (OSError, ValueError) as exc:
        sys.stderr.write("baseline_cluster.py: %s\n" % exc)
        return 1
    t1 = time.perf_counter()
    X = vectorize(docs, a.online_idf)
    idf_note = "idf of the articles so far" if a.online_idf else "idf fitted on the whole set"
    del docs
    t2 = time.perf_counter()

    if a.time_only or not a.sweep:
        labels, k = cluster(X, a.threshold)
        t3 = time.perf_counter()
        n = X.shape[0]
        rate = n / (t3 - t1) if t3 > t1 else 0.0
        sizes = np.bincount(labels, minlength=k) if n else np.zeros(0, dtype=np.int64)
        largest = int(sizes.max()) if n else 0
        in_multi = int(sizes[sizes > 1].sum()) if n else 0
        if a.json:
            o = {"articles": n, "clusters": k, "threshold": a.threshold,
                 "largest_cluster": largest, "in_clusters_of_2_plus": in_multi,
                 "load_seconds": t1 - t0, "vectorize_seconds": t2 - t1,
                 "cluster_seconds": t3 - t2, "articles_per_second": rate,
                 "vocabulary": X.shape[1]}
            if not a.time_only:
                o.update(score_run(ids, labels, gold))
            print(json.dumps(o))
            return 0
        if not a.time_only:
            print_metrics(score_run(ids, labels, gold),
                          "baseline tfidf-centroid threshold=%.2f (%s)" % (a.threshold, idf_note))
        print("baseline: %d articles, %d clusters (largest %d, %d articles in clusters of 2+), "
              "vocabulary %d; load %.2f s, vectorize %.2f s, cluster %.2f s; "
              "%.0f articles/s (vectorize + cluster)"
              % (n, k, largest, in_multi, X.shape[1], t1 - t0, t2 - t1, t3 - t2, rate))
        return 0

    # sweep: oracle-tuned on the gold it is scored against
    results = []
    for step in range(11):
        thr = round(0.10 + 0.05 * step, 2)
        labels, _ = cluster(X, thr)
        m = score_run(ids, labels, gold)
        m["threshold"] = thr
        results.append(m)
    best = max(results, key=lambda m: (m["bcubed_f1"], -m["threshold"]))
    if a.json:
        print(json.dumps({"sweep": results, "oracle_best": best}))
        return 0
    print("threshold  B3-P   B3-R   B3-F1  PW-F1  clusters")
    for m in results:
        print("  %.2f    %.3f  %.3f  %.3f  %.3f  %d%s"
              % (m["threshold"], m["bcubed_precision"], m["bcubed_recall"], m["bcubed_f1"],
                 m["pairwise_f1"], m["predicted_clusters"], "  <- oracle best" if m is best else ""))
    print()
    print("ORACLE-TUNED best (threshold chosen on the gold labels it is scored against):")
    print_metrics(best, "baseline tfidf-centroid threshold=%.2f (oracle-tuned; %s)"
                  % (best["threshold"], idf_note))
    return 0


if __name__ == "__main__":
    sys.exit(main())
