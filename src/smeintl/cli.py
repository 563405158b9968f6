"""Command line: ``python -m smeintl <command>`` (data, manifest, catalog, generate, run, render,
accept, audit, bench).

A thin layer over the library: each subcommand calls one function and turns its errors into a
message on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import sys


def _data(args: argparse.Namespace) -> int:
    from smeintl import paths
    from smeintl.build import build
    from smeintl.validate import RawDataError

    try:
        changed = build()
    except RawDataError as err:
        print(f"error: {err}", file=sys.stderr)
        print("data/processed was left unchanged.", file=sys.stderr)
        return 1
    where = paths.relative(paths.DATA_PROCESSED)
    if changed:
        print(f"wrote {len(changed)} file(s) to {where}: {', '.join(sorted(changed))}")
    else:
        print(f"{where} is up to date")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from smeintl import paths
    from smeintl.outputs import write_bytes_atomically
    from smeintl.validate import manifest_text

    text = manifest_text()
    write_bytes_atomically(paths.MANIFEST, text.encode("utf-8"))
    print(f"recorded {text.count(chr(10))} checksum(s) in {paths.relative(paths.MANIFEST)}")
    return 0


def _catalog(args: argparse.Namespace) -> int:
    from smeintl.registry import catalog

    frame = catalog()
    if args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
        return 0
    for _, row in frame.iterrows():
        flag = "  [paper only]" if row["paper_only"] else ""
        print(
            f"{row['series_id']:<40} {row['unit']:<18} {row['coverage']:<12} "
            f"{row['producer']}{flag}"
        )
        print(f"{'':<40} latest release {row['latest_vintage']}: {row['url']}")
    from smeintl.store import sources

    cited = len(set(";".join(frame["sources"]).split(";")))
    print(
        f"{len(frame)} series; {cited} sources cited by a record, "
        f"{len(sources())} in data/raw/sources.csv"
    )
    return 0


def _generate(args: argparse.Namespace) -> int:
    from smeintl import paths
    from smeintl.report import generate

    for path in generate(
        pages=args.part in ("all", "pages"), figures=args.part in ("all", "figures")
    ):
        print(f"wrote {paths.relative(path)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m smeintl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("data", help="validate data/raw and write data/processed")
    sub.add_parser("manifest", help="re-record the checksums of data/raw after a deliberate edit")
    gen = sub.add_parser("generate", help="write generated book pages and the README outputs table")
    gen.add_argument(
        "--only",
        dest="part",
        choices=["pages", "figures"],
        default="all",
        help="pages: those made from the library and data alone (they need no notebook run); "
        "figures: the Figures page, from the sidecars the notebooks wrote (default: both)",
    )
    cat = sub.add_parser("catalog", help="list every series with its source")
    cat.add_argument("--format", choices=["text", "csv"], default="text")
    sub.add_parser(
        "run", help="execute notebooks (see `python -m smeintl run --help`)", add_help=False
    )
    sub.add_parser(
        "audit", help="recompute and classify every numeric claim of the paper", add_help=False
    )
    sub.add_parser("bench", help="measure build times side by side", add_help=False)
    sub.add_parser(
        "diff", help="what changed between two vintages (see `diff --help`)", add_help=False
    )
    if argv and argv[0] == "diff":
        from smeintl.diff import main as diff_main

        return diff_main(argv[1:])
    sub.add_parser("render", help="render the book from the executed notebooks", add_help=False)
    sub.add_parser(
        "accept",
        help="show changed results, then copy them over the committed notebooks",
        add_help=False,
    )
    if argv and argv[0] in {"render", "accept"}:
        if argv[0] == "render":
            from smeintl.render import main as render_main

            return render_main(argv[1:])
        from smeintl.accept import main as accept_main

        return accept_main(argv[1:])
    if argv and argv[0] in {"run", "audit", "bench"}:
        command, rest = argv[0], argv[1:]
        if command == "run":
            from smeintl.runner import main as run_main

            return run_main(rest)
        if command == "audit":
            from smeintl.audit import main as audit_main

            return audit_main(rest)
        from smeintl.bench import main as bench_main

        return bench_main(rest)
    args = parser.parse_args(argv)
    return {"data": _data, "manifest": _manifest, "catalog": _catalog, "generate": _generate}[
        args.command
    ](args)


if __name__ == "__main__":
    sys.exit(main())
