package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MmEventTypeTest {

    @Test
    void fewerThan64TypesSoOneLongMaskCoversThem() {
        assertTrue(MmEventType.values().length < 64, "event types: " + MmEventType.values().length);
        assertEquals(64, MmEventType.MAX_CODES);
        assertEquals(MmEventType.values().length, Long.bitCount(MmEventType.allMask()));
    }

    @Test
    void codesAreUniqueInRangeAndRoundTrip() {
        Set<Integer> codes = new HashSet<>();
        for (MmEventType type : MmEventType.values()) {
            assertTrue(type.code() >= 0 && type.code() < 64, type + " code " + type.code());
            assertTrue(codes.add(type.code()), "code reused: " + type.code());
            assertSame(type, MmEventType.fromCode(type.code()));
            assertEquals(1L << type.code(), type.bit());
        }
    }

    @Test
    void codesAreStable() {
        // stored in logs and in breakpoint masks: these must never change
        assertEquals(0, MmEventType.PAGE_LIST_TRANSITION.code());
        assertEquals(5, MmEventType.PTE_WRITE.code());
        assertEquals(8, MmEventType.FAULT_PAGE_FILE.code());
        assertEquals(13, MmEventType.COLLIDED_FAULT.code());
        assertEquals(25, MmEventType.TLB_FLUSH_SINGLE.code());
        assertEquals(42, MmEventType.COPY_ON_WRITE.code());
        assertEquals(48, MmEventType.BUGCHECK.code());
    }

    @Test
    void unknownCodesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MmEventType.fromCode(-1));
        assertThrows(IllegalArgumentException.class, () -> MmEventType.fromCode(63));
        assertThrows(IllegalArgumentException.class, () -> MmEventType.fromCode(64));
    }

    @Test
    void displayNamesAreUniqueAndEveryCategoryIsUsed() {
        Set<String> names = new HashSet<>();
        EnumSet<MmEventCategory> used = EnumSet.noneOf(MmEventCategory.class);
        for (MmEventType type : MmEventType.values()) {
            assertFalse(type.displayName().isBlank(), type.name());
            assertTrue(names.add(type.displayName()), "display name reused: " + type.displayName());
            used.add(type.category());
        }
        assertEquals(EnumSet.allOf(MmEventCategory.class), used);
        for (MmEventCategory category : MmEventCategory.values()) {
            assertFalse(category.displayName().isBlank(), category.name());
        }
    }

    @Test
    void theBriefsTypesExistInTheirCategories() {
        assertEquals(MmEventCategory.PFN, MmEventType.PAGE_LIST_TRANSITION.category());
        assertEquals(MmEventCategory.PTE, MmEventType.PTE_WRITE.category());
        assertEquals(MmEventCategory.FAULT, MmEventType.FAULT_TRANSITION.category());
        assertEquals(MmEventCategory.IO, MmEventType.IN_PAGE_ERROR.category());
        assertEquals(MmEventCategory.WORKING_SET, MmEventType.WS_TRIM.category());
        assertEquals(MmEventCategory.TLB, MmEventType.TLB_FLUSH_ALL.category());
        assertEquals(MmEventCategory.PROCESS, MmEventType.PROCESS_EXIT.category());
        assertEquals(MmEventCategory.THREAD, MmEventType.THREAD_READY.category());
        assertEquals(MmEventCategory.POOL, MmEventType.SPECIAL_POOL_VIOLATION.category());
        assertEquals(MmEventCategory.SECTION, MmEventType.DUMMY_PAGE_USE.category());
        assertEquals(MmEventCategory.SYSTEM, MmEventType.BUGCHECK.category());
    }
}
