/*
 * Reference for SgdEpochBenchmark: the same biased-MF SGD epoch written as a plain C loop, compiled
 * with gcc -O3 -march=native -ffast-math (so the dot product is vectorised with a SIMD reduction).
 * Same shape as the JMH benchmark: 943 users x 1682 items, 100,000 ratings 1..5 with power-law item
 * popularity, k = 64, triples shuffled once, each epoch visits blocks of 32 in a new random order.
 * Prints ns per rating per epoch (median of 15 timed epochs after 5 warm-up epochs).
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

#define USERS 943
#define ITEMS 1682
#define N 100000
#define K 64
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
    double times[20];
    double sink = 0;
    for (int e = 0; e < 20; e++) {
        for (int b = 0; b < nb; b++) order[b] = b;
        for (int a = nb - 1; a > 0; a--) {
            int b = (int) (uniform() * (a + 1));
            int t = order[a]; order[a] = order[b]; order[b] = t;
        }
        struct timespec t0, t1;
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
        times[e] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / N;
        sink += sq;
    }
    qsort(times + 5, 15, sizeof(double), cmp);
    printf("C reference SGD epoch, k = %d: median %.2f ns/rating (min %.2f, max %.2f) [sq %.3g]\n", K, times[5 + 7],
           times[5], times[19], sink);
    return 0;
}
