/**
 * Figures and the HTML report of a finished run. {@link dev.bayesrg.report.ReportWriter} reads only
 * the saved files of a run directory, through {@link dev.bayesrg.run.RunFiles} (summary.json,
 * flow.csv, members.csv, fisher.npy, loss_curves.npy, manifest.json, nnft/), draws the paper's Figures 8–11 and the diagnostic plots with
 * XChart (headless; PNG by {@link dev.bayesrg.report.PngEncoder} and SVG by
 * {@link dev.bayesrg.report.SvgWriter} under {@code figures/}) and writes a self-contained
 * {@code report.html} with every figure embedded; its output is a function of those files alone, so
 * {@code bayesrg run} (which hands over the members' arrays it still holds instead of parsing them
 * back) and a later {@code bayesrg report RUN_DIR} write byte-identical results.
 * Each figure is one small class ({@code LossVsCutoffFigure}, {@code FisherSpectrumFigure}, …) drawn
 * from typed data — the cutoff axis, the probe, the members' arrays, flow entries, nnft/snapshots.json
 * — onto {@code Plot} panels whose series, scales and titles stay readable after drawing, which is
 * how the tests check what each figure plots; {@code ReportFigures} lists them in the page's order.
 * Statistics use the members that did not diverge. This package lives in the command-line module
 * and uses core alone (not the commands): the engine never depends on plotting, and a program that
 * has this module on its class path gets the report as core's
 * {@link dev.bayesrg.run.RunCompletion.Report} service ({@link dev.bayesrg.report.ReportService}).
 */
package dev.bayesrg.report;
