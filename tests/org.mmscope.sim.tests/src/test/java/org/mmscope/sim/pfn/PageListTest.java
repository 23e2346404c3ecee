package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageListTest {

    @Test
    void codesAndNamesFollowNtMmLists() {
        List<String> names = List.of("ZeroedPageList", "FreePageList", "StandbyPageList", "ModifiedPageList",
                "ModifiedNoWritePageList", "BadPageList", "ActiveAndValid", "TransitionPage");
        PageList[] lists = PageList.values();
        assertEquals(8, lists.length);
        for (int code = 0; code < lists.length; code++) {
            assertEquals(code, lists[code].code());
            assertEquals(names.get(code), lists[code].ntName());
            assertSame(lists[code], PageList.fromCode(code));
        }
        assertEquals(2, PageList.STANDBY.code());
        assertEquals(6, PageList.ACTIVE_AND_VALID.code());
    }

    @Test
    void firstSixAreLinkedListsTheLastTwoStates() {
        for (PageList list : PageList.values()) {
            assertEquals(list.code() < 6, list.isLinked(), list.name());
        }
        assertEquals(6, PageList.LINKED_COUNT);
        assertFalse(PageList.ACTIVE_AND_VALID.isLinked());
        assertFalse(PageList.TRANSITION.isLinked());
    }

    @Test
    void zeroedFreeAndStandbyAreAvailable() {
        assertTrue(PageList.ZEROED.isAvailable());
        assertTrue(PageList.FREE.isAvailable());
        assertTrue(PageList.STANDBY.isAvailable());
        for (PageList list : List.of(PageList.MODIFIED, PageList.MODIFIED_NO_WRITE, PageList.BAD,
                PageList.ACTIVE_AND_VALID, PageList.TRANSITION)) {
            assertFalse(list.isAvailable(), list.name());
        }
    }

    @Test
    void fromCodeRefusesUnknownCodes() {
        assertThrows(IllegalArgumentException.class, () -> PageList.fromCode(-1));
        assertThrows(IllegalArgumentException.class, () -> PageList.fromCode(8));
    }
}
