package dev.recsys.eval;

/**
 * Ranks items for the current unit of a {@link Work}: either the top of the whole catalogue or a
 * given candidate list.
 *
 * <p>Thread safety: implementations are shared by worker threads and keep state only in the Work.
 */
interface UnitRanker {
    /**
     * Fills {@code w.list/listScores/length} with the best {@code depth} candidates of the catalogue
     * (at least {@code depth} when the ranker cannot stop early); sets {@code w.auc} to the full
     * AUC if {@code fullAuc} and the ranker can compute it from scores, else to NaN.
     *
     * @return false if the model had nothing to say for this unit (list then empty)
     */
    boolean rankCatalogue(Work w, int depth, boolean fullAuc);

    /**
     * Ranks {@code w.cands[0..n)} (the target first) completely into {@code w.list}; sets
     * {@code w.auc} to the target's AUC against the others if the ranker has scores, else NaN.
     */
    void rankCandidates(Work w, int n);
}
