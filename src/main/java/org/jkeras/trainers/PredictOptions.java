package org.jkeras.trainers;

import java.util.List;
import org.jkeras.callbacks.Callback;
import org.jkeras.kwargs.Args;

/** Keras's {@code predict} keyword arguments, read once, with Keras's defaults. */
record PredictOptions(Integer batchSize, int verbose, List<Callback> callbacks) {

  static PredictOptions of(Args.PredictArg... args) {
    Args.BatchSize bs = Args.find(args, Args.BatchSize.class);
    Args.Verbose vb = Args.find(args, Args.Verbose.class);
    Args.Callbacks cb = Args.find(args, Args.Callbacks.class);
    return new PredictOptions(bs == null ? null : bs.value(), vb == null ? 1 : vb.value(), cb == null ? List.of() : cb.value());
  }
}
