package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

class CpuTest {

    @Test
    void startsAtPassiveLevelRunningIdle() {
        Tlb tlb = new Tlb(8);
        Cpu cpu = new Cpu(3, tlb);
        assertEquals(3, cpu.number());
        assertSame(tlb, cpu.tlb());
        assertEquals(Irql.PASSIVE_LEVEL, cpu.irql());
        assertEquals(Cpu.IDLE_THREAD, cpu.currentThreadId());
    }

    @Test
    void irqlLevelsAreNtValues() {
        assertEquals(0, Irql.PASSIVE_LEVEL.level());
        assertEquals(1, Irql.APC_LEVEL.level());
        assertEquals(2, Irql.DISPATCH_LEVEL.level());
        assertTrue(Irql.DISPATCH_LEVEL.isAtLeast(Irql.APC_LEVEL));
        assertTrue(Irql.APC_LEVEL.isAtLeast(Irql.APC_LEVEL));
    }

    @Test
    void raiseReturnsOldLevelAndLowerRestoresIt() {
        Cpu cpu = new Cpu(0, new Tlb(1));
        Irql old = cpu.raiseIrql(Irql.APC_LEVEL);
        assertEquals(Irql.PASSIVE_LEVEL, old);
        Irql apc = cpu.raiseIrql(Irql.DISPATCH_LEVEL);
        assertEquals(Irql.APC_LEVEL, apc);
        assertEquals(Irql.DISPATCH_LEVEL, cpu.raiseIrql(Irql.DISPATCH_LEVEL)); // raising to the same level is allowed
        cpu.lowerIrql(apc);
        assertEquals(Irql.APC_LEVEL, cpu.irql());
        cpu.lowerIrql(old);
        assertEquals(Irql.PASSIVE_LEVEL, cpu.irql());
    }

    @Test
    void raisingToALowerLevelStopsTheMachine() {
        Cpu cpu = new Cpu(1, new Tlb(1));
        cpu.raiseIrql(Irql.DISPATCH_LEVEL);
        BugCheckException e = assertThrows(BugCheckException.class, () -> cpu.raiseIrql(Irql.PASSIVE_LEVEL));
        assertEquals(Cpu.IRQL_NOT_GREATER_OR_EQUAL, e.code());
        assertEquals(0x09, e.code());
        assertEquals(0, e.parameter(1));
        assertEquals(2, e.parameter(2));
        assertEquals(1, e.parameter(3));
        assertEquals(Irql.DISPATCH_LEVEL, cpu.irql());
    }

    @Test
    void loweringToAHigherLevelStopsTheMachine() {
        Cpu cpu = new Cpu(0, new Tlb(1));
        BugCheckException e = assertThrows(BugCheckException.class, () -> cpu.lowerIrql(Irql.APC_LEVEL));
        assertEquals(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL, e.code());
        assertEquals(1, e.parameter(1));
        assertEquals(0, e.parameter(2));
        assertEquals(Irql.PASSIVE_LEVEL, cpu.irql());
    }

    @Test
    void tracksTheRunningThread() {
        Cpu cpu = new Cpu(0, new Tlb(1));
        cpu.setCurrentThreadId(17);
        assertEquals(17, cpu.currentThreadId());
        cpu.setCurrentThreadId(Cpu.IDLE_THREAD);
        assertEquals(-1, cpu.currentThreadId());
        assertThrows(IllegalArgumentException.class, () -> cpu.setCurrentThreadId(-2));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Cpu(-1, new Tlb(1)));
        assertThrows(NullPointerException.class, () -> new Cpu(0, null));
        Cpu cpu = new Cpu(0, new Tlb(1));
        assertThrows(NullPointerException.class, () -> cpu.raiseIrql(null));
        assertThrows(NullPointerException.class, () -> cpu.lowerIrql(null));
    }
}
