package org.mmscope.sim.pte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ProtectionTest {

    @Test
    void codesAreTheNtValues() {
        assertEquals(0, Protection.ZERO_ACCESS);
        assertEquals(1, Protection.READONLY);
        assertEquals(2, Protection.EXECUTE);
        assertEquals(3, Protection.EXECUTE_READ);
        assertEquals(4, Protection.READWRITE);
        assertEquals(5, Protection.WRITECOPY);
        assertEquals(6, Protection.EXECUTE_READWRITE);
        assertEquals(7, Protection.EXECUTE_WRITECOPY);
        assertEquals(0x08, Protection.NOCACHE);
        assertEquals(0x10, Protection.GUARD_PAGE);
        assertEquals(0x18, Protection.WRITECOMBINE);
        assertEquals(0x10, Protection.DECOMMIT);
        assertEquals(0x18, Protection.NOACCESS);
    }

    @Test
    void validRange() {
        assertTrue(Protection.isValid(0));
        assertTrue(Protection.isValid(31));
        assertFalse(Protection.isValid(-1));
        assertFalse(Protection.isValid(32));
        assertEquals(31, Protection.check(31));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 32, 0x100, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void helpersRefuseInvalidCodes(int code) {
        assertThrows(IllegalArgumentException.class, () -> Protection.check(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.name(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.base(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isWritable(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isReadable(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isCopyOnWrite(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isExecutable(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isGuard(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isNoAccess(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isNoCache(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isWriteCombine(code));
        assertThrows(IllegalArgumentException.class, () -> Protection.isDecommit(code));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protection.check(code));
        assertTrue(e.getMessage().contains("0..31"), e.getMessage());
    }

    /** code, readable, writable, copy-on-write, executable, for the eight bases. */
    @ParameterizedTest
    @CsvSource({
        "0, false, false, false, false",
        "1, true,  false, false, false",
        "2, true,  false, false, true",
        "3, true,  false, false, true",
        "4, true,  true,  false, false",
        "5, true,  true,  true,  false",
        "6, true,  true,  false, true",
        "7, true,  true,  true,  true",
    })
    void baseAccessRights(int base, boolean readable, boolean writable, boolean copyOnWrite, boolean executable) {
        for (int modifier : new int[] {0, Protection.NOCACHE, Protection.GUARD_PAGE, Protection.WRITECOMBINE}) {
            int code = base | modifier;
            assertEquals(base, Protection.base(code));
            assertEquals(readable, Protection.isReadable(code), Protection.name(code));
            assertEquals(writable, Protection.isWritable(code), Protection.name(code));
            assertEquals(copyOnWrite, Protection.isCopyOnWrite(code), Protection.name(code));
            assertEquals(executable, Protection.isExecutable(code), Protection.name(code));
            assertEquals(!readable, Protection.isNoAccess(code), Protection.name(code));
        }
    }

    @Test
    void modifiers() {
        assertTrue(Protection.isGuard(Protection.READWRITE | Protection.GUARD_PAGE));
        assertFalse(Protection.isGuard(Protection.READWRITE));
        assertFalse(Protection.isGuard(Protection.DECOMMIT));
        assertFalse(Protection.isGuard(Protection.NOACCESS));
        assertFalse(Protection.isGuard(Protection.READWRITE | Protection.WRITECOMBINE));

        assertTrue(Protection.isNoCache(Protection.READWRITE | Protection.NOCACHE));
        assertFalse(Protection.isNoCache(Protection.NOCACHE));
        assertFalse(Protection.isNoCache(Protection.READWRITE | Protection.WRITECOMBINE));

        assertTrue(Protection.isWriteCombine(Protection.READWRITE | Protection.WRITECOMBINE));
        assertFalse(Protection.isWriteCombine(Protection.NOACCESS));

        assertTrue(Protection.isDecommit(Protection.DECOMMIT));
        assertFalse(Protection.isDecommit(Protection.READWRITE | Protection.GUARD_PAGE));

        assertTrue(Protection.isNoAccess(Protection.NOACCESS));
        assertTrue(Protection.isNoAccess(Protection.DECOMMIT));
        assertTrue(Protection.isNoAccess(Protection.ZERO_ACCESS));
        assertTrue(Protection.isNoAccess(Protection.NOCACHE));
        assertFalse(Protection.isNoAccess(Protection.READONLY | Protection.GUARD_PAGE));
    }

    @Test
    void names() {
        assertEquals("ZERO_ACCESS", Protection.name(0));
        assertEquals("READONLY", Protection.name(Protection.READONLY));
        assertEquals("READWRITE", Protection.name(Protection.READWRITE));
        assertEquals("EXECUTE_WRITECOPY", Protection.name(Protection.EXECUTE_WRITECOPY));
        assertEquals("EXECUTE_READ|GUARD", Protection.name(Protection.EXECUTE_READ | Protection.GUARD_PAGE));
        assertEquals("READWRITE|NOCACHE", Protection.name(Protection.READWRITE | Protection.NOCACHE));
        assertEquals("READWRITE|WRITECOMBINE", Protection.name(Protection.READWRITE | Protection.WRITECOMBINE));
        assertEquals("ZERO_ACCESS|NOCACHE", Protection.name(Protection.NOCACHE));
        assertEquals("NOACCESS", Protection.name(Protection.NOACCESS));
        assertEquals("DECOMMIT", Protection.name(Protection.DECOMMIT));
    }

    @Test
    void namesAreDistinctAndNotAllocated() {
        Set<String> seen = new HashSet<>();
        for (int code = 0; code <= Protection.MAX; code++) {
            assertTrue(seen.add(Protection.name(code)), "duplicate name " + Protection.name(code));
            assertSame(Protection.name(code), Protection.name(code));
        }
        assertEquals(32, seen.size());
    }

    @ParameterizedTest
    @CsvSource({
        "r, 1", "rw, 4", "rx, 3", "rwx, 6", "wc, 5", "x, 2", "none, 24",
        "R, 1", "RWX, 6", "None, 24",
        "readonly, 1", "READWRITE, 4", "ReadWrite, 4", "execute_writecopy, 7", "zero_access, 0",
        "NOACCESS, 24", "noaccess, 24", "DECOMMIT, 16",
        "'READWRITE|GUARD', 20", "'rw|guard', 20", "' rw | guard_page ', 20", "'rx|NOCACHE', 11",
        "'READWRITE|WRITECOMBINE', 28", "'READWRITE|NOCACHE|GUARD', 28", "'EXECUTE_READ|GUARD', 19",
        "'ZERO_ACCESS|NOCACHE', 8",
    })
    void parsesNamesAndShortForms(String text, int expected) {
        assertEquals(expected, Protection.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "rwc", "READ", "PAGE_READWRITE", "rw|", "|rw", "rw|foo", "none|guard",
        "NOACCESS|NOCACHE", "DECOMMIT|GUARD", "GUARD", "4"})
    void refusesUnknownText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protection.parse(text));
        String message = e.getMessage();
        assertTrue(message.contains("READWRITE"), message);
        assertTrue(message.contains("rwx"), message);
        assertTrue(message.contains("none"), message);
        assertTrue(message.contains("|GUARD"), message);
    }

    @Test
    void refusesNull() {
        assertThrows(IllegalArgumentException.class, () -> Protection.parse(null));
    }

    @Property
    void parseInvertsName(@ForAll @IntRange(min = 0, max = 31) int code) {
        assertEquals(code, Protection.parse(Protection.name(code)));
        assertEquals(code, Protection.parse(Protection.name(code).toLowerCase(Locale.ROOT)));
    }

    @Property
    void codeIsBasePlusModifier(@ForAll @IntRange(min = 0, max = 31) int code) {
        assertEquals(code, Protection.base(code) | (code & Protection.MODIFIER_MASK));
        // at most one of the modifier meanings applies
        int meanings = (Protection.isGuard(code) ? 1 : 0) + (Protection.isNoCache(code) ? 1 : 0)
                + (Protection.isWriteCombine(code) ? 1 : 0) + (Protection.isDecommit(code) ? 1 : 0);
        assertTrue(meanings <= 1, Protection.name(code));
        assertTrue(!Protection.isCopyOnWrite(code) || Protection.isWritable(code), "copy-on-write implies writable");
    }
}
