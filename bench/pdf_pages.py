#!/usr/bin/env python3
"""PDF reading speed: pages/s of the reader against raw pypdfium2 text extraction and against pdfplumber.

    python bench/pdf_pages.py [--pages 300] [--repeat 3]

Writes two reports of `--pages` pages with reportlab (a running header, a page number, a heading, four
sub-headings with six-line paragraphs and a bullet per page; one of them with a ruled table on every tenth
page) and reads each `--repeat` times: with `corpus.pdf_reader.read_pdf` (pypdfium2, pdfplumber for the
pages that may hold a table), with raw pypdfium2 (`get_text_range` of every page: the floor), and with
pdfplumber for every page (the reader before pypdfium2). Prints the best pages/s of each.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORDS = ("gemeente inwoners schuldhulpverlening armoede minimaregeling participatie jongeren vroegsignalering "
         "inkomen bijzondere bijstand wijkteam preventie budgetcoaching energietoeslag kinderen").split()


def make_report(path: Path, pages: int, tables: bool) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for p in range(1, pages + 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, height - 40, "Gemeente Teststad - Jaarverslag 2022")
        c.drawString(width / 2, 30, str(p))
        y = height - 90
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, y, f"Hoofdstuk {p} {WORDS[p % len(WORDS)]}")
        y -= 28
        for para in range(4):
            c.setFont("Helvetica-Bold", 12)
            c.drawString(72, y, f"Paragraaf {p}.{para + 1}")
            y -= 18
            c.setFont("Helvetica", 10)
            for line in range(6):
                c.drawString(72, y, " ".join(WORDS[(p * 7 + para * 5 + line * 3 + k) % len(WORDS)] for k in range(11)) + "." * (line == 5))
                y -= 13
            c.drawString(72, y - 8, f"- actiepunt {p}.{para} voor {WORDS[para]}")
            y -= 28
        if tables and p % 10 == 0:
            t = Table([["Indicator", "2021", "2022"], ["Bereik", f"{p}%", "65%"], ["Schuldhulp", "1.200", "1.350"]],
                      style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])
            t.wrapOn(c, width, height)
            t.drawOn(c, 72, y - 70)
        c.showPage()
    c.save()


def raw_pdfium(data: bytes) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def best_pages_per_s(read, data: bytes, pages: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):  # the reader's progress lines
            read(data)
        times.append(time.perf_counter() - start)
    return pages / min(times)


def main() -> int:
    p = argparse.ArgumentParser(prog="bench/pdf_pages.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=300)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    from corpus import pdf_reader

    with tempfile.TemporaryDirectory() as tmp:
        for tables in (False, True):
            path = Path(tmp) / "report.pdf"
            make_report(path, args.pages, tables)
            data = path.read_bytes()
            reader = best_pages_per_s(lambda d: pdf_reader.read_pdf(path, d), data, args.pages, args.repeat)
            raw = best_pages_per_s(raw_pdfium, data, args.pages, args.repeat)
            may_hold_table = pdf_reader._may_hold_table
            pdf_reader._may_hold_table = lambda page: True  # every page through pdfplumber
            try:
                plumber = best_pages_per_s(lambda d: pdf_reader.read_pdf(path, d), data, args.pages, args.repeat)
            finally:
                pdf_reader._may_hold_table = may_hold_table
            label = "a ruled table on every tenth page" if tables else "no tables"
            print(f"{args.pages} pages, {label}: reader {reader:.0f} pages/s = {reader / raw:.0%} of raw pypdfium2 "
                  f"({raw:.0f} pages/s); pdfplumber on every page {plumber:.1f} pages/s (the reader is {reader / plumber:.0f}x as fast)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
