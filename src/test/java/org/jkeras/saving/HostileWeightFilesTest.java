package org.jkeras.saving;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jkeras.models.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Hostile HDF5 weight files, in Keras 3's {@code .weights.h5} layout and in the legacy {@code .h5}
 * layout: each is refused with one line naming the file, never a StackOverflowError, an
 * OutOfMemoryError or a half-loaded model. The files are real HDF5, written by h5py with
 * {@code src/test/resources/hostile-h5/make_fixtures.py} for the model {@link WeightLoadingTest#small}.
 */
class HostileWeightFilesTest {
  private static final String[] LAYOUTS = {".weights.h5", ".h5"};

  /** Each hostile case and a word its error must contain (what is wrong, in the user's terms). */
  static Stream<Arguments> hostileFiles() {
    String[][] cases = {
        {"self_link", "soft link"},
        {"parent_link", "soft link"},
        {"path_loop", "soft link"},
        {"short_link_chain", "soft link"},
        {"long_link_chain", "soft link"},
        {"external_link", "external link"},
        {"external_storage", "External Data Files"},
        {"virtual", "Virtual storage"},
        {"huge", "(22000, 22000)"},
        {"wrong_shape", "(3, 3, 3, 8)"},
        {"int_dtype", "integer values"},
        {"string_dtype", "string values"},
        {"nan", "2 NaN"},
        {"inf", "2 infinite"},
        {"unwritten", "never written"},
        {"partial_chunks", "incomplete"},
        {"gzip", "filters [deflate"},
        {"truncated_storage", "past the end"},
        {"newline_names", "evil\\n"}, // a file's names are escaped: the message stays one line
    };
    List<Arguments> out = new ArrayList<>();
    for (String[] c : cases) {
      for (String suffix : LAYOUTS) {
        out.add(Arguments.of(c[0] + suffix, c[1]));
      }
    }
    out.add(Arguments.of("huge_extra_layers.h5", "huge_0"));
    out.add(Arguments.of("bad_attribute.h5", "weight_names"));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void hostileFileIsRefusedInOneLineNamingItAndChangesNothing(String name, String expected, @TempDir Path tmp)
      throws IOException {
    Path file = fixture(name, tmp);
    try (Model model = WeightLoadingTest.small(4)) {
      List<FloatNdArray> before = model.getWeights();
      Exception e = assertThrows(Exception.class, () -> model.loadWeights(file));
      assertOneLineNaming(e, file);
      assertTrue(e.getMessage().contains(expected), "expected `" + expected + "` in: " + e.getMessage());
      assertUnchanged(before, model);
    }
  }

  @Test
  void goodFilesLoadTheirValues(@TempDir Path tmp) throws IOException {
    for (String name : List.of("good.weights.h5", "good.h5", "chunked.weights.h5", "chunked.h5")) {
      try (Model model = WeightLoadingTest.small(4)) {
        model.loadWeights(fixture(name, tmp));
        List<FloatNdArray> w = model.getWeights();
        float[] kernel = flat(w.get(0));
        assertEquals(108, kernel.length);
        for (int i = 0; i < kernel.length; i++) {
          assertEquals(i / 100f, kernel[i], 1e-7, "kernel[" + i + "] of " + name);
        }
        assertArrayEquals(new float[] {0.5f, -0.5f}, flat(w.get(3)), "fc bias of " + name);
      }
    }
  }

  @Test
  void nonFiniteValuesLoadWhenAskedFor(@TempDir Path tmp) throws IOException {
    for (String suffix : LAYOUTS) {
      try (Model model = WeightLoadingTest.small(4)) {
        model.loadWeights(fixture("nan" + suffix, tmp), true);
        float[] kernel = flat(model.getWeights().get(0));
        int nan = 0;
        for (float x : kernel) {
          nan += Float.isNaN(x) ? 1 : 0;
        }
        assertEquals(2, nan, "NaN values loaded from nan" + suffix);
        assertEquals(0.01f, kernel[1], 1e-7);
      }
    }
  }

  @Test
  void truncatedAndNonHdf5FilesAreRefusedInOneLine(@TempDir Path tmp) throws IOException {
    for (String suffix : LAYOUTS) {
      byte[] good = Files.readAllBytes(fixture("good" + suffix, tmp));
      List<Path> bad = new ArrayList<>();
      for (int cut : new int[] {good.length / 2, good.length - 200, 600, 8}) {
        Path p = tmp.resolve("cut" + cut + suffix);
        Files.write(p, Arrays.copyOf(good, cut));
        bad.add(p);
      }
      Path text = tmp.resolve("text" + suffix);
      Files.writeString(text, "this is not HDF5 at all\n".repeat(100));
      bad.add(text);
      Path empty = tmp.resolve("empty" + suffix);
      Files.write(empty, new byte[0]);
      bad.add(empty);
      for (Path p : bad) {
        try (Model model = WeightLoadingTest.small(4)) {
          List<FloatNdArray> before = model.getWeights();
          Exception e = assertThrows(Exception.class, () -> model.loadWeights(p));
          assertOneLineNaming(e, p);
          assertUnchanged(before, model);
        }
      }
    }
  }

  /** Copies a fixture (and the files its links point at) into the test's own folder. */
  private static Path fixture(String name, Path tmp) throws IOException {
    for (String n : List.of(name, "secret.h5", "secret.raw")) {
      Path target = tmp.resolve(n);
      if (!Files.exists(target)) {
        try (InputStream in = HostileWeightFilesTest.class.getResourceAsStream("/hostile-h5/" + n)) {
          assertTrue(in != null, "missing fixture " + n);
          Files.copy(in, target);
        }
      }
    }
    return tmp.resolve(name);
  }

  private static void assertOneLineNaming(Exception e, Path file) {
    String m = e.getMessage();
    assertTrue(e instanceof IOException || e instanceof IllegalArgumentException, "exception type: " + e);
    assertTrue(m != null && m.contains(file.getFileName().toString()), "names the file: " + m);
    assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
  }

  private static void assertUnchanged(List<FloatNdArray> before, Model model) {
    List<FloatNdArray> after = model.getWeights();
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(flat(before.get(i)), flat(after.get(i)), "weight " + i + " unchanged");
    }
  }
}
