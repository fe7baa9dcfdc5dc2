package dev.bayesrg.brg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowEntriesTest {
    private final FlowEntries entries = new FlowEntries(List.of(0.01, 1.0, 100.0));

    @Test
    void entryZeroIsTheTrainedEnsembleAndEntryKTheKthCutoff() {
        assertEquals(4, entries.size());
        assertTrue(FlowEntries.isTrained(0));
        assertNull(entries.cutoff(0));
        assertTrue(Double.isNaN(entries.cutoffOrNaN(0)));
        assertEquals(0.01, entries.cutoff(1));
        assertEquals(100.0, entries.cutoffOrNaN(3));
        assertEquals(entries, FlowEntries.of(new double[] {0.01, 1.0, 100.0}));
    }

    @Test
    void anEntryOutsideTheFlowIsRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> entries.cutoff(4));
        assertThrows(IndexOutOfBoundsException.class, () -> entries.cutoff(-1));
    }
}
