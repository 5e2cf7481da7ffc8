"""Section roles: what a heading says about the blocks under it (priorities, activities, indicators)."""
from __future__ import annotations

import re

PRIORITY, ACTIVITY, INDICATOR, NEUTRAL, NO_ITEMS = "priority", "activity", "indicator", "neutral", "no_items"

# Headings that name the role of their section; matched at the start of the normalised heading.
ROLE_HEADINGS = [
    (INDICATOR, r"(?:prestatie|effect|beleids|output|outcome|kern)?[ -]?indicator(?:en)?|kengetallen|kpi'?s?|monitor(?:ing)? van (?:de )?doelen"),
    (PRIORITY, r"prioriteit(?:en)?|ambitie(?:s)?|"
               r"(?:(?:strategische|tactische|operationele|onze) )?(?:beleids|programma|hoofd)?doel(?:en|stelling|stellingen)?|speerpunt(?:en)?|"
               r"(?:beoogde?|maatschappelijke?) effect(?:en)?|wat (?:willen|wilden|wil) (?:we|wij) bereiken|"
               r"wat (?:willen|wilden|wil) (?:we|wij) (?:\w+ ){1,4}bereiken|waar (?:staan|gaan) (?:we|wij) voor|"
               r"beoogd resultaat|beoogde resultaten|focuspunten"),
    (ACTIVITY, r"activiteit(?:en)?|inspanning(?:en)?|maatregel(?:en)?|acties|actiepunten|projecten|"
               r"wat (?:gaan|gingen|doen|deden) (?:we|wij)(?: daarvoor| hiervoor| ervoor)? (?:doen|gedaan)?|"
               r"wat (?:hebben|heeft) (?:we|wij|de gemeente)(?: daarvoor| hiervoor| ervoor)? gedaan|wat doen (?:we|wij)|"
               r"(?:wij|we) hebben dit gedaan door|wat is (?:er )?(?:in \d{4} )?gerealiseerd|welke activiteiten|"
               r"uitvoering(?:sagenda)?|prestaties"),
    # explanations: their content is read like any other text
    (NEUTRAL, r"toelichting|ontwikkelingen|algemeen|terugblik|vooruitblik|beleidskader(?:s)?|kaders?"),
    # summaries, background and finance: restate or frame, state no items of their own
    (NO_ITEMS, r"inleiding|conclusie(?:s)?|samenvatting|context|achtergrond|financi[eë]n|wat (?:mag|gaat|heeft) het (?:ge)?kost(?:en|e)?|"
               r"risico'?s|bijlage|leeswijzer|analyse|verbonden partijen|relevante beleidsnota'?s|begrippen|lasten en baten"),
]
ROLE_PATTERNS = [(role, re.compile(rf"^(?:{pattern})\b(.*)$")) for role, pattern in ROLE_HEADINGS]
# A heading that is itself a numbered goal statement: "Prestatie 2.5.1 Meer inwoners ...", "Doel 3: ..."
GOAL_TITLE = re.compile(r"^(?:prestatie|doel|doelstelling|ambitie|speerpunt|prioriteit|opgave)\s*[\d.]*\d[\d.]*\s*[:.-]?\s+\S", re.IGNORECASE)


def normalise(heading: str) -> str:
    h = heading.lower().replace("(en)", "en").replace("(s)", "s").replace("’", "'")
    return " ".join(re.sub(r"[^\w' -]", " ", h).split())


def heading_role(heading: str) -> str | None:
    """The role a heading gives its section, or None for a heading that is a title of its own."""
    h = normalise(heading)
    for role, pattern in ROLE_PATTERNS:
        m = pattern.match(h)
        if not m:
            continue
        rest = m.group(1).split()
        # "Activiteiten: een selectie", "Wat wilden we bereiken in 2017?", but not "Doelen van het armoedebeleid zijn ..."
        if len(rest) <= 3 or role in (NEUTRAL, NO_ITEMS):
            return role
    return None


def block_roles(doc) -> tuple[list[str | None], list[bool]]:
    """For every block, the role in force there, and whether the block is a heading that names a role.

    A role runs from its heading until the next role heading or a heading of a
    higher rank. A run of bare headings naming several roles (a tab bar such as
    *Ambities / Doelen / Inspanningen* in an exported page) gives no role.
    """
    blocks = doc.blocks
    names = [heading_role(doc.block_text(b)) if b.kind == "heading" and b.level > 1 else None for b in blocks]
    # tab bars: consecutive headings with no body naming two or more roles
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "heading":
            j += 1
        run = range(i, j)
        if len({names[k] for k in run if names[k] in (PRIORITY, ACTIVITY, INDICATOR)}) >= 2 or sum(1 for k in run if names[k]) >= 3:
            for k in run:
                if names[k] in (PRIORITY, ACTIVITY, INDICATOR):
                    names[k] = NEUTRAL
        i = j + 1 if j == i else j
    roles: list[str | None] = []
    current, level = None, 0
    for block, name in zip(blocks, names):
        if block.kind == "heading":
            if name is not None:
                current, level = (None if name == NEUTRAL else name), block.level
            elif current is not None and block.level < level:
                current = None
        roles.append(current)
    return roles, [n is not None for n in names]
