package org.jkeras.trainers;

import java.util.List;
import org.jkeras.callbacks.Callback;
import org.jkeras.kwargs.Args;

/** Keras's {@code fit} keyword arguments, read once, with Keras's defaults. */
record FitOptions(int epochs, Integer batchSize, int verbose, double validationSplit, Args.ValidationData validationData,
    boolean shuffle, List<Callback> callbacks, int initialEpoch, Integer stepsPerEpoch, Args.ClassWeight classWeight,
    Args.SampleWeight sampleWeight) {

  static FitOptions of(Args.FitArg... args) {
    Args.Epochs ep = Args.find(args, Args.Epochs.class);
    Args.BatchSize bs = Args.find(args, Args.BatchSize.class);
    Args.Verbose vb = Args.find(args, Args.Verbose.class);
    Args.ValidationSplit vs = Args.find(args, Args.ValidationSplit.class);
    Args.Shuffle sh = Args.find(args, Args.Shuffle.class);
    Args.Callbacks cb = Args.find(args, Args.Callbacks.class);
    Args.InitialEpoch ie = Args.find(args, Args.InitialEpoch.class);
    Args.StepsPerEpoch spe = Args.find(args, Args.StepsPerEpoch.class);
    Args.ClassWeight cw = Args.find(args, Args.ClassWeight.class);
    Args.SampleWeight sw = Args.find(args, Args.SampleWeight.class);
    if (cw != null && sw != null) {
      throw new IllegalArgumentException("You cannot `class_weight` and `sample_weight` at the same time.");
    }
    return new FitOptions(ep == null ? 1 : ep.value(), bs == null ? null : bs.value(), vb == null ? 1 : vb.value(),
        vs == null ? 0 : vs.value(), Args.find(args, Args.ValidationData.class), sh == null || sh.value(),
        cb == null ? List.of() : cb.value(), ie == null ? 0 : ie.value(), spe == null ? null : spe.value(), cw, sw);
  }
}
