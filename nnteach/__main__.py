"""``python -m nnteach``: the same as the ``nnteach`` command."""

from nnteach.cli import main

raise SystemExit(main())
