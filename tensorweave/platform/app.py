"""``tf.app``: ``run`` and ``flags`` (the same module as ``tf.flags``)."""

import sys as _sys

from . import flags

__all__ = ["flags", "run"]

_HELP = ("--help", "-help", "-h", "--helpshort", "-helpshort", "--helpfull", "-helpfull",
         "-?")


def run(main=None, argv=None):
    """Parses the flags in ``argv`` (default ``sys.argv``), then ``sys.exit(main(rest))``.

    As TF 2.21's ``tf.app.run``: ``main`` defaults to ``__main__.main``; flags are parsed
    with ``known_only=True``, so unknown flags reach ``main`` with the positional arguments
    (``rest[0]`` is the program name); a bad flag value raises (``IllegalFlagValueError``);
    ``--help`` prints the flags to stdout and exits with status 1; ``main``'s return value is
    the exit status.
    """
    main = main or _sys.modules["__main__"].main
    args = _sys.argv if argv is None else argv
    before_dashes = list(args[1:])
    if "--" in before_dashes:
        before_dashes = before_dashes[:before_dashes.index("--")]
    if any(a in _HELP for a in before_dashes):
        _sys.stdout.write(flags.FLAGS.get_help(args[0] if args else None) + "\n")
        _sys.exit(1)
    rest = flags.FLAGS(args, known_only=True)
    _sys.exit(main(rest))
