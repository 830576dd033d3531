"""Parquet files and Hugging Face dataset folders.

Parquet is what data tools load without being told the types (pandas,
polars, DuckDB, Spark, ``datasets``), so the schema is explicit, derived from
the record's shape in ``core.dataset``: nested objects are structs, lists are
lists, nothing is left for a reader to guess. A Hugging Face folder is that
Parquet file under ``data/`` with a ``README.md`` whose YAML header is what
the Hub reads (licence, language, tasks, size, configs, features).

pyarrow is imported only here, and only when one of these formats is asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

#: Records per Parquet row group written at once: a big export is never held whole.
BATCH = 2000
#: Where the data file sits in a Hugging Face folder.
HF_DATA = "data/train-00000-of-00001.parquet"

_ARROW = {"string": "string", "int64": "int64", "float64": "float64", "bool": "bool_"}


def arrow_type(t):
    import pyarrow as pa

    if isinstance(t, dict):
        return pa.struct([pa.field(k, arrow_type(v)) for k, v in t.items()])
    if isinstance(t, list):
        return pa.list_(arrow_type(t[0]))
    return getattr(pa, _ARROW[t])()


def arrow_schema(shape: dict):
    """The pyarrow schema of records of ``shape`` (every field nullable)."""
    import pyarrow as pa

    return pa.schema([pa.field(k, arrow_type(v)) for k, v in shape.items()])


def type_text(t) -> str:
    """A field's Parquet type as the README writes it (``list<struct<a: string>>``)."""
    if isinstance(t, dict):
        return "struct<" + ", ".join(f"{k}: {type_text(v)}" for k, v in t.items()) + ">"
    if isinstance(t, list):
        return f"list<{type_text(t[0])}>"
    return {"float64": "double"}.get(t, t)


def schema_text(shape: dict) -> str:
    """The schema, one top-level field a line: the README's copy is checked against it."""
    return "\n".join(f"{k}: {type_text(v)}" for k, v in shape.items())


def write_parquet(records: Iterable[dict], path: Path, shape: dict) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(shape)
    n, batch = 0, []
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for r in records:
            batch.append(r)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        # An empty export still gets one (empty) table, so the file has the schema.
        if batch or not n:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def hf_features(shape: dict) -> list[dict]:
    """The ``dataset_info.features`` list of the Hub's YAML for ``shape``."""
    out = []
    for key, t in shape.items():
        if isinstance(t, dict):
            out.append({"name": key, "struct": hf_features(t)})
        elif isinstance(t, list):
            inner = t[0]
            out.append({"name": key, "list": hf_features(inner) if isinstance(inner, dict) else inner})
        else:
            out.append({"name": key, "dtype": t})
    return out


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` bucket for ``n`` records."""
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return label
    return "10M<n<100M"


def hf_header(shape: dict, n: int) -> str:
    """The YAML front matter of the dataset card (fixed keys and field names only: nothing untrusted)."""
    meta = {
        # The quotes are excerpts of copyrighted news articles: no open licence can be claimed for them.
        "license": "other",
        "license_name": "news-excerpts-for-research",
        "language": ["en"],
        "task_categories": ["token-classification", "text-classification"],
        "tags": ["quotation-attribution", "news", "human-reviewed"],
        "size_categories": [size_category(n)],
        "pretty_name": "Quotations with their speakers",
        "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": "data/train-*.parquet"}]}],
        "dataset_info": {"features": hf_features(shape), "splits": [{"name": "train", "num_examples": n}]},
    }
    return "---\n" + _yaml(meta, 0) + "---\n"


def _yaml(obj, indent: int) -> str:
    """Block YAML for dicts, lists and scalars; scalars are written as JSON, which YAML reads as is."""
    pad = " " * indent
    if isinstance(obj, dict):
        out = ""
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and v:
                out += f"{pad}{k}:\n" + _yaml(v, indent + 2)
            else:
                out += f"{pad}{k}: {json.dumps(v)}\n"
        return out
    out = ""
    for item in obj:
        if isinstance(item, dict) and item:
            body = _yaml(item, indent + 2)
            out += f"{pad}- " + body[indent + 2:]
        elif isinstance(item, list) and item:
            out += f"{pad}-\n" + _yaml(item, indent + 2)
        else:
            out += f"{pad}- {json.dumps(item)}\n"
    return out


def write_hf(records: Iterable[dict], folder: Path, shape: dict, card) -> int:
    """A folder ``datasets.load_dataset(folder)`` loads: the Parquet file and its card.

    ``card(n)`` gives the card's markdown once the records are counted.
    """
    (folder / "data").mkdir(parents=True)
    n = write_parquet(records, folder / HF_DATA, shape)
    (folder / "README.md").write_text(hf_header(shape, n) + "\n" + card(n), encoding="utf-8")
    return n
