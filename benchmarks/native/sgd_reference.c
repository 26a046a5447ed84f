/*
 * Reference for SgdEpochBenchmark: the same biased-MF SGD epoch written as a plain C loop, compiled
 * with gcc -O3 -march=native -ffast-math (so the dot product is vectorised with a SIMD reduction).
 * Same shape as the JMH benchmark: 943 users x 1682 items, 100,000 ratings 1..5 with power-law item
 * popularity, k = 64 (or K), triples shuffled once, each epoch visits blocks of 32 in a new random order.
 * Prints ns per rating per epoch (median of 15 timed epochs after 5 warm-up epochs; also the minimum
 * in the thread's CPU time, steadier on a loaded machine). -DK=128 sets the factor count (default 64).
 *
 * Then the same plain loop user by user (users in a new random order, each user's ratings
 * consecutive: the Java trainer's order, one user at a time).
 *
 * Then the same epoch in the order the Java trainer uses (SgdKernels.mfUsers): each user's
 * ratings consecutive, users in a new random order per epoch, two users interleaved (one rating of
 * user A, then one of user B), each active user's row held in four AVX-512 registers (intrinsics,
 * so this part needs an AVX-512 machine and runs at k = 64 only). For an AVX2-only build on an
 * AVX-512 host add -mno-avx512f.
 *
 *   gcc -O3 -march=native -ffast-math -o /tmp/sgd_reference benchmarks/native/sgd_reference.c -lm
 *   /tmp/sgd_reference
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <immintrin.h>

#define USERS 943
#define ITEMS 1682
#define N 100000
#ifndef K
#define K 64
#endif
#define BLOCK 32

static uint64_t state = 7;
static uint64_t next(void) { /* splitmix64 */
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double uniform(void) { return (next() >> 11) * 0x1.0p-53; }

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(void) {
    static int us[N], is[N], order[N / BLOCK + 1];
    static float rs[N];
    static float p[USERS * K] __attribute__((aligned(64)));
    static float q[ITEMS * K] __attribute__((aligned(64)));
    static float bu[USERS], bi[ITEMS];
    double cum[ITEMS], tot = 0;
    for (int i = 0; i < ITEMS; i++) {
        tot += pow(i + 1, -0.8);
        cum[i] = tot;
    }
    for (int n = 0; n < N; n++) {
        us[n] = (int) (uniform() * USERS);
        double x = uniform() * tot;
        int lo = 0, hi = ITEMS - 1;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (cum[mid] < x) lo = mid + 1; else hi = mid;
        }
        is[n] = lo;
        rs[n] = 1 + (int) (uniform() * 5);
    }
    for (int a = N - 1; a > 0; a--) { /* shuffle once */
        int b = (int) (uniform() * (a + 1));
        int t = us[a]; us[a] = us[b]; us[b] = t;
        t = is[a]; is[a] = is[b]; is[b] = t;
        float r = rs[a]; rs[a] = rs[b]; rs[b] = r;
    }
    for (int j = 0; j < USERS * K; j++) p[j] = (float) ((uniform() - 0.5) * 0.02);
    for (int j = 0; j < ITEMS * K; j++) q[j] = (float) ((uniform() - 0.5) * 0.02);
    const float mu = 3.0f, lr = 0.005f, keep = 1.0f - 0.005f * 0.08f, regb = 0.05f;
    const int nb = (N + BLOCK - 1) / BLOCK;
    double times[20], cpus[20];
    double sink = 0;
    for (int e = 0; e < 20; e++) {
        for (int b = 0; b < nb; b++) order[b] = b;
        for (int a = nb - 1; a > 0; a--) {
            int b = (int) (uniform() * (a + 1));
            int t = order[a]; order[a] = order[b]; order[b] = t;
        }
        struct timespec t0, t1, c0, c1;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        double sq = 0;
        for (int b = 0; b < nb; b++) {
            int start = order[b] * BLOCK, end = start + BLOCK < N ? start + BLOCK : N;
            for (int n = start; n < end; n++) {
                float *pu = p + us[n] * K, *qi = q + is[n] * K;
                float dot = 0;
                for (int f = 0; f < K; f++) dot += pu[f] * qi[f];
                float bui = bu[us[n]], bii = bi[is[n]];
                float err = rs[n] - (mu + bui + bii + dot);
                sq += err * err;
                float le = lr * err;
                for (int f = 0; f < K; f++) {
                    float pf = pu[f], qf = qi[f];
                    pu[f] = keep * pf + le * qf;
                    qi[f] = keep * qf + le * pf;
                }
                bu[us[n]] = bui + lr * (err - regb * bui);
                bi[is[n]] = bii + lr * (err - regb * bii);
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
        times[e] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / N;
        cpus[e] = ((c1.tv_sec - c0.tv_sec) * 1e9 + (c1.tv_nsec - c0.tv_nsec)) / N;
        sink += sq;
    }
    qsort(times + 5, 15, sizeof(double), cmp);
    qsort(cpus + 5, 15, sizeof(double), cmp);
    printf("C reference SGD epoch, k = %d: median %.2f ns/rating (min %.2f, max %.2f; thread CPU time min %.2f)"
           " [sq %.3g]\n", K, times[5 + 7], times[5], times[19], cpus[5], sink);

    {
        /* The same plain loop in the Java trainer's order: users in a new random order per epoch,
         * each user's ratings consecutive (one user at a time, so each rating waits for the
         * previous update of the same user's row). Any x86 build. */
        static int ustart[USERS + 1], ugi[N], uo[USERS], ufill[USERS];
        static float ugr[N];
        for (int n = 0; n < N; n++) ustart[us[n] + 1]++;
        for (int u = 0; u < USERS; u++) ustart[u + 1] += ustart[u];
        for (int u = 0; u < USERS; u++) ufill[u] = ustart[u];
        for (int n = 0; n < N; n++) { int d = ufill[us[n]]++; ugi[d] = is[n]; ugr[d] = rs[n]; }
        for (int u = 0; u < USERS; u++) uo[u] = u;
        double gt[20];
        for (int e = 0; e < 20; e++) {
            for (int a = USERS - 1; a > 0; a--) {
                int b = (int) (uniform() * (a + 1));
                int t = uo[a]; uo[a] = uo[b]; uo[b] = t;
            }
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            double sq = 0;
            for (int x = 0; x < USERS; x++) {
                int u = uo[x];
                float *pu = p + u * K;
                for (int n = ustart[u]; n < ustart[u + 1]; n++) {
                    float *qi = q + ugi[n] * K;
                    float dot = 0;
                    for (int f = 0; f < K; f++) dot += pu[f] * qi[f];
                    float bui = bu[u], bii = bi[ugi[n]];
                    float err = ugr[n] - (mu + bui + bii + dot);
                    sq += err * err;
                    float le = lr * err;
                    for (int f = 0; f < K; f++) {
                        float pf = pu[f], qf = qi[f];
                        pu[f] = keep * pf + le * qf;
                        qi[f] = keep * qf + le * pf;
                    }
                    bu[u] = bui + lr * (err - regb * bui);
                    bi[ugi[n]] = bii + lr * (err - regb * bii);
                }
            }
            clock_gettime(CLOCK_MONOTONIC, &t1);
            gt[e] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / N;
            sink += sq;
        }
        qsort(gt + 5, 15, sizeof(double), cmp);
        printf("C plain loop, user by user (the Java trainer's order, one user at a time), k = %d: median %.2f ns/rating"
               " (min %.2f) [sq %.3g]\n", K, gt[5 + 7], gt[5], sink);
    }

#if defined(__AVX512F__) && K == 64
    /* user-grouped copy: stable counting sort by user */
    static int start[USERS + 1], gi[N], uord[USERS], fill[USERS];
    static float gr[N];
    for (int n = 0; n < N; n++) start[us[n] + 1]++;
    for (int u = 0; u < USERS; u++) start[u + 1] += start[u];
    for (int u = 0; u < USERS; u++) fill[u] = start[u];
    for (int n = 0; n < N; n++) { int d = fill[us[n]]++; gi[d] = is[n]; gr[d] = rs[n]; }
    for (int u = 0; u < USERS; u++) uord[u] = u;
    for (int e = 0; e < 20; e++) {
        for (int a = USERS - 1; a > 0; a--) {
            int b = (int) (uniform() * (a + 1));
            int t = uord[a]; uord[a] = uord[b]; uord[b] = t;
        }
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        double sq = 0;
        int next = 0, ua = -1, na = 0, ea = 0, ub = -1, nb = 0, eb = 0;
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        float bua = 0, bub = 0;
        const __m512 kv = _mm512_set1_ps(keep);
#define LOADROW(r0, r1, r2, r3, ptr) r0 = _mm512_loadu_ps(ptr); r1 = _mm512_loadu_ps((ptr) + 16); \
        r2 = _mm512_loadu_ps((ptr) + 32); r3 = _mm512_loadu_ps((ptr) + 48)
#define STOREROW(r0, r1, r2, r3, ptr) _mm512_storeu_ps(ptr, r0); _mm512_storeu_ps((ptr) + 16, r1); \
        _mm512_storeu_ps((ptr) + 32, r2); _mm512_storeu_ps((ptr) + 48, r3)
#define STEP(r0, r1, r2, r3, bx, nx) { \
            int i = gi[nx]; float *qi = q + i * K; __m512 c0, c1, c2, c3; LOADROW(c0, c1, c2, c3, qi); \
            __m512 s = _mm512_add_ps(_mm512_fmadd_ps(r2, c2, _mm512_mul_ps(r0, c0)), \
                                     _mm512_fmadd_ps(r3, c3, _mm512_mul_ps(r1, c1))); \
            float bii = bi[i]; float err = gr[nx] - ((mu + bx + bii) + _mm512_reduce_add_ps(s)); \
            sq += err * err; __m512 le = _mm512_set1_ps(lr * err); \
            STOREROW(_mm512_fmadd_ps(r0, le, _mm512_mul_ps(c0, kv)), _mm512_fmadd_ps(r1, le, _mm512_mul_ps(c1, kv)), \
                     _mm512_fmadd_ps(r2, le, _mm512_mul_ps(c2, kv)), _mm512_fmadd_ps(r3, le, _mm512_mul_ps(c3, kv)), qi); \
            r0 = _mm512_fmadd_ps(c0, le, _mm512_mul_ps(r0, kv)); r1 = _mm512_fmadd_ps(c1, le, _mm512_mul_ps(r1, kv)); \
            r2 = _mm512_fmadd_ps(c2, le, _mm512_mul_ps(r2, kv)); r3 = _mm512_fmadd_ps(c3, le, _mm512_mul_ps(r3, kv)); \
            bx = bx + lr * (err - regb * bx); bi[i] = bii + lr * (err - regb * bii); nx++; }
        for (;;) {
            while (na == ea && next < USERS) {
                if (ua >= 0) { STOREROW(a0, a1, a2, a3, p + ua * K); bu[ua] = bua; }
                ua = uord[next++]; na = start[ua]; ea = start[ua + 1];
                LOADROW(a0, a1, a2, a3, p + ua * K); bua = bu[ua];
            }
            while (nb == eb && next < USERS) {
                if (ub >= 0) { STOREROW(b0, b1, b2, b3, p + ub * K); bu[ub] = bub; }
                ub = uord[next++]; nb = start[ub]; eb = start[ub + 1];
                LOADROW(b0, b1, b2, b3, p + ub * K); bub = bu[ub];
            }
            if (na == ea && nb == eb) break;
            if (na < ea) STEP(a0, a1, a2, a3, bua, na)
            if (nb < eb) STEP(b0, b1, b2, b3, bub, nb)
        }
        if (ua >= 0) { STOREROW(a0, a1, a2, a3, p + ua * K); bu[ua] = bua; }
        if (ub >= 0) { STOREROW(b0, b1, b2, b3, p + ub * K); bu[ub] = bub; }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        times[e] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / N;
        sink += sq;
    }
    qsort(times + 5, 15, sizeof(double), cmp);
    printf("C AVX-512 intrinsics, users interleaved two at a time, k = %d: median %.2f ns/rating (min %.2f, max %.2f) [sq %.3g]\n", K,
           times[5 + 7], times[5], times[19], sink);
#else
    printf("C AVX-512 intrinsics, users interleaved two at a time: skipped (compiled without AVX-512)\n");
#endif
    return 0;
}
