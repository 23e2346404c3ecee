package org.mmscope.ui.views.ws;

import org.mmscope.model.WorkingSetEntry;
import org.mmscope.model.text.ModelLabels;

/** The columns of a working set's entries (NT: the MMWSLE array), with their sort keys. */
public enum WsColumn {
    INDEX("WSLE", 60) {
        @Override
        public String text(WorkingSetEntry e) {
            return Integer.toString(e.getIndex());
        }

        @Override
        long key(WorkingSetEntry e) {
            return e.getIndex();
        }
    },
    VIRTUAL_ADDRESS("Virtual address", 150) {
        @Override
        public String text(WorkingSetEntry e) {
            return ModelLabels.address(e.getVirtualAddress());
        }

        @Override
        long key(WorkingSetEntry e) {
            return e.getVirtualAddress() ^ Long.MIN_VALUE;
        }
    },
    PFN("PFN", 80) {
        @Override
        public String text(WorkingSetEntry e) {
            return e.getPfn() < 0 ? "" : "0x" + Long.toHexString(e.getPfn());
        }

        @Override
        long key(WorkingSetEntry e) {
            return e.getPfn();
        }
    },
    AGE("Age", 45) {
        @Override
        public String text(WorkingSetEntry e) {
            return Integer.toString(e.getAge());
        }

        @Override
        long key(WorkingSetEntry e) {
            return e.getAge();
        }
    },
    LOCKED("Locked", 55) {
        @Override
        public String text(WorkingSetEntry e) {
            return e.isLocked() ? "locked" : "";
        }

        @Override
        long key(WorkingSetEntry e) {
            return e.isLocked() ? 1 : 0;
        }
    };

    private final String title;
    private final int width;

    WsColumn(String title, int width) {
        this.title = title;
        this.width = width;
    }

    public String title() {
        return title;
    }

    public int width() {
        return width;
    }

    public abstract String text(WorkingSetEntry e);

    abstract long key(WorkingSetEntry e);

    /** A comparator in this column's order. */
    public java.util.Comparator<WorkingSetEntry> comparator() {
        return java.util.Comparator.comparingLong(this::key);
    }

    public static String[] cells(WorkingSetEntry e) {
        WsColumn[] columns = values();
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            cells[i] = columns[i].text(e);
        }
        return cells;
    }
}
