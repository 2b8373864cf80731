"""LAYOUT.md, the package's map one line a file, is the one the code gives: every file is in it, with
the first paragraph of its docstring, and every file has one."""

from tests import layout_doc


def test_layout_md_is_current():
    written = (layout_doc.ROOT / "LAYOUT.md").read_text(encoding="utf-8").rstrip()
    assert written == "\n".join(layout_doc.lines()).rstrip(), "run: python -m tests.layout_doc > LAYOUT.md"


def test_every_product_file_says_what_it_is():
    missing = [p.relative_to(layout_doc.ROOT).as_posix() for p in sorted(layout_doc.PACKAGE.rglob("*.py"))
               if not layout_doc.summary(p)]  # fmt: skip
    assert missing == []
