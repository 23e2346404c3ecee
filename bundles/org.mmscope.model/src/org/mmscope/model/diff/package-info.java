/**
 * Comparing two models (two snapshots, or now against a snapshot): list totals, PFNs that changed
 * list or owner, PTEs that changed, pool usage by tag.
 *
 * <p>{@link org.mmscope.model.diff.SnapshotDiff#compare} gives an immutable
 * {@link org.mmscope.model.diff.DiffResult} for the UI to page through;
 * {@link org.mmscope.model.diff.DiffReport#toText} prints it; {@link org.mmscope.model.diff.DiffTool}
 * is the headless command ({@code DiffTool BEFORE AFTER [--max-rows N]}).
 */
package org.mmscope.model.diff;
