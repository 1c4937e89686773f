from __future__ import annotations

from kubelint.cli import main

main()
