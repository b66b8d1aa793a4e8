"""An office PDF finished for the screen it is read on and the screen reader that reads it.

WeasyPrint tags the pages (PDF/UA-1) but leaves two things to do:

- its link annotations lack the Print flag, so a viewer may show one and print another: each
  is flagged to print (nothing is drawn: a link has no border). That is done on WeasyPrint's
  own objects before it writes them (links_printed, its finisher), so the file is written once;
- the text of its page-margin boxes (a leaflet's edition line, repeated at the foot of every
  page) is marked as content yet left out of the structure tree: it is made an artifact, which
  a screen reader skips, as running footers are (WeasyPrint's own note: "It could be included
  in tree as Artifact"). Only a document with margin boxes is opened again for it (pikepdf):
  a card has none, and is written as WeasyPrint writes it.
"""

from __future__ import annotations

import io

import pikepdf
import pydyf

from generator.render.engine import Document, boxes

PRINT_FLAG = 4  # an annotation's /F bit 3: shown when the page is printed, as on the screen


def links_printed(document: Document, pdf: pydyf.PDF) -> None:
    """WeasyPrint's finisher (write_pdf(finisher=)): each link annotation flagged to print,
    among the objects it is about to write."""
    for made in pdf.objects:
        if isinstance(made, pydyf.Dictionary) and made.get("Subtype") == "/Link":
            made["F"] = int(made.get("F", 0)) | PRINT_FLAG


def has_margin_boxes(document: Document) -> bool:
    """Whether any page has a margin box (@page's @top-left and the like), whose text
    finish_for_screen() makes an artifact."""
    return any(isinstance(child, boxes.MarginBox)
               for page in document.pages for child in page._page_box.children)  # noqa: SLF001  (the laid-out boxes)


def finish_for_screen(pdf: bytes) -> bytes:
    """The PDF with its margin boxes' text as artifacts; the same bytes when it has none."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if not _margins_as_artifacts(document):
            return pdf
        output = io.BytesIO()
        document.save(output, deterministic_id=True)  # the same inputs give the same file
    return output.getvalue()


def _margins_as_artifacts(document: pikepdf.Pdf) -> bool:
    """Each marked-content sequence whose structure element the tree does not reach (a margin
    box's) becomes an /Artifact, and its entry of the parent tree is dropped."""
    root = document.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return False
    reached = _reached(root)
    nums = root.ParentTree.get("/Nums")
    if nums is None:
        return False
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    changed = False
    for page in document.pages:
        key = page.obj.get("/StructParents")
        elements = by_key.get(int(key)) if key is not None else None
        if not isinstance(elements, pikepdf.Array):
            continue
        orphans = {mcid for mcid, element in enumerate(elements)
                   if isinstance(element, pikepdf.Dictionary) and element.objgen not in reached}
        if not orphans:
            continue
        operations: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
        for instruction in pikepdf.parse_content_stream(page):
            operands = instruction.operands
            if (str(instruction.operator) == "BDC" and len(operands) == 2
                    and isinstance(operands[1], pikepdf.Dictionary) and int(operands[1].get("/MCID", -1)) in orphans):
                operations.append(pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
            else:
                operations.append(instruction)
        page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(operations))
        for mcid in orphans:
            elements[mcid] = None  # no element: the sequence is an artifact now
        changed = True
    return changed


def _reached(root: pikepdf.Object) -> set[tuple[int, int]]:
    """The structure elements the tree reaches from its root."""
    reached: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        kids = stack.pop()
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids and kids.objgen not in reached:
            reached.add(kids.objgen)
            stack.append(kids.get("/K"))
    return reached
