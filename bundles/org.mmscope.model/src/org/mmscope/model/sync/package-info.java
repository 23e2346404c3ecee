/**
 * Populating the EMF model from a running simulation: {@link org.mmscope.model.sync.ModelPopulator} makes a
 * first full copy and then copies only what changed since the last suspend. The simulator is only read;
 * it is never given an EMF object.
 */
package org.mmscope.model.sync;
