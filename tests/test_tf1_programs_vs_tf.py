"""Complete TF1-style programs, run unchanged through ``tensorweave.compat.v1``.

Each PROGRAM below is a whole tutorial-style script (placeholders, variables, a training
loop, prints). Its EXPECTED text is what the same script printed under TensorFlow 2.21
(``import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()``, CPU), recorded on
2026-12-06 and pasted here; the test runs the script with tensorweave and compares every
printed line: words, names, shapes and dtypes exactly, numbers to a relative 1e-4.
Unless a docstring line says otherwise, TF printed the same text under
``tf.disable_eager_execution()`` alone. Lines whose TF output depends on the header mode
(``x.shape`` shown as ``(?, 2)`` or ``(None, 2)``, ``float32_ref`` dtypes, variable class
names, the value of a variable fetched in the same run as its update) are left out of
these programs. TensorFlow is not needed to run these tests.
"""
# ruff: noqa: E501, W291 - programs and their recorded output pasted as they are
import contextlib
import io
import re

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

pytestmark = pytest.mark.usefixtures("fresh_graph")

_NUM = re.compile(r"(-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)")


def _same_line(got, want):
    g, w = _NUM.split(got), _NUM.split(want)
    if len(g) != len(w):
        return False
    for i, (a, b) in enumerate(zip(g, w)):
        if i % 2 == 0:
            if a != b:
                return False
        elif not np.isclose(float(a), float(b), rtol=1e-4, atol=1e-5):
            return False
    return True


def _run(name, tmp_path, monkeypatch, tf_module=tf):
    monkeypatch.chdir(tmp_path)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = compile(PROGRAMS[name], f"<{name}>", "exec")
        exec(code, {"tf": tf_module, "__name__": "__main__"})  # noqa: S102 - the program
    got = buf.getvalue().strip().split("\n")
    want = EXPECTED[name].strip().split("\n")
    assert len(got) == len(want), "\n".join(got)
    for g, w in zip(got, want):
        assert _same_line(g, w), f"tensorweave printed\n  {g}\nTF printed\n  {w}"


def test_twolayer(tmp_path, monkeypatch):
    """cs231n lecture 8: two-layer net with tf.gradients, assign and tf.group; the numpy-
    side update, the 'doesn't learn' version (no group) and the learning one. The learning
    numbers are TF's under disable_eager_execution(): under disable_v2_behavior() TF's ref
    variables let the w2 assign race the w1 gradient, so those last digits vary run to run
    there.
    """
    _run("p01_twolayer", tmp_path, monkeypatch)


def test_optimizer(tmp_path, monkeypatch):
    """the lecture net with GradientDescentOptimizer.minimize and tf.losses (mse with
    weights/reductions, absolute_difference, huber, get_total_loss).
    """
    _run("p02_optimizer", tmp_path, monkeypatch)


def test_softmax(tmp_path, monkeypatch):
    """softmax regression on 8x8 digit-like data: softmax_cross_entropy_with_logits_v2,
    argmax accuracy, the old -sum(y*log(y)) loss, sparse/v1 xent, in_top_k, tf.losses xent
    with label smoothing.
    """
    _run("p03_softmax", tmp_path, monkeypatch)


def test_mlp_decay(tmp_path, monkeypatch):
    """MLP with dropout(keep_prob placeholder), l2_loss weight decay, exponential_decay on
    a global_step, MomentumOptimizer; the other decay schedules.
    """
    _run("p04_mlp_decay", tmp_path, monkeypatch)


def test_convnet_saver(tmp_path, monkeypatch):
    """conv2d/bias_add/relu/max_pool net trained with Adam, Saver save (into a new folder)
    / restore / latest_checkpoint / list_variables / NewCheckpointReader / max_to_keep.
    """
    _run("p05_convnet_saver", tmp_path, monkeypatch)


def test_varscope(tmp_path, monkeypatch):
    """variable_scope sharing: reuse_variables, reuse=True, AUTO_REUSE, the three
    get_variable errors, name_scope vs variable_scope names, default_name, scope
    initializer and regularizer.
    """
    _run("p06_varscope", tmp_path, monkeypatch)


def test_batchnorm(tmp_path, monkeypatch):
    """batch norm under tf.cond(is_training): moments + ExponentialMovingAverage, and
    moving stats assigned under control_dependencies; fused_batch_norm. The cond output
    names (cond/Merge) are TF's under disable_v2_behavior(); under
    disable_eager_execution() TF names them cond/Identity.
    """
    _run("p07_batchnorm", tmp_path, monkeypatch)


def test_summary(tmp_path, monkeypatch):
    """scalar/histogram summaries, merge_all, FileWriter; the event file is read back
    below.
    """
    _run("p08_summary", tmp_path, monkeypatch)
    from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader
    from tensorboard.compat.proto import event_pb2
    files = list((tmp_path / "logs" / "train").glob("events*"))
    assert len(files) == 1
    seen = []
    for raw in RawEventFileLoader(str(files[0])).Load():
        ev = event_pb2.Event.FromString(raw)
        kind = ev.WhichOneof("what")
        if kind != "summary":
            seen.append((ev.step, kind))
            continue
        vals = []
        for v in ev.summary.value:
            if v.WhichOneof("value") == "simple_value":
                vals.append((v.tag, round(v.simple_value, 5)))
            else:
                h = v.histo
                vals.append((v.tag, h.num, round(h.min, 5), round(h.max, 5), round(h.sum, 5),
                             len(h.bucket), [round(b, 5) for b in h.bucket_limit][:3]))
        seen.append((ev.step, vals))
    # the events TF 2.21 wrote for this program (tags, steps, values, histogram buckets)
    assert seen == EVENTS_P08


def test_while(tmp_path, monkeypatch):
    """while_loop: Newton sqrt, shape_invariants, gradient through the loop, power
    iteration; scan/foldl/map_fn.
    """
    _run("p09_while", tmp_path, monkeypatch)


def test_metrics(tmp_path, monkeypatch):
    """tf.metrics accuracy/mean/precision/recall/auc/mean_per_class_accuracy in an eval
    loop with local_variables_initializer; confusion_matrix; dict fetches.
    """
    _run("p11_metrics", tmp_path, monkeypatch)


def test_interactive(tmp_path, monkeypatch):
    """InteractiveSession with Tensor.eval/Operation.run, namedtuple and string fetches,
    feed errors, report_uninitialized_variables.
    """
    _run("p12_interactive", tmp_path, monkeypatch)


def test_cs231n_runmodel(tmp_path, monkeypatch):
    """cs231n assignment 2 style run_model loop (hinge loss on one_hot, get_variable,
    VALID conv) with RMSProp, Adagrad, Adadelta, Adam, Nesterov momentum and
    clip_by_global_norm.
    """
    _run("p14_cs231n_runmodel", tmp_path, monkeypatch)


def test_embed_template(tmp_path, monkeypatch):
    """embedding_lookup + sigmoid/weighted cross entropy, variables shared by re-entering a
    variable_scope with reuse=True, Adagrad on the sparse embedding gradient,
    placeholder_with_default, gather, a Saver over one variable, one_hot, top_k."""
    _run("p15_embed_template", tmp_path, monkeypatch)


def test_make_template(tmp_path, monkeypatch):
    """The same program with ``tf.make_template``; TF printed the same text."""
    _run("p15t_make_template", tmp_path, monkeypatch)


def test_sparse_optimizers(tmp_path, monkeypatch):
    """Momentum, RMSProp, Adam, Adagrad, GD, Adadelta on an embedding: rows a batch does
    not look up keep their slots (TF's sparse updates)."""
    _run("p16_sparse_opt", tmp_path, monkeypatch)


def test_make_template_scopes_and_errors(tmp_path, monkeypatch):
    """make_template: keyword arguments bound to the function, a first call inside another
    scope, ``create_scope_now_``, the scope name and variable lists, and the error when a
    later call makes a new trainable variable."""
    _run("p17_template_edge", tmp_path, monkeypatch)


PROGRAMS = {}
EXPECTED = {}

PROGRAMS['p01_twolayer'] = r'''
import numpy as np
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:8], formatter={'float_kind': lambda f: '%.5g' % f}))
rng = np.random.RandomState(0)
N, D, H = 16, 20, 10
xv = rng.randn(N, D).astype(np.float32); yv = rng.randn(N, D).astype(np.float32)
w1v = (rng.randn(D, H) * 0.1).astype(np.float32); w2v = (rng.randn(H, D) * 0.1).astype(np.float32)

x = tf.placeholder(tf.float32, shape=(N, D))
y = tf.placeholder(tf.float32, shape=(N, D))
w1 = tf.Variable(w1v)
w2 = tf.Variable(w2v)
h = tf.maximum(tf.matmul(x, w1), 0)
y_pred = tf.matmul(h, w2)
diff = y_pred - y
loss = tf.reduce_mean(tf.reduce_sum(diff ** 2, axis=1))
grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])
print('names', x.name, w1.name, h.name, y_pred.name, diff.name, loss.name, grad_w1.name, grad_w2.name)
print('shapes', x.shape.as_list(), w1.shape.as_list(), loss.shape.as_list(), grad_w1.shape.as_list(), x.dtype, w1.dtype.base_dtype, grad_w1.dtype)

# version 1: numpy-side update
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = {x: xv, y: yv}
    out = sess.run([loss, grad_w1, grad_w2], feed_dict=values)
    loss_val, grad_w1_val, grad_w2_val = out
    show('v1 loss', loss_val); show('v1 gw1', grad_w1_val); show('v1 gw2', grad_w2_val)
    print('v1 types', type(loss_val).__name__, type(grad_w1_val).__name__)

learning_rate = 1e-2
new_w1 = w1.assign(w1 - learning_rate * grad_w1)
new_w2 = w2.assign(w2 - learning_rate * grad_w2)
print('assign', new_w1.shape.as_list())
# "doesn't learn" version
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = {x: xv, y: yv}
    ls = []
    for t in range(5):
        loss_val, = sess.run([loss], feed_dict=values)
        ls.append(loss_val)
    show('nolearn', ls)
updates = tf.group(new_w1, new_w2)
print('group', updates.name, type(updates).__name__, updates.type)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = {x: xv, y: yv}
    ls = []
    for t in range(20):
        loss_val, u = sess.run([loss, updates], feed_dict=values)
        ls.append(loss_val)
    print('update fetch', u)
    show('learn', ls)
    show('w1 final', sess.run(w1))
    r = sess.run(new_w1, feed_dict=values)
    show('assign fetch', r)
'''

# printed by TensorFlow 2.21 (disable_eager_execution())
EXPECTED['p01_twolayer'] = r'''
names Placeholder:0 Variable:0 Maximum:0 MatMul_1:0 sub:0 Mean:0 gradients/MatMul_grad/MatMul_1:0 gradients/MatMul_1_grad/MatMul_1:0
shapes [16, 20] [20, 10] [] [20, 10] <dtype: 'float32'> <dtype: 'float32'> <dtype: 'float32'>
v1 loss float32 () [20.375]
v1 gw1 float32 (20, 10) [0.085812 -0.19105 0.11249 -0.0079882 -0.32237 -0.066796 0.015656 0.074478]
v1 gw2 float32 (10, 20) [-0.0049845 0.13166 0.047713 0.031057 0.086727 0.078621 0.18124 0.24069]
v1 types float32 ndarray
assign [20, 10]
nolearn float32 (5,) [20.375 20.375 20.375 20.375 20.375]
group group_deps Operation NoOp
update fetch None
learn float32 (20,) [20.375 20.274 20.176 20.082 19.993 19.909 19.826 19.744]
w1 final float32 (20, 10) [-0.021724 0.14753 0.072113 -0.12991 -0.08796 -0.028362 0.079504 -0.023989]
assign fetch float32 (20, 10) [-0.022117 0.14731 0.070344 -0.1322 -0.087438 -0.029261 0.077756 -0.024515]
'''

PROGRAMS['p02_optimizer'] = r'''
import numpy as np
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:8], formatter={'float_kind': lambda f: '%.5g' % f}))
rng = np.random.RandomState(1)
N, D, H = 16, 12, 8
xv = rng.randn(N, D).astype(np.float32); yv = rng.randn(N, D).astype(np.float32)
k1 = (rng.randn(D, H) * 0.2).astype(np.float32); k2 = (rng.randn(H, D) * 0.2).astype(np.float32)
x = tf.placeholder(tf.float32, shape=(None, D))
y = tf.placeholder(tf.float32, shape=(None, D))
print('shape0', x.get_shape().as_list())
w1 = tf.Variable(k1, name='w1'); w2 = tf.Variable(k2, name='w2')
h = tf.maximum(tf.matmul(x, w1), 0)
y_pred = tf.matmul(h, w2)
loss = tf.losses.mean_squared_error(y_pred, y)
print('loss', loss.name, loss.shape, loss.dtype)
print('losscoll', [t.name for t in tf.get_collection(tf.GraphKeys.LOSSES)])
optimizer = tf.train.GradientDescentOptimizer(1e-1)
updates = optimizer.minimize(loss)
print('updates', updates.name, updates.type)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ls = []
    for t in range(20):
        loss_val, _ = sess.run([loss, updates], feed_dict={x: xv, y: yv})
        ls.append(loss_val)
    show('gd', ls)

# huber / absolute difference + weights
tf.reset_default_graph()
a = tf.constant(xv[:4, :3]); b = tf.constant(yv[:4, :3])
wts = tf.constant([[1.0], [0.0], [2.0], [0.5]])
with tf.Session() as sess:
    for nm, t in [('mse_w', tf.losses.mean_squared_error(a, b, weights=wts)),
                  ('abs', tf.losses.absolute_difference(a, b)),
                  ('huber', tf.losses.huber_loss(a, b, delta=0.5)),
                  ('mse_none', tf.losses.mean_squared_error(a, b, reduction=tf.losses.Reduction.NONE, loss_collection=None)),
                  ('mse_sum', tf.losses.mean_squared_error(a, b, weights=wts, reduction=tf.losses.Reduction.SUM)),
                  ('total', tf.losses.get_total_loss())]:
        show(nm + ' ' + t.name, sess.run(t))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p02_optimizer'] = r'''
shape0 [None, 12]
loss mean_squared_error/value:0 () <dtype: 'float32'>
losscoll ['mean_squared_error/value:0']
updates GradientDescent NoOp
gd float32 (20,) [1.1178 1.1065 1.0958 1.0855 1.0757 1.0662 1.0572 1.0484]
mse_w mean_squared_error/value:0 float32 () [1.1784]
abs absolute_difference/value:0 float32 () [1.0575]
huber huber_loss/value:0 float32 () [0.41088]
mse_none mean_squared_error_1/Mul:0 float32 (4, 3) [0.078576 2.9681 1.4095 1.0192 1.8951 7.7534 0.077003 0.061887]
mse_sum mean_squared_error_2/Sum:0 float32 () [10.605]
total total_loss:0 float32 () [13.252]
'''

PROGRAMS['p03_softmax'] = r'''
import numpy as np
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:8], formatter={'float_kind': lambda f: '%.5g' % f}))
rng = np.random.RandomState(3)
protos = rng.rand(10, 64).astype(np.float32) * 16
labels = np.arange(60) % 10
X = np.clip(protos[labels] + rng.randn(60, 64).astype(np.float32) * 4, 0, 16) / 16.
Y = np.eye(10, dtype=np.float32)[labels]
x = tf.placeholder(tf.float32, [None, 64], name='x')
y_ = tf.placeholder(tf.float32, [None, 10], name='y_')
W = tf.Variable(tf.zeros([64, 10]), name='W')
b = tf.Variable(tf.zeros([10]), name='b')
logits = tf.matmul(x, W) + b
y = tf.nn.softmax(logits)
xent = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits)
print('xent', xent.name, xent.shape.as_list(), y.name)
cross_entropy = tf.reduce_mean(xent)
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
print('correct', correct_prediction.dtype, correct_prediction.name, tf.argmax(y, 1).dtype)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
# old-style manual cross entropy
manual = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(30):
    bx = X[(i * 20) % 60:(i * 20) % 60 + 20]; by = Y[(i * 20) % 60:(i * 20) % 60 + 20]
    _, l = sess.run([train_step, cross_entropy], feed_dict={x: bx, y_: by})
    if i % 5 == 0:
        print(i, '%.5f' % l, '%.5f' % sess.run(accuracy, feed_dict={x: X, y_: Y}))
show('acc', sess.run(accuracy, feed_dict={x: X, y_: Y}))
show('manual', sess.run(manual, feed_dict={x: X, y_: Y}))
show('pred', sess.run(tf.argmax(y, 1), feed_dict={x: X[:8]}))
show('probs', sess.run(y, feed_dict={x: X[:1]}))
# sparse version
sp = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant(labels[:5]), logits=logits)
show('sparse', sess.run(sp, feed_dict={x: X[:5]}))
show('v1xent', sess.run(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits), feed_dict={x: X[:3], y_: Y[:3]}))
show('in_top_k', sess.run(tf.nn.in_top_k(logits, tf.constant(labels[:6]), 2), feed_dict={x: X[:6]}))
show('losses.softmax', sess.run(tf.losses.softmax_cross_entropy(Y[:6], logits, label_smoothing=0.1), feed_dict={x: X[:6]}))
show('losses.sparse', sess.run(tf.losses.sparse_softmax_cross_entropy(labels[:6], logits), feed_dict={x: X[:6]}))
sess.close()
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p03_softmax'] = r'''
xent softmax_cross_entropy_with_logits/Reshape_2:0 [None] Softmax:0
correct <dtype: 'bool'> Equal:0 <dtype: 'int64'>
0 2.30259 0.86667
5 1.51602 1.00000
10 0.97829 1.00000
15 0.64512 1.00000
20 0.46754 1.00000
25 0.36552 1.00000
acc float32 () [1]
manual float32 () [0.28241]
pred int64 (8,) [0 1 2 3 4 5 6 7]
probs float32 (1, 10) [0.76456 0.060382 0.021292 0.027458 0.0088626 0.012193 0.031691 0.020139]
sparse float32 (5,) [0.26846 0.31762 0.2583 0.3799 0.14158]
v1xent float32 (3,) [0.26846 0.31762 0.2583]
in_top_k bool (6,) [ True  True  True  True  True  True]
losses.softmax float32 () [0.58477]
losses.sparse float32 () [0.26426]
'''

PROGRAMS['p04_mlp_decay'] = r'''
import numpy as np
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:8], formatter={'float_kind': lambda f: '%.5g' % f}))
rng = np.random.RandomState(4)
X = rng.randn(40, 6).astype(np.float32); labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(np.int64)
Wa = (rng.randn(6, 16) * 0.3).astype(np.float32); Wb = (rng.randn(16, 2) * 0.3).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 6]); yl = tf.placeholder(tf.int64, [None])
keep_prob = tf.placeholder(tf.float32)
W1 = tf.Variable(Wa); b1 = tf.Variable(tf.constant(0.1, shape=[16]))
W2 = tf.Variable(Wb); b2 = tf.Variable(tf.zeros([2]))
h1 = tf.nn.relu(tf.matmul(x, W1) + b1)
h1_drop = tf.nn.dropout(h1, keep_prob)
print('drop', h1_drop.shape.as_list())
logits = tf.matmul(h1_drop, W2) + b2
data_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yl, logits=logits))
reg = 5e-3 * (tf.nn.l2_loss(W1) + tf.nn.l2_loss(W2))
loss = data_loss + reg
global_step = tf.Variable(0, trainable=False, name='global_step')
print('gs', global_step.dtype.base_dtype, global_step.name)
lr = tf.train.exponential_decay(0.5, global_step, 3, 0.8, staircase=True)
lr2 = tf.train.exponential_decay(0.5, global_step, 3, 0.8)
print('lr', lr.name, lr.dtype, lr2.name)
opt = tf.train.MomentumOptimizer(lr, 0.9)
train_op = opt.minimize(loss, global_step=global_step)
print('train_op', train_op.name)
print('slots', opt.get_slot_names(), opt.get_slot(W1, 'momentum').name)
print('gvars', [v.name for v in tf.global_variables()])
acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), yl), tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(10):
        bi = np.arange(step * 8, step * 8 + 8) % 40
        _, l, r, lrv = sess.run([train_op, loss, reg, lr], {x: X[bi], yl: labels[bi], keep_prob: 1.0})
        gsv = sess.run(global_step)
        print(step, '%.5f %.6f %.5f' % (l, r, lrv), gsv, type(gsv).__name__)
    print('gs final', sess.run(global_step), tf.train.global_step(sess, global_step))
    show('lr2', sess.run(lr2))
    show('acc', sess.run(acc, {x: X, yl: labels, keep_prob: 1.0}))
    d = sess.run(h1_drop, {x: X[:2], keep_prob: 0.5})
    print('dropout scale ok', bool(np.all((d == 0) | np.isclose(d, 2 * sess.run(h1, {x: X[:2]})))))
    for nm, t in [('poly', tf.train.polynomial_decay(0.1, global_step, 20, 0.01, power=2.0)),
                  ('pc', tf.train.piecewise_constant(global_step, [5, 15], [1.0, 0.5, 0.1])),
                  ('inv', tf.train.inverse_time_decay(0.1, global_step, 2, 0.5)),
                  ('nat', tf.train.natural_exp_decay(0.1, global_step, 2, 0.5, staircase=True)),
                  ('cos', tf.train.cosine_decay(0.1, global_step, 20))]:
        show(nm, sess.run(t))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p04_mlp_decay'] = r'''
drop [None, 16]
gs <dtype: 'int32'> global_step:0
lr ExponentialDecay:0 <dtype: 'float32'> ExponentialDecay_1:0
train_op Momentum
slots ['momentum'] Variable/Momentum:0
gvars ['Variable:0', 'Variable_1:0', 'Variable_2:0', 'Variable_3:0', 'global_step:0', 'Variable/Momentum:0', 'Variable_1/Momentum:0', 'Variable_2/Momentum:0', 'Variable_3/Momentum:0']
0 0.77416 0.028440 0.50000 1 int32
1 0.64774 0.028005 0.50000 2 int32
2 0.90609 0.028312 0.50000 3 int32
3 0.30040 0.028899 0.40000 4 int32
4 0.69343 0.031587 0.40000 5 int32
5 0.28885 0.034774 0.40000 6 int32
6 0.94619 0.039605 0.32000 7 int32
7 0.56449 0.042611 0.32000 8 int32
8 0.41661 0.045647 0.32000 9 int32
9 0.85661 0.049580 0.25600 10 int32
gs final 10 10
lr2 float32 () [0.23765]
acc float32 () [0.8]
dropout scale ok True
poly float32 () [0.0325]
pc float32 () [0.5]
inv float32 () [0.028571]
nat float32 () [0.0082085]
cos float32 () [0.05]
'''

PROGRAMS['p05_convnet_saver'] = r'''
import numpy as np, os
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:6], formatter={'float_kind': lambda f: '%.5g' % f}))
rng = np.random.RandomState(5)
X = rng.rand(8, 8, 8, 1).astype(np.float32); Y = np.eye(3, dtype=np.float32)[np.arange(8) % 3]
cw1 = (rng.randn(3, 3, 1, 4) * 0.3).astype(np.float32); cw2 = (rng.randn(3, 3, 4, 6) * 0.2).astype(np.float32)
fw = (rng.randn(2 * 2 * 6, 3) * 0.2).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 8, 8, 1], name='images')
y = tf.placeholder(tf.float32, [None, 3], name='labels')
def conv_layer(inp, w0, name):
    with tf.name_scope(name):
        W = tf.Variable(w0, name='W'); b = tf.Variable(tf.constant(0.1, shape=[w0.shape[-1]]), name='b')
        c = tf.nn.conv2d(inp, W, strides=[1, 1, 1, 1], padding='SAME')
        a = tf.nn.relu(tf.nn.bias_add(c, b))
        return tf.nn.max_pool(a, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
h1 = conv_layer(x, cw1, 'conv1'); h2 = conv_layer(h1, cw2, 'conv2')
print('h', h1.name, h1.shape.as_list(), h2.name, h2.shape.as_list())
flat = tf.reshape(h2, [-1, 2 * 2 * 6])
Wf = tf.Variable(fw, name='fc_W'); bf = tf.Variable(tf.zeros([3]), name='fc_b')
logits = tf.matmul(flat, Wf) + bf
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train = tf.train.AdamOptimizer(1e-2).minimize(loss)
print('vars', [v.name for v in tf.global_variables()])
saver = tf.train.Saver()
ck = os.path.join(os.getcwd(), 'ckpt', 'model.ckpt')
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        l, _ = sess.run([loss, train], {x: X, y: Y})
        print(i, '%.5f' % l)
    p = saver.save(sess, ck, global_step=4)
    print('saved', os.path.relpath(p), os.path.relpath(tf.train.latest_checkpoint(os.path.dirname(ck))))
    print('ckvars', tf.train.list_variables(os.path.dirname(ck)))
    saved_loss = sess.run(loss, {x: X, y: Y})
    for i in range(3):
        sess.run(train, {x: X, y: Y})
    print('after more %.5f' % sess.run(loss, {x: X, y: Y}))
    saver.restore(sess, p)
    print('restored %.5f %.5f' % (sess.run(loss, {x: X, y: Y}), saved_loss))
with tf.Session() as sess2:
    saver.restore(sess2, tf.train.latest_checkpoint(os.path.dirname(ck)))
    show('restored W', sess2.run(tf.global_variables()[0]))
    show('logits', sess2.run(logits, {x: X[:2]}))
    r = tf.train.NewCheckpointReader(p)
    show('reader beta1', r.get_tensor('beta1_power'))
    print(sorted(r.get_variable_to_shape_map().items())[:4])
saver2 = tf.train.Saver({'fcw': Wf}, max_to_keep=2)
with tf.Session() as s3:
    s3.run(tf.global_variables_initializer())
    for k in range(3):
        saver2.save(s3, os.path.join(os.getcwd(), 'c2', 'm'), global_step=k)
    print('kept', sorted(os.listdir('c2')))
    print('last', [os.path.basename(c) for c in saver2.last_checkpoints])
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p05_convnet_saver'] = r'''
h conv1/MaxPool:0 [None, 4, 4, 4] conv2/MaxPool:0 [None, 2, 2, 6]
vars ['conv1/W:0', 'conv1/b:0', 'conv2/W:0', 'conv2/b:0', 'fc_W:0', 'fc_b:0', 'beta1_power:0', 'beta2_power:0', 'conv1/W/Adam:0', 'conv1/W/Adam_1:0', 'conv1/b/Adam:0', 'conv1/b/Adam_1:0', 'conv2/W/Adam:0', 'conv2/W/Adam_1:0', 'conv2/b/Adam:0', 'conv2/b/Adam_1:0', 'fc_W/Adam:0', 'fc_W/Adam_1:0', 'fc_b/Adam:0', 'fc_b/Adam_1:0']
0 1.14843
1 1.07299
2 1.04131
3 1.02003
saved ckpt/model.ckpt-4 ckpt/model.ckpt-4
ckvars [('beta1_power', []), ('beta2_power', []), ('conv1/W', [3, 3, 1, 4]), ('conv1/W/Adam', [3, 3, 1, 4]), ('conv1/W/Adam_1', [3, 3, 1, 4]), ('conv1/b', [4]), ('conv1/b/Adam', [4]), ('conv1/b/Adam_1', [4]), ('conv2/W', [3, 3, 4, 6]), ('conv2/W/Adam', [3, 3, 4, 6]), ('conv2/W/Adam_1', [3, 3, 4, 6]), ('conv2/b', [6]), ('conv2/b/Adam', [6]), ('conv2/b/Adam_1', [6]), ('fc_W', [24, 3]), ('fc_W/Adam', [24, 3]), ('fc_W/Adam_1', [24, 3]), ('fc_b', [3]), ('fc_b/Adam', [3]), ('fc_b/Adam_1', [3])]
after more 0.94784
restored 1.00473 1.00473
restored W float32 (3, 3, 1, 4) [-0.24004 0.17074 0.13677 -0.1427 0.22297 -0.14655]
logits float32 (2, 3) [0.22211 -0.15409 -0.47937 0.1987 0.16107 -0.52889]
reader beta1 float32 () [0.59049]
[('beta1_power', []), ('beta2_power', []), ('conv1/W', [3, 3, 1, 4]), ('conv1/W/Adam', [3, 3, 1, 4])]
kept ['checkpoint', 'm-1.data-00000-of-00001', 'm-1.index', 'm-1.meta', 'm-2.data-00000-of-00001', 'm-2.index', 'm-2.meta']
last ['m-1', 'm-2']
'''

PROGRAMS['p06_varscope'] = r'''
import numpy as np
def layer(x, n_out):
    w = tf.get_variable('weights', [x.shape[1], n_out], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable('biases', [n_out], initializer=tf.zeros_initializer())
    return tf.nn.relu(tf.matmul(x, w) + b)
x1 = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
x2 = tf.constant(np.ones((2, 3), np.float32))
with tf.variable_scope('image_filters') as scope:
    r1 = layer(x1, 4)
    scope.reuse_variables()
    r2 = layer(x2, 4)
print('scope', scope.name, scope.reuse, scope.original_name_scope)
print('r', r1.name, r2.name)
with tf.variable_scope('image_filters', reuse=True):
    w = tf.get_variable('weights')
print('w', w.name, w.shape, type(w).__name__ == type(tf.global_variables()[0]).__name__)
def f(x):
    with tf.variable_scope('shared', reuse=tf.AUTO_REUSE):
        v = tf.get_variable('v', [3], initializer=tf.constant_initializer([1., 2., 3.]))
        return x * v
a = f(x1); b = f(x2)
print('vars', [v.name for v in tf.global_variables()])
print('ab', a.name, b.name)
try:
    with tf.variable_scope('image_filters'):
        tf.get_variable('weights', [3, 4])
except ValueError as e:
    print('ValueError1', str(e).split('?')[0])
try:
    with tf.variable_scope('nope', reuse=True):
        tf.get_variable('zz', [1])
except ValueError as e:
    print('ValueError2', str(e).split('\n')[0])
try:
    with tf.variable_scope('image_filters', reuse=True):
        tf.get_variable('weights', [5, 4])
except ValueError as e:
    print('ValueError3', str(e).split('\n')[0])
with tf.variable_scope('foo'):
    with tf.variable_scope('bar'):
        v = tf.get_variable('v', [1])
        c = tf.constant(1.0, name='c')
    with tf.name_scope('ns'):
        v2 = tf.get_variable('v2', [1]); c2 = tf.add(c, 1.0, name='c2')
print('nested', v.name, c.name, v2.name, c2.name)
with tf.variable_scope('foo', reuse=True):
    with tf.variable_scope('bar'):
        print('reuse inherit', tf.get_variable('v').name, tf.get_variable_scope().reuse)
with tf.variable_scope('foo'):
    c3 = tf.constant(2.0, name='c')
print('reopen', c3.name)
with tf.variable_scope(None, default_name='layer'):
    d1 = tf.get_variable('k', [1])
with tf.variable_scope(None, default_name='layer'):
    d2 = tf.get_variable('k', [1])
print('default', d1.name, d2.name)
with tf.variable_scope('init', initializer=tf.constant_initializer(0.25)):
    iv = tf.get_variable('iv', [2]); iv2 = tf.get_variable('iv2', [2], initializer=tf.ones_initializer())
with tf.variable_scope('reg', regularizer=lambda t: tf.reduce_sum(t) * 0.1):
    rv = tf.get_variable('rv', [2], initializer=tf.constant_initializer(3.0))
print('regloss', [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(r1), sess.run(r2))
    print(sess.run([a, b]))
    print(sess.run([iv, iv2]), sess.run(tf.losses.get_regularization_loss()))
    print(sess.run(tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))))
print('trainable', len(tf.trainable_variables()), [v.name for v in tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='foo')])
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p06_varscope'] = r'''
scope image_filters True image_filters/
r image_filters/Relu:0 image_filters/Relu_1:0
w image_filters/weights:0 (3, 4) True
vars ['image_filters/weights:0', 'image_filters/biases:0', 'shared/v:0']
ab shared/mul:0 shared_1/mul:0
ValueError1 Variable image_filters/weights already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope
ValueError2 Variable nope/zz does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?
ValueError3 Trying to share variable image_filters/weights, but specified shape (5, 4) and found shape (3, 4).
nested foo/bar/v:0 foo/bar/c:0 foo/v2:0 foo/ns/c2:0
reuse inherit foo/bar/v:0 True
reopen foo_2/c:0
default layer/k:0 layer_1/k:0
regloss ['reg/rv/Regularizer/mul:0']
[[1.5 1.5 1.5 1.5]
 [6.  6.  6.  6. ]] [[1.5 1.5 1.5 1.5]
 [1.5 1.5 1.5 1.5]]
[array([[ 0.,  2.,  6.],
       [ 3.,  8., 15.]], dtype=float32), array([[1., 2., 3.],
       [1., 2., 3.]], dtype=float32)]
[array([0.25, 0.25], dtype=float32), array([1., 1.], dtype=float32)] 0.6
0.6
trainable 10 ['foo/bar/v:0', 'foo/v2:0']
'''

PROGRAMS['p07_batchnorm'] = r'''
import numpy as np
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:6], formatter={'float_kind': lambda f: '%.5g' % f}))
rng = np.random.RandomState(7)
X = (rng.randn(32, 5) * 2 + 1).astype(np.float32); Yv = (X.sum(1, keepdims=True) > 5).astype(np.float32)
W0 = (rng.randn(5, 4) * 0.5).astype(np.float32); W1 = (rng.randn(4, 1) * 0.5).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 5]); y = tf.placeholder(tf.float32, [None, 1])
is_training = tf.placeholder(tf.bool, name='is_training')
W = tf.Variable(W0); h = tf.matmul(x, W)
gamma = tf.Variable(tf.ones([4])); beta = tf.Variable(tf.zeros([4]))
batch_mean, batch_var = tf.nn.moments(h, [0], name='moments')
print('moments', batch_mean.name, batch_var.name, batch_mean.shape)
ema = tf.train.ExponentialMovingAverage(decay=0.5)
def mean_var_with_update():
    ema_apply_op = ema.apply([batch_mean, batch_var])
    with tf.control_dependencies([ema_apply_op]):
        return tf.identity(batch_mean), tf.identity(batch_var)
mean, var = tf.cond(is_training, mean_var_with_update, lambda: (ema.average(batch_mean), ema.average(batch_var)))
print('cond', mean.name, var.name, mean.shape)
print('ema vars', [v.name for v in tf.global_variables()], ema.average_name(batch_mean))
hn = tf.nn.batch_normalization(h, mean, var, beta, gamma, 1e-3)
out = tf.matmul(tf.nn.relu(hn), tf.Variable(W1))
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=out))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        bx = X[i * 6:i * 6 + 8]; by = Yv[i * 6:i * 6 + 8]
        l, _ = sess.run([loss, train], {x: bx, y: by, is_training: True})
        print(i, '%.5f' % l)
    show('ema mean', sess.run(ema.average(batch_mean)))
    show('ema var', sess.run(ema.average(batch_var)))
    show('test loss', sess.run(loss, {x: X, y: Yv, is_training: False}))
    show('train-mode loss', sess.run(loss, {x: X, y: Yv, is_training: True}))
# variant 2: moving stats assigned manually with control_dependencies
tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 5]); is_training = tf.placeholder(tf.bool)
pop_mean = tf.Variable(tf.zeros([5]), trainable=False); pop_var = tf.Variable(tf.ones([5]), trainable=False)
scale = tf.Variable(tf.ones([5])); offs = tf.Variable(tf.zeros([5]))
def train_bn():
    bm, bv = tf.nn.moments(x, [0])
    tm = tf.assign(pop_mean, pop_mean * 0.9 + bm * 0.1)
    tv = tf.assign(pop_var, pop_var * 0.9 + bv * 0.1)
    with tf.control_dependencies([tm, tv]):
        return tf.nn.batch_normalization(x, bm, bv, offs, scale, 1e-3)
def test_bn():
    return tf.nn.batch_normalization(x, pop_mean, pop_var, offs, scale, 1e-3)
bn = tf.cond(is_training, train_bn, test_bn)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        o = sess.run(bn, {x: X[i * 8:i * 8 + 8], is_training: True})
    show('bn out', o)
    show('pop', sess.run([pop_mean, pop_var]))
    show('bn test', sess.run(bn, {x: X[:2], is_training: False}))
    m, v = sess.run(tf.nn.moments(tf.constant(X.reshape(4, 8, 5)), axes=[0, 1], keep_dims=True))
    show('moments kd', m); show('moments v', v)
    fb = sess.run(tf.nn.fused_batch_norm(tf.constant(X.reshape(2, 4, 4, 5)), tf.ones([5]), tf.zeros([5]), epsilon=1e-3))
    show('fused y', fb[0]); show('fused m', fb[1]); show('fused v', fb[2])
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p07_batchnorm'] = r'''
moments moments/Squeeze:0 moments/Squeeze_1:0 (4,)
cond cond/Merge:0 cond/Merge_1:0 (4,)
ema vars ['Variable:0', 'Variable_1:0', 'Variable_2:0', 'moments/Squeeze/ExponentialMovingAverage:0', 'moments/Squeeze_1/ExponentialMovingAverage:0'] moments/Squeeze/ExponentialMovingAverage
0 0.75349
1 0.61955
2 0.56861
3 0.65887
4 0.74006
ema mean float32 (4,) [-0.51237 0.8968 -0.96419 -0.039996]
ema var float32 (4,) [2.0007 1.3683 2.1558 1.6242]
test loss float32 () [0.65612]
train-mode loss float32 () [0.6547]
bn out float32 (8, 5) [1.4993 0.24401 -0.097249 -0.91191 -0.20447 -0.90246]
pop float32 (2, 5) [0.22923 0.3119 0.35451 0.47077 0.10255 1.7656]
bn test float32 (2, 5) [3.1237 -0.20997 0.56355 1.0686 -0.5198 0.58301]
moments kd float32 (1, 1, 5) [0.78362 0.83651 1.0783 1.5857 0.42765]
moments v float32 (1, 1, 5) [4.0265 3.3058 3.6384 3.7738 3.8156]
fused y float32 (2, 4, 4, 5) [1.7926 -0.42254 -0.0066197 0.11804 -0.51468 0.10988]
fused m float32 (5,) [0.78362 0.83651 1.0783 1.5857 0.42765]
fused v float32 (5,) [4.1564 3.4125 3.7558 3.8956 3.9387]
'''

PROGRAMS['p08_summary'] = r'''
import numpy as np, os
x = tf.placeholder(tf.float32, [None, 2], name='x')
W = tf.Variable([[0.5], [-0.3]], name='W'); b = tf.Variable(0.1, name='b')
yv = np.array([[1.0], [0.0], [2.0]], np.float32); xv = np.array([[1, 2], [0, 1], [3, 1]], np.float32)
pred = tf.matmul(x, W) + b
with tf.name_scope('loss'):
    loss = tf.reduce_mean(tf.square(pred - yv))
    s_loss = tf.summary.scalar('mse', loss)
s_b = tf.summary.scalar('bias', b)
s_h = tf.summary.histogram('weights', W)
print('summ', s_loss.name, s_b.name, s_h.name, s_loss.dtype, s_loss.shape)
merged = tf.summary.merge_all()
print('merged', merged.name, [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)])
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
with tf.Session() as sess:
    writer = tf.summary.FileWriter('logs/train', sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        s, l, _ = sess.run([merged, loss, train], {x: xv})
        print(step, type(s).__name__, '%.5f' % l)
        writer.add_summary(s, step)
    one = sess.run(tf.summary.merge([s_b]))
    writer.add_summary(one, 10)
    writer.flush(); writer.close()
print('files', [f.split('.')[0] for f in os.listdir('logs/train')])
summ = tf.Summary(); summ.ParseFromString(s)
print('parsed', [(v.tag, round(v.simple_value, 5) if v.HasField('simple_value') else 'histo') for v in summ.value])
h = [v.histo for v in summ.value if v.HasField('histo')][0]
print('histo', h.min, h.max, h.num, round(h.sum, 5), round(h.sum_squares, 5))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p08_summary'] = r'''
summ loss/mse:0 bias:0 weights:0 <dtype: 'string'> ()
merged Merge/MergeSummary:0 ['loss/mse:0', 'bias:0', 'weights:0']
0 bytes 0.51000
1 bytes 0.15470
2 bytes 0.07181
3 bytes 0.05046
4 bytes 0.04335
files ['events']
parsed [('loss/mse', 0.04335), ('bias', 0.21498), ('weights', 'histo')]
histo -0.10259667038917542 0.6689167022705078 2.0 0.56632 0.45798
'''

PROGRAMS['p09_while'] = r'''
import numpy as np
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:6], formatter={'float_kind': lambda f: '%.6g' % f}))
# Newton sqrt
a = tf.placeholder(tf.float32, [3])
def cond(i, g):
    return i < 6
def body(i, g):
    return i + 1, 0.5 * (g + a / g)
i_fin, g_fin = tf.while_loop(cond, body, [tf.constant(0), tf.ones([3])])
print('names', g_fin.shape.as_list())
# growing shape with shape_invariants
c0 = tf.constant([1.0])
_, grown = tf.while_loop(lambda j, c: j < 4, lambda j, c: (j + 1, tf.concat([c, c * 2.0], 0)), [0, c0],
                         shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
print('grown shape', grown.shape.as_list())
# gradient through while loop: x^(2^k)
xv = tf.Variable(1.1)
_, p = tf.while_loop(lambda k, y: k < 3, lambda k, y: (k + 1, y * y), [0, xv])
gp = tf.gradients(p, xv)[0]
# power iteration
M = tf.constant([[2.0, 1.0], [1.0, 3.0]])
def pi_body(k, v):
    w = tf.matmul(M, v)
    return k + 1, w / tf.norm(w)
_, ev = tf.while_loop(lambda k, v: k < 20, pi_body, [tf.constant(0), tf.constant([[1.0], [0.0]])])
rq = tf.reduce_sum(ev * tf.matmul(M, ev))
# scan / foldl / map_fn
cs = tf.scan(lambda acc, e: acc + e, tf.constant([1.0, 2.0, 3.0, 4.0]))
fl = tf.foldl(lambda acc, e: acc * e, tf.constant([1.0, 2.0, 3.0, 4.0]))
mp = tf.map_fn(lambda r: tf.reduce_sum(r * r), tf.constant([[1.0, 2.0], [3.0, 4.0]]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run([i_fin, g_fin], {a: [2.0, 9.0, 10.0]})
    print(r[0], type(r[0]).__name__); show('sqrt', r[1])
    show('grown', sess.run(grown))
    show('p gp', sess.run([p, gp]))
    show('eig', sess.run([rq]))
    show('scan', sess.run(cs)); show('foldl', sess.run(fl)); show('map', sess.run(mp))
    print('scan dtype', mp.dtype)
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p09_while'] = r'''
names [3]
grown shape [None]
6 int32
sqrt float32 (3,) [1.41421 3 3.16228]
grown float32 (16,) [1 2 2 4 2 4]
p gp float32 (2,) [2.14359 15.5897]
eig float32 (1,) [3.61803]
scan float32 (4,) [1 3 6 10]
foldl float32 () [24]
map float32 (2,) [5 25]
scan dtype <dtype: 'float32'>
'''

PROGRAMS['p11_metrics'] = r'''
import numpy as np
rng = np.random.RandomState(11)
X = rng.randn(30, 4).astype(np.float32); L = (X[:, 0] - X[:, 3] > 0).astype(np.int64)
Wv = np.array([[-1.0, 0.6], [0.9, -0.7], [0.3, 0.3], [0.8, -0.9]], np.float32)
x = tf.placeholder(tf.float32, [None, 4]); labels = tf.placeholder(tf.int64, [None])
logits = tf.matmul(x, tf.Variable(Wv))
pred = tf.argmax(logits, 1)
acc, acc_op = tf.metrics.accuracy(labels=labels, predictions=pred)
print('acc', acc.name, acc_op.name, acc.dtype)
mean_l, mean_op = tf.metrics.mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
prec, prec_op = tf.metrics.precision(labels, pred)
rec, rec_op = tf.metrics.recall(labels, pred)
auc, auc_op = tf.metrics.auc(labels, tf.nn.softmax(logits)[:, 1], num_thresholds=50)
mpca, mpca_op = tf.metrics.mean_per_class_accuracy(labels, pred, 2)
cm = tf.confusion_matrix(labels, pred, num_classes=2)
print('locals', [v.name for v in tf.local_variables()])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.local_variables_initializer())
    for i in range(3):
        fd = {x: X[i * 10:(i + 1) * 10], labels: L[i * 10:(i + 1) * 10]}
        r = sess.run([acc_op, mean_op, prec_op, rec_op, auc_op, mpca_op], fd)
        print(i, ['%.5f' % float(np.asarray(v).ravel()[0]) for v in r])
    print('final', ['%.5f' % v for v in sess.run([acc, mean_l, prec, rec, auc])], sess.run(mpca))
    print('cm', sess.run(cm, {x: X, labels: L}).tolist())
    sess.run(tf.local_variables_initializer())
    print('reset', sess.run(acc))
    out = sess.run({'acc': acc_op, 'pair': (acc, pred)}, {x: X[:5], labels: L[:5]})
    print('dict fetch', sorted(out.keys()), '%.4f' % out['acc'], type(out['pair']).__name__, out['pair'][1].tolist())
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p11_metrics'] = r'''
acc accuracy/value:0 accuracy/update_op:0 <dtype: 'float32'>
locals ['accuracy/total:0', 'accuracy/count:0', 'mean/total:0', 'mean/count:0', 'precision/true_positives/count:0', 'precision/false_positives/count:0', 'recall/true_positives/count:0', 'recall/false_negatives/count:0', 'auc/true_positives:0', 'auc/false_negatives:0', 'auc/true_negatives:0', 'auc/false_positives:0', 'mean_accuracy/total:0', 'mean_accuracy/count:0']
0 ['0.80000', '0.32916', '0.83333', '0.83333', '0.91667', '0.75000']
1 ['0.85000', '0.30487', '0.83333', '0.90909', '0.95455', '0.77778']
2 ['0.86667', '0.28637', '0.83333', '0.93750', '0.96205', '0.78571']
final ['0.86667', '0.28637', '0.83333', '0.93750', '0.96205'] 0.86160713
cm [[11, 3], [1, 15]]
reset 0.0
dict fetch ['acc', 'pair'] 0.8000 tuple [1, 0, 1, 1, 0]
'''

PROGRAMS['p12_interactive'] = r'''
import numpy as np, collections
sess = tf.InteractiveSession()
a = tf.constant([[1.0, 2.0], [3.0, 4.0]], name='a')
b = tf.Variable(tf.ones([2, 2]), name='b')
b.initializer.run()
c = tf.matmul(a, b)
print('eval', c.eval(), type(c.eval()).__name__)
print('var eval', b.eval())
tf.assign_add(b, a).eval()
print('after assign_add', b.eval())
x = tf.placeholder(tf.float32, shape=[None, 2])
y = x * 2
print('feed eval', y.eval(feed_dict={x: [[1, 2]]}))
print('shape', x.shape.ndims, x.shape[1] == 2)
print('dims', y.shape.as_list())
print('eq', type(a == a).__name__, (a == a) is True if isinstance(a == a, bool) else 'tensor')
print('hashable', len({a: 1, c: 2}))
print('repr', repr(a))
print('str', str(c))
print('dtype', a.dtype, b.dtype.base_dtype, a.dtype == tf.float32)
print('op', c.op.name, c.op.type, c.consumers())
print('graph', c.graph is tf.get_default_graph(), sess.graph is tf.get_default_graph())
print('exe', tf.executing_eagerly())
Pair = collections.namedtuple('Pair', ['first', 'second'])
r = sess.run(Pair(a, {'k': [c, b]}))
print('namedtuple fetch', type(r).__name__, r.first.tolist(), r.second['k'][1].tolist())
print('op fetch', sess.run(b.initializer), sess.run([b.initializer, a])[0])
print('string fetch', sess.run('a:0').tolist())
try:
    sess.run(y)
except tf.errors.InvalidArgumentError as e:
    print('InvalidArgumentError', type(e).__name__)
try:
    sess.run(c, feed_dict={x: [[1, 2, 3]]})
except ValueError as e:
    print('ValueError', str(e)[:60])
v2 = tf.Variable(3.0, name='uninit')
try:
    sess.run(v2)
except tf.errors.FailedPreconditionError as e:
    print('FailedPrecondition')
print('report', sess.run(tf.report_uninitialized_variables()))
print('is_init', sess.run(tf.is_variable_initialized(v2)))
print('rank', sess.run(tf.rank(a)), tf.rank(a).dtype, sess.run(tf.shape(x), {x: np.zeros((3, 2))}), tf.size(a).eval())
sess.close()
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p12_interactive'] = r'''
eval [[3. 3.]
 [7. 7.]] ndarray
var eval [[1. 1.]
 [1. 1.]]
after assign_add [[2. 3.]
 [4. 5.]]
feed eval [[2. 4.]]
shape 2 True
dims [None, 2]
eq bool True
hashable 2
repr <tf.Tensor 'a:0' shape=(2, 2) dtype=float32>
str Tensor("MatMul:0", shape=(2, 2), dtype=float32)
dtype <dtype: 'float32'> <dtype: 'float32'> True
op MatMul MatMul []
graph True True
exe False
namedtuple fetch Pair [[1.0, 2.0], [3.0, 4.0]] [[2.0, 3.0], [4.0, 5.0]]
op fetch None None
string fetch [[1.0, 2.0], [3.0, 4.0]]
InvalidArgumentError InvalidArgumentError
ValueError Cannot feed value of shape (1, 3) for Tensor Placeholder:0, 
FailedPrecondition
report [b'uninit']
is_init False
rank 2 <dtype: 'int32'> [3 2] 4
'''

PROGRAMS['p14_cs231n_runmodel'] = r'''
import numpy as np, math
rng = np.random.RandomState(14)
X_train = rng.randn(20, 6, 6, 2).astype(np.float32); y_train = rng.randint(0, 3, 20)
Wc = (rng.randn(3, 3, 2, 4) * 0.3).astype(np.float32); Wf = (rng.randn(2 * 2 * 4, 3) * 0.3).astype(np.float32)
def build(opt_name):
    tf.reset_default_graph()
    X = tf.placeholder(tf.float32, [None, 6, 6, 2]); y = tf.placeholder(tf.int64, [None])
    is_training = tf.placeholder(tf.bool)
    Wconv1 = tf.get_variable('Wconv1', initializer=Wc); bconv1 = tf.get_variable('bconv1', shape=[4], initializer=tf.zeros_initializer())
    W1 = tf.get_variable('W1', initializer=Wf); b1 = tf.get_variable('b1', shape=[3], initializer=tf.constant_initializer(0.01))
    a1 = tf.nn.conv2d(X, Wconv1, strides=[1, 2, 2, 1], padding='VALID') + bconv1
    h1 = tf.nn.relu(a1)
    print(opt_name, 'a1', a1.shape.as_list(), Wconv1.name)
    h1_flat = tf.reshape(h1, [-1, 2 * 2 * 4])
    y_out = tf.matmul(h1_flat, W1) + b1
    total_loss = tf.losses.hinge_loss(tf.one_hot(y, 3), logits=y_out)
    mean_loss = tf.reduce_mean(total_loss)
    opts = {'rms': tf.train.RMSPropOptimizer(1e-2), 'adagrad': tf.train.AdagradOptimizer(1e-1),
            'adadelta': tf.train.AdadeltaOptimizer(1.0), 'adam': tf.train.AdamOptimizer(5e-3, epsilon=1e-6),
            'mom_nesterov': tf.train.MomentumOptimizer(1e-2, 0.9, use_nesterov=True)}
    optimizer = opts[opt_name]
    extra_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(extra_update_ops):
        gvs = optimizer.compute_gradients(mean_loss)
        grads, vs = zip(*gvs)
        grads, gnorm = tf.clip_by_global_norm(grads, 5.0)
        train_step = optimizer.apply_gradients(zip(grads, vs))
    return X, y, is_training, y_out, mean_loss, train_step, gnorm
def run_model(session, predict, loss_val, Xd, yd, epochs=1, batch_size=8, training=None):
    correct_prediction = tf.equal(tf.argmax(predict, 1), y)
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    train_indicies = np.arange(Xd.shape[0])
    training_now = training is not None
    variables = [mean_loss, correct_prediction, accuracy]
    if training_now:
        variables[-1] = training
    iter_cnt = 0
    for e in range(epochs):
        correct = 0; losses = []
        for i in range(int(math.ceil(Xd.shape[0] / batch_size))):
            start_idx = (i * batch_size) % Xd.shape[0]
            idx = train_indicies[start_idx:start_idx + batch_size]
            feed_dict = {X: Xd[idx, :], y: yd[idx], is_training: training_now}
            actual_batch_size = yd[idx].shape[0]
            loss, corr, _ = session.run(variables, feed_dict=feed_dict)
            losses.append(loss * actual_batch_size)
            correct += np.sum(corr)
            iter_cnt += 1
        total_correct = correct / Xd.shape[0]
        total_loss = np.sum(losses) / Xd.shape[0]
        print("Epoch {2}, Overall loss = {0:.5g} and accuracy of {1:.3g}".format(total_loss, total_correct, e + 1))
    return total_loss, total_correct
for name in ['rms', 'adagrad', 'adadelta', 'adam', 'mom_nesterov']:
    X, y, is_training, y_out, mean_loss, train_step, gnorm = build(name)
    print('slots', sorted(v.name for v in tf.global_variables())[:6])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        run_model(sess, y_out, mean_loss, X_train, y_train, 3, 8, train_step)
        print('gnorm %.5f' % sess.run(gnorm, {X: X_train, y: y_train}))
        run_model(sess, y_out, mean_loss, X_train, y_train, 1, 8)
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p14_cs231n_runmodel'] = r'''
rms a1 [None, 2, 2, 4] Wconv1:0
slots ['W1/RMSProp:0', 'W1/RMSProp_1:0', 'W1:0', 'Wconv1/RMSProp:0', 'Wconv1/RMSProp_1:0', 'Wconv1:0']
Epoch 1, Overall loss = 1.1649 and accuracy of 0.4
Epoch 2, Overall loss = 1.1488 and accuracy of 0.4
Epoch 3, Overall loss = 1.13 and accuracy of 0.45
gnorm 0.67000
Epoch 1, Overall loss = 1.1107 and accuracy of 0.45
adagrad a1 [None, 2, 2, 4] Wconv1:0
slots ['W1/Adagrad:0', 'W1:0', 'Wconv1/Adagrad:0', 'Wconv1:0', 'b1/Adagrad:0', 'b1:0']
Epoch 1, Overall loss = 1.1387 and accuracy of 0.4
Epoch 2, Overall loss = 0.83401 and accuracy of 0.55
Epoch 3, Overall loss = 0.63452 and accuracy of 0.65
gnorm 0.49113
Epoch 1, Overall loss = 0.47238 and accuracy of 0.85
adadelta a1 [None, 2, 2, 4] Wconv1:0
slots ['W1/Adadelta:0', 'W1/Adadelta_1:0', 'W1:0', 'Wconv1/Adadelta:0', 'Wconv1/Adadelta_1:0', 'Wconv1:0']
Epoch 1, Overall loss = 1.1659 and accuracy of 0.4
Epoch 2, Overall loss = 1.1604 and accuracy of 0.4
Epoch 3, Overall loss = 1.1553 and accuracy of 0.4
gnorm 0.68270
Epoch 1, Overall loss = 1.1506 and accuracy of 0.4
adam a1 [None, 2, 2, 4] Wconv1:0
slots ['W1/Adam:0', 'W1/Adam_1:0', 'W1:0', 'Wconv1/Adam:0', 'Wconv1/Adam_1:0', 'Wconv1:0']
Epoch 1, Overall loss = 1.159 and accuracy of 0.4
Epoch 2, Overall loss = 1.0877 and accuracy of 0.45
Epoch 3, Overall loss = 1.0298 and accuracy of 0.45
gnorm 0.61831
Epoch 1, Overall loss = 0.98994 and accuracy of 0.45
mom_nesterov a1 [None, 2, 2, 4] Wconv1:0
slots ['W1/Momentum:0', 'W1:0', 'Wconv1/Momentum:0', 'Wconv1:0', 'b1/Momentum:0', 'b1:0']
Epoch 1, Overall loss = 1.1633 and accuracy of 0.4
Epoch 2, Overall loss = 1.1157 and accuracy of 0.5
Epoch 3, Overall loss = 1.0454 and accuracy of 0.5
gnorm 0.63976
Epoch 1, Overall loss = 0.98262 and accuracy of 0.5
'''

PROGRAMS['p15_embed_template'] = r'''
import numpy as np, os
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:6], formatter={'float_kind': lambda f: '%.5g' % f}))
V, E = 7, 3
emb0 = (np.arange(V * E).reshape(V, E) / 10. - 1).astype(np.float32)
words = tf.placeholder(tf.int32, [None, 4], name='words')
target = tf.placeholder(tf.float32, [None])
embeddings = tf.Variable(emb0, name='embeddings')
embed = tf.nn.embedding_lookup(embeddings, words)
print('embed', embed.name, embed.shape.as_list())
def scorer(x):
    w = tf.get_variable('w', [E, 1], initializer=tf.constant_initializer([[0.3], [-0.2], [0.5]]))
    b = tf.get_variable('b', [], initializer=tf.constant_initializer(0.1))
    return tf.squeeze(tf.matmul(x, w), 1) + b
avg = tf.reduce_mean(embed, axis=1)
with tf.variable_scope('scorer'):
    s1 = scorer(avg)
with tf.variable_scope('scorer', reuse=True):
    s2 = scorer(avg * 2.0)
print('shared vars', [v.name for v in tf.trainable_variables()], s1.name, s2.name)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=s1))
wloss = tf.reduce_mean(tf.nn.weighted_cross_entropy_with_logits(targets=target, logits=s2, pos_weight=2.0))
total = loss + 0.5 * wloss
opt = tf.train.AdagradOptimizer(0.5)
gv = opt.compute_gradients(total)
train = opt.apply_gradients(gv)
temp = tf.placeholder_with_default(1.0, shape=[])
probs = tf.nn.sigmoid(s1 / temp)
W = np.array([[1, 2, 3, 0], [4, 5, 6, 6], [0, 0, 1, 2]], np.int32); T = np.array([1., 0., 1.], np.float32)
saver = tf.train.Saver([embeddings])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(6):
        l, _ = sess.run([total, train], {words: W, target: T})
        print(i, '%.5f' % l)
    show('probs', sess.run(probs, {words: W}))
    show('probs T=2', sess.run(probs, {words: W, temp: 2.0}))
    show('emb row 6', sess.run(embeddings)[6])
    show('gather', sess.run(tf.gather(embeddings, [6, 0])))
    saver.save(sess, os.path.join(os.getcwd(), 'emb.ckpt'))
    sess.run(embeddings.assign(tf.zeros_like(embeddings)))
    saver.restore(sess, os.path.join(os.getcwd(), 'emb.ckpt'))
    show('restored', sess.run(embeddings)[6])
    show('onehot', sess.run(tf.one_hot([0, 2, -1], 3, on_value=5.0, off_value=-1.0)))
    show('topk', sess.run(tf.nn.top_k(tf.constant([[3., 1., 4., 1., 5.]]), k=2)))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p15_embed_template'] = r'''
embed embedding_lookup/Identity:0 [None, 4, 3]
shared vars ['embeddings:0', 'scorer/w:0', 'scorer/b:0'] scorer/add:0 scorer_1/add:0
0 1.74706
1 0.62162
2 0.41239
3 0.29316
4 0.21983
5 0.17203
probs float32 (3,) [0.89469 0.17942 0.93892]
probs T=2 float32 (3,) [0.74456 0.31861 0.79678]
emb row 6 float32 (3,) [0.9082 1.5055 0.90411]
gather float32 (2, 3) [0.9082 1.5055 0.90411 -0.96858 -1.495 -0.55343]
restored float32 (3,) [0.9082 1.5055 0.90411]
onehot float32 (3, 3) [5 -1 -1 -1 -1 5]
topk float64 (2, 1, 2) [5 4 4 2]
'''

PROGRAMS['p15t_make_template'] = r'''
import numpy as np, os
def show(tag, v):
    a = np.asarray(v)
    print(tag, a.dtype, a.shape, np.array2string(a.ravel()[:6], formatter={'float_kind': lambda f: '%.5g' % f}))
V, E = 7, 3
emb0 = (np.arange(V * E).reshape(V, E) / 10. - 1).astype(np.float32)
words = tf.placeholder(tf.int32, [None, 4], name='words')
target = tf.placeholder(tf.float32, [None])
embeddings = tf.Variable(emb0, name='embeddings')
embed = tf.nn.embedding_lookup(embeddings, words)
print('embed', embed.name, embed.shape.as_list())
def scorer(x):
    w = tf.get_variable('w', [E, 1], initializer=tf.constant_initializer([[0.3], [-0.2], [0.5]]))
    b = tf.get_variable('b', [], initializer=tf.constant_initializer(0.1))
    return tf.squeeze(tf.matmul(x, w), 1) + b
score = tf.make_template('scorer', scorer)
avg = tf.reduce_mean(embed, axis=1)
s1 = score(avg); s2 = score(avg * 2.0)
print('template vars', [v.name for v in tf.trainable_variables()], s1.name, s2.name)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=s1))
wloss = tf.reduce_mean(tf.nn.weighted_cross_entropy_with_logits(targets=target, logits=s2, pos_weight=2.0))
total = loss + 0.5 * wloss
opt = tf.train.AdagradOptimizer(0.5)
gv = opt.compute_gradients(total)
train = opt.apply_gradients(gv)
temp = tf.placeholder_with_default(1.0, shape=[])
probs = tf.nn.sigmoid(s1 / temp)
W = np.array([[1, 2, 3, 0], [4, 5, 6, 6], [0, 0, 1, 2]], np.int32); T = np.array([1., 0., 1.], np.float32)
saver = tf.train.Saver([embeddings])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(6):
        l, _ = sess.run([total, train], {words: W, target: T})
        print(i, '%.5f' % l)
    show('probs', sess.run(probs, {words: W}))
    show('probs T=2', sess.run(probs, {words: W, temp: 2.0}))
    show('emb row 6', sess.run(embeddings)[6])
    show('gather', sess.run(tf.gather(embeddings, [6, 0])))
    saver.save(sess, os.path.join(os.getcwd(), 'emb.ckpt'))
    sess.run(embeddings.assign(tf.zeros_like(embeddings)))
    saver.restore(sess, os.path.join(os.getcwd(), 'emb.ckpt'))
    show('restored', sess.run(embeddings)[6])
    show('onehot', sess.run(tf.one_hot([0, 2, -1], 3, on_value=5.0, off_value=-1.0)))
    show('topk', sess.run(tf.nn.top_k(tf.constant([[3., 1., 4., 1., 5.]]), k=2)))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p15t_make_template'] = r'''
embed embedding_lookup/Identity:0 [None, 4, 3]
template vars ['embeddings:0', 'scorer/w:0', 'scorer/b:0'] scorer/add:0 scorer_1/add:0
0 1.74706
1 0.62162
2 0.41239
3 0.29316
4 0.21983
5 0.17203
probs float32 (3,) [0.89469 0.17942 0.93892]
probs T=2 float32 (3,) [0.74456 0.31861 0.79678]
emb row 6 float32 (3,) [0.9082 1.5055 0.90411]
gather float32 (2, 3) [0.9082 1.5055 0.90411 -0.96858 -1.495 -0.55343]
restored float32 (3,) [0.9082 1.5055 0.90411]
onehot float32 (3, 3) [5 -1 -1 -1 -1 5]
topk float64 (2, 1, 2) [5 4 4 2]
'''

PROGRAMS['p16_sparse_opt'] = r'''
import numpy as np
emb0 = (np.arange(12).reshape(4, 3) / 10. - 0.5).astype(np.float32)
for name in ['momentum', 'rmsprop', 'adam', 'adagrad', 'gd', 'adadelta']:
    tf.reset_default_graph()
    ids = tf.placeholder(tf.int32, [None])
    E = tf.Variable(emb0)
    loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(E, ids)))
    opt = {'momentum': tf.train.MomentumOptimizer(0.1, 0.9), 'rmsprop': tf.train.RMSPropOptimizer(0.1, momentum=0.5),
           'adam': tf.train.AdamOptimizer(0.1), 'adagrad': tf.train.AdagradOptimizer(0.1), 'gd': tf.train.GradientDescentOptimizer(0.1),
           'adadelta': tf.train.AdadeltaOptimizer(1.0), 'ftrl': getattr(tf.train, 'FtrlOptimizer', lambda *a: None)(0.1),
           'proxadagrad': getattr(tf.train, 'ProximalAdagradOptimizer', lambda *a: None)(0.1)}.get(name)
    try:
        train = opt.minimize(loss)
    except Exception as e:
        print(name, 'ERR', type(e).__name__); continue
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for batch in [[0, 1], [1, 2], [2, 2], [3]]:
            sess.run(train, {ids: batch})
        print(name, np.array2string(sess.run(E).ravel(), formatter={'float_kind': lambda f: '%.5g' % f}))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p16_sparse_opt'] = r'''
momentum [-0.4 -0.32 -0.24 -0.092 -0.046 0 0.03 0.06 0.09 0.32 0.4 0.48]
rmsprop [-0.4 -0.31852 -0.23798 -0.10267 -0.050965 0 0.033642 0.069246 0.10842
 0.31852 0.4 0.48256]
adam [-0.23877 -0.13877 -0.038771 0.1243 0.16123 0 -0.12051 -0.030501 0.070884
 0.34189 0.44189 0.54189]
adagrad [-0.40465 -0.307 -0.21153 -0.078517 -0.022403 0 0.0019972 0.052544 0.13351
 0.307 0.40465 0.5033]
gd [-0.4 -0.32 -0.24 -0.128 -0.064 0 0.048 0.096 0.144 0.32 0.4 0.48]
adadelta [-0.49955 -0.39955 -0.29955 -0.1991 -0.099101 0 0.098985 0.19898 0.29898
 0.39955 0.49955 0.59955]
'''

PROGRAMS['p17_template_edge'] = r'''
import sys
mt = getattr(tf, 'make_template', None) or sys.modules['tensorweave.variable_scope'].make_template
def f(x, scale=1.0):
    v = tf.get_variable('v', [], initializer=tf.constant_initializer(2.0))
    return x * v * scale
t1 = mt('lin', f, scale=3.0)
t2 = mt('lin', f, create_scope_now_=True)
with tf.variable_scope('outer'):
    a = t1(tf.constant(1.0))
b = t1(tf.constant(2.0))
c = t2(tf.constant(1.0))
print(a.name, b.name, c.name, t1.name, t1.variable_scope_name, t2.variable_scope_name)
print([v.name for v in t1.trainable_variables], [v.name for v in t2.global_variables], [v.name for v in t1.variables])
def g(x):
    return x * tf.Variable(1.0, name='bad')
t3 = mt('bad', g)
t3(tf.constant(1.0))
try:
    t3(tf.constant(1.0))
except ValueError as e:
    print('ValueError', str(e).split(':')[0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print(s.run([a, b, c]))
'''

# printed by TensorFlow 2.21 (disable_v2_behavior())
EXPECTED['p17_template_edge'] = r'''
outer/lin/mul_1:0 lin/mul_1:0 lin_1/mul_1:0 lin outer/lin/ lin/
['outer/lin/v:0'] ['lin/v:0'] ['outer/lin/v:0']
ValueError Trainable variable created when calling a template after the first time, perhaps you used tf.Variable when you meant tf.get_variable
[np.float32(6.0), np.float32(12.0), np.float32(2.0)]
'''

# read back from the event file TensorFlow 2.21 wrote for p08_summary
EVENTS_P08 = [
    (0, 'file_version'),
    (0, 'graph_def'),
    (0, 'meta_graph_def'),
    (0, [('loss/mse', 0.51), ('bias', 0.1), ('weights', 2.0, -0.3, 0.5, 0.2, 5, [-0.32149, -0.29226, 0.47069])]),
    (1, [('loss/mse', 0.1547), ('bias', 0.16333), ('weights', 2.0, -0.20333, 0.60333, 0.4, 5, [-0.21958, -0.19962, 0.56954])]),
    (2, [('loss/mse', 0.07181), ('bias', 0.19367), ('weights', 2.0, -0.15167, 0.64767, 0.496, 5, [-0.16497, -0.14998, 0.62649])]),
    (3, [('loss/mse', 0.05046), ('bias', 0.20817), ('weights', 2.0, -0.12177, 0.66457, 0.5428, 5, [-0.12395, -0.11268, 0.62649])]),
    (4, [('loss/mse', 0.04335), ('bias', 0.21498), ('weights', 2.0, -0.1026, 0.66892, 0.56632, 5, [-0.11268, -0.10244, 0.62649])]),
    (10, [('bias', 0.21797)]),
]
