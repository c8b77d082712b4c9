package org.jkeras.backend;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.DataClass;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * {@code tf.summary.create_file_writer(logdir)} on TF's own summary ops: a TensorBoard event file
 * ({@code events.out.tfevents.<time>.<host>.<pid>.<n>.v2}) written by TF's {@code EventsWriter},
 * in a small graph and session of its own. Scalars are written as {@code tf.summary.scalar} does:
 * a float32 tensor with the {@code scalars} plugin metadata.
 */
public final class SummaryFileWriter implements AutoCloseable {
  private static final AtomicLong COUNTER = new AtomicLong();

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op write;
  private final Op flush;
  private final Op closeOp;
  private boolean closed;

  /** Creates the folder if needed and opens a new event file in it. */
  public SummaryFileWriter(Path logdir) {
    Session s = null;
    try {
      s = new Session(graph);
      Ops tf = Ops.create(graph);
      Operand<?> writer = tf.summary.summaryWriter(
          SummaryWriter.sharedName("jkeras_summary_writer_" + COUNTER.incrementAndGet()));
      Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(logdir.toAbsolutePath().toString()),
          tf.constant(10), tf.constant(120_000), tf.constant(".v2"));
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      byte[] metadata = SummaryMetadata.newBuilder()
          .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("scalars"))
          .setDataClass(DataClass.DATA_CLASS_SCALAR)
          .build().toByteArray();
      Operand<TString> meta = tf.constant(TString.tensorOfBytes(NdArrays.scalarOfObject(metadata)));
      write = tf.summary.writeSummary(writer, step, value, tag, meta);
      flush = tf.summary.flushSummaryWriter(writer);
      closeOp = tf.summary.closeSummaryWriter(writer);
      s.runner().addTarget(create).run();
      session = s;
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      graph.close();
      throw e;
    }
  }

  /** {@code tf.summary.scalar(tag, value, step)}. */
  public synchronized void scalar(String name, double v, long stepValue) {
    check();
    try (TInt64 st = TInt64.scalarOf(stepValue); TString tg = TString.scalarOf(name); TFloat32 val = TFloat32.scalarOf((float) v)) {
      session.runner().feed(step, st).feed(tag, tg).feed(value, val).addTarget(write).run();
    }
  }

  /** Writes buffered events to the file. */
  public synchronized void flush() {
    check();
    session.runner().addTarget(flush).run();
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("This summary writer is closed.");
    }
  }

  /** Flushes, closes the event file and frees the graph. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.runner().addTarget(closeOp).run();
    } finally {
      session.close();
      graph.close();
    }
  }
}
