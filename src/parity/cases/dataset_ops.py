"""tf.data's operations against jkeras's Dataset operations: the order of the items they yield.

The same chains on both sides over the numbers 0..n-1 (jkeras: an in-memory array, unbatched):
shuffle (buffer smaller than the data, seeded, reshuffled each pass or not), batch and unbatch,
skip, take, repeat, across several passes. jkeras shuffles with TF's own shuffle kernel, so the
orders must be identical, pass after pass.

fit_arrays: fit(x, y, shuffle=True) on arrays. Keras's array data adapter on TensorFlow draws each
epoch's order as tf.random.shuffle(tf.range(n)) (TF's RandomShuffle kernel); jkeras's ArrayDataset
runs the same kernel, seeded as TF seeds an op seed without a global seed, one kernel for all
passes: its passes are the successive values of tf.random.shuffle(tf.range(n), seed=s) in a graph.
(Keras's own fit takes the op's seed from the global seed and the graph, and with a global seed set
opens a new iterator, hence the same order, every epoch: the kernel and its sequence are what match.)
"""
import tensorflow as tf

R = tf.data.Dataset.range

CHAINS = {
    # name: (passes, the tf.data chain); DatasetOpsCase.java builds the same chain
    "shuffle": (3, lambda: R(20).shuffle(6, seed=9)),
    "shuffle_fixed": (2, lambda: R(20).shuffle(6, seed=9, reshuffle_each_iteration=False)),
    # One pass only: iterated again, tf.data's RepeatDataset opens one extra input iterator at the end
    # of its last repetition, which draws a shuffle seed, unless its graph optimizer fused the shuffle
    # into the repeat (shuffle_and_repeat_fusion, also after other rewrites): its later passes then
    # start one seed further. jkeras does not imitate the optimizer (see the README).
    "batches": (1, lambda: R(23).batch(4).shuffle(3, seed=1).unbatch().batch(5, drop_remainder=True).skip(1).take(3)
                .repeat(2).unbatch()),
    "repeat_take": (2, lambda: R(20).shuffle(20, seed=4).repeat(2).take(30)),
}


def run(ctx):
    import keras
    import tensorflow as tf

    # tf.data pairs a shuffle's seed with TF's global seed, which a case run before this one in the same
    # process may have set (keras.utils.set_random_seed): reset it, as in a fresh process, where jkeras's
    # shuffle pairs its seed with tf.data's default graph seed (see the closing note on global seeds).
    tf.random.set_seed(None)
    got = ctx.java_json("org.jkeras.parity.DatasetOpsCase")
    for name, (passes, chain) in CHAINS.items():
        ds = chain()
        expected = [[int(v) for v in ds] for _ in range(passes)]
        ctx.equal(name, got[name], expected)
    with tf.Graph().as_default():
        order = tf.random.shuffle(tf.range(20, dtype=tf.int64), seed=5)
        with tf.compat.v1.Session() as session:
            expected = [session.run(order).tolist() for _ in range(3)]
    ctx.equal("fit_arrays", got["fit_arrays"], expected)
    # With keras.utils.set_random_seed(7) (TF's global seed 7), tf.data pairs the shuffle's seed 9 with 7,
    # not with the default graph seed; jkeras's Seeds.setRandomSeed(7) does the same.
    keras.utils.set_random_seed(7)
    ds = R(20).shuffle(6, seed=9)
    ctx.equal("shuffle_global_seed", got["shuffle_global_seed"], [[int(v) for v in ds] for _ in range(2)])
    tf.random.set_seed(None)
