"""Compact CPU named-entity recogniser: tokens, cheap cached features, per-language CRF models.

``tokens`` splits text into tokens and sentence-like sequences, ``features`` turns a sequence into CRF
features (shared by training and tagging), ``gazetteer`` holds the packaged name lists, ``tagger`` loads
the shipped models lazily and turns BIO labels into spans. ``scripts/train_ner.py`` trains the models.
"""
