package org.jkeras.distribute;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * A {@link Session} on a TensorFlow server ({@code grpc://host:port}) instead of in-process: Python's
 * {@code tf.compat.v1.Session(target=...)}. Every public {@code Session} constructor of TF-Java 1.1.0
 * passes a null target to the C API, so this builds the session as TF-Java does but with {@code
 * TF_SetTarget} on its options, and wraps the result with {@code Session}'s package-private
 * constructor {@code Session(Graph, TF_Session)}, reached by reflection (as {@code
 * backend.Gradients} reaches {@code Graph.ref()}): no class of jkeras lives in package {@code
 * org.tensorflow}, which a module-path application could not load (split package). It works on the
 * class path, where TF-Java and jkeras share the unnamed module; a target parameter upstream would
 * remove it.
 *
 * <p>That constructor leaves the session's {@code autoInit} off: the graph's initializers must run
 * through {@code Session.initialize()} first, which {@code GraphContext.runner()} always does.
 */
final class TargetedSession {
  private TargetedSession() {}

  /** A session of {@code graph} run by the server at {@code target}, configured by {@code config}. */
  static Session open(Graph graph, String target, ConfigProto config) {
    try (AutoCloseable ref = graphReference(graph); PointerScope scope = new PointerScope()) {
      Method nativeHandle = ref.getClass().getDeclaredMethod("nativeHandle");
      nativeHandle.setAccessible(true);
      TF_Graph g = (TF_Graph) nativeHandle.invoke(ref);
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      BytePointer bytes = new BytePointer(config.toByteArray());
      tensorflow.TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      tensorflow.TF_SetTarget(options, target);
      TF_Session session = TF_Session.newSession(g, options, status);
      status.throwExceptionIfNotOK();
      TF_Session kept = (TF_Session) session.retainReference(); // outlives the pointer scope, as TF-Java's own
      Constructor<Session> wrap = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
      wrap.setAccessible(true);
      return wrap.newInstance(graph, kept);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not open a TensorFlow session on " + target + " (TF-Java's Session and Graph"
          + " internals must be reachable: run jkeras on the class path): " + e, e);
    }
  }

  private static AutoCloseable graphReference(Graph graph) throws ReflectiveOperationException {
    Method ref = Graph.class.getDeclaredMethod("ref");
    ref.setAccessible(true);
    return (AutoCloseable) ref.invoke(graph);
  }
}
