"""``tf.flags`` / ``tf.app.flags``: absl-style command-line flags, without absl.

What TF 2.21 (absl underneath) does, and this does: ``--name=value``, ``--name value``,
``-name=value``; ``--bool`` / ``--nobool`` (``--bool=false`` too; ``--nobool=x`` is a
ValueError); ``--`` ends the flags; positional arguments may come between flags. Reading a
flag of ``FLAGS`` before any parse parses ``sys.argv`` then (TF's wrapper, where plain absl
raises), so an unknown flag there raises ``UnrecognizedFlagError``; ``tf.app.run`` parses
with ``known_only=True`` and hands unknown flags to ``main`` with the positional arguments.
Bad values raise ``IllegalFlagValueError("flag --n=abc: invalid literal for int() with base
10: 'abc'")``; a flag defined twice raises ``DuplicateFlagError``; a required flag left None
fails the parse with "Flag --x must have a value other than None.". The old keyword names
``flag_name``, ``default_value``, ``docstring`` are accepted with a warning, as TF accepts
them.

Example:
    >>> tf.app.flags.DEFINE_integer("batch_size", 32, "examples per step")
    >>> FLAGS = tf.app.flags.FLAGS
    >>> FLAGS(["prog", "--batch_size=64"]); FLAGS.batch_size
    64
"""

import csv as _csv
import logging as _logging
import os as _os
import sys as _sys
import warnings as _warnings

__all__ = [
    "FLAGS",
    "DEFINE_bool",
    "DEFINE_boolean",
    "DEFINE_enum",
    "DEFINE_float",
    "DEFINE_integer",
    "DEFINE_list",
    "DEFINE_multi_float",
    "DEFINE_multi_integer",
    "DEFINE_multi_string",
    "DEFINE_string",
    "DuplicateFlagError",
    "Error",
    "Flag",
    "FlagHolder",
    "FlagValues",
    "IllegalFlagValueError",
    "UnparsedFlagAccessError",
    "UnrecognizedFlagError",
    "ValidationError",
    "mark_flag_as_required",
    "mark_flags_as_required",
    "register_validator",
    "set_default",
    "validator",
]


class Error(Exception):
    """The base class of the flag errors (absl.flags.Error)."""


class IllegalFlagValueError(Error):
    """A flag's value cannot be parsed, or fails a validator."""


class UnrecognizedFlagError(Error):
    """A command line names a flag that is not defined."""

    def __init__(self, flagname, flagvalue=""):
        self.flagname, self.flagvalue = flagname, flagvalue
        super().__init__(f"Unknown command line flag '{flagname}'")


class DuplicateFlagError(Error):
    """A flag name is defined twice."""


class UnparsedFlagAccessError(Error):
    """Kept for code that catches it; TF's FLAGS parses ``sys.argv`` instead of raising."""


class ValidationError(Error):
    """Raised by a validator function to reject a value."""


# -- parsers ---------------------------------------------------------------------------------
def _bound_help(lower, upper, noun):
    if lower is not None and upper is not None:
        return f"{'an integer' if noun == 'integer' else 'a number'} in the range " \
               f"[{lower}, {upper}]"
    if upper is None and lower is not None:
        if lower == 0:
            return f"a non-negative {noun}"
        if lower == 1 and noun == "integer":
            return "a positive integer"
        return f"{'an integer' if noun == 'integer' else 'a number'} >= {lower}"
    if lower is None and upper is not None:
        if upper == 0:
            return f"a non-positive {noun}"
        if upper == -1 and noun == "integer":
            return "a negative integer"
        return f"{'an integer' if noun == 'integer' else 'a number'} <= {upper}"
    return "an integer" if noun == "integer" else "a number"


class _Kind:
    """How a flag's text becomes its value."""

    flag_type = "string"
    boolean = False

    def parse(self, text):
        return text

    def check(self, value):
        return value

    def help_note(self):
        return None

    def serialize(self, value):
        return "" if value is None else str(value)


class _String(_Kind):
    def parse(self, text):
        return text if isinstance(text, str) else str(text)


class _Number(_Kind):
    def __init__(self, lower=None, upper=None):
        self.lower, self.upper = lower, upper

    def check(self, value):
        if (self.lower is not None and value < self.lower) or \
                (self.upper is not None and value > self.upper):
            raise ValueError(f"{value} is not {_bound_help(self.lower, self.upper, self.noun)}")
        return value

    def help_note(self):
        return _bound_help(self.lower, self.upper, self.noun)


class _Integer(_Number):
    flag_type, noun = "int", "integer"

    def parse(self, text):
        if isinstance(text, int) and not isinstance(text, bool):
            return self.check(text)
        if not isinstance(text, str):
            raise TypeError(f"Expect argument to be a string or int, found {type(text)}")
        base = 10
        if len(text) > 2 and text[0] == "0":
            base = {"o": 8, "x": 16}.get(text[1], 10)
        return self.check(int(text, base))


class _Float(_Number):
    flag_type, noun = "float", "number"

    def parse(self, text):
        if isinstance(text, bool) or not isinstance(text, (int, float, str)):
            raise TypeError(f"Expect argument to be a string, int, or float, found "
                            f"{type(text)}")
        return self.check(float(text))


class _Boolean(_Kind):
    flag_type, boolean = "bool", True

    def parse(self, text):
        if isinstance(text, str):
            low = text.lower()
            if low in ("true", "t", "1"):
                return True
            if low in ("false", "f", "0"):
                return False
            raise ValueError("Non-boolean argument to boolean flag", text)
        if isinstance(text, (bool, int)) and text in (0, 1):
            return bool(text)
        raise TypeError(f"Non-boolean argument to boolean flag {text!r}")

    def serialize(self, value):
        return "true" if value else "false"


class _List(_Kind):
    flag_type = "list"

    def parse(self, text):
        if isinstance(text, list):
            return text
        if not text:
            return []
        try:
            return [s.strip() for s in next(_csv.reader([text], strict=True))]
        except _csv.Error as e:
            raise ValueError(f"Unable to parse the value {text!r} as a list: {e}") from None

    def help_note(self):
        return "a comma separated list"

    def serialize(self, value):
        return "" if value is None else ",".join(str(v) for v in value)


class _Enum(_Kind):
    def __init__(self, values, case_sensitive=True):
        if not values:
            raise ValueError(f"enum_values cannot be empty, found '{values}'")
        self.values, self.case_sensitive = list(values), case_sensitive

    def parse(self, text):
        if self.case_sensitive:
            if text not in self.values:
                raise ValueError(f"value should be one of <{'|'.join(self.values)}>")
            return text
        for v in self.values:
            if v.upper() == str(text).upper():
                return v
        raise ValueError(f"value should be one of <{'|'.join(self.values)}> "
                         "(case insensitive)")


class _Multi(_Kind):
    """Each value through ``item``; a list (or one value) as the default."""

    def __init__(self, item):
        self.item = item
        self.flag_type = f"multi {item.flag_type}"

    def parse(self, text):
        items = text if isinstance(text, (list, tuple)) else [text]
        return [self.item.parse(t) for t in items]

    def help_note(self):
        return "repeat this option to specify a list of values"

    def serialize(self, value):
        return "" if value is None else str(list(value))


# -- flags -----------------------------------------------------------------------------------
class Flag:
    """One flag: ``name``, ``default``, ``help``, ``value``, ``present`` (times given on the
    command line), ``using_default_value``."""

    def __init__(self, kind, name, default, help_string, module):
        self._kind, self.name, self.help, self.module = kind, name, help_string or "", module
        self.boolean = kind.boolean
        self.multi = isinstance(kind, _Multi)
        self.flag_type = kind.flag_type
        self.present = 0
        self.default = self.value = self._parse(default) if default is not None else None
        self.using_default_value = True
        self.validators = []

    def _parse(self, text):
        try:
            return self._kind.parse(text)
        except (TypeError, ValueError) as e:
            raise IllegalFlagValueError(f"flag --{self.name}={text}: {e}") from e

    def parse(self, text):
        value = self._parse(text)
        if self.multi:  # DEFINE_multi_*: each occurrence adds its values
            value = (self.value if self.present else []) + value
        self.value = value
        self.using_default_value = False
        self.present += 1

    def _set_default(self, value):
        self.default = self._parse(value) if value is not None else None
        if self.using_default_value:
            self.value = self.default

    def _usage(self):
        name = f"--[no]{self.name}" if self.boolean else f"--{self.name}"
        if isinstance(self._kind, _Enum):
            name += f": <{'|'.join(self._kind.values)}>"
        lines = [f"  {name}: {self.help}"]
        if self.default is not None:
            lines.append(f"    (default: '{self._kind.serialize(self.default)}')")
        else:
            lines.append("    (default: None)")
        note = self._kind.help_note()
        if note:
            lines.append(f"    ({note})")
        return "\n".join(lines)


class FlagHolder:
    """What ``DEFINE_*`` returns: ``.value`` reads the flag (parsing ``sys.argv`` first if
    nothing was parsed yet), ``.name``, ``.default``, ``.present``."""

    def __init__(self, flag_values, flag):
        self._flag_values, self._flag = flag_values, flag

    name = property(lambda self: self._flag.name)
    default = property(lambda self: self._flag.default)
    present = property(lambda self: bool(self._flag.present))

    @property
    def value(self):
        return getattr(self._flag_values, self._flag.name)

    def __repr__(self):
        return f"FlagHolder(name={self.name!r}, value={self.value!r})"


class FlagValues:
    """The flags and their values; ``FLAGS(argv)`` parses a command line and returns the
    arguments it left (the program name first)."""

    def __init__(self):
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False
        self.__dict__["_required"] = []  # [(name, flag)] checked after each parse
        self.__dict__["_validators"] = []  # [(names, check, message)]

    # -- reading and writing flags ---------------------------------------------------------
    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self.__dict__["_parsed"]:
            self(_sys.argv)  # TF's FLAGS parses sys.argv on a first read (absl raises)
        return flags[name].value

    def __setattr__(self, name, value):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise UnrecognizedFlagError(name, value)
        flags[name].value = value
        flags[name].using_default_value = False

    def __contains__(self, name):
        return name in self.__dict__["_flags"]

    def __getitem__(self, name):
        return self.__dict__["_flags"][name]

    def __iter__(self):
        return iter(self.__dict__["_flags"])

    def __len__(self):
        return len(self.__dict__["_flags"])

    def __dir__(self):
        return sorted(self.__dict__["_flags"])

    def is_parsed(self):
        return self.__dict__["_parsed"]

    def mark_as_parsed(self):
        self.__dict__["_parsed"] = True

    def unparse_flags(self):
        """Every flag back to its default; the next read parses ``sys.argv`` again."""
        for f in self.__dict__["_flags"].values():
            f.value, f.present, f.using_default_value = f.default, 0, True
        self.__dict__["_parsed"] = False

    def flag_values_dict(self):
        """``{name: value}`` of every flag."""
        return {n: f.value for n, f in self.__dict__["_flags"].items()}

    def get_flag_value(self, name, default):
        f = self.__dict__["_flags"].get(name)
        return default if f is None else f.value

    def set_default(self, name, value):
        if name not in self.__dict__["_flags"]:
            raise UnrecognizedFlagError(name, value)
        self.__dict__["_flags"][name]._set_default(value)

    def _register(self, flag):
        flags = self.__dict__["_flags"]
        if flag.name in flags:
            first = flags[flag.name]
            raise DuplicateFlagError(
                f"The flag '{flag.name}' is defined twice. First from {first.module}, second "
                f"from {flag.module}. Description from first occurrence: {first.help}")
        if flag.name in dir(FlagValues):
            raise Error(f"Cannot define a flag named {flag.name!r}: FLAGS has a method of "
                        "that name.")
        flags[flag.name] = flag

    # -- parsing ---------------------------------------------------------------------------
    def __call__(self, argv, known_only=False):
        """Parses ``argv`` (the program name first); returns ``[argv[0]] + `` what is left:
        positional arguments, and with ``known_only`` unknown flags and ``--`` too."""
        if isinstance(argv, (str, bytes)):
            raise TypeError("argv should be a tuple/list of strings, not bytes or string.")
        argv = list(argv)
        if not argv:
            raise ValueError("argv cannot be an empty list, and must contain the program "
                             "name as the first element.")
        flags = self.__dict__["_flags"]
        rest, unknown = [argv[0]], []
        args = argv[1:]
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                if known_only:
                    rest.append(arg)
                rest.extend(args[i:])
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            body = arg[2:] if arg.startswith("--") else arg[1:]
            name, eq, value = body.partition("=")
            flag = flags.get(name)
            if flag is not None:
                if flag.boolean:
                    flag.parse(value if eq else "true")
                elif eq:
                    flag.parse(value)
                else:
                    if i >= len(args):
                        raise Error(f"Missing value for flag {arg}")
                    flag.parse(args[i])
                    i += 1
                continue
            if name.startswith("no") and name[2:] in flags and flags[name[2:]].boolean:
                if eq:
                    raise ValueError(f"{arg} does not take an argument")
                flags[name[2:]].parse("false")
                continue
            if known_only:
                rest.append(arg)
            else:
                unknown.append(name)
        if unknown:
            raise UnrecognizedFlagError(unknown[0])
        self.__dict__["_parsed"] = True
        self._validate()
        return rest

    def _validate(self):
        for name, flag in self.__dict__["_required"]:
            if flag.value is None:
                raise IllegalFlagValueError(f"flag --{name}=None: Flag --{name} must have a "
                                            "value other than None.")
        for names, check, message in self.__dict__["_validators"]:
            values = [self.__dict__["_flags"][n].value for n in names]
            try:
                ok = check(*values)
            except ValidationError as e:
                ok, message = False, str(e)
            if not ok:
                shown = ", ".join(f"--{n}={v}" for n, v in zip(names, values))
                raise IllegalFlagValueError(f"flag {shown}: {message}")

    def get_help(self, prog=None):
        prog = _os.path.basename(prog or _sys.argv[0] or "program")
        by_module = {}
        for f in self.__dict__["_flags"].values():
            by_module.setdefault(f.module, []).append(f)
        lines = [f"       USAGE: {prog} [flags]", "flags:", ""]
        for module, fs in by_module.items():
            lines.append(f"{module}:")
            lines.extend(f._usage() for f in sorted(fs, key=lambda f: f.name))
        return "\n".join(lines)

    def __str__(self):
        return self.get_help()


FLAGS = FlagValues()

_RENAMED = {"flag_name": "name", "default_value": "default", "docstring": "help"}
_OLD_NAMES = ("Use of the keyword argument names (flag_name, default_value, docstring) is "
              "deprecated, please use (name, default, help) instead.")


def _caller_module():
    frame = _sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    name = frame.f_globals.get("__name__", "")
    return (_sys.argv[0] if _sys.argv and _sys.argv[0] else name) if name == "__main__" \
        else name


def _define(kind_factory):
    def define(*args, **kwargs):
        if any(k in kwargs for k in _RENAMED):
            for old, new in _RENAMED.items():
                if old in kwargs:
                    kwargs[new] = kwargs.pop(old)
            _logging.warning(_OLD_NAMES)  # noqa: LOG015 - TF warns on the root logger
        return kind_factory(*args, **kwargs)
    return define


def _add(kind, name, default, help, flag_values, required):
    flag_values = FLAGS if flag_values is None else flag_values
    flag = Flag(kind, name, default, help, _caller_module())
    flag_values._register(flag)
    if required:
        mark_flag_as_required(name, flag_values)
    return FlagHolder(flag_values, flag)


@_define
def DEFINE_string(name, default, help, flag_values=None, required=False, **kwargs):
    """A string flag."""
    return _add(_String(), name, default, help, flag_values, required)


@_define
def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None,
                   flag_values=None, required=False, **kwargs):
    """An integer flag (``0x``/``0o`` prefixes allowed), optionally bounded."""
    return _add(_Integer(lower_bound, upper_bound), name, default, help, flag_values, required)


@_define
def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None,
                 flag_values=None, required=False, **kwargs):
    """A float flag, optionally bounded."""
    return _add(_Float(lower_bound, upper_bound), name, default, help, flag_values, required)


@_define
def DEFINE_boolean(name, default, help, flag_values=None, required=False, **kwargs):
    """A boolean flag: ``--name``, ``--noname``, ``--name=true|false|t|f|1|0``."""
    return _add(_Boolean(), name, default, help, flag_values, required)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help, flag_values=None, required=False, **kwargs):
    """A comma-separated list of strings."""
    return _add(_List(), name, default, help, flag_values, required)


def DEFINE_enum(name, default, enum_values, help, flag_values=None,
                required=False, case_sensitive=True, **kwargs):
    """A string flag that must be one of ``enum_values``."""
    return _add(_Enum(enum_values, case_sensitive), name, default, help, flag_values,
                required)


def DEFINE_multi_string(name, default, help, flag_values=None, required=False, **kwargs):
    """A string flag that may be given several times; its value is the list."""
    return _add(_Multi(_String()), name, default, help, flag_values, required)


def DEFINE_multi_integer(name, default, help, lower_bound=None, upper_bound=None,
                         flag_values=None, required=False, **kwargs):
    """An integer flag that may be given several times; its value is the list."""
    return _add(_Multi(_Integer(lower_bound, upper_bound)), name, default, help, flag_values,
                required)


def DEFINE_multi_float(name, default, help, lower_bound=None, upper_bound=None,
                       flag_values=None, required=False, **kwargs):
    """A float flag that may be given several times; its value is the list."""
    return _add(_Multi(_Float(lower_bound, upper_bound)), name, default, help, flag_values,
                required)


def mark_flag_as_required(flag_name, flag_values=None):
    """The parse fails unless the flag ends up other than None (warns, as absl does, when
    the default is not None: the check then always passes)."""
    flag_values = FLAGS if flag_values is None else flag_values
    flag = flag_values[flag_name]
    if flag.default is not None:
        _warnings.warn(f"Flag --{flag_name} has a non-None default value; therefore, "
                       "mark_flag_as_required will pass even if flag is not specified in the "
                       "command line!", stacklevel=2)
    flag_values.__dict__["_required"].append((flag_name, flag))


def mark_flags_as_required(flag_names, flag_values=None):
    for name in flag_names:
        mark_flag_as_required(name, flag_values)


def register_validator(flag_name, checker, message="Flag validation failed",
                       flag_values=None):
    """``checker(value)`` must return True after each parse (or raise ValidationError)."""
    flag_values = FLAGS if flag_values is None else flag_values
    flag_values[flag_name]
    flag_values.__dict__["_validators"].append(([flag_name], checker, message))


def validator(flag_name, message="Flag validation failed", flag_values=None):
    """Decorator form of ``register_validator``."""
    def decorate(checker):
        register_validator(flag_name, checker, message, flag_values)
        return checker
    return decorate


def set_default(flag_holder, value):
    flag_holder._flag_values.set_default(flag_holder.name, value)
