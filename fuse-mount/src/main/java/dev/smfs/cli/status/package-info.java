/**
 * The work behind {@code smfs status}: inspecting a data directory without disturbing a daemon that
 * may be running on it ({@link dev.smfs.cli.status.DataDirInspector}), scraping and summarising a
 * daemon's {@code /metrics} ({@link dev.smfs.cli.status.MetricsScrape}), and rendering either as a
 * table or one JSON object ({@link dev.smfs.cli.status.StatusRender}).
 */
package dev.smfs.cli.status;
