package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.mmscope.sim.pte.X64Paging;

/**
 * The VADs of one process (NT: the VAD tree, an AVL tree; here a sorted map by start address):
 * reserve, commit, decommit and release, with the checks NtAllocateVirtualMemory and
 * NtFreeVirtualMemory make.
 */
public final class VadTree implements Serializable {

    /** Lowest user address that can be reserved (NT keeps the first 64 KiB unmapped). */
    public static final long LOWEST_USER_ADDRESS = 0x10000L;
    /** One past the highest user address (NT x64: MM_HIGHEST_USER_ADDRESS + 1, 128 TiB minus 64 KiB). */
    public static final long USER_ADDRESS_END = 0x7FFF_FFFF_0000L;

    private final TreeMap<Long, Vad> vads = new TreeMap<>();

    /** The VAD containing {@code va}, or null (NT: MiLocateAddress). */
    public Vad find(long va) {
        Map.Entry<Long, Vad> floor = vads.floorEntry(va);
        return floor != null && floor.getValue().contains(va) ? floor.getValue() : null;
    }

    /** The VADs in address order. */
    public List<Vad> all() {
        return Collections.unmodifiableList(new ArrayList<>(vads.values()));
    }

    /**
     * Reserves {@code [start, start+size)} (NT: NtAllocateVirtualMemory with MEM_RESERVE). The range
     * must be page aligned, inside the user address space and free.
     */
    public Vad reserve(long start, long size, int protection) {
        return insert(start, size, protection, null, 0);
    }

    /** Reserves {@code [start, start+size)} for a view of {@code section} from page {@code firstPage}. */
    public Vad reserveView(long start, long size, int protection, org.mmscope.sim.section.ControlArea section,
            long firstPage) {
        return insert(start, size, protection, java.util.Objects.requireNonNull(section, "section"), firstPage);
    }

    /**
     * The lowest free 64 KiB-aligned range of {@code size} bytes at or above {@code from}, or -1 (NT:
     * MiFindEmptyAddressRange).
     */
    public long findFree(long from, long size) {
        long candidate = Math.max(LOWEST_USER_ADDRESS, (from + 0xFFFF) & ~0xFFFFL);
        for (Vad vad : vads.values()) {
            if (vad.end() <= candidate) {
                continue;
            }
            if (vad.start() >= candidate + size) {
                break;
            }
            candidate = (vad.end() + 0xFFFF) & ~0xFFFFL;
        }
        return candidate + size <= USER_ADDRESS_END ? candidate : -1;
    }

    private Vad insert(long start, long size, int protection, org.mmscope.sim.section.ControlArea section,
            long firstPage) {
        checkRange(start, size);
        if ((size >>> 12) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "a reservation of 0x%x bytes is too large: this simulator keeps at most 8 TB in one", size));
        }
        Map.Entry<Long, Vad> below = vads.floorEntry(start + size - 1);
        if (below != null && below.getValue().end() > start) {
            throw new IllegalArgumentException(String.format(
                    "0x%x-0x%x overlaps %s: release it first or choose another address", start, start + size,
                    below.getValue()));
        }
        Vad vad = new Vad(start, start + size, protection, section, firstPage);
        vads.put(start, vad);
        return vad;
    }

    /**
     * Commits {@code [start, start+size)} inside one existing VAD (NT: MEM_COMMIT). Returns the VAD.
     */
    public Vad commit(long start, long size) {
        Vad vad = enclosing(start, size, "commit");
        vad.setCommitted(start, start + size, true);
        return vad;
    }

    /** Decommits pages of one VAD (NT: NtFreeVirtualMemory with MEM_DECOMMIT). The caller frees their pages. */
    public Vad decommit(long start, long size) {
        Vad vad = enclosing(start, size, "decommit");
        vad.setCommitted(start, start + size, false);
        return vad;
    }

    /**
     * Removes the whole VAD that starts at {@code start} (NT: MEM_RELEASE, which takes the base
     * address of the reservation). The caller frees its pages first.
     */
    public Vad release(long start) {
        Vad vad = vads.get(start);
        if (vad == null) {
            Vad containing = find(start);
            throw new IllegalArgumentException(containing == null
                    ? String.format("nothing is reserved at 0x%x", start)
                    : String.format("release takes the start of a reservation: 0x%x is inside %s", start, containing));
        }
        vads.remove(start);
        return vad;
    }

    private Vad enclosing(long start, long size, String what) {
        checkRange(start, size);
        Vad vad = find(start);
        if (vad == null || start + size > vad.end()) {
            throw new IllegalArgumentException(String.format("cannot %s 0x%x-0x%x: it is not inside one reservation",
                    what, start, start + size));
        }
        if (vad.isView()) {
            throw new IllegalArgumentException(String.format("cannot %s 0x%x-0x%x: it is in a view of %s (unmap the view)",
                    what, start, start + size, vad.section().name()));
        }
        return vad;
    }

    private static void checkRange(long start, long size) {
        if (size <= 0 || (start & (X64Paging.PAGE_SIZE - 1)) != 0 || (size & (X64Paging.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "address 0x%x and size 0x%x must be page aligned (4K) and the size positive", start, size));
        }
        if (start < LOWEST_USER_ADDRESS || start + size > USER_ADDRESS_END || start + size < start) {
            throw new IllegalArgumentException(String.format("0x%x-0x%x is outside the user address space 0x%x-0x%x",
                    start, start + size, LOWEST_USER_ADDRESS, USER_ADDRESS_END));
        }
    }
}
