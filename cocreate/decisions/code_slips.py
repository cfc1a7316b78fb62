"""The printable sheet of voting codes: A4 pages of slips to cut apart, one code per slip, with the vote's title, the
address where to vote and what to do. Made once, in the response that creates the batch, and never stored.

The text uses fpdf2's core fonts (Helvetica, Courier), whose Latin-1 covers German and Spanish; the few typographic
characters beyond it (curly quotes, dashes, the euro sign) are written as their plain equivalents."""

import unicodedata

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

PAGE_WIDTH, PAGE_HEIGHT = 210, 297  # A4, millimetres
COLUMNS, ROWS = 2, 4
SLIP_WIDTH, SLIP_HEIGHT = PAGE_WIDTH / COLUMNS, PAGE_HEIGHT / ROWS
MARGIN = 8
PLAIN = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-", "…": "..."})


def latin1(text: str) -> str:
    """The text in the core fonts' Latin-1: typographic marks made plain, other letters without their accents when
    they have no Latin-1 form, anything else as "?"."""
    text = str(text).translate(PLAIN).replace("€", "EUR")
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def slips_pdf(*, title: str, vote_url: str, codes: list[str], label: str = "", district: str = "") -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(latin1(title))
    pdf.set_creator("Cocreate")
    width = SLIP_WIDTH - 2 * MARGIN
    pdf.add_page()
    _cut_lines(pdf)
    # Every slip says the same around its code: the text is wrapped once, then each slip only places lines, which
    # keeps 10,000 codes to seconds.
    pdf.set_font("Helvetica", "B", 11)
    title_lines = _wrap(pdf, latin1(title), width)[:2]
    pdf.set_font("Helvetica", "", 8)
    url_lines = _wrap(pdf, f"{latin1(_('Vote at:'))} {latin1(vote_url)}", width)[:2]
    instruction_lines = _wrap(
        pdf,
        latin1(
            _(
                "Open the address above, choose the projects you want and type this code when asked. The code "
                "works once; keep it to yourself until you have voted."
            )
        ),
        width,
    )[:5]
    heading = latin1(_("Your voting code"))
    footer = latin1(" · ".join(part for part in (label, district) if part))
    per_page = COLUMNS * ROWS
    for index, code in enumerate(codes):
        if index and index % per_page == 0:
            pdf.add_page()
            _cut_lines(pdf)
        slot = index % per_page
        x = (slot % COLUMNS) * SLIP_WIDTH + MARGIN
        y = (slot // COLUMNS) * SLIP_HEIGHT + MARGIN + 4  # text() places the baseline
        pdf.set_font("Helvetica", "B", 11)
        for line in title_lines:
            pdf.text(x, y, line)
            y += 5
        pdf.set_font("Helvetica", "", 9)
        pdf.text(x, y + 1, heading)
        pdf.set_font("Courier", "B", 18)
        pdf.text(x, y + 9, code)
        y += 15
        pdf.set_font("Helvetica", "", 8)
        for line in url_lines + instruction_lines:
            pdf.text(x, y, line)
            y += 4
        if footer:
            pdf.set_font("Helvetica", "I", 7)
            pdf.text(x, (slot // COLUMNS + 1) * SLIP_HEIGHT - MARGIN, footer)
    return bytes(pdf.output())


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    return pdf.multi_cell(width, 4, text, dry_run=True, output=MethodReturnValue.LINES)


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)
    for column in range(1, COLUMNS):
        pdf.line(column * SLIP_WIDTH, 0, column * SLIP_WIDTH, PAGE_HEIGHT)
    for row in range(1, ROWS):
        pdf.line(0, row * SLIP_HEIGHT, PAGE_WIDTH, row * SLIP_HEIGHT)
    pdf.set_dash_pattern()
