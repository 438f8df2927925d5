"""nnteach.layers: one spec for a chain of Dense layers, one output-layer rule."""

from __future__ import annotations

import pytest

from nnteach.layers import LayerSpec, dense_chain, output_layer, output_names


@pytest.mark.parametrize(
    ("task", "n_classes", "expected"),
    [
        ("classification", 2, (1, "sigmoid")),
        ("classification", 3, (3, "softmax")),
        ("regression", 5, (1, "linear")),
    ],
)
def test_output_layer_rule(task, n_classes, expected):
    assert output_layer(task, n_classes) == expected


def test_output_layer_rejects_an_unknown_task():
    with pytest.raises(ValueError, match=r"Expected one of.*Received: task='clasification'"):
        output_layer("clasification")


@pytest.mark.parametrize(("task", "n_classes"), [("classification", 2), ("classification", 4)])
def test_output_names_read_the_rule_backwards(task, n_classes):
    units, activation = output_layer(task, n_classes)
    names = output_names(task, units, activation)
    assert len(names) == units and all(name.startswith("P(class ") for name in names)


def test_output_names_of_a_model_off_the_rule():
    assert output_names("classification", 1, "linear") == ["model output (class 1)"]
    assert output_names("classification", 2, "linear") == ["output 0", "output 1"]
    assert output_names("regression", 1, "relu") == ["predicted value"]


def test_dense_chain_names_units_and_parameters():
    specs = dense_chain(10, (16, 8), n_classes=3, activation="tanh", dropout=0.25)
    assert [(s.name, s.kind, s.units, s.n_inputs, s.activation) for s in specs] == [
        ("input", "input", 10, 10, None),
        ("h1", "dense", 16, 10, "tanh"),
        ("drop1", "neuronless", 16, 16, None),
        ("h2", "dense", 8, 16, "tanh"),
        ("drop2", "neuronless", 8, 8, None),
        ("output", "dense", 3, 8, "softmax"),
    ]
    assert [s.rate for s in specs if s.layer_type == "Dropout"] == [0.25, 0.25]
    assert sum(s.n_params for s in specs) == (10 * 16 + 16) + (16 * 8 + 8) + (8 * 3 + 3)
    assert LayerSpec("o", "dense", 2, 3, use_bias=False).n_params == 6


def test_build_deep_network_builds_the_chain():
    from nnteach.models import build_deep_network

    model = build_deep_network(5, (4, 3), n_classes=4, dropout=0.1)
    specs = dense_chain(5, (4, 3), n_classes=4, dropout=0.1)
    assert [layer.name for layer in model.layers] == [s.name for s in specs[1:]]
    assert model.count_params() == sum(s.n_params for s in specs)
    assert model.layers[-1].activation.__name__ == specs[-1].activation == "softmax"
