"""The project's set-up files agree with each other and say what they promise."""

from __future__ import annotations

import re
import tomllib

from tests._notebooks import ROOT


def _extra(project: dict, name: str) -> list[str]:
    """An extra's requirements, with `nnteach[other]` replaced by that extra's."""
    requirements = []
    for req in project["optional-dependencies"][name]:
        match = re.fullmatch(r"nnteach\[(\w+)\]", req)
        requirements += _extra(project, match.group(1)) if match else [req]
    return requirements


def _pyproject_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + _extra(project, "dev")


def _environment_pip_requirements(name: str = "environment.yml") -> list[str]:
    # environment.yml is simple YAML; its pip list items are quoted strings
    text = (ROOT / name).read_text()
    pip_block = text.split("- pip:", 1)[1]
    return re.findall(r'^\s+- "([^"]+)"', pip_block, re.M)


def test_environment_yml_lists_the_same_packages_as_pyproject():
    """The developers' environment: dependencies + the dev extra (nbgrader included)."""
    env = [r for r in _environment_pip_requirements() if r != "-e ."]
    assert sorted(env) == sorted(_pyproject_requirements())
    assert "-e ." in _environment_pip_requirements()


def test_the_students_environment_is_the_run_time_dependencies_only():
    """binder/environment.yml (what repo2docker builds for students): no dev tool."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    student = _environment_pip_requirements("binder/environment.yml")
    assert sorted(student) == sorted(project["dependencies"])
    names = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in student}
    assert not names & {"pytest", "ruff", "playwright", "hypothesis", "nbgrader", "nbval"}


def test_constraints_pin_every_direct_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    for req in _pyproject_requirements():
        name = re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]
        marker = req.partition(";")[2]
        if "!= 'linux'" in marker:  # the non-Linux TensorFlow wheel is not pinned here
            continue
        assert re.sub(r"[-_.]+", "-", name).lower() in pins, f"{name} is not pinned"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_readme_first_screen_is_the_two_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:25])
    assert "make lab" in first_screen and "make test" in first_screen


def test_the_instructor_extra_holds_nbgrader_and_dev_includes_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(r.startswith("nbgrader") for r in project["dependencies"])
    assert any(r.startswith("nbgrader") for r in _extra(project, "instructor"))
    assert "nnteach[instructor]" in project["optional-dependencies"]["dev"]
