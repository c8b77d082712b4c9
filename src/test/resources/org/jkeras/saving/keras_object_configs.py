"""Writes keras_object_configs.json: real Keras's serialized initializers, regularizers, learning
rate schedules, optimizers, losses and metrics, with default and non-default arguments, which
KerasObjectConfigsTest reads back through jkeras's fromConfig and compares with jkeras's getConfig.

Regenerate (Keras 3.15.1, the reference version) from the repository root:
    $JKERAS_VENV/bin/python src/test/resources/org/jkeras/saving/keras_object_configs.py
"""
import json
from pathlib import Path

import keras
from keras import initializers as I
from keras import losses as L
from keras import metrics as M
from keras import optimizers as O
from keras import regularizers as R
from keras.optimizers import schedules as S


def objects():
    return [
        I.GlorotUniform(), I.GlorotUniform(seed=3), I.GlorotNormal(seed=4), I.HeNormal(), I.HeUniform(seed=5),
        I.LecunNormal(), I.LecunUniform(seed=6), I.VarianceScaling(),
        I.VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform", seed=7), I.Zeros(), I.Ones(),
        I.Constant(2.5), I.RandomNormal(), I.RandomNormal(mean=0.5, stddev=0.1, seed=8), I.RandomUniform(),
        I.RandomUniform(minval=-1.0, maxval=2.0, seed=9),
        R.L1(0.02), R.L2(0.001), R.L1L2(l1=0.01, l2=0.02), R.L1L2(),
        S.ExponentialDecay(0.1, 10, 0.9, staircase=True), S.PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001]),
        S.CosineDecay(0.1, 100), S.CosineDecay(0.1, 100, alpha=0.1, warmup_target=0.2, warmup_steps=5),
        O.SGD(), O.SGD(0.05, momentum=0.9, nesterov=True, clipnorm=1.0), O.Adam(),
        O.Adam(0.002, beta_1=0.8, epsilon=1e-6, weight_decay=0.01, global_clipnorm=2.0),
        O.Adam(learning_rate=S.ExponentialDecay(0.01, 100, 0.5)), O.AdamW(), O.AdamW(0.003, weight_decay=0.02),
        O.RMSprop(), O.RMSprop(0.01, rho=0.8, momentum=0.1, centered=True, clipvalue=0.5), O.Adagrad(),
        O.Adagrad(0.02, initial_accumulator_value=0.2),
        # issue 13, optimizers
        O.Nadam(), O.Nadam(0.002, beta_1=0.8, use_ema=True, ema_momentum=0.9), O.Adamax(), O.Adadelta(rho=0.9),
        O.Ftrl(), O.Ftrl(0.05, learning_rate_power=-0.7, l1_regularization_strength=0.01, beta=0.1), O.Lion(),
        O.Adam(amsgrad=True, gradient_accumulation_steps=4), O.SGD(use_ema=True, ema_overwrite_frequency=10),
        L.BinaryCrossentropy(), L.BinaryCrossentropy(from_logits=True), L.CategoricalCrossentropy(),
        L.SparseCategoricalCrossentropy(from_logits=True), L.MeanSquaredError(),
        M.BinaryAccuracy(), M.BinaryAccuracy(name="acc", threshold=0.3), M.CategoricalAccuracy(),
        M.SparseCategoricalAccuracy(name="sparse_acc"),
    ]


def main():
    out = [keras.saving.serialize_keras_object(o) for o in objects()]
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps({"keras_version": keras.__version__, "objects": out}, indent=1) + "\n")
    print(f"wrote {len(out)} configs to {path}")


if __name__ == "__main__":
    main()
