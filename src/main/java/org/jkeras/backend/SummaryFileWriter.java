package org.jkeras.backend;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.DataClass;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * {@code tf.summary.create_file_writer(logdir)} on TF's own summary ops: a TensorBoard event file
 * ({@code events.out.tfevents.<time>.<host>.<pid>.<n>.v2}) written by TF's {@code EventsWriter},
 * in a small graph and session of its own. Each summary is written as TensorBoard's v2 summary
 * functions write it, so that TensorBoard reads it the same way: {@link #scalar} a float32 scalar,
 * {@link #histogram} a float64 {@code [30, 3]} tensor of buckets, {@link #image} a string vector
 * (width, height, PNGs), {@link #kerasModel} the model's JSON, {@link #graph} a {@code graph_def}
 * event. Only scalars name their data class; the others leave it unset as TensorBoard's Python
 * functions do, so that TensorBoard's reader migrates them exactly as it does Keras's.
 */
public final class SummaryFileWriter implements AutoCloseable {
  private static final AtomicLong COUNTER = new AtomicLong();
  /** tf.summary.image's {@code max_outputs}: the images written per step. */
  static final int MAX_IMAGES = 3;

  private static final byte[] SCALARS = metadata("scalars", "", DataClass.DATA_CLASS_SCALAR);
  private static final byte[] HISTOGRAMS = metadata("histograms", "", DataClass.DATA_CLASS_UNKNOWN);
  private static final byte[] IMAGES = metadata("images", "", DataClass.DATA_CLASS_UNKNOWN);
  /** Keras's {@code keras_model_summary}: plugin {@code graph_keras_model}, content "1" (its version). */
  private static final byte[] KERAS_MODEL = metadata("graph_keras_model", "1", DataClass.DATA_CLASS_UNKNOWN);

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TString> meta;
  private final Placeholder<TFloat32> floats;
  private final Placeholder<TFloat64> doubles;
  private final Placeholder<TString> strings;
  private final Placeholder<TString> graphDef;
  private final Placeholder<TUint8> pixels;
  private final Op writeFloats;
  private final Op writeDoubles;
  private final Op writeStrings;
  private final Op writeGraph;
  private final Operand<TString> png;
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
      meta = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      floats = tf.placeholder(TFloat32.class);
      doubles = tf.placeholder(TFloat64.class);
      strings = tf.placeholder(TString.class);
      graphDef = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      pixels = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1)));
      writeFloats = tf.summary.writeSummary(writer, step, floats, tag, meta);
      writeDoubles = tf.summary.writeSummary(writer, step, doubles, tag, meta);
      writeStrings = tf.summary.writeSummary(writer, step, strings, tag, meta);
      writeGraph = tf.summary.writeGraphSummary(writer, step, graphDef);
      png = tf.image.encodePng(pixels).contents();
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

  private static byte[] metadata(String plugin, String content, DataClass dataClass) {
    return SummaryMetadata.newBuilder()
        .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(plugin)
            .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8)))
        .setDataClass(dataClass)
        .build().toByteArray();
  }

  /** {@code tf.summary.scalar(tag, value, step)}. */
  public synchronized void scalar(String name, double v, long stepValue) {
    try (TFloat32 val = TFloat32.scalarOf((float) v)) {
      write(writeFloats, floats, val, name, SCALARS, stepValue);
    }
  }

  /**
   * {@code tf.summary.histogram(tag, data, step)}: the values of {@code data} (any shape) in 30
   * buckets of equal width between their minimum and maximum, as {@code (left, right, count)} rows
   * ({@link HistogramBuckets}).
   */
  public synchronized void histogram(String name, FloatNdArray data, long stepValue) {
    double[][] buckets = HistogramBuckets.of(values(data), HistogramBuckets.DEFAULT_COUNT);
    double[] flat = new double[buckets.length * 3];
    for (int i = 0; i < buckets.length; i++) {
      System.arraycopy(buckets[i], 0, flat, 3 * i, 3);
    }
    try (TFloat64 t = TFloat64.tensorOf(Shape.of(buckets.length, 3), DataBuffers.of(flat, true, false))) {
      write(writeDoubles, doubles, t, name, HISTOGRAMS, stepValue);
    }
  }

  /**
   * {@code tf.summary.image(tag, data, step)} of float images {@code [k, height, width, channels]}
   * (channels 1, 3 or 4): each value scaled by 255.5 and clipped to 0..255, as {@code
   * tf.image.convert_image_dtype(data, uint8, saturate=True)}, the first three images encoded as PNG
   * (by TF's {@code EncodePng}), written as the strings {@code [width, height, png...]}.
   */
  public synchronized void image(String name, FloatNdArray data, long stepValue) {
    Shape shape = data.shape();
    if (shape.numDimensions() != 4 || shape.size(3) < 1 || shape.size(3) > 4) {
      throw new IllegalArgumentException(
          "An image summary takes images [k, height, width, channels]. Received: shape=" + Shapes.format(shape));
    }
    int k = (int) Math.min(shape.size(0), MAX_IMAGES);
    NdArray<byte[]> out = NdArrays.ofObjects(byte[].class, Shape.of(2 + k));
    out.setObject(Long.toString(shape.size(2)).getBytes(StandardCharsets.UTF_8), 0);
    out.setObject(Long.toString(shape.size(1)).getBytes(StandardCharsets.UTF_8), 1);
    for (int i = 0; i < k; i++) {
      float[] v = values(data.get(i));
      byte[] u8 = new byte[v.length];
      for (int j = 0; j < v.length; j++) {
        // saturate_cast: clamp to the uint8 range, then truncate as a C cast does
        u8[j] = (byte) (int) Math.min(255f, Math.max(0f, v[j] * 255.5f));
      }
      Shape hwc = Shape.of(shape.size(1), shape.size(2), shape.size(3));
      try (TUint8 p = TUint8.tensorOf(hwc, DataBuffers.of(u8, true, false));
          TString encoded = (TString) session.runner().feed(pixels, p).fetch(png).run().get(0)) {
        out.setObject(encoded.asBytes().getObject(), 2 + i);
      }
    }
    try (TString t = TString.tensorOfBytes(out)) {
      write(writeStrings, strings, t, name, IMAGES, stepValue);
    }
  }

  /**
   * Keras's {@code keras_model_summary(name, model, step)}: {@code model.to_json()} as a string
   * summary of the {@code graph_keras_model} plugin, which TensorBoard's Graphs tab draws as the
   * model's conceptual graph.
   */
  public synchronized void kerasModel(String name, String json, long stepValue) {
    try (TString t = TString.scalarOf(json)) {
      write(writeStrings, strings, t, name, KERAS_MODEL, stepValue);
    }
  }

  /** {@code tf.summary.graph(graph)}: a {@code graph_def} event at step 0, TensorBoard's op graph. */
  public synchronized void graph(GraphDef def) {
    check();
    try (TInt64 st = TInt64.scalarOf(0);
        TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(def.toByteArray()))) {
      session.runner().feed(step, st).feed(graphDef, g).addTarget(writeGraph).run();
    }
  }

  private void write(Op op, Placeholder<?> input, Tensor value, String name, byte[] metadata, long stepValue) {
    check();
    try (TInt64 st = TInt64.scalarOf(stepValue);
        TString tg = TString.scalarOf(name);
        TString md = TString.tensorOfBytes(NdArrays.scalarOfObject(metadata))) {
      session.runner().feed(step, st).feed(tag, tg).feed(meta, md).feed(input, value).addTarget(op).run();
    }
  }

  private static float[] values(FloatNdArray a) {
    float[] v = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(v, false, false));
    return v;
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
