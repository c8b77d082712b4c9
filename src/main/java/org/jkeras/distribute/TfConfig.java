package org.jkeras.distribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.utils.Json;

/**
 * TensorFlow's {@code TF_CONFIG}: the cluster (every worker's {@code "host:port"}, the same list on
 * every worker) and this process's task in it, in TF's JSON form:
 *
 * <pre>{"cluster": {"worker": ["host1:port", "host2:port"]}, "task": {"type": "worker", "index": 0}}</pre>
 *
 * <p>As {@code tf.distribute.cluster_resolver.TFConfigClusterResolver} for {@code
 * MultiWorkerMirroredStrategy}: jobs {@code "worker"} and, optionally, one {@code "chief"}; the
 * chief (or worker 0 without one) leads the collectives and is the one that writes files. Tasks are
 * ranked chief first, then workers by index ({@link #tasks()}); {@code rank} is this task's place
 * there.
 *
 * @param tasks every task of the cluster, chief first
 * @param rank this process's index in {@code tasks}
 */
public record TfConfig(List<Task> tasks, int rank) {

  /** One task: its job ({@code "worker"} or {@code "chief"}), its index in the job, its address. */
  public record Task(String job, int index, String address) {
    /** TF's device name of the task, e.g. {@code /job:worker/replica:0/task:1}. */
    public String device() {
      return "/job:" + job + "/replica:0/task:" + index;
    }

    /** The host part of the address. */
    public String host() {
      String h = address.substring(0, address.lastIndexOf(':'));
      return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The port part of the address. */
    public int port() {
      return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Override
    public String toString() {
      return job + " " + index + " (" + address + ")";
    }
  }

  public TfConfig {
    tasks = List.copyOf(tasks);
    if (rank < 0 || rank >= tasks.size()) {
      throw new IllegalArgumentException("TF_CONFIG: task rank " + rank + " is outside the cluster of " + tasks.size() + " tasks.");
    }
  }

  /** This process's task. */
  public Task task() {
    return tasks.get(rank);
  }

  /** The number of workers (replicas) training together. */
  public int numWorkers() {
    return tasks.size();
  }

  /** True for the task that writes checkpoints, logs and the saved model: the chief, or worker 0 without one. */
  public boolean isChief() {
    return rank == 0;
  }

  /** The {@code TF_CONFIG} environment variable parsed; null when it is not set (or blank). */
  public static TfConfig fromEnvironment() {
    String text = System.getenv("TF_CONFIG");
    return text == null || text.isBlank() ? null : parse(text);
  }

  /**
   * {@code TF_CONFIG}'s JSON text parsed and checked.
   *
   * @throws IllegalArgumentException naming the field that is wrong and what it holds
   */
  public static TfConfig parse(String json) {
    Map<String, Object> root;
    try {
      root = Json.parseObject(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TF_CONFIG is not a JSON object: " + e.getMessage() + " Received: TF_CONFIG=" + json);
    }
    Map<String, Object> cluster = object(root.get("cluster"), "cluster", root);
    for (String job : cluster.keySet()) {
      if (!job.equals("worker") && !job.equals("chief")) {
        throw new IllegalArgumentException("TF_CONFIG: MultiWorkerMirroredStrategy takes the jobs \"worker\" and \"chief\";"
            + " remove job \"" + job + "\" from `cluster`. Received: cluster=" + Json.writeLine(cluster));
      }
    }
    List<String> chief = addresses(cluster, "chief");
    List<String> workers = addresses(cluster, "worker");
    if (workers.isEmpty() && chief.isEmpty()) {
      throw new IllegalArgumentException("TF_CONFIG: `cluster.worker` must list at least one \"host:port\". Received: cluster="
          + Json.writeLine(cluster));
    }
    if (chief.size() > 1) {
      throw new IllegalArgumentException("TF_CONFIG: `cluster.chief` must have exactly one \"host:port\". Received: cluster.chief="
          + Json.writeLine(chief));
    }
    List<Task> tasks = new ArrayList<>();
    chief.forEach(a -> tasks.add(new Task("chief", 0, a)));
    for (int i = 0; i < workers.size(); i++) {
      tasks.add(new Task("worker", i, workers.get(i)));
    }
    List<String> seen = new ArrayList<>();
    for (Task t : tasks) {
      if (seen.contains(t.address())) {
        throw new IllegalArgumentException("TF_CONFIG: address \"" + t.address() + "\" is given to two tasks of `cluster`; every"
            + " task needs its own port. Received: cluster=" + Json.writeLine(cluster));
      }
      seen.add(t.address());
    }
    Map<String, Object> task = object(root.get("task"), "task", root);
    Object type = task.get("type");
    if (!(type instanceof String) || !cluster.containsKey(type)) {
      throw new IllegalArgumentException("TF_CONFIG: `task.type` must be one of the jobs of `cluster` " + cluster.keySet()
          + ". Received: task.type=" + Json.writeLine(type));
    }
    Object index = task.get("index");
    List<String> job = type.equals("chief") ? chief : workers;
    if (!(index instanceof Long i) || i < 0 || i >= job.size()) {
      throw new IllegalArgumentException("TF_CONFIG: `task.index` must be an integer from 0 to " + (job.size() - 1) + " (the "
          + type + " job has " + job.size() + " task" + (job.size() == 1 ? "" : "s") + "). Received: task.index="
          + Json.writeLine(index));
    }
    int rank = (type.equals("chief") ? 0 : chief.size()) + (int) (long) i;
    return new TfConfig(tasks, rank);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String field, Map<String, Object> root) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("TF_CONFIG: `" + field + "` must be a JSON object"
          + (field.equals("cluster") ? " such as {\"worker\": [\"host1:port\", \"host2:port\"]}"
              : " such as {\"type\": \"worker\", \"index\": 0}")
          + ". Received: " + field + "=" + Json.writeLine(value));
    }
    return (Map<String, Object>) value;
  }

  private static List<String> addresses(Map<String, Object> cluster, String job) {
    Object value = cluster.get(job);
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String s) || !validAddress(s)) {
          out = null;
          break;
        }
        out.add(s);
      }
      if (out != null) {
        return out;
      }
    }
    throw new IllegalArgumentException("TF_CONFIG: `cluster." + job + "` must be a list of \"host:port\" strings (port 1 to 65535)."
        + " Received: cluster." + job + "=" + Json.writeLine(value));
  }

  private static boolean validAddress(String a) {
    int colon = a.lastIndexOf(':');
    if (colon <= 0 || colon == a.length() - 1) {
      return false;
    }
    String port = a.substring(colon + 1);
    if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
      return false;
    }
    int p = Integer.parseInt(port);
    return p >= 1 && p <= 65535 && a.substring(0, colon).chars().noneMatch(Character::isWhitespace);
  }
}
