"""``keras.utils.Progbar``: Keras 3's progress line, drawn with tqdm.

The line reads as Keras's::

    422/422 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9123 - loss: 0.2941

On a terminal (verbose=1) tqdm redraws it in place as steps complete, with the ETA in place
of the elapsed time until the end. When stdout is not a terminal (a log file, a pipe), only
the final line of each bar is printed, so a log holds one line per epoch. ``verbose=2``
prints one line at the end without a bar: ``422/422 - 2s - 4ms/step - loss: 0.2941``.
"""

import math
import shutil
import sys
import time

__all__ = ["Progbar"]

_BOLD, _RESET, _GREEN, _GREY = "\x1b[1m", "\x1b[0m", "\x1b[32m", "\x1b[37m"


def format_time(time_per_unit, unit_name):
    """`` 4ms/step``, `` 2s/step``, `` 350us/step`` (with a leading space, as Keras)."""
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1000.0:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1000000.0:.0f}us/{unit_name}"


def format_value(value, signed=True):
    """A metric value with 4 decimals (scientific below 1e-3)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return f" {value}"
    big = abs(v) > 1e-3 if signed else v > 1e-3
    return f" {v:.4f}" if big else f" {v:.4e}"


def _eta_text(eta):
    if eta > 3600:
        return "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return "%d:%02d" % (eta // 60, eta % 60)
    return "%ds" % eta


class Progbar:
    """A progress line for ``target`` steps.

    Args:
        target: the number of steps (None if unknown).
        width: the width of the bar in characters (default 20).
        verbose: 0 (silent), 1 (bar) or 2 (one line at the end).
        interval: the minimum time between redraws, in seconds.
        stateful_metrics: accepted for compatibility (values are shown as given).
        unit_name: ``"step"`` or ``"sample"``.
        file: where to write (default ``sys.stdout`` at the time of the update).
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step", file=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self._file = file
        self._values = {}
        self._start = time.time()
        self._time_after_first_step = None
        self._seen_so_far = 0
        self._tqdm = None
        self._last_update = 0.0

    @property
    def file(self):
        return self._file if self._file is not None else sys.stdout

    def _dynamic(self):
        f = self.file
        return hasattr(f, "isatty") and f.isatty()

    def update(self, current, values=None, finalize=None):
        """Shows step ``current`` with ``values`` (a list of (name, value) pairs).

        ``finalize`` (default: ``current >= target``) ends the line."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for k, v in values or []:
            self._values[k] = v
        now = time.time()
        per_unit = self._estimate_step_duration(current, now)
        self._seen_so_far = current
        if self.verbose == 1:
            if self._dynamic():
                if not finalize and now - self._last_update < self.interval:
                    return
                self._draw(self._bar_line(current, now, per_unit, finalize, color=True),
                           current, finalize)
            elif finalize:
                self.file.write(self._bar_line(current, now, per_unit, True, color=False)
                                + "\n")
                self.file.flush()
        elif self.verbose == 2 and finalize:
            self.file.write(self._plain_line(current, now, per_unit) + "\n")
            self.file.flush()
        self._last_update = now

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)

    # -- drawing -----------------------------------------------------------------------------
    def _draw(self, line, current, finalize):
        from tqdm import tqdm
        if self._tqdm is None:
            cols, rows = shutil.get_terminal_size()
            # tqdm draws the line; the sizes are given because some terminals report none
            # (tqdm then hides the bar)
            self._tqdm = tqdm(total=self.target, bar_format="{desc}", file=self.file,
                              leave=True, mininterval=0, dynamic_ncols=False,
                              ncols=cols if cols > 0 else None,
                              nrows=rows if rows > 0 else 24)
        self._tqdm.set_description_str(line, refresh=False)
        self._tqdm.n = current
        self._tqdm.refresh()
        if finalize:
            self._tqdm.close()
            self._tqdm = None

    def _counter(self, current):
        digits = int(math.log10(self.target)) + 1
        return f"%{digits}d/%d" % (current, self.target)

    def _bar_line(self, current, now, per_unit, finalize, color):
        if self.target is not None and self.target > 0:
            count = self._counter(current)
            done = int(self.width * float(current) / self.target)
            done = min(done, self.width)
            if color:
                bar = f"{_BOLD}{count}{_RESET} "
                if done > 0:
                    bar += f"{_GREEN}{'━' * done}{_RESET}"
                bar += f"{_GREY}{'━' * (self.width - done)}{_RESET}"
            else:
                bar = f"{count} {'━' * self.width}"
        else:
            bar = "%7d/Unknown" % current
        if self.target is not None and self.target > 0 and not finalize:
            clock = _eta_text(per_unit * (self.target - current))
        else:
            clock = f"{now - self._start:.0f}s"
        info = f" {_BOLD}{clock}{_RESET}" if color else f" {clock}"
        info += format_time(per_unit, self.unit_name)
        for k, v in self._values.items():
            info += f" - {k}:" + format_value(v)
        return bar + info

    def _plain_line(self, current, now, per_unit):
        if self.target is not None and self.target > 0:
            count = self._counter(current)
        else:
            count = f"{current}/Unknown"
        info = f"{count} - {now - self._start:.0f}s -{format_time(per_unit, self.unit_name)}"
        for k, v in self._values.items():
            info += f" - {k}:" + format_value(v, signed=False)
        return info

    def _estimate_step_duration(self, current, now):
        # the first step (plan compilation) is left out of the estimate once there are more
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit

    def close(self):
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None
