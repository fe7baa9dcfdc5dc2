package dev.bayesrg.cli;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.Preset;
import dev.bayesrg.nngp.CosNetFlow;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The names an option accepts, taken from the code that checks them, for the help's
 * {@code ${COMPLETION-CANDIDATES}}: a new preset, activation or command is listed without a change
 * to any help text.
 */
final class Candidates {
    private Candidates() {}

    /** The presets of {@code --preset}. */
    static final class Presets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Preset.values()).map(Preset::id).iterator();
        }
    }

    /** The activations of {@code nngp --activation}. */
    static final class Activations implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Activation.ids().iterator();
        }
    }

    /** The targets of {@code cosnet --target}. */
    static final class CosNetTargets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(CosNetFlow.Target.values())
                    .map(CosNetFlow.Target::id)
                    .iterator();
        }
    }

    /** The commands of {@code bayesrg help COMMAND}. */
    static final class Commands implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BayesrgCommand.SUBCOMMANDS.keySet().iterator();
        }
    }
}
