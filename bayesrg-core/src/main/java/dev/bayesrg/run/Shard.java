package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;

/**
 * One of {@code count} disjoint parts of an ensemble: members index, index + count, index + 2·count,
 * …  Members depend only on (seed, member index), so shards run anywhere, in any order, and merge
 * into exactly the unsharded run.
 */
public record Shard(int index, int count) {
    /** The whole ensemble. */
    public static final Shard ALL = new Shard(0, 1);

    /** The field name under which a bad shard is reported. */
    public static final String FIELD = "shard";

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new ConfigException(FIELD, "got " + index + "/" + count + ", allowed I/N with 0 <= I < N");
        }
    }

    /** Parses "I/N". */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new ConfigException(FIELD, "got '" + text + "', allowed I/N with 0 <= I < N (e.g. 0/4)");
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** How many of an ensemble of {@code members} are this shard's (without listing them). */
    public int size(int members) {
        return index < members ? (members - index + count - 1) / count : 0;
    }

    /** This shard's members of an ensemble of {@code members}, ascending. */
    public int[] members(int members) {
        int size = size(members);
        int[] out = new int[size];
        for (int k = 0; k < size; k++) {
            out[k] = index + k * count;
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
