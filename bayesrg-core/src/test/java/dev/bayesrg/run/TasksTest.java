package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** A failed background task's exception reaches the waiting thread as itself. */
class TasksTest {

    private static <T> FutureTask<T> failing(Exception e) {
        FutureTask<T> task = new FutureTask<>(() -> {
            throw e;
        });
        task.run();
        return task;
    }

    @Test
    void awaitRethrowsIoAndUncheckedFailuresAsThemselves() throws IOException {
        IOException io = new IOException("disk full");
        assertSame(io, assertThrows(IOException.class, () -> Tasks.await(failing(io), "writing")));
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        assertSame(bad, assertThrows(IllegalArgumentException.class, () -> Tasks.await(failing(bad), "writing")));
        Exception other = new Exception("checked");
        IllegalStateException wrapped =
                assertThrows(IllegalStateException.class, () -> Tasks.await(failing(other), "writing"));
        assertSame(other, wrapped.getCause());
        FutureTask<Void> error = new FutureTask<>(() -> {
            throw new StackOverflowError("deep");
        });
        error.run();
        assertEquals(
                "deep",
                assertThrows(StackOverflowError.class, () -> Tasks.await(error, "writing"))
                        .getMessage());
        assertEquals(7, Tasks.await(CompletableFuture.completedFuture(7), "writing"));
    }

    @Test
    void anInterruptWhileWaitingIsAnIoExceptionSayingWhatWasBeingDone() {
        Thread.currentThread().interrupt();
        IOException e = assertThrows(IOException.class, () -> Tasks.await(new CompletableFuture<Void>(), "writing x"));
        assertEquals("interrupted while writing x", e.getMessage());
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }
}
