"""Whether a PDF may be shown inline: parsed with pypdf (names with ``#xx`` escapes decoded, compressed object streams
read), every object looked at, not a byte search a ``/J#61vaScript`` slips past. A PDF pypdf cannot read is treated
as active too: a viewer may repair what the parser refused, so only a file the check could read is previewed."""

import io
import logging
import re

# Keys whose mere presence means scripts, launched programs, embedded files or forms that run code.
ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA", "/AA"}
# Action types (/S) and annotation or object types that run or carry something.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/GoToE", "/Rendition"}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"}
ACTIVE_TYPES = {"/EmbeddedFile", "/Filespec"}

# A second look at the raw bytes, escapes decoded, for objects outside what the parser reached (after %%EOF, say).
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE_BYTES = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|AA)(?![A-Za-z0-9])")


def _unescape(chunk: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), chunk)


def raw_active_content(data: bytes) -> str:
    found = _ACTIVE_BYTES.search(_unescape(data))
    return found.group().decode("latin-1") if found else ""


def _problem_in(obj) -> str:
    from pypdf.generic import DictionaryObject

    if not isinstance(obj, DictionaryObject):
        return ""
    for key in obj:
        if key in ACTIVE_KEYS:
            return key
    for key, values in (("/S", ACTIVE_ACTIONS), ("/Subtype", ACTIVE_SUBTYPES), ("/Type", ACTIVE_TYPES)):
        value = obj.get(key)
        if isinstance(value, str) and value in values:
            return f"{key} {value}"
    return ""


def _walk(root, seen: set, budget: list) -> str:
    """Depth-first over the object graph from ``root`` (indirect references followed once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [root]
    while stack:
        budget[0] -= 1
        if budget[0] < 0:
            return "对象过多，未能检查完"
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        problem = _problem_in(obj)
        if problem:
            return problem
        if isinstance(obj, DictionaryObject):
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return ""


def pdf_active_content(data: bytes, max_objects: int = 200_000) -> str:
    """What makes the PDF active ('/JavaScript', '/S /Launch', '无法解析' …), or '' when it is safe to preview."""
    import pypdf
    from pypdf.errors import PyPdfError

    raw = raw_active_content(data)
    if raw:
        return raw
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repaired-file warnings are not ours to log
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "已加密，无法检查"
        seen, budget = set(), [max_objects]
        problem = _walk(reader.trailer, seen, budget)
        if problem:
            return problem
        # Objects no reference reaches are still in the file: a viewer that repairs the file may find them.
        numbers = {(num, gen) for gen, entries in reader.xref.items() for num in entries}
        numbers |= {(num, 0) for num in reader.xref_objStm}
        for num, gen in sorted(numbers - seen):
            obj = reader.get_object(pypdf.generic.IndirectObject(num, gen, reader))
            problem = _walk(obj, seen, budget)
            if problem:
                return problem
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        return "无法解析"
    return ""
