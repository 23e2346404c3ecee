package org.mmscope.sim.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.mmscope.sim.hw.Cpu;
import org.mmscope.sim.hw.PagingFile;
import org.mmscope.sim.hw.Tlb;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.SectionManager;
import org.mmscope.sim.mm.Vad;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.ws.WorkingSetList;

/**
 * Checks the invariants of mm-behaviour.md section 6 on a memory manager, at any time between two
 * steps, and returns every violation found with the page, where, what was expected and what was found:
 * <ul>
 * <li>page lists: every page on exactly one list or in one state, totals equal to lengths, colours
 * adding up (the PFN database's own check);</li>
 * <li>every valid PTE names an ActiveAndValid page whose PteAddress and PteFrame are that PTE's;
 * every transition PTE names a page on Standby, Modified or in Transition that names it back;</li>
 * <li>the share count of an active page equals the number of valid PTEs mapping it, and no active
 * page is unmapped (a leak) or mapped twice;</li>
 * <li>working-set entries and valid user PTEs correspond one to one;</li>
 * <li>paging-file space in use equals the space that PTEs and PFN entries refer to;</li>
 * <li>no TLB holds a translation the page tables no longer allow;</li>
 * <li>views: a valid PTE of a section page allows no more than the page's protection in the view (a
 * copy-on-write page is write-protected with the CopyOnWrite bit); a private page (valid, in transition
 * or in the paging file) lies in a view only where the view is copy-on-write; image pages are never
 * modified and their prototype PTEs carry their subsection's protection.</li>
 * </ul>
 */
public final class InvariantChecker {

    /** Every rule a {@link Violation} names, for choosing which ones to watch. */
    public static final List<String> RULES = List.of("fork", "orphan-page", "page-lists", "page-tables", "paging-file",
            "pool", "pte-address", "read-ahead", "section", "share-count", "stale-tlb", "transition-pte", "two-places",
            "valid-pte", "working-set");

    private final MemoryManager mm;
    private final PfnDatabase pfns;
    private final List<Violation> violations = new ArrayList<>();
    private int[] mappings;
    private BitSet slots;
    /** The views of the process being walked (usually none). */
    private List<Vad> views = List.of();

    private InvariantChecker(MemoryManager mm) {
        this.mm = mm;
        this.pfns = mm.pfns();
    }

    /** Every violation found now; empty when the machine is consistent. */
    public static List<Violation> check(MemoryManager mm) {
        InvariantChecker checker = new InvariantChecker(mm);
        checker.run();
        return checker.violations;
    }

    private void run() {
        for (String problem : pfns.checkLists()) {
            violations.add(new Violation("page-lists", -1, problem));
        }
        mappings = new int[pfns.pageCount()];
        slots = new BitSet();
        for (MmProcess process : mm.processes()) {
            checkAddressSpace(process);
        }
        checkReadAhead();
        checkShareCounts();
        checkPagesNamedByTheirPtes();
        checkSections(); // before the paging-file count: prototype PTEs hold paging-file space too
        checkForks();
        checkPagingFile();
        checkTlbs();
        for (String problem : mm.pools().check()) {
            violations.add(new Violation("pool", -1, problem));
        }
    }

    private void checkAddressSpace(MmProcess process) {
        views = process.vads().all().stream().filter(Vad::isView).toList();
        int pml4 = process.pml4();
        mapped(pml4, "PML4 self-map of " + process);
        expectIdentity(pml4, X64Paging.PXE_BASE + X64Paging.SELF_MAP_INDEX * 8L, pml4, "PML4 of " + process);
        int leaves = 0;
        boolean system = process == mm.systemProcess();
        int systemPml4 = mm.systemProcess().pml4();
        for (int i4 = 0; i4 < X64Paging.ENTRIES_PER_TABLE; i4++) {
            boolean kernel = i4 >= X64Paging.FIRST_KERNEL_PML4_INDEX && i4 != MemoryManager.HYPERSPACE_INDEX;
            if (i4 == X64Paging.SELF_MAP_INDEX) {
                continue;
            }
            if (kernel && !system) {
                // the kernel half is the system's, shared: walked once, with the system process
                // the processor sets Accessed (and Dirty) in whichever copy it walks: those may differ
                long hardwareBits = Pte.ACCESSED | Pte.DIRTY;
                if ((mm.tableEntry(pml4, i4) & ~hardwareBits) != (mm.tableEntry(systemPml4, i4) & ~hardwareBits)) {
                    violations.add(new Violation("page-tables", -1, String.format(
                            "%s: kernel PML4 entry 0x%x is 0x%x, the system's is 0x%x", process, i4,
                            mm.tableEntry(pml4, i4), mm.tableEntry(systemPml4, i4))));
                }
                continue;
            }
            leaves += walk(process, pml4, 4, X64Paging.canonical((long) i4 << 39), i4);
        }
        WorkingSetList ws = process.workingSet();
        if (ws.count() != leaves) {
            violations.add(new Violation("working-set", -1, String.format(
                    "%s has %d valid %s PTEs but %d working-set entries", process, leaves,
                    system ? "paged-pool" : "user", ws.count())));
        }
        for (int slot = 0; slot < ws.slotLimit(); slot++) {
            if (!ws.isValid(slot)) {
                continue;
            }
            long va = ws.page(slot);
            long pte = mm.pte(process, va);
            if (!Pte.isValid(pte)) {
                violations.add(new Violation("working-set", -1, String.format(
                        "%s working-set entry %d is 0x%x but its PTE is %s", process, slot, va, Pte.describe(pte))));
            } else if (!pfns.isPrototypePte((int) Pte.pfn(pte)) && pfns.wsIndex((int) Pte.pfn(pte)) != slot) {
                violations.add(new Violation("working-set", Pte.pfn(pte), String.format(
                        "%s: the PFN's working-set index is %d, the entry for 0x%x is %d", process,
                        pfns.wsIndex((int) Pte.pfn(pte)), va, slot)));
            }
        }
    }

    /** Walks the entry {@code index} of a table at {@code level}; returns the valid user leaves below. */
    private int walk(MmProcess process, int table, int level, long baseVa, int index) {
        long entry = mm.tableEntry(table, index);
        long va = baseVa;
        boolean hyperspace = X64Paging.tableIndex(va, 4) == MemoryManager.HYPERSPACE_INDEX;
        long entryVa = X64Paging.entryAddress(va, level);
        PteKind kind = Pte.classify(entry);
        if (level == 1) {
            return leaf(process, table, entryVa, va, entry, kind, hyperspace);
        }
        if (kind == PteKind.ZERO) {
            return 0;
        }
        if (kind != PteKind.HARDWARE) {
            violations.add(new Violation("page-tables", -1, String.format(
                    "%s: level-%d entry at %s for 0x%x is %s; page-table entries are valid or zero", process, level,
                    org.mmscope.sim.pte.Hex.windbg(entryVa), va, Pte.describe(entry))));
            return 0;
        }
        int child = (int) Pte.pfn(entry);
        mapped(child, "page table of " + process);
        expectIdentity(child, entryVa, table, String.format("level-%d table for 0x%x of %s", level - 1, va, process));
        int leaves = 0;
        int shift = 12 + 9 * (level - 2);
        for (int i = 0; i < X64Paging.ENTRIES_PER_TABLE; i++) {
            leaves += walk(process, child, level - 1, va + ((long) i << shift), i);
        }
        return leaves;
    }

    private int leaf(MmProcess process, int table, long entryVa, long va, long pte, PteKind kind, boolean hyperspace) {
        switch (kind) {
            case HARDWARE -> {
                int pfn = (int) Pte.pfn(pte);
                mapped(pfn, String.format("0x%x of %s", va, process));
                if (pfns.isPrototypePte(pfn) && pfns.location(pfn) == PageList.ACTIVE_AND_VALID) {
                    Vad vad = process.vads().find(va);
                    if (vad != null && mm.forks().isClonePrototype(pfns.pteAddress(pfn))) {
                        return 1; // a page shared through a fork's clone block (a view's private copy too): see checkForks
                    } else if (vad == null || !vad.isView()) {
                        violations.add(new Violation("section", pfn, String.format(
                                "0x%x of %s maps a section page but is not in a view", va, process)));
                    } else if (pfns.pteAddress(pfn) != vad.prototypePteAddress(va)) {
                        violations.add(new Violation("section", pfn, String.format(
                                "0x%x of %s maps the page of prototype PTE %s, its view shows %s", va, process,
                                org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)),
                                org.mmscope.sim.pte.Hex.windbg(vad.prototypePteAddress(va)))));
                    } else {
                        checkViewPte(process, vad, va, pfn, pte);
                    }
                    return 1;
                }
                checkPrivateInView(process, va, pfn, "a valid private page");
                expectIdentity(pfn, entryVa, table, String.format("page at 0x%x of %s", va, process));
                boolean inWorkingSet = !X64Paging.isKernelAddress(va) || mm.pools().isPageable(va);
                return hyperspace || !inWorkingSet ? 0 : 1;
            }
            case TRANSITION -> {
                int pfn = (int) Pte.pfn(pte);
                if (mm.pools().isProtectedFree(va, pte)) {
                    // a free page of the protected nonpaged pool: unmapped, but still the pool's
                    mapped(pfn, String.format("protected free pool page 0x%x", va));
                    expectIdentity(pfn, entryVa, table, String.format("protected free pool page 0x%x", va));
                    return 0;
                }
                checkPrivateInView(process, va, pfn, "a private page in transition");
                PageList location = pfns.location(pfn);
                if (location != PageList.STANDBY && location != PageList.MODIFIED
                        && location != PageList.MODIFIED_NO_WRITE && location != PageList.TRANSITION) {
                    violations.add(new Violation("transition-pte", pfn, String.format(
                            "transition PTE of 0x%x in %s names a page that is %s", va, process, location.ntName())));
                } else if (pfns.pteAddress(pfn) != entryVa || pfns.pteFrame(pfn) != table) {
                    violations.add(new Violation("transition-pte", pfn, String.format(
                            "transition PTE of 0x%x in %s: the page names PTE %s in frame 0x%x, expected %s in 0x%x", va,
                            process, org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)), pfns.pteFrame(pfn),
                            org.mmscope.sim.pte.Hex.windbg(entryVa), table)));
                }
                return 0;
            }
            case PAGING_FILE -> {
                slot(Pte.pageFileOffset(pte), String.format("PTE of 0x%x in %s", va, process));
                checkPrivateInView(process, va, -1, "a private page in the paging file");
                return 0;
            }
            case PROTOTYPE -> {
                Vad vad = process.vads().find(va);
                if (vad != null && mm.forks().isClonePrototype(Pte.prototypeAddress(pte))) {
                    return 0; // refers to a fork's clone prototype PTE: see checkForks
                }
                if (vad == null || !vad.isView() || vad.prototypePteAddress(va) != Pte.prototypeAddress(pte)) {
                    violations.add(new Violation("section", -1, String.format(
                            "0x%x of %s: prototype-format PTE naming %s, but %s", va, process,
                            org.mmscope.sim.pte.Hex.windbg(Pte.prototypeAddress(pte)),
                            vad == null || !vad.isView() ? "the address is in no view"
                                    : "its view shows " + org.mmscope.sim.pte.Hex.windbg(vad.prototypePteAddress(va)))));
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    /**
     * A valid PTE of {@code process} maps the page of its view's prototype PTE: it may not allow more
     * than the page's protection in the view; a copy-on-write page is write-protected and carries the
     * CopyOnWrite bit (else a write would change the section's page, or be refused).
     */
    private void checkViewPte(MmProcess process, Vad vad, long va, int pfn, long pte) {
        int protection = mm.sections().viewProtection(vad, va);
        boolean copyOnWrite = Protection.isCopyOnWrite(protection);
        if (Pte.isWritable(pte) && (copyOnWrite || !Protection.isWritable(protection))) {
            violations.add(new Violation("section", pfn, String.format(
                    "0x%x of %s maps its section page writable but its protection there is %s%s", va, process,
                    Protection.name(protection), copyOnWrite ? " (a write must copy the page)" : "")));
        }
        if (copyOnWrite && !Pte.isCopyOnWrite(pte)) {
            violations.add(new Violation("section", pfn, String.format(
                    "0x%x of %s maps its section page without the CopyOnWrite bit but its protection there is %s",
                    va, process, Protection.name(protection))));
        }
        if (!Pte.isNoExecute(pte) && !Protection.isExecutable(protection)) {
            violations.add(new Violation("section", pfn, String.format(
                    "0x%x of %s maps its section page executable but its protection there is %s", va, process,
                    Protection.name(protection))));
        }
    }

    /**
     * A private page (not the section's) at {@code va}: in a view it is a copy-on-write copy, so the
     * view's protection there must be copy-on-write.
     */
    private void checkPrivateInView(MmProcess process, long va, int pfn, String what) {
        if (views.isEmpty() || X64Paging.isKernelAddress(va)) {
            return;
        }
        for (Vad view : views) {
            if (view.contains(va)) {
                int protection = mm.sections().viewProtection(view, va);
                if (!Protection.isCopyOnWrite(protection)) {
                    violations.add(new Violation("section", pfn, String.format(
                            "0x%x of %s is %s in a view of %s whose protection there is %s, not copy-on-write", va,
                            process, what, view.section().name(), Protection.name(protection))));
                }
                return;
            }
        }
    }

    private void mapped(int pfn, String what) {
        mappings[pfn]++;
        if (pfns.location(pfn) != PageList.ACTIVE_AND_VALID) {
            violations.add(new Violation("valid-pte", pfn, String.format("a valid PTE (%s) maps a page that is %s",
                    what, pfns.location(pfn).ntName())));
        }
    }

    private void expectIdentity(int pfn, long pteAddress, int pteFrame, String what) {
        if (pfns.location(pfn) == PageList.ACTIVE_AND_VALID
                && (pfns.pteAddress(pfn) != pteAddress || pfns.pteFrame(pfn) != pteFrame)) {
            violations.add(new Violation("pte-address", pfn, String.format(
                    "%s: the PFN names PTE %s in frame 0x%x, expected %s in frame 0x%x", what,
                    org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)), pfns.pteFrame(pfn),
                    org.mmscope.sim.pte.Hex.windbg(pteAddress), pteFrame)));
        }
    }

    private void checkShareCounts() {
        for (int pfn = 0; pfn < pfns.pageCount(); pfn++) {
            boolean active = pfns.location(pfn) == PageList.ACTIVE_AND_VALID;
            if (active && pfns.shareCount(pfn) != mappings[pfn]) {
                violations.add(new Violation("share-count", pfn, String.format(
                        "share count %d but %d valid PTEs map the page%s", pfns.shareCount(pfn), mappings[pfn],
                        mappings[pfn] == 0 ? " (leaked)" : "")));
            }
            if (mappings[pfn] > 1 && !pfns.isPrototypePte(pfn)) {
                violations.add(new Violation("two-places", pfn, mappings[pfn] + " valid PTEs map one private page"));
            }
            if (!active && mappings[pfn] == 0 && pfns.location(pfn) != PageList.ZEROED
                    && pfns.location(pfn) != PageList.FREE && pfns.location(pfn) != PageList.BAD) {
                long original = pfns.originalPte(pfn);
                if (!pfns.isDeleted(pfn) && Pte.classify(original) == PteKind.PAGING_FILE) {
                    slot(Pte.pageFileOffset(original), String.format("original PTE of PFN 0x%x", pfn));
                }
            }
            if (active && !pfns.isDeleted(pfn) && Pte.classify(pfns.originalPte(pfn)) == PteKind.PAGING_FILE) {
                slot(Pte.pageFileOffset(pfns.originalPte(pfn)), String.format("original PTE of PFN 0x%x", pfn));
            }
        }
    }

    /**
     * The reverse direction: a page on Standby, Modified or ModifiedNoWrite, or in Transition without
     * I/O, still belongs to a PTE: the PTE its PFN entry names is a transition PTE naming the page.
     */
    private void checkPagesNamedByTheirPtes() {
        for (int pfn = 0; pfn < pfns.pageCount(); pfn++) {
            PageList location = pfns.location(pfn);
            boolean kept = location == PageList.STANDBY || location == PageList.MODIFIED
                    || location == PageList.MODIFIED_NO_WRITE
                    || (location == PageList.TRANSITION && !pfns.isReadInProgress(pfn) && !pfns.isWriteInProgress(pfn));
            if (!kept) {
                continue;
            }
            if (pfns.isDeleted(pfn)) {
                violations.add(new Violation("orphan-page", pfn, location.ntName()
                        + " page whose owner deleted it and that no I/O holds: it should be Free"));
                continue;
            }
            int frame = pfns.pteFrame(pfn);
            long pte = mm.tableEntry(frame, (int) ((pfns.pteAddress(pfn) & 0xFFF) >>> 3));
            if (!Pte.isTransition(pte) || Pte.pfn(pte) != pfn) {
                violations.add(new Violation("orphan-page", pfn, String.format(
                        "%s page names PTE %s in frame 0x%x, which is %s, not a transition PTE naming it",
                        location.ntName(), org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)), frame,
                        Pte.describe(pte))));
            }
        }
    }

    /**
     * Every prototype PTE of every live section: a valid one names an ActiveAndValid section page that
     * names it back; a transition one a page on a list (or in transition) that names it back; a
     * paging-file one holds its space; a subsection PTE names the subsection of its page, with that
     * subsection's protection; views counted on the control area exist. An image's pages are never
     * modified (they would be written back to the image) and never in the paging file; its transition
     * prototype PTEs carry their subsection's protection.
     */
    private void checkSections() {
        SectionManager sections = mm.sections();
        for (ControlArea area : sections.sections()) {
            int views = 0;
            for (MmProcess process : mm.processes()) {
                for (Vad vad : process.vads().all()) {
                    if (vad.section() == area) {
                        views++;
                    }
                }
            }
            if (views != area.mappedViews()) {
                violations.add(new Violation("section", -1, String.format("%s counts %d views, the processes have %d",
                        area, area.mappedViews(), views)));
            }
            for (long i = 0; i < area.pages(); i++) {
                long address = area.prototypePteAddress(i);
                long proto = sections.prototypePte(address);
                PteKind kind = Pte.classify(proto);
                String where = String.format("prototype PTE %s (page %d of %s)",
                        org.mmscope.sim.pte.Hex.windbg(address), i, area.name());
                if (kind == PteKind.HARDWARE || kind == PteKind.TRANSITION) {
                    int pfn = (int) Pte.pfn(proto);
                    PageList location = pfns.location(pfn);
                    boolean ok = kind == PteKind.HARDWARE ? location == PageList.ACTIVE_AND_VALID
                            : location == PageList.STANDBY || location == PageList.MODIFIED
                                    || location == PageList.MODIFIED_NO_WRITE || location == PageList.TRANSITION;
                    if (!ok || !pfns.isPrototypePte(pfn) || pfns.pteAddress(pfn) != address
                            || pfns.pteFrame(pfn) != sections.frameOf(address)) {
                        violations.add(new Violation("section", pfn, String.format(
                                "%s is %s but the page is %s, PrototypePte %b, naming %s in frame 0x%x", where,
                                Pte.describe(proto), location.ntName(), pfns.isPrototypePte(pfn),
                                org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)), pfns.pteFrame(pfn))));
                    }
                    if (area.isImage() && (pfns.isModified(pfn) || location == PageList.MODIFIED)) {
                        violations.add(new Violation("section", pfn, where + " maps a modified page of an image: "
                                + "no view may write an image page, and images are never written back"));
                    }
                    if (area.isImage() && kind == PteKind.TRANSITION && Pte.protection(proto) != area.protectionOf(i)) {
                        violations.add(new Violation("section", pfn, String.format("%s is %s, its subsection's"
                                + " protection is %s", where, Pte.describe(proto),
                                Protection.name(area.protectionOf(i)))));
                    }
                } else if (kind == PteKind.PAGING_FILE) {
                    slot(Pte.pageFileOffset(proto), where);
                    if (area.isImage()) {
                        violations.add(new Violation("section", -1, where + " is in the paging file, but an image's "
                                + "pages are never modified"));
                    }
                } else if (kind == PteKind.PROTOTYPE) {
                    long named = Pte.prototypeAddress(proto);
                    org.mmscope.sim.section.Subsection own = area.isFileBacked() ? area.subsectionOf(i) : null;
                    if (own == null || own.address() != named) {
                        violations.add(new Violation("section", -1, where + (area.isFileBacked()
                                && area.subsections().stream().anyMatch(s -> s.address() == named)
                                        ? " names another page's subsection" : " names no subsection of its section")));
                    } else if (Pte.protection(proto) != own.protection()) {
                        violations.add(new Violation("section", -1, String.format("%s is %s, its subsection%s has "
                                + "protection %s", where, Pte.describe(proto),
                                own.name().isEmpty() ? "" : " " + own.name(), Protection.name(own.protection()))));
                    }
                } else if (kind != PteKind.DEMAND_ZERO || area.isFileBacked()) {
                    violations.add(new Violation("section", -1, where + " is " + Pte.describe(proto)));
                }
            }
        }
    }

    /**
     * Read-ahead (mm-behaviour.md 4.6): the dummy page is ActiveAndValid with the memory manager's own
     * share (counted here as its one mapping) and no PTE, and holds one reference plus one per inner
     * dummy slot of the transfers in flight (none left over once they completed); the charge equals
     * the runs in flight; every page a cluster reads is in Transition with ReadInProgress and the
     * cluster's event, naming its prototype PTE, which is a transition PTE naming it; every resident
     * page of a cluster is held (referenced, on no list).
     */
    private void checkReadAhead() {
        org.mmscope.sim.mm.ReadAhead readAhead = mm.sections().readAhead();
        long inner = 0;
        long charge = 0;
        for (org.mmscope.sim.mm.ReadAhead.Cluster cluster : readAhead.clustersInFlight()) {
            inner += cluster.innerDummies();
            charge += cluster.pages();
            ControlArea area = cluster.area();
            for (int i = 0; i < cluster.pages(); i++) {
                int pfn = cluster.pfn(i);
                String where = String.format("read-ahead request %d, page %d of %s", cluster.requestId(),
                        cluster.firstPage() + i, area.name());
                if (!cluster.isRead(i)) {
                    if (pfns.location(pfn).isLinked() || pfns.referenceCount(pfn) < 1) {
                        violations.add(new Violation("read-ahead", pfn, where + ": the resident page is "
                                + pfns.location(pfn).ntName() + " with reference count " + pfns.referenceCount(pfn)));
                    }
                    continue;
                }
                if (pfns.location(pfn) != PageList.TRANSITION || !pfns.isReadInProgress(pfn)
                        || !pfns.isPrototypePte(pfn) || pfns.eventId(pfn) != cluster.eventId()) {
                    violations.add(new Violation("read-ahead", pfn, String.format(
                            "%s: the page read is %s, ReadInProgress %b, PrototypePte %b, event %s (the cluster's is %d)",
                            where, pfns.location(pfn).ntName(), pfns.isReadInProgress(pfn), pfns.isPrototypePte(pfn),
                            pfns.location(pfn) == PageList.TRANSITION ? pfns.eventId(pfn) : "-", cluster.eventId())));
                    continue;
                }
                if (area.isDeleted() || pfns.isDeleted(pfn)) {
                    continue; // its section went away: the page is freed when the read completes
                }
                long address = area.prototypePteAddress(cluster.firstPage() + i);
                long proto = mm.sections().prototypePte(address);
                if (pfns.pteAddress(pfn) != address || !Pte.isTransition(proto) || Pte.pfn(proto) != pfn) {
                    violations.add(new Violation("read-ahead", pfn, String.format(
                            "%s: the page names PTE %s, its prototype PTE %s is %s", where,
                            org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)),
                            org.mmscope.sim.pte.Hex.windbg(address), Pte.describe(proto))));
                }
            }
        }
        if (readAhead.chargedPages() != charge) {
            violations.add(new Violation("read-ahead", -1, String.format(
                    "read-ahead charges %d pages but the runs in flight have %d", readAhead.chargedPages(), charge)));
        }
        int dummy = readAhead.dummyPage();
        if (dummy < 0) {
            if (inner != 0) {
                violations.add(new Violation("read-ahead", -1, "transfers hold dummy slots but there is no dummy page"));
            }
            return;
        }
        mapped(dummy, "the read-ahead dummy page");
        if (!pfns.isDeleted(dummy) || pfns.isPrototypePte(dummy) || pfns.location(dummy) != PageList.ACTIVE_AND_VALID
                || pfns.shareCount(dummy) != 1) {
            violations.add(new Violation("read-ahead", dummy, String.format(
                    "the dummy page is %s, share count %d, PTE %s, PrototypePte %b; expected ActiveAndValid, share"
                            + " count 1, no PTE", pfns.location(dummy).ntName(), pfns.shareCount(dummy),
                    org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(dummy)), pfns.isPrototypePte(dummy))));
        }
        if (pfns.referenceCount(dummy) != 1 + inner) {
            violations.add(new Violation("read-ahead", dummy, String.format(
                    "the dummy page has reference count %d; its own 1 and the %d inner dummy slots in flight make %d%s",
                    pfns.referenceCount(dummy), inner, 1 + inner,
                    pfns.referenceCount(dummy) > 1 + inner ? " (references leaked)" : "")));
        }
    }

    /**
     * Fork clone blocks (mm-behaviour.md 4.5): each clone prototype PTE's reference count equals the
     * process PTEs (valid or prototype format) that refer to it, and a block's count is their sum; a
     * finished fork's block has references (else it should have been freed); an unreferenced entry is
     * zero; a referenced one is valid (an ActiveAndValid page naming it, whose share count is the valid
     * PTEs that refer to it), in transition (a page on a list or under I/O naming it, mapped by no
     * valid PTE) or in the paging file (its space in use). No valid PTE lets a process write a clone
     * page. Each process's private-page counter equals its pages that are valid, in transition or in
     * the paging file and not shared through a clone block.
     */
    private void checkForks() {
        org.mmscope.sim.mm.ForkManager forks = mm.forks();
        java.util.TreeMap<Long, long[]> referrers = new java.util.TreeMap<>(); // address -> {PTEs, valid PTEs}
        for (MmProcess process : mm.processes()) {
            if (process == mm.systemProcess()) {
                continue;
            }
            long[] privatePages = new long[1];
            for (int i = 0; i < X64Paging.FIRST_KERNEL_PML4_INDEX; i++) {
                countForkPtes(process, process.pml4(), 4, X64Paging.canonical((long) i << 39), i, referrers,
                        privatePages);
            }
            if (privatePages[0] != process.privatePages()) {
                violations.add(new Violation("fork", -1, String.format(
                        "%s counts %d private pages but has %d (valid, transition or paging file, not shared)",
                        process, process.privatePages(), privatePages[0])));
            }
        }
        for (org.mmscope.sim.section.CloneBlock block : forks.cloneBlocks()) {
            long sum = 0;
            for (int i = 0; i < block.entries(); i++) {
                long address = block.prototypePteAddress(i);
                long proto = forks.prototypePte(address);
                long stored = forks.referenceCount(address);
                long[] counted = referrers.getOrDefault(address, new long[2]);
                sum += stored;
                if (stored != counted[0]) {
                    violations.add(new Violation("fork", -1, String.format(
                            "%s counts %d references but %d process PTEs refer to it", cloneWhere(block, i), stored,
                            counted[0])));
                }
                PteKind kind = Pte.classify(proto);
                if (stored == 0) {
                    if (kind != PteKind.ZERO) {
                        violations.add(new Violation("fork", -1, cloneWhere(block, i) + " has no reference but is "
                                + Pte.describe(proto)));
                    }
                    continue;
                }
                switch (kind) {
                    case HARDWARE, TRANSITION -> {
                        int pfn = (int) Pte.pfn(proto);
                        PageList location = pfns.location(pfn);
                        boolean ok = kind == PteKind.HARDWARE ? location == PageList.ACTIVE_AND_VALID
                                && pfns.shareCount(pfn) == counted[1]
                                : (location == PageList.STANDBY || location == PageList.MODIFIED
                                        || location == PageList.MODIFIED_NO_WRITE || location == PageList.TRANSITION)
                                        && counted[1] == 0;
                        if (!ok || !pfns.isPrototypePte(pfn) || pfns.pteAddress(pfn) != address
                                || pfns.pteFrame(pfn) != mm.sections().frameOf(address)) {
                            violations.add(new Violation("fork", pfn, String.format(
                                    "%s is %s, %d valid PTEs map it, but the page is %s with share count %d,"
                                            + " PrototypePte %b, naming %s in frame 0x%x", cloneWhere(block, i),
                                    Pte.describe(proto),
                                    counted[1], location.ntName(), pfns.shareCount(pfn), pfns.isPrototypePte(pfn),
                                    org.mmscope.sim.pte.Hex.windbg(pfns.pteAddress(pfn)), pfns.pteFrame(pfn))));
                        }
                    }
                    case PAGING_FILE -> slot(Pte.pageFileOffset(proto), cloneWhere(block, i));
                    case DEMAND_ZERO -> {
                    }
                    default -> violations.add(new Violation("fork", -1, cloneWhere(block, i) + " is "
                            + Pte.describe(proto)));
                }
                if (kind != PteKind.HARDWARE && counted[1] != 0) {
                    violations.add(new Violation("fork", -1, String.format("%s is %s but %d valid PTEs map it",
                            cloneWhere(block, i), Pte.describe(proto), counted[1])));
                }
            }
            if (sum != block.references()) {
                violations.add(new Violation("fork", -1, String.format(
                        "%s counts %d references, its entries %d", block, block.references(), sum)));
            }
            if (block.references() == 0 && !block.isOpen()) {
                violations.add(new Violation("fork", -1, block + " has no reference left but was not freed"));
            }
        }
    }

    private static String cloneWhere(org.mmscope.sim.section.CloneBlock block, int index) {
        return String.format("clone prototype PTE %s (entry %d of %s)",
                org.mmscope.sim.pte.Hex.windbg(block.prototypePteAddress(index)), index, block);
    }

    /** Walks a user page-table entry for {@link #checkForks}: clone references and private pages. */
    private void countForkPtes(MmProcess process, int table, int level, long va, int index,
            java.util.TreeMap<Long, long[]> referrers, long[] privatePages) {
        long entry = mm.tableEntry(table, index);
        if (entry == 0) {
            return;
        }
        if (level > 1) {
            if (!Pte.isValid(entry)) {
                return; // reported by the address-space walk
            }
            int child = (int) Pte.pfn(entry);
            int shift = 12 + 9 * (level - 2);
            for (int i = 0; i < X64Paging.ENTRIES_PER_TABLE; i++) {
                countForkPtes(process, child, level - 1, va + ((long) i << shift), i, referrers, privatePages);
            }
            return;
        }
        long protoAddress;
        boolean valid = Pte.isValid(entry);
        switch (Pte.classify(entry)) {
            case HARDWARE -> {
                int pfn = (int) Pte.pfn(entry);
                if (!pfns.isPrototypePte(pfn)) {
                    privatePages[0]++;
                    return;
                }
                protoAddress = pfns.pteAddress(pfn);
            }
            case PROTOTYPE -> protoAddress = Pte.prototypeAddress(entry);
            case TRANSITION, PAGING_FILE -> {
                privatePages[0]++;
                return;
            }
            default -> {
                return;
            }
        }
        if (!mm.forks().isClonePrototype(protoAddress)) {
            return; // a section page
        }
        long[] count = referrers.computeIfAbsent(protoAddress, a -> new long[2]);
        count[0]++;
        if (valid) {
            count[1]++;
            if (Pte.isWritable(entry)) {
                violations.add(new Violation("fork", Pte.pfn(entry), String.format(
                        "0x%x of %s maps a page shared through a clone block writable: a write would change it for"
                                + " the other process too", va, process)));
            }
        }
    }

    private void slot(long offset, String who) {
        if (slots.get((int) offset)) {
            violations.add(new Violation("paging-file", -1, String.format(
                    "paging-file page 0x%x is referred to twice (again by the %s)", offset, who)));
        }
        slots.set((int) offset);
        if (!mm.pagingFile().isAllocated(offset)) {
            violations.add(new Violation("paging-file", -1, String.format(
                    "the %s refers to paging-file page 0x%x, which is free", who, offset)));
        }
    }

    private void checkPagingFile() {
        PagingFile file = mm.pagingFile();
        long inFlight = 0;
        for (int pfn = 0; pfn < pfns.pageCount(); pfn++) {
            if (pfns.isWriteInProgress(pfn) && pfns.isDeleted(pfn)) {
                inFlight++; // freed when the write completes
            }
        }
        if (file.allocatedCount() != slots.cardinality() + inFlight) {
            violations.add(new Violation("paging-file", -1, String.format(
                    "%d paging-file pages are allocated but %d are referred to (%d by writes of deleted pages)",
                    file.allocatedCount(), slots.cardinality() + inFlight, inFlight)));
        }
    }

    private void checkTlbs() {
        for (int c = 0; c < mm.cpuCount(); c++) {
            Cpu cpu = mm.cpu(c);
            Tlb tlb = cpu.tlb();
            tlb.forEachValid((slot, space, va, pfn, attributes) -> {
                MmProcess owner = null;
                for (MmProcess process : mm.processes()) {
                    if (process.pml4() == space) {
                        owner = process;
                    }
                }
                if ((tlb.attributes(slot) & Tlb.GLOBAL) != 0) {
                    owner = mm.systemProcess(); // a global entry is the kernel half's, shared by all
                }
                long pte = owner == null ? 0 : mm.pte(owner, va);
                boolean allowed = Pte.isValid(pte) && Pte.pfn(pte) == pfn
                        && (!tlb.isWritable(slot) || Pte.isWritable(pte))
                        && (!tlb.isUser(slot) || Pte.isUser(pte))
                        && (tlb.isNoExecute(slot) || !Pte.isNoExecute(pte));
                if (!allowed) {
                    violations.add(new Violation("stale-tlb", pfn, String.format(
                            "CPU %d caches 0x%x -> PFN 0x%x for address space 0x%x but the PTE is %s", cpu.number(), va,
                            pfn, space, owner == null ? "gone (process exited)" : Pte.describe(pte))));
                }
            });
        }
    }
}
