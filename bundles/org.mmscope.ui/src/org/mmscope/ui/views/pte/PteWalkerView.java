package org.mmscope.ui.views.pte;

import org.eclipse.ui.PlatformUI;
import org.mmscope.ui.views.common.HelpContexts;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.model.Machine;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;
import org.mmscope.model.WorkingSetEntry;
import org.mmscope.model.text.ModelLabels;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.ui.views.common.Addresses;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.ShownMachineRefresher;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.WidgetIds;

/**
 * The PTE walker, WinDbg's {@code !pte} for the shown machine: choose a process, type a virtual
 * address, and see its PXE, PPE, PDE and PTE with their addresses, raw values, PFNs, flag letters and
 * meaning (transition, prototype with the prototype PTE, paging file and offset, demand zero), and the
 * TLB entries for the page on each CPU, flagged when stale. Reverse: from a PFN to the addresses that
 * map it.
 */
public final class PteWalkerView extends ViewPart implements ViewLinks.ShowsAddress {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.PTE_WALKER;

    private Combo processCombo;
    private Text vaText;
    private Label message;
    private Table levels;
    private Label tlb;
    private Link links;
    private Label details;
    private Text pfnText;
    private Label reverseMessage;
    private Table reverse;
    private ShownMachineRefresher refresher;
    private final SelectionSupport selection = new SelectionSupport();
    private final ISelectionListener followSelection = this::followSelection;

    private Machine machine;
    private final List<Process> processes = new ArrayList<>();
    private PteWalk walk;
    private long reversePfn = -1;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite row = Layouts.row(parent, 6);
        Layouts.label(row, "Process");
        processCombo = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "pteWalker.process");
        processCombo.setLayoutData(Layouts.width(180));
        processCombo.addListener(SWT.Selection, e -> walkTyped());
        Layouts.label(row, "VA");
        vaText = WidgetIds.id(new Text(row, SWT.BORDER | SWT.SEARCH), "pteWalker.va");
        vaText.setLayoutData(Layouts.width(170));
        vaText.setMessage("00007ff6`12340000");
        vaText.addListener(SWT.DefaultSelection, e -> walkTyped());
        Button walkButton = WidgetIds.id(new Button(row, SWT.PUSH), "pteWalker.walk");
        walkButton.setText("Walk");
        walkButton.addListener(SWT.Selection, e -> walkTyped());
        message = WidgetIds.id(new Label(row, SWT.NONE), "pteWalker.message");
        message.setLayoutData(Layouts.fillHorizontal());

        levels = WidgetIds.id(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE), "pteWalker.levels");
        levels.setHeaderVisible(true);
        levels.setLinesVisible(true);
        levels.setFont(JFaceResources.getTextFont());
        GridData levelsData = new GridData(SWT.FILL, SWT.TOP, true, false);
        levelsData.heightHint = levels.getItemHeight() * 5 + levels.getHeaderHeight();
        levels.setLayoutData(levelsData);
        column(levels, "Level", 50);
        column(levels, "Entry at", 160);
        column(levels, "Contains", 160);
        column(levels, "PFN", 70);
        column(levels, "Flags", 100);
        column(levels, "Meaning", 520);
        levels.addListener(SWT.Selection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof PteEntry entry) {
                selection.select(entry);
            }
        });
        org.eclipse.swt.widgets.Menu levelsMenu = WidgetIds.id(new org.eclipse.swt.widgets.Menu(levels), "pteWalker.levelsMenu");
        levels.setMenu(levelsMenu);
        levelsMenu.addListener(SWT.Show, e -> {
            for (org.eclipse.swt.widgets.MenuItem item : levelsMenu.getItems()) {
                item.dispose();
            }
            if (walk != null) {
                AddressBreakpoints.addItems(levelsMenu, walk.process().getPid(), walk.va(), this::error);
            }
        });

        tlb = WidgetIds.id(new Label(parent, SWT.NONE), "pteWalker.tlb");
        tlb.setLayoutData(Layouts.fillHorizontal());
        links = WidgetIds.id(new Link(parent, SWT.NONE), "pteWalker.links");
        links.setLayoutData(Layouts.fillHorizontal());
        links.addListener(SWT.Selection, e -> followLink(e.text));
        details = WidgetIds.id(new Label(parent, SWT.WRAP), "pteWalker.details");
        details.setLayoutData(Layouts.fillHorizontal());

        Label separator = new Label(parent, SWT.SEPARATOR | SWT.HORIZONTAL);
        separator.setLayoutData(Layouts.fillHorizontal());
        Composite reverseRow = Layouts.row(parent, 4);
        Layouts.label(reverseRow, "Reverse: addresses mapping PFN");
        pfnText = WidgetIds.id(new Text(reverseRow, SWT.BORDER | SWT.SEARCH), "pteWalker.pfn");
        pfnText.setLayoutData(Layouts.width(100));
        pfnText.setMessage("0x1a2b3");
        pfnText.addListener(SWT.DefaultSelection, e -> reverseTyped());
        Button find = WidgetIds.id(new Button(reverseRow, SWT.PUSH), "pteWalker.find");
        find.setText("Find");
        find.addListener(SWT.Selection, e -> reverseTyped());
        reverseMessage = WidgetIds.id(new Label(reverseRow, SWT.NONE), "pteWalker.reverseMessage");
        reverseMessage.setLayoutData(Layouts.fillHorizontal());
        reverse = WidgetIds.id(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL),
                "pteWalker.reverse");
        reverse.setLayoutData(Layouts.fill());
        reverse.setHeaderVisible(true);
        reverse.setLinesVisible(true);
        column(reverse, "Owner", 180);
        column(reverse, "Maps", 60);
        column(reverse, "Virtual address", 160);
        column(reverse, "Entry", 420);
        reverse.addListener(SWT.DefaultSelection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof ReverseMapping.Mapping mapping
                    && mapping.pid() >= 0) {
                showAddress(mapping.pid(), mapping.entry().getVirtualAddress());
            }
        });
        reverse.addListener(SWT.Selection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof ReverseMapping.Mapping mapping) {
                selection.select(mapping.entry());
            }
        });

        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.PTE_WALKER);
        getSite().setSelectionProvider(selection);
        getSite().getPage().addPostSelectionListener(followSelection);
        refresher = new ShownMachineRefresher(parent, this::show);
        refresher.start();
    }

    private static void column(Table table, String text, int width) {
        TableColumn column = new TableColumn(table, SWT.LEFT);
        column.setText(text);
        column.setWidth(width);
    }

    private void show(Machine shown, String origin) {
        machine = shown;
        setContentDescription(shown == null ? "No MmScope simulation is suspended and no snapshot is open." : origin);
        int pid = selectedPid();
        processes.clear();
        processCombo.removeAll();
        if (shown != null) {
            for (Process process : shown.getProcesses()) {
                processes.add(process);
                processCombo.add(process.getName() + " (" + process.getPid() + ")");
                if (process.getPid() == pid) {
                    processCombo.select(processes.size() - 1);
                }
            }
            if (processCombo.getSelectionIndex() < 0 && !processes.isEmpty()) {
                processCombo.select(processes.size() > 1 ? 1 : 0);
            }
        }
        if (walk != null && shown != null) {
            walkTyped();
        } else {
            clearWalk();
        }
        if (reversePfn >= 0 && shown != null) {
            showReverse(reversePfn);
        } else {
            reverse.removeAll();
        }
    }

    private int selectedPid() {
        int index = processCombo.getSelectionIndex();
        return index < 0 || index >= processes.size() ? -1 : processes.get(index).getPid();
    }

    // ---------------------------------------------------------------------------------------------
    // the walk

    private void walkTyped() {
        if (vaText.getText().isBlank()) {
            return;
        }
        if (machine == null) {
            error("No machine is shown: launch a simulation or open a snapshot.");
            return;
        }
        int index = processCombo.getSelectionIndex();
        if (index < 0) {
            error("Choose a process.");
            return;
        }
        long va;
        try {
            va = Addresses.parse(vaText.getText());
        } catch (NumberFormatException e) {
            error("VA: " + e.getMessage());
            clearWalk();
            return;
        }
        if (!X64Paging.isCanonical(va)) {
            error(String.format("VA %s is not canonical: bits 63-47 must all be equal (user 0-00007fff`ffffffff, "
                    + "kernel ffff8000`00000000 and up).", ModelLabels.address(va)));
            clearWalk();
            return;
        }
        walk = PteWalk.of(machine, processes.get(index), va);
        showWalk();
    }

    private void showWalk() {
        levels.removeAll();
        for (PteStep step : walk.steps()) {
            TableItem item = new TableItem(levels, SWT.NONE);
            item.setData(step.entry());
            item.setText(new String[] { step.levelName(), ModelLabels.address(step.entryAddress()),
                    PteText.raw(step.value()), PteText.pfn(step.entry()), PteText.flags(step.entry()),
                    PteText.decode(machine, walk.process(), walk.va(), step.entry()) });
        }
        ((GridData) levels.getLayoutData()).heightHint = levels.getHeaderHeight() + 4 * levels.getItemHeight() + 6;
        PteStep last = walk.last();
        message.setForeground(null);
        message.setText(walk.isMapped() ? String.format("%s -> physical 0x%x", ModelLabels.address(walk.va()),
                (walk.pfn() << 12) | X64Paging.pageOffset(walk.va()))
                : last.level() == 1 ? "Not valid: " + (last.entry() == null ? "Zero" : last.entry().getKind().getName())
                        : "Not mapped: the " + last.levelName() + " is not valid");
        if (walk.process().getPid() != selectedPid()) {
            message.setText(message.getText() + " (kernel address: walked in " + walk.process().getName() + ")");
        }
        List<TlbLookup.Hit> hits = TlbLookup.of(machine, walk);
        tlb.setText(TlbLookup.text(machine, hits, walk));
        boolean stale = hits.stream().anyMatch(TlbLookup.Hit::stale);
        tlb.setForeground(stale ? tlb.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        StringBuilder text = new StringBuilder();
        long pfn = walk.pfn();
        if (pfn >= 0) {
            text.append(String.format("<a href=\"pfn\">PFN 0x%x in the PFN Inspector</a>   ", pfn));
        }
        if (last.entry() != null && last.entry().getKind() == PteKind.PROTOTYPE) {
            text.append("<a href=\"prototype\">Prototype PTE at ")
                    .append(ModelLabels.address(last.entry().getPrototypeAddress())).append("</a>   ");
        }
        text.append("<a href=\"ws\">Working set of ").append(walk.process().getName()).append("</a>");
        links.setText(text.toString());
        details.setText("");
        levels.getParent().layout(true, true);
    }

    private void clearWalk() {
        levels.removeAll();
        tlb.setText("");
        links.setText("");
        details.setText("");
    }

    private void followLink(String href) {
        if (walk == null) {
            return;
        }
        switch (href) {
            case "pfn" -> ViewLinks.showPfn(getSite().getPage(), ViewLinks.PFN_INSPECTOR, walk.pfn());
            case "ws" -> ViewLinks.showProcess(getSite().getPage(), walk.process().getPid());
            case "prototype" -> showPrototype(walk.last().entry().getPrototypeAddress());
            default -> {
            }
        }
    }

    private void showPrototype(long address) {
        PteEntry prototype = PteText.prototype(machine, address);
        if (prototype == null) {
            details.setText("Prototype PTE at " + ModelLabels.address(address) + ": zero (the page was never read)");
        } else {
            details.setText("Prototype PTE at " + ModelLabels.address(address) + " in section "
                    + PteText.sectionOf(machine, address).getName() + ": contains " + PteText.raw(prototype.getValue())
                    + ", " + PteText.decode(machine, prototype));
            selection.select(prototype);
        }
        details.getParent().layout(true, true);
    }

    private void error(String text) {
        message.setText(text);
        message.setForeground(message.getDisplay().getSystemColor(SWT.COLOR_RED));
        message.getParent().layout();
    }

    /** Walks {@code virtualAddress} in process {@code pid}. */
    @Override
    public void showAddress(int pid, long virtualAddress) {
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i).getPid() == pid) {
                processCombo.select(i);
            }
        }
        vaText.setText(ModelLabels.address(virtualAddress));
        walkTyped();
    }

    // ---------------------------------------------------------------------------------------------
    // reverse

    private void reverseTyped() {
        try {
            showReverse(Addresses.parse(pfnText.getText()));
        } catch (NumberFormatException e) {
            reverseMessage.setText("PFN: " + e.getMessage());
            reverseMessage.setForeground(reverseMessage.getDisplay().getSystemColor(SWT.COLOR_RED));
            reverse.removeAll();
        }
    }

    private void showReverse(long pfn) {
        reversePfn = pfn;
        pfnText.setText("0x" + Long.toHexString(pfn));
        reverse.removeAll();
        reverseMessage.setForeground(null);
        if (machine == null) {
            reverseMessage.setText("No machine is shown.");
            return;
        }
        List<ReverseMapping.Mapping> mappings = ReverseMapping.of(machine, pfn);
        for (ReverseMapping.Mapping mapping : mappings) {
            TableItem item = new TableItem(reverse, SWT.NONE);
            item.setData(mapping);
            PteEntry entry = mapping.entry();
            String maps = switch (mapping.level()) {
                case 0 -> "proto";
                case 1 -> "data";
                case 2 -> "PT";
                case 3 -> "PD";
                default -> "PDPT";
            };
            item.setText(new String[] { mapping.owner(), maps,
                    mapping.level() == 0 ? "" : ModelLabels.address(entry.getVirtualAddress()),
                    entry.getDescription() });
        }
        reverseMessage.setText(mappings.isEmpty() ? String.format("No PTE maps PFN 0x%x.", pfn)
                : String.format("%d mapping%s of PFN 0x%x (double-click to walk)", mappings.size(),
                        mappings.size() == 1 ? "" : "s", pfn));
        reverseMessage.getParent().layout();
    }

    private void followSelection(IWorkbenchPart part, ISelection selected) {
        if (part == this || !(selected instanceof IStructuredSelection structured) || structured.size() != 1) {
            return;
        }
        Object object = structured.getFirstElement();
        if (object instanceof PfnEntry entry && machine != null) {
            showReverse(entry.getPfn());
        } else if (object instanceof WorkingSetEntry entry && processOf(entry) != null) {
            showAddress(processOf(entry).getPid(), entry.getVirtualAddress());
        }
    }

    private static Process processOf(EObject object) {
        for (EObject o = object; o != null; o = o.eContainer()) {
            if (o instanceof Process process) {
                return process;
            }
        }
        return null;
    }

    /** The walk shown now, or null (for tests). */
    public PteWalk walk() {
        return walk;
    }

    @Override
    public void setFocus() {
        vaText.setFocus();
    }

    @Override
    public void dispose() {
        if (refresher != null) {
            refresher.stop();
        }
        getSite().getPage().removePostSelectionListener(followSelection);
        super.dispose();
    }
}
