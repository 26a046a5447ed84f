/**
 * Self-contained HTML reports of evaluation results with inline SVG charts (no scripts, no network,
 * no chart library), kept out of the library modules.
 */
package dev.recsys.report;
