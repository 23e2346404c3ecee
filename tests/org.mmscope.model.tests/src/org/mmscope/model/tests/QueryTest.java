package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmscope.model.Machine;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.query.Condition;
import org.mmscope.model.query.ModelQuery;
import org.mmscope.model.query.QueryException;
import org.mmscope.model.query.QueryResult;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.run.ScenarioRun;

/** The query console's language over a populated model, and breakpoint conditions. */
class QueryTest {

    private static Machine machine;

    @BeforeAll
    static void populate() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(40_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        machine = populator.machine();
    }

    @Test
    void standbyPagesOfAProcessWithAPriorityAreExactlyThoseALoopFinds() throws Exception {
        Process process = machine.getProcesses().stream().filter(p -> p.getPrivatePages() > 0).findFirst().orElseThrow();
        long expected = machine.getPfnDatabase().getEntries().stream()
                .filter(e -> e.getLocation() == PageList.STANDBY && e.getOwnerKind() == OwnerKind.PROCESS_PRIVATE
                        && e.getOwnerPid() == process.getPid() && e.getPriority() == 5)
                .count();
        QueryResult byName = ModelQuery.run(machine, "from pfns where location == 'Standby' && owner == '"
                + process.getName() + "' && priority == 5");
        QueryResult byPid = ModelQuery.run(machine, "pfns WHERE location == 'Standby' and ownerPid == mm:pid('"
                + process.getName() + "') and priority == 5 select pfn, owner");
        assertEquals(expected, byName.matched());
        assertEquals(expected, byPid.matched());
        assertEquals(java.util.List.of("pfn", "owner"), byPid.columns());
        for (Object[] row : byPid.values()) {
            assertEquals(process.getName(), row[1]);
        }
        long active = machine.getPfnDatabase().getEntries().stream()
                .filter(e -> e.getLocation() == PageList.ACTIVE_AND_VALID).count();
        assertEquals(active, ModelQuery.run(machine, "from pfns where location == 'ActiveAndValid'").matched());
        assertTrue(active > 0);
    }

    @Test
    void selectOrderAndLimitShapeTheTable() throws Exception {
        QueryResult top = ModelQuery.run(machine, "from processes select name, privatePages order by privatePages desc limit 2");
        assertEquals(2, top.rows().size());
        assertTrue((Long) top.values().get(0)[1] >= (Long) top.values().get(1)[1]);
        QueryResult all = ModelQuery.run(machine, "from pfns limit 10");
        assertEquals(10, all.rows().size());
        assertEquals(machine.getPfnDatabase().getEntries().size(), all.matched());
        assertTrue(all.truncated());
        assertTrue(all.rows().get(0) instanceof PfnEntry);
        assertTrue(all.toText().contains("rows (10 shown)"));
        QueryResult heads = ModelQuery.run(machine, "listHeads where total > 0 select list, total");
        assertFalse(heads.rows().isEmpty());
        QueryResult ptes = ModelQuery.run(machine, "ptes where kind == 'Transition' select process, virtualAddress, pfn");
        for (Object[] row : ptes.values()) {
            assertTrue((Long) row[2] >= 0);
        }
        QueryResult one = ModelQuery.run(machine, "machine select availablePages, mm:hex(ramBytes)");
        assertEquals(machine.getAvailablePages(), one.values().get(0)[0]);
        assertEquals("0x" + Long.toHexString(machine.getRamBytes()), one.values().get(0)[1]);
    }

    @Test
    void badQueriesSayWhatAndWhere() {
        QueryException source = assertThrows(QueryException.class, () -> ModelQuery.compile("from pfnz where x"));
        assertTrue(source.getMessage().contains("unknown source 'pfnz'") && source.getMessage().contains("pfns"),
                source.getMessage());
        assertEquals(6, source.column());
        QueryException syntax = assertThrows(QueryException.class,
                () -> ModelQuery.compile("from pfns where location == == 'Standby'"));
        assertTrue(syntax.column() >= 17, syntax.getMessage());
        QueryException name = assertThrows(QueryException.class,
                () -> ModelQuery.run(machine, "from pfns where locaton == 'Standby'"));
        assertTrue(name.getMessage().contains("unknown name 'locaton'") && name.getMessage().contains("location"),
                name.getMessage());
        QueryException notBoolean = assertThrows(QueryException.class, () -> ModelQuery.run(machine, "from pfns where pfn"));
        assertTrue(notBoolean.getMessage().contains("not true or false"), notBoolean.getMessage());
        QueryException unknownProcess = assertThrows(QueryException.class,
                () -> ModelQuery.run(machine, "from pfns where ownerPid == mm:pid('nosuch.exe')"));
        assertTrue(unknownProcess.getMessage().contains("nosuch.exe"), unknownProcess.getMessage());
        assertThrows(QueryException.class, () -> ModelQuery.compile("from pfns where 'unclosed"));
        assertThrows(QueryException.class, () -> ModelQuery.compile("from pfns limit -3"));
        assertThrows(QueryException.class, () -> ModelQuery.compile("from pfns where x where y"));
        assertThrows(QueryException.class, () -> ModelQuery.compile(""));
    }

    @Test
    void queriesCannotReachOutsideTheModelOrChangeIt() throws Exception {
        for (String hostile : new String[] { "from pfns where (x = 3) == 3", "from machine select new('java.io.File', '/etc/passwd')",
                "from machine select ''.getClass().forName('java.lang.Runtime')",
                "from machine select it.eClass().getEPackage().getEFactoryInstance()",
                "from pfns where pfn == 1 select it.setFlags(0)" }) {
            int before = machine.getPfnDatabase().getEntries().get(1).getFlags();
            try {
                QueryResult result = ModelQuery.run(machine, hostile);
                for (Object[] row : result.values()) {
                    for (Object value : row) {
                        assertFalse(value instanceof java.io.File || value instanceof Class<?>, hostile + " gave " + value);
                    }
                }
            } catch (QueryException expected) {
                // refused: what we want
            }
            assertEquals(before, machine.getPfnDatabase().getEntries().get(1).getFlags(), "a query changed the model: " + hostile);
        }
    }

    @Test
    void conditionsUseTheSameLanguageAndCheckTheirNamesWhenCompiled() throws Exception {
        Set<String> names = Set.of("type", "pfn", "va", "oldState", "newState", "process");
        Condition condition = Condition.compile("type == 'PAGE_LIST_TRANSITION' && newState == 6 && pfn > 0x100", names);
        assertTrue(condition.test(Map.of("type", "PAGE_LIST_TRANSITION", "pfn", 0x200L, "va", 0L, "oldState", 2,
                "newState", 6, "process", 8), machine));
        assertFalse(condition.test(Map.of("type", "PAGE_LIST_TRANSITION", "pfn", 0x20L, "va", 0L, "oldState", 2,
                "newState", 6, "process", 8), machine));
        QueryException typo = assertThrows(QueryException.class, () -> Condition.compile("pfm == 3", names));
        assertTrue(typo.getMessage().contains("unknown name 'pfm'") && typo.getMessage().contains("pfn"), typo.getMessage());
        Condition byName = Condition.compile("process == mm:pid('" + machine.getProcesses().get(1).getName() + "')", names);
        assertTrue(byName.test(Map.of("process", machine.getProcesses().get(1).getPid()), machine));
        QueryException notBoolean = assertThrows(QueryException.class,
                () -> Condition.compile("pfn + 1", names).test(Map.of("pfn", 3L), machine));
        assertTrue(notBoolean.getMessage().contains("not true or false"));
    }
}
