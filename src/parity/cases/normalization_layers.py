"""Keras's normalization and regularization layers against jkeras's, rebuilt from Keras's
get_config().

Deterministic layers (see layer_cases.py: output, gradients of sum(y * g) for the input and each
weight, one SGD step): LayerNormalization (last axis with random gamma and beta; axes [1, 2]
without center; the deprecated rms_scaling), GroupNormalization (2 groups on the last axis;
groups=-1 on axis 1), UnitNormalization (last axis; axes [1, 2]); ActivityRegularization (the fit
and evaluate losses, which hold the penalty divided by the batch size).

Random layers (SpatialDropout2D, GaussianNoise, GaussianDropout): the identity at inference, as
above; in training, a seeded layer's first draw is Keras's (the same stateless seed [seed, 0]),
and each side's output is checked against Keras's definition with the same bounds: SpatialDropout2D keeps or drops whole feature maps
(kept values scaled by 1 / (1 - rate)), about `rate` of them dropped; GaussianNoise adds noise of
mean 0 and standard deviation `stddev`; GaussianDropout multiplies by noise of mean 1 and standard
deviation sqrt(rate / (1 - rate)).
"""
import numpy as np

from layer_cases import Run, compare

# Means and variances reduced over up to 60 values, rsqrt and a product: float32 rounding of a few
# ulps, in a possibly different reduction order.
NORM_TOL = 1e-5
NORM_WHY = "float32 moments, reduction order may differ"


def run(ctx):
    import warnings

    from keras import layers

    # Keras's own warnings about the deprecated rms_scaling and a model without weights: expected here.
    warnings.filterwarnings("ignore", message="You passed `rms_scaling=True`")
    warnings.filterwarnings("ignore", message="The model does not have any trainable weights")

    rng = np.random.default_rng(31)
    img = rng.normal(1.0, 2.0, size=(3, 4, 5, 6)).astype(np.float32)
    seq = rng.normal(size=(4, 5, 6)).astype(np.float32)
    vec = rng.normal(size=(5, 8)).astype(np.float32)

    def gamma_beta(shape):
        return [rng.normal(1.0, 0.5, size=shape).astype(np.float32), rng.normal(0.0, 0.5, size=shape).astype(np.float32)]

    runs = [
        Run("layer_norm", layers.LayerNormalization(), vec, weights=gamma_beta((8,)), sgd=0.1, tol=NORM_TOL,
            why=NORM_WHY),
        Run("layer_norm_axes_no_center", layers.LayerNormalization(axis=[1, 2], center=False, epsilon=1e-4), seq,
            weights=gamma_beta((5, 6))[:1], sgd=0.1, tol=NORM_TOL, why=NORM_WHY),
        Run("layer_norm_rms_scaling", layers.LayerNormalization(rms_scaling=True), vec, weights=gamma_beta((8,))[:1],
            sgd=0.1, tol=NORM_TOL, why=NORM_WHY),
        Run("group_norm_2", layers.GroupNormalization(groups=2), img, weights=gamma_beta((6,)), sgd=0.1, tol=NORM_TOL,
            why=NORM_WHY),
        Run("group_norm_instance_axis1", layers.GroupNormalization(groups=-1, axis=1), seq, weights=gamma_beta((5,)),
            sgd=0.1, tol=NORM_TOL, why=NORM_WHY),
        Run("unit_norm", layers.UnitNormalization(), vec, tol=NORM_TOL, why=NORM_WHY),
        Run("unit_norm_axes", layers.UnitNormalization(axis=[1, 2]), img, tol=NORM_TOL, why=NORM_WHY),
        Run("activity_regularization", layers.ActivityRegularization(l1=0.01, l2=0.02), vec, sgd=0.1),
        Run("spatial_dropout", layers.SpatialDropout2D(0.4, seed=3), np.ones((20, 3, 4, 50), np.float32),
            training_output=True),
        Run("gaussian_noise", layers.GaussianNoise(0.3, seed=4), np.ones((200, 200), np.float32), training_output=True),
        Run("gaussian_dropout", layers.GaussianDropout(0.2, seed=5), np.ones((200, 200), np.float32),
            training_output=True),
    ]
    reference, _ = compare(ctx, runs, seed=32)

    def both(name):
        return {"Keras": reference[name]["training_y"], "jkeras": np.load(ctx.work / f"{name}_training_jkeras_y.npy")}

    # Beyond Keras's definition, the draws themselves: Keras's SeedGenerator starts at [seed, 0] and
    # jkeras seeds a layer with [seed, step], step 0 here, both through TF's stateless Philox ops.
    for name in ("spatial_dropout", "gaussian_noise", "gaussian_dropout"):
        y = both(name)
        ctx.close_enough(f"{name}/the first seeded draw is Keras's", y["jkeras"], y["Keras"], 1e-6,
                         "the same stateless seed [seed, 0] and op; float32")
    for side, y in both("spatial_dropout").items():
        maps = y.transpose(0, 3, 1, 2).reshape(20 * 50, -1)
        whole = bool(np.all(maps == maps[:, :1]))
        values = np.unique(maps[:, 0])
        scaled = bool(np.all(np.isclose(values, 0.0) | np.isclose(values, 1 / 0.6, rtol=1e-6)))
        ctx.check(f"spatial_dropout/{side} drops whole maps, scales the kept ones by 1 / (1 - rate)", whole and scaled,
                  f"values {values.tolist()}")
        # 1000 maps: the dropped fraction has a standard error of 0.0155; 0.07 is 4.5 of them.
        frac = float(np.mean(maps[:, 0] == 0))
        ctx.check(f"spatial_dropout/{side} drops about `rate` of the maps", abs(frac - 0.4) < 0.07, f"{frac:.3f}")
    # 40,000 draws: the standard error of the mean is 0.005 x the standard deviation, of the standard
    # deviation about 0.0035 x; the bounds are 5 standard errors.
    for side, y in both("gaussian_noise").items():
        noise = y - 1.0
        ctx.check(f"gaussian_noise/{side} mean 0, stddev 0.3",
                  abs(noise.mean()) < 0.3 * 0.025 and abs(noise.std() - 0.3) < 0.3 * 0.025,
                  f"mean {noise.mean():.4f}, stddev {noise.std():.4f}")
    sd = np.sqrt(0.2 / 0.8)
    for side, y in both("gaussian_dropout").items():
        ctx.check(f"gaussian_dropout/{side} mean 1, stddev sqrt(rate / (1 - rate))",
                  abs(y.mean() - 1) < sd * 0.025 and abs(y.std() - sd) < sd * 0.025,
                  f"mean {y.mean():.4f}, stddev {y.std():.4f} (expected {sd:.4f})")
