package org.mmscope.sim.section;

import java.io.Serializable;

/**
 * The clone prototype PTEs one fork made for one private VAD of the parent (NT: an MMCLONE_HEADER
 * with its array of MMCLONE_BLOCK entries, and the counts NT keeps in each process's
 * MMCLONE_DESCRIPTOR for the range).
 *
 * <p><b>Layout.</b> The entries live in nonpaged pool from {@link #address()}, {@value #ENTRY_BYTES}
 * bytes each, like NT's MMCLONE_BLOCK: the prototype PTE (NT: ProtoPte) at {@link #prototypePteAddress(int)},
 * then its reference count (NT: CloneRefCount) as a 64-bit number at {@link #referenceCountAddress(int)}:
 * how many process PTEs (valid, or in prototype format) refer to that prototype PTE. A page in memory
 * behind an entry has its PFN entry's PrototypePte flag set and PteAddress = the entry's prototype PTE.
 *
 * <p><b>Counts.</b> {@link #references()} is the sum of the entries' reference counts (NT: the
 * descriptors' NumberOfReferences added up). When an entry's count reaches 0 its page and paging-file
 * space are released and its prototype PTE is zeroed; when the block's count reaches 0 after its fork
 * finished, its pool memory is freed. The memory manager alone changes the counts; this class holds
 * what is not in simulated memory.
 */
public final class CloneBlock implements Serializable {

    /** Bytes per entry: the prototype PTE and its reference count. */
    public static final int ENTRY_BYTES = 16;

    private final int id;
    private final int parentPid;
    private final int childPid;
    private final long vadStart;
    private final long vadEnd;
    private final long address;
    private final int entries;
    private int used;
    private long references;
    private boolean open = true;
    private boolean deleted;

    /**
     * @param address virtual address of the first entry, in nonpaged pool
     * @param entries number of entries (clone prototype PTEs), at least 1
     */
    public CloneBlock(int id, int parentPid, int childPid, long vadStart, long vadEnd, long address, int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("a clone block has at least one entry, not " + entries);
        }
        if ((address & 7) != 0) {
            throw new IllegalArgumentException(String.format("clone block address 0x%x is not 8-byte aligned",
                    address));
        }
        this.id = id;
        this.parentPid = parentPid;
        this.childPid = childPid;
        this.vadStart = vadStart;
        this.vadEnd = vadEnd;
        this.address = address;
        this.entries = entries;
    }

    /** A number unique in the machine, in creation order. */
    public int id() {
        return id;
    }

    /** The process that forked. */
    public int parentPid() {
        return parentPid;
    }

    /** The process the fork created. */
    public int childPid() {
        return childPid;
    }

    /** First address of the VAD the block was made for (the same in parent and child). */
    public long vadStart() {
        return vadStart;
    }

    /** One past the last address of that VAD. */
    public long vadEnd() {
        return vadEnd;
    }

    /** Address of the first entry, in nonpaged pool. */
    public long address() {
        return address;
    }

    /** Size of the block in pool, in bytes. */
    public long bytes() {
        return (long) entries * ENTRY_BYTES;
    }

    /** Number of entries. */
    public int entries() {
        return entries;
    }

    /** Entries the fork has handed out so far (the rest are zero and unreferenced). */
    public int usedEntries() {
        return used;
    }

    /** Address of the prototype PTE of entry {@code index} (NT: MMCLONE_BLOCK.ProtoPte). */
    public long prototypePteAddress(int index) {
        checkIndex(index);
        return address + (long) index * ENTRY_BYTES;
    }

    /** Address of the reference count of entry {@code index} (NT: MMCLONE_BLOCK.CloneRefCount). */
    public long referenceCountAddress(int index) {
        return prototypePteAddress(index) + 8;
    }

    /** True if {@code protoAddress} is the prototype PTE of one of this block's entries. */
    public boolean holdsPrototypePte(long protoAddress) {
        long offset = protoAddress - address;
        return Long.compareUnsigned(protoAddress, address) >= 0 && offset < bytes() && offset % ENTRY_BYTES == 0;
    }

    /** The entry whose prototype PTE is at {@code protoAddress}. */
    public int indexOf(long protoAddress) {
        if (!holdsPrototypePte(protoAddress)) {
            throw new IllegalArgumentException(String.format("0x%x is no prototype PTE of %s", protoAddress, this));
        }
        return (int) ((protoAddress - address) / ENTRY_BYTES);
    }

    /** Process PTEs referring to any entry of the block. */
    public long references() {
        return references;
    }

    /** True while the fork that made it is still handing out entries. */
    public boolean isOpen() {
        return open;
    }

    /** True once its pool memory was freed. */
    public boolean isDeleted() {
        return deleted;
    }

    /** The memory manager: hands out the next unused entry and returns its index. */
    public int takeEntry() {
        if (!open || used == entries) {
            throw new IllegalStateException(this + " has no unused entry" + (open ? "" : " (its fork finished)"));
        }
        return used++;
    }

    /** The memory manager: {@code count} more process PTEs refer to the block. */
    public void reference(int count) {
        if (deleted || count < 1) {
            throw new IllegalStateException("cannot add " + count + " references to " + this);
        }
        references += count;
    }

    /** The memory manager: one process PTE fewer refers to the block; returns the references left. */
    public long dereference() {
        if (references == 0) {
            throw new IllegalStateException(this + " has no reference to drop");
        }
        return --references;
    }

    /** The memory manager: the fork finished; no entry is handed out any more. */
    public void close() {
        open = false;
    }

    /** The memory manager: the pool memory was freed. */
    public void markDeleted() {
        deleted = true;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= entries) {
            throw new IllegalArgumentException("entry " + index + " is outside the " + entries + " entries of " + this);
        }
    }

    @Override
    public String toString() {
        return String.format("clone block %d (fork of %d into %d, VAD 0x%x-0x%x, %d entries at %x, %d references)", id,
                parentPid, childPid, vadStart, vadEnd, entries, address, references);
    }
}
