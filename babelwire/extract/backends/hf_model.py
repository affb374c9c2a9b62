"""A user's Hugging Face token-classification model (a local directory) as a recogniser.

Loaded with ``local_files_only=True`` and the hub switched off: babelwire never downloads a model.
Long segments are cut at sentence ends (else between words) into pieces under the model's input limit;
word-level tags (each word tagged as its first sub-word) are joined into spans by hand (BIO, BIOES, BILOU
and IO schemes), offsets come from the fast tokenizer's offset mapping.
"""

from __future__ import annotations

import bisect
import os
from pathlib import Path
from typing import Any

from babelwire.extract.backends.base import EntitySpan, NerConfigError, require, trimmed
from babelwire.extract.backends.chunks import sentence_starts, token_pieces
from babelwire.extract.backends.labels import parse_tag, tag_spans

_BATCH = 16  # pieces per forward pass
_NO_LIMIT = 100_000  # tokenizers without a length limit report a huge sentinel
_DEFAULT_LIMIT = 512


def load_hf(target: str) -> tuple[Any, Any]:
    """Tokenizer and token-classification model from a local directory (or the local HF cache)."""
    path = Path(target).expanduser()
    if path.exists() and not path.is_dir():
        raise NerConfigError(f"{target}: not a directory (a Hugging Face model is a folder with config.json)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    require("torch", "hf")
    transformers = require("transformers", "hf")
    transformers.logging.disable_progress_bar()  # no "Loading weights" bars on the command's stderr
    source = str(path) if path.is_dir() else target
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source, local_files_only=True)
        model = transformers.AutoModelForTokenClassification.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        where = "" if path.is_dir() else "no such directory, nor in the local Hugging Face cache; "
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NerConfigError(f"{target}: {where}cannot load a token-classification model ({detail})") from exc
    if not tokenizer.is_fast:
        raise NerConfigError(f"{target}: needs a fast tokenizer (tokenizer.json) for character offsets")
    return tokenizer, model.eval()


def _max_tokens(tokenizer: Any, config: Any) -> int:
    if 0 < tokenizer.model_max_length < _NO_LIMIT:
        return int(tokenizer.model_max_length)
    positions = getattr(config, "max_position_embeddings", 0) or 0
    return positions - 2 if positions > 2 else _DEFAULT_LIMIT  # -2: RoBERTa-style position offsets


class HfRecogniser:
    """Spans of a token-classification model over the content segments, labels mapped by
    ``labels.TYPE_OF_LABEL`` (labels naming no entity are read as O)."""

    def __init__(self, target: str) -> None:
        self.spec = f"hf:{target}"
        self._tokenizer, self._model = load_hf(target)
        labels = self._model.config.id2label
        self._tags = [parse_tag(str(labels[i])) for i in range(len(labels))]
        if not any(typ for _, typ in self._tags):
            names = ", ".join(map(str, labels.values()))
            raise NerConfigError(f"{target}: none of the model's labels ({names}) names an entity type "
                                 "babelwire knows (see extract/backends/labels.py)")
        self._batch = _BATCH if self._tokenizer.pad_token is not None else 1  # padding needs a pad token
        self._total = _max_tokens(self._tokenizer, self._model.config)
        self._room = self._total - self._tokenizer.num_special_tokens_to_add(pair=False)
        if self._room < 8:
            raise NerConfigError(f"{target}: the model takes only {self._total} tokens")

    def __call__(self, text: str, lang: str, segments: list[tuple[int, int]]) -> list[EntitySpan]:
        pieces = self._pieces(text, [(a, b) for a, b in segments if not text[a:b].isspace() and b > a])
        out: list[EntitySpan] = []
        for i in range(0, len(pieces), self._batch):
            out.extend(self._tag(text, pieces[i:i + self._batch]))
        return out

    def _pieces(self, text: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The segments cut into character ranges of at most ``self._room`` tokens each."""
        if not segments:
            return []
        enc = self._tokenizer([text[a:b] for a, b in segments], add_special_tokens=False,
                              return_offsets_mapping=True, verbose=False)
        out = []
        for i, (a, b) in enumerate(segments):
            offsets, words = enc["offset_mapping"][i], enc.word_ids(i)
            if not offsets:
                continue
            starts = [s - a for s in sentence_starts(text, a, b)]
            sentence = [bisect.bisect_right(starts, s) for s, _ in offsets]
            n = len(offsets)
            sentence_break = [k > 0 and sentence[k] != sentence[k - 1] for k in range(n)]
            word_break = [k > 0 and words[k] != words[k - 1] for k in range(n)]
            for p, q in token_pieces(n, self._room, sentence_break, word_break):
                out.append((a + offsets[p][0], a + offsets[q - 1][1]))
        return out

    def _tag(self, text: str, pieces: list[tuple[int, int]]) -> list[EntitySpan]:
        import torch

        enc = self._tokenizer([text[a:b] for a, b in pieces], return_offsets_mapping=True,
                              padding=len(pieces) > 1, truncation=True, max_length=self._total,
                              return_tensors="pt", verbose=False)
        offsets = enc.pop("offset_mapping").tolist()
        with torch.inference_mode():
            predicted = self._model(**enc).logits.argmax(-1).tolist()
        out = []
        for row, (a, _) in enumerate(pieces):
            words: list[list[Any]] = []  # [start, end, tag] per word, the tag of its first sub-word
            last = None
            for word, (s, e), label in zip(enc.word_ids(row), offsets[row], predicted[row], strict=True):
                if word is None or e <= s:
                    continue
                if word == last:
                    words[-1][1] = e
                else:
                    words.append([s, e, self._tags[label]])
                last = word
            for i, j, typ in tag_spans([w[2] for w in words]):
                start, end = trimmed(text, a + words[i][0], a + words[j - 1][1])
                if end > start:
                    out.append((start, end, typ))
        return out
