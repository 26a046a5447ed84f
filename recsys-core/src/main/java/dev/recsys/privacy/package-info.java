/**
 * Privacy: forgetting a user in data and models ({@link dev.recsys.privacy.Forgetting}, used by
 * {@link dev.recsys.scene.SceneEngine#forget}), pseudonymous user ids
 * ({@link dev.recsys.privacy.Pseudonyms}, {@link dev.recsys.privacy.ModelExport}), differentially private counts
 * ({@code PrivateCounts}) and the switch that keeps user ids out of the
 * library's log lines ({@link dev.recsys.privacy.UserIdLogging}).
 */
package dev.recsys.privacy;
