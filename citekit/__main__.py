"""``python -m citekit``: the same as the ``citekit`` command."""

from __future__ import annotations

from citekit.cli import main

if __name__ == "__main__":
    main()
