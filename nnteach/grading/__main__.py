"""``python -m nnteach.grading``: grade one student, inside its sandbox (``nnteach grade``).

The job arrives as JSON on standard input, the verdict leaves as JSON on standard
output; see :func:`nnteach.grading.runner.main`.
"""

from nnteach.grading.runner import main

raise SystemExit(main())
