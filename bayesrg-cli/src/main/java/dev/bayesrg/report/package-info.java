/**
 * Figures and the HTML report of a finished run. {@link dev.bayesrg.report.ReportWriter} reads only
 * the saved files of a run directory (summary.json, flow.csv, members.csv, fisher.npy,
 * loss_curves.npy, manifest.json), draws the paper's Figures 8–11 and the diagnostic plots with
 * XChart (headless; PNG by {@link dev.bayesrg.report.PngEncoder} and SVG by
 * {@link dev.bayesrg.report.SvgWriter} under {@code figures/}) and writes a self-contained
 * {@code report.html} with every figure embedded; its output is a function of those files alone, so
 * {@code bayesrg run} (which hands over the members' arrays it still holds instead of parsing them
 * back) and a later {@code bayesrg report RUN_DIR} write byte-identical results.
 * Statistics use the members that did not diverge. This package lives in the command-line module:
 * the engine never depends on plotting.
 */
package dev.bayesrg.report;
