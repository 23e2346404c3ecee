package org.mmscope.sim.hw;

import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;

/**
 * Test helper: builds 4-level page tables in a {@link PhysicalMemory}, handing out frames from a
 * counter, so MMU tests can map addresses and then tamper with single entries.
 */
final class PageTables {

    /** Bits given to every upper-level entry it creates: valid, writable, user. */
    static final long UPPER = Pte.VALID | Pte.WRITE | Pte.OWNER;

    final PhysicalMemory memory;
    final int pml4;
    private int nextFrame;

    PageTables(PhysicalMemory memory, int firstFrame) {
        this.memory = memory;
        this.pml4 = firstFrame;
        this.nextFrame = firstFrame + 1;
    }

    /** A fresh frame for a table or data. */
    int newFrame() {
        return nextFrame++;
    }

    /** Maps the page of {@code va} to {@code pfn} with the given leaf PTE bits, creating tables. */
    void map(long va, long leafPte) {
        int table = pml4;
        for (int level = 4; level >= 2; level--) {
            int offset = X64Paging.tableIndex(va, level) * 8;
            long entry = memory.readLong(table, offset);
            if ((entry & Pte.VALID) == 0) {
                entry = UPPER | ((long) newFrame() << 12);
                memory.writeLong(table, offset, entry);
            }
            table = (int) Pte.pfn(entry);
        }
        memory.writeLong(table, X64Paging.tableIndex(va, 1) * 8, leafPte);
    }

    /** Maps {@code va} to a new data frame as a user, writable, executable page; returns the frame. */
    int mapNew(long va) {
        int frame = newFrame();
        map(va, Pte.hardware(frame, true, true, false));
        return frame;
    }

    /** The frame holding the level-{@code level} table on {@code va}'s walk. */
    int tableFrame(long va, int level) {
        int table = pml4;
        for (int l = 4; l > level; l--) {
            table = (int) Pte.pfn(memory.readLong(table, X64Paging.tableIndex(va, l) * 8));
        }
        return table;
    }

    /** The level-{@code level} entry on {@code va}'s walk. */
    long entry(long va, int level) {
        return memory.readLong(tableFrame(va, level), X64Paging.tableIndex(va, level) * 8);
    }

    /** Replaces the level-{@code level} entry on {@code va}'s walk. */
    void setEntry(long va, int level, long value) {
        memory.writeLong(tableFrame(va, level), X64Paging.tableIndex(va, level) * 8, value);
    }
}
