"""Build the course website: ``make site`` writes ``site/`` from the committed notebooks.

Usage::

    python tools/build_site.py                 # -> site/index.html
    python tools/build_site.py --out /tmp/site --no-solutions

Every notebook under ``course/``, ``exercises/`` and ``solutions/`` (found by
globbing, in sorted order, so renumbered or new lessons need no change here)
becomes one page with its committed outputs: figures, tables, check panels.
``index.html`` lists the pages in order, each with its objectives, taken from
the notebook's first cell (the "**In this lesson you will**" list of a lesson,
the "Practice for ..." paragraph of an exercise). Each page links to the
previous and next page of its section, to the index, and to its lesson,
exercise or solution twin.

Why nbconvert with a template
-----------------------------
nbconvert is the Jupyter project's own renderer and is already installed with
JupyterLab. Its ``lab`` template gives the pages JupyterLab's look (its CSS is
inlined), renders every output type the notebooks hold, and protects the
``$...$`` math in Markdown for MathJax. A child template
(``tools/site_template/``) only swaps what would load from a CDN for local
files and adds the navigation. Jupyter Book / MyST would add a second build
system (Sphinx, a theme and its assets) for a site of a dozen pages, and still
need the same offline MathJax and widget decisions.

Offline
-------
Nothing is fetched at build or view time. MathJax 3 (``tex-svg-full.js``, one
file that draws TeX as SVG, so there are no font files to load from
``file://``) is copied from the ``django-static-mathjax`` wheel (a dev
dependency that only ships MathJax's files; Django is not needed) into
``site/_static/``. nbconvert's require.js, widget-manager and Mermaid scripts,
which come from CDNs, are left out by the template.

Headings and figures
--------------------
Every heading gets the id JupyterLab gives it (its text, spaces replaced by
``-``: ``nnteach.checks.sections.heading_id``) instead of nbconvert's
percent-encoded one, so one anchor (``05_training_and_testing.html#5.-The-batch-wise-F1-trap``)
opens the same section here and in JupyterLab; the exercise checks link to
lesson sections by these anchors. Every figure gets an alternative text
(:func:`figure_alt`): the caption a lesson writes in the code cell's metadata
(``"alt"``: a string, or a list with one per figure), else one derived from the
title and axis labels the cell sets, or from the helper that drew it, and the
section it is in; never nbconvert's generic "No description has been provided
for this image".

Widgets
-------
ipywidgets can embed saved widget state in HTML, but only through the
``@jupyter-widgets/html-manager`` bundle, which nbconvert loads from a CDN and
no Python package ships; and without a kernel the embedded sliders would move
while the picture stayed put. So each explorer is shown as a static picture of
its saved state: the committed notebooks save every widget's state in
``metadata.widgets``, including the PNG an ``Image`` widget shows and the
outputs of an ``Output`` widget. The page lays out those pictures, the
explorer's titles and text, and the value of each control, under a note that
says to run it in JupyterLab to play.
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(__file__).resolve().parent / "site_template"
SECTIONS = (
    ("course", "Lessons"),
    ("exercises", "Exercises"),
    ("solutions", "Solutions"),
)
STATIC = "_static"
MARKER = ".nnteach-site"  # marks a folder the builder may empty and rebuild
MATHJAX_FILE = "tex-svg-full.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PLAY_NOTE = (
    "Interactive explorer: this is a picture of its saved state. Run it in JupyterLab to play."
)

__all__ = [
    "Page",
    "broken_links",
    "build_site",
    "discover",
    "figure_alt",
    "jupyterlab_heading_ids",
    "main",
    "notebook_objectives",
    "notebook_title",
    "readable_inline_colours",
    "widget_snapshot_html",
]


@dataclass(frozen=True)
class Page:
    """One notebook and the page made from it.

    Parameters
    ----------
    source : Path
        The ``.ipynb`` file.
    section : str
        Its folder: ``"course"``, ``"exercises"`` or ``"solutions"``.
    href : str
        The page's path inside the site, with ``/`` separators
        (``"course/01_perceptron.html"``).
    title : str
        The notebook's first heading.
    objectives : str
        The objectives as Markdown (may be empty).
    """

    source: Path
    section: str
    href: str
    title: str
    objectives: str

    @property
    def stem(self) -> str:
        """The file name without its suffix, shared by a lesson and its exercise."""
        return self.source.stem


def notebook_title(nb) -> str:
    """Return the text of a notebook's first ``#`` heading, or ``""``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 1 · Hi\\n\\ntext")])
    >>> notebook_title(nb)
    '1 · Hi'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


_OBJECTIVES_LEAD = re.compile(r"^\*\*In this (?:lesson|notebook|exercise) you will\*?\*?", re.M)


def notebook_objectives(nb) -> str:
    """Return a notebook's objectives as Markdown, taken from its first cell.

    Lessons state them as a bold lead, "**In this lesson you will**" (or
    "notebook"), followed by a bullet list: the list is returned. Exercises
    open with one paragraph under the title ("Practice for lesson 1: ..."):
    that paragraph is returned. A notebook with neither gives ``""``.

    Examples
    --------
    >>> import nbformat
    >>> text = "# 1 · Hi\\n\\n**In this lesson you will**\\n- add;\\n- multiply.\\n\\nMore."
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    >>> notebook_objectives(nb)
    '- add;\\n- multiply.'
    """
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return ""
    source = first.source
    lead = _OBJECTIVES_LEAD.search(source)
    if lead:
        items = []
        for line in source[lead.end() :].splitlines()[1:]:
            if not line.strip():
                if items:
                    break
                continue
            if not (line.lstrip().startswith(("-", "*")) or line.startswith(" ")):
                break
            items.append(line)
        return "\n".join(items)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source) if p.strip()]
    body = [p for p in paragraphs if not p.startswith("#")]
    return body[0] if body else ""


def discover(root: Path = ROOT, *, sections=tuple(s for s, _ in SECTIONS)) -> list[Page]:
    """Find the notebooks to publish, section by section, in sorted order.

    Parameters
    ----------
    root : Path
        The repository root.
    sections : sequence of str
        The folders to look in, in the order their pages appear.

    Returns
    -------
    list of Page
    """
    import nbformat

    pages = []
    for section in sections:
        for source in sorted((root / section).glob("*.ipynb")):
            nb = nbformat.read(source, as_version=4)
            pages.append(
                Page(
                    source=source,
                    section=section,
                    href=f"{section}/{source.stem}.html",
                    title=notebook_title(nb) or source.stem.replace("_", " "),
                    objectives=notebook_objectives(nb),
                )
            )
    return pages


# --- widgets: a static picture of the saved state -------------------------------------------

_CONTROLS_WITH_OPTIONS = {
    "DropdownModel",
    "SelectionSliderModel",
    "RadioButtonsModel",
    "ToggleButtonsModel",
    "SelectModel",
}


def _format_value(value) -> str:
    if isinstance(value, list | tuple):
        return " to ".join(_format_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _output_html(output: dict, alt: str = "explorer output") -> str:
    """The picture (or text) of one output saved inside an ``Output`` widget."""
    data = output.get("data", {})
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = data[mime]
            payload = "".join(payload) if isinstance(payload, list) else payload
            return f'<img alt="{html.escape(alt)}" src="data:{mime};base64,{payload.strip()}">'
    if "text/html" in data:
        value = data["text/html"]
        return "".join(value) if isinstance(value, list) else value
    text = output.get("text") or data.get("text/plain") or ""
    text = "".join(text) if isinstance(text, list) else text
    return f"<pre>{html.escape(text)}</pre>" if text.strip() else ""


def _model_html(state: dict, model_id: str, depth: int = 0, alt: str = "explorer picture") -> str:
    model = state.get(model_id.removeprefix("IPY_MODEL_"))
    if model is None or depth > 20:
        return ""
    name = model.get("model_name", "")
    values = model.get("state", {})
    description = html.escape(str(values.get("description") or ""))
    if name in {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}:
        children = "".join(
            _model_html(state, c, depth + 1, alt) for c in values.get("children", [])
        )
        kind = "row" if name == "HBoxModel" else "column"
        return f'<div class="nn-snapshot-{kind}">{children}</div>'
    if name == "ImageModel":
        buffers = {tuple(b["path"]): b for b in model.get("buffers", [])}
        picture = buffers.get(("value",))
        if picture is None or picture.get("encoding") != "base64":
            return ""
        fmt = html.escape(values.get("format") or "png")
        return f'<img alt="{html.escape(alt)}" src="data:image/{fmt};base64,{picture["data"]}">'
    if name == "OutputModel":
        return "".join(_output_html(o, alt) for o in values.get("outputs", []))
    if name == "HTMLModel":
        return f"<div>{values['value']}</div>" if values.get("value") else ""
    if name in {"LabelModel", "HTMLMathModel"}:
        return f"<div>{html.escape(str(values['value']))}</div>" if values.get("value") else ""
    if name == "ButtonModel":
        return f"<button disabled>{description}</button>"
    if name in _CONTROLS_WITH_OPTIONS:
        labels = values.get("_options_labels", [])
        index = values.get("index")
        if isinstance(index, int) and 0 <= index < len(labels):
            value = labels[index]
        else:
            value = "–"
    elif "value" in values and name.endswith(("SliderModel", "TextModel", "CheckboxModel")):
        value = _format_value(values["value"])
    elif "value" in values and name.endswith(("ProgressModel", "ToggleButtonModel")):
        value = _format_value(values["value"])
    else:
        return ""
    return (
        f'<div class="nn-snapshot-control"><span>{description}</span>'
        f"<output>{html.escape(str(value))}</output></div>"
    )


def widget_snapshot_html(
    state: dict, model_id: str, *, fallback: str = "", alt: str = "explorer picture"
) -> str:
    """Draw a widget from its saved state as static HTML, with a note to run it.

    Parameters
    ----------
    state : dict
        ``nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]``.
    model_id : str
        The id of the widget shown by the output.
    fallback : str
        The output's ``text/plain``, shown when the state does not hold the widget.
    alt : str
        The alternative text of the explorer's pictures.

    Returns
    -------
    str
        A ``<figure>``: the pictures, texts and control values in the widget's
        own layout, under the note :data:`PLAY_NOTE`.
    """
    body = _model_html(state, model_id, alt=alt)
    if not body.strip():
        body = f"<pre>{html.escape(fallback)}</pre>"
    return (
        f'<figure class="nn-widget-snapshot"><figcaption>{html.escape(PLAY_NOTE)}</figcaption>'
        f"{body}</figure>"
    )


def _replace_widgets(nb):
    """Swap each widget output for its static picture; drop the widget state."""
    saved = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    heading = ""
    for cell in nb.cells:
        heading = _last_heading(cell, heading)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            data["text/html"] = widget_snapshot_html(
                saved,
                data[WIDGET_VIEW]["model_id"],
                fallback=text,
                alt=_explorer_alt(cell, heading),
            )
            del data[WIDGET_VIEW]
    # Without this metadata the lab template loads no widget manager from a CDN.
    nb.metadata.pop("widgets", None)
    return nb


# --- figures: an alternative text for every picture ---------------------------------------

_TEXT_CALLS = re.compile(
    r"\b(?P<what>suptitle|set_title|title|set_xlabel|xlabel|set_ylabel|ylabel)(?:\(|=)\s*"
    r"(?P<f>f?)(?P<q>\"|')(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)"
)
_DRAW_CALL = re.compile(r"\b(?P<call>(?:nnteach|ConfusionMatrixDisplay|\w+)\.[\w.]*\([^\n]*)")
_IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")


def _literal_text(text: str, f_string: bool) -> str:
    """A string literal as a reader sees it: escapes resolved, f-string fields dropped."""
    text = text.replace("\\n", " ").replace("\\'", "'").replace('\\"', '"')
    if f_string:
        text = re.sub(r"\{[^{}]*\}", "…", text)
        text = re.sub(r"(…\s*)+", "… ", text)
    text = re.sub(r"\s+", " ", text).strip(" …")
    return text


def _last_heading(cell, heading: str) -> str:
    """The last Markdown heading of ``cell``, or ``heading`` when it has none."""
    from nnteach.checks.sections import heading_text

    if cell.get("cell_type") != "markdown":
        return heading
    for line in cell.source.splitlines():
        match = re.match(r"^#{1,6}\s+(.*)", line)
        if match:
            heading = heading_text(match.group(1).strip())
    return heading


def _caption(cell, index: int) -> str:
    """The caption a lesson writes for its ``index``-th figure, in the cell's metadata."""
    alt = cell.get("metadata", {}).get("alt")
    if isinstance(alt, str):
        return alt.strip()
    if isinstance(alt, list) and index < len(alt) and isinstance(alt[index], str):
        return alt[index].strip()
    return ""


def figure_alt(cell, *, heading: str = "", index: int = 0) -> str:
    """An alternative text for the ``index``-th figure a code cell shows.

    In order: the caption the lesson writes in the cell's metadata (``"alt"``,
    a string or one per figure); else the title and axis labels the cell's
    code sets (``ax.set_title("...")``, ``set_xlabel``...); else the call that
    drew it (``nnteach.draw_network(model)``). The section the figure is in is
    added, so a reader knows which idea it illustrates.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("ax.set_title('Loss')\\nax.set_xlabel('epoch')")
    >>> figure_alt(cell, heading="7. Overfitting, seen")
    'Plot titled “Loss”; horizontal axis: epoch. In the section “7. Overfitting, seen”.'
    """
    caption = _caption(cell, index)
    where = f" In the section “{heading}”." if heading else ""
    if caption:
        return caption
    # the code without its comments
    code = re.sub(r"(?m)^\s*#.*$|\s+#\s.*$", "", cell.get("source", ""))
    found: dict[str, list[str]] = {}
    for match in _TEXT_CALLS.finditer(code):
        text = _literal_text(match["text"], bool(match["f"]))
        if text:
            found.setdefault(match["what"].removeprefix("set_").removeprefix("sup"), []).append(
                text
            )
    parts = []
    if found.get("title"):
        titles = "”, “".join(dict.fromkeys(found["title"]))
        parts.append(f"Plot titled “{titles}”")
    for key, label in (("xlabel", "horizontal axis"), ("ylabel", "vertical axis")):
        if found.get(key):
            parts.append(f"{label}: {', '.join(dict.fromkeys(found[key]))}")
    if parts:
        if not found.get("title"):
            parts[0] = "Plot with " + parts[0]
        return "; ".join(parts) + "." + where
    call = _drawing_call(code)
    if call:
        return f"Figure drawn by {call}.{where}"
    return f"Figure drawn by the code cell above it.{where}"


def _helper_summary(name: str) -> str:
    """The first line of an ``nnteach`` helper's docstring, without "(shortcut)"."""
    import nnteach

    doc = (getattr(getattr(nnteach, name, None), "__doc__", None) or "").strip()
    line = doc.splitlines()[0] if doc else ""
    return re.sub(r"\s*\(shortcut\)", "", line.replace("``", "")).rstrip(".")


def _drawing_call(code: str) -> str:
    """The call that drew a cell's figure, as a reader would name it, or ``""``."""
    calls = [m["call"] for m in _DRAW_CALL.finditer(code)]
    drawing = [
        c for c in calls if re.search(r"draw|plot|Display|explain|show", c) and "canvas" not in c
    ]
    if not drawing:
        return ""
    call = drawing[-1].strip()
    if call.count("(") > call.count(")"):  # its arguments go on over several lines
        call = call.rstrip("(, ") + ("(…)" if not call.rstrip().endswith(")") else "")
        call = re.sub(r"\((?:[^()]*)$", "(…)", call)
    call = call if len(call) <= 80 else call[:79] + "…"
    helper = re.match(r"nnteach\.(\w+)", call)
    summary = _helper_summary(helper.group(1)) if helper else ""
    return f"{call}: {summary[0].lower()}{summary[1:]}" if summary else call


def _explorer_alt(cell, heading: str) -> str:
    lines = [line for line in cell.get("source", "").splitlines() if line.strip()]
    made_by = next((line.strip() for line in reversed(lines) if "(" in line), "")
    what = f"made by {made_by}" if made_by else "of this lesson"
    where = f" in the section “{heading}”" if heading else ""
    return f"Picture of the explorer {what}{where}, as last saved."


def _describe_figures(nb):
    """Write each figure's alternative text into its output's metadata (``nnteach_alt``)."""
    heading = ""
    for cell in nb.cells:
        heading = _last_heading(cell, heading)
        index = 0
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if not any(mime in data for mime in _IMAGE_MIMES):
                continue
            output.setdefault("metadata", {})["nnteach_alt"] = figure_alt(
                cell, heading=heading, index=index
            )
            index += 1
    return nb


# --- anchors: JupyterLab's heading ids ------------------------------------------------------

_HEADING = re.compile(
    r'<(?P<tag>h[1-6]) id="[^"]*">(?P<inner>.*?)'
    r'<a class="anchor-link" href="#[^"]*">(?P<mark>.*?)</a>'
    r"(?P<rest>\s*</(?P=tag)>)",
    re.S,
)


def jupyterlab_heading_ids(body: str) -> str:
    """Give every heading of an nbconvert page the id JupyterLab gives it.

    nbconvert percent-encodes characters in its ids; JupyterLab only replaces
    spaces. With the same ids, a link ``page#id`` opens the same section on
    the site and in JupyterLab.

    Examples
    --------
    >>> jupyterlab_heading_ids('<h2 id="5.-Caf%C3%A9">5. Café<a class="anchor-link" '
    ...                        'href="#5.-Caf%C3%A9">¶</a></h2>')
    '<h2 id="5.-Café">5. Café<a class="anchor-link" href="#5.-Café">¶</a></h2>'
    """
    from nnteach.checks.sections import heading_id

    def fix(match: re.Match) -> str:
        text = html.unescape(re.sub(r"<[^>]+>", "", match["inner"]))
        anchor = html.escape(heading_id(text.strip()), quote=True)
        return (
            f'<{match["tag"]} id="{anchor}">{match["inner"]}'
            f'<a class="anchor-link" href="#{anchor}">{match["mark"]}</a>{match["rest"]}'
        )

    return _HEADING.sub(fix, body)


# --- colours: coloured text in outputs that reads well -----------------------------------

_SPAN_STYLE = re.compile(r'(<span style=")([^"]*)(")')


def readable_inline_colours(body: str) -> str:
    """Darken the inline text colours of output spans (terminal colours) to a 4.5:1 contrast.

    Keras and rich colour their output with terminal colours (``#00af00``,
    ``#00d7ff``...) that nbconvert turns into ``<span style="color: ...">``; on
    white most of them are too light to read (WCAG 2.1 success criterion 1.4.3).
    Each is darkened just enough, keeping its hue.

    Examples
    --------
    >>> readable_inline_colours('<span style="color: #00d7ff; font-weight: bold">3</span>')
    '<span style="color: #008199; font-weight: bold">3</span>'
    """
    from nnteach._contrast import readable_colour

    def fix(match: re.Match) -> str:
        style = match[2]
        background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", style)
        on = background.group(1) if background else "#ffffff"
        style = re.sub(
            r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})",
            lambda c: f"color: {readable_colour(c[1], on)}",
            style,
        )
        return f"{match[1]}{style}{match[3]}"

    return _SPAN_STYLE.sub(fix, body)


# --- links ---------------------------------------------------------------------------------

_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
_ANY_LINK = re.compile(r"""\b(?:href|src)=(?P<q>["'])(?P<url>.*?)(?P=q)""")
#: repository files a lesson may link to (its helper's source, a doc): copied as they are
_COPIED_SUFFIXES = (".py", ".md", ".txt", ".toml", ".cfg", ".yml", ".png", ".svg", ".csv")


def _is_external(url: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url)) or url.startswith(("#", "//"))


def _rewrite_links(text: str, *, from_dir: str, to_dir: str) -> str:
    """Point links to notebooks at their pages; re-root relative links.

    ``from_dir`` is the folder the links were written for (the notebook's),
    ``to_dir`` the folder of the page they now appear on, both relative to the
    site root with ``/`` separators ("" for the root).
    """

    def fix(match: re.Match) -> str:
        url = match["url"]
        if not url or _is_external(url):
            return match[0]
        path, hash_, fragment = url.partition("#")
        if path.endswith(".ipynb"):
            path = path[: -len(".ipynb")] + ".html"
        target = posixpath.normpath(posixpath.join(from_dir, path))
        path = posixpath.relpath(target, to_dir or ".")
        return f'{match["attr"]}="{path}{hash_}{fragment}"'

    return _LINK.sub(fix, text)


def _copy_linked_files(out: Path, root: Path, pages: list[Path]) -> None:
    """Copy repository files the pages link to (``../nnteach/metrics.py``) into the site.

    A lesson may point at the source of a helper; on the site that link must
    still open, offline. Only plain files of the repository with a known
    suffix are copied, to the same relative place.
    """
    root = Path(root).resolve()
    for page in pages:
        for match in _ANY_LINK.finditer(page.read_text(encoding="utf-8")):
            url = match["url"].partition("#")[0]
            if not url or _is_external(url) or not url.endswith(_COPIED_SUFFIXES):
                continue
            target = (page.parent / url).resolve()
            if target.exists() or not target.is_relative_to(out.resolve()):
                continue
            source = root / target.relative_to(out.resolve())
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)


def broken_links(out: Path) -> list[str]:
    """List the links and sources in a built site that point to missing files.

    Parameters
    ----------
    out : Path
        A folder written by :func:`build_site`.

    Returns
    -------
    list of str
        ``"page: target"`` for each relative ``href``/``src`` whose file does not
        exist (for example a lesson linking to an exercise not written yet).
    """
    out = Path(out)
    broken = []
    for page in sorted(out.rglob("*.html")):
        for match in _ANY_LINK.finditer(page.read_text(encoding="utf-8")):
            url = match["url"]
            if not url or _is_external(url):
                continue
            target = page.parent / url.partition("#")[0]
            if not target.is_file():
                broken.append(f"{page.relative_to(out).as_posix()}: {url}")
    return broken


# --- build ---------------------------------------------------------------------------------


def _mathjax_source() -> Path:
    spec = find_spec("mathjax")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "static" / "mathjax" / "es5" / MATHJAX_FILE
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"MathJax's {MATHJAX_FILE} was not found: the site ships MathJax so that its pages "
        "need no network. Install the dev dependencies with "
        "`.venv/bin/pip install -c constraints.txt -e '.[dev]'` (they include "
        "django-static-mathjax, which holds MathJax's files), or run `make setup`."
    )


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_DIR.name,
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        embed_images=True,  # pictures referenced from Markdown go into the page
        exclude_anchor_links=False,
    )


def _neighbours(pages: list[Page], page: Page) -> tuple[Page | None, Page | None]:
    same = [p for p in pages if p.section == page.section]
    i = same.index(page)
    return (same[i - 1] if i > 0 else None, same[i + 1] if i + 1 < len(same) else None)


def _twins(pages: list[Page], page: Page) -> list[tuple[str, Page]]:
    labels = {"course": "Lesson", "exercises": "Exercise", "solutions": "Solution"}
    return [
        (labels.get(p.section, p.section), p)
        for p in pages
        if p.stem == page.stem and p.section != page.section
    ]


def build_site(out: Path, *, root: Path = ROOT, solutions: bool = True) -> list[Path]:
    """Render the course into ``out``: ``index.html``, one page per notebook, static files.

    Parameters
    ----------
    out : Path
        The folder to write; it is emptied first when it holds an earlier build.
    root : Path
        The repository root (where ``course/`` etc. live).
    solutions : bool
        Also publish ``solutions/`` (default). Leave them out for a site
        students see before the exercises are due.

    Returns
    -------
    list of Path
        The HTML files written, ``index.html`` first.
    """
    import jinja2
    import nbformat
    from nbconvert.filters import markdown2html

    sections = [s for s, _ in SECTIONS if solutions or s != "solutions"]
    pages = discover(root, sections=sections)
    if not pages:
        raise FileNotFoundError(
            f"No notebooks found under {', '.join(sections)} in {root}: nothing to publish."
        )
    out = Path(out)
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise FileExistsError(
                f"{out} exists and is not a site build (it has no {MARKER} file): "
                "refusing to empty it. Pass another --out or remove it yourself."
            )
        shutil.rmtree(out)
    (out / STATIC).mkdir(parents=True)
    (out / MARKER).write_text("Built by tools/build_site.py; emptied by the next build.\n")
    shutil.copy2(_mathjax_source(), out / STATIC / MATHJAX_FILE)
    shutil.copy2(_mathjax_source().parents[1] / "LICENSE", out / STATIC / "MathJax-LICENSE")
    shutil.copy2(TEMPLATE_DIR / "site.css", out / STATIC / "site.css")

    exporter = _exporter()
    written = []
    for page in pages:
        nb = copy.deepcopy(nbformat.read(page.source, as_version=4))
        nb = _replace_widgets(_describe_figures(nb))
        prev_page, next_page = _neighbours(pages, page)
        up = "../" * page.href.count("/")
        resources = {
            "metadata": {
                "name": f"{page.title} (solution)" if page.section == "solutions" else page.title
            },
            "site": {
                "root": up,
                "static": f"{up}{STATIC}",
                "mathjax": f"{up}{STATIC}/{MATHJAX_FILE}",
                "title": page.title,
                "section": dict(SECTIONS)[page.section],
                "prev": (up + prev_page.href, prev_page.title) if prev_page else None,
                "next": (up + next_page.href, next_page.title) if next_page else None,
                "twins": [(label, up + p.href, p.title) for label, p in _twins(pages, page)],
                "source": f"{page.section}/{page.source.name}",
            },
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        page_dir = posixpath.dirname(page.href)
        body = _rewrite_links(body, from_dir=page_dir, to_dir=page_dir)
        body = readable_inline_colours(jupyterlab_heading_ids(body))
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        written.append(target)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    groups = []
    for section, heading in SECTIONS:
        entries = []
        for page in (p for p in pages if p.section == section):
            objectives = markdown2html(page.objectives) if page.objectives else ""
            objectives = _rewrite_links(
                objectives, from_dir=posixpath.dirname(page.href), to_dir=""
            )
            entries.append({"page": page, "objectives": jinja2.utils.markupsafe.Markup(objectives)})
        if entries:
            groups.append({"heading": heading, "section": section, "entries": entries})
    _copy_linked_files(out, root, written)
    site = {"static": STATIC, "mathjax": f"{STATIC}/{MATHJAX_FILE}"}
    index = env.get_template("home.html.j2").render(groups=groups, resources={"site": site})
    (out / "index.html").write_text(index, encoding="utf-8")
    return [out / "index.html", *written]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python tools/build_site.py [--out DIR] [--no-solutions]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder to write")
    parser.add_argument(
        "--no-solutions", action="store_true", help="leave solutions/ out of the site"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        files = build_site(args.out, solutions=not args.no_solutions)
    except (FileNotFoundError, FileExistsError) as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    index = files[0]
    shown = os.path.relpath(index, Path.cwd()) if index.is_relative_to(Path.cwd()) else index
    print(f"Wrote {len(files) - 1} pages and {shown} in {seconds:.1f} s")
    for link in broken_links(args.out):
        print(f"warning: link to a missing file: {link}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
