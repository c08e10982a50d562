"""Denormal numbers flushed to zero while a plan runs, as TensorFlow does.

TensorFlow and XLA run their CPU kernels with the processor's flush-to-zero and
denormals-are-zero modes on (measured with TensorFlow 2.21: ``1e-39 * 0.5`` in a Session, in
``tf.function`` and in a jitted JAX function gives 0; NumPy and PyTorch give ``5e-40``).
A Session here does the same for the duration of each run (and constant folding, whose
values must equal the run's), so its numbers are TensorFlow's where values underflow.

It is also faster: arithmetic on a denormal operand takes a microcode assist of about a
hundred cycles. They are not rare in training: Adam's first moment of a weight that gets no
gradient (a dead ReLU's) shrinks by ``beta_1`` each step through the denormal range.

The modes are per thread: the run's thread (and tensorweave's own kernel threads while they
work for it) switches them on at the start of a run and back to what they were at the end,
so NumPy code outside a run keeps IEEE denormals. BLAS threads (OpenBLAS's) keep their own
modes. Supported on x86-64 (MXCSR's FTZ and DAZ bits) and AArch64 (FPCR's FZ bit) on Linux
and macOS, and on Windows; elsewhere runs compute with denormals as NumPy does.
``ENABLED = False`` (or ``TENSORWEAVE_FLUSH_DENORMALS=0`` in the environment) keeps IEEE
denormals in runs too.
"""

import os
import sys
import threading

import numpy as np

__all__ = ["ENABLED", "supported", "begin", "end"]

ENABLED = os.environ.get("TENSORWEAVE_FLUSH_DENORMALS", "1").strip() != "0"


class _Modes:
    """Reads and writes the floating-point control register through C's ``fegetmode`` /
    ``fesetmode`` (or ``fegetenv`` / ``fesetenv``): ``size`` bytes, the control word at
    ``offset``, ``bits`` the flush bits in it. ``flush()`` turns flushing on and returns the
    control word to put back (None if it was on); ``restore(word)`` puts it back."""

    def __init__(self, get, set_, size, offset, bits, width=4):
        import ctypes
        get.argtypes = set_.argtypes = [ctypes.c_void_p]
        ctype = ctypes.c_uint32 if width == 4 else ctypes.c_uint64
        local = threading.local()

        def mine():  # this thread's buffer (its address) and a view of its control word
            buf = ctypes.create_string_buffer(size)
            local.mine = (ctypes.addressof(buf), ctype.from_buffer(buf, offset), buf)
            return local.mine

        def flush():
            address, word, _ = getattr(local, "mine", None) or mine()
            get(address)
            old = word.value
            if old & bits == bits:
                return None
            word.value = old | bits
            set_(address)
            return old

        def restore(saved):
            address, word, _ = local.mine  # still holds this thread's other modes
            word.value = saved
            set_(address)

        self.flush, self.restore = flush, restore


class _Windows:
    """MSVC's ``_controlfp``: ``_DN_FLUSH`` under the ``_MCW_DN`` mask (FTZ and DAZ)."""

    DN_FLUSH, MCW_DN = 0x01000000, 0x03000000

    def __init__(self, controlfp):
        import ctypes
        controlfp.argtypes = [ctypes.c_uint, ctypes.c_uint]
        controlfp.restype = ctypes.c_uint
        self.controlfp = controlfp

    def flush(self):
        old = self.controlfp(0, 0)
        if old & self.MCW_DN == self.DN_FLUSH:
            return None
        self.controlfp(self.DN_FLUSH, self.MCW_DN)
        return old & self.MCW_DN

    def restore(self, saved):
        self.controlfp(saved, self.MCW_DN)


def _libm():
    import ctypes
    import ctypes.util
    if sys.platform == "darwin":
        return ctypes.CDLL("/usr/lib/libSystem.B.dylib")
    return ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")


def _make():
    """This platform's ``_Modes`` (or ``_Windows``), or None."""
    import ctypes
    import platform
    machine = platform.machine().lower()
    x86 = machine in ("x86_64", "amd64")
    arm = machine in ("aarch64", "arm64")
    if sys.platform == "win32":
        return _Windows(ctypes.cdll.msvcrt._controlfp) if x86 else None
    if not (x86 or arm):
        return None
    lib = _libm()
    if sys.platform == "darwin":  # fenv_t: x86-64 {u16 control, u16 status, u32 mxcsr, …};
        if x86:                    # arm64 {u64 fpsr, u64 fpcr}
            return _Modes(lib.fegetenv, lib.fesetenv, 16, 4, 0x8040)
        return _Modes(lib.fegetenv, lib.fesetenv, 16, 8, 1 << 24, width=8)
    if hasattr(lib, "fegetmode"):  # glibc >= 2.25: the control modes alone, flags untouched
        if x86:  # femode_t {u16 x87 control, u16, u32 mxcsr}
            return _Modes(lib.fegetmode, lib.fesetmode, 8, 4, 0x8040)
        return _Modes(lib.fegetmode, lib.fesetmode, 8, 0, 1 << 24)  # femode_t: fpcr
    if x86:  # fenv_t (glibc and musl): the x87 environment (28 bytes), then mxcsr
        return _Modes(lib.fegetenv, lib.fesetenv, 32, 28, 0x8040)
    return _Modes(lib.fegetenv, lib.fesetenv, 8, 0, 1 << 24)  # fenv_t {u32 fpcr, u32 fpsr}


def _works(impl):
    """Whether ``impl`` flushes a denormal product and restores IEEE behaviour after."""
    tiny = np.frombuffer(np.uint32(1).tobytes(), np.float32)  # the smallest denormal
    one = np.ones(1, np.float32)
    saved = impl.flush()
    try:
        flushed = (tiny * one)[0] == 0
    finally:
        if saved is not None:
            impl.restore(saved)
    return bool(flushed) and saved is not None and (tiny * one)[0] != 0


_impl = False  # not looked for yet


_making = threading.Lock()


def _get():
    """The platform's modes (made once: two threads' first runs at the same time would
    each make one, and ``end`` would then put back through the other's thread state)."""
    global _impl
    if _impl is False:
        with _making:
            if _impl is False:
                try:
                    impl = _make()
                    _impl = impl if impl is not None and _works(impl) else None
                except (OSError, AttributeError, ValueError):
                    _impl = None
    return _impl


def supported():
    """Whether runs can flush denormals on this platform."""
    return _get() is not None


def begin():
    """Turns flushing on in this thread (when ``ENABLED``); returns what ``end`` needs to put
    the thread's modes back, or None when there is nothing to put back."""
    if not ENABLED:
        return None
    impl = _impl if _impl is not False else _get()
    return None if impl is None else impl.flush()


def end(saved):
    """Puts back the modes ``begin`` replaced (nothing when it returned None)."""
    if saved is not None:
        _impl.restore(saved)
