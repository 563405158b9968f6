"""Sphinx extension: resolve the book's evidence links and keep their hover titles.

A number linked by :func:`smeintl.presentation.link` reads ``[45.47](ev-… "GAC, released …")``.
MyST resolves such a link to the target label but drops the title; this post-transform runs
just before MyST's resolver, resolves links whose target is an evidence anchor (``ev-…``,
``derived-…``, ``audit-…``) itself and keeps the title. A target that does not exist is left
to MyST, which reports it (an error under ``-W``).

MyST-Parser 3 stores a Markdown link's URL HTML-escaped (``&`` as ``&amp;``) and the HTML writer
escapes it again, so a source URL with a query string (``?key=…&nav=…``) pointed nowhere
(MyST-Parser issue 760, fix in pull request 1126); :class:`RawLinkTargets` stores the URL as
written.

A figure's evidence is its data: every image of a figure bundle (``book/generated/figures/``)
gets the alt text its JSON sidecar generated from the values drawn, never a typed one.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from smeintl.presentation import CLAIM_PREFIX, DERIVED_PREFIX, RECORD_PREFIX


class EvidenceLinks(SphinxPostTransform):
    """Resolve ``[text](ev-… "title")`` links with their title (before MyST's resolver)."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        std = self.env.get_domain("std")
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = node.get("reftarget", "")
            if node.get("reftype") != "myst" or not target.startswith(
                (RECORD_PREFIX, DERIVED_PREFIX, CLAIM_PREFIX)
            ):
                continue
            docname, labelid = std.anonlabels.get(target, ("", ""))
            if not docname:
                continue
            inner = nodes.inline("", "", classes=["evidence"])
            inner.extend(child.deepcopy() for child in node[0].children)
            refdoc = node.get("refdoc", self.env.docname)
            new = make_refnode(
                self.app.builder, refdoc, docname, labelid, inner, node.get("title") or None
            )
            new["classes"].append("evidence-link")
            node.replace_self(new)


class RawLinkTargets(SphinxPostTransform):
    """Undo MyST-Parser's HTML escaping of ``&`` in the target of an external link."""

    default_priority = 7

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            if "&amp;" in uri and "://" in uri:
                node["refuri"] = uri.replace("&amp;", "&")


class FigureAltText(SphinxPostTransform):
    """Set the alt text of each figure-bundle image from the bundle's JSON sidecar."""

    default_priority = 9

    def run(self, **kwargs: Any) -> None:
        import json
        from pathlib import PurePosixPath

        from smeintl import paths

        for node in self.document.findall(nodes.image):
            uri = PurePosixPath(node.get("uri", ""))
            if uri.parent.name != "figures" or uri.parent.parent.name != "generated":
                continue
            sidecar = paths.FIGURES / f"{uri.stem}.json"
            if sidecar.exists():
                node["alt"] = json.loads(sidecar.read_text(encoding="utf-8"))["alt"]


def setup(app) -> dict[str, Any]:
    app.add_post_transform(RawLinkTargets)
    app.add_post_transform(EvidenceLinks)
    app.add_post_transform(FigureAltText)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
