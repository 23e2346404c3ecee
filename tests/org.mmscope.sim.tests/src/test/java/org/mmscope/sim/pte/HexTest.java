package org.mmscope.sim.pte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class HexTest {

    @Test
    void windbgForm() {
        assertEquals("fffff680`00000000", Hex.windbg(0xFFFFF680_00000000L));
        assertEquals("00000000`00000000", Hex.windbg(0));
        assertEquals("ffffffff`ffffffff", Hex.windbg(-1));
        assertEquals("00000000`00001000", Hex.windbg(0x1000));
        assertEquals("00007ff6`12340000", Hex.windbg(0x00007FF6_12340000L));
        assertEquals("80000000`00000001", Hex.windbg(Long.MIN_VALUE + 1));
        assertEquals("01234567`89abcdef", Hex.windbg(0x01234567_89ABCDEFL));
    }

    @Test
    void hexForm() {
        assertEquals("0x0", Hex.hex(0));
        assertEquals("0x1a2b3", Hex.hex(0x1a2b3));
        assertEquals("0xffffffffffffffff", Hex.hex(-1));
        assertEquals("0x8000000000000000", Hex.hex(Long.MIN_VALUE));
        assertEquals("0xfffff68000000000", Hex.hex(0xFFFFF680_00000000L));
    }

    @Property
    void windbgRoundTrips(@ForAll long value) {
        String text = Hex.windbg(value);
        assertEquals(17, text.length());
        assertEquals('`', text.charAt(8));
        assertEquals(text, text.toLowerCase());
        assertEquals(value, Long.parseUnsignedLong(text.replace("`", ""), 16));
    }

    @Property
    void hexRoundTrips(@ForAll long value) {
        String text = Hex.hex(value);
        assertTrue(text.startsWith("0x"));
        assertTrue(text.length() == 3 || text.charAt(2) != '0', text);
        assertEquals(value, Long.parseUnsignedLong(text.substring(2), 16));
    }
}
