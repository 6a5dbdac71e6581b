"""The enrichment stages: small pure functions ``Article -> Article``, each filling one part of the record.

The order matters where a stage reads another's output: quotes need entities (speakers), cited
sources need quotes (``via``), events need entities and dates, keywords need entities.
"""

from __future__ import annotations

import re

from kliping.article import Article
from kliping.enrich.amounts import find_amounts
from kliping.enrich.entities import find_entities
from kliping.enrich.events import find_events
from kliping.enrich.keywords import find_keywords
from kliping.enrich.language import detect
from kliping.enrich.quotes import find_quotes
from kliping.enrich.sources import find_sources
from kliping.enrich.temporal import find_dates

SUMMARY_CHARS = 300
# The NER model learnt Indonesian; on Malay and the regional languages it still reads names well.
# Elsewhere (English, …) only curated names are found: a model guessing outside its language would
# fill the record with noise, and costs most of the enrichment time.
MODEL_LANGUAGES = frozenset({"id", "ms", "jv", "su", None})
SHORT_TEXT = 400  # characters; below this a language guess is too weak to withhold the model
# A sentence and its closing marks; every branch consumes a character or ends the text (linear).
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+[\"”’)]*\s*|$)")


def language_stage(article: Article) -> Article:
    """The document's language, unless the page or the caller already gave it."""
    if article.language:
        return article
    return article.replace(language=detect(f"{article.title or ''}\n{article.body}"))


def entities_stage(article: Article) -> Article:
    """Named entities with all mentions, canonical names and countries."""
    use_model = article.language in MODEL_LANGUAGES or len(article.body) < SHORT_TEXT
    return article.replace(entities=tuple(find_entities(article.body, use_model=use_model)))


def quotes_stage(article: Article) -> Article:
    """Direct and indirect quotations with their speakers."""
    return article.replace(quotes=tuple(find_quotes(article.body, article.entities)))


def sources_stage(article: Article) -> Article:
    """The agencies and outlets the text cites."""
    return article.replace(cited_sources=tuple(find_sources(article.body, article.entities, article.quotes)))


def amounts_stage(article: Article) -> Article:
    """Money, percentages and counts, with normalised values."""
    return article.replace(amounts=tuple(find_amounts(article.body)))


def dates_stage(article: Article) -> Article:
    """Dates in the text, relative ones resolved against publication and each other."""
    return article.replace(dates=tuple(find_dates(article.body, article.published)))


def events_stage(article: Article) -> Article:
    """Who did what to whom, when and how."""
    return article.replace(events=tuple(find_events(article.body, article.entities, article.dates)))


def keywords_stage(article: Article) -> Article:
    """Topic tags computed from the text (kept apart from the page's own ``tags``)."""
    return article.replace(keywords=tuple(find_keywords(article.body, article.entities)))


def summary_stage(article: Article) -> Article:
    """A lead-based summary: the first sentences of the body, up to ~300 characters."""
    if article.summary or not article.paragraphs:
        return article
    lead = article.body[slice(*article.paragraphs[0])]
    out = ""
    for sentence in _SENTENCE.findall(lead[:2000]):
        if out and len(out) + len(sentence) > SUMMARY_CHARS:
            break
        out += sentence
    return article.replace(summary=(out or lead[:SUMMARY_CHARS]).strip())


STAGES = (
    ("language", language_stage),
    ("entities", entities_stage),
    ("quotes", quotes_stage),
    ("sources", sources_stage),
    ("amounts", amounts_stage),
    ("dates", dates_stage),
    ("events", events_stage),
    ("keywords", keywords_stage),
    ("summary", summary_stage),
)
