"""ZWNJ restoration (placeholder interface: a helper is building the real model).

Contract: ``restore(text) -> str`` returns ``text`` with U+200C inserted inside glued
words, or with a space replaced by U+200C ("می شود" -> "می‌شود"); nothing else changes.
"""
from __future__ import annotations


def restore(text: str) -> str:
    return text
