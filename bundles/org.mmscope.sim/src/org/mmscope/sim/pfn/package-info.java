/**
 * The page frame number database (mm-behaviour.md section 2): {@link org.mmscope.sim.pfn.PfnDatabase}
 * with one entry per physical page in primitive arrays, the page lists of
 * {@link org.mmscope.sim.pfn.PageList} (NT: MMLISTS) with their heads and totals, and the allocation
 * primitives the memory manager builds on (NT: MiRemoveAnyPage, MiRemoveZeroPage, MiInsertPageInList,
 * MiUnlinkPageFromList, MiDecrementShareCount, MiDecrementReferenceCount). PTEs are plain
 * {@code long}s here; the memory manager rewrites them through a
 * {@link org.mmscope.sim.pfn.RepurposeHook}.
 */
package org.mmscope.sim.pfn;
