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
 * <p>The points: {@value #CHECKPOINT_OPENED}, once the run directory and its checkpoint exist and
 * before any member is computed; {@value #CHECKPOINT_RECORD}, after each member's record has been
 * flushed to the checkpoint; {@value #DATA_WRITTEN}, once the data files are written;
 * {@value #RUN_COMPLETING}, once nnft/ and the report are written too, before the run is marked
 * finished.
 */
public final class PausePoints {
    /** The run directory and its (possibly empty) checkpoint exist; no member has been recorded yet. */
    public static final String CHECKPOINT_OPENED = "checkpoint-opened";
    /** One more member's record is in the checkpoint and flushed. */
    public static final String CHECKPOINT_RECORD = "checkpoint-record";

    /** Every data file is written; nnft/ and the report are not. */
    public static final String DATA_WRITTEN = "data-written";

    /** nnft/ and the report are written; the directory is still marked unfinished. */
    public static final String RUN_COMPLETING = "run-completing";

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
