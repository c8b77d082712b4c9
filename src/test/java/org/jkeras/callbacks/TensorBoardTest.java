package org.jkeras.callbacks;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jkeras.TestUtil;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * TensorBoard beyond scalars, on a model whose weights stay as set (SGD with learning rate 0), so
 * that the histograms and images written are known: a hidden layer with kernel {@code [[0, 1/32],
 * [1/16, 5/16], [5/8, 15/16]]} (range 15/16 = 30 buckets of exactly 1/32) and bias {@code [0.5,
 * 0.5]} (a single value), an output layer with kernel {@code [[-0.25], [1.5]]} (saturating the image
 * range) and bias {@code [0]}. The parity suite compares the same files with Keras's.
 */
class TensorBoardTest {
  static final FloatNdArray X = TestUtil.array(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1},
      new float[] {1, 1, 1});
  static final FloatNdArray Y = TestUtil.array(new float[] {1}, new float[] {0}, new float[] {1}, new float[] {0});

  static Sequential model() {
    Sequential m = new Sequential("seq", new Dense(2).inputShape(3).name("hidden"), new Dense(1).name("out"));
    m.setWeights(List.of(
        TestUtil.array(new float[] {0f, 1 / 32f}, new float[] {1 / 16f, 5 / 16f}, new float[] {5 / 8f, 15 / 16f}),
        TestUtil.array(new float[] {0.5f, 0.5f}).get(0),
        TestUtil.array(new float[] {-0.25f}, new float[] {1.5f}),
        TestUtil.array(new float[] {0f}).get(0)));
    m.compile(new SGD(0.0), "mean_squared_error");
    return m;
  }

  static void fit(Model m, int epochsN, TensorBoard tb) {
    m.fit(X, Y, epochs(epochsN), batchSize(2), shuffle(false), validationData(X, Y), callbacks(tb), verbose(0));
  }

  @Test
  void histogramsOfEachLayerWeightUnderItsKerasPathEveryNEpochs(@TempDir Path tmp) throws IOException {
    try (Sequential m = model()) {
      fit(m, 3, new TensorBoard(tmp).histogramFreq(2));
      Map<String, Map<Long, TensorProto>> h = EventFiles.tensors(tmp.resolve("train"), "histograms");
      assertEquals(List.of("seq/hidden/bias/histogram", "seq/hidden/kernel/histogram", "seq/out/bias/histogram",
          "seq/out/kernel/histogram"), List.copyOf(h.keySet()));
      for (Map<Long, TensorProto> steps : h.values()) {
        assertEquals(Set.of(0L, 2L), steps.keySet()); // epochs 0 and 2 of 0..2
      }
      TensorProto kernel = h.get("seq/hidden/kernel/histogram").get(2L);
      assertEquals(List.of(30L, 3L), kernel.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
      double[] b = EventFiles.doubles(kernel);
      for (int i = 0; i < 30; i++) {
        assertEquals(i / 32.0, b[3 * i], 1e-15, "left edge " + i);
        assertEquals((i + 1) / 32.0, b[3 * i + 1], 1e-15, "right edge " + i);
        // 0, 1/32, 1/16, 5/16, 5/8 fall in buckets 0, 1, 2, 10, 20; the maximum in the last bucket
        double expected = Set.of(0, 1, 2, 10, 20, 29).contains(i) ? 1 : 0;
        assertEquals(expected, b[3 * i + 2], "count " + i);
      }
      double[] bias = EventFiles.doubles(h.get("seq/hidden/bias/histogram").get(0L));
      for (int i = 0; i < 30; i++) { // a single value: every edge is that value, the last bucket counts them all
        assertEquals(0.5, bias[3 * i]);
        assertEquals(0.5, bias[3 * i + 1]);
        assertEquals(i == 29 ? 2.0 : 0.0, bias[3 * i + 2]);
      }
      assertTrue(EventFiles.tensors(tmp.resolve("train"), "images").isEmpty(), "images only with writeImages(true)");
      assertTrue(EventFiles.tensors(tmp.resolve("validation"), "histograms").isEmpty());
    }
  }

  @Test
  void aFunctionalModelsWeightsKeepTheirPaths(@TempDir Path tmp) throws IOException {
    KerasTensor in = Input.of(3);
    try (Model m = new Model(in, new Dense(1).name("solo").apply(in))) {
      m.compile(new SGD(0.0), "mean_squared_error");
      fit(m, 1, new TensorBoard(tmp).histogramFreq(1));
      assertEquals(Set.of("solo/kernel/histogram", "solo/bias/histogram"),
          EventFiles.tensors(tmp.resolve("train"), "histograms").keySet());
    }
  }

  @Test
  void writeImagesLaysEachWeightOutAsKerasDoes(@TempDir Path tmp) throws IOException {
    try (Sequential m = model()) {
      fit(m, 1, new TensorBoard(tmp).histogramFreq(1).writeImages(true));
      Map<String, Map<Long, TensorProto>> images = EventFiles.tensors(tmp.resolve("train"), "images");
      // the output bias, one value, squeezes to a scalar: no image, as in Keras
      assertEquals(Set.of("seq/hidden/kernel/image", "seq/hidden/bias/image", "seq/out/kernel/image"), images.keySet());
      // the 3x2 kernel has more rows than columns: transposed to 2 rows of 3; values * 255.5, truncated
      assertArrayEquals(new int[][] {{0, 15, 159}, {7, 79, 239}}, pixels(images.get("seq/hidden/kernel/image").get(0L)));
      // a vector is a column
      assertArrayEquals(new int[][] {{127}, {127}}, pixels(images.get("seq/hidden/bias/image").get(0L)));
      // a (2, 1) kernel squeezes to a vector; -0.25 and 1.5 saturate to 0 and 255
      assertArrayEquals(new int[][] {{0}, {255}}, pixels(images.get("seq/out/kernel/image").get(0L)));
    }
  }

  /** The one grey image of an image summary {@code [width, height, png]}, checked against its stated size. */
  static int[][] pixels(TensorProto t) throws IOException {
    assertEquals(3, t.getStringValCount());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.getStringVal(2).toByteArray()));
    assertEquals(t.getStringVal(0).toStringUtf8(), Integer.toString(img.getWidth()));
    assertEquals(t.getStringVal(1).toStringUtf8(), Integer.toString(img.getHeight()));
    assertEquals(1, img.getRaster().getNumBands());
    int[][] out = new int[img.getHeight()][img.getWidth()];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        out[y][x] = img.getRaster().getSample(x, y, 0);
      }
    }
    return out;
  }

  @Test
  void byDefaultTheConceptualGraphAndTheTrainingGraphAreWritten(@TempDir Path tmp) throws IOException {
    try (Sequential m = model()) {
      fit(m, 2, new TensorBoard(tmp));
      Map<String, Map<Long, TensorProto>> keras = EventFiles.tensors(tmp.resolve("train"), "graph_keras_model");
      assertEquals(Set.of(0L), keras.get("keras").keySet());
      Map<String, Object> json = Json.parseObject(keras.get("keras").get(0L).getStringVal(0).toStringUtf8());
      assertEquals("Sequential", json.get("class_name"));
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) json.get("config");
      assertEquals("seq", config.get("name"));
      List<GraphDef> graphs = EventFiles.graphs(tmp.resolve("train"));
      assertEquals(1, graphs.size(), "one op graph per fit");
      Set<String> ops = graphs.get(0).getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
      Set<String> names = graphs.get(0).getNodeList().stream().map(NodeDef::getName).collect(Collectors.toSet());
      assertTrue(names.contains("hidden/kernel"), "the weights");
      assertTrue(ops.contains("MatMul"), "the forward pass");
      assertTrue(ops.contains("ResourceApplyGradientDescent"), "the training step");
      assertTrue(EventFiles.graphs(tmp.resolve("validation")).isEmpty());
    }
  }

  @Test
  void writeGraphFalseWritesNoGraph(@TempDir Path tmp) throws IOException {
    try (Sequential m = model()) {
      fit(m, 1, new TensorBoard(tmp).writeGraph(false));
      assertTrue(EventFiles.graphs(tmp.resolve("train")).isEmpty());
      assertTrue(EventFiles.tensors(tmp.resolve("train"), "graph_keras_model").isEmpty());
      assertFalse(EventFiles.scalars(tmp.resolve("train")).isEmpty());
    }
  }

  @Test
  void updateFreqWritesTheBatchLogsEveryNGlobalBatches(@TempDir Path tmp) throws IOException {
    try (Sequential m = CallbacksTest.model()) {
      // 5 batches an epoch, 2 epochs: global batches 1..10
      FloatNdArray x = TestUtil.array(new float[] {1}, new float[] {1}, new float[] {1}, new float[] {1}, new float[] {1});
      m.fit(x, x, epochs(2), batchSize(1), callbacks(new TensorBoard(tmp.resolve("n")).updateFreq(2).writeGraph(false),
          new TensorBoard(tmp.resolve("batch")).updateFreq("batch").writeGraph(false)), verbose(0));
      Map<String, Map<Long, Float>> n = EventFiles.scalars(tmp.resolve("n/train"));
      assertEquals(Set.of(2L, 4L, 6L, 8L, 10L), n.get("batch_loss").keySet());
      // unlike Keras 3.15, whose epoch 0 summaries are dropped here (its last batch, 5, is odd)
      assertEquals(Set.of(0L, 1L), n.get("epoch_loss").keySet());
      Map<String, Map<Long, Float>> batch = EventFiles.scalars(tmp.resolve("batch/train"));
      assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), batch.get("batch_loss").keySet());
      // w = 1 - 0.8^t: the first batch's loss (1 - 0)^2 = 1, the running mean of the first two (1 + 0.64) / 2
      assertEquals(1f, batch.get("batch_loss").get(1L));
      assertEquals(0.82f, batch.get("batch_loss").get(2L), 1e-6);
    }
  }

  @Test
  void writeStepsPerSecondPerEpochAndPerLoggedBatch(@TempDir Path tmp) throws IOException {
    try (Sequential m = model()) {
      fit(m, 2, new TensorBoard(tmp).writeStepsPerSecond(true).updateFreq("batch"));
      Map<String, Map<Long, Float>> s = EventFiles.scalars(tmp.resolve("train"));
      assertEquals(Set.of(0L, 1L), s.get("epoch_steps_per_second").keySet());
      assertEquals(Set.of(1L, 2L, 3L, 4L), s.get("batch_steps_per_second").keySet());
      s.get("epoch_steps_per_second").values().forEach(v -> assertTrue(v > 0 && Float.isFinite(v)));
      s.get("batch_steps_per_second").values().forEach(v -> assertTrue(v > 0 && Float.isFinite(v)));
      assertFalse(EventFiles.scalars(tmp.resolve("validation")).containsKey("epoch_steps_per_second"));
    }
  }

  @Test
  void invalidArgumentsAreRefusedWithKerasNames(@TempDir Path tmp) {
    TensorBoard tb = new TensorBoard(tmp);
    assertEquals("TensorBoard `histogram_freq` must be a non-negative integer. Received: histogram_freq=-1",
        assertThrows(IllegalArgumentException.class, () -> tb.histogramFreq(-1)).getMessage());
    assertEquals("TensorBoard `update_freq` must be \"epoch\", \"batch\" or a positive integer. Received: update_freq=0",
        assertThrows(IllegalArgumentException.class, () -> tb.updateFreq(0)).getMessage());
    assertEquals(
        "TensorBoard `update_freq` must be \"epoch\", \"batch\" or a positive integer. Received: update_freq=\"steps\"",
        assertThrows(IllegalArgumentException.class, () -> tb.updateFreq("steps")).getMessage());
  }
}
