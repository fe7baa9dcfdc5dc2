package dev.bayesrg.report;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.TrainConfig;

/**
 * What the report calls a run's loss: flow.csv's {@code test_mse_*} and {@code train_mse_*} columns
 * and loss_curves.npy hold the {@code train.loss} the members were trained on, in its own units. Under
 * {@code mse} the report keeps its words ("test MSE"); under any other loss it says "loss" ("test
 * loss"), naming the loss where a caption has room.
 *
 * @param id         the {@code train.loss} name: mse, huber, l1 or cross-entropy
 * @param classifier whether the run is a classifier ({@code train.loss: cross-entropy}: one logit of
 *                   two classes, or K ≥ 3 logits of a softmax), whose predictive is categorical
 */
record LossLabel(String id, boolean classifier) {
    /** The squared error of one output: the report's words of before. */
    static final LossLabel MSE = new LossLabel(TrainConfig.Loss.MSE.id(), false);

    /** The loss of a run's configuration. */
    static LossLabel of(ExperimentConfig config) {
        return new LossLabel(config.train().loss().id(), config.train().loss() == TrainConfig.Loss.CROSS_ENTROPY);
    }

    /** Whether the loss is the squared error. */
    boolean mse() {
        return id.equals(TrainConfig.Loss.MSE.id());
    }

    /** "MSE" or "loss". */
    String word() {
        return mse() ? "MSE" : "loss";
    }

    /** "test MSE" or "test loss". */
    String test() {
        return "test " + word();
    }

    /** "training MSE" or "training loss". */
    String training() {
        return "training " + word();
    }

    /** Nothing under mse, else " (train.loss cross-entropy)": which loss a caption's numbers are. */
    String named() {
        return mse() ? "" : " (train.loss " + id + ")";
    }
}
