package dev.bayesrg.nnft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streaming moments whose merge is exact, byte for byte: floating-point sums depend on their order,
 * so the accumulation is defined per fixed block of member indices — members b·B … (b+1)·B − 1 go
 * into block b, in increasing index — and the total adds the blocks in block order. Shards that
 * hold whole blocks (any split at multiples of B) can then be accumulated apart and merged in any
 * order: the total is bit-identical to one pass over every member.
 */
public final class BlockedMoments {
    private final int points;
    private final int maxOrder;
    private final int blockSize;
    private final TreeMap<Integer, MomentAccumulator> blocks = new TreeMap<>();
    private final TreeMap<Integer, Integer> lastMember = new TreeMap<>();

    public BlockedMoments(int points, int maxOrder, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
        }
        this.points = points;
        this.maxOrder = maxOrder;
        this.blockSize = blockSize;
    }

    /**
     * The moments of configurations 0..n−1 (row α is member α), with the blocks accumulated on
     * {@code threads} threads: bit-identical for any thread count, since each block is summed in
     * member order by one thread and the blocks are added in block order.
     */
    public static BlockedMoments of(double[][] fields, int maxOrder, int blockSize, int threads) {
        int points = fields.length == 0 ? 0 : fields[0].length;
        int blockCount = (fields.length + blockSize - 1) / blockSize;
        MomentAccumulator[] accumulated = new MomentAccumulator[blockCount];
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> java.util.stream.IntStream.range(0, blockCount)
                            .parallel()
                            .forEach(b -> {
                                MomentAccumulator acc = new MomentAccumulator(points, maxOrder);
                                for (int a = b * blockSize; a < Math.min(fields.length, (b + 1) * blockSize); a++) {
                                    acc.add(fields[a]);
                                }
                                accumulated[b] = acc;
                            }))
                    .join();
        } finally {
            pool.shutdown();
        }
        BlockedMoments moments = new BlockedMoments(points, maxOrder, blockSize);
        for (int b = 0; b < blockCount; b++) {
            moments.blocks.put(b, accumulated[b]);
            moments.lastMember.put(b, Math.min(fields.length, (b + 1) * blockSize) - 1);
        }
        return moments;
    }

    /** Adds member α's configuration; within a block members must come in increasing index. */
    public void add(int member, double[] field) {
        int block = member / blockSize;
        Integer last = lastMember.get(block);
        if (last != null && member <= last) {
            throw new IllegalArgumentException("member " + member + " after member " + last + " in block " + block
                    + ": add members in increasing index");
        }
        blocks.computeIfAbsent(block, b -> new MomentAccumulator(points, maxOrder))
                .add(field);
        lastMember.put(block, member);
    }

    /** Takes over another shard's blocks; a block may come from one shard only. */
    public void merge(BlockedMoments other) {
        if (other.points != points || other.maxOrder != maxOrder || other.blockSize != blockSize) {
            throw new IllegalArgumentException("blocked moments differ in mesh, order or block size");
        }
        for (Map.Entry<Integer, MomentAccumulator> e : other.blocks.entrySet()) {
            if (blocks.containsKey(e.getKey())) {
                throw new IllegalArgumentException("block " + e.getKey() + " is in both shards");
            }
        }
        blocks.putAll(other.blocks);
        lastMember.putAll(other.lastMember);
    }

    /** The blocks in block order (each its own accumulator). */
    public List<MomentAccumulator> blocks() {
        return new ArrayList<>(blocks.values());
    }

    /** All members: the blocks added in block order. */
    public MomentAccumulator total() {
        MomentAccumulator total = new MomentAccumulator(points, maxOrder);
        for (MomentAccumulator block : blocks.values()) {
            total.merge(block);
        }
        return total;
    }
}
