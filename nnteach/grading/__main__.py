"""``python -m nnteach.grading --result PATH``: grade one submission (used by ``nnteach grade``).

The job arrives as JSON on standard input; see :func:`nnteach.grading.runner.main`.
"""

from nnteach.grading.runner import main

raise SystemExit(main())
