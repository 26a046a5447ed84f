package dev.recsys.synth;

/**
 * Size and seed of a synthetic e-commerce data set made by {@link SyntheticGenerator}.
 *
 * @param users               number of users (every user has at least one session), 1..10,000,000
 * @param items               number of items, at least {@code categories}
 * @param categories          number of item categories, 2..100,000 (the first 30 have real names,
 *                            complement pairs and consumables; more are named {@code category-NN})
 * @param brands              number of brands, &gt;= 1
 * @param days                length of the period in days, 1..3650
 * @param meanSessionsPerUser mean number of shopping sessions per user, 1..1000
 * @param startEpochSeconds   start of the period, epoch seconds &gt;= 0
 * @param seed                random seed: the same configuration gives identical data
 *
 * <p>Thread safety: immutable.
 */
public record SyntheticConfig(int users, int items, int categories, int brands, int days, double meanSessionsPerUser,
                              long startEpochSeconds, long seed) {
    /** Default start: 2024-01-01T00:00:00Z. */
    public static final long DEFAULT_START = 1_704_067_200L;

    /** Validates. */
    public SyntheticConfig {
        if (users < 1 || users > 10_000_000) {
            throw new IllegalArgumentException("users must be in 1..10000000, got " + users);
        }
        if (categories < 2 || categories > 100_000) {
            throw new IllegalArgumentException("categories must be in 2..100000, got " + categories);
        }
        if (items < categories || items > 10_000_000) {
            throw new IllegalArgumentException("items must be in categories (" + categories + ")..10000000, got " + items);
        }
        if (brands < 1 || brands > 1_000_000) {
            throw new IllegalArgumentException("brands must be in 1..1000000, got " + brands);
        }
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("days must be in 1..3650, got " + days);
        }
        if (!(meanSessionsPerUser >= 1 && meanSessionsPerUser <= 1000)) {
            throw new IllegalArgumentException("meanSessionsPerUser must be in 1..1000, got " + meanSessionsPerUser);
        }
        if (startEpochSeconds < 0 || startEpochSeconds > 4_000_000_000L) {
            throw new IllegalArgumentException("startEpochSeconds must be in 0..4000000000, got " + startEpochSeconds);
        }
    }

    /**
     * The default: 2,000 users, 1,000 items, 24 categories, 40 brands, 60 days, 10 sessions per
     * user, seed 42 (about 100,000 events; generated in well under a second).
     */
    public static SyntheticConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().users(users).items(items).categories(categories).brands(brands).days(days)
                .meanSessionsPerUser(meanSessionsPerUser).startEpochSeconds(startEpochSeconds).seed(seed);
    }

    /**
     * Builds a {@link SyntheticConfig}; values are validated by {@link #build()}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private int users = 2000;
        private int items = 1000;
        private int categories = 24;
        private int brands = 40;
        private int days = 60;
        private double meanSessionsPerUser = 10;
        private long startEpochSeconds = DEFAULT_START;
        private long seed = 42;

        private Builder() {
        }

        /** Number of users. */
        public Builder users(int users) {
            this.users = users;
            return this;
        }

        /** Number of items. */
        public Builder items(int items) {
            this.items = items;
            return this;
        }

        /** Number of categories. */
        public Builder categories(int categories) {
            this.categories = categories;
            return this;
        }

        /** Number of brands. */
        public Builder brands(int brands) {
            this.brands = brands;
            return this;
        }

        /** Length of the period in days. */
        public Builder days(int days) {
            this.days = days;
            return this;
        }

        /** Mean number of sessions per user. */
        public Builder meanSessionsPerUser(double mean) {
            this.meanSessionsPerUser = mean;
            return this;
        }

        /** Start of the period in epoch seconds. */
        public Builder startEpochSeconds(long start) {
            this.startEpochSeconds = start;
            return this;
        }

        /** Random seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException naming the first value out of range
         */
        public SyntheticConfig build() {
            return new SyntheticConfig(users, items, categories, brands, days, meanSessionsPerUser, startEpochSeconds, seed);
        }
    }
}
