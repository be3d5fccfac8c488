"""A recipient's box drawn over the pages every copy of an edition shares (pikepdf).

A personalised copy is made of two PDFs. The base is the edition laid out and drawn once,
with the recipient's box blank at its place (partials/macros.html): a fill of the colour
MARK, and a hidden letter whose tag sits where the box's tags belong. The box is one
recipient's box laid out alone on a page of the same size (render/boxpage.py), drawn by
WeasyPrint with the recipient's own head, so that its metadata are the copy's.

`prepare` turns a base into a template once: the blank box's drawing becomes a call of the
form XObject BOX, at the same place in the page's content, and its tag an empty one. `merge`
then fills the template with one box: its page as that form XObject (its fonts embedded
with it, subset to its own letters), its tags in the blank box's tag, its metadata as the
document's. So a copy prints, reads aloud and copies out as the same copy laid out whole
(tests/jobs/test_copies.py compares their text and pixels).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Integer, Name, Object

from brosur.errors import BuildError

# The blank box's fill, rgb(1, 2, 3) in partials/macros.html: a colour no design uses.
MARK = (1 / 255, 2 / 255, 3 / 255)
BOX = Name("/BrosurRecipientBox")
_FLAG = Name("/BrosurBlankBox")  # on the blank box's tag in a template, until merged
# The operators that paint (PDF 32000-1, 8.5.3, 8.7.4, 8.8, 9.4.2); pikepdf names an inline
# image "INLINE IMAGE".
_PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "Tj", "TJ", "'", '"'}
_PAINT |= {"INLINE IMAGE"}


class OverlayError(BuildError):
    """A base or a box that cannot be put together (a template changed unlike this code)."""


@dataclass(frozen=True)
class Template:
    """A base ready for boxes: its bytes, the page the box is on (from 0), and the object
    number of the blank box's tag (None in an untagged PDF)."""

    data: bytes
    page: int
    tag: tuple[int, int] | None


def prepare(base: bytes, page: int) -> Template:
    """Make the drawn `base` a template for boxes on its page `page` (from 0)."""
    pdf = pikepdf.open(io.BytesIO(base))
    sheet = pdf.pages[page]
    operations = pikepdf.parse_content_stream(sheet)
    start, end = _blank_box(operations)
    marked = [
        int(operation.operands[1].MCID)
        for operation in operations[start:end]
        if str(operation.operator) == "BDC" and "/MCID" in operation.operands[1]
    ]
    # The form's content is in default page space: undo the matrix in force here.
    call = [
        pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")),
        pikepdf.ContentStreamInstruction(
            list(_inverse(_matrix_at(operations, start))), pikepdf.Operator("cm")
        ),
        pikepdf.ContentStreamInstruction([BOX], pikepdf.Operator("Do")),
        pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")),
    ]
    content = pikepdf.unparse_content_stream([*operations[:start], *call, *operations[end:]])
    sheet.obj.Contents = pdf.make_stream(content)
    tagged = "/StructTreeRoot" in pdf.Root
    if tagged:
        _blank_tag(pdf, sheet, marked)
    data = _saved(pdf)
    return Template(data, page, _flagged_tag(data) if tagged else None)


def merge(template: Template, box: bytes, shift: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """The template with `box` (a one-page PDF of the same size) drawn in the blank box's
    place, moved by `shift` points; its tags and metadata the copy's."""
    pdf = pikepdf.open(io.BytesIO(template.data))
    own = pikepdf.open(io.BytesIO(box))
    own_page = own.pages[0]
    if "/Annots" in own_page.obj:
        raise OverlayError("the recipient box has links, which a copy's box cannot carry")
    _retag_fonts(own)
    form = own_page.as_form_xobject()
    if max(abs(value) for value in shift) > 1e-6:
        form.Matrix = Array([1, 0, 0, 1, *shift])
    sheet = pdf.pages[template.page]
    if template.tag is not None:
        _graft_tags(pdf, sheet, pdf.get_object(template.tag), own, form)
    resources = sheet.obj.Resources
    if "/XObject" not in resources:
        resources.XObject = Dictionary()
    resources.XObject[BOX] = pdf.copy_foreign(form)
    # The metadata WeasyPrint wrote from the recipient's head: the title names them.
    pdf.trailer.Info = pdf.copy_foreign(own.trailer.Info)
    if "/Metadata" in own.Root:
        pdf.Root.Metadata = pdf.copy_foreign(own.Root.Metadata)
    return _saved(pdf)


# Preparing a template -----------------------------------------------------------------------


def _blank_box(operations: list) -> tuple[int, int]:
    """The instructions that draw the blank box, [start, end): the widest block of q … Q
    around its mark fill that paints nothing else (the box's own drawing, as WeasyPrint
    draws a float: its background, its hidden letter's tag, its clips)."""
    marks = [index for index, operation in enumerate(operations) if _is_mark(operation)]
    if len(marks) != 1:
        raise OverlayError(f"the base has {len(marks)} blank recipient boxes, not one")
    (mark,) = marks
    blocks, opened = {}, []
    for index, operation in enumerate(operations):
        if str(operation.operator) == "q":
            opened.append(index)
        elif str(operation.operator) == "Q" and opened:
            blocks[opened.pop()] = index + 1
    around = sorted(
        ((start, end) for start, end in blocks.items() if start < mark < end),
        key=lambda block: block[1] - block[0],
    )
    widest = None
    for start, end in around:
        paints = sum(str(operation.operator) in _PAINT for operation in operations[start:end])
        if paints > 1:
            break
        widest = (start, end)
    if widest is None:
        raise OverlayError("the blank recipient box is not drawn in a block of its own")
    return widest


def _is_mark(operation) -> bool:
    if str(operation.operator) != "rg":
        return False
    values = [float(value) for value in operation.operands]
    return all(abs(value - mark) < 1e-3 for value, mark in zip(values, MARK, strict=True))


def _matrix_at(operations: list, stop: int) -> tuple[float, ...]:
    """The current transformation matrix before instruction `stop` (PDF 32000-1, 8.4.4)."""
    matrix: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    for operation in operations[:stop]:
        operator = str(operation.operator)
        if operator == "q":
            saved.append(matrix)
        elif operator == "Q" and saved:
            matrix = saved.pop()
        elif operator == "cm":
            matrix = _product(tuple(float(value) for value in operation.operands), matrix)
    return matrix


def _product(first: tuple, second: tuple) -> tuple[float, ...]:
    """`first` then `second`, as PDF matrices [a b c d e f] compose (8.3.4)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _inverse(matrix: tuple) -> tuple[float, ...]:
    a, b, c, d, e, f = matrix
    determinant = a * d - b * c
    if abs(determinant) < 1e-12:
        raise OverlayError("the blank recipient box is drawn flattened")
    a2, b2, c2, d2 = d / determinant, -b / determinant, -c / determinant, a / determinant
    return (a2, b2, c2, d2, -(e * a2 + f * c2), -(e * b2 + f * d2))


def _blank_tag(pdf: pikepdf.Pdf, sheet, marked: list[int]) -> None:
    """Empty the blank box's tag (found through its hidden letter's), and flag it."""
    if len(marked) != 1:
        raise OverlayError(f"the blank recipient box has {len(marked)} tagged letters, not one")
    numbers = _page_numbers(pdf, int(sheet.obj.StructParents))
    element = numbers[marked[0]]
    while str(element.S) == "/Span":  # the letter's tag, then its <span>'s
        element = element.P
    numbers[marked[0]] = None  # the letter is gone from the page
    element.K = Array()
    element[_FLAG] = True


def _flagged_tag(data: bytes) -> tuple[int, int]:
    """The object number of the flagged tag in a saved template (numbers change on saving)."""
    pdf = pikepdf.open(io.BytesIO(data))
    tree = [pdf.Root.StructTreeRoot]
    while tree:
        element = tree.pop()
        if _FLAG in element:
            return element.objgen
        tree += [kid for kid in _kids(element) if isinstance(kid, Dictionary) and "/K" in kid]
    raise OverlayError("the blank recipient box's tag was lost")


# Merging one box ----------------------------------------------------------------------------


def _graft_tags(pdf: pikepdf.Pdf, sheet, blank, own: pikepdf.Pdf, form) -> None:
    """Put the box's tags in the blank box's tag: the box's content is in `form`, so each
    of its marked contents is named by the form (a marked-content reference with /Stm)."""
    own_numbers = _page_numbers(own, int(own.pages[0].obj.StructParents))
    texts = [element for element in own_numbers if element is not None]
    box = _common_ancestor(texts)
    if any(element.objgen == box.objgen for element in texts):
        raise OverlayError("the recipient box has a single text")
    below = list(_descendants(box))
    for element in [box, *below]:
        element.K = Array(
            Dictionary(Type=Name.MCR, Stm=form, MCID=kid) if isinstance(kid, int) else kid
            for kid in _kids(element)
        )
    for element in below:
        if "/Pg" in element:
            del element.Pg  # the box's own page: it is not copied
    for kid in box.K:
        if "/P" in kid:
            del kid.P  # the box's own parents: they are not copied
    tree = pdf.Root.StructTreeRoot.ParentTree
    key = max(int(number) for number in list(tree.Nums)[::2]) + 1
    form.StructParents = key
    kids = Array(_copied(pdf, kid) for kid in box.K)
    numbers = Array(_copied(pdf, element) for element in own_numbers)
    for kid in kids:
        kid.P = blank
    for element in _descendants_of(kids):
        element.Pg = sheet.obj
    blank.K = kids
    del blank[_FLAG]
    tree.Nums.extend([Integer(key), numbers])


def _retag_fonts(own: pikepdf.Pdf) -> None:
    """Give the box's font subsets tags of their own: WeasyPrint tags a font's subset alike
    in every PDF, but two subsets in one PDF must have different tags (PDF 32000-1,
    9.6.4), or a printer that takes one for the other misses letters."""
    for font in own.objects:
        if not isinstance(font, Dictionary) or font.get("/Type") != Name.Font:
            continue
        fonts = [font, *font.get("/DescendantFonts", ())]
        for each in fonts:
            if "/BaseFont" in each:
                each.BaseFont = Name("/" + _retagged(str(each.BaseFont)[1:]))
            descriptor = each.get("/FontDescriptor")
            if descriptor is not None and "/FontName" in descriptor:
                descriptor.FontName = Name("/" + _retagged(str(descriptor.FontName)[1:]))


def _retagged(name: str) -> str:
    """`ABCDEF+Inter` → another six capitals, the same for the same tag."""
    tag, plus, family = name.partition("+")
    if not plus or len(tag) != 6:
        return name
    digest = hashlib.sha256(f"recipient box {tag}".encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6]) + "+" + family


def _copied(pdf: pikepdf.Pdf, element):
    """`element` of another PDF, in `pdf` (an object copied once: the same copy again)."""
    return pdf.copy_foreign(element) if element is not None else None


def _page_numbers(pdf: pikepdf.Pdf, key: int) -> Object:
    """The parent tree's array for a page: its tags by marked-content number."""
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        if int(numbers[index]) == key:
            return numbers[index + 1]
    raise OverlayError("a page's tags are missing from the parent tree")


def _common_ancestor(elements: list) -> Dictionary:
    """The deepest tag all `elements` descend from: the box's own."""
    if not elements:
        raise OverlayError("the recipient box has no tagged text")
    chains = []
    for element in elements:
        chain = []
        while isinstance(element, Dictionary) and element.get("/Type") != Name.StructTreeRoot:
            chain.append(element)
            element = element.get("/P")
        chains.append(chain[::-1])
    common = None
    for level in zip(*chains, strict=False):
        if any(element.objgen != level[0].objgen for element in level):
            break
        common = level[0]
    if common is None:
        raise OverlayError("the recipient box's tags have no common parent")
    return common


def _kids(element: Object) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _descendants(element: Dictionary):
    """The structure elements below `element` (not marked-content references)."""
    yield from _descendants_of(_kids(element))


def _descendants_of(kids):
    for kid in kids:
        if isinstance(kid, Dictionary) and kid.get("/Type") != Name.MCR and "/S" in kid:
            yield kid
            yield from _descendants(kid)


def _saved(pdf: pikepdf.Pdf) -> bytes:
    """The PDF's bytes: the same input gives the same bytes (its /ID from its content)."""
    stream = io.BytesIO()
    pdf.save(stream, deterministic_id=True)
    return stream.getvalue()
