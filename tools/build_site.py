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
    "main",
    "notebook_objectives",
    "notebook_title",
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


def _output_html(output: dict) -> str:
    """The picture (or text) of one output saved inside an ``Output`` widget."""
    data = output.get("data", {})
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = data[mime]
            payload = "".join(payload) if isinstance(payload, list) else payload
            return f'<img alt="explorer output" src="data:{mime};base64,{payload.strip()}">'
    if "text/html" in data:
        value = data["text/html"]
        return "".join(value) if isinstance(value, list) else value
    text = output.get("text") or data.get("text/plain") or ""
    text = "".join(text) if isinstance(text, list) else text
    return f"<pre>{html.escape(text)}</pre>" if text.strip() else ""


def _model_html(state: dict, model_id: str, depth: int = 0) -> str:
    model = state.get(model_id.removeprefix("IPY_MODEL_"))
    if model is None or depth > 20:
        return ""
    name = model.get("model_name", "")
    values = model.get("state", {})
    description = html.escape(str(values.get("description") or ""))
    if name in {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}:
        children = "".join(_model_html(state, c, depth + 1) for c in values.get("children", []))
        kind = "row" if name == "HBoxModel" else "column"
        return f'<div class="nn-snapshot-{kind}">{children}</div>'
    if name == "ImageModel":
        buffers = {tuple(b["path"]): b for b in model.get("buffers", [])}
        picture = buffers.get(("value",))
        if picture is None or picture.get("encoding") != "base64":
            return ""
        fmt = html.escape(values.get("format") or "png")
        return f'<img alt="explorer picture" src="data:image/{fmt};base64,{picture["data"]}">'
    if name == "OutputModel":
        return "".join(_output_html(o) for o in values.get("outputs", []))
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


def widget_snapshot_html(state: dict, model_id: str, *, fallback: str = "") -> str:
    """Draw a widget from its saved state as static HTML, with a note to run it.

    Parameters
    ----------
    state : dict
        ``nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]``.
    model_id : str
        The id of the widget shown by the output.
    fallback : str
        The output's ``text/plain``, shown when the state does not hold the widget.

    Returns
    -------
    str
        A ``<figure>``: the pictures, texts and control values in the widget's
        own layout, under the note :data:`PLAY_NOTE`.
    """
    body = _model_html(state, model_id)
    if not body.strip():
        body = f"<pre>{html.escape(fallback)}</pre>"
    return (
        f'<figure class="nn-widget-snapshot"><figcaption>{html.escape(PLAY_NOTE)}</figcaption>'
        f"{body}</figure>"
    )


def _replace_widgets(nb):
    """Swap each widget output for its static picture; drop the widget state."""
    saved = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            data["text/html"] = widget_snapshot_html(
                saved, data[WIDGET_VIEW]["model_id"], fallback=text
            )
            del data[WIDGET_VIEW]
    # Without this metadata the lab template loads no widget manager from a CDN.
    nb.metadata.pop("widgets", None)
    return nb


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
        nb = _replace_widgets(copy.deepcopy(nbformat.read(page.source, as_version=4)))
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
