"""Photo captions and credits: ``Foto: …``, ``… (Foto: Nama/Outlet)``, ``ANTARA FOTO/Nama``, embed signatures."""

from __future__ import annotations

import re

from .phrases import SHORT, rules
from .walk import Ctx

_CAPTION_END = re.compile(
    r"(?:\(\s*(?:foto|photo|dok|dokumentasi|ilustrasi|sumber\s+foto|antara\s+foto)\b[^()]{0,150}\)"
    r"|\b(?:foto|photo)\s*:\s*[^()]{1,120}/\s*[\w.]{2,30}(?:\s[\w.]{1,30}){0,3}|antara\s+foto\s*/\s*[^()]{1,80})\s*$",
    re.I)
# "KOMPAS.COM/NAMA FOTOGRAFER Keterangan …", "REUTERS/Nama", "AFP PHOTO / Nama": a credit opening a caption.
_CREDIT_START = re.compile(r"^(?:[A-Z][A-Z0-9.&'’ -]{1,30}|[A-Z][A-Za-z0-9-]{1,30}\.(?:com|co\.id|co|id))\s?/\s?[A-Z]")
# "Vladimir Putin di Moskow. /Reuters/Nama": a caption ending with its slash credit.
_SLASH_CREDIT_END = re.compile(r"(?:\.\s?|\s)/\s?[A-Z@][\w@.'’ /&-]{1,60}/?$")
# "— Nama (@akun) February 16, 2016": the signature line of an embedded post.
_EMBED_SIGNATURE = re.compile(r"^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w{3,9}\.?\s+\d{1,2},\s+\d{4}$")


def caption_block(ctx: Ctx, i: int) -> int:
    """Photo captions and credits: ``Foto: …``, ``… (Foto: …/Detikcom)``, ``ANTARA FOTO/…``."""
    b = ctx.items[i]
    if len(b.text) > 400:
        return 0
    low = b.text.casefold()
    if (low.startswith(rules().caption_prefixes) or _credit_end(b.text)
            or _CREDIT_START.match(b.text) or _EMBED_SIGNATURE.match(b.text)
            or (len(b.text) <= SHORT and "/" in b.text[-80:] and _SLASH_CREDIT_END.search(b.text[-80:]))
            or ctx.label(i) in rules().words("names", "outlets")):
        ctx.cut("caption", b.text, b.href)
        return 1
    return 0


def _credit_end(text: str) -> bool:
    """``… (Foto: Nama/Outlet)`` closing a caption."""
    tail = text[-200:]
    # Every form ends with a bracket or holds a slash: most blocks have neither.
    if "/" not in tail and not tail.rstrip().endswith(")"):
        return False
    return _CAPTION_END.search(tail) is not None
