package org.mmscope.ui.views.pfn;

import org.eclipse.swt.SWT;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.text.ModelLabels;

/** The PFN inspector's columns, in WinDbg's {@code !pfn} order: title, cell text and sort key. */
public enum PfnColumn {
    PFN("PFN", 80, SWT.RIGHT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return "0x" + Integer.toHexString(e.getPfn());
        }

        @Override
        long key(PfnEntry e) {
            return e.getPfn();
        }
    },
    LIST("List", 100, SWT.LEFT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return listName(e.getLocation());
        }

        @Override
        long key(PfnEntry e) {
            return e.getLocation().getValue();
        }
    },
    SHARE("Share", 50, SWT.RIGHT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return Integer.toString(e.getShareCount());
        }

        @Override
        long key(PfnEntry e) {
            return e.getShareCount();
        }
    },
    REFERENCE("Ref", 40, SWT.RIGHT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return Integer.toString(e.getReferenceCount());
        }

        @Override
        long key(PfnEntry e) {
            return e.getReferenceCount();
        }
    },
    PTE_ADDRESS("PteAddress", 150, SWT.LEFT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return e.getPteAddress() == 0 ? "" : ModelLabels.address(e.getPteAddress());
        }

        @Override
        long key(PfnEntry e) {
            return e.getPteAddress() ^ Long.MIN_VALUE;
        }
    },
    ORIGINAL_PTE("OriginalPte", 120, SWT.LEFT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return "0x" + Long.toHexString(e.getOriginalPte());
        }

        @Override
        long key(PfnEntry e) {
            return e.getOriginalPte() ^ Long.MIN_VALUE;
        }
    },
    PTE_FRAME("PteFrame", 75, SWT.RIGHT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return "0x" + Integer.toHexString(e.getPteFrame());
        }

        @Override
        long key(PfnEntry e) {
            return e.getPteFrame();
        }
    },
    COLOUR("Colour", 55, SWT.RIGHT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return Integer.toString(e.getColour());
        }

        @Override
        long key(PfnEntry e) {
            return e.getColour();
        }
    },
    PRIORITY("Prio", 40, SWT.RIGHT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return Integer.toString(e.getPriority());
        }

        @Override
        long key(PfnEntry e) {
            return e.getPriority();
        }
    },
    FLAGS("Flags", 55, SWT.LEFT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return PfnFlag.letters(e);
        }

        @Override
        long key(PfnEntry e) {
            return PfnFlag.mask(e);
        }
    },
    OWNER("Owner", 170, SWT.LEFT) {
        @Override
        String text(PfnEntry e, Owners owners) {
            return owners.of(e);
        }

        @Override
        long key(PfnEntry e) {
            return ((long) e.getOwnerKind().getValue() << 48) | ((long) e.getOwnerPid() & 0xFFFF_FFFFL) << 16
                    | (e.getOwnerSection() & 0xFFFF);
        }
    };

    private final String title;
    private final int width;
    private final int alignment;

    PfnColumn(String title, int width, int alignment) {
        this.title = title;
        this.width = width;
        this.alignment = alignment;
    }

    public String title() {
        return title;
    }

    public int width() {
        return width;
    }

    public int alignment() {
        return alignment;
    }

    /** The cell text. */
    abstract String text(PfnEntry e, Owners owners);

    /** A key whose signed order is the column's order. */
    abstract long key(PfnEntry e);

    /** The name users know a list by ("Active" for ActiveAndValid). */
    public static String listName(PageList list) {
        return list == PageList.ACTIVE_AND_VALID ? "Active" : list.getName();
    }

    /** The cells of one row. */
    public static String[] cells(PfnEntry e, Owners owners) {
        PfnColumn[] columns = values();
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            cells[i] = columns[i].text(e, owners);
        }
        return cells;
    }
}
