"""``keras.utils.get_file``: download a file once, cache it, check its hash.

Behaves as Keras 3's ``get_file``: files land in ``$KERAS_HOME/<cache_subdir>`` (``KERAS_HOME``
defaults to ``~/.keras``; when that is not writable, ``/tmp/.keras``), a cached file whose hash
does not match is downloaded again, and a 64-character hash is sha256, a 32-character one md5.

What this version adds:

- The download is written to a temporary file next to the target and renamed into place only
  after it is complete and its hash matches, so an interrupted or corrupted download never
  leaves a file that a later run would take for a good cached copy, and two processes
  downloading the same file at once cannot see each other's half-written bytes.
- When the fetch fails (no network, HTTP error), the error names the URL, the path where the
  file is expected and its hash, so the file can be copied there by hand.
"""

import hashlib
import inspect
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import warnings
import zipfile

__all__ = ["get_file", "hash_file", "validate_file", "keras_home", "URLFetchError"]

_CHUNK = 1 << 16


class URLFetchError(OSError):
    """Downloading a file failed; the message names the URL and how to place the file by hand."""


def keras_home():
    """The Keras cache root: ``$KERAS_HOME`` if set, else ``~/.keras``.

    Returns:
        The directory as a string (it may not exist yet).
    """
    home = os.environ.get("KERAS_HOME")
    if home:
        return home
    return os.path.join(os.path.expanduser("~"), ".keras")


def _writable_base(cache_dir):
    """``cache_dir`` if it (or its nearest existing parent) is writable, else ``/tmp/.keras``."""
    base = os.path.expanduser(cache_dir)
    probe = base
    while not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if os.access(probe, os.W_OK):
        return base
    tmp = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
    return os.path.join(tmp, ".keras")


def _resolve_hasher(algorithm, file_hash=None):
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm == "auto" and file_hash is not None and len(file_hash) == 64:
        return hashlib.sha256()
    if algorithm in ("md5", "auto"):
        return hashlib.md5()
    raise ValueError(f"Unknown hash_algorithm {algorithm!r}: expected 'auto', 'sha256' or 'md5'.")


def hash_file(fpath, algorithm="sha256", chunk_size=_CHUNK):
    """The hex digest of a file.

    Args:
        fpath: path of the file.
        algorithm: ``"sha256"``, ``"md5"`` or ``"auto"`` (which means sha256 here).
        chunk_size: bytes read at a time.

    Returns:
        The digest as a lowercase hex string.

    Example:
        >>> hash_file(os.devnull)
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    hasher = hashlib.md5() if algorithm == "md5" else hashlib.sha256()
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=_CHUNK):
    """Whether the file's sha256 or md5 digest equals ``file_hash``.

    Args:
        fpath: path of the file.
        file_hash: the expected hex digest.
        algorithm: ``"sha256"``, ``"md5"`` or ``"auto"`` (sha256 for a 64-character hash).
        chunk_size: bytes read at a time.

    Returns:
        True if the digest matches.
    """
    hasher = _resolve_hasher(algorithm, file_hash)
    name = "md5" if hasher.name == "md5" else "sha256"
    return hash_file(fpath, name, chunk_size) == str(file_hash).lower()


def _fetch(origin, fileobj, progress=None):
    """Copies the bytes at URL ``origin`` into the open binary file ``fileobj``.

    ``progress(done, total)`` is called after each chunk (``total`` is None when unknown).
    Raises ``urllib.error.URLError`` (or ``OSError``) when the fetch fails. Kept as one small
    function so that tests can replace it.
    """
    import urllib.request  # imported here: it pulls in http.client and ssl (~60 ms)
    with urllib.request.urlopen(origin) as response:
        length = response.headers.get("Content-Length") if response.headers else None
        total = int(length) if length and length.isdigit() else None
        done = 0
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            fileobj.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)


def _progress_bar(fname):
    """A tqdm progress callback for ``_fetch``, shown only on a terminal."""
    from tqdm import tqdm

    state = {}

    def update(done, total):
        if "bar" not in state:
            state["bar"] = tqdm(total=total, unit="B", unit_scale=True, desc=fname,
                                disable=None, leave=False)
        bar = state["bar"]
        bar.update(done - bar.n)

    def close():
        if "bar" in state:
            state["bar"].close()

    return update, close


def _manual_hint(origin, target, file_hash, algorithm):
    digest = ""
    if file_hash is not None:
        name = _resolve_hasher(algorithm, file_hash).name
        digest = f" (expected {name} {file_hash})"
    return (f"If this machine is offline, download {origin} on another machine and copy it "
            f"to {target}{digest}; it is then used from there without a download.")


def _download(origin, target, file_hash, algorithm, fname):
    """Downloads ``origin`` to a temporary file beside ``target``, checks it, renames it."""
    directory = os.path.dirname(target)
    fd, part = tempfile.mkstemp(dir=directory, prefix=os.path.basename(target) + ".",
                                suffix=".part")
    update, close_bar = _progress_bar(fname)
    try:
        with os.fdopen(fd, "wb") as f:
            try:
                _fetch(origin, f, update)
            except urllib.error.HTTPError as e:
                raise URLFetchError(
                    f"URL fetch failure on {origin}: {e.code} -- {e.msg}. "
                    + _manual_hint(origin, target, file_hash, algorithm)) from e
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", None) or e
                raise URLFetchError(
                    f"URL fetch failure on {origin}: {reason}. "
                    + _manual_hint(origin, target, file_hash, algorithm)) from e
            f.flush()
            os.fsync(f.fileno())
        if file_hash is not None and not validate_file(part, file_hash, algorithm):
            name = _resolve_hasher(algorithm, file_hash).name
            raise ValueError(
                f"Incomplete or corrupted file detected. The {name} file hash of the data "
                f"downloaded from {origin} does not match the provided value of {file_hash}; "
                f"nothing was written to {target}.")
        os.replace(part, target)
    except BaseException:
        if os.path.exists(part):
            os.remove(part)
        raise
    finally:
        close_bar()


def _is_within(base, path):
    base = os.path.realpath(base)
    path = os.path.realpath(os.path.join(base, path))
    return os.path.commonpath([base, path]) == base


def _extract_archive(file_path, path, archive_format="auto"):
    """Extracts a tar or zip archive into ``path``, skipping members that would land outside.

    Returns:
        True if the file was an archive of an accepted format and was extracted.
    """
    import tarfile
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    for kind in archive_format:
        if kind == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                members = [m for m in archive.getmembers() if _is_within(path, m.name)
                           and not (m.issym() or m.islnk())]
                if "filter" in inspect.signature(archive.extractall).parameters:
                    archive.extractall(path, members=members, filter="data")
                else:  # Python < 3.11.4: links were already dropped above
                    archive.extractall(path, members=members)
            return True
        if kind == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                members = [m for m in archive.infolist() if _is_within(path, m.filename)]
                archive.extractall(path, members=members)
            return True
        if kind not in ("tar", "zip"):
            raise ValueError(f"Unknown archive_format {kind!r}: expected 'tar' or 'zip'.")
    return False


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False):
    """Downloads a file from a URL unless it is already in the cache; returns its path.

    The file from ``origin`` is saved as ``<cache_dir>/<cache_subdir>/<fname>``: by default
    ``~/.keras/datasets/<fname>`` (``$KERAS_HOME`` replaces ``~/.keras``). A cached file is
    used as it is unless ``file_hash`` is given and does not match, in which case it is
    downloaded again. Downloads go to a temporary file that is renamed into place only once
    complete and verified.

    Args:
        fname: local file name; ``None`` takes the last part of the URL's path. Must not
            contain a directory separator (use ``cache_dir``/``cache_subdir``).
        origin: the URL (``https://``, ``http://``, ``ftp://`` or ``file://``).
        untar: deprecated; same as ``extract=True, archive_format="tar"``.
        md5_hash: deprecated; same as ``file_hash`` with ``hash_algorithm="md5"``.
        file_hash: expected sha256 (64 hex characters) or md5 (32) digest of the file.
        cache_subdir: folder under the cache root; an absolute path is used as it is.
        hash_algorithm: ``"auto"``, ``"sha256"`` or ``"md5"``.
        extract: extract the file (tar, tar.gz, tar.bz2, zip) and return the folder.
        archive_format: ``"auto"``, ``"tar"``, ``"zip"`` or a list of those.
        cache_dir: the cache root; default ``$KERAS_HOME`` or ``~/.keras``.
        force_download: download even if a good cached copy exists.

    Returns:
        The path of the file, or of the extraction folder when ``extract`` is set.

    Raises:
        ValueError: no ``origin``; ``fname`` contains a separator; the downloaded file's hash
            does not match ``file_hash``.
        URLFetchError: the download failed (offline, HTTP error); the message says where to
            put the file by hand.

    Example:
        >>> path = get_file("mnist.npz",  # doctest: +SKIP
        ...     origin="https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz")
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash = md5_hash
        hash_algorithm = "md5"
    _resolve_hasher(hash_algorithm, file_hash)  # reject an unknown algorithm early

    datadir_base = _writable_base(keras_home() if cache_dir is None else os.fspath(cache_dir))
    datadir = os.path.join(datadir_base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    provided_fname = fname is not None and os.fspath(fname) != ""
    if not provided_fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(f"Can't parse the file name from the origin provided: {origin!r}. "
                             "Please specify the `fname` argument.")
    else:
        fname = os.fspath(fname)
        if os.sep in fname or (os.altsep and os.altsep in fname):
            raise ValueError(
                "Paths are not accepted as the `fname` argument. To choose the file's folder, "
                f"use the `cache_dir` or `cache_subdir` argument. Received: fname={fname}")

    extraction_dir = None
    if extract or untar:
        if provided_fname and "." in fname:
            download_target = os.path.join(datadir, fname)
            stem = fname[: fname.find(".")]
            extraction_dir = os.path.join(datadir, f"{stem}_extracted")
        else:
            extraction_dir = os.path.join(datadir, fname)
            download_target = os.path.join(datadir, f"{fname}_archive")
    else:
        download_target = os.path.join(datadir, fname)

    download = force_download or not os.path.exists(download_target)
    if not download and file_hash is not None:
        if not validate_file(download_target, file_hash, hash_algorithm):
            name = _resolve_hasher(hash_algorithm, file_hash).name
            print(f"A local file was found at {download_target}, but it seems to be incomplete "
                  f"or outdated because its {name} file hash does not match the original value "
                  f"of {file_hash} so we will re-download the data.")
            download = True

    if download:
        print(f"Downloading data from {origin}")
        _download(origin, download_target, file_hash, hash_algorithm, fname)

    if extraction_dir is not None:
        if untar:
            archive_format = "tar"
        if download and os.path.exists(extraction_dir):
            shutil.rmtree(extraction_dir)
        if not _extract_archive(download_target, extraction_dir, archive_format):
            warnings.warn(f"Could not extract archive {download_target}.", stacklevel=2)
        return extraction_dir
    return download_target
