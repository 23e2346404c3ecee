package org.mmscope.model.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mmscope.model.CloneBlock;
import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage.Literals;
import org.mmscope.model.PoolAllocation;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.PoolPageState;
import org.mmscope.model.PoolState;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.model.PoolType;
import org.mmscope.model.PteEntry;
import org.mmscope.model.SubsectionInfo;
import org.mmscope.sim.mm.KernelPools;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.SectionManager;
import org.mmscope.sim.pool.PoolBlock;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolTagStats;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.section.Subsection;

/**
 * Copies the kernel's shared state: pools (usage by tag, live allocations, the pages of the pool ranges
 * with the blocks of small-block pages), sections and clone blocks.
 */
final class KernelSync {

    private final MemoryManager mm;
    private final MmFactory factory = MmFactory.eINSTANCE;
    /** Small-block pages whose blocks were copied: page address to the allocator's page stamp then. */
    private final Map<Long, Long> copiedBlockStamps = new HashMap<>();
    /** The allocator those stamps are from (a restored simulator has a new one: the stamps then mean nothing). */
    private SmallBlockPool stampedAllocator;

    KernelSync(MemoryManager mm) {
        this.mm = mm;
    }

    void update(Machine machine) {
        if (machine.getPools() == null) {
            machine.setPools(factory.createPoolState());
        }
        copyPools(machine.getPools());
        Reconcile.list(machine.getSections(), mm.sections().sections(), a -> a.id(), ControlArea::getId,
                factory::createControlArea, this::copySection);
        Reconcile.list(machine.getCloneBlocks(), mm.forks().cloneBlocks(), b -> b.id(), CloneBlock::getId,
                factory::createCloneBlock, KernelSync::copyBlock);
    }

    private void copyPools(PoolState pools) {
        KernelPools source = mm.pools();
        Reconcile.set(pools, Literals.POOL_STATE__PAGED_PAGES, (long) source.pagedPool().pagesInUse());
        Reconcile.set(pools, Literals.POOL_STATE__PAGED_LIMIT, (long) source.pagedPool().maximumPages());
        Reconcile.set(pools, Literals.POOL_STATE__NON_PAGED_PAGES, (long) source.nonPagedPages());
        Reconcile.set(pools, Literals.POOL_STATE__SPECIAL_POOL_TAG, source.specialPoolTag());
        Reconcile.set(pools, Literals.POOL_STATE__PROTECTED_FREE_POOL, source.isProtectedFreePool());
        Reconcile.set(pools, Literals.POOL_STATE__FAILURES, source.failures());
        List<TagRow> rows = new ArrayList<>();
        for (PoolTagStats.TagUsage usage : source.usage().usages()) {
            if (usage.nonPagedAllocations() > 0) {
                rows.add(new TagRow(usage.tagText(), PoolType.NON_PAGED, usage.nonPagedAllocations(),
                        usage.nonPagedFrees(), usage.nonPagedBytes()));
            }
            if (usage.pagedAllocations() > 0) {
                rows.add(new TagRow(usage.tagText(), PoolType.PAGED, usage.pagedAllocations(), usage.pagedFrees(),
                        usage.pagedBytes()));
            }
        }
        Reconcile.list(pools.getTags(), rows, TagRow::key, t -> t.getTag() + "/" + t.getType(),
                factory::createPoolTagUsage, (t, row) -> {
                    Reconcile.set(t, Literals.POOL_TAG_USAGE__TAG, row.tag());
                    Reconcile.set(t, Literals.POOL_TAG_USAGE__TYPE, row.type());
                    Reconcile.set(t, Literals.POOL_TAG_USAGE__ALLOCS, row.allocs());
                    Reconcile.set(t, Literals.POOL_TAG_USAGE__FREES, row.frees());
                    Reconcile.set(t, Literals.POOL_TAG_USAGE__BYTES, row.bytes());
                });
        Reconcile.list(pools.getAllocations(), source.allocations(), KernelPools.Allocation::address,
                PoolAllocation::getAddress, factory::createPoolAllocation, (a, s) -> {
                    Reconcile.set(a, Literals.POOL_ALLOCATION__ADDRESS, s.address());
                    Reconcile.set(a, Literals.POOL_ALLOCATION__TYPE, s.kind() == KernelPools.Kind.SPECIAL
                            ? PoolType.SPECIAL : s.type() == org.mmscope.sim.pool.PoolType.PAGED ? PoolType.PAGED
                                    : PoolType.NON_PAGED);
                    Reconcile.set(a, Literals.POOL_ALLOCATION__KIND, s.kind().name());
                    Reconcile.set(a, Literals.POOL_ALLOCATION__BYTES, s.bytes());
                    Reconcile.set(a, Literals.POOL_ALLOCATION__TAG, PoolHeader.tagText(s.tag()));
                });
        if (stampedAllocator != source.smallBlocks()) {
            stampedAllocator = source.smallBlocks();
            copiedBlockStamps.clear();
        }
        Reconcile.list(pools.getPages(), source.pageMap(), org.mmscope.sim.mm.PoolPage::address,
                PoolPage::getAddress, factory::createPoolPage, (p, s) -> copyPage(source, p, s));
    }

    private void copyPage(KernelPools source, PoolPage p, org.mmscope.sim.mm.PoolPage s) {
        Reconcile.set(p, Literals.POOL_PAGE__ADDRESS, s.address());
        Reconcile.set(p, Literals.POOL_PAGE__POOL, switch (s.pool()) {
            case NONPAGED -> PoolType.NON_PAGED;
            case PAGED -> PoolType.PAGED;
            case SPECIAL -> PoolType.SPECIAL;
        });
        Reconcile.set(p, Literals.POOL_PAGE__STATE, PoolPageState.get(s.state().ordinal()));
        Reconcile.set(p, Literals.POOL_PAGE__PTE, s.pte());
        Reconcile.set(p, Literals.POOL_PAGE__PFN, (long) s.pfn());
        Reconcile.set(p, Literals.POOL_PAGE__TAG, s.tagText());
        Reconcile.set(p, Literals.POOL_PAGE__ALLOCATION, s.allocation());
        Reconcile.set(p, Literals.POOL_PAGE__BYTES_USED, s.bytesUsed());
        boolean small = s.state() == org.mmscope.sim.mm.PoolPage.State.SMALL_BLOCKS;
        Long stamp = small ? source.smallBlocks().pageStamp(s.pfn()) : null;
        Long copied = small ? copiedBlockStamps.put(s.address(), stamp) : copiedBlockStamps.remove(s.address());
        if (small && stamp.equals(copied) && !p.getBlocks().isEmpty()) {
            return; // the chain did not change since its blocks were copied
        }
        List<PoolBlock> blocks = small ? source.blocksOfPage(s.address()) : List.of();
        if (blocks.isEmpty() && p.getBlocks().isEmpty()) {
            return;
        }
        long page = s.address();
        Reconcile.list(p.getBlocks(), blocks, b -> page | b.offset(), PoolPageBlock::getAddress,
                factory::createPoolPageBlock, (b, block) -> {
                    Reconcile.set(b, Literals.POOL_PAGE_BLOCK__ADDRESS, page | block.offset());
                    Reconcile.set(b, Literals.POOL_PAGE_BLOCK__SIZE, block.size());
                    Reconcile.set(b, Literals.POOL_PAGE_BLOCK__PREVIOUS_SIZE, block.previousSize());
                    Reconcile.set(b, Literals.POOL_PAGE_BLOCK__FREE, block.free());
                    Reconcile.set(b, Literals.POOL_PAGE_BLOCK__TAG, block.tagText());
                });
    }

    private record TagRow(String tag, PoolType type, long allocs, long frees, long bytes) {
        String key() {
            return tag + "/" + type;
        }
    }

    private void copySection(ControlArea c, org.mmscope.sim.section.ControlArea source) {
        SectionManager sections = mm.sections();
        Reconcile.set(c, Literals.CONTROL_AREA__ID, source.id());
        Reconcile.set(c, Literals.CONTROL_AREA__NAME, source.name());
        Reconcile.set(c, Literals.CONTROL_AREA__FILE_NAME, source.file() == null ? null : source.file().name());
        Reconcile.set(c, Literals.CONTROL_AREA__IMAGE, source.isImage());
        Reconcile.set(c, Literals.CONTROL_AREA__PAGES, source.pages());
        Reconcile.set(c, Literals.CONTROL_AREA__PROTECTION, source.protection());
        Reconcile.set(c, Literals.CONTROL_AREA__PROTOTYPE_PTES, source.prototypePtes());
        Reconcile.set(c, Literals.CONTROL_AREA__MAPPED_VIEWS, source.mappedViews());
        Reconcile.set(c, Literals.CONTROL_AREA__PFN_REFERENCES, sections.pfnReferences(source));
        Reconcile.list(c.getSubsections(), source.subsections(), Subsection::address, SubsectionInfo::getAddress,
                factory::createSubsectionInfo, (s, sub) -> {
                    Reconcile.set(s, Literals.SUBSECTION_INFO__ADDRESS, sub.address());
                    Reconcile.set(s, Literals.SUBSECTION_INFO__NAME, sub.name());
                    Reconcile.set(s, Literals.SUBSECTION_INFO__FIRST_PAGE, sub.firstPage());
                    Reconcile.set(s, Literals.SUBSECTION_INFO__PAGES, sub.pages());
                    Reconcile.set(s, Literals.SUBSECTION_INFO__FILE_OFFSET_PAGES, sub.fileOffsetPages());
                    Reconcile.set(s, Literals.SUBSECTION_INFO__PROTECTION, sub.protection());
                });
        List<Long> used = new ArrayList<>();
        for (long page = 0; page < source.pages(); page++) {
            if (sections.prototypePte(source.prototypePteAddress(page)) != 0) {
                used.add(page);
            }
        }
        Reconcile.list(c.getPrototypes(), used, page -> (int) (long) page, PteEntry::getIndex,
                factory::createPteEntry, (e, page) -> {
                    long address = source.prototypePteAddress(page);
                    ProcessSync.copyEntry(e, (int) (long) page, address, sections.prototypePte(address));
                });
    }

    private static void copyBlock(CloneBlock b, org.mmscope.sim.section.CloneBlock source) {
        Reconcile.set(b, Literals.CLONE_BLOCK__ID, source.id());
        Reconcile.set(b, Literals.CLONE_BLOCK__PARENT_PID, source.parentPid());
        Reconcile.set(b, Literals.CLONE_BLOCK__CHILD_PID, source.childPid());
        Reconcile.set(b, Literals.CLONE_BLOCK__ADDRESS, source.address());
        Reconcile.set(b, Literals.CLONE_BLOCK__VAD_START, source.vadStart());
        Reconcile.set(b, Literals.CLONE_BLOCK__VAD_END, source.vadEnd());
        Reconcile.set(b, Literals.CLONE_BLOCK__ENTRIES, source.entries());
        Reconcile.set(b, Literals.CLONE_BLOCK__USED_ENTRIES, source.usedEntries());
        Reconcile.set(b, Literals.CLONE_BLOCK__REFERENCES, source.references());
        Reconcile.set(b, Literals.CLONE_BLOCK__OPEN, source.isOpen());
    }
}
