"""``tf.linalg`` against TensorFlow 2.21: outputs, gradients and second derivatives on fixed
inputs, and error types and messages.

Each builder takes the framework module first (``build(tf, *inputs)``), so the very same code
made the TensorFlow graph (``tensorflow.compat.v1`` in graph mode) whose numbers are pasted in
``EXPECTED``: the outputs, the gradients of ``sum(out * w)`` for the weights ``W`` and, where
``HVP`` names a case, the gradient of ``sum(grad * v)`` (a Hessian-vector product). TensorFlow
is not needed to run these tests.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tw

nan = np.nan  # as it appears in EXPECTED


def D(shape, values):  # noqa: N802 - short for the recorded float64 arrays
    return np.array(values, np.float64).reshape(shape)


SPD = [[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]]
GEN = [[3.0, -1.0, 0.5], [2.0, 4.0, 1.0], [-0.5, 1.5, 2.5]]
TALL = [[1.0, 2.0, 0.5], [-1.0, 0.5, 2.0], [0.5, -2.0, 1.0], [2.0, 1.0, -1.5]]
WIDE = [[1.0, 2.0, 0.5, -1.0, 0.25], [-1.0, 0.5, 2.0, 1.5, -0.5], [0.5, -2.0, 1.0, 0.75, 2.0]]
RHS = [[1.0, -2.0], [0.5, 1.0], [2.0, 0.25]]

# name: (build(tf, *inputs), inputs)
CASES = {
    "qr_tall": (lambda tf, x: list(tf.linalg.qr(x)), [TALL]),
    "qr_wide": (lambda tf, x: list(tf.linalg.qr(x)), [WIDE]),
    "qr_wide_full": (lambda tf, x: list(tf.linalg.qr(x, full_matrices=True)), [WIDE]),
    "qr_batched": (lambda tf, x: list(tf.linalg.qr(x)), [[GEN, SPD]]),
    "band_part": (lambda tf, x: tf.linalg.band_part(x, 1, 0), [GEN]),
    "triangular_solve": (lambda tf, a, b: tf.linalg.triangular_solve(a, b), [GEN, RHS]),
    "triangular_solve_upper_adjoint_broadcast": (
        lambda tf, a, b: tf.linalg.triangular_solve(a, b, lower=False, adjoint=True),
        [[GEN, SPD], RHS]),
    "solve": (lambda tf, a, b: tf.linalg.solve(a, b), [GEN, RHS]),
    "solve_adjoint": (lambda tf, a, b: tf.linalg.solve(a, b, adjoint=True), [GEN, RHS]),
    "inv": (lambda tf, x: tf.linalg.inv(x), [GEN]),
    "inv_adjoint": (lambda tf, x: tf.matrix_inverse(x, adjoint=True), [GEN]),
    "det": (lambda tf, x: tf.linalg.det(x), [[GEN, SPD]]),
    "slogdet": (lambda tf, x: list(tf.linalg.slogdet(x)), [[GEN, SPD]]),
    "logdet": (lambda tf, x: tf.linalg.logdet(x), [SPD]),
    "cholesky": (lambda tf, x: tf.linalg.cholesky(x), [SPD]),
    # Only the lower triangle is read; TF's gradient is the symmetric one all the same.
    "cholesky_reads_lower": (lambda tf, x: tf.linalg.cholesky(x),
                             [[[4.0, 9.0, 9.0], [1.0, 3.0, 9.0], [0.5, -1.0, 2.0]]]),
    "diag": (lambda tf, d: tf.linalg.diag(d), [[[1.0, 2.0], [3.0, 4.0]]]),
    "diag_part_wide": (lambda tf, x: tf.linalg.diag_part(x), [WIDE]),
    "set_diag": (lambda tf, x, d: tf.linalg.set_diag(x, d), [TALL, [7.0, 8.0, 9.0]]),
    "trace": (lambda tf, x: tf.linalg.trace(x), [WIDE]),
    "tf1_diag": (lambda tf, d: tf.diag(d), [[[1.0, 2.0], [3.0, 4.0]]]),
    "tf1_diag_part": (lambda tf, x: tf.diag_part(x), [GEN]),
    "matrix_transpose": (lambda tf, x: tf.linalg.matrix_transpose(x), [[TALL, TALL]]),
    "eye": (lambda tf, x: [tf.eye(2, 3, dtype=x.dtype) * x[:2, :3],
                           tf.eye(2, batch_shape=[2], dtype=tf.float64)], [GEN]),
    "norm_euclidean": (lambda tf, x: tf.norm(x), [GEN]),
    "norm_fro_axis": (lambda tf, x: tf.norm(x, "fro", axis=(0, 1), keepdims=True), [GEN]),
    "norm_1_matrix": (lambda tf, x: tf.norm(x, 1, axis=[0, 1]), [GEN]),
    "norm_inf_matrix": (lambda tf, x: tf.norm(x, np.inf, axis=[-2, -1]), [GEN]),
    "norm_p": (lambda tf, x: tf.norm(x, 3.5, axis=1), [GEN]),
    "norm_inf_ties": (lambda tf, x: tf.norm(x, np.inf, axis=0), [[[1.0, -2.0], [-1.0, 2.0]]]),
    # At 0: NaN through sqrt for the 2-norm, 0 through abs for the 1-norm.
    "norm_at_zero": (lambda tf, x: [tf.norm(x), tf.norm(x, 1)], [[0.0, 0.0, 0.0]]),
}
HVP = ["qr_tall", "qr_wide", "qr_batched", "cholesky", "inv", "det", "slogdet",
       "triangular_solve", "solve", "logdet", "norm_euclidean"]


def weights(out):
    """Fixed, irregular weights for ``sum(out * w)``."""
    n = int(np.prod(np.shape(out)))
    return (np.cos(np.arange(n) * 1.7 + 0.3) * 1.5).reshape(np.shape(out))


def directions(x):
    n = int(np.prod(np.shape(x)))
    return (np.sin(np.arange(n) * 2.3 + 0.7)).reshape(np.shape(x))


def run(tf, name):
    """Outputs, gradients and (for ``HVP``) Hessian-vector products with module ``tf``."""
    build, values = CASES[name]
    values = [np.asarray(v, np.float64) for v in values]
    with tf.Graph().as_default():
        xs = [tf.placeholder(tf.float64, np.shape(v)) for v in values]
        outs = build(tf, *xs)
        outs = outs if isinstance(outs, list) else [outs]
        feed = dict(zip(xs, values))
        with tf.Session() as sess:
            out_vals = sess.run(outs, feed)
            ws = [tf.constant(weights(o)) for o in out_vals]
            grads = tf.gradients(outs, xs, grad_ys=ws)
            conn = [(x, g) for x, g in zip(xs, grads) if g is not None]
            grad_vals = sess.run([g for _, g in conn], feed)
            hvp_vals = []
            if name in HVP:
                dot = tf.add_n([tf.reduce_sum(g * directions(v))
                                for (_, g), v in zip(conn, grad_vals)])
                hv = tf.gradients(dot, [x for x, _ in conn])
                hvp_vals = sess.run([h for h in hv if h is not None], feed)
    return {"outputs": out_vals, "grads": grad_vals, "hvp": hvp_vals}


def assert_close(got, want, what):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, TensorFlow {want.shape}"
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, err_msg=what)


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_as_tensorflow(name):
    got, want = run(tw, name), EXPECTED[name]
    for key in ("outputs", "grads", "hvp"):
        assert len(got[key]) == len(want[key]), f"{key}: {len(got[key])} vs {len(want[key])}"
        for i, (g, w) in enumerate(zip(got[key], want[key])):
            assert_close(g, w, f"{name} {key}[{i}]")


# -- errors ----------------------------------------------------------------------------------------

def _qr_full_tall_gradient(tf):
    x = tf.placeholder(tf.float64, [4, 3])
    return tf.gradients(list(tf.linalg.qr(x, full_matrices=True)), x)


# name: (build(tf), run it in a session too)
ERRORS = {
    "det_rank1": (lambda tf: tf.linalg.det(tf.ones([3])), False),
    "det_not_square": (lambda tf: tf.linalg.det(tf.ones([3, 2])), False),
    "slogdet_not_square": (lambda tf: tf.linalg.slogdet(tf.ones([3, 2])), False),
    "inv_not_square": (lambda tf: tf.linalg.inv(tf.ones([3, 2])), False),
    "inv_int": (lambda tf: tf.linalg.inv(tf.ones([2, 2], tf.int32)), False),
    "cholesky_not_square": (lambda tf: tf.linalg.cholesky(tf.ones([3, 2])), False),
    "solve_rows": (lambda tf: tf.linalg.solve(tf.eye(3), tf.ones([2, 1])), False),
    "solve_batch_rank": (lambda tf: tf.linalg.solve(tf.eye(3, batch_shape=[2]),
                                                    tf.ones([3, 1])), False),
    "solve_not_square": (lambda tf: tf.linalg.solve(tf.ones([2, 3]), tf.ones([2, 1])), False),
    "triangular_solve_rows": (lambda tf: tf.linalg.triangular_solve(tf.eye(3),
                                                                    tf.ones([2, 1])), False),
    "triangular_solve_not_square": (
        lambda tf: tf.linalg.triangular_solve(tf.ones([2, 3]), tf.ones([2, 1])), False),
    "diag_scalar": (lambda tf: tf.linalg.diag(1.0), False),
    "diag_part_rank1": (lambda tf: tf.linalg.diag_part(tf.ones([3])), False),
    "tf1_diag_part_odd_rank": (lambda tf: tf.diag_part(tf.ones([2, 3, 2])), False),
    "tf1_diag_part_mismatch": (lambda tf: tf.diag_part(tf.ones([2, 3])), False),
    "matrix_transpose_rank1": (lambda tf: tf.linalg.matrix_transpose(tf.ones([3])), False),
    "norm_axis_repeated": (lambda tf: tf.norm(tf.ones([2, 2]), axis=[0, 0]), False),
    "norm_vector_fro": (lambda tf: tf.norm(tf.ones([2, 2]), "fro"), False),
    "norm_vector_negative": (lambda tf: tf.norm(tf.ones([2, 2]), -1), False),
    "norm_matrix_3": (lambda tf: tf.norm(tf.ones([2, 2]), 3, axis=[0, 1]), False),
    "norm_matrix_nuc": (lambda tf: tf.norm(tf.ones([2, 2]), "nuc", axis=[0, 1]), False),
    "band_part_float_bound": (
        lambda tf: tf.linalg.band_part(tf.ones([3, 3]), tf.constant(0.5), 1), False),
    "qr_full_tall_gradient": (_qr_full_tall_gradient, False),
    "inv_singular": (lambda tf: tf.linalg.inv(tf.ones([2, 2])), True),
    "solve_singular": (lambda tf: tf.linalg.solve(tf.ones([2, 2]), tf.ones([2, 1])), True),
    "band_part_lower_too_big": (lambda tf: tf.linalg.band_part(tf.ones([3, 3]), 5, 1), True),
    "band_part_upper_too_big": (lambda tf: tf.linalg.band_part(tf.ones([3, 3]), 1, 4), True),
}


def raise_with(tf, name):
    """(exception type name, message head) of the error ``ERRORS[name]`` raises."""
    build, run_it = ERRORS[name]
    try:
        with tf.Graph().as_default():
            out = build(tf)
            if run_it:
                with tf.Session() as sess:
                    sess.run(out)
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        message = getattr(e, "message", None) or str(e)
        lines = [ln for ln in message.splitlines() if ln.strip()]
        if run_it:  # TF's run-time message: the line before the node in brackets
            lines = [ln for ln in lines if not ln.strip().startswith("[[")]
        head = lines[-1 if run_it else 0].split(" for '")[0]
        return type(e).__name__, head
    return None


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_as_tensorflow(name):
    assert raise_with(tw, name) == ERRORS_EXPECTED[name]


# -- recorded from TensorFlow 2.21 ---------------------------------------------------------------
EXPECTED = {
    'band_part': {
        'outputs': [
            D([3, 3], [3.0, 0.0, 0.0, 2.0, 4.0, 0.0, 0.0, 1.5, 2.5]),
        ],
        'grads': [
            D([3, 3], [
                1.433004733688409, 0.0, 0.0, 0.9520393139139509,
                1.0268199996642098, 0.0, 0.0, 1.4004504661119568,
                0.3524247278097346]),
        ],
        'hvp': [],
    },
    'cholesky': {
        'outputs': [
            D([3, 3], [
                2.0, 0.0, 0.0, 0.5, 1.6583123951777, 0.0, 0.25,
                -0.6784005252999682, 1.2154310870109943]),
        ],
        'grads': [
            D([3, 3], [
                0.3850649278551655, 0.05116458107200521, -0.31683911760851635,
                0.05116458107200521, 0.5066002786376206, 0.4815614219766189,
                -0.31683911760851635, 0.4815614219766189, 0.1449793129269149]),
        ],
        'hvp': [
            D([3, 3], [
                0.00750644639405486, -0.1433764340742177, -0.06286533687167385,
                -0.1433764340742177, 0.25504325903402086, 0.11307152924491692,
                -0.06286533687167385, 0.11307152924491692, 0.021175769909836405]),
        ],
    },
    'cholesky_reads_lower': {
        'outputs': [
            D([3, 3], [
                2.0, 0.0, 0.0, 0.5, 1.6583123951777, 0.0, 0.25,
                -0.6784005252999682, 1.2154310870109943]),
        ],
        'grads': [
            D([3, 3], [
                0.3850649278551655, 0.05116458107200521, -0.31683911760851635,
                0.05116458107200521, 0.5066002786376206, 0.4815614219766189,
                -0.31683911760851635, 0.4815614219766189, 0.1449793129269149]),
        ],
        'hvp': [],
    },
    'det': {
        'outputs': [
            D([2], [33.500000000000014, 16.25]),
        ],
        'grads': [
            D([2, 3, 3], [
                12.180540236351483, -7.881526035286251, 7.165023668442047,
                4.65726538448733, 11.105786686085175, -5.732018934753637,
                -4.299014201065228, -2.8660094673768195, 20.062066271637732,
                -3.1211012741035677, 1.560550637051784, 1.560550637051784,
                1.560550637051784, -4.837706974860531, -2.8089911466932116,
                1.560550637051784, -2.8089911466932116, -6.8664228030278505]),
        ],
        'hvp': [
            D([2, 3, 3], [
                1.8233667651818404, -2.5814976973827717, -6.149887024480503,
                -2.5753251626067755, 2.1071841557368316, 0.9900909289053764,
                5.8139681851716905, -1.0749038566414442, 2.7082968692278513,
                -1.2047472918759097, -0.1784460749743384, -1.2419456425734656,
                -0.16027014082032642, -2.7989943723868675, -0.1586044056932212,
                -0.03947099610752125, 1.67161556331473, 0.14066746639320726]),
        ],
    },
    'diag': {
        'outputs': [
            D([2, 2, 2], [1.0, 0.0, 0.0, 2.0, 3.0, 0.0, 0.0, 4.0]),
        ],
        'grads': [
            D([2, 2], [
                1.433004733688409, 0.9520393139139509, 1.0268199996642098,
                1.4004504661119568]),
        ],
        'hvp': [],
    },
    'diag_part_wide': {
        'outputs': [
            D([3], [1.0, 0.5, 1.0]),
        ],
        'grads': [
            D([3, 5], [
                1.433004733688409, 0.0, 0.0, 0.0, 0.0, 0.0, -0.6242202548207136,
                0.0, 0.0, 0.0, 0.0, 0.0, -1.2721500475656125, 0.0, 0.0]),
        ],
        'hvp': [],
    },
    'eye': {
        'outputs': [
            D([2, 3], [3.0, -0.0, 0.0, 0.0, 4.0, 0.0]),
            D([2, 2, 2], [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]),
        ],
        'grads': [
            D([3, 3], [
                1.433004733688409, -0.0, -0.0, 0.0, 1.0268199996642098, -0.0, 0.0,
                0.0, 0.0]),
        ],
        'hvp': [],
    },
    'inv': {
        'outputs': [
            D([3, 3], [
                0.25373134328358204, 0.09701492537313433, -0.08955223880597014,
                -0.16417910447761191, 0.23134328358208955, -0.05970149253731343,
                0.14925373134328357, -0.11940298507462685, 0.417910447761194]),
        ],
        'grads': [
            D([3, 3], [
                -0.020449103285735147, 0.03963454772632105, 0.00030418980258714937,
                -0.1537429304552856, 0.04402334967563211, 0.12162119937871504,
                0.09626049732301349, -0.1935579964330112, 0.001850474945685937]),
        ],
        'hvp': [
            D([3, 3], [
                0.001815446687777847, 0.073153750792428, -0.013997332732494098,
                0.07878418580466956, -0.02879139046638682, 0.06384614814596819,
                -0.05011403889961285, 0.018919861155944455, -0.06750612693569642]),
        ],
    },
    'inv_adjoint': {
        'outputs': [
            D([3, 3], [
                0.2537313432835821, -0.16417910447761191, 0.14925373134328357,
                0.0970149253731343, 0.23134328358208955, -0.11940298507462684,
                -0.08955223880597014, -0.05970149253731344, 0.417910447761194]),
        ],
        'grads': [
            D([3, 3], [
                -0.09163390287813558, 0.04908175746145027, 0.09554893815963399,
                -0.06422629256990373, -0.07317685003271897, -0.05402033866925404,
                0.23296808006672273, 0.05691087189363758, -0.0385733421448599]),
        ],
        'hvp': [],
    },
    'logdet': {
        'outputs': [
            D([], [2.7880929087757464]),
        ],
        'grads': [
            D([3, 3], [
                0.4409245334425874, -0.22046226672129374, -0.22046226672129374,
                -0.22046226672129374, 0.6834330268360106, 0.3968320800983287,
                -0.22046226672129374, 0.3968320800983287, 0.9700339735736924]),
        ],
        'hvp': [
            D([3, 3], [
                0.04415899358592219, -0.23622062649110587, -0.18180654405336386,
                -0.23622062649110587, 0.458697712046568, 0.4577406963087011,
                -0.18180654405336386, 0.4577406963087011, 0.2833675482994709]),
        ],
    },
    'matrix_transpose': {
        'outputs': [
            D([2, 3, 4], [
                1.0, -1.0, 0.5, 2.0, 2.0, 0.5, -2.0, 1.0, 0.5, 2.0, 1.0, -1.5, 1.0,
                -1.0, 0.5, 2.0, 2.0, 0.5, -2.0, 1.0, 0.5, 2.0, 1.0, -1.5]),
        ],
        'grads': [
            D([2, 4, 3], [
                1.433004733688409, 1.0268199996642098, 0.3524247278097346,
                -0.6242202548207136, -1.216639521092484, -1.4912664377757228,
                -1.2721500475656125, -0.7133053919939888, 0.03185821226046902,
                0.9520393139139509, 1.4004504661119568, 1.4830569272800038,
                -0.4140256518742006, -1.0723304531694975, -1.4505371577483013,
                -1.376367075797792, -0.9019537252217322, -0.1919455344411176,
                0.7687002915665564, 1.3047539963778139, 1.4999994083829997,
                1.1782814751343602, 0.5657329875350103, -0.1945877959922785]),
        ],
        'hvp': [],
    },
    'norm_1_matrix': {
        'outputs': [
            D([], [6.5]),
        ],
        'grads': [
            D([3, 3], [
                0.0, -1.433004733688409, 0.0, 0.0, 1.433004733688409, 0.0, -0.0,
                1.433004733688409, 0.0]),
        ],
        'hvp': [],
    },
    'norm_at_zero': {
        'outputs': [
            D([], [0.0]),
            D([], [0.0]),
        ],
        'grads': [
            D([3], [nan, nan, nan]),
        ],
        'hvp': [],
    },
    'norm_euclidean': {
        'outputs': [
            D([], [6.324555320336759]),
        ],
        'grads': [
            D([3, 3], [
                0.6797338284387591, -0.22657794281291968, 0.11328897140645984,
                0.45315588562583936, 0.9063117712516787, 0.22657794281291968,
                -0.11328897140645984, 0.33986691421937953, 0.5664448570322992]),
        ],
        'hvp': [
            D([3, 3], [
                0.1469230379120147, 0.0316555079112801, -0.18841385832692842,
                0.2199475945063846, -0.10239084875601345, -0.08084768061990218,
                0.21166701182441952, -0.20062435277046162, 0.05695169801511569]),
        ],
    },
    'norm_fro_axis': {
        'outputs': [
            D([1, 1], [6.324555320336759]),
        ],
        'grads': [
            D([3, 3], [
                0.6797338284387591, -0.22657794281291968, 0.11328897140645984,
                0.45315588562583936, 0.9063117712516787, 0.22657794281291968,
                -0.11328897140645984, 0.33986691421937953, 0.5664448570322992]),
        ],
        'hvp': [],
    },
    'norm_inf_matrix': {
        'outputs': [
            D([], [7.0]),
        ],
        'grads': [
            D([3, 3], [
                0.0, -0.0, 0.0, 1.433004733688409, 1.433004733688409,
                1.433004733688409, -0.0, 0.0, 0.0]),
        ],
        'hvp': [],
    },
    'norm_inf_ties': {
        'outputs': [
            D([2], [1.0, 2.0]),
        ],
        'grads': [
            D([2, 2], [
                0.7165023668442045, 0.3121101274103568, -0.7165023668442045,
                -0.3121101274103568]),
        ],
        'hvp': [],
    },
    'norm_p': {
        'outputs': [
            D([3], [3.019784972461592, 4.106361432738555, 2.6152673914105704]),
        ],
        'grads': [
            D([3, 3], [
                1.4096481082870227, -0.0904289683091288, 0.015985734176772095,
                -0.10334034686343739, -0.5845812802984524, -0.018268165009326636,
                0.020331672349085544, -0.3169394056031348, -1.1365750367202028]),
        ],
        'hvp': [],
    },
    'qr_batched': {
        'outputs': [
            D([2, 3, 3], [
                -0.824163383692134, 0.4639714268288745, 0.3247849012308155,
                -0.5494422557947561, -0.7941049420724966, -0.2598279209846524,
                0.13736056394868904, -0.39259120731673997, 0.9093977234462832,
                -0.9630868246861535, 0.17346724981969888, -0.20584674239815456,
                -0.2407717061715384, -0.8970734919247285, 0.37052413631667824,
                -0.1203858530857692, 0.406408985291866, 0.90572566655188]),
            D([2, 3, 3], [
                -3.640054944640259, -1.1675647935638571, -0.6181225377691006, 0.0,
                -4.22927800609397, -1.543597246949909, 0.0, 0.0, 2.176058838246463,
                -4.153311931459037, -1.5650160901149994, -0.48154341234307674, 0.0,
                -2.924162211246353, 1.7966250874183098, 0.0, 0.0,
                1.3380038255880047]),
        ],
        'grads': [
            D([2, 3, 3], [
                -1.4450398716344828, 1.1089063966980302, 0.5984357436410876,
                0.016034964660081214, -0.5668552746109152, 1.5735426639337282,
                1.8263325619442101, -0.15837476846496357, 0.6233929756503431,
                1.5564861478441494, -0.13145499847766157, -1.1093040252784772,
                0.2762393574277042, 0.9786645554335699, -1.3808544265652862,
                -0.6169785196119526, -1.1703233092385665, -0.6830550068516419]),
        ],
        'hvp': [
            D([2, 3, 3], [
                -0.6439055135152582, 0.14722283031652394, -0.4580372740540549,
                -0.2847952860357286, 0.16349276582804212, 0.08926462096026462,
                -0.7407309441833839, 0.40612744113789484, 0.21438192676714743,
                -0.11133094907962043, -0.09899543568720738, -0.15876492445765455,
                0.18977244661982465, -0.11505672494911207, 0.020328632592739163,
                -0.5817075599691973, -0.2128541132585509, 0.21674343352608183]),
        ],
    },
    'qr_tall': {
        'outputs': [
            D([4, 3], [
                -0.3999999999999999, -0.5570484990582331, -0.5042463696286443,
                0.39999999999999997, -0.31333978072025637, -0.6070591772814291,
                -0.19999999999999998, 0.7659416862050705, -0.6059683252108425,
                -0.7999999999999999, -0.06963106238227912, 0.10008567747631836]),
            D([3, 3], [
                -2.5, -0.9999999999999996, 1.5999999999999996, 0.0,
                -2.8722813232690143, -0.034815531191140225, 0.0, 0.0,
                -2.2223383808025003]),
        ],
        'grads': [
            D([4, 3], [
                0.4014063103956338, -0.11300186010677715, 1.1902372552053806,
                1.6947210726167583, -0.6880898060640378, -0.5527153730931404,
                -0.6277847042156764, 0.9990126110558136, -0.8639346453238075,
                -0.9876523599460302, 0.24297819278330857, 0.9346949066387066]),
        ],
        'hvp': [
            D([4, 3], [
                -1.6127175062135755, 0.04415166029108619, 0.2575978783335154,
                -1.4073797695194867, 0.9617193779454314, -0.12288083757284901,
                -0.21976928643531887, 0.5444626731053557, 0.5122607056707993,
                -0.5838407456730418, 0.314481955025813, 0.029354432796778268]),
        ],
    },
    'qr_wide': {
        'outputs': [
            D([3, 3], [
                -0.6666666666666667, -0.6231533203594519, 0.40894436648589044,
                0.6666666666666667, -0.25315603639602724, 0.7010474854043832,
                -0.33333333333333337, 0.739994567926849, 0.5842062378369859]),
            D([3, 5], [
                -1.5, -0.3333333333333335, 0.6666666666666669, 1.416666666666667,
                -1.166666666666667, 0.0, -2.852873794770615, -0.07789416504493141,
                0.7984151917105482, 1.4507788239618487, 0.0, 0.0,
                2.1907733918886976, 1.0807815399984237, 0.920124824593253]),
        ],
        'grads': [
            D([3, 5], [
                -2.427836698650817, 0.5812015197491435, -0.19390878416080232,
                -1.4171650771182118, 0.5590966195499518, -0.7122885140105065,
                -0.7146160254832068, -1.4928841630195988, -0.41942424875905326,
                1.6009651734728818, -0.8679178317846079, -0.7189743260025597,
                1.2184993849792434, -0.8606362850235367, -0.9967228911467685]),
        ],
        'hvp': [
            D([3, 5], [
                -1.2391822794373661, 1.3600202258554348, 0.7589061872424229,
                -0.12749141890588747, -0.7260530524505261, -0.9990038542618517,
                3.0916162007096584, -1.052891071571689, 0.3128876041337103,
                0.9722633813197963, 0.40972086203986396, 1.2002341147316584,
                -1.169213417451246, 0.05745021335524858, 1.1544091300773927]),
        ],
    },
    'qr_wide_full': {
        'outputs': [
            D([3, 3], [
                -0.6666666666666667, -0.6231533203594519, 0.40894436648589044,
                0.6666666666666667, -0.25315603639602724, 0.7010474854043832,
                -0.33333333333333337, 0.739994567926849, 0.5842062378369859]),
            D([3, 5], [
                -1.5, -0.3333333333333335, 0.6666666666666669, 1.416666666666667,
                -1.166666666666667, 0.0, -2.852873794770615, -0.07789416504493141,
                0.7984151917105482, 1.4507788239618487, 0.0, 0.0,
                2.1907733918886976, 1.0807815399984237, 0.920124824593253]),
        ],
        'grads': [
            D([3, 5], [
                -2.427836698650817, 0.5812015197491435, -0.19390878416080232,
                -1.4171650771182118, 0.5590966195499518, -0.7122885140105065,
                -0.7146160254832068, -1.4928841630195988, -0.41942424875905326,
                1.6009651734728818, -0.8679178317846079, -0.7189743260025597,
                1.2184993849792434, -0.8606362850235367, -0.9967228911467685]),
        ],
        'hvp': [],
    },
    'set_diag': {
        'outputs': [
            D([4, 3], [7.0, 2.0, 0.5, -1.0, 8.0, 2.0, 0.5, -2.0, 9.0, 2.0, 1.0, -1.5]),
        ],
        'grads': [
            D([4, 3], [
                0.0, -0.6242202548207136, -1.2721500475656125, 0.9520393139139509,
                0.0, -1.216639521092484, -0.7133053919939888, 1.4004504661119568,
                0.0, -1.4912664377757228, 0.03185821226046902, 1.4830569272800038]),
            D([3], [1.433004733688409, 1.0268199996642098, 0.3524247278097346]),
        ],
        'hvp': [],
    },
    'slogdet': {
        'outputs': [
            D([2], [1.0, 1.0]),
            D([2], [3.511545438831021, 2.7880929087757464]),
        ],
        'grads': [
            D([2, 3, 3], [
                0.36359821601049186, -0.23526943388914176, 0.21388130353558343,
                0.1390228472981292, 0.3315160204801543, -0.17110504282846672,
                -0.12832878212135007, -0.08555252141423339, 0.5988676498996336,
                -0.19206777071406572, 0.09603388535703287, 0.09603388535703287,
                0.09603388535703287, -0.2977050446068019, -0.17286099364265917,
                0.09603388535703287, -0.17286099364265917, -0.42254909557094467]),
        ],
        'hvp': [
            D([2, 3, 3], [
                0.010892218419678502, -0.048888865541981394, -0.2091885055265928,
                -0.09352174043391065, 0.02320584758845599, 0.05004278380398991,
                0.1889171621363553, -0.021842766936635838, 0.00913727520533871,
                0.07191683453198654, -0.08400886162982672, -0.14945498886669606,
                -0.08289034260496443, 0.054139643064320286, 0.12168934535540926,
                -0.07545654908417643, 0.2343182665251294, 0.32997774418699866]),
        ],
    },
    'solve': {
        'outputs': [
            D([3, 2], [
                0.12313432835820899, -0.4328358208955224, -0.16791044776119401,
                0.544776119402985, 0.925373134328358, -0.31343283582089543]),
        ],
        'grads': [
            D([3, 3], [
                -0.3041670235176339, 0.39221515961635933, -0.8271070914354376,
                0.16621473622863053, -0.21279465803356565, 0.3527324970610545,
                -0.2668692725276972, 0.3407588164608889, -0.508282147236577]),
            D([3, 2], [
                0.7257153879487581, -0.4962771939691109, -0.277885895009045,
                0.30495961012046974, 0.37673928027955034, -0.5093842136913593]),
        ],
        'hvp': [
            D([3, 3], [
                -0.13369569300665052, 0.29539177790447807, 0.25515921519888807,
                0.08138645253638842, -0.2039223104577133, 0.02004373719926729,
                -0.15000219150892757, 0.37063867275303153, -0.14668929411845116]),
            D([3, 2], [
                -0.09560077840184794, 0.14037897648672612, -0.07826456045301859,
                0.013668493117954822, 0.21485539740304058, -0.10456201472645865]),
        ],
    },
    'solve_adjoint': {
        'outputs': [
            D([3, 2], [
                0.47014925373134325, -0.6343283582089553, -0.026119402985074612,
                0.007462686567164204, 0.7164179104477612, 0.22388059701492533]),
        ],
        'grads': [
            D([3, 3], [
                -0.042456566824504716, 0.5285921823702061, -0.8274496653891331,
                0.0035512140503843595, -0.018383815167721227, 0.02610026182091027,
                -0.11580354488118291, 0.3347987794421616, -0.4093400791340399]),
            D([3, 2], [
                0.1482266442618092, 0.04293057216482761, -0.5908754896491989,
                0.39536701870244806, 0.7948986225075652, -0.7152899052254968]),
        ],
        'hvp': [],
    },
    'tf1_diag': {
        'outputs': [
            D([2, 2, 2, 2], [
                1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0,
                0.0, 0.0, 4.0]),
        ],
        'grads': [
            D([2, 2], [
                1.433004733688409, -1.216639521092484, 0.03185821226046902,
                1.1782814751343602]),
        ],
        'hvp': [],
    },
    'tf1_diag_part': {
        'outputs': [
            D([3], [3.0, 4.0, 2.5]),
        ],
        'grads': [
            D([3, 3], [
                1.433004733688409, 0.0, 0.0, 0.0, -0.6242202548207136, 0.0, 0.0,
                0.0, -1.2721500475656125]),
        ],
        'hvp': [],
    },
    'trace': {
        'outputs': [
            D([], [2.5]),
        ],
        'grads': [
            D([3, 5], [
                1.433004733688409, 0.0, 0.0, 0.0, 0.0, 0.0, 1.433004733688409, 0.0,
                0.0, 0.0, 0.0, 0.0, 1.433004733688409, 0.0, 0.0]),
        ],
        'hvp': [],
    },
    'triangular_solve': {
        'outputs': [
            D([3, 2], [
                0.3333333333333333, -0.6666666666666666, -0.04166666666666666,
                0.5833333333333333, 0.8916666666666666, -0.3833333333333333]),
        ],
        'grads': [
            D([3, 3], [
                -0.6666232335501314, 0.0, 0.0, 0.4376906750419184,
                -0.26496421270141995, 0.0, -0.4613465389132237,
                0.30099622158264977, -0.5527838597810824]),
            D([3, 2], [
                0.8608299191011067, -0.5695198907746437, -0.4720605118410346,
                0.42050575664236034, 0.4107279998656839, -0.48665580843699363]),
        ],
        'hvp': [
            D([3, 3], [
                0.1847160168174481, 0.0, 0.0, -0.08185485397443024,
                -0.28232359506643384, 0.0, 0.07949705821941698,
                0.30256565720678574, 0.20173004788451798]),
            D([3, 2], [
                -0.20227033547462853, 0.1983092226065451, 0.05240986834357692,
                -0.07797728729329342, -0.04071697941725424, 0.04824398273771507]),
        ],
    },
    'triangular_solve_upper_adjoint_broadcast': {
        'outputs': [
            D([2, 3, 2], [
                0.3333333333333333, -0.6666666666666666, 0.20833333333333331,
                0.08333333333333334, 0.65, 0.19999999999999996, 0.25, -0.5,
                0.08333333333333333, 0.5, 0.9791666666666666, 0.5]),
        ],
        'grads': [
            D([2, 3, 3], [
                -0.09437315132518935, 0.38002235767776543, -0.4613465389132237,
                0.0, 0.05767708325473532, -0.045013682602268006, 0.0, 0.0,
                -0.1696420382252959, 0.21270327131542632, -0.1556524818509509,
                0.36678195528744234, 0.0, 0.11472427807984321, -0.3720916573308538,
                0.0, 0.0, -0.38636148157252226]),
            D([3, 2], [
                0.057960101539473674, 0.3128268664128055, -0.29793490054450106,
                0.10976112254249587, 0.42665710599591844, 0.2548726552030083]),
        ],
        'hvp': [],
    },
}
ERRORS_EXPECTED = {
    'band_part_float_bound': ('TypeError',
                              ("Value passed to parameter 'num_lower' has DataType float32 not in"
                               ' list of allowed values: int32, int64')),
    'band_part_lower_too_big': ('InvalidArgumentError',
                                ('num_lower must be negative or less or equal to number of rows '
                                 '(3) got: 5')),
    'band_part_upper_too_big': ('InvalidArgumentError',
                                ('num_upper must be negative or less or equal to number of '
                                 'columns (3) got: 4')),
    'cholesky_not_square': ('ValueError',
                            'Dimensions must be equal, but are 3 and 2'),
    'det_not_square': ('ValueError',
                       'Dimensions must be equal, but are 2 and 3'),
    'det_rank1': ('ValueError',
                  'Shape must be at least rank 2 but is rank 1'),
    'diag_part_rank1': ('ValueError',
                        'Shape must be at least rank 2 but is rank 1'),
    'diag_scalar': ('ValueError',
                    'Shape must be at least rank 1 but is rank 0'),
    'inv_int': ('TypeError',
                ("Value passed to parameter 'input' has DataType int32 not in list of allowed "
                 'values: float64, float32, float16, complex64, complex128')),
    'inv_not_square': ('ValueError',
                       'Dimensions must be equal, but are 3 and 2'),
    'inv_singular': ('InvalidArgumentError',
                     'Input is not invertible.'),
    'matrix_transpose_rank1': ('ValueError',
                               ('Argument `a` should be a (batch) matrix with rank >= 2.  '
                                'Received `a` = Tensor("ones:0", shape=(3,), dtype=float32) with '
                                'shape: (3,)')),
    'norm_axis_repeated': ('ValueError',
                           ("'axis' must be None, an integer, or a tuple of 2 unique integers, "
                            'got (0, 0)')),
    'norm_matrix_3': ('ValueError',
                      ("'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf],"
                       ' got 3')),
    'norm_matrix_nuc': ('ValueError',
                        ("'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, "
                         'inf], got nuc')),
    'norm_vector_fro': ('ValueError',
                        "'ord' must be a supported vector norm, got fro"),
    'norm_vector_negative': ('ValueError',
                             "'ord' must be a supported vector norm, got -1"),
    'qr_full_tall_gradient': ('NotImplementedError',
                              ('QrGrad not implemented when nrows > ncols and full_matrices is '
                               'true. Received r.shape=(4, 3) with nrows=4and ncols=3.')),
    'slogdet_not_square': ('ValueError',
                           'Dimensions must be equal, but are 2 and 3'),
    'solve_batch_rank': ('ValueError',
                         'Shapes must be equal rank, but are 1 and 0'),
    'solve_not_square': ('ValueError',
                         'Dimensions must be equal, but are 2 and 3'),
    'solve_rows': ('ValueError',
                   'Dimensions must be equal, but are 3 and 2'),
    'solve_singular': ('InvalidArgumentError',
                       'Input matrix is not invertible.'),
    'tf1_diag_part_mismatch': ('ValueError',
                               'Dimensions must be equal, but are 2 and 3'),
    'tf1_diag_part_odd_rank': ('ValueError',
                               'Input must have even and non-zero rank, input rank is 3'),
    'triangular_solve_not_square': ('ValueError',
                                    'Dimensions must be equal, but are 2 and 3'),
    'triangular_solve_rows': ('ValueError',
                              'Dimensions must be equal, but are 3 and 2'),
}
