"""The build report: what was built, what was skipped, how long each stage took."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, fields

from common.progress import logger
from nlp.model import KINDS
from site_builder.content import BuildInfo

log = logger(__name__)


@dataclass
class BuildReport(BuildInfo):
    """Filled in stage by stage: BuildInfo's facts (info() copies them for the pages), what was redone, and
    the timings; summary() is what the build prints."""

    reanalysed: int = 0
    reindexed: int = 0
    rendered: int = 0  # documents whose pages were rendered (the others' were copied from the last site)
    up_to_date: str | None = None  # the last build's summary, when nothing changed since
    stage_s: dict[str, float] = field(default_factory=dict)

    total_s: float = 0.0  # wall time of the build (the index and site stages run side by side)

    @contextmanager
    def stage(self, name: str):
        self.begin(name)
        start = time.perf_counter()
        yield
        self.done(name, time.perf_counter() - start)

    def begin(self, name: str) -> None:
        log.info("[%s] ...", name)

    def done(self, name: str, seconds: float) -> None:
        self.stage_s[name] = round(seconds, 3)
        log.info("[%s] done in %.2f s", name, seconds)

    def info(self) -> BuildInfo:
        """The deterministic part (no timings): what the pages and data/build.json show."""
        return BuildInfo(**{f.name: getattr(self, f.name) for f in fields(BuildInfo)})

    def _stage_times(self) -> list[str]:
        side_by_side = ("index", "site")
        times = [f"{k} {v:.2f} s" for k, v in self.stage_s.items() if k not in side_by_side]
        if all(k in self.stage_s for k in side_by_side):
            times.append(" beside ".join(f"{k} {self.stage_s[k]:.2f} s" for k in side_by_side))
        return times

    def summary(self) -> str:
        if self.up_to_date:
            return f"Nothing changed since the last build; the site is up to date ({self.stage_s['read']:.2f} s).\n{self.up_to_date}"
        lines = [
            f"Built {self.documents} documents with {self.pipeline}",
            *([f"Statement model {self.model['version']}, trained on {self.model['documents']} documents of "
               f"{self.model['municipalities']} municipalities (leave-one-municipality-out micro F1 "
               f"{self.model['cross_validation']['micro']['f1']:.2f})"] if self.model.get("cross_validation") else []),
            "Items: " + ", ".join(f"{n} {kind}" for kind, n in self.items.items()),
            f"Reanalysed {self.reanalysed}, reindexed {self.reindexed}, rendered the pages of {self.rendered} documents",
            "Time: " + ", ".join(self._stage_times()) + f" ({self.total_s:.2f} s in all)",
        ]
        if self.scores:
            s = self.scores
            lines.append("Extraction vs the corpus's gold: " + ", ".join(f"{k} F1 {s[k]['f1']:.2f}" for k in KINDS)
                         + f", micro F1 {s['micro']['f1']:.3f}, indicator values R {s['indicator_values']['recall']:.2f}")
        lines += [f"Warning: {w}" for w in self.warnings]
        lines += [f"Skipped: {s}" for s in self.skipped]
        return "\n".join(lines)
