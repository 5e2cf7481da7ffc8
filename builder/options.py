"""The options of a build, in one frozen object from the command line to every stage."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from corpus import DEFAULT_CORPUS

DEFAULT_OUT = Path("_site")
DEFAULT_BUILD_DIR = Path(".build")
SAME_OUTPUT = {"same_output": True}  # field metadata: the option does not change what the build writes


@dataclass(frozen=True)
class BuildOptions:
    """Every option of `build.py build` (see build.add_build_options). An option is part of the build's
    fingerprint unless its field is marked SAME_OUTPUT, so a new option can only make a build run again,
    never keep a stale site."""

    corpus: Path = field(default=DEFAULT_CORPUS, metadata=SAME_OUTPUT)  # its documents and gold are fingerprinted themselves
    out: Path = DEFAULT_OUT
    build_dir: Path = field(default=DEFAULT_BUILD_DIR, metadata=SAME_OUTPUT)
    model: str | None = None  # None: the manifest's `model`, else "auto"
    jobs: int = field(default=1, metadata=SAME_OUTPUT)
    executor: str = field(default="local", metadata=SAME_OUTPUT)
    keep_going: bool = False
    site_url: str = ""
    force: bool = field(default=False, metadata=SAME_OUTPUT)

    def __post_init__(self):
        for name in ("corpus", "out", "build_dir"):
            object.__setattr__(self, name, Path(getattr(self, name)))

    @classmethod
    def from_args(cls, args) -> BuildOptions:
        """The options of parsed command-line arguments (which carry one attribute per field)."""
        return cls(**{f.name: getattr(args, f.name) for f in fields(cls)})

    def fingerprint(self) -> dict:
        """The options that change the output, as JSON values (paths resolved)."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if not f.metadata.get("same_output")}
        return {name: str(v.resolve()) if isinstance(v, Path) else v for name, v in values.items()}
