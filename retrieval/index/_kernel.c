/* One compiled pass per query for InvertedBM25: scores and top-k selection.
 *
 * Exactness contract (see bm25.py): every document receives exactly the float64
 * additions the numpy path makes, in query order:
 *     score(d) = (((0 + c_0(d)) + c_1(d)) + ...)   c_j(d) = q_j * w(t_j, d)  if d holds t_j
 *                                                         = q_j * miss_j     otherwise
 * where miss_j is 0 (Okapi, L: the addition is skipped, x + 0.0 == x) or idf * delta
 * (Plus).  With q_j == 1.0 the product is exact, so unweighted scores are rank_bm25's.
 * The module is built with -ffp-contract=off so no fused multiply-add changes a
 * rounding.  Ties are ordered by ascending document id (a stable argsort of -scores).
 *
 * Weights come either as float64 per posting or, for Okapi and Plus (whose weight is
 * idf * f(tf, document length) in rank_bm25's own expression), as a uint16 index per
 * posting into a table of f: w = idf[t] * gain[gain_index[p]], the same product
 * the numpy path computes.
 *
 * The score buffer (float64, one slot per document) is owned by the caller and reused
 * across queries: it is all zero on entry and left all zero on return.  For Plus a
 * uint8 "stamp" per document records how many query terms were already added to its
 * slot, so the misses of the terms it lacks are added lazily, in order ("catch-up").
 *
 * Two ways to select, both exact:
 *   sparse: revisit only the documents in the query's postings, zeroing each slot as it
 *           is read; valid when k of them score above `base` (the score of a document
 *           holding no query term), since every other document scores <= base;
 *   dense:  one pass over every document with the heap, tile by tile in a private
 *           buffer that stays in the cache (the caller's is not touched), zeroing
 *           unconditionally (a conditional store measured several times slower).
 * Sparse is tried when the query's postings number at most sparse_ratio * n_docs; if
 * it finds fewer than k documents above base, the query is scored again and run dense.
 * Pruning (below) is tried first when they number at most prune_scope * n_docs: a
 * separate share, since sparse selection's random reads into a buffer larger than the
 * cache cost more than a dense pass long before pruning stops paying.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct {
    const int64_t *offsets;
    const uint32_t *doc_ids;
    const double *weights;  /* rank_bm25's contribution per posting, or NULL: */
    const uint16_t *gain_index; /* ... then w = idf[t] * gain[gain_index[p]] */
    const double *gain;
    const double *idf;
    const int64_t *terms;   /* term id per query occurrence */
    const double *qweights; /* NULL: all 1.0 */
    const double *qmiss;    /* q_j * miss_j per occurrence; NULL when all are 0 */
    const double *bound;    /* per term: its largest posting weight, < 0 if any is < 0 */
    Py_ssize_t m;
    double *buf;            /* document d's slot: buf[d - off] (its stamp likewise) */
    uint8_t *stamp;
    uint32_t off;
    Py_ssize_t tile;        /* documents per tile of the dense pass (>= 1) */
    Py_ssize_t n_docs;
    Py_ssize_t k;
    int64_t *out_ids;
    double *out_scores;
} query_t;

/* ---------------------------------------------------------------- heap of the k best
 * A heap whose root is the worst kept entry: lower score, or equal score and higher id. */

static inline int ranks_before(double sa, int64_t da, double sb, int64_t db) {
    return sa > sb || (sa == sb && da < db);
}

static void sift_down(double *s, int64_t *d, Py_ssize_t n, Py_ssize_t i) {
    double vs = s[i];
    int64_t vd = d[i];
    for (;;) {
        Py_ssize_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && ranks_before(s[c], d[c], s[c + 1], d[c + 1])) c++;  /* worse child */
        if (!ranks_before(vs, vd, s[c], d[c])) break;
        s[i] = s[c];
        d[i] = d[c];
        i = c;
    }
    s[i] = vs;
    d[i] = vd;
}

static void sift_up(double *s, int64_t *d, Py_ssize_t i) {
    double vs = s[i];
    int64_t vd = d[i];
    while (i > 0) {
        Py_ssize_t p = (i - 1) / 2;
        if (!ranks_before(s[p], d[p], vs, vd)) break;  /* parent already worse */
        s[i] = s[p];
        d[i] = d[p];
        i = p;
    }
    s[i] = vs;
    d[i] = vd;
}

typedef struct {
    double *s;
    int64_t *d;
    Py_ssize_t n, k;
} heap_t;

static inline void offer(heap_t *h, double s, int64_t d) {
    if (h->n < h->k) {
        h->s[h->n] = s;
        h->d[h->n] = d;
        sift_up(h->s, h->d, h->n++);
    } else if (ranks_before(s, d, h->s[0], h->d[0])) {
        h->s[0] = s;
        h->d[0] = d;
        sift_down(h->s, h->d, h->n, 0);
    }
}

/* In place: best first (heapsort: the worst goes to the back each round). */
static void heap_sort(heap_t *h) {
    for (Py_ssize_t end = h->n - 1; end > 0; end--) {
        double ts = h->s[0];
        int64_t td = h->d[0];
        h->s[0] = h->s[end];
        h->d[0] = h->d[end];
        h->s[end] = ts;
        h->d[end] = td;
        sift_down(h->s, h->d, end, 0);
    }
}

/* ---------------------------------------------------------------- scoring */

static inline double weight_at(const query_t *q, int64_t t, int64_t p) {
    return q->weights ? q->weights[p] : q->idf[t] * q->gain[q->gain_index[p]];
}

/* First p in [lo, hi) with ids[p] >= d: galloping from lo, then binary search. */
static inline int64_t lower_bound_from(const uint32_t *ids, int64_t lo, int64_t hi, uint32_t d) {
    if (lo >= hi || ids[lo] >= d) return lo;
    int64_t prev = lo, step = 1, probe = lo + 1;
    while (probe < hi && ids[probe] < d) {
        prev = probe;
        step <<= 1;
        probe = prev + step;
    }
    int64_t left = prev + 1, right = probe < hi ? probe : hi;
    while (left < right) {
        const int64_t mid = left + (right - left) / 2;
        if (ids[mid] < d) left = mid + 1;
        else right = mid;
    }
    return left;
}

/* Add every query occurrence's postings for documents below `end` into buf (plus lazy
 * misses for Plus), starting at cur[j] and leaving cur[j] at the first posting >= end.
 * Terms are added in query order within the range, so each document still receives
 * its additions in query order whatever the range. */
static void accumulate_until(const query_t *q, int64_t *cur, uint32_t end) {
    double *buf = q->buf;
    const uint32_t *ids = q->doc_ids;
    const double *w = q->weights;
    const uint16_t *gi = q->gain_index;
    const double *g = q->gain;
    const uint32_t off = q->off;
    for (Py_ssize_t j = 0; j < q->m; j++) {
        const int64_t t = q->terms[j];
        int64_t p = cur[j];
        const int64_t hi = lower_bound_from(ids, p, q->offsets[t + 1], end);
        if (q->qmiss == NULL) {
            const double qw = q->qweights ? q->qweights[j] : 1.0;
            if (w && q->qweights == NULL) {
                for (; p < hi; p++) buf[ids[p] - off] += w[p];
            } else if (w) {
                for (; p < hi; p++) buf[ids[p] - off] += qw * w[p];
            } else if (q->qweights == NULL) {
                const double idf = q->idf[t];
                for (; p < hi; p++) buf[ids[p] - off] += idf * g[gi[p]];
            } else {
                const double idf = q->idf[t];
                for (; p < hi; p++) buf[ids[p] - off] += qw * (idf * g[gi[p]]);
            }
        } else {
            uint8_t *stamp = q->stamp;
            const double qw = q->qweights ? q->qweights[j] : 1.0;
            for (; p < hi; p++) {
                const uint32_t d = ids[p] - off;
                double s = buf[d];
                for (uint8_t i = stamp[d]; i < j; i++) s += q->qmiss[i]; /* terms it lacks */
                const double wp = weight_at(q, t, p);
                buf[d] = q->qweights ? s + qw * wp : s + wp;
                stamp[d] = (uint8_t)(j + 1);
            }
        }
        cur[j] = p;
    }
}

static void start_cursors(const query_t *q, int64_t *cur) {
    for (Py_ssize_t j = 0; j < q->m; j++) cur[j] = q->offsets[q->terms[j]];
}

static void accumulate(const query_t *q, int64_t *cur) {
    start_cursors(q, cur);
    accumulate_until(q, cur, UINT32_MAX); /* every id is below: n_docs < UINT32_MAX */
}

/* A touched document's final score; resets its slot (and stamp) to zero. */
static inline double take(const query_t *q, uint32_t d) {
    d -= q->off;
    double s = q->buf[d];
    q->buf[d] = 0.0;
    if (q->qmiss) {
        for (Py_ssize_t i = q->stamp[d]; i < q->m; i++) s += q->qmiss[i];
        q->stamp[d] = 0;
    }
    return s;
}

/* Replaces the root by every score above it in b[lo, hi), the slots of documents
 * first + lo, ... (ids grow: an equal score never displaces the root); returns the new
 * root score. */
static inline double scan_block(heap_t *h, const double *b, Py_ssize_t first, Py_ssize_t lo,
                                Py_ssize_t hi, double worst) {
    for (Py_ssize_t i = lo; i < hi; i++) {
        if (b[i] > worst) {
            h->s[0] = b[i];
            h->d[0] = first + i;
            sift_down(h->s, h->d, h->n, 0);
            worst = h->s[0];
        }
    }
    return worst;
}

enum { BLOCK = 16 };

/* Explicit vector stores: memset() of 128 bytes measured three times slower here. */
static inline void zero_block(double *b) {
#if defined(__SSE2__)
    const __m128d z = _mm_setzero_pd();
    for (int i = 0; i < BLOCK; i += 2) _mm_storeu_pd(b + i, z);
#else
    for (int i = 0; i < BLOCK; i++) b[i] = 0.0;
#endif
}

/* Offers (and zeroes) the slot of every document in [lo, hi), in id order. */
static void select_range(const query_t *q, double base, heap_t *h, Py_ssize_t lo,
                         Py_ssize_t hi) {
    double *b = q->buf + (lo - q->off);
    const Py_ssize_t n = hi - lo;
    Py_ssize_t i = 0;
    if (q->qmiss == NULL) {
        for (; i < n && h->n < h->k; i++) {
            offer(h, b[i], lo + i);
            b[i] = 0.0;
        }
        if (i == n) return;
        double worst = h->s[0];
        /* Blocks of 16: one vector maximum decides whether any score beats the root,
         * (almost never, once the heap is warm); the block is zeroed either way. */
        for (; i + BLOCK <= n; i += BLOCK) {
            double *c = b + i;
#if defined(__SSE2__)
            __m128d m0 = _mm_max_pd(_mm_loadu_pd(c), _mm_loadu_pd(c + 2));
            __m128d m1 = _mm_max_pd(_mm_loadu_pd(c + 4), _mm_loadu_pd(c + 6));
            __m128d m2 = _mm_max_pd(_mm_loadu_pd(c + 8), _mm_loadu_pd(c + 10));
            __m128d m3 = _mm_max_pd(_mm_loadu_pd(c + 12), _mm_loadu_pd(c + 14));
            __m128d mx = _mm_max_pd(_mm_max_pd(m0, m1), _mm_max_pd(m2, m3));
            const int above = _mm_movemask_pd(_mm_cmpgt_pd(mx, _mm_set1_pd(worst)));
#else
            int above = 0;
            for (int k = 0; k < BLOCK; k++) above |= c[k] > worst;
#endif
            if (above) worst = scan_block(h, b, lo, i, i + BLOCK, worst);
            zero_block(c);
        }
        scan_block(h, b, lo, i, n, worst);
        memset(b + i, 0, sizeof(double) * (size_t)(n - i));
    } else {
        for (; i < n; i++) {
            const double s = q->stamp[lo + i - q->off] ? take(q, (uint32_t)(lo + i)) : base;
            offer(h, s, lo + i);
        }
    }
}

/* Score and select tile by tile, in a private buffer of TILE slots (and stamps) that
 * every tile uses in turn: it stays in the L1/L2 cache from the first addition to the
 * last read, and the caller's buffer (8 MB at a million documents) is never touched.
 * Reading and zeroing that whole buffer, tile by tile, was most of an empty query's
 * time (0.37 ms at 1M documents, 0.14 ms with the private tile) and a third of a
 * common-word query's (bench/peers.py, zipf mix at 1M: p50 ~1.8 -> ~1.25 ms).
 * Tiles of 4k-32k documents measured alike at 1M; 8k was best at 100k.  TILE * 9
 * bytes stays below malloc's mmap threshold, so the calloc per query is cheap.
 * TILE is bm25.py's _TILE_DOCS, passed in (tests force small tiles). */

/* tile: NULL to use the caller's buffer (an index of at most TILE documents), else
 * TILE zero slots followed by TILE zero stamps; left zero as well. */
static void select_dense(const query_t *q, double base, heap_t *h, int64_t *cur,
                         double *tile) {
    start_cursors(q, cur);
    query_t t = *q;
    if (tile) {
        t.buf = tile;
        t.stamp = q->stamp ? (uint8_t *)(tile + q->tile) : NULL;
    }
    for (Py_ssize_t lo = 0; lo < q->n_docs; lo += q->tile) {
        const Py_ssize_t hi = q->n_docs - lo > q->tile ? lo + q->tile : q->n_docs;
        if (tile) t.off = (uint32_t)lo;
        accumulate_until(&t, cur, (uint32_t)hi);
        select_range(&t, base, h, lo, hi);
    }
}

/* Offers every posting's document scoring above base; returns how many were offered. */
static void select_sparse(const query_t *q, double base, heap_t *h) {
    for (Py_ssize_t j = 0; j < q->m; j++) {
        const int64_t t = q->terms[j];
        int seen = 0;
        for (Py_ssize_t i = 0; i < j; i++) seen |= q->terms[i] == t;
        if (seen) continue;  /* a repeated term's documents were all taken already */
        const int64_t lo = q->offsets[t], hi = q->offsets[t + 1];
        for (int64_t p = lo; p < hi; p++) {
            const uint32_t d = q->doc_ids[p];
            if (q->qmiss ? q->stamp[d] == 0 : q->buf[d] == 0.0) continue;  /* taken */
            const double s = take(q, d);
            if (s > base) offer(h, s, d);
        }
    }
}

/* ---------------------------------------------------------------- pruning (MaxScore)
 *
 * For Okapi and L with non-negative weights, a document's score is at most the sum of
 * U_u = (sum of its occurrences' q) * bound[u] over the query terms u it holds.
 *  1. seeds: the documents of the terms with the largest U (until they hold >= k
 *     documents, and only while they are few) are scored exactly, by looking each
 *     query term up in its posting list (galloping: seeds are visited in id order);
 *     theta0 = their k-th best score, a lower bound of the true k-th best;
 *  2. non-essential terms: the smallest-U terms whose U sum (R_N, with a margin for
 *     rounding) stays below theta0: a document holding only those cannot enter the
 *     top k, and their (long) posting lists are never walked;
 *  3. the other terms' postings are added into the buffer (partial scores, seeds
 *     masked), and only documents with partial + R_N >= theta0 are scored exactly.
 *     Pruning gives up when those postings exceed prune_ratio * n_docs (0: never try);
 *     it is only tried for queries whose postings are at most prune_scope * n_docs.
 * Exact scores add the same products in query order as accumulate(), so the result
 * equals the exhaustive one bit for bit; every skipped document scores strictly below
 * k scored ones.  Any step that finds too much work gives up, leaving the buffer zero,
 * and the query runs unpruned. */

enum { PRUNE_MAX_TERMS = 64, PRUNE_MAX_SEEDS = 4096, PRUNE_MAX_CANDIDATES = 8192 };
#define PRUNE_MARGIN 1e-12 /* relative; rounding of <= 64 positive additions is < 1e-14 */

/* The posting of d in [*cur, hi) or -1; *cur moves to the first id >= d. */
static inline int64_t find_from(const uint32_t *ids, int64_t *cur, int64_t hi, uint32_t d) {
    const int64_t p = lower_bound_from(ids, *cur, hi, d);
    *cur = p;
    return p < hi && ids[p] == d ? p : -1;
}

/* d's score with the additions of accumulate(), in query order. cur: per occurrence. */
static double exact_score(const query_t *q, int64_t *cur, uint32_t d) {
    double s = 0.0;
    for (Py_ssize_t j = 0; j < q->m; j++) {
        const int64_t t = q->terms[j];
        const int64_t p = find_from(q->doc_ids, &cur[j], q->offsets[t + 1], d);
        if (p >= 0) s += q->qweights ? q->qweights[j] * weight_at(q, t, p) : weight_at(q, t, p);
    }
    return s;
}

static int cmp_u32(const void *a, const void *b) {
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

typedef struct {
    uint32_t d;
    double ub;
} cand_t;

static int cmp_cand(const void *a, const void *b) {
    return cmp_u32(&((const cand_t *)a)->d, &((const cand_t *)b)->d);
}

/* 1 when the heap holds the exact top k; 0 when pruning gave up (buffer left zero). */
static int run_pruned(const query_t *q, heap_t *h, double prune_ratio) {
    const Py_ssize_t m = q->m;
    if (q->qmiss || m > PRUNE_MAX_TERMS || m == 0 || h->k > PRUNE_MAX_SEEDS) return 0;
    /* unique terms with U = (sum of q) * bound */
    int64_t ut[PRUNE_MAX_TERMS];
    double uq[PRUNE_MAX_TERMS], U[PRUNE_MAX_TERMS];
    int role[PRUNE_MAX_TERMS]; /* 0 essential, 1 seed, 2 non-essential */
    Py_ssize_t r = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        const double qw = q->qweights ? q->qweights[j] : 1.0;
        if (qw < 0 || q->bound[q->terms[j]] < 0) return 0;
        Py_ssize_t i = 0;
        while (i < r && ut[i] != q->terms[j]) i++;
        if (i == r) {
            ut[r] = q->terms[j];
            uq[r++] = 0.0;
        }
        uq[i] += qw;
    }
    for (Py_ssize_t i = 0; i < r; i++) {
        U[i] = uq[i] * q->bound[ut[i]];
        role[i] = 0;
    }
    /* 1. seeds: largest U first, until their documents number >= k */
    int64_t seed_total = 0;
    while (seed_total < h->k) {
        Py_ssize_t best = -1;
        for (Py_ssize_t i = 0; i < r; i++)
            if (role[i] == 0 && (best < 0 || U[i] > U[best])) best = i;
        if (best < 0) return 0;
        role[best] = 1;
        seed_total += q->offsets[ut[best] + 1] - q->offsets[ut[best]];
        if (seed_total > PRUNE_MAX_SEEDS) return 0;
    }
    uint32_t *seeds = malloc(sizeof(uint32_t) * (size_t)(seed_total ? seed_total : 1));
    if (!seeds) return 0;
    Py_ssize_t n_seeds = 0;
    for (Py_ssize_t i = 0; i < r; i++)
        if (role[i] == 1)
            for (int64_t p = q->offsets[ut[i]]; p < q->offsets[ut[i] + 1]; p++)
                seeds[n_seeds++] = q->doc_ids[p];
    qsort(seeds, (size_t)n_seeds, sizeof(uint32_t), cmp_u32);
    int64_t cur[PRUNE_MAX_TERMS];
    for (Py_ssize_t j = 0; j < m; j++) cur[j] = q->offsets[q->terms[j]];
    Py_ssize_t unique = 0;
    for (Py_ssize_t i = 0; i < n_seeds; i++) {
        if (i && seeds[i] == seeds[i - 1]) continue;
        seeds[unique++] = seeds[i];
        offer(h, exact_score(q, cur, seeds[i]), seeds[i]);
    }
    n_seeds = unique;
    if (h->n < h->k || h->s[0] <= 0.0) {
        free(seeds);
        h->n = 0;
        return 0;
    }
    /* 2. non-essential terms: smallest U first while their sum stays below theta0 */
    const double theta0 = h->s[0];
    double rest = 0.0;
    for (;;) {
        Py_ssize_t low = -1;
        for (Py_ssize_t i = 0; i < r; i++)
            if (role[i] == 0 && (low < 0 || U[i] < U[low])) low = i;
        if (low < 0 || (rest + U[low]) * (1 + PRUNE_MARGIN) >= theta0) break;
        rest += U[low];
        role[low] = 2;
    }
    int64_t essential = 0;
    for (Py_ssize_t i = 0; i < r; i++)
        if (role[i] == 0) essential += q->offsets[ut[i] + 1] - q->offsets[ut[i]];
    if ((double)essential > prune_ratio * (double)q->n_docs) { /* plain pass is cheaper */
        free(seeds);
        h->n = 0;
        return 0;
    }
    /* 3. partial scores of the essential terms' documents; seeds masked with -inf */
    double *buf = q->buf;
    for (Py_ssize_t i = 0; i < n_seeds; i++) buf[seeds[i]] = -INFINITY;
    for (Py_ssize_t i = 0; i < r; i++) {
        if (role[i] != 0) continue;
        const double qw = uq[i];
        for (int64_t p = q->offsets[ut[i]]; p < q->offsets[ut[i] + 1]; p++)
            buf[q->doc_ids[p]] += qw * weight_at(q, ut[i], p);
    }
    cand_t *cands = malloc(sizeof(cand_t) * PRUNE_MAX_CANDIDATES);
    Py_ssize_t n_cands = 0;
    int overflow = cands == NULL;
    for (Py_ssize_t i = 0; i < r; i++) {
        if (role[i] != 0) continue;
        for (int64_t p = q->offsets[ut[i]]; p < q->offsets[ut[i] + 1]; p++) {
            const uint32_t d = q->doc_ids[p];
            const double partial = buf[d];
            buf[d] = 0.0;
            if (partial == 0.0 || partial == -INFINITY) continue; /* taken, or a seed */
            const double ub = (partial + rest) * (1 + PRUNE_MARGIN);
            if (ub < theta0 || overflow) continue;
            if (n_cands == PRUNE_MAX_CANDIDATES) overflow = 1;
            else cands[n_cands++] = (cand_t){d, ub};
        }
    }
    for (Py_ssize_t i = 0; i < n_seeds; i++) buf[seeds[i]] = 0.0;
    free(seeds);
    if (overflow) {
        free(cands);
        h->n = 0;
        return 0;
    }
    qsort(cands, (size_t)n_cands, sizeof(cand_t), cmp_cand);
    for (Py_ssize_t j = 0; j < m; j++) cur[j] = q->offsets[q->terms[j]];
    for (Py_ssize_t i = 0; i < n_cands; i++)
        if (cands[i].ub >= h->s[0]) offer(h, exact_score(q, cur, cands[i].d), cands[i].d);
    free(cands);
    return 1;
}

static Py_ssize_t run_query(const query_t *q, double base, int sparse, int prune,
                            double prune_ratio) {
    heap_t h = {q->out_scores, q->out_ids, 0, q->k};
    /* pruning is tried only for queries with few postings (bench/peers.py measured it
     * slower on long ones, whose dense pass is cheaper than its look-ups) */
    if (prune && prune_ratio > 0 && q->bound && run_pruned(q, &h, prune_ratio)) {
        heap_sort(&h);
        return h.n;
    }
    int64_t *cur = malloc(sizeof(int64_t) * (size_t)(q->m ? q->m : 1));
    if (!cur) return -1;
    double *tile = NULL;
    if (q->n_docs > q->tile) {
        tile = calloc((size_t)q->tile, sizeof(double) + 1); /* slots, then stamps */
        if (!tile) {
            free(cur);
            return -1;
        }
    }
    if (sparse) {
        accumulate(q, cur);
        select_sparse(q, base, &h);
        if (h.n < h.k) { /* documents at or below base are needed: score again, densely */
            h.n = 0;
            select_dense(q, base, &h, cur, tile);
        }
    } else {
        select_dense(q, base, &h, cur, tile);
    }
    free(cur);
    free(tile);
    heap_sort(&h);
    return h.n;
}

/* ---------------------------------------------------------------- Python binding */

typedef struct {
    Py_buffer views[20];
    int used;
} views_t;

static void release_all(views_t *v) {
    for (int i = 0; i < v->used; i++) PyBuffer_Release(&v->views[i]);
    v->used = 0;
}

/* A C-contiguous buffer of items of `itemsize` bytes (and format char, when given). */
static void *view(views_t *v, PyObject *obj, Py_ssize_t itemsize, const char *formats,
                  int writable, Py_ssize_t *length, const char *name) {
    if (obj == Py_None) {
        *length = 0;
        return NULL;
    }
    Py_buffer *b = &v->views[v->used];
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, b, flags) < 0) return NULL;
    v->used++;
    const char *f = b->format ? b->format : "B";
    if (*f == '<' || *f == '=' || *f == '@') f++;
    if (b->itemsize != itemsize || strchr(formats, *f) == NULL || f[1] != '\0') {
        PyErr_Format(PyExc_TypeError, "%s: unexpected item format %s", name, b->format);
        return NULL;
    }
    *length = b->len / itemsize;
    return b->buf;
}

static PyObject *kernel_top_k(PyObject *self, PyObject *args) {
    PyObject *o_offsets, *o_doc_ids, *o_weights, *o_gain_index, *o_gain, *o_idf, *o_bound,
        *o_terms, *o_qweights, *o_qmiss, *o_buf, *o_stamp, *o_ids, *o_scores;
    double sparse_ratio, prune_ratio, prune_scope;
    Py_ssize_t tile;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOOOdddn", &o_offsets, &o_doc_ids, &o_weights,
                          &o_gain_index, &o_gain, &o_idf, &o_bound, &o_terms, &o_qweights,
                          &o_qmiss, &o_buf, &o_stamp, &o_ids, &o_scores, &sparse_ratio,
                          &prune_ratio, &prune_scope, &tile))
        return NULL;
    views_t v = {.used = 0};
    query_t q;
    Py_ssize_t n_offsets, n_postings, n_weights, n_gi, n_gain, n_idf, n_bound, n_qw, n_qm,
        n_stamp, n_ids, n_scores;
    q.offsets = view(&v, o_offsets, 8, "qlL", 0, &n_offsets, "offsets");
    if (PyErr_Occurred()) goto fail;
    q.doc_ids = view(&v, o_doc_ids, 4, "iIlL", 0, &n_postings, "doc_ids");
    if (PyErr_Occurred()) goto fail;
    q.weights = view(&v, o_weights, 8, "d", 0, &n_weights, "weights");
    if (PyErr_Occurred()) goto fail;
    q.gain_index = view(&v, o_gain_index, 2, "H", 0, &n_gi, "gain_index");
    if (PyErr_Occurred()) goto fail;
    q.gain = view(&v, o_gain, 8, "d", 0, &n_gain, "gain");
    if (PyErr_Occurred()) goto fail;
    q.idf = view(&v, o_idf, 8, "d", 0, &n_idf, "idf");
    if (PyErr_Occurred()) goto fail;
    q.bound = view(&v, o_bound, 8, "d", 0, &n_bound, "bound");
    if (PyErr_Occurred()) goto fail;
    q.terms = view(&v, o_terms, 8, "qlL", 0, &q.m, "terms");
    if (PyErr_Occurred()) goto fail;
    q.qweights = view(&v, o_qweights, 8, "d", 0, &n_qw, "qweights");
    if (PyErr_Occurred()) goto fail;
    q.qmiss = view(&v, o_qmiss, 8, "d", 0, &n_qm, "qmiss");
    if (PyErr_Occurred()) goto fail;
    q.buf = view(&v, o_buf, 8, "d", 1, &q.n_docs, "buf");
    if (PyErr_Occurred()) goto fail;
    q.stamp = view(&v, o_stamp, 1, "Bb?", 1, &n_stamp, "stamp");
    if (PyErr_Occurred()) goto fail;
    q.out_ids = view(&v, o_ids, 8, "qlL", 1, &n_ids, "out_ids");
    if (PyErr_Occurred()) goto fail;
    q.out_scores = view(&v, o_scores, 8, "d", 1, &n_scores, "out_scores");
    if (PyErr_Occurred()) goto fail;
    q.k = n_ids < n_scores ? n_ids : n_scores;
    if (q.k > q.n_docs) q.k = q.n_docs;

    /* Check everything the loops index with, so that no input reads out of bounds;
     * doc ids < n_docs and gain indexes < len(gain) are checked once, when the index is
     * built or loaded (bm25.py). */
    const char *bad = NULL;
    Py_ssize_t n_terms = n_offsets - 1;
    if (!q.offsets || !q.doc_ids || !q.idf || !q.terms || !q.buf || !q.out_ids || !q.out_scores)
        bad = "a required array is None";
    else if (n_offsets < 1 || q.offsets[0] != 0 || q.offsets[n_terms] != n_postings ||
             n_idf != n_terms)
        bad = "offsets, doc_ids and idf do not fit together";
    else if (q.weights ? n_weights != n_postings
                       : (!q.gain_index || !q.gain || n_gi != n_postings || n_gain < 1))
        bad = "weights (or gain_index and gain) do not match doc_ids";
    else if (q.n_docs >= (Py_ssize_t)UINT32_MAX)
        bad = "too many documents for uint32 ids";
    else if (q.bound && n_bound != n_terms)
        bad = "bound must have one entry per term";
    else if (tile < 1 || tile > ((Py_ssize_t)1 << 26))
        bad = "tile must hold 1 to 2**26 documents";
    else if (q.qweights && n_qw != q.m)
        bad = "qweights must have one entry per query term";
    else if (q.qmiss && (n_qm != q.m || n_stamp != q.n_docs || q.m > 255))
        bad = "qmiss needs one entry per term (at most 255) and a stamp per document";
    for (Py_ssize_t j = 0; !bad && j < q.m; j++)
        if (q.terms[j] < 0 || q.terms[j] >= n_terms) bad = "term id out of range";
    if (bad) {
        PyErr_SetString(PyExc_ValueError, bad);
        goto fail;
    }
    if (!q.qmiss) q.stamp = NULL;
    q.off = 0; /* the caller's buffer: slot d is document d */
    q.tile = tile;
    /* sparse selection pays while the postings are few next to the documents */
    int64_t touched = 0;
    for (Py_ssize_t j = 0; j < q.m; j++) touched += q.offsets[q.terms[j] + 1] - q.offsets[q.terms[j]];
    const int sparse = (double)touched <= sparse_ratio * (double)q.n_docs;
    const int prune = (double)touched <= prune_scope * (double)q.n_docs;
    /* the score of a document holding no query term: its misses, added in order */
    double base = 0.0;
    for (Py_ssize_t j = 0; q.qmiss && j < q.m; j++) base += q.qmiss[j];
    Py_ssize_t count = 0;
    if (q.k > 0) {
        Py_BEGIN_ALLOW_THREADS
        count = run_query(&q, base, sparse, prune, prune_ratio);
        Py_END_ALLOW_THREADS
        if (count < 0) {
            release_all(&v);
            return PyErr_NoMemory();
        }
    }
    release_all(&v);
    return PyLong_FromSsize_t(count);
fail:
    release_all(&v);
    return NULL;
}

/* term_ids(docs, vocab, out) -> count: the build's token -> term id loop.
 *
 * For every token of every document (in order), out[i] = vocab[token], numbering an
 * unseen token len(vocab) and adding it: the same ids, in the same first-occurrence
 * order, as map(defaultdict(len).__getitem__, chain(*docs)) in bm25.py, without a
 * Python call per token (the build spent most of its time there).  Raises ValueError
 * when out is too short for the tokens. */
static PyObject *kernel_term_ids(PyObject *self, PyObject *args) {
    PyObject *docs, *vocab, *o_out;
    if (!PyArg_ParseTuple(args, "OO!O", &docs, &PyDict_Type, &vocab, &o_out)) return NULL;
    Py_buffer b;
    if (PyObject_GetBuffer(o_out, &b, PyBUF_WRITABLE | PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    const char *f = b.format ? b.format : "B";
    if (*f == '<' || *f == '=' || *f == '@') f++;
    if (b.itemsize != 8 || strchr("qlL", *f) == NULL || f[1] != '\0') {
        PyBuffer_Release(&b);
        PyErr_SetString(PyExc_TypeError, "out must be an int64 array");
        return NULL;
    }
    int64_t *out = (int64_t *)b.buf;
    const Py_ssize_t room = b.len / 8;
    Py_ssize_t filled = 0;
    PyObject *it = PyObject_GetIter(docs);
    if (!it) goto fail;
    PyObject *doc;
    while ((doc = PyIter_Next(it)) != NULL) {
        PyObject *seq = PySequence_Fast(doc, "every document must be a sequence of tokens");
        Py_DECREF(doc);
        if (!seq) goto fail_iter;
        const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        PyObject **tokens = PySequence_Fast_ITEMS(seq);
        if (n > room - filled) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "out is too short for the tokens");
            goto fail_iter;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *id = PyDict_GetItemWithError(vocab, tokens[i]);  /* borrowed */
            if (id) {
                const long long value = PyLong_AsLongLong(id);
                if (value == -1 && PyErr_Occurred()) {  /* not a dict this loop filled */
                    Py_DECREF(seq);
                    goto fail_iter;
                }
                out[filled++] = value;
                continue;
            }
            if (PyErr_Occurred()) {  /* unhashable token */
                Py_DECREF(seq);
                goto fail_iter;
            }
            const Py_ssize_t next = PyDict_GET_SIZE(vocab);
            PyObject *value = PyLong_FromSsize_t(next);
            if (!value || PyDict_SetItem(vocab, tokens[i], value) < 0) {
                Py_XDECREF(value);
                Py_DECREF(seq);
                goto fail_iter;
            }
            Py_DECREF(value);
            out[filled++] = next;
        }
        Py_DECREF(seq);
    }
    if (PyErr_Occurred()) goto fail_iter;
    Py_DECREF(it);
    PyBuffer_Release(&b);
    return PyLong_FromSsize_t(filled);
fail_iter:
    Py_DECREF(it);
fail:
    PyBuffer_Release(&b);
    return NULL;
}

static PyMethodDef methods[] = {
    {"term_ids", kernel_term_ids, METH_VARARGS,
     "term_ids(docs, vocab, out) -> count; see _kernel.c"},
    {"top_k", kernel_top_k, METH_VARARGS,
     "top_k(offsets, doc_ids, weights, gain_index, gain, idf, bound, terms, qweights, qmiss, "
     "buf, stamp, out_ids, out_scores, sparse_ratio, prune_ratio, prune_scope, tile) -> count; "
     "see _kernel.c"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernel",
                                    "Compiled BM25 query kernel (see _kernel.c).", -1, methods};

PyMODINIT_FUNC PyInit__kernel(void) { return PyModule_Create(&module); }
