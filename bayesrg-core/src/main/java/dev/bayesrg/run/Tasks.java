package dev.bayesrg.run;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread, with its failure rethrown as itself. */
public final class Tasks {
    private Tasks() {}

    /**
     * The result of {@code task}. An IOException, RuntimeException or Error it threw is rethrown as
     * itself; an interrupt while waiting becomes an IOException saying what was being done.
     *
     * @param doing what the task does, for the message: "writing the report"
     */
    public static <T> T await(Future<T> task, String doing) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + doing, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw unchecked(e);
        }
    }

    /**
     * The cause of a failed task as an unchecked exception to throw: itself if it is a
     * RuntimeException; an Error is thrown from here; anything else is wrapped.
     */
    public static RuntimeException unchecked(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
