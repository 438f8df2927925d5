#!/usr/bin/env bash
# Install the system packages the course needs, when missing:
#   graphviz  -> `dot`, used by keras.utils.plot_model (lesson 3)
#   chromium  -> the headless browser the widget test drives through Playwright
#   bubblewrap -> `bwrap`, the sandbox `nnteach grade` runs each student in
# Usage: install-system-deps.sh [graphviz] [chromium] [bubblewrap]   (default: all)
# Uses apt-get (Debian/Ubuntu) as root. Elsewhere it says what to install and
# carries on: lessons fall back to nnteach's own diagram, and the browser test
# is skipped outside CI (in CI, CI=true, it fails instead).
set -u
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(graphviz chromium bubblewrap)
missing=()
for pkg in "${wanted[@]}"; do
    case "$pkg" in
        graphviz) command -v dot >/dev/null 2>&1 || missing+=(graphviz) ;;
        chromium) command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
        bubblewrap) command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap) ;;
        *) echo "install-system-deps.sh: unknown package '$pkg' (expected graphviz, chromium or bubblewrap)" >&2; exit 2 ;;
    esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    exit $?
fi
echo "Note: system packages missing: ${missing[*]}." >&2
echo "      Install them with your package manager (e.g. 'sudo apt-get install ${missing[*]}'," >&2
echo "      or 'conda env create -f environment.yml', which brings graphviz)." >&2
exit 0
