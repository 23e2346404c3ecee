package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.IoStatus;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadState;
import org.mmscope.sim.sched.WaitReason;
import org.mmscope.sim.sched.WaitableEvent;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.section.Subsection;

/**
 * Read-ahead clusters of a mapped file (mm-behaviour.md 4.6; NT: MiCcPutPagesInTransition, the
 * routine the cache manager's read-ahead uses, and the completion that releases the pages): a run of a
 * file-backed section's prototype PTEs is put in transition and the missing pages are read with one
 * contiguous transfer.
 *
 * <h2>One read-ahead ({@link #readAhead})</h2>
 * <ol>
 * <li>A run so long that the dummy page's 16-bit reference count could wrap is refused
 * ({@link Status#TOO_LONG}); a run that available pages minus the high threshold cannot cover fails
 * ({@link Status#NO_MEMORY}). Neither changes anything.</li>
 * <li>A page of the run whose read is in flight (ReadInProgress, someone else's read): the caller
 * waits on that page's in-page event and asks again ({@link Status#WAIT}); nothing has changed yet.
 * NT meets such a page in the middle of its loop; MmScope looks for one first, so that waiting never
 * has to undo half a run.</li>
 * <li>The run is charged against resident-available pages up front ({@link #chargedPages()}); the
 * machine's one dummy page takes one reference per page of the run.</li>
 * <li>Each prototype PTE (they are in nonpaged pool: the page-table page NT locks is always resident):
 * <ul>
 * <li>valid: the page takes a reference and is not read; the dummy page stands in for it in the
 * transfer;</li>
 * <li>transition: a page whose read failed (InPageError) is discarded as a fault would (its prototype
 * PTE goes back to the subsection PTE, the page to Free) and read again here; any other page (Standby,
 * Modified, held by a write or by a completed read) takes a reference, is unlinked from its list and
 * is not read;</li>
 * <li>a subsection PTE: a page of the colour of the page's index in the section (NT colours by the
 * address) goes in transition with ReadInProgress and the cluster's in-page event, the prototype PTE
 * becomes a transition PTE naming it; it needs I/O.</li>
 * </ul></li>
 * <li>Nothing needs I/O: the dummy references, the charge and the references on the resident pages are
 * given back ({@link Status#RESIDENT}).</li>
 * <li>Otherwise the leading and trailing dummy slots are trimmed off the transfer, inner ones stay (one
 * contiguous read from the first to the last missing page; the dummy keeps one reference per inner
 * slot, the others are given back), one disk read is issued ({@code Disk.submitRead} with the dummy
 * page in the holes) and the caller waits on the cluster's event ({@link Status#READ_ISSUED}).</li>
 * </ol>
 * A thread that faults on a page of the cluster while the read is in flight is a collided fault: it
 * waits on the page's event, which is the cluster's ({@code SectionManager} transitionPrototype).
 *
 * <h2>Completion ({@link #completed})</h2>
 * {@code MemoryManager.readCompleted} clears ReadInProgress on every page read (the dummy page is
 * skipped), marks InPageError on them if the read failed and frees the pages whose section went away;
 * then this class drops the cluster's references: a page read goes to Standby (a clean page of a file)
 * or, with InPageError, is discarded (its prototype PTE goes back to the subsection PTE and the page to
 * Free, NT: MiDecrementReferenceCount), so the next access reads it again; the resident pages get
 * their reference back; the dummy gives back its inner references and the charge is returned. Then
 * the event is set: the caller and every collided thread run again and find the pages.
 *
 * <h2>The dummy page</h2>
 * One page for the whole machine, taken the first time a read-ahead runs and kept: ActiveAndValid,
 * share count 1 (the memory manager's own hold; no PTE maps it, it has no PTE address), reference count
 * 1 plus one per inner dummy slot of the transfers in flight. The disk writes the file's data for the
 * resident pages into it, where nobody looks.
 *
 * <h2>Events</h2>
 * {@link MmEventType#READ_AHEAD} once per call (va = the run's first prototype PTE, old = the
 * {@link Status} ordinal, new = pages read, detail = pages of the run); {@link MmEventType#DUMMY_PAGE_USE}
 * when the dummy takes or gives back references (detail = the change, negative when given back, old/new
 * = its reference count before/after); {@link MmEventType#IN_PAGE_START} per transfer and
 * {@link MmEventType#IN_PAGE_COMPLETE} or {@link MmEventType#IN_PAGE_ERROR} when it ends; page-list
 * transitions and prototype PTE writes as everywhere else.
 *
 * <p>Deviations from NT: MmScope has no global resident-available count, so the charge is kept here;
 * the caller gets nothing back to copy from (NT's cache manager copies out of the pages and releases
 * them itself), so the references of a run that needs no I/O are released at once and those of a read
 * when it completes; files are whole pages, so the last page is never partial.
 */
public final class ReadAhead implements Serializable {

    /** What {@link #readAhead} did. */
    public enum Status {
        /** Every page of the run was in memory: nothing is read and nothing stays held. */
        RESIDENT,
        /** The missing pages are being read in one transfer; the caller waits until it completes. */
        READ_ISSUED,
        /** A page of the run is being read by someone else; the caller waits for it, then asks again. */
        WAIT,
        /** Refused: the dummy page's 16-bit reference count could wrap. Nothing changed. */
        TOO_LONG,
        /** Failed: available pages minus the high threshold cannot cover the run. Nothing changed. */
        NO_MEMORY
    }

    /** A read-ahead whose transfer is in flight (a read list, NT: its MMINPAGE_SUPPORT and MDL). */
    public static final class Cluster implements Serializable {
        private final long requestId;
        private final ControlArea area;
        private final long firstPage;
        private final int[] pages;
        private final boolean[] read;
        private final int firstRead;
        private final int lastRead;
        private final int innerDummies;
        private final int eventId;

        Cluster(long requestId, ControlArea area, long firstPage, int[] pages, boolean[] read, int firstRead,
                int lastRead, int innerDummies, int eventId) {
            this.requestId = requestId;
            this.area = area;
            this.firstPage = firstPage;
            this.pages = pages;
            this.read = read;
            this.firstRead = firstRead;
            this.lastRead = lastRead;
            this.innerDummies = innerDummies;
            this.eventId = eventId;
        }

        /** The disk request reading the cluster. */
        public long requestId() {
            return requestId;
        }

        /** The section whose pages are read. */
        public ControlArea area() {
            return area;
        }

        /** The section page the run starts at. */
        public long firstPage() {
            return firstPage;
        }

        /** Pages in the run (what is charged). */
        public int pages() {
            return pages.length;
        }

        /** The page of run slot {@code i}: the page being read, or the resident page referenced. */
        public int pfn(int i) {
            return pages[i];
        }

        /** True if run slot {@code i} is read by the transfer; false if its page was resident. */
        public boolean isRead(int i) {
            return read[i];
        }

        /** Run slot of the transfer's first page. */
        public int firstRead() {
            return firstRead;
        }

        /** Run slot of the transfer's last page. */
        public int lastRead() {
            return lastRead;
        }

        /** Dummy slots inside the transfer: references the dummy page holds for it. */
        public int innerDummies() {
            return innerDummies;
        }

        /** The in-page event every page read waits on (its PFN's u1.Event). */
        public int eventId() {
            return eventId;
        }
    }

    private final MemoryManager mm;
    private final SectionManager sections;
    private final PfnDatabase pfns;
    private final TreeMap<Long, Cluster> inFlight = new TreeMap<>();
    private int dummy = PfnDatabase.NO_PAGE;
    private long charged;
    private long clusters;
    private long pagesRead;

    ReadAhead(MemoryManager mm, SectionManager sections) {
        this.mm = mm;
        this.sections = sections;
        this.pfns = mm.pfns();
    }

    // ------------------------------------------------------------------------------ queries

    /** The machine's dummy page, or {@link PfnDatabase#NO_PAGE} before the first read-ahead. */
    public int dummyPage() {
        return dummy;
    }

    /** Pages charged against resident-available by the read-aheads in flight. */
    public long chargedPages() {
        return charged;
    }

    /** The clusters whose transfer is in flight, oldest first. */
    public List<Cluster> clustersInFlight() {
        return List.copyOf(inFlight.values());
    }

    /** Transfers issued so far. */
    public long clustersIssued() {
        return clusters;
    }

    /** Pages put in transition for reading so far. */
    public long pagesReadAhead() {
        return pagesRead;
    }

    // ------------------------------------------------------------------------------ read-ahead

    /**
     * What a thread does for a scenario's {@code readahead}: reads pages {@code firstPage..+pages} of
     * the section {@code area} gives (asked once, when the operation starts) ahead, waits while another
     * read of one of its pages is in flight and asks again, and, when it issued the read, waits until
     * it completes. A refused or failed read-ahead is an event, not an error.
     */
    public static Operation operation(String description, SerialFunctions.SectionLookup area, long firstPage,
            long pages) {
        Objects.requireNonNull(area, "area");
        return new Operation() {
            private ControlArea section;
            private boolean issued;

            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                if (issued) {
                    return Progress.DONE; // woken by the completion of our read
                }
                if (section == null) {
                    section = area.apply(simulation);
                }
                Status status = simulation.memoryManager().sections().readAhead(section, firstPage, pages, thread);
                switch (status) {
                    case READ_ISSUED -> {
                        issued = true;
                        return Progress.BLOCKED;
                    }
                    case WAIT -> {
                        return Progress.BLOCKED;
                    }
                    default -> {
                        return Progress.DONE;
                    }
                }
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /**
     * Puts pages {@code firstPage..firstPage+pages-1} of {@code area} in transition and reads the
     * missing ones in one transfer (NT: MiCcPutPagesInTransition; see the class comment).
     *
     * <p>Preconditions: {@code area} is a live, file-backed section; the run is 1 or more pages inside it
     * and inside one subsection; {@code thread} can wait (it is not waiting or terminated).
     *
     * @return what was done; with {@link Status#READ_ISSUED} or {@link Status#WAIT} the thread waits
     */
    public Status readAhead(ControlArea area, long firstPage, long pages, SimThread thread) {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(thread, "thread");
        if (!area.isFileBacked()) {
            throw new IllegalArgumentException("read-ahead reads a file: " + area + " is backed by the paging file");
        }
        if (area.isDeleted()) {
            throw new IllegalArgumentException(area + " was deleted");
        }
        if (pages < 1 || firstPage < 0 || firstPage > area.pages() - pages) {
            throw new IllegalArgumentException(String.format("a read-ahead of pages %d..+%d does not fit %s",
                    firstPage, pages, area));
        }
        Subsection subsection = area.subsectionOf(firstPage);
        if (firstPage + pages > subsection.firstPage() + subsection.pages()) {
            throw new IllegalArgumentException(String.format(
                    "a read-ahead of pages %d..+%d of %s crosses the end of a subsection", firstPage, pages, area));
        }
        if (thread.state() == ThreadState.WAITING || thread.state() == ThreadState.TERMINATED) {
            throw new IllegalStateException(thread + " cannot read ahead: it is " + thread.state());
        }
        thread.enter("MiCcPutPagesInTransition");
        try {
            return putInTransition(area, firstPage, (int) Math.min(pages, Integer.MAX_VALUE), pages, thread);
        } finally {
            thread.leave();
        }
    }

    private Status putInTransition(ControlArea area, long firstPage, int count, long pages, SimThread thread) {
        long firstPte = area.prototypePteAddress(firstPage);
        int held = dummy == PfnDatabase.NO_PAGE ? 1 : pfns.referenceCount(dummy);
        if (pages > PfnDatabase.MAX_REFERENCE_COUNT - held) {
            return finish(Status.TOO_LONG, firstPte, 0, pages);
        }
        if (pfns.availablePages() - mm.highThreshold() < pages) {
            return finish(Status.NO_MEMORY, firstPte, 0, pages);
        }
        for (int i = 0; i < count; i++) {
            long address = area.prototypePteAddress(firstPage + i);
            long proto = sections.prototypePte(address);
            if (Pte.isTransition(proto) && pfns.isReadInProgress((int) Pte.pfn(proto))) {
                // someone else's read is in flight: wait for it, then start again
                int pfn = (int) Pte.pfn(proto);
                WaitableEvent inPage = mm.scheduler().event(pfns.eventId(pfn));
                mm.events().emit(MmEventType.COLLIDED_FAULT, pfn, address, 0, 0, inPage.id());
                mm.scheduler().waitOn(thread, inPage, WaitReason.COLLIDED_PAGE_IN);
                return finish(Status.WAIT, firstPte, 0, pages);
            }
        }
        if (dummy == PfnDatabase.NO_PAGE) {
            dummy = mm.takeZeroedPage(0);
            pfns.makeActive(dummy, PfnDatabase.NO_PTE_ADDRESS, PfnDatabase.NO_PTE_FRAME, 0);
        }
        charged += count;
        changeDummyReferences(count);

        int[] slots = new int[count];
        boolean[] read = new boolean[count];
        int reads = 0;
        WaitableEvent inPage = null;
        int colourMask = pfns.colours() - 1;
        for (int i = 0; i < count; i++) {
            long address = area.prototypePteAddress(firstPage + i);
            long proto = sections.prototypePte(address);
            if (Pte.isTransition(proto) && pfns.isInPageError((int) Pte.pfn(proto))) {
                proto = discardFailedPage((int) Pte.pfn(proto), address);
            }
            switch (Pte.classify(proto)) {
                case HARDWARE -> {
                    slots[i] = (int) Pte.pfn(proto);
                    pfns.incrementReferenceCount(slots[i]);
                }
                case TRANSITION -> {
                    int pfn = (int) Pte.pfn(proto);
                    PageList from = pfns.location(pfn);
                    if (from.isLinked()) {
                        pfns.unlinkFromList(pfn);
                        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, address, from.code(),
                                PageList.TRANSITION.code(), 0);
                    }
                    pfns.incrementReferenceCount(pfn);
                    slots[i] = pfn;
                }
                case PROTOTYPE -> {
                    if (inPage == null) {
                        inPage = mm.scheduler().createEvent(String.format("read-ahead %s pages %d..+%d",
                                area.name(), firstPage, count));
                    }
                    int pfn = pfns.removeAnyPage((int) ((firstPage + i) & colourMask));
                    if (pfn < 0) {
                        throw new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT,
                                BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, pfns.availablePages(), count, i,
                                "read-ahead found no page although " + pfns.availablePages() + " are available");
                    }
                    PageList from = pfns.lastRemovedFrom();
                    pfns.initializeReadInProgress(pfn, address, sections.frameOf(address), proto, inPage.id());
                    pfns.setPrototypePte(pfn, true);
                    sections.writePrototype(address, Pte.transition(pfn, area.protectionOf(firstPage + i)));
                    mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, address, from.code(),
                            PageList.TRANSITION.code(), 0);
                    slots[i] = pfn;
                    read[i] = true;
                    reads++;
                }
                default -> throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT,
                        BugCheckCode.MM_WORKING_SET_CORRUPT, address, proto, area.id(), String.format(
                                "prototype PTE 0x%x of file-backed %s holds %s", address, area, Pte.describe(proto)));
            }
        }

        if (reads == 0) {
            changeDummyReferences(-count);
            charged -= count;
            for (int i = 0; i < count; i++) {
                release(slots[i], area.prototypePteAddress(firstPage + i));
            }
            return finish(Status.RESIDENT, firstPte, 0, pages);
        }
        int first = 0;
        while (!read[first]) {
            first++;
        }
        int last = count - 1;
        while (!read[last]) {
            last--;
        }
        int[] transfer = new int[last - first + 1];
        for (int i = first; i <= last; i++) {
            transfer[i - first] = read[i] ? slots[i] : dummy;
        }
        int inner = transfer.length - reads;
        changeDummyReferences(-(count - inner));
        Subsection subsection = area.subsectionOf(firstPage);
        long offset = subsection.fileOffsetOf(firstPage + first);
        long id = mm.disk().submitRead(area.file(), offset, transfer, transfer.length, mm.memory());
        long firstRead = area.prototypePteAddress(firstPage + first);
        MemoryManager.IoRequest request = new MemoryManager.IoRequest(id, false, transfer, thread.processId(),
                firstRead, inPage.id());
        mm.ioRequests.put(id, request);
        for (int i = first; i <= last; i++) {
            if (read[i]) {
                mm.readsByPfn.put(slots[i], request);
            }
        }
        inFlight.put(id, new Cluster(id, area, firstPage, slots, read, first, last, inner, inPage.id()));
        clusters++;
        pagesRead += reads;
        mm.events().emit(MmEventType.IN_PAGE_START, transfer[0], firstRead, 0, 0, id);
        Status status = finish(Status.READ_ISSUED, firstPte, reads, pages);
        mm.scheduler().waitOn(thread, inPage, WaitReason.PAGE_IN);
        mm.checkAvailable();
        return status;
    }

    /**
     * A transition page whose read failed and that no thread claimed yet is discarded the way a fault
     * discards it (SectionManager transitionPrototype): its prototype PTE goes back to its original
     * (subsection) form and the page to Free. Returns the prototype PTE now.
     */
    private long discardFailedPage(int pfn, long address) {
        long original = pfns.originalPte(pfn);
        mm.readsByPfn.remove(pfn);
        sections.writePrototype(address, original);
        pfns.markDeleted(pfn);
        pfns.setInPageError(pfn, false);
        PageList to = pfns.decrementReferenceCount(pfn);
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, address, PageList.TRANSITION.code(), to.code(), 0);
        return original;
    }

    private Status finish(Status status, long firstPte, int reads, long pages) {
        mm.events().emit(MmEventType.READ_AHEAD, -1, firstPte, status.ordinal(), reads, pages);
        return status;
    }

    /** Takes ({@code delta} &gt; 0) or gives back references of the dummy page. */
    private void changeDummyReferences(int delta) {
        int before = pfns.referenceCount(dummy);
        if (delta > 0 && delta > PfnDatabase.MAX_REFERENCE_COUNT - before) {
            throw new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT,
                    BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT, dummy, before, delta, String.format(
                            "the dummy page's reference count %d would wrap taking %d more", before, delta));
        }
        if (delta < 0 && before + delta < 1) {
            throw new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT,
                    BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT, dummy, before, delta, String.format(
                            "the dummy page's reference count %d would drop below its own 1 giving back %d", before,
                            -delta));
        }
        for (int i = 0; i < delta; i++) {
            pfns.incrementReferenceCount(dummy);
        }
        for (int i = 0; i < -delta; i++) {
            pfns.decrementReferenceCount(dummy);
        }
        if (delta != 0) {
            mm.events().emit(MmEventType.DUMMY_PAGE_USE, dummy, 0, before, pfns.referenceCount(dummy), delta);
        }
    }

    /** Drops one reference of a page of a run, reporting a move to a list. */
    private void release(int pfn, long va) {
        PageList before = pfns.location(pfn);
        PageList after = pfns.decrementReferenceCount(pfn);
        if (after != before) {
            mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, before.code(), after.code(), 0);
        }
    }

    // ------------------------------------------------------------------------------ completion

    /**
     * The cluster's part of the completion of disk request {@code request} (NT: the completion of a
     * read list, MiCcCompletePrototypePages-like): called by {@code MemoryManager.readCompleted} after it
     * cleared ReadInProgress on the pages read, marked InPageError on them if the read failed and freed
     * those whose section went away; does nothing for a request that is not a read-ahead.
     *
     * <p>Preconditions: the pages read are no longer ReadInProgress; the pages still held by the
     * request are in {@code MemoryManager.readsByPfn} under it.
     *
     * @return true if the request was a read-ahead cluster
     */
    boolean completed(MemoryManager.IoRequest request, IoStatus status) {
        Cluster cluster = inFlight.remove(request.id);
        if (cluster == null) {
            return false;
        }
        for (int i = 0; i < cluster.pages.length; i++) {
            int pfn = cluster.pages[i];
            long address = cluster.area.isDeleted() ? 0 : cluster.area.prototypePteAddress(cluster.firstPage + i);
            if (!cluster.read[i]) {
                release(pfn, address); // a resident page gets its reference back
                continue;
            }
            if (pfns.isReadInProgress(pfn)) {
                throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_UNKNOWN_IO_COMPLETION,
                        pfn, request.id, status.ordinal(), String.format(
                                "read-ahead request %d completed but PFN 0x%x is still ReadInProgress", request.id, pfn));
            }
            if (mm.readsByPfn.get(pfn) != request) {
                continue; // freed already: its section was deleted while the read was in flight
            }
            mm.readsByPfn.remove(pfn);
            // clean: Standby; InPageError: discarded, its prototype PTE restored (the repurpose hook)
            release(pfn, address);
        }
        changeDummyReferences(-cluster.innerDummies);
        charged -= cluster.pages.length;
        return true;
    }

    @Override
    public String toString() {
        return String.format("ReadAhead[dummy 0x%x, %d in flight, %d charged, %d issued, %d pages read]", dummy,
                inFlight.size(), charged, clusters, pagesRead);
    }

    /** The clusters in flight that read a page of {@code area} (for views). */
    public List<Cluster> clustersOf(ControlArea area) {
        List<Cluster> list = new ArrayList<>();
        for (Cluster cluster : inFlight.values()) {
            if (cluster.area == area) {
                list.add(cluster);
            }
        }
        return list;
    }
}
