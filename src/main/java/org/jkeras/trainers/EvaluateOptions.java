package org.jkeras.trainers;

import java.util.List;
import org.jkeras.callbacks.Callback;
import org.jkeras.kwargs.Args;

/** Keras's {@code evaluate} keyword arguments, read once, with Keras's defaults. */
record EvaluateOptions(Integer batchSize, int verbose, List<Callback> callbacks, Args.SampleWeight sampleWeight) {

  static EvaluateOptions of(Args.EvaluateArg... args) {
    Args.BatchSize bs = Args.find(args, Args.BatchSize.class);
    Args.Verbose vb = Args.find(args, Args.Verbose.class);
    Args.Callbacks cb = Args.find(args, Args.Callbacks.class);
    return new EvaluateOptions(bs == null ? null : bs.value(), vb == null ? 1 : vb.value(),
        cb == null ? List.of() : cb.value(), Args.find(args, Args.SampleWeight.class));
  }
}
