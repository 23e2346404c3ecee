package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.BackingStore;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.WaitReason;
import org.mmscope.sim.sched.WaitableEvent;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.section.ImagePart;
import org.mmscope.sim.section.Subsection;

/**
 * Sections and their views (mm-behaviour.md 5; NT: MmCreateSection, MmMapViewOfSection,
 * MmUnmapViewOfSection, MiResolveProtoPteFault): control areas whose prototype PTEs live in nonpaged
 * pool, views mapped into processes at any address, and the faults that resolve through prototype
 * PTEs.
 *
 * <p><b>PTEs.</b> A process PTE of a view starts at zero; the first fault writes a prototype-format
 * PTE naming the prototype PTE and resolves it. A section page in memory has its PFN entry's
 * PrototypePte flag set, PteAddress = its prototype PTE, share count = the valid process PTEs mapping
 * it; the prototype PTE is valid while the share count is above 0 and becomes a transition PTE when it
 * drops to 0 (the page goes to Standby or Modified). A trimmed process PTE goes back to the
 * prototype-format PTE, never to transition. Prototype PTEs not in memory are demand zero (shared
 * memory never touched), paging file (shared memory written out) or subsection PTEs (a file's page not
 * read yet, see {@link Subsection}).
 *
 * <p><b>Writing back.</b> Modified pages of shared memory go to the paging file like private pages;
 * modified pages of a mapped file are written back to their file, one page per write.
 *
 * <p><b>Copy-on-write views.</b> In a view whose protection for a page is WRITECOPY or
 * EXECUTE_WRITECOPY ({@link #viewProtection}), a fault maps the section page valid, write-protected,
 * with the CopyOnWrite bit; a write copies it into a private page of the process (NT: MiCopyOnWrite,
 * {@link ForkManager#copyOnWriteFault}) and drops one share of the section page. The section page is
 * never dirtied through such a view, so a file is never written back because of it. The private copy
 * then lives in the view like any private page (trimmed to a transition PTE, paged to the paging file,
 * freed on unmap).
 *
 * <p><b>Images</b> ({@link #createImageSection}, NT: MiCreateImageFileMap): a header page and PE
 * sections, each its own subsection with its own protection; every view maps the whole image with
 * the VAD protection EXECUTE_WRITECOPY, and each page gets its subsection's protection. Image pages
 * are never written back.
 */
public final class SectionManager implements Serializable {

    /** Subsection PTEs name an address from here (never mapped): subsection {@code n} is at {@code + 64 n}. */
    public static final long SUBSECTION_BASE = 0xFFFFF900_00000000L;
    /** Where the memory manager chooses view addresses from when none is given. */
    public static final long VIEW_SEARCH_START = 0x0000_0100_0000_0000L;
    /** Pool tag of segments (prototype PTE arrays). */
    public static final int SEGMENT_TAG = PoolHeader.tagOf("MmSt");

    private final MemoryManager mm;
    private final PfnDatabase pfns;
    private final KernelPageTables tables;
    private final ReadAhead readAhead;
    private final TreeMap<Integer, ControlArea> byId = new TreeMap<>();
    private final TreeMap<Long, ControlArea> byPrototypes = new TreeMap<>(UnsignedOrder.INSTANCE);
    private final TreeMap<Long, ControlArea> bySubsection = new TreeMap<>(UnsignedOrder.INSTANCE);
    private final TreeMap<String, MappedFile> files = new TreeMap<>();
    private final TreeMap<String, ControlArea> fileSections = new TreeMap<>();
    private int nextId = 1;
    private long nextSubsection;

    SectionManager(MemoryManager mm) {
        this.mm = mm;
        this.pfns = mm.pfns();
        this.tables = new KernelPageTables(mm);
        this.readAhead = new ReadAhead(mm, this);
    }

    // ------------------------------------------------------------------------------ files and sections

    /**
     * The file called {@code name}, created with {@code pages} pages the first time it is named (its
     * content generated from the name and the machine's seed).
     */
    public MappedFile file(String name, long pages) {
        Objects.requireNonNull(name, "name");
        MappedFile file = files.get(name);
        if (file == null) {
            if (pages < 1) {
                throw new IllegalArgumentException("a new file needs a size: " + name);
            }
            file = new MappedFile(name, pages, mm.config().seed());
            files.put(name, file);
        }
        return file;
    }

    /** The files named so far, by name. */
    public Map<String, MappedFile> files() {
        return Collections.unmodifiableMap(files);
    }

    /**
     * Creates a section (NT: MmCreateSection): a control area and a segment of {@code pages}
     * prototype PTEs in nonpaged pool, demand zero for shared memory ({@code file} null) or subsection
     * PTEs for a file.
     *
     * <p>Preconditions: {@code pages} &gt;= 1; a file is at least as large as the section.
     *
     * @throws IllegalStateException when nonpaged pool cannot hold the prototype PTEs
     */
    public ControlArea createSection(String name, long pages, int protection, MappedFile file) {
        Objects.requireNonNull(name, "name");
        Protection.check(protection);
        if (pages < 1 || pages > (1L << 24)) {
            throw new IllegalArgumentException("a section has 1.." + (1L << 24) + " pages, not " + pages);
        }
        if (file != null && file.sizeInPages() < pages) {
            throw new IllegalArgumentException(String.format("%s has %d pages, fewer than the section's %d",
                    file.name(), file.sizeInPages(), pages));
        }
        long prototypes = mm.pools().allocate(PoolType.NONPAGED, pages * 8, SEGMENT_TAG, Irql.PASSIVE_LEVEL);
        if (prototypes == 0) {
            throw new IllegalStateException("nonpaged pool cannot hold the " + pages + " prototype PTEs of " + name);
        }
        List<Subsection> subsections = new ArrayList<>();
        if (file != null) {
            subsections.add(new Subsection(SUBSECTION_BASE + 64 * nextSubsection++, 0, pages, 0, protection));
        }
        ControlArea area = new ControlArea(nextId++, name, file, pages, protection, prototypes, subsections);
        for (long i = 0; i < pages; i++) {
            long initial = file == null ? Pte.demandZero(protection)
                    : Pte.prototype(subsections.get(0).address(), false, protection);
            writePrototype(area.prototypePteAddress(i), initial);
        }
        byId.put(area.id(), area);
        byPrototypes.put(prototypes, area);
        if (file != null && (fileSections.get(file.name()) == null || fileSections.get(file.name()).isDeleted())) {
            fileSections.put(file.name(), area); // a later 'map file=' of this file shares its pages
        }
        for (Subsection s : subsections) {
            bySubsection.put(s.address(), area);
        }
        mm.events().emit(MmEventType.SECTION_CREATE, -1, prototypes, area.id(), file == null ? 0 : 1, pages);
        return area;
    }

    /**
     * Creates an image section of {@code file} (NT: MiCreateImageFileMap): a header page (READONLY),
     * then {@code parts} in order, each laid out in the file right after the previous one and each
     * its own {@link Subsection} with the part's name and protection. The section's protection is
     * EXECUTE_WRITECOPY; its prototype PTEs start as subsection PTEs carrying their subsection's
     * protection. The image is not remembered as the file's data section ({@link #sectionForFile}):
     * NT too keeps a file's image and data control areas apart.
     *
     * <p>Preconditions: at least one part; the file holds the header and every part.
     *
     * @throws IllegalStateException when nonpaged pool cannot hold the prototype PTEs
     */
    public ControlArea createImageSection(String name, MappedFile file, List<ImagePart> parts) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one section (like .text)");
        }
        long pages = 1;
        for (ImagePart part : parts) {
            pages += part.pages();
        }
        if (pages > (1L << 24)) {
            throw new IllegalArgumentException("an image has at most " + (1L << 24) + " pages, not " + pages);
        }
        if (file.sizeInPages() < pages) {
            throw new IllegalArgumentException(String.format("%s has %d pages, fewer than the %d of image %s (the "
                    + "header and its sections)", file.name(), file.sizeInPages(), pages, name));
        }
        long prototypes = mm.pools().allocate(PoolType.NONPAGED, pages * 8, SEGMENT_TAG, Irql.PASSIVE_LEVEL);
        if (prototypes == 0) {
            throw new IllegalStateException("nonpaged pool cannot hold the " + pages + " prototype PTEs of " + name);
        }
        List<Subsection> subsections = new ArrayList<>();
        subsections.add(new Subsection(SUBSECTION_BASE + 64 * nextSubsection++, 0, 1, 0, "header",
                Protection.READONLY));
        long first = 1;
        for (ImagePart part : parts) {
            subsections.add(new Subsection(SUBSECTION_BASE + 64 * nextSubsection++, first, part.pages(), first,
                    part.name(), part.protection()));
            first += part.pages();
        }
        ControlArea area = new ControlArea(nextId++, name, file, pages, Protection.EXECUTE_WRITECOPY, prototypes,
                subsections, true);
        for (Subsection sub : subsections) {
            for (long i = sub.firstPage(); i < sub.firstPage() + sub.pages(); i++) {
                writePrototype(area.prototypePteAddress(i), Pte.prototype(sub.address(), false, sub.protection()));
            }
            bySubsection.put(sub.address(), area);
        }
        byId.put(area.id(), area);
        byPrototypes.put(prototypes, area);
        mm.events().emit(MmEventType.SECTION_CREATE, -1, prototypes, area.id(), 2, pages);
        return area;
    }

    /** The section for a file, created (the file's whole size) when it is first mapped. */
    public ControlArea sectionForFile(MappedFile file, int protection) {
        ControlArea area = fileSections.get(file.name());
        if (area == null || area.isDeleted()) {
            area = createSection(file.name(), file.sizeInPages(), protection, file);
            fileSections.put(file.name(), area);
        }
        return area;
    }

    /** Every live control area, in creation order. */
    public List<ControlArea> sections() {
        return byId.values().stream().filter(a -> !a.isDeleted()).toList();
    }

    /** The control area whose segment holds prototype PTE {@code address}, or null. */
    public ControlArea sectionOfPrototype(long address) {
        Map.Entry<Long, ControlArea> e = byPrototypes.floorEntry(address);
        return e != null && e.getValue().holdsPrototypePte(address) && !e.getValue().isDeleted() ? e.getValue() : null;
    }

    /** The prototype PTE at {@code address} (in nonpaged pool). */
    public long prototypePte(long address) {
        int frame = frameOf(address);
        return mm.memory().readLong(frame, (int) (address & 0xFFF));
    }

    /** The page holding prototype PTE {@code address}. */
    public int frameOf(long address) {
        int frame = tables.pfnAt(address & ~0xFFFL);
        if (frame < 0) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, address, 0,
                    0, String.format("prototype PTE 0x%x is not resident", address));
        }
        return frame;
    }

    /** Read-ahead clusters of mapped files (mm-behaviour.md 4.6): the dummy page, the transfers in flight. */
    public ReadAhead readAhead() {
        return readAhead;
    }

    /**
     * Reads pages {@code firstPage..+pages} of a file-backed section ahead (NT: MiCcPutPagesInTransition):
     * see {@link ReadAhead#readAhead}.
     */
    public ReadAhead.Status readAhead(ControlArea area, long firstPage, long pages, SimThread thread) {
        return readAhead.readAhead(area, firstPage, pages, thread);
    }

    void writePrototype(long address, long value) {
        int frame = frameOf(address);
        long old = mm.memory().readLong(frame, (int) (address & 0xFFF));
        mm.memory().writeLong(frame, (int) (address & 0xFFF), value);
        mm.events().emit(MmEventType.PTE_WRITE, Pte.isValid(value) || Pte.isTransition(value) ? Pte.pfn(value) : -1,
                address, Pte.classify(old).ordinal(), Pte.classify(value).ordinal(), value);
    }

    /** Number of pages of the section in memory (valid or in transition: NT's NumberOfPfnReferences). */
    public long pfnReferences(ControlArea area) {
        long count = 0;
        for (long i = 0; i < area.pages(); i++) {
            long proto = prototypePte(area.prototypePteAddress(i));
            if (Pte.isValid(proto) || Pte.isTransition(proto)) {
                count++;
            }
        }
        return count;
    }

    // ------------------------------------------------------------------------------ views

    /**
     * Maps a view of {@code area} into {@code process} (NT: MmMapViewOfSection): {@code pages} pages
     * from section page {@code firstPage}, at {@code address} or, when 0, at the lowest free 64 KiB
     * aligned range from {@link #VIEW_SEARCH_START}. Nothing is mapped until touched. A WRITECOPY or
     * EXECUTE_WRITECOPY view may map a read-only section: its writes only go to private copies. A view of
     * an image (NT: MiMapViewOfImageSection) maps the whole image and its VAD has EXECUTE_WRITECOPY
     * whatever {@code protection} says: each page gets its subsection's protection.
     *
     * <p>Preconditions: the process is live; the range fits the section (the whole of an image); a
     * writable view that is not copy-on-write needs a writable section.
     *
     * @return the view's VAD
     */
    public Vad mapView(MmProcess process, ControlArea area, long address, long firstPage, long pages, int protection) {
        Objects.requireNonNull(area, "area");
        mm.requireLiveProcess(process);
        Protection.check(protection);
        if (area.isDeleted()) {
            throw new IllegalArgumentException(area + " was deleted");
        }
        if (firstPage < 0 || pages < 1 || firstPage + pages > area.pages()) {
            throw new IllegalArgumentException(String.format("a view of pages %d..%d does not fit %s", firstPage,
                    firstPage + pages, area));
        }
        if (area.isImage() && (firstPage != 0 || pages != area.pages())) {
            throw new IllegalArgumentException(String.format("a view of image %s maps the whole image (%d pages), "
                    + "not pages %d..%d", area.name(), area.pages(), firstPage, firstPage + pages));
        }
        if (area.isImage()) {
            protection = Protection.EXECUTE_WRITECOPY; // NT: each page's protection comes from its subsection
        }
        if (Protection.isWritable(protection) && !Protection.isCopyOnWrite(protection)
                && !Protection.isWritable(area.protection())) {
            throw new IllegalArgumentException(String.format("a writable view of %s, whose protection is %s",
                    area.name(), Protection.name(area.protection())));
        }
        long size = pages * X64Paging.PAGE_SIZE;
        long base = address != 0 ? address : process.vads().findFree(VIEW_SEARCH_START, size);
        if (base < 0) {
            throw new IllegalStateException("no free range of " + size + " bytes for a view in " + process);
        }
        Vad vad = process.vads().reserveView(base, size, protection, area, firstPage);
        area.viewMapped();
        mm.events().emit(MmEventType.VIEW_MAP, -1, base, area.id(), protection, pages);
        return vad;
    }

    /**
     * The protection page {@code va} of view {@code vad} has: its subsection's in an image (NT: the
     * prototype PTE's, the VAD saying EXECUTE_WRITECOPY), the view's otherwise. WRITECOPY and
     * EXECUTE_WRITECOPY mean the page is copy-on-write.
     *
     * <p>Preconditions: {@code vad} is a view containing {@code va}.
     */
    public int viewProtection(Vad vad, long va) {
        if (!vad.isView() || !vad.contains(va)) {
            throw new IllegalArgumentException(String.format("0x%x is not in a view (%s)", va, vad));
        }
        ControlArea area = vad.section();
        if (!area.isImage()) {
            return vad.protection();
        }
        return area.protectionOf(vad.firstSectionPage() + ((va - vad.start()) >>> 12));
    }

    /**
     * Unmaps the view at {@code base} (NT: MmUnmapViewOfSection): each valid page leaves the working
     * set and one share of its page; the process PTEs are cleared; the pages stay with the section.
     */
    public void unmapView(MmProcess process, long base) {
        mm.requireLiveProcess(process);
        Vad vad = process.vads().find(base);
        if (vad == null || !vad.isView() || vad.start() != base) {
            throw new IllegalArgumentException(String.format("no view starts at 0x%x in %s", base, process));
        }
        removeView(process, vad);
        mm.events().emit(MmEventType.VIEW_UNMAP, -1, base, vad.section().id(), 0, vad.pages());
    }

    /** Clears a view's PTEs and removes its VAD (unmap and process exit). */
    void removeView(MmProcess process, Vad vad) {
        for (long va = vad.start(); va < vad.end(); va = mm.nextMappedPage(process, va)) {
            mm.deletePte(process, va);
        }
        process.vads().release(vad.start());
        vad.section().viewUnmapped();
    }

    /**
     * Deletes a section with no views (NT: MiSegmentDelete): its pages in memory go to the Free list
     * (a page under a write is freed when the write completes), its paging-file space is released and
     * its prototype PTEs go back to nonpaged pool.
     */
    public void deleteSection(ControlArea area) {
        Objects.requireNonNull(area, "area");
        if (area.isDeleted()) {
            throw new IllegalArgumentException(area + " is already deleted");
        }
        if (area.mappedViews() > 0) {
            throw new IllegalStateException(area + " still has " + area.mappedViews() + " views");
        }
        for (long i = 0; i < area.pages(); i++) {
            long address = area.prototypePteAddress(i);
            long proto = prototypePte(address);
            switch (Pte.classify(proto)) {
                case HARDWARE -> throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT,
                        BugCheckCode.MM_WORKING_SET_CORRUPT, address, proto, area.id(),
                        area + " has no view but its prototype PTE " + Long.toHexString(address) + " is valid");
                case TRANSITION -> mm.releaseTransitionPage((int) Pte.pfn(proto), 0);
                case PAGING_FILE -> mm.freeSlot(Pte.pageFileOffset(proto));
                default -> {
                }
            }
            writePrototype(address, 0);
        }
        area.dereferenceSection();
        area.markDeleted();
        byPrototypes.remove(area.prototypePtes());
        fileSections.remove(area.name(), area);
        mm.pools().free(area.prototypePtes(), SEGMENT_TAG, Irql.PASSIVE_LEVEL);
        mm.events().emit(MmEventType.SECTION_DELETE, -1, area.prototypePtes(), area.id(), 0, area.pages());
    }

    // ------------------------------------------------------------------------------ faults

    /**
     * Resolves a fault on a page of a view (NT: MiResolveProtoPteFault and the routines it calls): the
     * process PTE becomes a prototype-format PTE if it was zero, then the prototype PTE decides: valid
     * (another process has the page: one more share), transition (soft fault; a read in flight is a
     * collided fault), demand zero (a zeroed page for the section), paging file or subsection (an
     * in-page read from the paging file or the file; the thread waits and retakes the fault). The
     * access is checked against the page's protection in the view ({@link #viewProtection}); a
     * copy-on-write page is mapped write-protected with the CopyOnWrite bit, and a write then copies it
     * at once (NT: MiCopyOnWrite).
     *
     * <p>Preconditions: {@code vad} is a view containing {@code va}; the process PTE of {@code va} is
     * zero or a prototype PTE; its page table exists.
     */
    FaultStatus prototypeFault(MmProcess process, SimThread thread, long va, int pt, int index, long pte,
            Access access, Vad vad) {
        thread.enter("MiResolveProtoPteFault");
        try {
            long protoAddress = vad.prototypePteAddress(va);
            if (pte == 0) {
                mm.writePte(pt, index, va, Pte.prototype(protoAddress, false, 0));
            } else if (Pte.prototypeAddress(pte) != protoAddress) {
                throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, va, pte,
                        protoAddress, String.format("PTE of 0x%x names prototype PTE 0x%x, its view says 0x%x", va,
                                Pte.prototypeAddress(pte), protoAddress));
            }
            int protection = viewProtection(vad, va);
            FaultStatus refused = mm.accessCheck(process, va, pt, index, Pte.demandZero(protection), protection, access);
            if (refused != null) {
                return refused;
            }
            ControlArea area = vad.section();
            long proto = prototypePte(protoAddress);
            int frame = frameOf(protoAddress);
            switch (Pte.classify(proto)) {
                case HARDWARE -> {
                    if (!mm.ensureWorkingSetRoom(process)) {
                        return mm.waitForPages(thread);
                    }
                    int pfn = (int) Pte.pfn(proto);
                    pfns.incrementShareCount(pfn);
                    mapInProcess(process, va, pt, index, pfn, protection, access);
                    process.transitionFaults++;
                    mm.events().emit(MmEventType.FAULT_PROTOTYPE, pfn, va, PteKind.HARDWARE.ordinal(), 0, protoAddress);
                    return copyIfWritten(process, thread, va, pt, index, protection, access);
                }
                case TRANSITION -> {
                    return transitionPrototype(process, thread, va, pt, index, protoAddress, proto, protection, access);
                }
                case DEMAND_ZERO, ZERO -> {
                    if (!mm.ensureWorkingSetRoom(process)) {
                        return mm.waitForPages(thread);
                    }
                    int pfn = pfns.removeZeroedPage(process.takeColour());
                    if (pfn < 0) {
                        return mm.waitForPages(thread);
                    }
                    PageList from = pfns.lastRemovedFrom();
                    if (pfns.lastRemovalNeedsZeroing()) {
                        mm.memory().zeroPage(pfn);
                    }
                    int pageProtection = area.protectionOf(area.pageOf(protoAddress));
                    pfns.makeActive(pfn, protoAddress, frame, Pte.demandZero(pageProtection));
                    pfns.setPrototypePte(pfn, true);
                    pfns.setModified(pfn, true); // its only copy is here
                    writePrototype(protoAddress, MemoryManager.validPte(pfn, protoAddress, pageProtection));
                    mapInProcess(process, va, pt, index, pfn, protection, access);
                    process.demandZeroFaults++;
                    mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(),
                            PageList.ACTIVE_AND_VALID.code(), 0);
                    mm.events().emit(MmEventType.FAULT_PROTOTYPE, pfn, va, PteKind.DEMAND_ZERO.ordinal(), 0,
                            protoAddress);
                    mm.checkAvailable();
                    return copyIfWritten(process, thread, va, pt, index, protection, access);
                }
                case PAGING_FILE, PROTOTYPE -> {
                    return readPrototype(process, thread, va, protoAddress, frame, proto, area);
                }
                default -> throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT,
                        BugCheckCode.MM_WORKING_SET_CORRUPT, protoAddress, proto, va,
                        String.format("prototype PTE 0x%x of %s holds %s", protoAddress, area, Pte.describe(proto)));
            }
        } finally {
            thread.leave();
        }
    }

    /**
     * Maps section page {@code pfn} (its share for this PTE already counted) at {@code va} with the
     * page's protection in the view: a write dirties it; a copy-on-write page is mapped write-protected
     * with the CopyOnWrite bit and stays clean (see {@link #copyIfWritten}).
     *
     * <p>Preconditions: the process PTE of {@code va} is not valid; {@code protection} allows the access.
     */
    private void mapInProcess(MmProcess process, long va, int pt, int index, int pfn, int protection, Access access) {
        long valid = MemoryManager.validPte(pfn, va, protection);
        if (Protection.isCopyOnWrite(protection)) {
            valid = Pte.setCopyOnWrite(Pte.setWritable(valid, false), true);
        } else if (access == Access.WRITE) {
            valid = Pte.setDirty(valid, true);
            pfns.setModified(pfn, true);
            mm.dirtyPage(pfn);
        }
        mm.writePte(pt, index, va, valid);
        mm.addToWorkingSet(process, pfn, va);
    }

    /**
     * The end of a view fault: a write to a copy-on-write page just mapped goes on to the copy (NT:
     * MiCopyOnWrite, {@link ForkManager#copyOnWriteFault}), whose result is returned; it may wait for a
     * page, and the fault is then retaken on the valid CopyOnWrite PTE. Anything else is resolved.
     *
     * <p>Preconditions: {@link #mapInProcess} just mapped {@code va} with {@code protection}.
     */
    private FaultStatus copyIfWritten(MmProcess process, SimThread thread, long va, int pt, int index,
            int protection, Access access) {
        if (access != Access.WRITE || !Protection.isCopyOnWrite(protection)) {
            return FaultStatus.RESOLVED;
        }
        return mm.forks().copyOnWriteFault(process, thread, va, pt, index, mm.tableEntry(pt, index));
    }

    private FaultStatus transitionPrototype(MmProcess process, SimThread thread, long va, int pt, int index,
            long protoAddress, long proto, int protection, Access access) {
        int pfn = (int) Pte.pfn(proto);
        if (pfns.isReadInProgress(pfn)) {
            WaitableEvent inPage = mm.scheduler().event(pfns.eventId(pfn));
            mm.events().emit(MmEventType.COLLIDED_FAULT, pfn, va, 0, 0, inPage.id());
            mm.scheduler().waitOn(thread, inPage, WaitReason.COLLIDED_PAGE_IN);
            return FaultStatus.WAIT;
        }
        MemoryManager.IoRequest read = mm.readsByPfn.get(pfn);
        if (pfns.isInPageError(pfn)) {
            // the read failed: the prototype PTE goes back to where the page is; the next access reads again
            writePrototype(protoAddress, pfns.originalPte(pfn));
            return mm.discardFailedRead(pfn, va);
        }
        if (!mm.ensureWorkingSetRoom(process)) {
            return mm.waitForPages(thread);
        }
        PageList from = pfns.location(pfn);
        if (from.isLinked()) {
            pfns.unlinkFromList(pfn);
        }
        pfns.activateTransitionPage(pfn);
        if (read != null) {
            mm.readsByPfn.remove(pfn);
            pfns.decrementReferenceCount(pfn); // the reference the read held
            process.hardFaults++;
        } else {
            process.transitionFaults++;
        }
        ControlArea area = sectionOfPrototype(protoAddress);
        writePrototype(protoAddress, MemoryManager.validPte(pfn, protoAddress,
                area.protectionOf(area.pageOf(protoAddress))));
        mapInProcess(process, va, pt, index, pfn, protection, access);
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
        mm.events().emit(MmEventType.FAULT_PROTOTYPE, pfn, va, PteKind.TRANSITION.ordinal(), 0, protoAddress);
        return copyIfWritten(process, thread, va, pt, index, protection, access);
    }

    /** NT: MiResolveMappedFileFault / MiResolvePageFileFault for a prototype PTE: an in-page read. */
    private FaultStatus readPrototype(MmProcess process, SimThread thread, long va, long protoAddress, int frame,
            long proto, ControlArea area) {
        int pfn = pfns.removeAnyPage(process.takeColour());
        if (pfn < 0) {
            return mm.waitForPages(thread);
        }
        PageList from = pfns.lastRemovedFrom();
        BackingStore store;
        long offset;
        if (Pte.classify(proto) == PteKind.PAGING_FILE) {
            store = mm.pagingFile();
            offset = Pte.pageFileOffset(proto);
        } else {
            store = area.file();
            long page = area.pageOf(protoAddress);
            offset = area.subsectionOf(page).fileOffsetOf(page);
        }
        WaitableEvent inPage = mm.scheduler().createEvent(String.format("in-page PFN 0x%x", pfn));
        pfns.initializeReadInProgress(pfn, protoAddress, frame, proto, inPage.id());
        pfns.setPrototypePte(pfn, true);
        writePrototype(protoAddress, Pte.transition(pfn, area.protectionOf(area.pageOf(protoAddress))));
        long id = mm.disk().submitRead(store, offset, new int[] { pfn }, 1, mm.memory());
        MemoryManager.IoRequest request = new MemoryManager.IoRequest(id, false, new int[] { pfn }, process.pid(), va,
                inPage.id());
        mm.ioRequests.put(id, request);
        mm.readsByPfn.put(pfn, request);
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.TRANSITION.code(), 0);
        mm.events().emit(MmEventType.FAULT_PROTOTYPE, pfn, va, Pte.classify(proto).ordinal(), 0, protoAddress);
        mm.events().emit(MmEventType.IN_PAGE_START, pfn, va, 0, 0, id);
        mm.scheduler().waitOn(thread, inPage, WaitReason.PAGE_IN);
        return FaultStatus.WAIT;
    }

    // ------------------------------------------------------------------------------ leaving a process

    /**
     * A valid process PTE of a section page is going away (trim, unmap, exit): the process PTE
     * becomes {@code newPte}; when this was the last share, the prototype PTE becomes a transition
     * PTE. The caller then decrements the share count.
     */
    void unmapShared(int pfn, int pt, int index, long va, long newPte) {
        mm.writePte(pt, index, va, newPte);
        lastShareToTransition(pfn);
    }

    /**
     * One valid PTE is about to stop mapping prototype-backed page {@code pfn} (unmap, trim, or a
     * copy-on-write copy): when it is the last share, the prototype PTE becomes a transition PTE with
     * the page's protection. The caller then decrements the share count.
     *
     * <p>Preconditions: {@code pfn} is ActiveAndValid with PrototypePte, share count at least 1.
     */
    void lastShareToTransition(int pfn) {
        if (pfns.shareCount(pfn) == 1) {
            long protoAddress = pfns.pteAddress(pfn);
            ControlArea area = sectionOfPrototype(protoAddress);
            // a fork's clone page (no control area) keeps its protection in its original PTE
            int protection = area == null ? Pte.protection(pfns.originalPte(pfn))
                    : area.protectionOf(area.pageOf(protoAddress));
            writePrototype(protoAddress, Pte.transition(pfn, protection));
        }
    }

    /** True if {@code pfn} belongs to a file-backed section (its original PTE is a subsection PTE). */
    boolean isFileBacked(int pfn) {
        return pfns.isPrototypePte(pfn) && Pte.classify(pfns.originalPte(pfn)) == PteKind.PROTOTYPE;
    }

    /** The file and page offset a file-backed section page is written back to. */
    long fileOffsetOf(int pfn) {
        ControlArea area = sectionOfPrototype(pfns.pteAddress(pfn));
        if (area.isImage()) {
            // no view can write an image page: one that is modified is corruption (NT never writes images back)
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT,
                    pfns.pteAddress(pfn), pfn, area.id(), String.format(
                            "page 0x%x of image %s is modified: an image page is never written back", pfn, area.name()));
        }
        long page = area.pageOf(pfns.pteAddress(pfn));
        return area.subsectionOf(page).fileOffsetOf(page);
    }

    /** The file of a file-backed section page. */
    MappedFile fileOf(int pfn) {
        return sectionOfPrototype(pfns.pteAddress(pfn)).file();
    }
}
