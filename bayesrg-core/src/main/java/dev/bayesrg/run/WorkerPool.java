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

    /** One of {@link #inOrder}'s independent pieces of work. */
    @FunctionalInterface
    interface Piece<T> {
        T compute(int index) throws java.io.IOException;
    }

    /**
     * {@code piece} 0 … count − 1, on as many threads as there are cores (at most {@code count}),
     * their results in index order; the first failure in index order is thrown as itself. For
     * pieces that share nothing, so that the results are the same on any number of threads.
     */
    static <T> List<T> inOrder(String name, int count, Piece<T> piece) throws java.io.IOException {
        int threads = Math.min(count, Runtime.getRuntime().availableProcessors());
        List<T> results = new ArrayList<>(count);
        if (threads <= 1) {
            for (int i = 0; i < count; i++) {
                results.add(piece.compute(i));
            }
            return results;
        }
        WorkerPool pool = new WorkerPool(name, threads);
        try {
            List<Future<T>> tasks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                tasks.add(pool.pool.submit(() -> piece.compute(index)));
            }
            for (Future<T> task : tasks) {
                results.add(Tasks.await(task, "working on " + name));
            }
            return results;
        } finally {
            try {
                pool.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
