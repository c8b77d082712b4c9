package org.jkeras.applications;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** preprocess_input's three modes and decode_predictions with a class index in a cache folder the test makes. */
class ImagenetUtilsTest {

  private static FloatNdArray pixels(float... rgb) {
    return NdArrays.wrap(Shape.of(1, 1, rgb.length / 3, 3), DataBuffers.of(rgb, false, false));
  }

  @Test
  void tfAndTorchModesOnTheHostAndInTheGraph() {
    FloatNdArray x = pixels(0f, 127.5f, 255f, 255f, 0f, 127.5f);
    assertArrayEquals(new float[] {-1f, 0f, 1f, 1f, -1f, 0f}, flat(ImagenetUtils.preprocessInput(x, "tf")));
    float[] torch = flat(ImagenetUtils.preprocessInput(x, "torch"));
    assertEquals((127.5f / 255f - 0.456f) / 0.224f, torch[1]);
    assertEquals((1f - 0.485f) / 0.229f, torch[3]);
    assertArrayEquals(new float[] {0f, 127.5f, 255f, 255f, 0f, 127.5f}, flat(x), "the input is left as it is");
    for (String mode : List.of("caffe", "tf", "torch")) {
      assertArrayEquals(flat(ImagenetUtils.preprocessInput(x, mode)), flat(TestUtil.run(new PreprocessInput(mode), x, false,
          null)), 1e-6f, mode);
    }
    assertTrue(EfficientNetB0.preprocessInput(x) == x, "EfficientNet's is a pass-through");
    assertArrayEquals(flat(ImagenetUtils.preprocessInput(x, "torch")), flat(DenseNet121.preprocessInput(x)));
    assertArrayEquals(flat(ImagenetUtils.preprocessInput(x, "tf")), flat(MobileNetV2.preprocessInput(x)));
    var e = assertThrows(IllegalArgumentException.class, () -> ImagenetUtils.preprocessInput(x, "keras"));
    assertEquals("Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode=keras", e.getMessage());
  }

  /** A class index as Keras's: "0".."999" to [wnid, name]; written by the test in its own folder. */
  private static Path writeIndex(Path models) throws IOException {
    Files.createDirectories(models);
    Map<String, Object> index = new LinkedHashMap<>();
    for (int i = 0; i < 1000; i++) {
      index.put(String.valueOf(i), List.of(String.format("n%08d", i), "class_" + i));
    }
    Path file = models.resolve("imagenet_class_index.json");
    Files.writeString(file, Json.write(index));
    return file;
  }

  @Test
  void decodePredictionsReadsKerasClassIndexFromTheCache(@TempDir Path kerasHome) throws IOException {
    Path models = kerasHome.resolve("models");
    float[] scores = new float[2000];
    scores[7] = 0.5f;
    scores[3] = 0.3f;
    scores[999] = 0.2f;
    scores[1000 + 42] = 0.9f;
    FloatNdArray preds = NdArrays.wrap(Shape.of(2, 1000), DataBuffers.of(scores, false, false));
    var missing = assertThrows(UncheckedIOException.class, () -> ImagenetUtils.decodePredictions(preds, 3, List.of(models)));
    assertTrue(missing.getMessage().contains(models.resolve("imagenet_class_index.json").toAbsolutePath().toString())
        && missing.getMessage().contains(ImagenetClassIndex.URL), missing.getMessage());

    writeIndex(models);
    List<List<DecodedPrediction>> d = ImagenetUtils.decodePredictions(preds, 3, List.of(kerasHome.resolve("other"), models));
    assertEquals(List.of(new DecodedPrediction("n00000007", "class_7", 0.5f), new DecodedPrediction("n00000003", "class_3", 0.3f),
        new DecodedPrediction("n00000999", "class_999", 0.2f)), d.get(0));
    assertEquals(new DecodedPrediction("n00000042", "class_42", 0.9f), d.get(1).get(0));
    assertEquals(3, d.get(1).size());

    var shape = assertThrows(IllegalArgumentException.class,
        () -> ImagenetUtils.decodePredictions(NdArrays.ofFloats(Shape.of(2, 10)), 5, List.of(models)));
    assertEquals("`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape (samples, 1000))."
        + " Received array with shape: (2, 10)", shape.getMessage());
  }

  @Test
  void aTruncatedClassIndexIsRefusedByName(@TempDir Path kerasHome) throws IOException {
    Path file = writeIndex(kerasHome.resolve("models"));
    List<String> lines = new ArrayList<>(List.of(Files.readString(file).split(",")));
    Files.writeString(file, String.join(",", lines.subList(0, 1000)) + "}");
    var e = assertThrows(UncheckedIOException.class,
        () -> ImagenetUtils.decodePredictions(NdArrays.ofFloats(Shape.of(1, 1000)), 5, List.of(kerasHome.resolve("models"))));
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()) && e.getMessage().contains("not Keras's"),
        e.getMessage());
  }
}
