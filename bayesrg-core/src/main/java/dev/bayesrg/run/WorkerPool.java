package dev.bayesrg.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of daemon threads that none of outlives its {@link #close()}: an embedding program
 * finds the JVM as it left it, also behind a failure or an interrupt (a task in progress stops at
 * its next interrupt check or when it finishes). Each thread is waited for itself, not through the
 * pool, whose bookkeeping need not survive an OutOfMemoryError in one of its workers.
 */
final class WorkerPool {
    private final List<Thread> workers = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool;

    /** {@code threads} threads named {@code name}. */
    WorkerPool(String name, int threads) {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
    }

    /** Runs {@code task} on a worker. */
    Future<?> submit(Runnable task) {
        return pool.submit(task);
    }

    /** Every task's result, in the tasks' order; a task's failure is rethrown as itself ({@link Tasks#unchecked}). */
    <T> List<T> invokeAll(List<Callable<T>> tasks) throws InterruptedException {
        List<T> results = new ArrayList<>(tasks.size());
        for (Future<T> f : pool.invokeAll(tasks)) {
            results.add(result(f));
        }
        return results;
    }

    /** The result of a task of this pool; its failure rethrown as itself. */
    static <T> T result(Future<T> task) throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw Tasks.unchecked(e);
        }
    }

    /** Stops the pool, interrupting its tasks, and waits until every one of its threads has ended. */
    void close() throws InterruptedException {
        pool.shutdownNow();
        synchronized (workers) {
            for (Thread t : workers) {
                t.join();
            }
        }
    }
}
