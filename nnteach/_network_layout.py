"""Where each part of a network diagram goes: the pure layout step of ``NetworkDiagram.plot``.

:func:`layout_network` turns a list of :class:`~nnteach.layers.LayerSpec` and
the size of the axes (in points) into a :class:`NetworkLayout`: node positions,
edge segments with their colours and widths, the ellipses of collapsed layers,
the texts and where they go, the axes limits and the legend entries. It draws
nothing, so a test can check the picture's geometry without a figure;
:meth:`nnteach.NetworkDiagram.plot` only turns it into artists.

Private: used by :mod:`nnteach.diagram` (lesson 3). Matplotlib is imported
inside the functions that need its colour conversion and font metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .layers import LayerSpec

__all__ = [
    "COUNT_FONTSIZE",
    "COUNT_GAP_PT",
    "DESCRIBE_FONTSIZE",
    "NetworkLayout",
    "figure_size",
    "layout_network",
]

COUNT_FONTSIZE = 8.0  # true count under a collapsed column
COUNT_GAP_PT = 3.0  # between the lowest neuron's edge and that count
DESCRIBE_FONTSIZE = 8.5  # layer descriptions above the columns
_GROUP_ORDER = ("input", "hidden", "output", "neuronless")


@dataclass(frozen=True)
class NetworkLayout:
    """Everything a network diagram shows, in data coordinates, before drawing.

    Columns are one data unit apart (column ``i`` at ``x = i``); neurons one
    unit apart vertically, centred on 0.

    Attributes
    ----------
    groups : list of str
        Per column: 'input', 'hidden', 'output' or 'neuronless'.
    drawn : list of numpy.ndarray
        Per column, the indices of the neurons drawn.
    node_xy : numpy.ndarray of shape (n_nodes, 2)
    node_groups : numpy.ndarray of str, shape (n_nodes,)
    node_colors : list of str
    node_sizes : numpy.ndarray of shape (n_nodes,)
        Marker areas in points squared (``scatter``'s ``s``).
    node_diameter_pt : float
    edge_segments : numpy.ndarray of shape (n_edges, 2, 2)
        In layer order; within a Dense layer like
        ``kernel[np.ix_(drawn_in, drawn_out)].ravel()``.
    edge_colors : numpy.ndarray of shape (n_edges, 4)
        RGBA.
    edge_widths : numpy.ndarray of shape (n_edges,)
        Line widths in points.
    ellipsis_xy : numpy.ndarray of shape (3 * n_collapsed, 2)
        The three dots of each collapsed column.
    counts : list of (float, float, str)
        The true count of each collapsed column: x, y of its lowest neuron
        and the text, written ``count_offset_pt`` points below.
    count_offset_pt : float
    descriptions : list of (float, float, str)
        ``describe=True``: each layer's description, x, y of its bottom.
    xlim, ylim : (float, float)
    legend : list of (str, str, str)
        ``(label, colour, kind)`` with kind 'node', 'small node' (a layer
        without neurons) or 'line' (a weight colour), in reading order.
    legend_ncol : int
        Columns of the legend (two rows at most).
    """

    groups: list[str]
    drawn: list[np.ndarray]
    node_xy: np.ndarray
    node_groups: np.ndarray
    node_colors: list[str]
    node_sizes: np.ndarray
    node_diameter_pt: float
    edge_segments: np.ndarray
    edge_colors: np.ndarray
    edge_widths: np.ndarray
    ellipsis_xy: np.ndarray
    counts: list[tuple[float, float, str]]
    count_offset_pt: float
    descriptions: list[tuple[float, float, str]]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    legend: list[tuple[str, str, str]]
    legend_ncol: int


@dataclass(frozen=True)
class _Columns:
    """The neurons drawn in each column and their heights."""

    drawn: list[np.ndarray]
    ys: list[np.ndarray]
    ellipsis_y: list[float | None]

    @classmethod
    def of(cls, layers: Sequence[LayerSpec], max_neurons: int) -> _Columns:
        drawn, ys, ellipsis_y = [], [], []
        for spec in layers:
            idx, collapsed = _drawn_indices(spec.units, max_neurons)
            y, ey = _column_y(len(idx), collapsed)
            drawn.append(idx)
            ys.append(y)
            ellipsis_y.append(ey)
        return cls(drawn, ys, ellipsis_y)

    @property
    def half_height(self) -> float:
        return max(
            max(float(np.max(np.abs(y))) if len(y) else 0.0 for y in self.ys),
            max((abs(e) for e in self.ellipsis_y if e is not None), default=0.0),
        )

    @property
    def collapsed(self) -> list[int]:
        return [i for i, e in enumerate(self.ellipsis_y) if e is not None]


def _drawn_indices(units: int, max_neurons: int) -> tuple[np.ndarray, bool]:
    """Indices of the neurons drawn for a layer, and whether it is collapsed."""
    if units <= max_neurons:
        return np.arange(units), False
    head, tail = (max_neurons + 1) // 2, max_neurons // 2
    return np.concatenate([np.arange(head), np.arange(units - tail, units)]), True


def _column_y(n_drawn: int, collapsed: bool) -> tuple[np.ndarray, float | None]:
    """Vertical positions of the drawn neurons (centred on 0), and of the ellipsis."""
    slots = n_drawn + 1 if collapsed else n_drawn
    y = (slots - 1) / 2.0 - np.arange(slots, dtype=float)
    if not collapsed:
        return y, None
    head = (n_drawn + 1) // 2
    return np.delete(y, head), float(y[head])


def _groups(layers: Sequence[LayerSpec]) -> list[str]:
    """Group of each column: the last Dense layer is the output."""
    dense = [i for i, spec in enumerate(layers) if spec.kind == "dense"]
    last_dense = dense[-1] if dense else None
    groups = []
    for i, spec in enumerate(layers):
        if spec.kind in ("input", "neuronless"):
            groups.append(spec.kind)
        else:
            groups.append("output" if i == last_dense else "hidden")
    return groups


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe_text(spec: LayerSpec, is_output: bool) -> str:
    """The description written above a column with ``describe=True``."""
    if spec.kind == "input":
        return f"{spec.name}\n{_count(spec.units, 'feature')}"
    if spec.kind == "dense":
        bias = "+b" if spec.use_bias else ""
        role = "output" if is_output else "unit"
        formula = f"Σ {spec.n_inputs}[X·w]{bias}"
        return f"{spec.name}\n{spec.activation}\n{formula}\n{_count(spec.units, role)}"
    detail = f"{spec.activation}" if spec.activation else "no neurons"
    return f"{spec.name}\n{spec.layer_type}\n{detail}\n{_count(spec.units, 'value')}"


def text_width_pt(text: str, fontsize: float) -> float:
    """Width of one line of text in points, known before anything is drawn.

    Measured on the glyph outlines, a slight overestimate (about 15 % with
    DejaVu Sans) of the width drawn, which leaves a little room to spare.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width, _, _ = TextToPath().get_text_width_height_descent(
        text, FontProperties(size=fontsize), ismath=False
    )
    return float(width)


def figure_size(
    layers: Sequence[LayerSpec], *, max_neurons: int, describe: bool
) -> tuple[float, float]:
    """Size in inches of a new figure for the diagram.

    Examples
    --------
    >>> from nnteach.layers import dense_chain
    >>> figure_size(dense_chain(4, (3,)), max_neurons=10, describe=False)
    (6.3, 3.0)
    """
    columns = _Columns.of(layers, max_neurons)
    width = max(5.0, 1.7 * len(layers) + 1.2)
    height = min(max(1.8 + 0.3 * 2 * columns.half_height, 3.0), 4.6)
    height += 1.1 if describe else 0.0
    if columns.collapsed:
        height += 0.3  # the true counts under the columns
    return width, height


def _edge_style(
    spec: LayerSpec,
    drawn_in: np.ndarray,
    drawn_out: np.ndarray,
    *,
    show_weights: bool,
    n_total: int,
    colors: Mapping[str, str],
) -> tuple[np.ndarray, np.ndarray]:
    """Colours (RGBA) and widths of one Dense layer's edges."""
    from matplotlib.colors import to_rgba

    n = len(drawn_in) * len(drawn_out)
    if not show_weights:
        alpha = 0.45 if n_total <= 400 else 0.25
        width = 0.8 if n_total <= 400 else 0.4
        return np.tile(to_rgba(colors["edge"], alpha), (n, 1)), np.full(n, width)
    if spec.kernel is None:
        raise ValueError(
            f"show_weights=True needs the kernel of layer '{spec.name}', and its "
            "LayerSpec has kernel=None. Build the diagram with "
            "NetworkDiagram.from_model(model)."
        )
    w = spec.kernel[np.ix_(drawn_in, drawn_out)].ravel()
    peak = float(np.max(np.abs(spec.kernel))) if spec.kernel.size else 0.0
    strength = np.abs(w) / peak if peak > 0 else np.zeros_like(w)
    rgba = np.where(
        (w >= 0)[:, None],
        np.array(to_rgba(colors["positive"])),
        np.array(to_rgba(colors["negative"])),
    )
    rgba[:, 3] = 0.15 + 0.85 * strength
    return rgba, 0.3 + 2.7 * strength


def _edges(
    layers: Sequence[LayerSpec],
    columns: _Columns,
    *,
    show_weights: bool,
    colors: Mapping[str, str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segments, RGBA colours and widths of every edge, in layer order."""
    from matplotlib.colors import to_rgba

    drawn, ys = columns.drawn, columns.ys
    n_total = sum(
        len(drawn[i]) * len(drawn[i + 1]) if layers[i + 1].kind == "dense" else len(drawn[i + 1])
        for i in range(len(layers) - 1)
    )
    segments, edge_colors, edge_widths = [], [], []
    for i in range(len(layers) - 1):
        spec = layers[i + 1]
        y_a, y_b = ys[i], ys[i + 1]
        if spec.kind == "dense":  # every input to every neuron
            seg = np.empty((len(y_a), len(y_b), 2, 2))
            seg[..., 0, 0], seg[..., 0, 1] = i, y_a[:, None]
            seg[..., 1, 0], seg[..., 1, 1] = i + 1, y_b[None, :]
            col, wid = _edge_style(
                spec,
                drawn[i],
                drawn[i + 1],
                show_weights=show_weights,
                n_total=n_total,
                colors=colors,
            )
        else:  # same width: each value goes straight through
            seg = np.empty((len(y_b), 2, 2))
            seg[:, 0, 0], seg[:, 0, 1] = i, y_a
            seg[:, 1, 0], seg[:, 1, 1] = i + 1, y_b
            col = np.tile(to_rgba(colors["edge"], 0.6), (len(y_b), 1))
            wid = np.full(len(y_b), 0.8)
        segments.append(seg.reshape(-1, 2, 2))
        edge_colors.append(col)
        edge_widths.append(wid)
    if not segments:
        return np.empty((0, 2, 2)), np.empty((0, 4)), np.empty(0)
    return np.concatenate(segments), np.concatenate(edge_colors), np.concatenate(edge_widths)


def _count_texts(
    layers: Sequence[LayerSpec],
    columns: _Columns,
    x_pt: float,
    text_width: Callable[[str, float], float],
) -> dict[int, str]:
    """The true count of each collapsed layer; on two lines if one is too wide.

    It goes under its column, centred: beside the ellipsis it ran into the
    next column's dots or nodes when columns are close (a Dropout column, the
    architecture builder), and below the lowest neurons no edge passes.
    """
    texts = {}
    for i in columns.collapsed:
        text = f"{layers[i].units} units"
        if text_width(text, COUNT_FONTSIZE) + 8 > x_pt:
            text = text.replace(" ", "\n")
        texts[i] = text
    return texts


def _legend(
    groups: Sequence[str], show_weights: bool, colors: Mapping[str, str], labels: Mapping
) -> tuple[list[tuple[str, str, str]], int]:
    """Legend entries in reading order, and the number of legend columns."""
    entries = [
        (labels[g], colors[g], "small node" if g == "neuronless" else "node")
        for g in _GROUP_ORDER
        if g in groups
    ]
    if show_weights:
        entries.append(("weight > 0", colors["positive"], "line"))
        entries.append(("weight < 0", colors["negative"], "line"))
    if not entries:
        return [], 1
    # Two rows at most, read left to right (matplotlib fills columns first).
    ncol = len(entries) if len(entries) <= 4 else -(-len(entries) // 2)
    nrow = -(-len(entries) // ncol)
    order = [r * ncol + c for c in range(ncol) for r in range(nrow) if r * ncol + c < len(entries)]
    return [entries[k] for k in order], ncol


def layout_network(
    layers: Sequence[LayerSpec],
    *,
    axes_size_pt: tuple[float, float],
    colors: Mapping[str, str],
    legend_labels: Mapping[str, str],
    max_neurons: int = 10,
    describe: bool = False,
    show_weights: bool = False,
    text_width: Callable[[str, float], float] = text_width_pt,
) -> NetworkLayout:
    """Lay out a network diagram in axes of a given size; draw nothing.

    Parameters
    ----------
    layers : sequence of LayerSpec
        The input first.
    axes_size_pt : (float, float)
        Width and height of the axes in points; the height the layout may
        use, after the title and legend.
    colors : mapping
        Colour of each node group ('input', 'hidden', 'output',
        'neuronless') and of the edges: 'edge', 'positive', 'negative'.
    legend_labels : mapping
        Legend label of each node group.
    max_neurons : int, default=10
    describe, show_weights : bool, default=False
        As in :meth:`nnteach.NetworkDiagram.plot`.
    text_width : callable, optional
        ``text_width(text, fontsize)`` in points, to size the count labels.

    Returns
    -------
    NetworkLayout

    Examples
    --------
    >>> from nnteach.diagram import NetworkDiagram
    >>> from nnteach.layers import dense_chain
    >>> layout = NetworkDiagram(dense_chain(4, (3,))).layout(axes_size_pt=(400, 200))
    >>> layout.node_xy.shape, layout.edge_segments.shape  # 4 + 3 + 1 nodes, 12 + 3 edges
    ((8, 2), (15, 2, 2))
    """
    columns = _Columns.of(layers, max_neurons)
    groups = _groups(layers)
    n_cols, half_height = len(layers), columns.half_height
    width_pt, height_pt = axes_size_pt
    # Small networks keep a sensible spacing instead of filling the height.
    frame = max(half_height, 1.5) + 0.6
    y_range = 2 * frame
    descriptions = []
    if describe:
        texts = [describe_text(s, g == "output") for s, g in zip(layers, groups, strict=True)]
        descriptions = [(float(i), half_height + 0.45, t) for i, t in enumerate(texts)]
        # Leave room above the neurons for the layer descriptions.
        n_lines = max(text.count("\n") + 1 for text in texts)
        block_pt = n_lines * DESCRIBE_FONTSIZE * 1.3 * 1.2 + 8
        y_range = (2 * frame) / (1 - min(block_pt / height_pt, 0.6))
    # Points per data unit across (columns are 1 apart) and marker diameter:
    # about 60 % of the spacing between neurons.
    x_pt = width_pt / (n_cols + 0.35)
    diameter = min(0.6 * height_pt / y_range, 0.35 * x_pt, 22.0)
    count_texts = _count_texts(layers, columns, x_pt, text_width)
    bottom = frame
    if count_texts:
        # Grow the bottom margin until the counts fit under the neurons.
        count_lines = max(text.count("\n") + 1 for text in count_texts.values())
        need_pt = diameter / 2 + COUNT_GAP_PT + count_lines * COUNT_FONTSIZE * 1.2 + 6
        margin = frame - half_height
        extra = (need_pt * y_range - margin * height_pt) / max(height_pt - need_pt, 1.0)
        if extra > 0:
            bottom += extra
            y_range += extra
    diameter = min(0.6 * height_pt / y_range, 0.35 * x_pt, 22.0)
    size = max(diameter, 4.0) ** 2

    node_groups = np.concatenate(
        [np.full(len(y), g, dtype=object) for y, g in zip(columns.ys, groups, strict=True)]
    ).astype(str)
    node_xy = np.column_stack(
        [
            np.concatenate([np.full(len(y), float(i)) for i, y in enumerate(columns.ys)]),
            np.concatenate(columns.ys),
        ]
    )
    segments, edge_colors, edge_widths = _edges(
        layers, columns, show_weights=show_weights, colors=colors
    )
    ellipsis_xy = np.empty((0, 2))
    if columns.collapsed:
        ellipsis_xy = np.column_stack(
            [
                np.repeat(np.array(columns.collapsed, dtype=float), 3),
                np.concatenate(
                    [
                        columns.ellipsis_y[i] + np.array([0.25, 0.0, -0.25])
                        for i in columns.collapsed
                    ]
                ),
            ]
        )
    legend, legend_ncol = _legend(groups, show_weights, colors, legend_labels)
    return NetworkLayout(
        groups=groups,
        drawn=columns.drawn,
        node_xy=node_xy,
        node_groups=node_groups,
        node_colors=[colors[g] for g in node_groups],
        node_sizes=np.where(node_groups == "neuronless", size * 0.45, size),
        node_diameter_pt=float(diameter),
        edge_segments=segments,
        edge_colors=edge_colors,
        edge_widths=np.asarray(edge_widths, dtype=float),
        ellipsis_xy=ellipsis_xy,
        counts=[(float(i), float(np.min(columns.ys[i])), t) for i, t in count_texts.items()],
        count_offset_pt=max(diameter, 4.0) / 2 + COUNT_GAP_PT,
        descriptions=descriptions,
        xlim=(-0.6, n_cols - 1 + 0.75),
        ylim=(-bottom, y_range - bottom),
        legend=legend,
        legend_ncol=legend_ncol,
    )
