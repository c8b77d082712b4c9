package org.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The level rules and the filter of absl's lines (the child-process behaviour is QuietCliTest's). */
class NativeLoggingTest {
  static final String ABSL_INFO =
      "I0000 00:00:1796044135.722199    7797 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled";
  static final String ABSL_NOTICE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

  @Test
  void levelIsVerboseThenJkerasThenTensorFlowThenWarnings() {
    assertEquals(1, NativeLogging.level(false, Map.of()));
    assertEquals(3, NativeLogging.level(false, Map.of("TF_CPP_MIN_LOG_LEVEL", "3")));
    assertEquals(2, NativeLogging.level(false, Map.of("TF_CPP_MIN_LOG_LEVEL", "3", "JKERAS_LOG_LEVEL", " 2 ")));
    assertEquals(0, NativeLogging.level(true, Map.of("JKERAS_LOG_LEVEL", "3")));
    for (String bad : new String[] {"4", "-1", "info", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> NativeLogging.level(false, Map.of("JKERAS_LOG_LEVEL", bad)));
      assertTrue(e.getMessage().startsWith("JKERAS_LOG_LEVEL: expected 0") && e.getMessage().endsWith("received '" + bad + "'"),
          e.getMessage());
    }
  }

  @Test
  void onlyLevelZeroWithTensorFlowsDefaultNeedsNoHelp() {
    assertTrue(NativeLogging.inEffect(0, Map.of()));
    assertTrue(NativeLogging.inEffect(0, Map.of("TF_CPP_MIN_LOG_LEVEL", "0")));
    assertFalse(NativeLogging.inEffect(0, Map.of("TF_CPP_MIN_LOG_LEVEL", "2")));
    assertFalse(NativeLogging.inEffect(1, Map.of("TF_CPP_MIN_LOG_LEVEL", "1")), "absl's lines still need dropping");
    assertEquals(Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), NativeLogging.environment(2));
  }

  @Test
  void abslLinesAreShownBySeverityAndItsNoticeOnlyWithEverything() {
    String warning = "W0000 00:00:1712234239.842753 2953893 tf_tfl_flatbuffer_helpers.cc:390] Ignored output_format.";
    assertTrue(NativeLogging.shows(ABSL_INFO, 0));
    assertFalse(NativeLogging.shows(ABSL_INFO, 1));
    assertTrue(NativeLogging.shows(warning, 1));
    assertFalse(NativeLogging.shows(warning, 2));
    assertTrue(NativeLogging.shows(ABSL_NOTICE, 0));
    assertFalse(NativeLogging.shows(ABSL_NOTICE, 1));
    for (String mine : new String[] {"jkeras train: error: option --data needs a value (DIR)", "I0 is not a log line",
        "Epoch 1/1", ""}) {
      assertTrue(NativeLogging.shows(mine, 3), mine);
    }
  }

  @Test
  void copyKeepsOtherLinesByteForByteAndAnUnfinishedLastLine() throws Exception {
    String in = "héllo\r\n" + ABSL_NOTICE + "\n" + ABSL_INFO + "\njkeras: error: x\nno newline at the end";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NativeLogging.copyShown(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out, 1);
    assertEquals("héllo\r\njkeras: error: x\nno newline at the end", out.toString(StandardCharsets.UTF_8));
    out.reset();
    NativeLogging.copyShown(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out, 0);
    assertEquals(in, out.toString(StandardCharsets.UTF_8));
  }
}
