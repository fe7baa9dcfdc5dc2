package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.FieldTheoryFigures.CUTOFFS;
import static dev.bayesrg.report.FieldTheoryFigures.axis;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bayesrg.run.CosNetSpectrum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cos-net spectrum figure plots from nnft/cosnet_spectrum.csv. */
class CosNetSpectrumFigureTest {
    @TempDir
    Path tmp;

    @Test
    void theFittedCutoffAndMassBesideTheInformationMomentumAgainstTheCutoff() throws Exception {
        Path csv = tmp.resolve(CosNetSpectrum.FILE);
        // rows out of order: read by their entry
        Files.writeString(
                csv,
                CosNetSpectrum.HEADER + "\n"
                        + "1,0.1,1,1.1,2.5,0.01,1,1,1,3,2.0\n"
                        + "0,nan,1,1.0,3.0,0.01,1,1,1,3,nan\n"
                        + "2,1,1,1.2,2.0,0.01,1,1,1,3,1.5\n"
                        + "3,10,1,1.3,1.0,0.01,1,1,1,3,nan\n");
        Map<String, double[]> columns = CosNetSpectrumFigure.read(csv);
        FigureFile f = new CosNetSpectrumFigure(axis(), columns).draw();
        assertEquals(CosNetSpectrumFigure.NAME, f.name());
        Plot top = plot(f, 0);
        assertArrayEquals(CUTOFFS, series(top, "Λ_eff (fit)").getXData());
        assertArrayEquals(
                new double[] {2.5, 2.0, 1.0}, series(top, "Λ_eff (fit)").getYData());
        assertArrayEquals(new double[] {0.1, 1}, series(top, "Λ_info(ε)").getXData());
        assertArrayEquals(new double[] {2.0, 1.5}, series(top, "Λ_info(ε)").getYData());
        assertEquals(3.0, horizontalAt(top, "trained Λ_eff (fit)"));
        assertArrayEquals(
                new double[] {1.1, 1.2, 1.3}, series(plot(f, 1), "m_eff (fit)").getYData());
        assertNull(f.emptyReason());
    }

    @Test
    void aRunThatIsNotACosNetHasNoFigure() throws Exception {
        assertNull(CosNetSpectrumFigure.read(tmp.resolve(CosNetSpectrum.FILE)));
        assertEquals(
                CosNetSpectrumFigure.NONE,
                new CosNetSpectrumFigure(axis(), null).draw().emptyReason());
    }
}
