"""A rule's message with its article, cited once in Chinese (never a bare id such as [C])."""

from __future__ import annotations

from lifecycle.citations import citation


def with_citation(message: str, article: str) -> str:
    """The rule's message ending with its Chinese citation, once: a message that already names
    its regulation (by title or by id) is left as it is."""
    if not article:
        return message
    cited = citation(article)
    if article in message or cited in message or _title(cited) in message:
        return message
    return f"{message}（{cited}）"


def _title(cited: str) -> str:
    """The 《…》 title of a citation (the whole citation when it has none)."""
    end = cited.find("》")
    return cited[: end + 1] if cited.startswith("《") and end > 0 else cited
