"""FAQ search for villagers' free-text questions (informal Indonesian and Javanese).

Build one ``FaqIndex`` at start-up (``FaqIndex.from_directory(CONTENT_DIR / "faq")``), then
``index.search(text)`` per message: CONFIDENT → answer ``hits[0]``; AMBIGUOUS → offer
``hits`` as choices; NOT_UNDERSTOOD → hand the question to an officer.
"""

from bot.domain.faq.entries import ContentError, FaqEntry, load_faq
from bot.domain.faq.index import FaqIndex, Hit, Outcome, SearchResult

__all__ = [
    "ContentError",
    "FaqEntry",
    "FaqIndex",
    "Hit",
    "Outcome",
    "SearchResult",
    "load_faq",
]
