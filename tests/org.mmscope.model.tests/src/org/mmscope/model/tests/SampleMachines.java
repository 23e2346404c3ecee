package org.mmscope.model.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.util.InternalEList;
import org.mmscope.model.CloneBlock;
import org.mmscope.model.ControlArea;
import org.mmscope.model.Counter;
import org.mmscope.model.Cpu;
import org.mmscope.model.EventRecord;
import org.mmscope.model.Irql;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PageTable;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PoolAllocation;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.PoolPageState;
import org.mmscope.model.PoolState;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.model.PoolType;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;
import org.mmscope.model.SubsectionInfo;
import org.mmscope.model.ThreadInfo;
import org.mmscope.model.TlbEntry;
import org.mmscope.model.VadInfo;
import org.mmscope.model.WorkingSet;
import org.mmscope.model.WorkingSetEntry;
import org.mmscope.sim.pfn.PfnFlags;
import org.mmscope.sim.pte.X64Paging;

/**
 * Machines built by hand for tests: {@link #sample()} has every class of the model with every
 * changeable attribute set to a distinctive value that is not its default (SnapshotStoreTest checks
 * that it stays so when the model grows); {@link #withPfnEntries(int)} is a machine of a given size.
 */
public final class SampleMachines {

    private static final MmFactory F = MmFactory.eINSTANCE;

    private SampleMachines() {
    }

    /** Raw PFN flags holding {@code location}, {@code priority}, cache attribute {@code cache} and {@code bits}. */
    public static int flags(PageList location, int priority, int cache, int bits) {
        return location.getValue() << PfnFlags.LOCATION_SHIFT | priority << PfnFlags.PRIORITY_SHIFT
                | cache << PfnFlags.CACHE_ATTRIBUTE_SHIFT | bits;
    }

    /** A small machine with every class and every changeable attribute set, none to its default. */
    public static Machine sample() {
        Machine machine = F.createMachine();
        machine.setName("sample <&> \"quoted\" 'single' \u00e9\u00e8 \u2713 \ud83d\udc19 tab\there\nnewline");
        machine.setRamBytes(256L << 20);
        machine.setPageSize(8192);
        machine.setColours(16);
        machine.setSeed(0xDEADBEEF_CAFEF00DL);
        machine.setSimulatedTimeNanos(Long.MAX_VALUE - 7);
        machine.setEventSequence(41_999);
        machine.setSteps(123_456_789_012L);
        machine.setAvailablePages(54_321);
        machine.setPagingFilePages(131_072);
        machine.setPagingFileUsed(777);
        machine.setBugCheck("0x1A (0xF203, 0xFFFFF680_0001D0A8, 0, 0)");

        machine.getCpus().add(cpu(0, Irql.DISPATCH_LEVEL, 0x12));
        machine.getCpus().add(cpu(1, Irql.APC_LEVEL, 0x34));
        machine.setPfnDatabase(pfnDatabase());
        machine.getProcesses().add(process(4, "System", 0x1000));
        machine.getProcesses().add(process(0x2A8, "notepad.exe", 0x5000));
        machine.setPools(pools());
        machine.getSections().add(section());
        machine.getCloneBlocks().add(cloneBlock());
        machine.getCounters().add(counter("event.FAULT_DEMAND_ZERO", 99_001));
        machine.getCounters().add(counter("tlb.cpu0.misses", -5));
        machine.getEvents().add(event(41_998, "PAGE_LIST_TRANSITION"));
        machine.getEvents().add(event(41_999, "FAULT_TRANSITION"));
        return machine;
    }

    private static Cpu cpu(int number, Irql irql, int salt) {
        Cpu cpu = F.createCpu();
        cpu.setNumber(number + 1);
        cpu.setIrql(irql);
        cpu.setCurrentThread(0x100 + salt);
        cpu.setTlbCapacity(64 + salt);
        cpu.setTlbHits(1_000_000L * salt);
        cpu.setTlbMisses(333L * salt);
        for (int slot = 0; slot < 2; slot++) {
            TlbEntry tlb = F.createTlbEntry();
            tlb.setSlot(slot + 7);
            tlb.setAddressSpace(salt + slot);
            tlb.setVirtualAddress(0x7FF6_1234_5000L + slot * 0x1000L + salt);
            tlb.setPfn(0x1A2B3L + slot);
            tlb.setWritable(true);
            tlb.setUser(true);
            tlb.setNoExecute(true);
            tlb.setDirty(true);
            tlb.setGlobal(true);
            cpu.getTlbEntries().add(tlb);
        }
        return cpu;
    }

    private static PfnDatabase pfnDatabase() {
        PfnDatabase database = F.createPfnDatabase();
        database.setPageCount(65_536);
        database.setColours(16);
        PageListHead standby = F.createPageListHead();
        standby.setList(PageList.STANDBY);
        standby.setColour(3);
        standby.setPriority(5);
        standby.setTotal(1234);
        standby.setFirst(0x10);
        standby.setLast(0x2F);
        database.getListHeads().add(standby);
        PageListHead zeroed = F.createPageListHead();
        zeroed.setList(PageList.ZEROED); // the default literal: eIsSet stays false, and must load as such
        zeroed.setColour(0);
        zeroed.setPriority(0);
        zeroed.setTotal(42);
        zeroed.setFirst(0);
        zeroed.setLast(0x3F);
        database.getListHeads().add(zeroed);
        for (long step : new long[] { 512, 1024 }) { // the page-list totals over the run; equal counts must stay
            org.mmscope.model.ListSample sample = F.createListSample();
            sample.setStep(step);
            sample.setTime(step * 1_000);
            sample.getPages().addAll(java.util.List.of(60_000L - step, 0L, 7L, 0L, 0L, 0L, 5_529L + step, 0L));
            database.getHistory().add(sample);
        }

        // one entry per location, with priorities, cache attributes and single flags spread over them
        int[] bits = { PfnFlags.MODIFIED, PfnFlags.READ_IN_PROGRESS, PfnFlags.WRITE_IN_PROGRESS,
                PfnFlags.PROTOTYPE_PTE, PfnFlags.IN_PAGE_ERROR, PfnFlags.START_OF_ALLOCATION | PfnFlags.END_OF_ALLOCATION,
                PfnFlags.REMOVAL_REQUESTED | PfnFlags.PARITY_ERROR, PfnFlags.MODIFIED | PfnFlags.NO_MODIFIED_WRITE };
        OwnerKind[] owners = OwnerKind.VALUES.toArray(new OwnerKind[0]);
        for (PageList location : PageList.VALUES) {
            int i = location.getValue();
            PfnEntry entry = F.createPfnEntry();
            entry.setPfn(0x1A2B0 + i);
            entry.setU1(0x100 + i);
            entry.setU2(0x200 + i);
            entry.setFlags(flags(location, (i + 3) % 8, i % 4, bits[i]));
            entry.setReferenceCount(i + 1);
            entry.setPteAddress(i % 2 == 0 ? X64Paging.entryAddress(0x7FF6_0000_0000L + i * 0x1000L, 1)
                    : 0xFFFF_A000_0000_0000L + 8 * i);
            entry.setDeleted(true);
            entry.setOriginalPte(0x8000_0000_0000_0861L + i);
            entry.setPteFrame(0x777 + i);
            entry.setOwnerKind(owners[1 + i % (owners.length - 1)]);
            entry.setOwnerPid(0x2A8 + i);
            entry.setOwnerSection(3 + i);
            database.getEntries().add(entry);
        }
        return database;
    }

    private static Process process(int pid, String name, long directoryTableBase) {
        Process process = F.createProcess();
        process.setName(name);
        process.setPid(pid);
        process.setDirectoryTableBase(directoryTableBase);
        process.setPml4Pfn((int) (directoryTableBase >>> 12) + 1);
        process.setForkInProgress(true);
        process.setPageFaults(pid * 10L + 1);
        process.setDemandZeroFaults(pid * 10L + 2);
        process.setTransitionFaults(pid * 10L + 3);
        process.setHardFaults(pid * 10L + 4);
        process.setCopyOnWriteFaults(pid * 10L + 5);
        process.setAccessViolations(pid * 10L + 6);
        process.setPrivatePages(pid * 10L + 7);
        process.setPageTablePages(pid * 10L + 8);

        WorkingSet ws = F.createWorkingSet();
        ws.setMinimum(50 + pid);
        ws.setMaximum(345 + pid);
        ws.setCount(2);
        ws.setPeak(99L + pid);
        for (int i = 0; i < 2; i++) {
            WorkingSetEntry e = F.createWorkingSetEntry();
            e.setIndex(i + 1);
            e.setVirtualAddress(0x7FF6_0000_0000L + i * 0x1000L + pid);
            e.setPfn(0x1A2B0L + i);
            e.setAge(i + 2);
            e.setLocked(true);
            ws.getEntries().add(e);
        }
        process.setWorkingSet(ws);

        for (int i = 0; i < 2; i++) {
            ThreadInfo thread = F.createThreadInfo();
            thread.setId(pid * 4 + i + 1);
            thread.setName(name + "#" + i);
            thread.setState(i == 0 ? "RUNNING" : "WAITING");
            thread.setWaitReason(i == 0 ? "" : "WrPageIn"); // the empty string is not null
            thread.setLastCpu(i + 1);
            thread.setSteps(1000L * pid + i);
            thread.getFrames().add("ntdll!RtlUserThreadStart");
            thread.getFrames().add("ntdll!RtlUserThreadStart"); // frames may repeat
            thread.getFrames().add(name + "!main+0x" + Integer.toHexString(16 * i + 8));
            process.getThreads().add(thread);
        }

        VadInfo vad = F.createVadInfo();
        vad.setStart(0x7FF6_0000_0000L);
        vad.setEnd(0x7FF6_0000_FFFFL);
        vad.setProtection(4);
        vad.setProtectionName("READWRITE");
        vad.setCommittedPages(16);
        vad.setSectionId(1);
        vad.setFirstSectionPage(3);
        process.getVads().add(vad);
        VadInfo view = F.createVadInfo();
        view.setStart(0x7FF7_0000_0000L);
        view.setEnd(0x7FF7_0000_3FFFL);
        view.setProtection(0x20 | 0x200);
        view.setProtectionName("EXECUTE_READ|NOCACHE");
        view.setCommittedPages(4);
        view.setSectionId(0);
        view.setFirstSectionPage(1);
        process.getVads().add(view);

        PageTable table = F.createPageTable();
        table.setLevel(1);
        table.setPfn((int) (directoryTableBase >>> 12) + 9);
        table.setBaseAddress(0x7FF6_0000_0000L);
        table.getEntries().add(pte(0, PteKind.VALID, "valid, read/write"));
        table.getEntries().add(pte(1, PteKind.TRANSITION, "transition"));
        table.getEntries().add(pte(2, PteKind.PAGE_FILE, "paging file 0x42"));
        process.getPageTables().add(table);
        PageTable pml4 = F.createPageTable();
        pml4.setLevel(4);
        pml4.setPfn((int) (directoryTableBase >>> 12) + 1);
        pml4.setBaseAddress(-0x1000L);
        pml4.getEntries().add(pte(0x1ED, PteKind.VALID, "self map"));
        process.getPageTables().add(pml4);
        return process;
    }

    /** A PTE entry holding a real encoded value of {@code kind}: its kind, PFN, protection... are decoded from it. */
    private static PteEntry pte(int index, PteKind kind, String description) {
        PteEntry pte = F.createPteEntry();
        pte.setIndex(index + 1);
        pte.setVirtualAddress(0x7FF6_0000_0000L + index * 0x1000L);
        long value = switch (kind) {
            case VALID -> org.mmscope.sim.pte.Pte.hardware(0x1A2B3L + index, true, true, true);
            case TRANSITION -> org.mmscope.sim.pte.Pte.transition(0x1A2B3L + index, 4 + index);
            case PAGE_FILE -> org.mmscope.sim.pte.Pte.pagingFile(0, 0x42L + index, 4 + index);
            case PROTOTYPE -> org.mmscope.sim.pte.Pte.prototype(0xFFFFF900_00000040L + 64 * index, false, 1);
            case DEMAND_ZERO -> org.mmscope.sim.pte.Pte.demandZero(4);
            default -> throw new IllegalArgumentException(kind + " (" + description + ")");
        };
        pte.setValue(value);
        if (pte.getKind() != kind) {
            throw new IllegalStateException(description + ": encoded " + pte.getKind() + ", wanted " + kind);
        }
        return pte;
    }

    private static PoolState pools() {
        PoolState pools = F.createPoolState();
        pools.setPagedPages(1000);
        pools.setPagedLimit(4096);
        pools.setNonPagedPages(512);
        pools.setSpecialPoolTag("Leak");
        pools.setProtectedFreePool(true);
        pools.setFailures(3);
        pools.getTags().add(tag("MmSt", PoolType.PAGED, 10, 4, 4096));
        pools.getTags().add(tag("Proc", PoolType.NON_PAGED, 7, 2, 1234));
        pools.getTags().add(tag("Leak", PoolType.SPECIAL, 1, 0, 64));
        pools.getAllocations().add(allocation(0xFFFF_A000_0001_0010L, PoolType.NON_PAGED, "SMALL", 96, "Proc"));
        pools.getAllocations().add(allocation(0xFFFF_B000_0000_0000L, PoolType.PAGED, "PAGES", 12_288, "MmSt"));
        pools.getAllocations().add(allocation(0xFFFF_C000_0000_0FC0L, PoolType.SPECIAL, "SPECIAL", 64, "Leak"));
        PoolPage page = F.createPoolPage();
        page.setAddress(0xFFFF_B000_0000_1000L);
        page.setPool(PoolType.PAGED);
        page.setState(PoolPageState.SMALL_BLOCKS);
        page.setPte(0x1234_5000L | 0x63);
        page.setPfn(0x12345);
        page.setTag("MmSt");
        page.setAllocation(0xFFFF_B000_0000_0000L);
        page.setBytesUsed(336);
        PoolPageBlock block = F.createPoolPageBlock();
        block.setAddress(0xFFFF_B000_0000_10E0L);
        block.setSize(0x70);
        block.setPreviousSize(0xE0);
        block.setFree(true);
        block.setTag("Obj ");
        page.getBlocks().add(block);
        pools.getPages().add(page);
        return pools;
    }

    private static PoolTagUsage tag(String name, PoolType type, long allocs, long frees, long bytes) {
        PoolTagUsage tag = F.createPoolTagUsage();
        tag.setTag(name);
        tag.setType(type);
        tag.setAllocs(allocs);
        tag.setFrees(frees);
        tag.setBytes(bytes);
        return tag;
    }

    private static PoolAllocation allocation(long address, PoolType type, String kind, long bytes, String tag) {
        PoolAllocation allocation = F.createPoolAllocation();
        allocation.setAddress(address);
        allocation.setType(type);
        allocation.setKind(kind);
        allocation.setBytes(bytes);
        allocation.setTag(tag);
        return allocation;
    }

    private static ControlArea section() {
        ControlArea area = F.createControlArea();
        area.setId(1);
        area.setName("notepad.exe image");
        area.setFileName("C:\\Windows\\notepad.exe");
        area.setImage(true);
        area.setPages(5);
        area.setProtection(0x80);
        area.setPrototypePtes(0xFFFF_A000_0000_1000L);
        area.setMappedViews(2);
        area.setPfnReferences(3);
        String[] names = { "header", ".text", ".data" };
        long[] pages = { 1, 3, 1 };
        long first = 0;
        for (int i = 0; i < names.length; i++) {
            SubsectionInfo sub = F.createSubsectionInfo();
            sub.setAddress(0xFFFF_D000_0000_0000L + 64 * i + 64);
            sub.setName(names[i]);
            sub.setFirstPage(first + 1);
            sub.setPages(pages[i]);
            sub.setFileOffsetPages(first + 2);
            sub.setProtection(i == 1 ? 0x20 : 0x08);
            area.getSubsections().add(sub);
            first += pages[i];
        }
        area.getPrototypes().add(pte(0, PteKind.PROTOTYPE, "subsection PTE"));
        area.getPrototypes().add(pte(1, PteKind.DEMAND_ZERO, "demand zero"));
        return area;
    }

    private static CloneBlock cloneBlock() {
        CloneBlock block = F.createCloneBlock();
        block.setId(1);
        block.setParentPid(0x2A8);
        block.setChildPid(0x2B0);
        block.setAddress(0xFFFF_A000_0002_0000L);
        block.setVadStart(0x7FF6_0000_0000L);
        block.setVadEnd(0x7FF6_0000_FFFFL);
        block.setEntries(16);
        block.setUsedEntries(9);
        block.setReferences(18);
        block.setOpen(true);
        return block;
    }

    private static Counter counter(String name, long value) {
        Counter counter = F.createCounter();
        counter.setName(name);
        counter.setValue(value);
        return counter;
    }

    private static EventRecord event(long sequence, String type) {
        EventRecord event = F.createEventRecord();
        event.setSequence(sequence);
        event.setTime(sequence * 1_000 + 17);
        event.setType(type);
        event.setCpu(1);
        event.setThread(0xAA9);
        event.setProcess(0x2A8);
        event.setPfn(0x1A2B3);
        event.setVirtualAddress(0x7FF6_0000_1234L);
        event.setOldState(PageList.STANDBY_VALUE);
        event.setNewState(PageList.ACTIVE_AND_VALID_VALUE);
        event.setDetail(-1234567890123L);
        return event;
    }

    /**
     * A machine of {@code pages} physical pages (1,048,576 for 4 GiB), every PFN entry with its own raw
     * values: the locations, priorities and flags cycle through all their values.
     */
    public static Machine withPfnEntries(int pages) {
        Machine machine = F.createMachine();
        machine.setName(pages + " pages");
        machine.setRamBytes((long) pages * 4096);
        machine.setColours(64);
        PfnDatabase database = F.createPfnDatabase();
        database.setPageCount(pages);
        database.setColours(64);
        List<PfnEntry> entries = new ArrayList<>(pages);
        OwnerKind[] owners = OwnerKind.VALUES.toArray(new OwnerKind[0]);
        for (int pfn = 0; pfn < pages; pfn++) {
            PfnEntry entry = F.createPfnEntry();
            entry.setPfn(pfn);
            entry.setU1(pfn * 7 + 1);
            entry.setU2(pfn ^ 0x5A5A);
            entry.setFlags(flags(PageList.get(pfn & 7), (pfn >>> 3) & 7, (pfn >>> 6) & 3, (pfn * 31) & 0x7FF));
            entry.setReferenceCount(pfn % 3);
            entry.setPteAddress(X64Paging.entryAddress((long) pfn << 12, 1));
            entry.setOriginalPte(((long) pfn << 12) | 0x80);
            entry.setPteFrame(pfn / 512);
            entry.setOwnerKind(owners[pfn % owners.length]);
            entry.setOwnerPid(pfn % 97);
            entry.setOwnerSection(pfn % 5 - 1);
            entries.add(entry);
        }
        @SuppressWarnings("unchecked")
        InternalEList<PfnEntry> list = (InternalEList<PfnEntry>) database.getEntries();
        list.addAllUnique(entries);
        machine.setPfnDatabase(database);
        return machine;
    }
}
