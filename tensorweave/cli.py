"""The ``tensorweave`` command.

    tensorweave board LOGDIR [--port 6006] [--host localhost] [TENSORBOARD OPTIONS…]

``board`` starts TensorBoard on ``LOGDIR`` (every subdirectory holding event files is a run)
and serves until Ctrl+C. Options it does not know (``--reload_interval=5``,
``--load_fast=false`` …) go to TensorBoard unchanged; ``--port 0`` picks a free port (the
URL is printed). It is the same as ``tensorboard --logdir LOGDIR`` and needs the extra:
``pip install 'tensorweave[tensorboard]'``.
"""

import argparse
import os
import sys

from . import errors as _errors

__all__ = ["main"]


def _parser():
    parser = argparse.ArgumentParser(
        prog="tensorweave", description="tensorweave command-line tools.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    board = commands.add_parser(
        "board", help="start TensorBoard on a log directory",
        description="Start TensorBoard on LOGDIR. Unknown options are passed to tensorboard "
                    "(e.g. --reload_interval=5); --port 0 picks a free port.")
    board.add_argument("logdir", help="log directory written by FileWriter / "
                                      "create_file_writer")
    board.add_argument("--port", type=int, default=6006, help="port to serve on (default "
                                                              "6006; 0: any free port)")
    board.add_argument("--host", default="localhost", help="address to bind (default "
                                                           "localhost)")
    board.set_defaults(run=_board)
    return parser


def tensorboard_argv(args, extra):
    """The tensorboard command line for ``tensorweave board``'s arguments."""
    return ["tensorboard", "--logdir", os.fspath(args.logdir), "--port", str(args.port),
            "--host", args.host, *extra]


def _board(args, extra):
    _errors.require("tensorboard", "tensorboard")
    if not os.path.isdir(args.logdir):
        print(f"tensorweave board: {args.logdir!r} does not exist yet; TensorBoard will show "
              "runs as they appear.", file=sys.stderr)
    from absl import app
    from tensorboard import default, main_lib, program
    from tensorboard.plugins import base_plugin

    main_lib.global_init()
    board = program.TensorBoard(plugins=default.get_plugins())
    try:
        app.run(board.main, argv=tensorboard_argv(args, extra), flags_parser=board.configure)
    except base_plugin.FlagsError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    """Entry point of the ``tensorweave`` command; returns the exit status."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if args.command != "board" and extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.run(args, extra)
    except _errors.MissingExtraError as e:
        print(f"tensorweave {args.command}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
