"""Generated pages and README sections: what each notebook makes, and the parameters it takes.

Read from the notebooks themselves (their ``metadata.smeintl.outputs`` and ``parameters`` cell),
so the table *table/figure → notebook → output file* is never typed by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from smeintl import paths
from smeintl.outputs import write_bytes_atomically

BEGIN = "<!-- generated:outputs (python -m smeintl generate) -->"
END = "<!-- /generated:outputs -->"


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _meta(path: Path) -> tuple[str, dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    title = ""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^# (.+)$", "".join(cell["source"]), re.MULTILINE)
            if match:
                title = match.group(1).strip()
                break
    return title, nb.get("metadata", {}).get("smeintl", {})


def _label(output: str) -> str:
    kind, _, number = output.partition("-")
    return f"{kind.capitalize()} {int(number)}" if number.isdigit() else output


def _files(output: str) -> list[str]:
    base = paths.relative(paths.TABLES if output.startswith("table") else paths.FIGURES)
    suffixes = [".csv"] if output.startswith("table") else [".svg", ".png"]
    return [f"{base}/{output}{s}" for s in suffixes]


def outputs_rows() -> list[tuple[str, str, str]]:
    """(paper table/figure, notebook, output files) for every declared output, in paper order."""
    rows = []
    for path in notebooks():
        _, meta = _meta(path)
        for output in meta.get("outputs", []):
            files = ", ".join(f"`{f}`" for f in _files(output))
            rows.append((_label(output), f"`{paths.relative(path)}`", files))
    order = {"Table": 0, "Figure": 1}
    return sorted(rows, key=lambda r: (order.get(r[0].split()[0], 2), int(r[0].split()[1])))


def outputs_markdown() -> str:
    lines = ["| Paper | Notebook | Output files |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in outputs_rows()]
    return "\n".join(lines) + "\n"


def parameters_markdown() -> str:
    """Every notebook's parameters with default and rule, from its ``parameters`` cell."""
    from smeintl.params import declared_parameters

    lines = ["| Notebook | Parameter | Default | Allowed values |", "|---|---|---|---|"]
    for path in notebooks():
        for name, param in declared_parameters(path).items():
            lines.append(f"| `{path.name}` | `{name}` | `{param.default_source}` | {param.rule} |")
    return "\n".join(lines) + "\n"


def readme_with_outputs(text: str) -> str:
    """README text with the generated outputs table between its markers."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"README.md lacks the markers {BEGIN} … {END}")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{outputs_markdown()}{END}{tail}"


def generate() -> list[Path]:
    """Write the generated book pages and refresh the README's outputs table."""
    written = [
        write_bytes_atomically(paths.GENERATED / "outputs.md", outputs_markdown().encode()),
        write_bytes_atomically(paths.GENERATED / "parameters.md", parameters_markdown().encode()),
    ]
    readme = paths.ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = readme_with_outputs(text)
    if new != text:
        write_bytes_atomically(readme, new.encode("utf-8"))
        written.append(readme)
    return written
