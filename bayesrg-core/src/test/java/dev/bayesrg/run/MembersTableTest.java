package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bayesrg.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * members.csv read back cell by cell: whatever the line ends, and whether a repeated cell (the
 * cutoff, the final loss) is spelled as written or otherwise, the numbers are the file's; a cell
 * that disagrees is named by file and line.
 */
class MembersTableTest {
    private static final List<Double> CUTOFFS = List.of(0.01, 1.0);
    private static final Path FILE = Path.of("runs/x/members.csv");

    /** Two members (7 and 9) of three entries each, as RunWriter writes them. */
    private static final String WRITTEN = RunWriter.MEMBERS_HEADER
            + "7,0,,1.5,0.25,0,false,3.0,3.0\n"
            + "7,1,0.01,1.75,0.5,2,false,3.0,3.25\n"
            + "7,2,1.0,2.5,-0.75,4,false,3.0,4.5\n"
            + "9,0,,nan,inf,0,true,inf,nan\n"
            + "9,1,0.01,nan,-inf,1,true,inf,nan\n"
            + "9,2,1.0,1.0E300,nan,3,true,inf,nan\n";

    private static MembersTable read(String text) {
        return MembersTable.of(text, FILE, CUTOFFS);
    }

    private static void assertSameTable(MembersTable expected, MembersTable actual) {
        assertArrayEquals(expected.members(), actual.members());
        assertArrayEquals(expected.diverged(), actual.diverged());
        assertArrayEquals(expected.testMse(), actual.testMse());
        assertArrayEquals(expected.probe(), actual.probe());
        assertArrayEquals(expected.coarseGrained(), actual.coarseGrained());
        assertArrayEquals(expected.trainLoss(), actual.trainLoss());
        assertArrayEquals(expected.trainMse(), actual.trainMse());
    }

    @Test
    void theCellsReadBackAsTheNumbersWritten() {
        MembersTable t = read(WRITTEN);
        assertArrayEquals(new int[] {7, 9}, t.members());
        assertArrayEquals(new boolean[] {false, true}, t.diverged());
        assertArrayEquals(new double[] {1.5, 1.75, 2.5}, t.testMse()[0]);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 1e300}, t.testMse()[1]);
        assertArrayEquals(new double[] {0.25, 0.5, -0.75}, t.probe()[0]);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}, t.probe()[1]);
        assertArrayEquals(new int[] {0, 2, 4}, t.coarseGrained()[0]);
        assertArrayEquals(new double[] {3.0, Double.POSITIVE_INFINITY}, t.trainLoss());
        assertArrayEquals(new double[] {3.0, 3.25, 4.5}, t.trainMse()[0]);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN}, t.trainMse()[1]);
    }

    /** A table written before the training MSE along the flow was measured reads it as NaN. */
    @Test
    void aTableWithoutTheTrainingMseAlongTheFlowReadsItAsNaN() {
        String rows = WRITTEN.substring(RunWriter.MEMBERS_HEADER.length());
        String old = "member,entry,cutoff,test_mse,probe_output,coarse_grained,diverged,train_loss\n"
                + rows.replaceAll(",[^,\n]*\n", "\n");
        MembersTable t = read(old);
        assertArrayEquals(read(WRITTEN).testMse(), t.testMse());
        assertArrayEquals(new double[] {3.0, Double.POSITIVE_INFINITY}, t.trainLoss());
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN}, t.trainMse()[0]);
    }

    @Test
    void crLfAndLoneCrLineEndsAndBlankLinesReadAsNewlines() {
        MembersTable expected = read(WRITTEN);
        assertSameTable(expected, read(WRITTEN.replace("\n", "\r\n")));
        assertSameTable(expected, read(WRITTEN.replace("\n", "\r")));
        assertSameTable(expected, read(WRITTEN.replace("3.25\n", "3.25\n\n") + "\n\n"));
        assertSameTable(expected, read(WRITTEN.substring(0, WRITTEN.length() - 1))); // no final line end
    }

    @Test
    void aCutoffOrFinalLossSpelledOtherwiseIsTheSameNumber() {
        String respelled = WRITTEN.replace("7,1,0.01,", "7,1,1e-2,")
                .replace("7,2,1.0,2.5,-0.75,4,false,3.0", "7,2,1,2.5,-0.75,4,false,3.00");
        assertSameTable(read(WRITTEN), read(respelled));
    }

    @Test
    void aCutoffOrFinalLossThatDisagreesIsNamedByFileAndLine() {
        ConfigException cutoff =
                assertThrows(ConfigException.class, () -> read(WRITTEN.replace("9,1,0.01,", "9,1,0.02,")));
        assertEquals(FILE + ":6", cutoff.field());
        assertEquals("cutoff is '0.02', the run's entry 1 has 0.01", cutoff.detail());
        ConfigException loss =
                assertThrows(ConfigException.class, () -> read(WRITTEN.replace("4,false,3.0", "4,false,3.5")));
        assertEquals(FILE + ":4", loss.field());
        assertEquals("member 7's diverged or train_loss differs from its entry 0", loss.detail());
        ConfigException trained =
                assertThrows(ConfigException.class, () -> read(WRITTEN.replace("7,0,,1.5", "7,0,0.01,1.5")));
        assertEquals(FILE + ":2", trained.field());
    }
}
