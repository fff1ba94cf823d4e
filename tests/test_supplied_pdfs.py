"""Supplied PDF appendices: degenerate structures give a clean refusal (E231), never a crash or a hang."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, RectangleObject, TextStringObject

from papers.content import supplied


def write(writer: PdfWriter, path: Path) -> Path:
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("box", [(0, 0, 0, 0), (0, 0, 595, 0), (0, 0, 100000, 842)])
def test_a_page_without_a_usable_size_is_refused(tmp_path, box):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.pages[0].mediabox = RectangleObject(box)
    with pytest.raises(supplied.UnreadablePdf, match="page 1 has no usable size"):
        supplied.inspect(write(writer, tmp_path / "flat.pdf"))


def test_a_name_tree_that_contains_itself_is_counted_once(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    node = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a.txt"), DictionaryObject()])})
    reference = writer._add_object(node)
    node[NameObject("/Kids")] = ArrayObject([reference])  # the node is its own child
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"): reference})
    found = supplied.inspect(write(writer, tmp_path / "loop.pdf"))
    assert found.hidden == ("1 attached file",)


def test_a_sound_pdf_still_passes(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    assert supplied.inspect(write(writer, tmp_path / "plain.pdf")).pages == 1
