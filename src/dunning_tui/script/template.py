"""The little template language of script lines: ``{placeholder}`` and optional ``[segments]``.

A segment in square brackets vanishes when a placeholder inside it has no value, so
``"Hello[ {contact}], this is {caller}."`` reads "Hello, this is Sam." when the contact is unknown.
A placeholder outside any segment is required: without its value the whole line is left out (or
its fallback is said instead), because half a sentence is worse than none. Double a bracket or a
brace (``[[``, ``]]``, ``{{``, ``}}``) to write it literally.

Parsing is strict (the validator reports mistakes); rendering never fails.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ESCAPES = {"{{": "{", "}}": "}", "[[": "[", "]]": "]"}


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str


@dataclass(frozen=True, slots=True)
class Segment:
    parts: tuple[str | Placeholder, ...]


Token = str | Placeholder | Segment


class TemplateError(ValueError):
    """A template that cannot be read; the message says what is wrong, in one clause."""


def parse(text: str) -> tuple[Token, ...]:
    """Split a template into literal text, placeholders and optional segments."""
    tokens: list[Token] = []
    segment: list[str | Placeholder] | None = None
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            (segment if segment is not None else tokens).append("".join(buffer))
            buffer.clear()

    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        char = text[i]
        if pair in _ESCAPES:
            buffer.append(_ESCAPES[pair])
            i += 2
            continue
        if char == "{":
            end = text.find("}", i + 1)
            if end < 0:
                raise TemplateError("a '{' is never closed (write '{{' for a literal brace)")
            name = text[i + 1 : end].strip()
            if not _NAME.fullmatch(name):
                raise TemplateError(f"'{{{name}}}' is not a placeholder name")
            flush()
            (segment if segment is not None else tokens).append(Placeholder(name))
            i = end + 1
            continue
        if char == "}":
            raise TemplateError("a '}' has no matching '{' (write '}}' for a literal brace)")
        if char == "[":
            if segment is not None:
                raise TemplateError("optional segments '[...]' cannot be nested")
            flush()
            segment = []
        elif char == "]":
            if segment is None:
                raise TemplateError("a ']' has no matching '[' (write ']]' for a literal bracket)")
            flush()
            if not any(isinstance(p, Placeholder) for p in segment):
                raise TemplateError("an optional segment '[...]' must hold a placeholder")
            tokens.append(Segment(tuple(segment)))
            segment = None
        else:
            buffer.append(char)
        i += 1
    if segment is not None:
        raise TemplateError("a '[' is never closed (write '[[' for a literal bracket)")
    flush()
    return tuple(tokens)


def placeholders(tokens: tuple[Token, ...]) -> list[str]:
    """Every placeholder name used, in order."""
    names: list[str] = []
    for token in tokens:
        parts = token.parts if isinstance(token, Segment) else (token,)
        names.extend(p.name for p in parts if isinstance(p, Placeholder))
    return names


def render(text: str, values: Mapping[str, str], *, lenient: bool = False) -> str | None:
    """Fill a template; ``None`` when a required placeholder has no value (unless ``lenient``).

    A template that does not parse is returned as it is: the validator reports it, and a call in
    progress must never stop on a typo.
    """
    try:
        tokens = parse(text)
    except TemplateError:
        return text
    out: list[str] = []
    for token in tokens:
        if isinstance(token, str):
            out.append(token)
        elif isinstance(token, Placeholder):
            value = values.get(token.name, "")
            if not value and not lenient:
                return None
            out.append(value)
        else:
            out.append(_segment(token, values))
    result = tidy("".join(out))
    if tokens and isinstance(tokens[0], Segment) and result and not out[0]:
        result = result[0].upper() + result[1:]
    return result


def _segment(segment: Segment, values: Mapping[str, str]) -> str:
    out: list[str] = []
    for part in segment.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value = values.get(part.name, "")
        if not value:
            return ""
        out.append(value)
    return "".join(out)


_SPACES = re.compile(r" {2,}")
_SPACE_BEFORE = re.compile(r" +([,.])")
_DOUBLE_COMMA = re.compile(r",(\s*,)+")
_COMMA_BEFORE_END = re.compile(r",(\s*[.?!])")
_LEADING = re.compile(r"^[\s,;:]+")


def tidy(text: str) -> str:
    """Mend what a vanished segment can leave behind: doubled spaces, orphan commas."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(",", text)
    text = _COMMA_BEFORE_END.sub(r"\1", text)
    return _LEADING.sub("", text).rstrip()
