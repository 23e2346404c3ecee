package org.mmscope.model.text;

import org.eclipse.emf.ecore.EObject;
import org.mmscope.model.CloneBlock;
import org.mmscope.model.ControlArea;
import org.mmscope.model.Counter;
import org.mmscope.model.Cpu;
import org.mmscope.model.EventRecord;
import org.mmscope.model.Machine;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PageTable;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PoolAllocation;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.PoolState;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.SubsectionInfo;
import org.mmscope.model.ThreadInfo;
import org.mmscope.model.TlbEntry;
import org.mmscope.model.VadInfo;
import org.mmscope.model.WorkingSet;
import org.mmscope.model.WorkingSetEntry;
import org.mmscope.sim.pte.Protection;

/**
 * One-line texts for model objects, e.g. {@code "PFN 0x1a2b3 Standby, ref 0, share 0"}: the labels of
 * the item providers, of the views' trees and of query results. Addresses are printed WinDbg-style
 * ({@code fffff680`0001d0a8}).
 */
public final class ModelLabels {

    private ModelLabels() {
    }

    /** The text of any model object; {@code String.valueOf} for anything else. */
    public static String text(Object object) {
        return switch (object) {
            case PfnEntry e -> pfn(e);
            case Process p -> String.format("%s (pid %d), %d private pages, %d in working set", p.getName(), p.getPid(),
                    p.getPrivatePages(), p.getWorkingSet() == null ? 0 : p.getWorkingSet().getCount());
            case PageListHead h -> h.getList().getName()
                    + (h.getColour() >= 0 ? " colour " + h.getColour() : "")
                    + (h.getPriority() >= 0 ? " priority " + h.getPriority() : "") + ": " + h.getTotal() + " pages";
            case PteEntry e -> String.format("[%d] %s: %s", e.getIndex(), address(e.getVirtualAddress()),
                    e.getDescription());
            case PageTable t -> String.format("%s PFN 0x%x for %s", levelName(t.getLevel()), t.getPfn(),
                    address(t.getBaseAddress()));
            case WorkingSetEntry e -> String.format("WSLE %d: %s%s, age %d", e.getIndex(),
                    address(e.getVirtualAddress()), e.getPfn() >= 0 ? String.format(" -> PFN 0x%x", e.getPfn()) : "",
                    e.getAge());
            case WorkingSet w -> String.format("Working set: %d pages (min %d, max %d, peak %d)", w.getCount(),
                    w.getMinimum(), w.getMaximum(), w.getPeak());
            case ThreadInfo t -> String.format("Thread %d %s: %s%s", t.getId(), t.getName(), t.getState(),
                    "WAITING".equals(t.getState()) ? " (" + t.getWaitReason() + ")" : "");
            case VadInfo v -> String.format("VAD %s-%s %s%s", address(v.getStart()), address(v.getEnd() - 1),
                    v.getProtectionName(), v.getSectionId() >= 0 ? ", view of section " + v.getSectionId() : "");
            case ControlArea c -> String.format("Section %s (control area %d), %d pages, %d views, %d in memory%s",
                    c.getName(), c.getId(), c.getPages(), c.getMappedViews(), c.getPfnReferences(),
                    c.isImage() ? ", image" : c.getFileName() != null ? ", file " + c.getFileName() : "");
            case SubsectionInfo s -> String.format("Subsection %s pages %d..%d, file page %d, %s",
                    s.getName() == null || s.getName().isEmpty() ? "" : s.getName(), s.getFirstPage(),
                    s.getFirstPage() + s.getPages() - 1, s.getFileOffsetPages(), protection(s.getProtection()));
            case CloneBlock b -> String.format("Clone block %d at %s, pid %d -> %d, %d/%d entries, %d references",
                    b.getId(), address(b.getAddress()), b.getParentPid(), b.getChildPid(), b.getUsedEntries(),
                    b.getEntries(), b.getReferences());
            case PoolTagUsage t -> String.format("%s %s: %d allocs, %d frees, %d bytes", t.getTag(), t.getType().getName(),
                    t.getAllocs(), t.getFrees(), t.getBytes());
            case PoolAllocation a -> String.format("%s %s %s, %d bytes (%s)", address(a.getAddress()), a.getTag(),
                    a.getType().getName(), a.getBytes(), a.getKind());
            case PoolPage p -> String.format("Pool page %s %s %s%s", address(p.getAddress()), p.getPool().getName(),
                    p.getState().getName(), p.getTag() == null || p.getTag().isEmpty() ? "" : " " + p.getTag());
            case PoolPageBlock b -> String.format("Pool block %s size %x %s %s", address(b.getAddress()), b.getSize(),
                    b.isFree() ? "Free" : "Allocated", b.getTag());
            case PoolState p -> String.format("Pools: paged %d pages, nonpaged %d pages, %d tags", p.getPagedPages(),
                    p.getNonPagedPages(), p.getTags().size());
            case Cpu c -> String.format("CPU %d at %s, thread %d, %d TLB entries", c.getNumber(), c.getIrql().getName(),
                    c.getCurrentThread(), c.getTlbEntries().size());
            case TlbEntry t -> String.format("TLB %d: %s -> PFN 0x%x%s%s%s", t.getSlot(), address(t.getVirtualAddress()),
                    t.getPfn(), t.isWritable() ? " W" : "", t.isUser() ? " U" : " K", t.isGlobal() ? " G" : "");
            case EventRecord e -> String.format("#%d %s%s%s", e.getSequence(), e.getType(),
                    e.getPfn() >= 0 ? String.format(" PFN 0x%x", e.getPfn()) : "",
                    e.getVirtualAddress() != 0 ? " VA " + address(e.getVirtualAddress()) : "");
            case Counter c -> c.getName() + " = " + c.getValue();
            case PfnDatabase d -> String.format("PFN database: %d pages, %d colours", d.getPageCount(), d.getColours());
            case Machine m -> String.format("%s: %d MiB, %d CPUs, %d processes", m.getName(), m.getRamBytes() >> 20,
                    m.getCpus().size(), m.getProcesses().size());
            case EObject o -> o.eClass().getName();
            case null -> "null";
            default -> String.valueOf(object);
        };
    }

    /** {@code "PFN 0x1a2b3 Standby, ref 0, share 0"}, then priority, modified, I/O flags and the owner. */
    public static String pfn(PfnEntry e) {
        StringBuilder text = new StringBuilder(64);
        text.append("PFN 0x").append(Integer.toHexString(e.getPfn())).append(' ').append(e.getLocation().getName())
                .append(", ref ").append(e.getReferenceCount()).append(", share ").append(e.getShareCount());
        if (e.getPriority() != 0) {
            text.append(", priority ").append(e.getPriority());
        }
        if (e.isModified()) {
            text.append(", modified");
        }
        if (e.isReadInProgress()) {
            text.append(", read in progress");
        }
        if (e.isWriteInProgress()) {
            text.append(", write in progress");
        }
        if (e.isInPageError()) {
            text.append(", in-page error");
        }
        switch (e.getOwnerKind()) {
            case PROCESS_PRIVATE -> text.append(", pid ").append(e.getOwnerPid());
            case PAGE_TABLE -> text.append(", page table of pid ").append(e.getOwnerPid());
            case SECTION -> text.append(", section ").append(e.getOwnerSection());
            case CLONE_BLOCK -> text.append(", fork of pid ").append(e.getOwnerPid());
            case KERNEL -> text.append(", kernel");
            default -> {
            }
        }
        return text.toString();
    }

    /** WinDbg's form of a 64-bit address: {@code fffff680`0001d0a8}. */
    public static String address(long va) {
        return String.format("%08x`%08x", va >>> 32, va & 0xFFFF_FFFFL);
    }

    /** The name of a protection code, or the number when it is not one. */
    public static String protection(int code) {
        return Protection.isValid(code) ? Protection.name(code) : Integer.toString(code);
    }

    private static String levelName(int level) {
        return switch (level) {
            case 4 -> "PML4";
            case 3 -> "PDPT";
            case 2 -> "PD";
            default -> "PT";
        };
    }
}
