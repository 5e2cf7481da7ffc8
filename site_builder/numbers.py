"""Numbers and units as a Dutch reader writes them: 4.500, 8,4, 45 mln; a unit printed once."""
from __future__ import annotations

import math

# units a count needs no word for: "800", not "800 aantal"
SILENT_UNITS = {"aantal", "aantallen", "absoluut", "#"}


def format_nl(number: float, decimals: int | None = None) -> str:
    """4500 -> "4.500", 8.4 -> "8,4", 45_000_000 -> "45 mln", 2.5e9 -> "2,5 mld"; at most 2 decimals
    unless `decimals` says how many."""
    for size, word in ((1e9, "mld"), (1e6, "mln")):
        if abs(number) >= size:
            return f"{format_nl(number / size, decimals)} {word}"
    if decimals is None:
        decimals = next((d for d in range(3) if math.isclose(round(number, d), number, abs_tol=1e-9)), 2)
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_count(n: int) -> str:
    """A count with a thousands point (12.345); never in mln, a count of items is read whole."""
    return f"{n:,}".replace(",", ".")


def with_unit(printed: str, unit: str | None) -> str:
    """The printed value with its unit, unless the value already shows it ("62,5 %", "40 mln euro") or
    the unit only says it is a count."""
    printed, unit = str(printed).strip(), (unit or "").strip()
    if not unit or unit.lower() in SILENT_UNITS or not any(c.isdigit() for c in printed):
        return printed
    shown = printed.lower().replace(" ", "")
    words = unit.lower().replace(" ", "")
    if words in shown or (unit in ("%", "procent") and ("%" in printed or "procent" in shown)):
        return printed
    if unit.lower() in ("euro", "€") and ("€" in printed or "euro" in shown):
        return printed
    return f"{printed} {unit}" if unit != "%" else f"{printed}%"


def value_text(value: dict, item_unit: str | None = None) -> str:
    """An indicator value as shown on the site: as printed in the report, with its unit once."""
    return with_unit(value.get("printed", value.get("value", "")), value.get("unit") or item_unit)
