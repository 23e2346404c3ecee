/**
 * Snapshots: the whole model saved to a file and loaded back without a running simulation. Saving
 * writes a temporary file and moves it into place; loading refuses truncated, foreign and hostile
 * files with one clear error and changes nothing already open.
 */
package org.mmscope.model.snapshot;
