"""TF 1's recurrent networks (``tf.nn.rnn_cell``, ``static_rnn``, ``dynamic_rnn``,
``bidirectional_dynamic_rnn``, ``tf.contrib.rnn``) against TensorFlow.

EXPECTED was recorded from TensorFlow 2.21 (``tf.compat.v1`` graph mode, the legacy cells of
``tensorflow.python.keras.layers.legacy_rnn.rnn_cell_impl``) running the program section below
unchanged; values are hard-coded here because TensorFlow is not a test dependency.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import nest as tw_nest

# --- program (also run under TensorFlow 2.21 to record EXPECTED) ---
X = np.sin(np.arange(12.0) * 0.9).reshape(2, 3, 2).astype(np.float32)
LENGTHS = np.array([3, 1], np.int32)


def fixed_init(shape, dtype=None, partition_info=None):
    """Deterministic weights: TF's and tensorweave's random streams differ."""
    n = int(np.prod(shape))
    v = np.sin(np.arange(n) * 0.37 + len(shape) + shape[-1]).reshape(shape) * 0.5
    return tf.constant(v, dtype=tf.float32)


def make_cell(rc, kind):
    if kind == "basic_rnn":
        return rc.BasicRNNCell(2)
    if kind == "basic_lstm":
        return rc.BasicLSTMCell(2)
    if kind == "basic_lstm_concat":
        return rc.BasicLSTMCell(2, forget_bias=0.5, state_is_tuple=False)
    if kind == "lstm_peephole_proj":
        return rc.LSTMCell(3, use_peepholes=True, cell_clip=0.3, num_proj=2, proj_clip=0.4)
    if kind == "gru":
        return rc.GRUCell(2)
    if kind == "multi":
        return rc.MultiRNNCell([rc.BasicLSTMCell(2), rc.GRUCell(2)])
    raise ValueError(kind)


def flat(v):
    return [q for x in v for q in flat(x)] if isinstance(v, (list, tuple)) else [v]


def build(rc, static_rnn, dynamic_rnn, kind, mode):
    """Returns (placeholder, fetches): outputs, final state pieces, d loss / d [x, vars]."""
    x = tf.placeholder(tf.float32, [2, 3, 2])
    with tf.variable_scope("s", initializer=fixed_init):
        cell = make_cell(rc, kind)
        if mode == "dynamic":
            out, state = dynamic_rnn(cell, x, dtype=tf.float32)
        elif mode == "time_major":
            out, state = dynamic_rnn(cell, tf.transpose(x, [1, 0, 2]), dtype=tf.float32,
                                     time_major=True)
        elif mode == "lengths":
            out, state = dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
        else:  # static with lengths
            out, state = static_rnn(cell, tf.unstack(x, axis=1), sequence_length=LENGTHS,
                                    dtype=tf.float32)
            out = tf.stack(out, axis=1)
    loss = tf.reduce_sum(out) ** 2 + tf.reduce_sum(tf.concat(flat(state), 1))
    variables = tf.trainable_variables()
    grads = tf.gradients(loss, [x] + variables)
    return x, {"names": [v.name for v in variables], "out": out, "state": flat(state),
               "grads": grads}


def build_bidirectional(rc, bidirectional_dynamic_rnn):
    x = tf.placeholder(tf.float32, [2, 3, 2])
    with tf.variable_scope("b", initializer=fixed_init):
        (out_fw, out_bw), (state_fw, state_bw) = bidirectional_dynamic_rnn(
            rc.GRUCell(2), rc.BasicLSTMCell(2), x, sequence_length=LENGTHS, dtype=tf.float32)
    loss = tf.reduce_sum(out_fw * out_bw) + tf.reduce_sum(state_bw.h)
    variables = tf.trainable_variables()
    grads = tf.gradients(loss, [x] + variables)
    return x, {"names": [v.name for v in variables], "out": [out_fw, out_bw],
               "state": flat([state_fw, state_bw]), "grads": grads}
# --- end program ---


EXPECTED = {
    ('basic_rnn', 'dynamic'): dict(
        names=['s/rnn/basic_rnn_cell/kernel:0', 's/rnn/basic_rnn_cell/bias:0'],
        out=[-0.372665, -0.346191, -0.411241, -0.557876, 0.67594, 0.579108, 0.276614, 0.341866,
            -0.714051, -0.679047, 0.337332, 0.0640572],
        state=[0.67594, 0.579108, 0.337332, 0.0640572],
        grad_x=[1.03471, 1.11879, 0.982007, 1.11253, 0.317506, 0.353817, 1.13672, 1.25536,
            0.667323, 0.734954, 0.492532, 0.552325],
        grad_sums=[-1.68458, -10.73612]),
    ('basic_rnn', 'time_major'): dict(
        names=['s/rnn/basic_rnn_cell/kernel:0', 's/rnn/basic_rnn_cell/bias:0'],
        out=[-0.372665, -0.346191, 0.276614, 0.341866, -0.411241, -0.557876, -0.714051,
            -0.679047, 0.67594, 0.579108, 0.337332, 0.0640572],
        state=[0.67594, 0.579108, 0.337332, 0.0640572],
        grad_x=[1.03471, 1.11879, 0.982006, 1.11253, 0.317505, 0.353816, 1.13672, 1.25536,
            0.667323, 0.734954, 0.492532, 0.552324],
        grad_sums=[-1.68459, -10.73611]),
    ('basic_rnn', 'lengths'): dict(
        names=['s/rnn/basic_rnn_cell/kernel:0', 's/rnn/basic_rnn_cell/bias:0'],
        out=[-0.372665, -0.346191, -0.411241, -0.557876, 0.67594, 0.579108, 0.276614, 0.341866,
            0.0, 0.0, 0.0, 0.0],
        state=[0.67594, 0.579108, 0.276614, 0.341866],
        grad_x=[-0.282364, -0.312857, -0.129713, -0.117493, -0.710974, -0.792284, -1.04942,
            -1.19106, 0.0, 0.0, 0.0, 0.0],
        grad_sums=[-5.13772, 5.04896]),
    ('basic_lstm', 'dynamic'): dict(
        names=['s/rnn/basic_lstm_cell/kernel:0', 's/rnn/basic_lstm_cell/bias:0'],
        out=[0.0994411, 0.107191, 0.000847441, 0.0168744, -0.0479766, -0.045544, 0.10604,
            0.106016, 0.0919331, 0.106503, -0.027069, -0.0156289],
        state=[-0.104934, -0.0950707, -0.0593434, -0.0315826, -0.0479766, -0.045544, -0.027069,
            -0.0156289],
        grad_x=[-0.945073, 0.919222, -0.701926, 0.710754, -0.76027, 0.743183, -0.991384, 0.965077,
            -0.93925, 0.931752, -0.627743, 0.637618],
        grad_sums=[4.51306, 10.3352]),
    ('basic_lstm', 'time_major'): dict(
        names=['s/rnn/basic_lstm_cell/kernel:0', 's/rnn/basic_lstm_cell/bias:0'],
        out=[0.0994411, 0.107191, 0.10604, 0.106016, 0.000847441, 0.0168744, 0.0919331,
            0.106503, -0.0479766, -0.045544, -0.027069, -0.0156289],
        state=[-0.104934, -0.0950707, -0.0593434, -0.0315826, -0.0479766, -0.045544, -0.027069,
            -0.0156289],
        grad_x=[-0.945073, 0.919222, -0.701926, 0.710754, -0.76027, 0.743183, -0.991384, 0.965077,
            -0.93925, 0.931752, -0.627743, 0.637618],
        grad_sums=[4.51306, 10.3352]),
    ('basic_lstm', 'lengths'): dict(
        names=['s/rnn/basic_lstm_cell/kernel:0', 's/rnn/basic_lstm_cell/bias:0'],
        out=[0.0994411, 0.107191, 0.000847441, 0.0168744, -0.0479766, -0.045544, 0.10604,
            0.106016, 0.0, 0.0, 0.0, 0.0],
        state=[-0.104934, -0.0950707, 0.201329, 0.216169, -0.0479766, -0.045544, 0.10604,
            0.106016],
        grad_x=[-0.76482, 0.743736, -0.602934, 0.610706, -0.703873, 0.688732, -1.00396, 0.970083,
            0.0, 0.0, 0.0, 0.0],
        grad_sums=[-0.30234, 6.50301]),
    ('basic_lstm_concat', 'dynamic'): dict(
        names=['s/rnn/basic_lstm_cell/kernel:0', 's/rnn/basic_lstm_cell/bias:0'],
        out=[0.0994411, 0.107191, -0.00953346, 0.00453974, -0.0534543, -0.053933, 0.10604,
            0.106016, 0.081142, 0.0952054, -0.0416362, -0.0337838],
        state=[-0.117109, -0.112799, -0.0534543, -0.053933, -0.09147, -0.0683886, -0.0416362,
            -0.0337838],
        grad_x=[-0.670761, 0.654321, -0.565178, 0.573097, -0.717884, 0.699885, -0.712507, 0.695644,
            -0.752017, 0.747785, -0.595592, 0.602313],
        grad_sums=[3.31191, 8.25953]),
    ('basic_lstm_concat', 'time_major'): dict(
        names=['s/rnn/basic_lstm_cell/kernel:0', 's/rnn/basic_lstm_cell/bias:0'],
        out=[0.0994411, 0.107191, 0.10604, 0.106016, -0.00953346, 0.00453974, 0.081142,
            0.0952054, -0.0534543, -0.053933, -0.0416362, -0.0337838],
        state=[-0.117109, -0.112799, -0.0534543, -0.053933, -0.09147, -0.0683886, -0.0416362,
            -0.0337838],
        grad_x=[-0.670761, 0.654321, -0.565178, 0.573097, -0.717884, 0.699885, -0.712507, 0.695644,
            -0.752017, 0.747785, -0.595592, 0.602313],
        grad_sums=[3.31191, 8.25953]),
    ('basic_lstm_concat', 'lengths'): dict(
        names=['s/rnn/basic_lstm_cell/kernel:0', 's/rnn/basic_lstm_cell/bias:0'],
        out=[0.0994411, 0.107191, -0.00953346, 0.00453974, -0.0534543, -0.053933, 0.10604,
            0.106016, 0.0, 0.0, 0.0, 0.0],
        state=[-0.117109, -0.112799, -0.0534543, -0.053933, 0.201329, 0.216169, 0.10604, 0.106016],
        grad_x=[-0.567494, 0.553572, -0.504829, 0.512188, -0.681936, 0.665373, -0.983865, 0.95032,
            0.0, 0.0, 0.0, 0.0],
        grad_sums=[-0.86967, 5.77398]),
    ('lstm_peephole_proj', 'dynamic'): dict(
        names=['s/rnn/lstm_cell/kernel:0', 's/rnn/lstm_cell/bias:0', 's/rnn/lstm_cell/w_f_diag:0',
              's/rnn/lstm_cell/w_i_diag:0', 's/rnn/lstm_cell/w_o_diag:0',
              's/rnn/lstm_cell/projection/kernel:0'],
        out=[-0.0896905, -0.0796717, -0.119731, -0.113234, -0.0186358, -0.017328, 0.0234663,
            0.0296757, -0.106936, -0.0979842, -0.0583893, -0.0575321],
        state=[0.0246442, 0.0344078, 0.0201662, 0.14623, 0.110739, 0.0653777, -0.0186358,
            -0.017328, -0.0583893, -0.0575321],
        grad_x=[0.104949, 0.444158, -0.171021, 0.333514, -0.0748717, 0.636455, 0.228236, 0.890207,
            0.278149, 0.675627, 0.0949637, 0.798882],
        grad_sums=[2.63121, 9.83276, 0.11897, -0.11495, 0.16544, -2.65855]),
    ('lstm_peephole_proj', 'time_major'): dict(
        names=['s/rnn/lstm_cell/kernel:0', 's/rnn/lstm_cell/bias:0', 's/rnn/lstm_cell/w_f_diag:0',
              's/rnn/lstm_cell/w_i_diag:0', 's/rnn/lstm_cell/w_o_diag:0',
              's/rnn/lstm_cell/projection/kernel:0'],
        out=[-0.0896905, -0.0796717, 0.0234663, 0.0296757, -0.119731, -0.113234, -0.106936,
            -0.0979842, -0.0186358, -0.017328, -0.0583893, -0.0575321],
        state=[0.0246442, 0.0344078, 0.0201662, 0.14623, 0.110739, 0.0653777, -0.0186358,
            -0.017328, -0.0583893, -0.0575321],
        grad_x=[0.104949, 0.444158, -0.171021, 0.333514, -0.0748717, 0.636455, 0.228236, 0.890207,
            0.278149, 0.675627, 0.0949637, 0.798882],
        grad_sums=[2.63121, 9.83276, 0.11897, -0.11495, 0.16544, -2.65855]),
    ('lstm_peephole_proj', 'lengths'): dict(
        names=['s/rnn/lstm_cell/kernel:0', 's/rnn/lstm_cell/bias:0', 's/rnn/lstm_cell/w_f_diag:0',
              's/rnn/lstm_cell/w_i_diag:0', 's/rnn/lstm_cell/w_o_diag:0',
              's/rnn/lstm_cell/projection/kernel:0'],
        out=[-0.0896905, -0.0796717, -0.119731, -0.113234, -0.0186358, -0.017328, 0.0234663,
            0.0296757, 0.0, 0.0, 0.0, 0.0],
        state=[0.0246442, 0.0344078, 0.0201662, -0.084563, -0.0324697, 0.0265492, -0.0186358,
            -0.017328, 0.0234663, 0.0296757],
        grad_x=[0.0606901, 0.282609, -0.109056, 0.252505, -0.0565999, 0.485727, 0.0814677,
            0.469136, 0.0, 0.0, 0.0, 0.0],
        grad_sums=[-0.7472, 3.52936, 0.05506, -0.06098, 0.05833, -1.0082]),
    ('gru', 'dynamic'): dict(
        names=['s/rnn/gru_cell/gates/kernel:0', 's/rnn/gru_cell/gates/bias:0',
              's/rnn/gru_cell/candidate/kernel:0',
              's/rnn/gru_cell/candidate/bias:0'],
        out=[-0.0757673, -0.0747098, -0.157127, -0.160518, 0.121267, 0.104148, 0.083559,
            0.111779, -0.0472101, -0.0228443, -0.00900547, -0.0110709],
        state=[0.121267, 0.104148, -0.00900547, -0.0110709],
        grad_x=[0.00963724, 0.010567, -0.015777, -0.0153541, -0.218807, -0.267763, 0.0284866,
            0.0359646, -0.00278647, -5.25825e-06, -0.177217, -0.204816],
        grad_sums=[0.5563, -0.18633, -0.40884, 0.75454]),
    ('gru', 'time_major'): dict(
        names=['s/rnn/gru_cell/gates/kernel:0', 's/rnn/gru_cell/gates/bias:0',
              's/rnn/gru_cell/candidate/kernel:0',
              's/rnn/gru_cell/candidate/bias:0'],
        out=[-0.0757673, -0.0747098, 0.083559, 0.111779, -0.157127, -0.160518, -0.0472101,
            -0.0228443, 0.121267, 0.104148, -0.00900547, -0.0110709],
        state=[0.121267, 0.104148, -0.00900547, -0.0110709],
        grad_x=[0.00963725, 0.010567, -0.015777, -0.0153541, -0.218807, -0.267763, 0.0284866,
            0.0359646, -0.00278648, -5.25638e-06, -0.177217, -0.204816],
        grad_sums=[0.5563, -0.18633, -0.40884, 0.75454]),
    ('gru', 'lengths'): dict(
        names=['s/rnn/gru_cell/gates/kernel:0', 's/rnn/gru_cell/gates/bias:0',
              's/rnn/gru_cell/candidate/kernel:0',
              's/rnn/gru_cell/candidate/bias:0'],
        out=[-0.0757673, -0.0747098, -0.157127, -0.160518, 0.121267, 0.104148, 0.083559,
            0.111779, 0.0, 0.0, 0.0, 0.0],
        state=[0.121267, 0.104148, 0.083559, 0.111779],
        grad_x=[-0.0406554, -0.0413288, -0.0362834, -0.0354511, -0.27321, -0.334338, -0.25537,
            -0.296607, 0.0, 0.0, 0.0, 0.0],
        grad_sums=[0.75772, -0.31542, -0.80522, 1.19935]),
    ('multi', 'dynamic'): dict(
        names=['s/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0',
              's/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias:0'],
        out=[-0.0231951, -0.0243917, -0.0176087, -0.0198785, -0.000265022, -0.00241694,
            -0.0236622, -0.0250009, -0.038128, -0.041665, -0.0202232, -0.024924],
        state=[-0.104934, -0.0950707, -0.0593434, -0.0315826, -0.0479766, -0.045544, -0.027069,
            -0.0156289, -0.000265022, -0.00241694, -0.0202232, -0.024924],
        grad_x=[-0.40165, 0.390497, -0.379201, 0.384503, -0.557614, 0.547466, -0.421551, 0.410154,
            -0.496293, 0.489544, -0.458653, 0.466755],
        grad_sums=[1.93823, 5.50089, -0.00755, -0.07368, -0.20905, -0.34331]),
    ('multi', 'time_major'): dict(
        names=['s/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0',
              's/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias:0'],
        out=[-0.0231951, -0.0243917, -0.0236622, -0.0250009, -0.0176087, -0.0198785, -0.038128,
            -0.041665, -0.000265022, -0.00241694, -0.0202232, -0.024924],
        state=[-0.104934, -0.0950707, -0.0593434, -0.0315826, -0.0479766, -0.045544, -0.027069,
            -0.0156289, -0.000265022, -0.00241694, -0.0202232, -0.024924],
        grad_x=[-0.40165, 0.390497, -0.379201, 0.384503, -0.557614, 0.547466, -0.421551, 0.410154,
            -0.496293, 0.489544, -0.458653, 0.466755],
        grad_sums=[1.93823, 5.50089, -0.00755, -0.07368, -0.20905, -0.34331]),
    ('multi', 'lengths'): dict(
        names=['s/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0',
              's/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0',
              's/rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias:0'],
        out=[-0.0231951, -0.0243917, -0.0176087, -0.0198785, -0.000265022, -0.00241694,
            -0.0236622, -0.0250009, 0.0, 0.0, 0.0, 0.0],
        state=[-0.104934, -0.0950707, 0.201329, 0.216169, -0.0479766, -0.045544, 0.10604,
            0.106016, -0.000265022, -0.00241694, -0.0236622, -0.0250009],
        grad_x=[-0.342537, 0.33279, -0.351382, 0.356339, -0.546049, 0.536271, -0.772741, 0.742546,
            0.0, 0.0, 0.0, 0.0],
        grad_sums=[-1.05548, 4.19764, 0.0072, 0.00281, 0.0161, 0.82752]),
    ('bidirectional', 'lengths'): dict(
        names=['b/bidirectional_rnn/fw/gru_cell/gates/kernel:0',
              'b/bidirectional_rnn/fw/gru_cell/gates/bias:0',
              'b/bidirectional_rnn/fw/gru_cell/candidate/kernel:0',
              'b/bidirectional_rnn/fw/gru_cell/candidate/bias:0',
              'b/bidirectional_rnn/bw/basic_lstm_cell/kernel:0',
              'b/bidirectional_rnn/bw/basic_lstm_cell/bias:0'],
        out=[-0.0757673, -0.0747098, -0.157127, -0.160518, 0.121267, 0.104148, 0.083559,
            0.111779, 0.0, 0.0, 0.0, 0.0, 0.0152614, 0.0274349, -0.0943375,
            -0.101127, -0.0494893, -0.0574793, 0.10604, 0.106016, 0.0, 0.0, 0.0,
            0.0],
        state=[0.121267, 0.104148, 0.083559, 0.111779, 0.0279055, 0.0535268, 0.201329, 0.216169,
            0.0152614, 0.0274349, 0.10604, 0.106016],
        grad_x=[-0.239418, 0.246699, -0.0990337, 0.117485, -0.0857423, 0.12131, -0.33124, 0.261826,
            0.0, 0.0, 0.0, 0.0],
        grad_sums=[-0.05231, -0.02436, -0.0724, -0.02924, -0.2344, 1.69368]),
}
# TF 2.21 gives static_rnn with sequence_length exactly the numbers of dynamic_rnn with it
for _cell in ['basic_lstm', 'basic_lstm_concat', 'basic_rnn', 'gru', 'lstm_peephole_proj', 'multi']:
    EXPECTED[(_cell, "static_lengths")] = EXPECTED[(_cell, "lengths")]


def run_tw(fetches_fn):
    with tf.Graph().as_default():
        x, f = fetches_fn()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out, state, grads = sess.run([f["out"], f["state"], f["grads"]], {x: X})
    return f["names"], out, state, grads


def ravel_all(values):
    return np.concatenate([np.ravel(v) for v in flat(values)])


@pytest.mark.parametrize("key", sorted(EXPECTED), ids="-".join)
def test_outputs_states_gradients_and_names_match_tf(key):
    kind, mode = key
    rc = tf.nn.rnn_cell
    if kind == "bidirectional":
        names, out, state, grads = run_tw(
            lambda: build_bidirectional(rc, tf.nn.bidirectional_dynamic_rnn))
    else:
        names, out, state, grads = run_tw(
            lambda: build(rc, tf.nn.static_rnn, tf.nn.dynamic_rnn, kind, mode))
    want = EXPECTED[key]
    assert names == want["names"]
    np.testing.assert_allclose(ravel_all(out), want["out"], rtol=1e-4, atol=2e-6)
    np.testing.assert_allclose(ravel_all(state), want["state"], rtol=1e-4, atol=2e-6)
    np.testing.assert_allclose(np.ravel(grads[0]), want["grad_x"], rtol=1e-4, atol=2e-5)
    np.testing.assert_allclose([np.sum(g) for g in grads[1:]], want["grad_sums"],
                               rtol=1e-4, atol=2e-5)


# -- gradients against central differences (float64) ------------------------------------------
def fixed_init64(shape, dtype=None, partition_info=None):
    n = int(np.prod(shape))
    return tf.constant(np.cos(np.arange(n) * 0.61 + shape[-1]).reshape(shape) * 0.6,
                       dtype=tf.float64)


@pytest.mark.parametrize("kind", ["basic_rnn", "basic_lstm", "lstm_peephole_proj", "gru",
                                  "multi"])
def test_gradients_match_central_differences(kind):
    rng = np.random.RandomState(1)
    x0 = rng.normal(size=(2, 3, 2))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, [2, 3, 2])
        with tf.variable_scope("g", initializer=fixed_init64):
            cell = make_cell(tf.nn.rnn_cell, kind)
            out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[3, 2], dtype=tf.float64)
        w = rng.normal(size=(2, 3, cell.output_size))
        loss = tf.reduce_sum(out * w) + tf.reduce_sum(tf.concat(flat(state), 1) ** 2)
        kernel = tf.trainable_variables()[0]
        gx, gk = tf.gradients(loss, [x, kernel])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            k0 = sess.run(kernel)
            got_x, got_k = sess.run([gx, gk], {x: x0})
            eps = 1e-6
            for target, got, base in ((x, got_x, x0), (kernel, got_k, k0)):
                d = rng.normal(size=base.shape)
                vals = []
                for sign in (1, -1):
                    if target is x:
                        vals.append(sess.run(loss, {x: x0 + sign * eps * d}))
                    else:
                        vals.append(sess.run(loss, {x: x0, kernel: k0 + sign * eps * d}))
                numeric = (vals[0] - vals[1]) / (2 * eps)
                np.testing.assert_allclose(np.sum(got * d), numeric, rtol=1e-6, atol=1e-8)


# -- variables: names, shapes, default initializers -------------------------------------------
def test_default_initializers_and_shapes():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [4, 5, 3])
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(6), x, dtype=tf.float32, scope="l")
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(6), x, dtype=tf.float32, scope="g")
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(6, num_proj=2), x, dtype=tf.float32,
                          scope="p")
        v = {var.op.name: var for var in tf.global_variables()}
        assert {k: v[k].shape.as_list() for k in v} == {
            "l/basic_lstm_cell/kernel": [9, 24], "l/basic_lstm_cell/bias": [24],
            "g/gru_cell/gates/kernel": [9, 12], "g/gru_cell/gates/bias": [12],
            "g/gru_cell/candidate/kernel": [9, 6], "g/gru_cell/candidate/bias": [6],
            "p/lstm_cell/kernel": [5, 24], "p/lstm_cell/bias": [24],
            "p/lstm_cell/projection/kernel": [6, 2]}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(v)
    limit = np.sqrt(6 / (9 + 24))  # glorot_uniform, get_variable's default
    k = got["l/basic_lstm_cell/kernel"]
    assert np.abs(k).max() <= limit and np.abs(k).max() > 0.7 * limit and k.std() > 0.2
    np.testing.assert_array_equal(got["l/basic_lstm_cell/bias"], 0)
    np.testing.assert_array_equal(got["g/gru_cell/gates/bias"], 1)
    np.testing.assert_array_equal(got["g/gru_cell/candidate/bias"], 0)


def test_scope_naming_follows_tf():
    # recorded from TF 2.21: cells take <scope at first call>/<snake_case name>, made unique
    rc = tf.nn.rnn_cell
    with tf.Graph().as_default():
        a, b, c = rc.BasicRNNCell(2), rc.BasicRNNCell(2), rc.BasicRNNCell(2)
        with tf.variable_scope("x"):
            a(tf.ones([1, 3]), tf.zeros([1, 2]))
        b(tf.ones([1, 3]), tf.zeros([1, 2]))
        c(tf.ones([1, 3]), tf.zeros([1, 2]))
        c(tf.ones([1, 3]), tf.zeros([1, 2]))  # reused
        with tf.variable_scope("y"):
            rc.BasicRNNCell(2)(tf.ones([1, 3]), tf.zeros([1, 2]))
            rc.BasicRNNCell(2)(tf.ones([1, 3]), tf.zeros([1, 2]))
        with tf.variable_scope("z"):
            rc.BasicRNNCell(2, name="foo")(tf.ones([1, 3]), tf.zeros([1, 2]))
        rc.GRUCell(2)(tf.ones([1, 3]), tf.zeros([1, 2]), scope="myscope")
        names = [v.name for v in tf.global_variables() if "kernel" in v.name]
    assert names == ["x/basic_rnn_cell/kernel:0", "basic_rnn_cell/kernel:0",
                     "basic_rnn_cell_1/kernel:0", "y/basic_rnn_cell/kernel:0",
                     "y/basic_rnn_cell_1/kernel:0", "z/foo/kernel:0",
                     "myscope/gates/kernel:0", "myscope/candidate/kernel:0"]


def test_multi_rnn_cell_names_and_sizes():
    rc = tf.contrib.rnn
    with tf.Graph().as_default():
        m = rc.MultiRNNCell([rc.BasicLSTMCell(3), rc.GRUCell(2)])
        assert str(m.state_size) == "(LSTMStateTuple(c=3, h=3), 2)"
        assert m.output_size == 2
        out, state = tf.nn.dynamic_rnn(m, tf.placeholder(tf.float32, [None, 4, 5]),
                                       dtype=tf.float32)
        assert out.shape.as_list() == [None, 4, 2]
        assert isinstance(state[0], rc.LSTMStateTuple) and state[1].shape.as_list() == [None, 2]
        assert [v.op.name for v in tf.global_variables()] == [
            "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
            "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias",
            "rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel",
            "rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias",
            "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel",
            "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias"]


def test_zero_state_and_initial_state():
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)
        z = cell.zero_state(5, tf.float32)
        assert isinstance(z, tf.nn.rnn_cell.LSTMStateTuple) and z.dtype == tf.float32
        assert z.c.shape.as_list() == [5, 4] and z.h.shape.as_list() == [5, 4]
        x = tf.placeholder(tf.float32, [5, 3, 2])
        init = tf.nn.rnn_cell.LSTMStateTuple(tf.ones([5, 4]), tf.zeros([5, 4]))
        _, s1 = tf.nn.dynamic_rnn(cell, x, initial_state=init)
        _, s0 = tf.nn.dynamic_rnn(cell, x, initial_state=z, scope="rnn")  # shares variables
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            a, b = sess.run([s1.c, s0.c], {x: np.ones((5, 3, 2))})
        assert not np.allclose(a, b)


# -- DropoutWrapper ----------------------------------------------------------------------------
def test_dropout_wrapper():
    rc = tf.nn.rnn_cell
    with tf.Graph().as_default():
        keep = tf.placeholder_with_default(1.0, [])
        x = tf.placeholder(tf.float32, [50, 2, 8])
        with tf.variable_scope("d", initializer=fixed_init):
            cell = rc.BasicLSTMCell(16)
            wrapped = rc.DropoutWrapper(cell, output_keep_prob=keep, state_keep_prob=0.5,
                                        seed=3)
            out_w, state_w = tf.nn.dynamic_rnn(wrapped, x, dtype=tf.float32)
        with tf.variable_scope("d", initializer=fixed_init, reuse=True):
            out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        assert [v.op.name for v in tf.global_variables()] == ["d/rnn/basic_lstm_cell/kernel",
                                                              "d/rnn/basic_lstm_cell/bias"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: np.random.RandomState(0).normal(size=(50, 2, 8))}
            h_w, h = sess.run([state_w.h, out[:, 0]], dict(feed))
            kept_all = sess.run(out_w[:, 0], {**feed, keep: 1.0})
            half = sess.run(out_w[:, 0], {**feed, keep: 0.5})
    np.testing.assert_allclose(kept_all, h, rtol=1e-6)   # step 0 sees the initial state
    zero = half == 0
    assert 0.3 < zero.mean() < 0.7
    np.testing.assert_allclose(half[~zero], 2 * h[~zero], rtol=1e-5)
    assert 0.3 < (h_w == 0).mean() < 0.7   # state h dropped too (c never is)
    with pytest.raises(ValueError, match="must be between 0 and 1"):
        rc.DropoutWrapper(rc.GRUCell(2), input_keep_prob=1.5)
    with pytest.raises(NotImplementedError):
        rc.DropoutWrapper(rc.GRUCell(2), variational_recurrent=True)


# -- a time dimension known only at run time: a tf.while_loop --------------------------------------
def _rnn_run(cell_fn, xv, lens, time_major, known, bidirectional):
    """Outputs, final states and gradients (inputs, then every variable) of a dynamic_rnn
    whose time dimension is known when ``known``, else only at run time."""
    g = tf.Graph()
    with g.as_default():
        n, t, d = xv.shape if not time_major else (xv.shape[1], xv.shape[0], xv.shape[2])
        shape = [t, n, d] if time_major else [n, t, d]
        if not known:
            shape[0 if time_major else 1] = None
        x = tf.placeholder(tf.float32, shape)
        init = tf.random_uniform_initializer(-0.5, 0.5, seed=3)
        with tf.variable_scope("net", initializer=init):
            if bidirectional:
                outs, states = tf.nn.bidirectional_dynamic_rnn(
                    cell_fn(), cell_fn(), x, sequence_length=lens, dtype=tf.float32,
                    time_major=time_major)
            else:
                outs, states = tf.nn.dynamic_rnn(cell_fn(), x, sequence_length=lens,
                                                 dtype=tf.float32, time_major=time_major)
        flat = tw_nest.flatten(outs) + tw_nest.flatten(states)
        loss = sum(tf.reduce_sum(tf.square(o) * (k + 1)) for k, o in enumerate(flat))
        variables = tf.trainable_variables()
        grads = tf.gradients(loss, [x] + variables)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return [v.name for v in variables], sess.run(flat + grads, {x: xv})


@pytest.mark.parametrize("cell,lengths,time_major,bidirectional", [
    ("lstm", False, False, False), ("lstm", True, True, False), ("gru", True, False, False),
    ("multi", True, False, False), ("gru", True, False, True), ("rnn", False, True, True)])
def test_dynamic_rnn_with_an_unknown_time_dimension_matches_the_unrolled_one(
        cell, lengths, time_major, bidirectional):
    rc = tf.nn.rnn_cell
    cells = {"lstm": lambda: rc.LSTMCell(5), "gru": lambda: rc.GRUCell(4),
             "rnn": lambda: rc.BasicRNNCell(3),
             "multi": lambda: rc.MultiRNNCell([rc.BasicLSTMCell(3), rc.GRUCell(4)])}
    xv = np.random.default_rng(0).standard_normal((3, 6, 2)).astype(np.float32)
    if time_major:
        xv = np.ascontiguousarray(xv.transpose(1, 0, 2))
    lens = np.array([6, 2, 4], np.int32) if lengths else None
    names, want = _rnn_run(cells[cell], xv, lens, time_major, True, bidirectional)
    names_looped, got = _rnn_run(cells[cell], xv, lens, time_major, False, bidirectional)
    assert names_looped == names  # TF's variable names either way
    for a, b in zip(want, got):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


# -- errors ------------------------------------------------------------------------------------
def test_errors():
    rc = tf.nn.rnn_cell
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 4, 2])
        with pytest.raises(ValueError, match="If no initial_state is provided, argument "
                                             "`dtype` must be specified"):
            tf.nn.dynamic_rnn(rc.BasicLSTMCell(3), x)
        with pytest.raises(ValueError, match="Argument sequence_length must be a vector"):
            tf.nn.dynamic_rnn(rc.GRUCell(3), x, sequence_length=[[1, 2]], dtype=tf.float32,
                              scope="bad")
        with pytest.raises(ValueError, match="Must specify at least one cell"):
            rc.MultiRNNCell([])
        with pytest.raises(NotImplementedError, match="num_unit_shards"):
            rc.LSTMCell(3, num_unit_shards=2)
        with pytest.raises(TypeError, match="inputs must be a sequence"):
            tf.nn.static_rnn(rc.GRUCell(3), x, dtype=tf.float32)
        tf.nn.dynamic_rnn(rc.BasicLSTMCell(3), x, dtype=tf.float32)
        with pytest.raises(ValueError, match="Variable rnn/basic_lstm_cell/kernel already "
                                             "exists"):
            tf.nn.dynamic_rnn(rc.BasicLSTMCell(3), x, dtype=tf.float32)


def test_contrib_aliases():
    for name in ("BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell",
                 "DropoutWrapper", "LSTMStateTuple", "RNNCell", "static_rnn",
                 "static_bidirectional_rnn"):
        assert getattr(tf.contrib.rnn, name) is not None
    assert tf.contrib.rnn.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell


def test_custom_cell_subclass():
    class Doubler(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return 2

        @property
        def output_size(self):
            return 2

        def build(self, inputs_shape):
            self.w = self.add_variable("w", [int(inputs_shape[-1]), 2],
                                       initializer=tf.ones_initializer())

        def call(self, inputs, state):
            new = tf.matmul(inputs, self.w) + 2 * state
            return new, new

    with tf.Graph().as_default():
        out, _ = tf.nn.dynamic_rnn(Doubler(), tf.ones([1, 3, 1]), dtype=tf.float32)
        assert [v.op.name for v in tf.global_variables()] == ["rnn/doubler/w"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run(out)[0, :, 0], [1, 3, 7])


def test_classic_tutorial_trains():
    """The MNIST-by-rows tutorial shape: unstack, contrib BasicLSTMCell, static_rnn."""
    rng = np.random.RandomState(0)
    data = rng.normal(size=(32, 5, 4)).astype(np.float32)
    labels = (data[:, :, 0].sum(1) > 0).astype(np.int64)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 5, 4])
        y = tf.placeholder(tf.int64, [None])
        cell = tf.contrib.rnn.BasicLSTMCell(8, forget_bias=1.0)
        outputs, _ = tf.contrib.rnn.static_rnn(cell, tf.unstack(x, 5, 1), dtype=tf.float32)
        logits = tf.layers.dense(outputs[-1], 2)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=y, logits=logits))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(loss, {x: data, y: labels})
            for _ in range(30):
                sess.run(train, {x: data, y: labels})
            last = sess.run(loss, {x: data, y: labels})
    assert last < 0.5 * first
