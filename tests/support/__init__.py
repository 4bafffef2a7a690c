"""Helpers the tests share: generated collections, the hand-made search collection, paths.

Fixtures that use them are in ``tests/conftest.py``; these are plain modules so that a test can
also call them directly (``from tests.support.collection import write_collection``).
"""
