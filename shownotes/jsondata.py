"""Dataclasses to JSON and back, led by their fields' type hints: a record that can hold data
but never run code. A new field needs no change here; what does not fit the hints is refused.

Values typed `Any` (front matter kept as it was read) carry a tag for what JSON has no word for:
`{"~": "date", "v": "2024-05-31"}`. Such a value is never a plain JSON object, so a tag is
never mistaken for data.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime
import math
import signal
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar


def _import_orjson() -> Any:
    """orjson, imported with Ctrl-C and SIGTERM held back: a signal that lands while its module starts
    up makes Python crash with a segfault (orjson 3.13) instead of stopping cleanly."""
    if not hasattr(signal, "pthread_sigmask"):
        import orjson
        return orjson
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        import orjson
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return orjson


orjson = _import_orjson()

T = TypeVar("T")
Convert = Callable[[Any], Any]
_INT_LIMIT = 2**63  # orjson writes 64-bit integers; bigger ones go as text
TAG = "~"


class Unfit(ValueError):
    """The JSON does not hold what the type hints say: an old, foreign or damaged record."""


def dumps(value: object, kind: Any, names: dict[str, Any] | None = None) -> bytearray:
    """`value` (of type `kind`) as JSON bytes; TypeError or ValueError if it holds what JSON cannot.

    A dataclass's fields and a str-keyed dict's entries are converted and written one at a time,
    into one growing buffer: a record of thousands of episodes is never held whole as the plain
    values JSON is made from, nor as pieces of JSON waiting to be joined."""
    out = bytearray()
    _write(out, value, kind, _names(names))
    return out


def _write(out: bytearray, value: Any, kind: Any, names: tuple[tuple[str, Any], ...]) -> None:
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind, localns=dict(names))
        out += b"{"
        for i, f in enumerate(f for f in dataclasses.fields(kind) if f.init):
            out += b',"' if i else b'"'
            out += f.name.encode() + b'":'
            _write(out, getattr(value, f.name), hints[f.name], names)
        out += b"}"
    elif typing.get_origin(kind) is dict and typing.get_args(kind)[0] is str:
        convert = _converters(typing.get_args(kind)[1], names)[0]
        out += b"{"
        for i, (key, item) in enumerate(value.items()):
            if i:
                out += b","
            out += orjson.dumps(key) + b":" + orjson.dumps(convert(item))
        out += b"}"
    else:
        out += orjson.dumps(_converters(kind, names)[0](value))


def loads(data: bytes, kind: type[T], names: dict[str, Any] | None = None) -> T:
    """The value of type `kind` that `data` holds; Unfit if it holds anything else.

    `names` resolves type hints a module imports only for type checking."""
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise Unfit(f"not JSON: {error}") from None
    hint: Any = kind
    result: T = _converters(hint, _names(names))[1](parsed)
    return result


def _names(names: dict[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((names or {}).items()))


@lru_cache(maxsize=None)
def _converters(kind: Any, names: tuple[tuple[str, Any], ...]) -> tuple[Convert, Convert]:
    """(to JSON, from JSON) for one type hint, built once."""
    if kind is Any:
        return _any_out, _any_in
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass(kind, names)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise TypeError(f"only `X | None` unions can be recorded, not {kind}")
        out, back = _converters(rest[0], names)
        return (lambda v: None if v is None else out(v)), (lambda v: None if v is None else back(v))
    if origin is tuple:
        return _tuple(args, names)
    if origin is list:
        out, back = _converters(args[0], names)
        return (lambda v: [out(x) for x in v]), (lambda v: [back(x) for x in _list(v)])
    if origin is dict:
        return _dict(args, names)
    if kind in _SCALARS:
        return _SCALARS[kind]
    raise TypeError(f"no JSON form for {kind!r}")


def _dataclass(kind: type, names: tuple[tuple[str, Any], ...]) -> tuple[Convert, Convert]:
    hints = typing.get_type_hints(kind, localns=dict(names))
    fields = [f for f in dataclasses.fields(kind) if f.init]
    required = {f.name for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    table: dict[str, tuple[Convert, Convert]] = {}

    def out(value: Any) -> dict[str, Any]:
        return {f.name: table[f.name][0](getattr(value, f.name)) for f in fields}

    def back(value: Any) -> Any:
        if not isinstance(value, dict):
            raise Unfit(f"expected an object for {kind.__name__}")
        unknown = set(value) - set(table)
        if unknown or not required <= set(value):
            raise Unfit(f"{kind.__name__} fields differ: {sorted(unknown)} {sorted(required - set(value))}")
        try:
            return kind(**{name: table[name][1](item) for name, item in value.items()})
        except (TypeError, ValueError) as error:  # a __post_init__ that checks its values
            raise Unfit(f"{kind.__name__}: {error}") from None

    for f in fields:  # after out/back exist, so a class that holds itself (TocEntry's children) resolves
        table[f.name] = _Lazy(hints[f.name], names).pair()
    return out, back


class _Lazy:
    """Converters looked up on first use, for hints that refer back to the class being built."""

    def __init__(self, kind: Any, names: tuple[tuple[str, Any], ...]) -> None:
        self.kind, self.names = kind, names
        self.found: tuple[Convert, Convert] | None = None

    def pair(self) -> tuple[Convert, Convert]:
        return (lambda v: self._get()[0](v)), (lambda v: self._get()[1](v))

    def _get(self) -> tuple[Convert, Convert]:
        if self.found is None:
            self.found = _converters(self.kind, self.names)
        return self.found


def _tuple(args: tuple[Any, ...], names: tuple[tuple[str, Any], ...]) -> tuple[Convert, Convert]:
    if len(args) == 2 and args[1] is Ellipsis:
        out, back = _converters(args[0], names)
        return (lambda v: [out(x) for x in v]), (lambda v: tuple(back(x) for x in _list(v)))
    pairs = [_converters(a, names) for a in args]

    def back_fixed(value: Any) -> tuple[Any, ...]:
        items = _list(value)
        if len(items) != len(pairs):
            raise Unfit(f"expected {len(pairs)} items, found {len(items)}")
        return tuple(p[1](x) for p, x in zip(pairs, items))

    return (lambda v: [p[0](x) for p, x in zip(pairs, v)]), back_fixed


def _dict(args: tuple[Any, ...], names: tuple[tuple[str, Any], ...]) -> tuple[Convert, Convert]:
    key_out, key_in = _converters(args[0], names)
    value_out, value_in = _converters(args[1], names)
    if args[0] is str:
        def back(value: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise Unfit("expected an object")
            return {k: value_in(v) for k, v in value.items()}
        return (lambda v: {k: value_out(x) for k, x in v.items()}), back
    return ((lambda v: [[key_out(k), value_out(x)] for k, x in v.items()]),
            (lambda v: {key_in(k): value_in(x) for k, x in (_pair(p) for p in _list(v))}))


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise Unfit(f"expected a list, found {type(value).__name__}")
    return value


def _pair(value: Any) -> list[Any]:
    items = _list(value)
    if len(items) != 2:
        raise Unfit("expected a [key, value] pair")
    return items


def _checked(kind: type, name: str) -> Convert:
    def back(value: Any) -> Any:
        if type(value) is not kind:
            raise Unfit(f"expected {name}, found {type(value).__name__}")
        return value
    return back


def _int_out(value: int) -> Any:
    return value if -_INT_LIMIT < value < _INT_LIMIT else {TAG: "int", "v": str(value)}


def _int_in(value: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, dict) and value.get(TAG) == "int" and isinstance(value.get("v"), str):
        try:
            return int(value["v"])
        except ValueError:
            pass
    raise Unfit(f"expected a whole number, found {type(value).__name__}")


def _float_out(value: float) -> Any:
    return value if math.isfinite(value) else {TAG: "float", "v": repr(value)}


def _float_in(value: Any) -> float:
    if type(value) in (int, float):
        return float(value)
    if isinstance(value, dict) and value.get(TAG) == "float" and value.get("v") in ("nan", "inf", "-inf"):
        return float(value["v"])
    raise Unfit(f"expected a number, found {type(value).__name__}")


def _date_in(value: Any) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unfit(f"expected a date, found {value!r:.40}") from None


def _time_in(value: Any) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unfit(f"expected a time of day, found {value!r:.40}") from None


def _datetime_in(value: Any) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unfit(f"expected a date and time, found {value!r:.40}") from None


def _bytes_in(value: Any) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (TypeError, ValueError):
        raise Unfit("expected bytes in base64") from None


def _path_in(value: Any) -> Path:
    if not isinstance(value, str) or "\0" in value:
        raise Unfit("expected a path")
    return Path(value)


_SCALARS: dict[Any, tuple[Convert, Convert]] = {
    str: (lambda v: v, _checked(str, "text")),
    bool: (lambda v: v, _checked(bool, "true or false")),
    int: (_int_out, _int_in),
    float: (_float_out, _float_in),
    type(None): (lambda v: None, lambda v: None if v is None else _checked(type(None), "null")(v)),
    datetime.date: (lambda v: v.isoformat(), _date_in),
    datetime.time: (lambda v: v.isoformat(), _time_in),
    datetime.datetime: (lambda v: v.isoformat(), _datetime_in),
    Path: (lambda v: str(v), _path_in),
    bytes: (lambda v: base64.b64encode(v).decode("ascii"), lambda v: _bytes_in(v)),
}


# --- Values typed Any: whatever YAML's safe loader makes --------------------------------------

def _any_out(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return _int_out(value)
    if isinstance(value, float):
        return _float_out(value)
    if isinstance(value, list):
        return [_any_out(v) for v in value]
    if isinstance(value, dict):
        return {TAG: "map", "v": [[_any_out(k), _any_out(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {TAG: "tuple", "v": [_any_out(v) for v in value]}
    if isinstance(value, datetime.datetime):
        return {TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {TAG: "date", "v": value.isoformat()}
    if isinstance(value, bytes):
        return {TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        return {TAG: "set", "v": [_any_out(v) for v in value]}
    raise TypeError(f"no JSON form for a {type(value).__name__}")


def _any_in(value: Any) -> Any:
    if value is None or type(value) in (bool, str, int, float):
        return value
    if isinstance(value, list):
        return [_any_in(v) for v in value]
    if not isinstance(value, dict) or set(value) != {TAG, "v"}:
        raise Unfit("expected a tagged value")
    tag, inner = value[TAG], value["v"]
    try:
        if tag == "map":
            return {_any_in(k): _any_in(v) for k, v in (_pair(p) for p in _list(inner))}
        if tag == "tuple":
            return tuple(_any_in(v) for v in _list(inner))
        if tag == "set":
            return {_any_in(v) for v in _list(inner)}
        if tag == "datetime":
            return datetime.datetime.fromisoformat(inner)
        if tag == "date":
            return _date_in(inner)
        if tag == "bytes":
            return base64.b64decode(inner, validate=True)
        if tag == "int":
            return _int_in(value)
        if tag == "float":
            return _float_in(value)
    except (TypeError, ValueError) as error:  # unhashable keys, bad base64, bad dates
        raise Unfit(f"bad {tag!r} value: {error}") from None
    raise Unfit(f"unknown tag {tag!r}")
