package org.jkeras.applications;

import org.jkeras.layers.KerasTensor;
import org.jkeras.models.Model;

/**
 * A Keras application: a functional model (Keras's class name {@code Functional}) whose layers
 * carry Keras's names, so that Keras's weight files load by name, with its weights ("imagenet"
 * from Keras's own file when the user has it, a path, or random) loaded once it is built.
 */
public abstract class Application extends Model {
  private final boolean includeTop;

  Application(Graph graph) {
    super(graph.inputs(), graph.outputs(), graph.args().name);
    this.includeTop = graph.args().includeTop;
    PretrainedWeights.load(this, graph.args().weights, graph.args().includeTop ? graph.top() : graph.noTop(),
        graph.args().call());
  }

  /** Keras names the class of the model an application returns {@code Functional}. */
  @Override
  public String className() {
    return "Functional";
  }

  public boolean includeTop() {
    return includeTop;
  }

  /** The layer graph built before the model around it, with the arguments and Keras's two files. */
  record Graph(ApplicationArgs args, KerasTensor inputs, KerasTensor outputs, KerasFile top, KerasFile noTop) {}
}
