"""``tf.logging``, ``tf.app``/``tf.flags`` and ``tf.gfile``/``tf.io.gfile``.

Every expected value, printed line, return value, exception type and message here was
recorded by running the same calls in TensorFlow 2.21 (``tensorflow.compat.v1``; its flags
are absl's, behind TF's wrapper) and is hard-coded. Where tensorweave differs on purpose
(``log_first_n``/``log_every_n`` count per call site) the test says so.
"""

import logging
import os
import subprocess
import sys
import textwrap

import pytest

import tensorweave.compat.v1 as tf
from tensorweave.platform import flags as _flags
from tensorweave.platform import tf_logging as _tf_logging

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _python(code, *args):
    """Runs ``code`` in a fresh interpreter (so the logger is configured from scratch)."""
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120, check=False)


# -- tf.logging --------------------------------------------------------------------------------
def test_logging_constants():
    # TF 2.21: DEBUG 10, INFO 20, WARN 30, ERROR 40, FATAL 50; tf.logging has no WARNING
    L = tf.logging
    assert (L.DEBUG, L.INFO, L.WARN, L.ERROR, L.FATAL) == (10, 20, 30, 40, 50)
    assert not hasattr(L, "WARNING")
    for name in ("set_verbosity", "get_verbosity", "debug", "info", "warn", "warning", "error",
                 "fatal", "log", "vlog", "log_every_n", "log_first_n", "log_if", "flush",
                 "TaskLevelStatusMessage"):
        assert callable(getattr(L, name)), name


def test_logging_output_as_tf_prints_it():
    # the same script in TF 2.21 writes exactly these lines to stderr and nothing to stdout
    # but the printed verbosities
    result = _python("""
        import tensorweave.compat.v1 as tf
        L = tf.logging
        print(L.get_verbosity())
        import logging
        lg = logging.getLogger("tensorflow")
        print(lg.level, len(lg.handlers), lg.handlers[0].stream is __import__("sys").stderr)
        L.info("info msg %d", 1)
        L.warning("warn msg %s", "x")
        L.warn("warn2")
        L.error("err msg")
        L.set_verbosity(L.INFO)
        print(L.get_verbosity())
        L.info("info msg2 %d", 2)
        L.debug("dbg")
        L.log(L.INFO, "log info %s", "a")
        L.vlog(1, "vlog1")
        L.vlog(20, "vlog20")
        L.set_verbosity(1)
        L.vlog(1, "vlog1 after level 1")
        L.set_verbosity("INFO")
        print(L.get_verbosity())
        for i in range(5):
            L.log_every_n(L.INFO, "every2 %d", 2, i)
        L.log_if(L.INFO, "logif true %d", True, 1)
        L.log_if(L.INFO, "logif false %d", False, 1)
        L.fatal("fatal msg")
        print("fatal returned")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n") == ["30", "0 1 True", "20", "20", "fatal returned", ""]
    assert result.stderr.split("\n") == [
        "WARNING:tensorflow:warn msg x",
        "WARNING:tensorflow:warn2",
        "ERROR:tensorflow:err msg",
        "INFO:tensorflow:info msg2 2",
        "INFO:tensorflow:log info a",
        "INFO:tensorflow:vlog20",
        "Level 1:tensorflow:vlog1 after level 1",
        "INFO:tensorflow:every2 0",
        "INFO:tensorflow:every2 2",
        "INFO:tensorflow:every2 4",
        "INFO:tensorflow:logif true 1",
        "CRITICAL:tensorflow:fatal msg",
        "",
    ]


def test_logging_adds_no_handler_when_root_is_configured():
    # TF: a configured root logger means no handler of its own (no double logging)
    result = _python("""
        import logging, sys
        logging.basicConfig(stream=sys.stdout, format="root:%(name)s:%(message)s")
        import tensorweave.compat.v1 as tf
        tf.logging.warning("once")
        print(len(logging.getLogger("tensorflow").handlers))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "root:tensorflow:once\n0\n" and result.stderr == ""


@pytest.fixture
def tf_logger():
    logger = _tf_logging.get_logger()
    level = logger.level
    yield logger
    logger.setLevel(level)


def test_set_verbosity_and_caplog(tf_logger, caplog):
    tf.logging.set_verbosity(tf.logging.INFO)
    assert tf.logging.get_verbosity() == 20 and tf_logger.name == "tensorflow"
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        tf.logging.info("hello %s", "world")
        tf.logging.debug("hidden")
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == \
        [("tensorflow", 20, "hello world")]
    assert tf.get_logger() is tf_logger


def test_log_first_n_counts_per_call_site(tf_logger, caplog):
    # TF 2.21 keys these counters on the caller's caller (so two calls at a module's top
    # level share one); tensorweave counts per call site, as absl and TF's docs say
    tf.logging.set_verbosity(tf.logging.INFO)
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        for i in range(5):
            tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, i)
        for i in range(5):
            tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
    assert [r.getMessage() for r in caplog.records] == \
        ["every 0", "every 2", "every 4", "first 0", "first 1"]


def test_flush_not_implemented():
    with pytest.raises(NotImplementedError):  # as TF's
        tf.logging.flush()


# -- tf.flags / tf.app -------------------------------------------------------------------------
@pytest.fixture
def flags(monkeypatch):
    """tf.flags with an empty FLAGS for the test (the module's state is restored after)."""
    d = tf.flags.FLAGS.__dict__
    for key, empty in (("_flags", {}), ("_parsed", False), ("_required", []),
                       ("_validators", [])):
        monkeypatch.setitem(d, key, empty)
    F = tf.flags
    F.DEFINE_string("name", "bob", "a name")
    F.DEFINE_integer("n", 3, "a count")
    F.DEFINE_float("lr", 0.1, "rate")
    F.DEFINE_boolean("debug", False, "dbg")
    F.DEFINE_bool("fast", True, "fast")
    F.DEFINE_list("items", "a,b", "list")
    F.DEFINE_enum("mode", "train", ["train", "eval"], "mode")
    return F


def test_app_flags_is_flags():
    assert tf.app.flags is tf.flags and tf.app.flags.FLAGS is tf.flags.FLAGS


def _vals(F):
    f = F.FLAGS
    return (f.name, f.n, f.lr, f.debug, f.fast, f.items, f.mode)


def test_defaults(flags):
    flags.FLAGS(["prog"])
    assert _vals(flags) == ("bob", 3, 0.1, False, True, ["a", "b"], "train")


def test_lazy_parse_of_sys_argv(flags, monkeypatch):
    # TF's FLAGS (unlike absl's) parses sys.argv on the first read of a flag
    monkeypatch.setattr(sys, "argv", ["prog", "--n=5", "--name", "x"])
    assert not flags.FLAGS.is_parsed()
    assert (flags.FLAGS.n, flags.FLAGS.name) == (5, "x")
    assert flags.FLAGS.is_parsed()


def test_lazy_parse_rejects_unknown_flag(flags, monkeypatch):
    # TF: the lazy parse is a full one: UnrecognizedFlagError "Unknown command line flag 'bogus'"
    monkeypatch.setattr(sys, "argv", ["prog", "--bogus=1"])
    with pytest.raises(flags.UnrecognizedFlagError, match="^Unknown command line flag 'bogus'$"):
        _ = flags.FLAGS.n


def test_app_run_parses_and_passes_the_rest(flags, monkeypatch):
    seen = {}

    def main(argv):
        seen["argv"] = argv
        seen["vals"] = _vals(flags)
    monkeypatch.setattr(sys, "argv", ["prog", "--n", "9", "--name=al", "--debug", "--nofast",
                                      "extra1", "--lr=2.5", "--items=x,y,z", "--mode", "eval",
                                      "--", "--n=4"])
    with pytest.raises(SystemExit) as info:
        tf.app.run(main)
    assert info.value.code is None
    # recorded from TF 2.21: '--' stays in main's argv (known_only parse)
    assert seen["argv"] == ["prog", "extra1", "--", "--n=4"]
    assert seen["vals"] == ("al", 9, 2.5, True, False, ["x", "y", "z"], "eval")


def test_app_run_exit_status_and_unknown_flags(flags, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "argv", ["prog", "--bogus=3", "pos"])
    with pytest.raises(SystemExit) as info:
        tf.app.run(lambda argv: seen.append(argv) or 7)
    assert info.value.code == 7 and seen == [["prog", "--bogus=3", "pos"]]


def test_app_run_argv_and_default_main(flags, monkeypatch):
    seen = []
    monkeypatch.setattr(sys.modules["__main__"], "main", seen.append, raising=False)
    with pytest.raises(SystemExit):
        tf.app.run(argv=["p", "--n=4", "a"])
    assert seen == [["p", "a"]] and flags.FLAGS.n == 4


def test_app_run_help(flags, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["prog.py", "--help"])
    with pytest.raises(SystemExit) as info:
        tf.app.run(lambda argv: 0)
    assert info.value.code == 1  # as absl
    out = capsys.readouterr().out
    assert out.startswith("       USAGE: prog.py [flags]\n")
    assert "  --[no]debug: dbg\n    (default: 'false')" in out
    assert "  --mode: <train|eval>: mode\n    (default: 'train')" in out
    assert "  --n: a count\n    (default: '3')\n    (an integer)" in out


@pytest.mark.parametrize("argv, exc, message", [
    (["--n=abc"], "IllegalFlagValueError",
     "flag --n=abc: invalid literal for int() with base 10: 'abc'"),
    (["--lr=abc"], "IllegalFlagValueError",
     "flag --lr=abc: could not convert string to float: 'abc'"),
    (["--mode=foo"], "IllegalFlagValueError",
     "flag --mode=foo: value should be one of <train|eval>"),
    (["--debug=maybe"], "IllegalFlagValueError",
     "flag --debug=maybe: ('Non-boolean argument to boolean flag', 'maybe')"),
    (["--n"], "Error", "Missing value for flag --n"),
    (["--n", "--debug"], "IllegalFlagValueError",
     "flag --n=--debug: invalid literal for int() with base 10: '--debug'"),
    (["--nodebug=1"], ValueError, "--nodebug=1 does not take an argument"),
])
def test_app_run_bad_values_raise(flags, monkeypatch, argv, exc, message):
    # TF's tf.app.run lets these propagate (a traceback, exit status 1)
    exc = getattr(flags, exc) if isinstance(exc, str) else exc
    monkeypatch.setattr(sys, "argv", ["prog"] + argv)
    with pytest.raises(exc) as info:
        tf.app.run(lambda argv: 0)
    assert str(info.value) == message


def test_direct_call_rejects_unknown_and_drops_dashes(flags):
    with pytest.raises(flags.UnrecognizedFlagError) as info:
        flags.FLAGS(["p", "--n=1", "--bogus"])
    assert isinstance(info.value, flags.Error)
    assert flags.FLAGS(["p", "--", "--n=2", "x"]) == ["p", "--n=2", "x"]


def test_parse_forms(flags):
    # TF 2.21: '-n 4' and '-b' work, '0x1F' is hex, an empty list is []
    assert flags.FLAGS(["p", "-n", "4", "-debug", "--items=", "pos"]) == ["p", "pos"]
    assert (flags.FLAGS.n, flags.FLAGS.debug, flags.FLAGS.items) == (4, True, [])
    flags.FLAGS(["p", "--n=0x1F", "--items= a, b ,c"])
    assert (flags.FLAGS.n, flags.FLAGS.items) == (31, ["a", "b", "c"])
    for text, value in [("true", True), ("T", True), ("1", True), ("false", False),
                        ("0", False), ("F", False)]:
        flags.FLAGS(["p", "--debug=" + text])
        assert flags.FLAGS.debug is value
    with pytest.raises(flags.IllegalFlagValueError):
        flags.FLAGS(["p", "--debug=yes"])


def test_default_conversion_and_bounds(flags):
    flags.DEFINE_integer("h2", "0x10", "h")
    flags.DEFINE_float("f", 1, "f")
    flags.DEFINE_integer("pos", 1, "x", lower_bound=0)
    flags.FLAGS(["p"])
    assert flags.FLAGS.h2 == 16 and flags.FLAGS.f == 1.0 and type(flags.FLAGS.f) is float
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"^flag --neg=-1: -1 is not a non-negative integer$"):
        flags.DEFINE_integer("neg", -1, "x", lower_bound=0)
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"^flag --pos=-3: -3 is not a non-negative integer$"):
        flags.FLAGS(["p", "--pos=-3"])


def test_duplicate_and_unknown_attribute(flags):
    with pytest.raises(flags.DuplicateFlagError,
                       match=r"^The flag 'n' is defined twice\. First from .*, second from "
                             r".*\. Description from first occurrence: a count$"):
        flags.DEFINE_integer("n", 5, "again")
    flags.FLAGS(["p"])
    with pytest.raises(AttributeError, match="^zzz$"):
        _ = flags.FLAGS.zzz


def test_flag_values_access(flags):
    flags.FLAGS(["p", "--n=31"])
    assert flags.FLAGS.flag_values_dict()["n"] == 31 and flags.FLAGS["n"].value == 31
    assert "n" in flags.FLAGS and "zzz" not in flags.FLAGS
    flags.FLAGS.n = 11
    assert flags.FLAGS.n == 11


def test_old_keyword_names(flags, caplog):
    # TF accepts flag_name/default_value/docstring and warns (on the root logger)
    with caplog.at_level(logging.WARNING):
        flags.DEFINE_string(flag_name="old", default_value="o", docstring="d")
    flags.FLAGS(["p"])
    assert flags.FLAGS.old == "o"
    assert "Use of the keyword argument names (flag_name, default_value, docstring) is " \
           "deprecated" in caplog.text


def test_required_flags(flags, monkeypatch):
    with pytest.warns(UserWarning, match="Flag --name has a non-None default value; "
                                         "therefore, mark_flag_as_required will pass"):
        flags.mark_flag_as_required("name")
    flags.DEFINE_string("out", None, "o")
    flags.mark_flag_as_required("out")
    monkeypatch.setattr(sys, "argv", ["prog"])
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"^flag --out=None: Flag --out must have a value other than "
                             r"None\.$"):
        tf.app.run(lambda argv: 0)
    assert flags.FLAGS(["prog", "--out=x"]) == ["prog"] and flags.FLAGS.out == "x"


def test_argv_checks(flags):
    with pytest.raises(TypeError, match="argv should be a tuple/list of strings"):
        flags.FLAGS("p")
    with pytest.raises(ValueError, match="argv cannot be an empty list"):
        flags.FLAGS([])


def test_multi_flags_and_holders():
    # absl: repeated --m adds; the default list comes back after unparse_flags
    fv = _flags.FlagValues()
    m = _flags.DEFINE_multi_string("m", ["a"], "m", flag_values=fv)
    _flags.DEFINE_multi_integer("k", None, "k", flag_values=fv)
    assert fv(["p", "--m=x", "--m", "y", "--k=3", "--k=0x10"]) == ["p"]
    assert (fv.m, fv.k, m.value) == (["x", "y"], [3, 16], ["x", "y"])
    fv.unparse_flags()
    fv(["p"])
    assert (fv.m, fv.k) == (["a"], None)


def test_validator():
    fv = _flags.FlagValues()
    _flags.DEFINE_integer("k", 1, "k", flag_values=fv)
    _flags.register_validator("k", lambda v: v % 2 == 1, "must be odd", flag_values=fv)
    fv(["p", "--k=3"])
    with pytest.raises(_flags.IllegalFlagValueError, match="^flag --k=4: must be odd$"):
        fv(["p", "--k=4"])


# -- tf.gfile / tf.io.gfile --------------------------------------------------------------------
def test_gfile_names():
    # TF 2.21's names (tf.io.gfile also has get_registered_schemes, not provided here)
    assert sorted(n for n in dir(tf.gfile) if not n.startswith("_")) == [
        "Copy", "DeleteRecursively", "Exists", "FastGFile", "GFile", "Glob", "IsDirectory",
        "ListDirectory", "MakeDirs", "MkDir", "Open", "Remove", "Rename", "Stat", "Walk"]
    assert {"GFile", "copy", "exists", "glob", "isdir", "join", "listdir", "makedirs", "mkdir",
            "remove", "rename", "rmtree", "stat", "walk"} <= set(dir(tf.io.gfile))


def test_gfile_directories(tmp_path):
    G, d = tf.gfile, str(tmp_path)
    assert G.Exists(d + "/nope") is False
    assert G.MkDir(d + "/a") is None and G.MkDir(d + "/a") is None  # existing: nothing
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/x/y; No such file or directory$"):
        G.MkDir(d + "/x/y")
    G.MakeDirs(d + "/b/c/d")
    G.MakeDirs(d + "/b/c/d")
    with G.GFile(d + "/a/f.txt", "w") as f:
        assert f.write("line1\nline2\nline3") is None
        assert f.tell() == 17
    with pytest.raises(tf.errors.FailedPreconditionError, match=f"^{d}/a/f.txt is not a "
                                                                "directory$"):
        G.MakeDirs(d + "/a/f.txt")
    assert G.MkDir(d + "/a/f.txt") is None  # TF: no error either
    assert (G.IsDirectory(d + "/a"), G.IsDirectory(d + "/a/f.txt"),
            G.IsDirectory(d + "/none")) == (True, False, False)
    assert sorted(G.ListDirectory(d)) == ["a", "b"]
    assert G.ListDirectory(d + "/b") == ["c"]
    for bad in (d + "/none", d + "/a/f.txt"):
        with pytest.raises(tf.errors.NotFoundError, match=f"^Could not find directory {bad}$"):
            G.ListDirectory(bad)
    assert G.Glob(d + "/a/*.txt") == [d + "/a/f.txt"]
    assert G.Glob(d + "/q/*") == []
    assert sorted(G.Glob([d + "/a/f*", d + "/b"])) == [d + "/a/f.txt", d + "/b"]
    walk = [(p, sorted(ds), sorted(fs)) for p, ds, fs in G.Walk(d)]
    assert walk[0] == (d, ["a", "b"], [])
    assert sorted(walk) == sorted([(d, ["a", "b"], []), (d + "/a", [], ["f.txt"]),
                                   (d + "/b", ["c"], []), (d + "/b/c", ["d"], []),
                                   (d + "/b/c/d", [], [])])
    bottom_up = [p for p, _, _ in G.Walk(d, in_order=False)]
    assert bottom_up[-1] == d and bottom_up.index(d + "/b/c/d") < bottom_up.index(d + "/b")
    assert list(G.Walk(d + "/none")) == []
    with pytest.raises(tf.errors.FailedPreconditionError, match=f"^{d}/b; Is a directory$"):
        G.Remove(d + "/b")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/none not found$"):
        G.DeleteRecursively(d + "/none")
    G.DeleteRecursively(d + "/b")
    G.DeleteRecursively(d + "/a/f.txt")  # a file is deleted too
    assert os.listdir(d) == ["a"] and os.listdir(d + "/a") == []


def test_gfile_copy_rename_remove_stat(tmp_path):
    G, d = tf.gfile, str(tmp_path)
    with G.GFile(d + "/f.txt", "w") as f:
        f.write("0123456789")
    G.Copy(d + "/f.txt", d + "/c.txt")
    with pytest.raises(tf.errors.AlreadyExistsError, match="^file already exists$"):
        G.Copy(d + "/f.txt", d + "/c.txt")
    G.Copy(d + "/f.txt", d + "/c.txt", overwrite=True)
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/nn.txt; No such file or "
                                                      "directory$"):
        G.Copy(d + "/nn.txt", d + "/c2.txt")
    with pytest.raises(tf.errors.AlreadyExistsError, match="^file already exists$"):
        G.Rename(d + "/c.txt", d + "/f.txt")
    G.Rename(d + "/c.txt", d + "/r.txt")
    with pytest.raises(tf.errors.NotFoundError):
        G.Rename(d + "/c.txt", d + "/r2.txt")
    s = G.Stat(d + "/r.txt")
    assert type(s).__name__ == "FileStatistics"
    assert (s.length, s.is_directory, type(s.mtime_nsec)) == (10, False, int)
    assert G.Stat(d).is_directory is True
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/none; No such file or directory$"):
        G.Stat(d + "/none")
    G.Remove(d + "/r.txt")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/r.txt; No such file or "
                                                      "directory$"):
        G.Remove(d + "/r.txt")
    mkdir_parent = os.path.join(d, "m")
    G.MkDir(mkdir_parent)
    os.mkdir(os.path.join(mkdir_parent, "n"))
    G.DeleteRecursively(mkdir_parent)
    assert not os.path.exists(mkdir_parent)


def test_gfile_reading(tmp_path):
    G, p = tf.gfile, str(tmp_path / "f.txt")
    with G.GFile(p, "w") as f:
        f.write("line1\nline2\nline3")
    f = G.GFile(p)
    assert f.name == p and f.mode == "r"
    assert (f.read(3), f.readline(), f.readlines(), f.size(), f.tell()) == \
        ("lin", "e1\n", ["line2\n", "line3"], 17, 17)
    f.close()
    assert f.read() == "line1\nline2\nline3"  # TF: a read after close opens it afresh
    f.close()
    with G.GFile(p, "rb") as f:
        assert f.read() == b"line1\nline2\nline3"
        f.seek(0)
        assert list(f) == [b"line1\n", b"line2\n", b"line3"]
    with G.GFile(p) as f:
        assert list(f) == ["line1\n", "line2\n", "line3"]
    with G.GFile(p) as f:
        assert (f.readline(), f.read(), f.read(), f.readline()) == \
            ("line1\n", "line2\nline3", "", "")
    with G.GFile(p, "a") as f:
        f.write("\nappended")
    assert G.GFile(p).read() == "line1\nline2\nline3\nappended"
    assert G.FastGFile(p, "rb").read()[:5] == b"line1"
    assert G.Open(p).read()[:5] == "line1"
    assert G.GFile(p).seekable() is True


def test_gfile_modes_and_errors(tmp_path):
    G, d = tf.gfile, str(tmp_path)
    G.GFile(d + "/g.txt", "w").write(b"xx")  # TF: bytes to a text-mode writer are fine
    G.GFile(d + "/h.txt", "wb").write("yy")  # and str to a binary one
    with G.GFile(d + "/h.txt", "wb") as f:
        f.write("yy")
    assert (tmp_path / "h.txt").read_bytes() == b"yy"
    f = G.GFile(d + "/nope.txt")  # TF: opening succeeds; the first read fails
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/nope.txt; No such file or "
                                                      "directory$"):
        f.read()
    with pytest.raises(tf.errors.NotFoundError):
        f.size()
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/zz/q.txt; No such file or "
                                                      "directory$"):
        G.GFile(d + "/zz/q.txt", "w").write("a")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^mode is not 'r' or 'w' or 'a' or 'r\+' or 'w\+' or 'a\+'$"):
        G.GFile(d + "/g.txt", "x")
    with pytest.raises(tf.errors.PermissionDeniedError, match="^File isn't open for reading$"):
        G.GFile(d + "/g.txt", "a").read()
    with pytest.raises(tf.errors.PermissionDeniedError, match="^File isn't open for writing$"):
        G.GFile(d + "/g.txt", "r").write("a")
    w = G.GFile(d + "/new.txt", "w")
    assert not G.Exists(d + "/new.txt")  # TF: created at the first write
    w.write("abc")
    w.close()
    assert G.GFile(d + "/new.txt").read() == "abc"
    with G.GFile(d + "/u.txt", "w") as f:
        f.write("héllo\n")
    assert G.GFile(d + "/u.txt").read() == "héllo\n"
    assert G.GFile(d + "/u.txt", "rb").read() == b"h\xc3\xa9llo\n"
    assert G.GFile(d + "/u.txt").size() == 7
    G.GFile(d + "/u.txt", "r+")
    G.GFile(d + "/u.txt", "ab+")
    with pytest.raises(tf.errors.UnimplementedError, match="File system scheme 'gs' not "
                                                           "implemented"):
        G.Exists("gs://bucket/x")


def test_io_gfile(tmp_path):
    IG, d = tf.io.gfile, str(tmp_path)
    IG.makedirs(d + "/m/n")
    assert IG.mkdir(d + "/m") is None and IG.exists(d + "/m/n") and IG.isdir(d + "/m")
    IG.rmtree(d + "/m")
    assert not IG.exists(d + "/m")
    with IG.GFile(IG.join(d, "f.txt"), "w") as f:
        f.write("x" * 26)
    IG.copy(d + "/f.txt", d + "/k.txt")
    IG.rename(d + "/k.txt", d + "/f.txt", overwrite=True)
    assert IG.stat(d + "/f.txt").length == 26
    assert IG.listdir(d) == ["f.txt"]
    assert list(IG.walk(d)) == [(d, [], ["f.txt"])]
    assert IG.glob(d + "/f.txt") == [d + "/f.txt"]
    IG.remove(d + "/f.txt")
    assert IG.listdir(d) == []


def test_tf1_script_end_to_end(tmp_path):
    # a TF1 tutorial's first and last lines; TF 2.21 prints the same and exits with 3
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""
        import tensorweave.compat.v1 as tf
        tf.logging.set_verbosity(tf.logging.INFO)
        flags = tf.app.flags
        flags.DEFINE_integer("steps", 10, "training steps")
        flags.DEFINE_string("data_dir", "/tmp/data", "where the data is")
        FLAGS = flags.FLAGS

        def main(_):
            tf.logging.info("steps=%d data_dir=%s rest=%s", FLAGS.steps, FLAGS.data_dir, _[1:])
            with tf.gfile.GFile(FLAGS.data_dir + "/out.txt", "w") as f:
                f.write(str(FLAGS.steps))
            return 3

        if __name__ == "__main__":
            tf.app.run()
    """))
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, str(script), "--steps", "5",
                             f"--data_dir={tmp_path}", "x"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 3, result.stderr
    assert result.stderr == f"INFO:tensorflow:steps=5 data_dir={tmp_path} rest=['x']\n"
    assert (tmp_path / "out.txt").read_text() == "5"
