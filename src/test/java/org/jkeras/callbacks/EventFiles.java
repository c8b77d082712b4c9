package org.jkeras.callbacks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.TensorProto;

/**
 * Reads TensorBoard event files for tests: TFRecords (u64 length, u32 crc, data, u32 crc) of
 * {@code Event} protos; scalars from float32 tensor values, the other summaries by plugin, the
 * {@code graph_def} events. The parity suite reads the same files with TensorBoard's own reader.
 */
final class EventFiles {
  private EventFiles() {}

  static List<Event> events(Path dir) throws IOException {
    List<Event> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
    }
    for (Path f : files) {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
      while (b.remaining() >= 12) {
        int length = (int) b.getLong();
        b.getInt();
        byte[] data = new byte[length];
        b.get(data);
        b.getInt();
        out.add(Event.parseFrom(data));
      }
    }
    return out;
  }

  /** Tag to (step to value) for the scalar summaries in {@code dir}. */
  static Map<String, Map<Long, Float>> scalars(Path dir) throws IOException {
    Map<String, Map<Long, Float>> out = new TreeMap<>();
    for (Event e : events(dir)) {
      if (!e.hasSummary()) {
        continue;
      }
      for (Summary.Value v : e.getSummary().getValueList()) {
        if (!v.getMetadata().getPluginData().getPluginName().equals("scalars")) {
          continue;
        }
        float value = v.hasTensor()
            ? ByteBuffer.wrap(v.getTensor().getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat()
            : v.getSimpleValue();
        out.computeIfAbsent(v.getTag(), k -> new TreeMap<>()).put(e.getStep(), value);
      }
    }
    return out;
  }

  /** Tag to (step to tensor) for the summaries of {@code plugin} ({@code histograms}, {@code images}...) in {@code dir}. */
  static Map<String, Map<Long, TensorProto>> tensors(Path dir, String plugin) throws IOException {
    Map<String, Map<Long, TensorProto>> out = new TreeMap<>();
    for (Event e : events(dir)) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        if (v.getMetadata().getPluginData().getPluginName().equals(plugin)) {
          out.computeIfAbsent(v.getTag(), k -> new TreeMap<>()).put(e.getStep(), v.getTensor());
        }
      }
    }
    return out;
  }

  /** The float64 values of a tensor, in row-major order. */
  static double[] doubles(TensorProto t) {
    ByteBuffer b = ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[b.remaining() / 8];
    b.asDoubleBuffer().get(out);
    return out;
  }

  /** The graphs of the {@code graph_def} events in {@code dir}. */
  static List<GraphDef> graphs(Path dir) throws IOException {
    List<GraphDef> out = new ArrayList<>();
    for (Event e : events(dir)) {
      if (e.hasGraphDef()) {
        out.add(GraphDef.parseFrom(e.getGraphDef()));
      }
    }
    return out;
  }
}
