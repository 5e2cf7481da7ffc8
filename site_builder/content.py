"""What the site shows: the documents, their analyses, the comparison, and the facts of the build."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class BuildInfo:
    """The deterministic facts of a build (no timings): what the home, method and build pages show and
    data/build.json publishes. The build's report (builder.report.BuildReport) fills them in, stage by stage."""

    documents: int = 0
    pipeline: str = ""
    model: dict = field(default_factory=dict)  # the statement model: version, training data, cross-validated scores
    items: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    scores: dict = field(default_factory=dict)  # extraction scores against the corpus's gold folder, if any

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SiteContent:
    """Everything write_site renders."""

    documents: list
    analyses: list
    comparison: object  # nlp.compare.Comparison
    build: BuildInfo
    site_url: str = ""  # where the site is published (https://example.org/beleid/), for sitemap.xml; "" for paths
