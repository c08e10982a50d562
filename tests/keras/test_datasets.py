"""keras.datasets and keras.utils.get_file: download, cache, hash checks, the bundled digits.

No test touches the network: downloads come from file:// URLs or a replaced ``_fetch``.
"""
import hashlib
import io
import os
import pathlib
import tarfile
import urllib.error

import numpy as np
import pytest

from tensorweave.keras.datasets import digits, file_utils, mnist
from tensorweave.keras.datasets.file_utils import URLFetchError, get_file


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """An empty $KERAS_HOME for the test."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


def _fake_npz(path):
    """A tiny stand-in for mnist.npz; returns its sha256."""
    rng = np.random.RandomState(0)
    np.savez(path, x_train=rng.randint(0, 256, (6, 28, 28)).astype(np.uint8),
             y_train=np.arange(6, dtype=np.uint8),
             x_test=rng.randint(0, 256, (2, 28, 28)).astype(np.uint8),
             y_test=np.array([3, 4], dtype=np.uint8))
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_path):
    """A file served from a file:// URL: (url, sha256, md5, bytes)."""
    src = tmp_path / "src" / "data.npz"
    src.parent.mkdir()
    sha = _fake_npz(src)
    data = src.read_bytes()
    return src.as_uri(), sha, hashlib.md5(data).hexdigest(), data


def _no_fetch(*args, **kwargs):
    raise AssertionError("get_file downloaded although a good cached copy exists")


def _leftovers(directory):
    return [p.name for p in pathlib.Path(directory).iterdir() if p.name.endswith(".part")]


# -- get_file ------------------------------------------------------------------------------

def test_downloads_into_keras_home_and_verifies_sha256(keras_home, source):
    url, sha, _, data = source
    path = get_file("data.npz", origin=url, file_hash=sha)
    assert pathlib.Path(path) == keras_home / "datasets" / "data.npz"
    assert pathlib.Path(path).read_bytes() == data
    assert _leftovers(keras_home / "datasets") == []


def test_default_cache_is_home_dot_keras(tmp_path, monkeypatch, source):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    path = get_file(origin=source[0])  # fname from the URL
    assert pathlib.Path(path) == tmp_path / "home" / ".keras" / "datasets" / "data.npz"


def test_cache_dir_and_subdir_arguments(tmp_path, keras_home, source):
    path = get_file("d.npz", origin=source[0], cache_dir=tmp_path / "c", cache_subdir="sub")
    assert pathlib.Path(path) == tmp_path / "c" / "sub" / "d.npz"


def test_cached_file_is_used_without_download(keras_home, source, monkeypatch):
    url, sha, _, _ = source
    first = get_file("data.npz", origin=url, file_hash=sha)
    monkeypatch.setattr(file_utils, "_fetch", _no_fetch)
    assert get_file("data.npz", origin=url, file_hash=sha) == first
    assert get_file("data.npz", origin=url) == first  # no hash: any cached copy is taken


def test_md5_hash_and_md5_hash_argument(keras_home, source):
    url, _, md5, _ = source
    assert os.path.exists(get_file("a.npz", origin=url, file_hash=md5))
    assert os.path.exists(get_file("b.npz", origin=url, md5_hash=md5))
    with pytest.raises(ValueError, match="md5"):
        get_file("c.npz", origin=url, md5_hash="0" * 32)


def test_stale_cached_copy_is_downloaded_again(keras_home, source, capsys):
    url, sha, _, data = source
    target = keras_home / "datasets" / "data.npz"
    target.parent.mkdir(parents=True)
    target.write_bytes(data[:100])  # a truncated earlier download
    get_file("data.npz", origin=url, file_hash=sha)
    assert target.read_bytes() == data
    assert "re-download" in capsys.readouterr().out


def test_hash_mismatch_leaves_no_file(keras_home, source):
    url = source[0]
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        get_file("data.npz", origin=url, file_hash="f" * 64)
    assert not (keras_home / "datasets" / "data.npz").exists()
    assert _leftovers(keras_home / "datasets") == []


@pytest.mark.parametrize("exc", [KeyboardInterrupt, ConnectionResetError])
def test_interrupted_download_leaves_no_partial_file(keras_home, monkeypatch, exc):
    def half_then_fail(origin, fileobj, progress=None):
        fileobj.write(b"x" * 1000)
        raise exc()
    monkeypatch.setattr(file_utils, "_fetch", half_then_fail)
    with pytest.raises((exc, URLFetchError)):
        get_file("big.bin", origin="https://example.invalid/big.bin")
    assert list((keras_home / "datasets").iterdir()) == []


def test_offline_error_names_url_target_and_manual_step(keras_home, monkeypatch):
    def offline(origin, fileobj, progress=None):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
    monkeypatch.setattr(file_utils, "_fetch", offline)
    with pytest.raises(URLFetchError) as info:
        mnist.load_data()
    message = str(info.value)
    assert mnist.ORIGIN in message
    assert str(keras_home / "datasets" / "mnist.npz") in message
    assert "copy it" in message and mnist.FILE_HASH in message
    assert isinstance(info.value, OSError)


def test_http_error_is_reported(keras_home, monkeypatch):
    def not_found(origin, fileobj, progress=None):
        raise urllib.error.HTTPError(origin, 404, "Not Found", {}, io.BytesIO())
    monkeypatch.setattr(file_utils, "_fetch", not_found)
    with pytest.raises(URLFetchError, match="404 -- Not Found"):
        get_file("x.npz", origin="https://example.invalid/x.npz")


def test_argument_errors(keras_home, source):
    with pytest.raises(ValueError, match="origin"):
        get_file("x.npz")
    with pytest.raises(ValueError, match="cache_dir"):
        get_file(os.path.join("sub", "x.npz"), origin=source[0])
    with pytest.raises(ValueError, match="file name"):
        get_file(origin="https://example.invalid/")


def test_force_download(keras_home, source, monkeypatch):
    url = source[0]
    get_file("data.npz", origin=url)
    calls = []
    real = file_utils._fetch
    monkeypatch.setattr(file_utils, "_fetch", lambda *a, **k: calls.append(1) or real(*a, **k))
    get_file("data.npz", origin=url, force_download=True)
    assert calls == [1]


def test_extract_tar_archive(keras_home, tmp_path):
    src = tmp_path / "files.tar.gz"
    with tarfile.open(src, "w:gz") as tar:
        payload = b"hello"
        info = tarfile.TarInfo("folder/hello.txt")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    out = get_file("files.tar.gz", origin=src.as_uri(), extract=True)
    assert pathlib.Path(out) == keras_home / "datasets" / "files_extracted"
    assert (pathlib.Path(out) / "folder" / "hello.txt").read_bytes() == b"hello"


def test_hash_helpers(tmp_path):
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert file_utils.hash_file(empty) == sha
    assert file_utils.validate_file(empty, sha)
    assert file_utils.validate_file(empty, "d41d8cd98f00b204e9800998ecf8427e")  # md5, auto
    assert not file_utils.validate_file(empty, "0" * 64)


# -- mnist ---------------------------------------------------------------------------------

def test_mnist_uses_the_keras_file():
    assert mnist.ORIGIN == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    assert mnist.FILE_HASH == "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def test_mnist_load_data_downloads_checks_and_caches(keras_home, tmp_path, monkeypatch):
    fake = tmp_path / "mnist_fake.npz"
    monkeypatch.setattr(mnist, "ORIGIN", fake.as_uri())
    monkeypatch.setattr(mnist, "FILE_HASH", _fake_npz(fake))
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (6, 28, 28) and x_train.dtype == np.uint8
    assert y_train.tolist() == list(range(6)) and y_test.tolist() == [3, 4]
    assert x_test.shape == (2, 28, 28)
    assert (keras_home / "datasets" / "mnist.npz").exists()
    monkeypatch.setattr(file_utils, "_fetch", _no_fetch)
    (x2, _), _ = mnist.load_data()
    np.testing.assert_array_equal(x2, x_train)


def test_mnist_placed_by_hand_is_used_offline(keras_home, monkeypatch):
    target = keras_home / "datasets" / "mnist.npz"
    target.parent.mkdir(parents=True)
    monkeypatch.setattr(mnist, "FILE_HASH", _fake_npz(target))
    monkeypatch.setattr(file_utils, "_fetch", _no_fetch)
    (x_train, _), _ = mnist.load_data()
    assert x_train.shape == (6, 28, 28)


# -- digits --------------------------------------------------------------------------------

def test_digits_file_is_the_published_one():
    digest = hashlib.sha256(pathlib.Path(digits.DATA_PATH).read_bytes()).hexdigest()
    assert digest == "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
    license_text = (pathlib.Path(digits.DATA_PATH).parent / "DIGITS_LICENSE.md").read_text()
    assert "CC BY 4.0" in license_text and "Alpaydin" in license_text and "Kaynak" in license_text


def test_digits_shapes_dtypes_and_values():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.int64
    x = np.concatenate([x_train, x_test])
    y = np.concatenate([y_train, y_test])
    assert x.min() == 0 and x.max() == 16
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_digits_split_is_deterministic():
    (a, ya), (b, yb) = digits.load_data(seed=1)
    (c, yc), (d, yd) = digits.load_data(seed=1)
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(yb, yd)
    (e, _), _ = digits.load_data(seed=2)
    assert not np.array_equal(a, e)
    # the first image of the unshuffled file is a 0; a seed only permutes rows
    rows = digits._read_rows()
    order = np.random.RandomState(1).permutation(1797)
    np.testing.assert_array_equal(a[0].ravel(), rows[order[0], :64])


def test_digits_test_split_argument():
    (x_train, _), (x_test, _) = digits.load_data(test_split=0.5)
    assert len(x_train) == 898 and len(x_test) == 899
    (x_train, _), (x_test, _) = digits.load_data(test_split=0.0)
    assert len(x_train) == 1797 and len(x_test) == 0
    with pytest.raises(ValueError, match="test_split"):
        digits.load_data(test_split=1.0)
