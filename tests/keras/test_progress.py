"""The progress display: Keras 3's lines for verbose=1 (a log gets one line per epoch, a
terminal a bar redrawn in place by tqdm) and verbose=2."""
import io
import re
import sys

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras.utils.progbar import Progbar, format_time, format_value

NUM = r"\d\.\d{4}(e[-+]\d\d)?"
BAR = "━" * 20
TIME = r"\d+(s|ms|us)/step"


def model_and_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, x, y


def test_verbose_1_to_a_log_prints_one_line_per_epoch(capsys):
    model, x, y = model_and_data()
    model.fit(x, y, batch_size=32, epochs=2, validation_split=0.25)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    pattern = (rf"^3/3 {BAR} \d+s {TIME} - accuracy: {NUM} - loss: {NUM} - "
               rf"val_accuracy: {NUM} - val_loss: {NUM}$")
    assert re.match(pattern, lines[1]), lines[1]
    assert re.match(pattern, lines[3]), lines[3]
    assert "\x1b" not in "".join(lines) and "\r" not in "".join(lines)


def test_single_epoch_has_no_epoch_header_and_auto_is_1(capsys):
    model, x, y = model_and_data()
    model.fit(x, y, batch_size=48, verbose="auto")
    (line,) = capsys.readouterr().out.splitlines()
    assert re.match(rf"^2/2 {BAR} \d+s {TIME} - accuracy: {NUM} - loss: {NUM}$", line), line


def test_verbose_2_prints_one_plain_line_per_epoch(capsys):
    model, x, y = model_and_data()
    model.fit(x, y, batch_size=32, epochs=2, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    for line in (lines[1], lines[3]):
        assert re.match(rf"^3/3 - \d+s - {TIME} - accuracy: {NUM} - loss: {NUM}$", line), line


def test_verbose_0_is_silent(capsys):
    model, x, y = model_and_data()
    model.fit(x, y, epochs=2, verbose=0)
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    assert capsys.readouterr().out == ""


def test_evaluate_and_predict_lines(capsys):
    model, x, y = model_and_data()
    model.evaluate(x, y, batch_size=32)
    model.predict(x, batch_size=50)
    lines = capsys.readouterr().out.splitlines()
    assert re.match(rf"^3/3 {BAR} \d+s {TIME} - accuracy: {NUM} - loss: {NUM}$", lines[0])
    assert re.match(rf"^2/2 {BAR} \d+s {TIME}$", lines[1]), lines[1]


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place(monkeypatch):
    term = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", term)
    bar = Progbar(4, interval=0)
    for step in range(1, 5):
        bar.update(step, [("loss", 1.0 / step)])
    out = term.getvalue()
    frames = [f for f in out.split("\r") if f.strip()]
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", f).rstrip() for f in frames]
    assert "\x1b[32m" + "━" * 5 + "\x1b[0m" in frames[0]   # 5 of 20 done, in green
    assert re.match(rf"^1/4 {BAR} \d+s {TIME} - loss: 1\.0000$", plain[0]), plain[0]
    assert re.match(rf"^4/4 {BAR} \d+s {TIME} - loss: 0\.2500$", plain[-1]), plain[-1]
    assert "\x1b[32m" in out and "\x1b[1m" in out       # Keras's colours: green bar, bold
    assert out.endswith("\n")


def test_format_helpers():
    assert format_time(0.004, "step") == " 4ms/step"
    assert format_time(2.0, "step") == " 2s/step"
    assert format_time(0.0005, "step") == " 500us/step"
    assert format_value(0.29414) == " 0.2941"
    assert format_value(3.2391340e-06) == " 3.2391e-06"
    assert format_value(-0.5) == " -0.5000"


def test_unknown_target_and_eta():
    out = io.StringIO()
    bar = Progbar(None, verbose=2, file=out)
    bar.update(3, [("loss", 0.5)], finalize=True)
    assert re.match(rf"^3/Unknown - \d+s - {TIME} - loss: 0\.5000\n$", out.getvalue())
    line = Progbar(100)._bar_line(10, 0.0, 0.5, finalize=False, color=False)
    assert " 45s 500ms/step" in line   # ETA (90 steps × 0.5 s) until the end


@pytest.mark.parametrize("verbose", [1, 2])
def test_history_values_match_the_printed_ones(capsys, verbose):
    model, x, y = model_and_data()
    history = model.fit(x, y, batch_size=32, epochs=1, verbose=verbose)
    line = capsys.readouterr().out.strip()
    loss = float(re.search(r"loss: (\S+)", line).group(1))
    assert loss == pytest.approx(history.history["loss"][0], abs=1e-4)
