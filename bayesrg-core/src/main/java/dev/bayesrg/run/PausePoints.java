package dev.bayesrg.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points in a run at which a test can have the process stop dead, so that a kill lands at a
 * known moment instead of after a guessed sleep. With the system property
 * {@code bayesrg.pauseAt=POINT:K} the thread that reaches {@code POINT} for the K-th time prints
 * {@code bayesrg: paused at POINT K} on stderr and then blocks for good (holding whatever locks it
 * holds, so no later record can slip in); the test waits for that line and kills the process with
 * the signal it wants to try. Without the property, {@link #reached} costs one field read.
 *
 * <p>The points, in the order a run reaches them: {@value #RESUME_STATE_WRITTEN}, once the resume
 * state exists and before the directory is marked unfinished; {@value #CHECKPOINT_OPENED}, once the
 * run directory and its checkpoint exist and before any member is computed;
 * {@value #CHECKPOINT_RECORD}, after each member's record has been flushed to the checkpoint;
 * {@value #DATA_FILE}, after each per-member array file; {@value #DATA_WRITTEN}, once the data files
 * are written; {@value #FIELD_THEORY_WRITTEN}, once nnft/ is written; {@value #REPORT_FIGURE}, after
 * each figure of the report; {@value #RUN_COMPLETING}, once nnft/ and the report are written too,
 * before the run is marked finished; {@value #RUN_FINISHING}, once the marker is gone and before
 * the resume state and checkpoint are removed.
 */
public final class PausePoints {
    /** The resume state is written; the directory is not yet marked unfinished. */
    public static final String RESUME_STATE_WRITTEN = "resume-state-written";

    /** The run directory and its (possibly empty) checkpoint exist; no member has been recorded yet. */
    public static final String CHECKPOINT_OPENED = "checkpoint-opened";
    /** One more member's record is in the checkpoint and flushed. */
    public static final String CHECKPOINT_RECORD = "checkpoint-record";

    /** One more per-member array file ({@code predictions.npy}, …) is written. */
    public static final String DATA_FILE = "data-file";

    /** Every data file is written; nnft/ and the report are not. */
    public static final String DATA_WRITTEN = "data-written";

    /** nnft/ is written. */
    public static final String FIELD_THEORY_WRITTEN = "field-theory-written";

    /** One more figure of the report (its PNG and SVG) is written. */
    public static final String REPORT_FIGURE = "report-figure";

    /** nnft/ and the report are written; the directory is still marked unfinished. */
    public static final String RUN_COMPLETING = "run-completing";

    /** The marker is removed; the resume state, checkpoint and lock are not yet. */
    public static final String RUN_FINISHING = "run-finishing";

    private static final String PROPERTY = "bayesrg.pauseAt";
    private static final String POINT;
    private static final int COUNT;
    private static final ConcurrentHashMap<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

    static {
        String spec = System.getProperty(PROPERTY);
        int colon = spec == null ? -1 : spec.lastIndexOf(':');
        if (colon < 0) {
            POINT = spec;
            COUNT = spec == null ? 0 : 1;
        } else {
            POINT = spec.substring(0, colon);
            COUNT = Integer.parseInt(spec.substring(colon + 1).trim());
        }
    }

    private PausePoints() {}

    /** Counts one more arrival at {@code point}; pauses the process for good if it is the one asked for. */
    public static void reached(String point) {
        if (POINT == null || !POINT.equals(point)) {
            return;
        }
        int n = REACHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        if (n != COUNT) {
            return;
        }
        System.err.println("bayesrg: paused at " + point + " " + n);
        System.err.flush();
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // a pause point waits for its kill, not for an interrupt
                }
            }
        }
    }
}
