#!/usr/bin/env bash
# Open the course in JupyterLab: what `make lab` (student) and `make instructor` run,
# and what tests/test_student_view.py starts.
#
#   tools/lab.sh student|instructor [jupyter lab arguments...]
#
# Both views read jupyter/course (no news toast, no update check); the student view
# also reads jupyter/student, which disables nbgrader's lab and server extensions.
# The folders go on JUPYTER_CONFIG_PATH, so nothing is written to the home directory.
# jupyter/data goes on JUPYTER_PATH: its labextensions/ holds the course's prebuilt
# nnteach-revisit extension (Revisit links land on their heading; jupyter/README.md).
# JUPYTER (default .venv/bin/jupyter) is the jupyter command to run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
view=${1:-}
case $view in
    student) config="$root/jupyter/student:$root/jupyter/course" ;;
    instructor) config="$root/jupyter/course" ;;
    *) echo "usage: tools/lab.sh student|instructor [jupyter lab arguments...]" >&2; exit 2 ;;
esac
shift

export JUPYTER_CONFIG_PATH="$config${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
export JUPYTER_PATH="$root/jupyter/data${JUPYTER_PATH:+:$JUPYTER_PATH}"
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONHASHSEED=0
unset MPLBACKEND  # kernels use the inline backend (the tests' Agg is for headless runs)

# JupyterLab refuses to run as root (containers, CI) unless told it is on purpose.
root_flag=()
if [ "$(id -u)" = 0 ]; then root_flag=(--allow-root); fi

cd "$root"
exec "${JUPYTER:-$root/.venv/bin/jupyter}" lab --ServerApp.root_dir="$root" \
    --LabApp.default_url=/lab/tree/course/00_start_here.ipynb "${root_flag[@]}" "$@"
