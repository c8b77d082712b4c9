package org.jkeras.distribute;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.collective.CollectiveBcastRecv;
import org.tensorflow.op.collective.CollectiveBcastSend;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * TensorFlow's collective ops over every worker of the cluster, one group: all-reduce ({@code
 * CollectiveReduceV2}, TF's ring implementation on CPU, what {@code MultiWorkerMirroredStrategy}
 * builds) and broadcast ({@code CollectiveBcastSendV2}/{@code RecvV2}).
 *
 * <p>Each collective op of a graph is one "instance" that every worker must build with the same
 * instance key: keys are handed out by a counter, in the order the ops are built, which is the same
 * on every worker since every worker runs the same program. A worker that built a different number
 * of collectives (another model, a step built only on one worker) would pair the wrong tensors: TF
 * then fails with a shape mismatch rather than computing garbage.
 */
final class Collectives {
  private static final int GROUP_KEY = 1;
  /** The group of the shutdown barrier: its own, so that its key leaves the training's keys in step. */
  private static final int SHUTDOWN_GROUP_KEY = 2;

  private final int groupSize;
  private final float timeoutSeconds;
  private int nextInstanceKey = 1;

  Collectives(int groupSize, float timeoutSeconds) {
    this.groupSize = groupSize;
    this.timeoutSeconds = timeoutSeconds;
  }

  int groupSize() {
    return groupSize;
  }

  private synchronized int nextKey() {
    return nextInstanceKey++;
  }

  /**
   * The element-wise sum of {@code x} over all workers ({@code mean}: divided by the number of
   * workers), the same bits on every worker.
   */
  Operand<TFloat32> allReduce(Ops tf, Operand<TFloat32> x, boolean mean) {
    return reduce(tf, x, GROUP_KEY, nextKey(), mean, timeoutSeconds);
  }

  /**
   * A barrier of the workers' exit: the sum of a scalar over every worker in a group of its own
   * (one instance, built once per process), failing after {@code timeout} seconds.
   */
  Operand<TFloat32> shutdownBarrier(Ops tf, float timeout) {
    return reduce(tf, tf.constant(1f), SHUTDOWN_GROUP_KEY, 1, false, timeout);
  }

  @SuppressWarnings("unchecked")
  private Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, int groupKey, int instanceKey, boolean mean, float timeout) {
    return (Operand<TFloat32>) (Output<?>) tf.scope().opBuilder("CollectiveReduceV2", "CollectiveReduceV2")
        .addInput(x.asOutput())
        .addInput(tf.constant(groupSize).asOutput())
        .addInput(tf.constant(groupKey).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .addInputList(new Output<?>[0])
        .setAttr("merge_op", "Add")
        .setAttr("final_op", mean ? "Div" : "Id")
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", timeout)
        .build().output(0);
  }

  /** The chief's side of a broadcast of {@code x}: sends it and passes it on. */
  <T extends TType> Operand<T> broadcastSend(Ops tf, Operand<T> x, float timeout) {
    return CollectiveBcastSend.create(tf.scope(), x, tf.constant(groupSize), tf.constant(GROUP_KEY), tf.constant(nextKey()),
        CollectiveBcastSend.timeoutSeconds(timeout));
  }

  /** Another worker's side of a broadcast: the chief's value of a tensor of {@code shape} and {@code type}. */
  <T extends TType> Operand<T> broadcastReceive(Ops tf, long[] shape, Class<T> type, float timeout) {
    return CollectiveBcastRecv.create(tf.scope(), tf.constant(groupSize), tf.constant(GROUP_KEY), tf.constant(nextKey()),
        tf.constant(shape), type, CollectiveBcastRecv.timeoutSeconds(timeout));
  }
}
