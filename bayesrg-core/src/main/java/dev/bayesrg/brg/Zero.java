package dev.bayesrg.brg;

/** Sets a sloppy parameter to zero: pruning. Draws nothing. */
public final class Zero implements CoarseGrainer {
    @Override
    public double coarseGrain(int index) {
        return 0.0;
    }

    @Override
    public SloppyLaw law(int index) {
        return new SloppyLaw(0.0, 0.0);
    }
}
