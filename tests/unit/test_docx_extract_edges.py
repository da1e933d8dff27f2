"""A Word document (retrieval/corpus/formats/docx.py) without a creation date, a title
paragraph or a title property: its date and title are empty, not made up."""

from __future__ import annotations

import io

from retrieval.corpus.formats import Limits, docx

DCTERMS = "{http://purl.org/dc/terms/}"


def test_a_document_without_creation_date_or_title_has_neither():
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.title = ""
    for created in properties._element.findall(f"{DCTERMS}created"):
        properties._element.remove(created)
    assert properties.created is None
    document.add_paragraph("社区居民每月在议事厅议事。")
    buffer = io.BytesIO()
    document.save(buffer)
    extracted = docx.extract(buffer.getvalue(), Limits())
    assert (extracted.date, extracted.title) == ("", "")
    assert "社区居民每月在议事厅议事。" in extracted.text

