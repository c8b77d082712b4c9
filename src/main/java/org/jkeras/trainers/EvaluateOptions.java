package org.jkeras.trainers;

import java.util.List;
import org.jkeras.Kwargs;
import org.jkeras.callbacks.Callback;

/** Keras's {@code evaluate} keyword arguments, read once, with Keras's defaults. */
record EvaluateOptions(Integer batchSize, int verbose, List<Callback> callbacks, Kwargs.SampleWeight sampleWeight) {

  static EvaluateOptions of(Kwargs.EvaluateArg... args) {
    Kwargs.BatchSize bs = Kwargs.find(args, Kwargs.BatchSize.class);
    Kwargs.Verbose vb = Kwargs.find(args, Kwargs.Verbose.class);
    Kwargs.Callbacks cb = Kwargs.find(args, Kwargs.Callbacks.class);
    return new EvaluateOptions(bs == null ? null : bs.value(), vb == null ? 1 : vb.value(),
        cb == null ? List.of() : cb.value(), Kwargs.find(args, Kwargs.SampleWeight.class));
  }
}
