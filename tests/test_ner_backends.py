"""Optional entity recognisers: the spec, the label map, chunking, and real tiny spaCy / Hugging Face models
built here, loaded through ``BABELWIRE_NER`` / ``--ner`` and run end to end through ``babelwire analyze``."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from babelwire.cli import app
from babelwire.extract.backends import ENV, NerConfigError, parse_spec, recogniser_for
from babelwire.extract.backends.chunks import char_pieces, sentence_starts, token_pieces
from babelwire.extract.backends.config import Choice
from babelwire.extract.backends.labels import entity_type, parse_tag, tag_spans
from babelwire.extract.ner.tagger import recognise
from babelwire.model import Article
from babelwire.pipeline import analyze_article

runner = CliRunner()
TYPES = {"PER", "ORG", "LOC", "EVT", "PRO", "MISC"}


@pytest.fixture(autouse=True)
def _no_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with the default recogniser; what ``--ner`` puts into the environment is undone."""
    monkeypatch.setenv(ENV, "")


# --- the spec -------------------------------------------------------------------------------------------


def test_spec_names_a_recogniser_per_language() -> None:
    assert parse_spec("") == {}
    assert parse_spec("spacy:/models/ner") == {"*": Choice("spacy", "/models/ner")}
    assert parse_spec("uk=hf:/m/uk, en=spacy:en_core_web_sm, crf") == {
        "uk": Choice("hf", "/m/uk"), "en": Choice("spacy", "en_core_web_sm"), "*": Choice("crf")}
    assert parse_spec(r"hf:C:\models\x=1") == {"*": Choice("hf", r"C:\models\x=1")}
    assert parse_spec("UK=crf") == {"uk": Choice("crf")}
    assert str(Choice("spacy", "/m")) == "spacy:/m"


@pytest.mark.parametrize(("spec", "problem"), [
    ("bert:/m", "unknown recogniser 'bert'"),
    ("spacy", "spacy needs a model"),
    ("crf:/m", "crf takes no model"),
    ("uk=crf,uk=spacy:/m", "uk is given twice"),
])
def test_bad_specs_say_what_is_wrong(spec: str, problem: str) -> None:
    with pytest.raises(NerConfigError, match=re.escape(problem)) as info:
        parse_spec(spec)
    assert repr(spec) in str(info.value)


def test_default_is_the_shipped_crf(seeds_dir: Path) -> None:
    text = (seeds_dir / "003_51a46cec745ffea5.txt").read_text(encoding="utf-8")
    segments = [(0, len(text))]
    assert recogniser_for("lt")(text, "lt", segments) == recognise(text, "lt", segments)
    assert recogniser_for("lt", "uk=crf")(text, "lt", segments) == recognise(text, "lt", segments)


def test_cli_rejects_a_bad_spec_without_a_traceback(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Vladimir Putin met Nicolas Maduro in Moscow.", encoding="utf-8")
    for spec, problem in [("spacy:/no/such/model", "no such spaCy pipeline directory"),
                          ("en=wat", "unknown recogniser")]:
        result = runner.invoke(app, ["analyze", "--ner", spec, str(src)])
        assert result.exit_code == 2
        assert spec in result.stderr and problem in result.stderr
        assert "Traceback" not in result.output


# --- labels and chunks ----------------------------------------------------------------------------------


def test_label_map_covers_the_common_schemes() -> None:
    labels = ("PERSON", "per", "persName", "ORGANIZATION", "GPE", "FAC", "LOCATION", "placeName", "EVENT",
              "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "MISC", "DATE", "CARDINAL")
    assert [entity_type(x) for x in labels] == [
        "PER", "PER", "PER", "ORG", "LOC", "LOC", "LOC", "LOC", "EVT", "PRO", "PRO", "PRO", "MISC", "MISC",
        None, None]
    assert parse_tag("B-PERSON") == ("B", "PER")
    assert parse_tag("i_gpe") == ("I", "LOC")
    assert parse_tag("ORG") == ("I", "ORG")
    assert parse_tag("B-DATE") == ("O", None)
    assert parse_tag("LABEL_3") == ("O", None)


@pytest.mark.parametrize(("tags", "spans"), [
    ("B-PER I-PER O B-LOC B-LOC I-ORG", [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]),
    ("S-PER B-ORG I-ORG E-ORG S-LOC O", [(0, 1, "PER"), (1, 4, "ORG"), (4, 5, "LOC")]),
    ("U-PER B-ORG L-ORG I-ORG", [(0, 1, "PER"), (1, 3, "ORG"), (3, 4, "ORG")]),
    ("PER PER O ORG LOC", [(0, 2, "PER"), (3, 4, "ORG"), (4, 5, "LOC")]),
    ("I-PER I-PER B-DATE I-LOC", [(0, 2, "PER"), (3, 4, "LOC")]),
])
def test_tag_runs_become_spans(tags: str, spans: list[tuple[int, int, str]]) -> None:
    assert tag_spans([parse_tag(t) for t in tags.split()]) == spans


def test_long_segments_are_cut_at_sentence_ends() -> None:
    text = "Skip this. " + " ".join(f"Sentence number {i} is here." for i in range(40)) + "\n\nLast one"
    start = len("Skip this. ")
    pieces = char_pieces(text, start, len(text), 100)
    assert pieces[0][0] == start and pieces[-1][1] == len(text)
    assert all(b - a <= 100 for a, b in pieces)
    assert all(a == b2 for (_, b2), (a, _) in zip(pieces, pieces[1:], strict=False))
    starts = set(sentence_starts(text, start, len(text)))
    assert all(a in starts for a, _ in pieces)
    unbroken = "x" * 250
    assert char_pieces(unbroken, 0, 250, 100) == [(0, 100), (100, 200), (200, 250)]
    assert token_pieces(7, 3, [False, False, True, False, False, False, False], [True] * 7) == [
        (0, 2), (2, 5), (5, 7)]


# --- a real tiny spaCy pipeline -------------------------------------------------------------------------

SPACY_TRAIN = [
    ("Vladimir Putin met Nicolas Maduro in Moscow.",
     [(0, 14, "PERSON"), (19, 33, "PERSON"), (37, 43, "GPE")]),
    ("The Kremlin said Russia would help Venezuela.",
     [(4, 11, "ORG"), (17, 23, "GPE"), (35, 44, "GPE")]),
    ("Dmitry Peskov spoke to Reuters on Friday.",
     [(0, 13, "PERSON"), (23, 30, "ORG"), (34, 40, "DATE")]),
    ("Russian officials visited Caracas.",
     [(0, 7, "NORP"), (26, 33, "GPE")]),
    ("Maduro thanked Putin for the support of Gazprom.",
     [(0, 6, "PERSON"), (15, 20, "PERSON"), (40, 47, "ORG")]),
]
SPACY_TYPES = {"PERSON": "PER", "GPE": "LOC", "ORG": "ORG", "NORP": "MISC"}


@pytest.fixture(scope="module")
def spacy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank English pipeline with a small NER trained to fit the sentences above, saved to disk."""
    spacy = pytest.importorskip("spacy")
    from spacy.training import Example
    from thinc.api import Adam

    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    tok2vec = {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 32, "depth": 1,
               "embed_size": 300, "window_size": 1, "maxout_pieces": 2, "subword_features": True}
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 16, "maxout_pieces": 2, "use_upper": True, "tok2vec": tok2vec}})
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in SPACY_TRAIN]
    nlp.initialize(lambda: examples)
    optimizer = Adam(0.01)
    for i in range(40):
        random.Random(i).shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("spacy") / "tiny-ner"
    nlp.to_disk(path)
    return path


def _expected_spacy(text: str, start: int) -> list[tuple[int, int, str]]:
    out = []
    for sentence, ents in SPACY_TRAIN:
        at = text.index(sentence, start)
        out += [(at + s, at + e, SPACY_TYPES[lab]) for s, e, lab in ents if lab in SPACY_TYPES]
    return out


def test_spacy_pipeline_spans_come_back_with_article_offsets(spacy_model: Path) -> None:
    import spacy

    prefix = "Advertisement. Subscribe to Reuters.\n\n"
    text = prefix + " ".join(s for s, _ in SPACY_TRAIN) + "\n\nRead more: Putin in Moscow."
    segments = [(len(prefix), text.index("\n\nRead more"))]
    spans = recogniser_for("en", f"spacy:{spacy_model}")(text, "en", segments)
    assert spans == _expected_spacy(text, len(prefix))  # DATE is dropped, PERSON/GPE/NORP mapped
    # a sentence it never saw: whatever the pipeline finds, babelwire reports at the same place
    nlp = spacy.load(spacy_model)
    unseen = "Yesterday Putin met Maduro in Caracas and Moscow."
    direct = [(e.start_char + 7, e.end_char + 7, SPACY_TYPES[e.label_]) for e in nlp(unseen).ents
              if e.label_ in SPACY_TYPES]
    spans = recogniser_for("en", f"spacy:{spacy_model}")("Intro. " + unseen, "en", [(7, 7 + len(unseen))])
    assert spans == direct


def _analyze(tmp_path: Path, rows: list[dict], *options: str) -> list[dict]:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(src), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


ENGLISH = " ".join(s for s, _ in SPACY_TRAIN)
ROWS = [{"id": f"a{i}", "date": "2019-09-27", "title": "Maduro in Moscow", "text": ENGLISH} for i in range(2)]


def test_analyze_with_a_spacy_pipeline_end_to_end(spacy_model: Path, tmp_path: Path) -> None:
    results = _analyze(tmp_path, ROWS[:1], "--ner", f"spacy:{spacy_model}")
    text, entities = results[0]["text"], results[0]["entities"]
    found = [(e["start"], e["end"], e["type"]) for e in entities]
    assert results[0]["lang"] == "en"
    assert found == _expected_spacy(text, 0)
    assert all(e["text"] == text[e["start"]:e["end"]] and e["lemma"] for e in entities)
    # worker processes get the same recogniser
    both = _analyze(tmp_path, ROWS, "--ner", f"spacy:{spacy_model}", "--workers", "2")
    assert [e["type"] for e in both[1]["entities"]] == [t for _, _, t in found]
    # a spec for other languages leaves English to the shipped CRF
    crf = analyze_article(Article(id="x", text=ENGLISH)).entities
    german_only = _analyze(tmp_path, ROWS[:1], "--ner", f"de=spacy:{spacy_model}")[0]
    assert [(e["start"], e["end"]) for e in german_only["entities"]] == [(m.start, m.end) for m in crf]


def test_ingest_with_a_spacy_pipeline(spacy_model: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ROWS[0]) + "\n", encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = runner.invoke(app, ["ingest", str(src), "--db", db, "--ner", f"spacy:{spacy_model}"])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["show", "a0", "--db", db, "--json"]).stdout)
    assert [(e["start"], e["end"], e["type"]) for e in shown["entities"]] == _expected_spacy(ENGLISH, 0)


def test_a_spacy_pipeline_without_ner_is_refused(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(NerConfigError, match="no entity recogniser"):
        recogniser_for("en", f"spacy:{tmp_path / 'blank'}")


# --- a real tiny Hugging Face model ---------------------------------------------------------------------

HF_MAX = 32  # tokens per model input, [CLS] and [SEP] included
WORDS = ["Putin", "met", "Maduro", "in", "Moscow", "and", "Caracas", ".", "The", "Kremlin", "said", "Russia",
         "would", "help", "Venezuela", ",", "today", "!"]


def _tiny_hf_model(path: Path, labels: list[str], always: str) -> Path:
    """A randomly initialised one-layer BERT whose classifier is set to answer ``always`` for every token."""
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    letters = [chr(c) for c in (*range(ord("a"), ord("z") + 1), *range(ord("A"), ord("Z") + 1))]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *sorted(set(WORDS)), *letters,
             *(f"##{c}" for c in letters)]
    path.mkdir(parents=True)
    (path / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(path / "vocab.txt"), do_lower_case=False,
                                               model_max_length=HF_MAX)
    config = transformers.BertConfig(
        vocab_size=len(tokenizer), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=HF_MAX,
        id2label=dict(enumerate(labels)), label2id={lab: i for i, lab in enumerate(labels)})
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([5.0 if lab == always else 0.0 for lab in labels]))
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def _bert_words(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Words as BERT's pre-tokenizer splits them: runs of letters and digits, single punctuation marks."""
    return [(m.start(), m.end()) for m in re.compile(r"\w+|[^\w\s]").finditer(text, a, b)]


def _long_text() -> tuple[str, list[tuple[int, int]]]:
    rng = random.Random(1)
    sentences = [" ".join(rng.choice(WORDS[:-1]) for _ in range(rng.randint(3, 12))) + " ."
                 for _ in range(300)]
    # one sentence over the limit, with a word of 20 sub-words and one unknown to the vocabulary
    long = ["Internationalisation", "Путіним", *(w for w in WORDS * 3 if w.isalpha())]
    sentences[5] = " ".join(long) + " ."
    body = " ".join(sentences)
    text = "Menu Home News\n\n" + body + "\n\nRead also: Maduro in Moscow"
    return text, [(len("Menu Home News\n\n"), len("Menu Home News\n\n") + len(body))]


@pytest.fixture(scope="module")
def hf_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hf")
    conll = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
    ontonotes = ["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE", "B-DATE", "I-DATE"]
    return {"every-word": _tiny_hf_model(root / "every-word", conll, "B-PER"),
            "one-run": _tiny_hf_model(root / "one-run", ontonotes, "I-GPE")}


def test_hf_model_tags_every_word_at_its_offsets_over_long_text(hf_models: dict[str, Path]) -> None:
    text, segments = _long_text()
    spans = recogniser_for("en", f"hf:{hf_models['every-word']}")(text, "en", segments)
    # B-PER on every token: one PER span per word, a word cut into sub-words (or unknown) stays whole
    assert spans == [(s, e, "PER") for a, b in segments for s, e in _bert_words(text, a, b)]


def test_hf_model_runs_are_cut_only_at_piece_boundaries(hf_models: dict[str, Path]) -> None:
    text, segments = _long_text()
    spans = recogniser_for("uk", f"hf:{hf_models['one-run']}")(text, "uk", segments)
    words = _bert_words(text, *segments[0])
    assert {t for _, _, t in spans} == {"LOC"}  # I-GPE mapped
    assert len(spans) > len(text) // 200  # many pieces: the model takes 30 tokens at a time
    assert spans[0][0] == words[0][0] and spans[-1][1] == words[-1][1]
    assert all(e1 < s2 for (_, e1, _), (s2, _, _) in zip(spans, spans[1:], strict=False))
    # pieces end at sentence ends except inside the one sentence longer than the limit
    long_start = text.index("Internationalisation")
    long_end = text.index(" .", long_start) + 2
    ends = [e for _, e, _ in spans if not long_start <= e < long_end]
    assert len(ends) < len(spans) and all(text[e - 1] in ".!" for e in ends)


def test_analyze_with_a_hf_model_end_to_end(hf_models: dict[str, Path], tmp_path: Path) -> None:
    text, _ = _long_text()
    rows = [{"id": "h1", "date": "2019-09-27", "title": "Long", "text": text}]
    result = _analyze(tmp_path, rows, "--ner", f"hf:{hf_models['every-word']}")[0]
    assert len(result["entities"]) > 1000 and {e["type"] for e in result["entities"]} == {"PER"}
    assert all(result["text"][e["start"]:e["end"]] == e["text"] for e in result["entities"])


def test_a_missing_hf_model_is_named(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("torch")
    with pytest.raises(NerConfigError, match="nor in the local Hugging Face cache"):
        recogniser_for("en", f"hf:{tmp_path / 'none'}")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NerConfigError, match="not a directory"):
        recogniser_for("en", f"hf:{tmp_path / 'file'}")
