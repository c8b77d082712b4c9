package org.jkeras.trainers;

import java.util.List;
import org.jkeras.Kwargs;
import org.jkeras.callbacks.Callback;

/** Keras's {@code fit} keyword arguments, read once, with Keras's defaults. */
record FitOptions(int epochs, Integer batchSize, int verbose, double validationSplit, Kwargs.ValidationData validationData,
    boolean shuffle, List<Callback> callbacks, int initialEpoch, Integer stepsPerEpoch, Kwargs.ClassWeight classWeight,
    Kwargs.SampleWeight sampleWeight) {

  static FitOptions of(Kwargs.FitArg... args) {
    Kwargs.Epochs ep = Kwargs.find(args, Kwargs.Epochs.class);
    Kwargs.BatchSize bs = Kwargs.find(args, Kwargs.BatchSize.class);
    Kwargs.Verbose vb = Kwargs.find(args, Kwargs.Verbose.class);
    Kwargs.ValidationSplit vs = Kwargs.find(args, Kwargs.ValidationSplit.class);
    Kwargs.Shuffle sh = Kwargs.find(args, Kwargs.Shuffle.class);
    Kwargs.Callbacks cb = Kwargs.find(args, Kwargs.Callbacks.class);
    Kwargs.InitialEpoch ie = Kwargs.find(args, Kwargs.InitialEpoch.class);
    Kwargs.StepsPerEpoch spe = Kwargs.find(args, Kwargs.StepsPerEpoch.class);
    Kwargs.ClassWeight cw = Kwargs.find(args, Kwargs.ClassWeight.class);
    Kwargs.SampleWeight sw = Kwargs.find(args, Kwargs.SampleWeight.class);
    if (cw != null && sw != null) {
      throw new IllegalArgumentException("You cannot `class_weight` and `sample_weight` at the same time.");
    }
    return new FitOptions(ep == null ? 1 : ep.value(), bs == null ? null : bs.value(), vb == null ? 1 : vb.value(),
        vs == null ? 0 : vs.value(), Kwargs.find(args, Kwargs.ValidationData.class), sh == null || sh.value(),
        cb == null ? List.of() : cb.value(), ie == null ? 0 : ie.value(), spe == null ? null : spe.value(), cw, sw);
  }
}
