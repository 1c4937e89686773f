from __future__ import annotations

from kubelint.entry import main

main()
