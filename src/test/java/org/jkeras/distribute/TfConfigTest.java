package org.jkeras.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TF_CONFIG as TensorFlow writes it, and one-line errors naming the field that is wrong. */
class TfConfigTest {
  @Test
  void readsTheWorkerListAndThisTask() {
    TfConfig c = TfConfig.parse("{\"cluster\": {\"worker\": [\"10.0.0.1:2222\", \"10.0.0.2:2222\", \"[::1]:2223\"]},"
        + " \"task\": {\"type\": \"worker\", \"index\": 2}}");
    assertEquals(3, c.numWorkers());
    assertEquals(2, c.rank());
    assertFalse(c.isChief());
    assertEquals("/job:worker/replica:0/task:2", c.task().device());
    assertEquals("::1", c.task().host());
    assertEquals(2223, c.task().port());
    assertEquals("worker 0 (10.0.0.1:2222)", c.tasks().get(0).toString());
  }

  @Test
  void aChiefJobRanksFirst() {
    TfConfig c = TfConfig.parse("{\"cluster\": {\"worker\": [\"h1:1\", \"h2:1\"], \"chief\": [\"h0:1\"]},"
        + " \"task\": {\"type\": \"worker\", \"index\": 0}, \"rpc_layer\": \"grpc\"}");
    assertEquals(1, c.rank());
    assertEquals("/job:chief/replica:0/task:0", c.tasks().get(0).device());
    assertTrue(TfConfig.parse("{\"cluster\": {\"worker\": [\"h1:1\"], \"chief\": [\"h0:1\"]}, \"task\": {\"type\": \"chief\","
        + " \"index\": 0}}").isChief());
  }

  @Test
  void errorsNameTheFieldAndWhatItHolds() {
    assertError("not json", "TF_CONFIG is not a JSON object", "Received: TF_CONFIG=not json");
    assertError("{\"task\": {\"type\": \"worker\", \"index\": 0}}", "`cluster` must be a JSON object", "Received: cluster=null");
    assertError("{\"cluster\": {\"worker\": \"h:1\"}, \"task\": {\"type\": \"worker\", \"index\": 0}}", "`cluster.worker` must be a list",
        "Received: cluster.worker=\"h:1\"");
    assertError("{\"cluster\": {\"worker\": [\"h1\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}", "\"host:port\"",
        "Received: cluster.worker=[\"h1\"]");
    assertError("{\"cluster\": {\"worker\": [\"h1:99999\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}", "port 1 to 65535",
        "h1:99999");
    assertError("{\"cluster\": {\"worker\": [\"h:1\", \"h:1\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}",
        "address \"h:1\" is given to two tasks", "Received: cluster=");
    assertError("{\"cluster\": {\"worker\": [\"h:1\"], \"ps\": [\"h:2\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}",
        "remove job \"ps\"", "Received: cluster=");
    assertError("{\"cluster\": {\"worker\": [\"h:1\", \"h:2\"]}, \"task\": {\"type\": \"worker\", \"index\": 2}}",
        "`task.index` must be an integer from 0 to 1", "Received: task.index=2");
    assertError("{\"cluster\": {\"worker\": [\"h:1\"]}, \"task\": {\"type\": \"worker\", \"index\": \"0\"}}",
        "`task.index` must be an integer", "Received: task.index=\"0\"");
    assertError("{\"cluster\": {\"worker\": [\"h:1\"]}, \"task\": {\"type\": \"evaluator\", \"index\": 0}}",
        "`task.type` must be one of the jobs of `cluster` [worker]", "Received: task.type=\"evaluator\"");
    assertError("{\"cluster\": {\"worker\": [\"h:1\"]}}", "`task` must be a JSON object", "Received: task=null");
  }

  @Test
  void workersOtherThanTheChiefWriteToTemporaryFolders() {
    MultiWorkerMirroredStrategy none = null;
    Path file = Path.of("out", "ckpt");
    assertEquals(file, WorkerFiles.writePath(none, file));
    assertTrue(WorkerFiles.writesFiles(none));
    MultiWorkerMirroredStrategy single = MultiWorkerMirroredStrategy.of(new TfConfig(List.of(new TfConfig.Task("worker", 0,
        "localhost:1")), 0));
    assertFalse(single.isMultiWorker());
    assertEquals(Path.of("logs"), WorkerFiles.writeDirectory(single, Path.of("logs")));
  }

  private static void assertError(String json, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfConfig.parse(json));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
    }
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
