/* test_mh.c -- unit tests for src/mh.c: MinHash estimates and LSH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "err.h"
#include "mh.h"

/* Token streams whose shingle sets have a known Jaccard similarity: a and
 * b share `common` tokens, then each has `own` tokens of its own. */
static void make_pair(uint64_t *a, uint64_t *b, size_t common, size_t own, uint64_t seed) {
    for (size_t i = 0; i < common; i++) a[i] = b[i] = seed * 1000003u + i;
    for (size_t i = 0; i < own; i++) {
        a[common + i] = seed * 7919u + 1000000u + i;
        b[common + i] = seed * 7919u + 2000000u + i;
    }
}

static void test_estimate_accuracy(void **st) {
    (void)st;
    /* shingles: common-3 shared, (own) distinct each side (plus boundary) */
    size_t commons[] = {20, 100, 300, 600};
    double total_err = 0;
    int trials = 0;
    for (size_t c = 0; c < 4; c++) {
        for (uint64_t seed = 1; seed <= 25; seed++) {
            size_t common = commons[c], own = 300;
            uint64_t *a = malloc((common + own) * sizeof(uint64_t));
            uint64_t *b = malloc((common + own) * sizeof(uint64_t));
            make_pair(a, b, common, own, seed);
            mh_sig sa, sb;
            mh_signature(a, common + own, &sa);
            mh_signature(b, common + own, &sb);
            double shared = (double)(common - MH_SHINGLE + 1);
            double each = (double)(common + own - MH_SHINGLE + 1);
            double j = shared / (2 * each - shared);
            double est = mh_jaccard(&sa, &sb);
            /* 4 standard errors at K = 64 */
            double se = sqrt(j * (1 - j) / MH_K);
            assert_true(fabs(est - j) <= 4 * se + 0.02);
            total_err += fabs(est - j);
            trials++;
            free(a);
            free(b);
        }
    }
    assert_true(total_err / trials < 0.06);   /* mean error */
}

/* mh_signature as specified in mh.c, one function at a time: the
 * optimized loop must give exactly these values (signatures are stored,
 * so a change would make old and new articles incomparable). */
static uint64_t ref_mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static void ref_signature(const uint64_t *th, size_t n, mh_sig *out) {
    for (int i = 0; i < MH_K; i++) out->v[i] = UINT32_MAX;
    out->nshingles = 0;
    for (size_t t = 0; t + MH_SHINGLE <= n; t++) {
        uint64_t h = 0x9E3779B97F4A7C15ULL;
        for (int k = 0; k < MH_SHINGLE; k++) h = ref_mix64(h ^ th[t + k]) + (uint64_t)k;
        uint32_t x = (uint32_t)h, b = (uint32_t)(h >> 32) | 1u;
        for (int i = 0; i < MH_K; i++) {
            if (x < out->v[i]) out->v[i] = x;
            x += b;
        }
        out->nshingles++;
    }
}

static void test_matches_reference(void **st) {
    (void)st;
    uint64_t h[700], s = 1;
    for (size_t i = 0; i < 700; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        h[i] = s ^ (s >> 29);
    }
    for (size_t n = 0; n <= 700; n += n < 20 ? 1 : 37) {
        mh_sig got, want;
        mh_signature(h, n, &got);
        ref_signature(h, n, &want);
        assert_int_equal(got.nshingles, want.nshingles);
        assert_memory_equal(got.v, want.v, sizeof(got.v));
    }
}

static void test_identical_and_short(void **st) {
    (void)st;
    uint64_t a[50];
    for (int i = 0; i < 50; i++) a[i] = (uint64_t)i * 31;
    mh_sig s1, s2, tiny;
    mh_signature(a, 50, &s1);
    mh_signature(a, 50, &s2);
    assert_true(mh_jaccard(&s1, &s2) == 1.0);
    mh_signature(a, MH_SHINGLE - 1, &tiny);
    assert_int_equal(tiny.nshingles, 0);
    assert_true(mh_jaccard(&s1, &tiny) == 0.0);
}

static void test_lsh_finds_near_duplicates(void **st) {
    (void)st;
    mh_index *ix = mh_index_new();
    assert_non_null(ix);
    uint64_t base[400], copy[400], other[400];
    for (int i = 0; i < 400; i++) {
        base[i] = 5000 + (uint64_t)i;
        copy[i] = base[i];
        other[i] = 90000 + (uint64_t)i;
    }
    for (int i = 0; i < 400; i += 40) copy[i] = 777777 + (uint64_t)i;   /* light edits */
    mh_sig sb, sc, so;
    mh_signature(base, 400, &sb);
    mh_signature(copy, 400, &sc);
    mh_signature(other, 400, &so);
    assert_int_equal(mh_index_add(ix, 1, &sb), TL_OK);
    assert_int_equal(mh_index_add(ix, 2, &so), TL_OK);
    for (uint32_t id = 10; id < 2000; id++) {            /* noise, forces growth */
        uint64_t t[30];
        for (int i = 0; i < 30; i++) t[i] = id * 100000u + (uint64_t)i;
        mh_sig s;
        mh_signature(t, 30, &s);
        assert_int_equal(mh_index_add(ix, id, &s), TL_OK);
    }
    uint32_t out[16];
    size_t n = mh_index_query(ix, &sc, out, 16);
    int found = 0;
    for (size_t i = 0; i < n && i < 16; i++) {
        if (out[i] == 1) found = 1;
        assert_true(out[i] != 2);
    }
    assert_true(found);
    assert_true(mh_jaccard(&sb, &sc) >= MH_NEAR_DUP);
    assert_true(mh_jaccard(&sb, &so) < 0.1);
    mh_index_free(ix);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_estimate_accuracy),
        cmocka_unit_test(test_identical_and_short),
        cmocka_unit_test(test_lsh_finds_near_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
