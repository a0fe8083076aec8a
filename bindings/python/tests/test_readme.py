"""The README's quick start runs, and each `print(...)  # output` line prints that output."""

import contextlib
import io
import re

from conftest import ROOT

README = ROOT / "bindings" / "python" / "README.md"


def quick_start():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Quick start") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_quick_start_runs_and_prints_what_it_says():
    code = quick_start()
    expected = [
        m.group(1)
        for m in re.finditer(r"^print\(.*\)\s+# (.+)$", code, re.M)
    ]
    assert len(expected) >= 4
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    lines = out.getvalue().splitlines()
    # The expected lines appear in order among the printed ones.
    it = iter(lines)
    for want in expected:
        assert any(line == want for line in it), f"{want!r} not printed; got {lines}"
