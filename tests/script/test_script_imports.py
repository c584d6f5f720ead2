"""The script package is pure Python: it never loads Textual or SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys


def test_script_package_loads_neither_textual_nor_sqlalchemy() -> None:
    code = "import sys, dunning_tui.script as s; s.default_script('fr'); print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = {name.split(".")[0] for name in out.split()}
    assert "textual" not in loaded
    assert "sqlalchemy" not in loaded
