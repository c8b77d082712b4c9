"""Writes keras_loss_metric_configs.json: real Keras's serialized losses and metrics of issue 13, with
default and non-default arguments, which LossMetricConfigsTest reads back through jkeras's fromConfig
and compares with jkeras's getConfig.

Regenerate (Keras 3.15.1, the reference version) from the repository root:
    $JKERAS_VENV/bin/python src/test/resources/org/jkeras/metrics/keras_loss_metric_configs.py
"""
import json
from pathlib import Path

import keras
from keras import losses as L
from keras import metrics as M


def objects():
    return [
        L.MeanAbsoluteError(), L.MeanAbsolutePercentageError(reduction="sum"), L.MeanSquaredLogarithmicError(),
        L.Huber(), L.LogCosh(name="lc"), L.Hinge(), L.SquaredHinge(), L.CategoricalHinge(), L.KLDivergence(),
        L.Poisson(reduction=None), L.CosineSimilarity(), L.BinaryFocalCrossentropy(),
        L.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4, gamma=1.5, from_logits=True,
                                  label_smoothing=0.1, reduction="mean"),
        L.CategoricalFocalCrossentropy(), L.CategoricalFocalCrossentropy(alpha=0.5, gamma=3.0, label_smoothing=0.2),
        L.BinaryCrossentropy(label_smoothing=0.2, reduction="sum"), L.CategoricalCrossentropy(label_smoothing=0.1),
        L.MeanSquaredError(reduction="mean_with_sample_weight"), L.MeanSquaredError(reduction="none"),
        M.AUC(name="auc"), M.AUC(num_thresholds=50, curve="PR", summation_method="majoring", name="pr"),
        M.AUC(thresholds=[0.2, 0.5, 0.7], multi_label=True, num_labels=3, label_weights=[1.0, 2.0, 0.5],
              from_logits=True, name="ml"),
        M.AUC(curve="PRGAIN", summation_method="minoring", name="gain"),
        M.Precision(name="precision"), M.Precision(thresholds=[0.3, 0.6], top_k=2, class_id=1, name="p2"),
        M.Recall(thresholds=0.4, name="recall"), M.Recall(thresholds=[0.5], name="r1"),
        M.F1Score(), M.F1Score(average="macro", threshold=0.4), M.FBetaScore(),
        M.FBetaScore(average="weighted", beta=2.0, threshold=0.3, name="fb"),
        M.TopKCategoricalAccuracy(), M.TopKCategoricalAccuracy(k=2, name="top2"),
        M.SparseTopKCategoricalAccuracy(k=3), M.SparseTopKCategoricalAccuracy(from_sorted_ids=True),
        M.MeanAbsoluteError(), M.MeanSquaredError(), M.RootMeanSquaredError(), M.MeanAbsolutePercentageError(),
        M.MeanSquaredLogarithmicError(), M.CosineSimilarity(), M.LogCoshError(), M.Hinge(), M.SquaredHinge(),
        M.CategoricalHinge(), M.KLDivergence(), M.Poisson(), M.BinaryCrossentropy(),
        M.BinaryCrossentropy(from_logits=True, label_smoothing=0.1), M.CategoricalCrossentropy(),
        M.SparseCategoricalCrossentropy(from_logits=True),
        M.MeanIoU(3, name="mean_io_u"), M.MeanIoU(4, ignore_class=0, sparse_y_pred=False, name="iou4"),
        M.Mean(), M.Sum(name="total"),
    ]


def main():
    out = [keras.saving.serialize_keras_object(o) for o in objects()]
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps({"keras_version": keras.__version__, "objects": out}, indent=1) + "\n")
    print(f"wrote {len(out)} configs to {path}")


if __name__ == "__main__":
    main()
