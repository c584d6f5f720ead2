"""Laying out a :class:`~dunning_tui.documents.letters.Letter` on A4 with fpdf2.

Text is set in DejaVu Sans, a Unicode TrueType font, so accents and non-Latin names print as
typed. The font files ship with the package (``documents/fonts``, DejaVu licence alongside); a
system DejaVu is the second choice. Only if neither can be read does the letter fall back to the
PDF core font Helvetica, which knows Latin-1 only: other characters then print as ``?`` and the
letter carries a warning (see :func:`unicode_font`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dunning_tui.documents.letters import Letter, Table

FONT_FAMILY = "DejaVu"
_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_SYSTEM_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "~/.local/share/fonts",
)
MARGIN = 20.0
LINE = 5.0


@dataclass(frozen=True, slots=True)
class FontChoice:
    regular: Path | None
    bold: Path | None

    @property
    def unicode(self) -> bool:
        return self.regular is not None


def unicode_font() -> FontChoice:
    """The DejaVu Sans files to embed: the packaged ones, else a system copy, else none (Helvetica)."""
    from importlib import resources

    packaged = Path(str(resources.files("dunning_tui.documents").joinpath("fonts")))
    for folder in (packaged, *(Path(p).expanduser() for p in _SYSTEM_DIRS)):
        regular, bold = (folder / name for name in _FILES)
        if regular.is_file():
            return FontChoice(regular, bold if bold.is_file() else regular)
    return FontChoice(None, None)


def _latin1(text: str) -> str:
    """What Helvetica can print: Latin-1, with the usual typographic characters simplified."""
    simpler = {
        "\u202f": " ", "\u00a0": " ", "\u2009": " ", "–": "-", "—": "-", "’": "'", "‘": "'",
        "“": '"', "”": '"', "…": "...", "€": "EUR", "•": "-",
    }  # fmt: skip
    out = "".join(simpler.get(ch, ch) for ch in text)
    return out.encode("latin-1", "replace").decode("latin-1")


def letter_pdf(letter: Letter, font: FontChoice | None = None) -> bytes:
    """The letter as PDF bytes."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    choice = font or unicode_font()
    clean = (lambda s: s) if choice.unicode else _latin1
    page_label = letter.page_label

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(family, "", 8)
            self.set_text_color(110)
            text = page_label.format(page=self.page_no(), pages="{nb}")
            self.cell(0, 5, clean(text), align="C")
            self.set_text_color(0)

    pdf = _Pdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(clean(f"{letter.title} – {letter.recipient[0] if letter.recipient else ''}"))
    pdf.set_creator("dunning-tui")
    pdf.set_lang(letter.language)
    if choice.unicode:
        assert choice.regular is not None and choice.bold is not None
        family = FONT_FAMILY
        pdf.add_font(family, "", str(choice.regular))
        pdf.add_font(family, "B", str(choice.bold))
    else:
        family = "Helvetica"
    pdf.set_margins(MARGIN, 16, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    # Sender, top left; recipient where a window envelope shows it (right, about 50 mm down).
    pdf.set_font(family, "B", 11)
    if letter.sender:
        pdf.multi_cell(85, LINE, clean(letter.sender[0]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    for line in letter.sender[1:]:
        pdf.multi_cell(85, 4.2, clean(line), new_x="LMARGIN", new_y="NEXT")
    sender_bottom = pdf.get_y()
    pdf.set_xy(110, max(46.0, 16.0))
    pdf.set_font(family, "B", 10)
    for i, line in enumerate(letter.recipient):
        if i == 1:
            pdf.set_font(family, "", 10)
        pdf.set_x(110)
        pdf.multi_cell(pdf.w - MARGIN - 110, LINE, clean(line), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), sender_bottom) + 8)
    pdf.set_font(family, "", 10)
    pdf.cell(0, LINE, clean(letter.date_line), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    if letter.banner:
        pdf.set_font(family, "B", 10)
        pdf.cell(0, LINE, clean(letter.banner.upper()), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, clean(letter.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(0, LINE, clean(letter.subject), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def paragraph(text: str) -> None:
        pdf.set_font(family, "", 9.5)
        pdf.multi_cell(0, 4.6, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    paragraph(letter.salutation)
    for text in letter.intro:
        paragraph(text)
    _table(pdf, letter.invoices, family, clean, width, FontFace, size=8.5)
    pdf.ln(4)
    if letter.penalties is not None:
        _table(pdf, letter.penalties, family, clean, width * 0.75, FontFace, size=9)
        pdf.ln(4)
    for text in letter.body:
        paragraph(text)
    pdf.ln(2)
    paragraph(letter.closing)
    pdf.ln(6)
    pdf.set_font(family, "B", 10)
    for line in letter.signature:
        pdf.cell(0, LINE, clean(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(
    pdf: Any, table: Table, family: str, clean: Any, width: float, font_face: Any, size: float
) -> None:
    """A ruled table; the header row in bold on grey, totals in bold, figures right-aligned."""
    pdf.set_font(family, "", size)
    align = tuple("RIGHT" if n else "LEFT" for n in table.numeric) or None
    headings = font_face(emphasis="BOLD", fill_color=(225, 225, 225))
    bold = font_face(emphasis="BOLD")
    with pdf.table(
        width=width,
        align="LEFT",
        col_widths=table.widths or None,
        text_align=align,
        line_height=size * 0.5,
        headings_style=headings,
        padding=1.2,
    ) as grid:
        row = grid.row()
        for cell in table.header:
            row.cell(clean(cell))
        for values in table.rows:
            row = grid.row()
            for cell in values:
                row.cell(clean(cell))
        for values in table.totals:
            # A label followed by empty cells spans them: "Total outstanding" over the first columns.
            row = grid.row(style=bold)
            span = 1
            while span < len(values) - 1 and not values[span]:
                span += 1
            row.cell(clean(values[0]), colspan=span)
            for cell in values[span:]:
                row.cell(clean(cell))
