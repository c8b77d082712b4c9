"""mixed_cnn_step.py in float32, reported as "keras float32": the issue's goal compares jkeras's
mixed_bfloat16 step with Keras's float32 default (at most 0.7)."""
import mixed_cnn_step

if __name__ == "__main__":
    mixed_cnn_step.run("float32", "keras float32")
