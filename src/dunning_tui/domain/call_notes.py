"""A call's notes as stored: stamped lines, then the line being typed when the draft was saved."""

from __future__ import annotations

#: Prefix of a line that was being typed when the draft was saved (restored into the input).
PARTIAL = "✎ "
#: Prefix of such a line with the moment its typing began: ``✎@03:12 text``.
PARTIAL_AT = "✎@"


def notes_text(lines: list[str], partial: str, stamp: str = "") -> str:
    """The stored form of the notes: the stamped lines, then the unfinished line if any (with the
    moment it was begun, so that a resumed line keeps the time it was typed)."""
    stored = list(lines)
    if partial.strip():
        stored.append(f"{PARTIAL_AT}{stamp} {partial}" if stamp else PARTIAL + partial)
    return "\n".join(stored)


def split_notes(text: str) -> tuple[list[str], str, str]:
    """Inverse of :func:`notes_text`: the lines, the unfinished line and its stamp ("" if none)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[-1].startswith(PARTIAL_AT):
        stamp, _, partial = lines[-1][len(PARTIAL_AT) :].partition(" ")
        return lines[:-1], partial, stamp
    if lines and lines[-1].startswith(PARTIAL):
        return lines[:-1], lines[-1][len(PARTIAL) :], ""
    return lines, "", ""


def readable_notes(text: str) -> str:
    """The stored notes as a person reads them: the line that was being typed keeps its time and
    ends with ✎ (it was never finished), instead of the stored marker."""
    lines, partial, stamp = split_notes(text)
    if partial.strip():
        lines.append(f"{stamp} {partial} ✎" if stamp else f"{partial} ✎")
    return "\n".join(lines)
