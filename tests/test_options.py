"""BuildOptions: the command line's build options and the fingerprint that decides whether a build is skipped."""
from dataclasses import fields, replace
from pathlib import Path

import build
from builder.options import BuildOptions


def test_every_build_option_of_the_command_line_is_a_field():
    args = build.parser().parse_args(["--corpus", "c", "--jobs", "3", "--site-url", "https://example.org/", "--keep-going"])
    options = BuildOptions.from_args(args)
    assert (options.corpus, options.jobs, options.site_url, options.keep_going) == (Path("c"), 3, "https://example.org/", True)
    given = set(vars(args)) - {"func", "log_level"}  # the command and how much progress it shows
    assert given == {f.name for f in fields(BuildOptions)}
    assert BuildOptions.from_args(build.parser().parse_args(["build", "--out", "x"])).out == Path("x")


def test_the_fingerprint_holds_what_changes_the_output():
    options = BuildOptions("c", "out", "work", model="blank")
    assert options.fingerprint() == {"out": str(Path("out").resolve()), "model": "blank", "keep_going": False, "site_url": ""}
    for same in (dict(jobs=2), dict(executor="dask"), dict(force=True), dict(build_dir=Path("elsewhere"))):
        assert replace(options, **same).fingerprint() == options.fingerprint(), same
    for other in (dict(model="nl_core_news_md"), dict(site_url="https://example.org/"), dict(keep_going=True), dict(out="out2")):
        assert replace(options, **other).fingerprint() != options.fingerprint(), other


def test_quiet_and_verbose(tmp_path, capsys):
    from corpus import DEFAULT_CORPUS

    options = ["--corpus", str(DEFAULT_CORPUS), "--out", str(tmp_path / "out"), "--build-dir", str(tmp_path / "build"), "--model", "blank"]
    assert build.main(["--quiet", *options]) == 0
    quiet = capsys.readouterr()
    assert quiet.out.startswith("Built 5 documents") and not any(line.startswith(("[", "  analysed")) for line in quiet.err.splitlines())
    assert build.main(["--verbose", "--site-url", "https://example.org/", *options]) == 0  # another site: a build
    verbose = capsys.readouterr().err.splitlines()
    assert "[nlp] ..." in verbose and "  arnhem-2021-begroting: analysis from the cache" in verbose
