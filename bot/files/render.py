"""Charts drawn in a short-lived child process: ``python -m bot.files.render``, the numbers in as
JSON on stdin, the PNGs out as JSON (base64) on stdout. The lägesbild's Word and PDF are made the
same way (``python -m bot.files.lagesbild``, through ``run_child``).

matplotlib costs a process ~100 MB that it never gives back; a gunicorn worker that drew one chart
would keep it for good (and Word and PDF add lxml, python-docx, fpdf2 and a font). ``serve``
therefore switches drawing to a child process (``draw_in_child_process(True)``, in its master
before the workers are forked); the command line, the sandbox and the tests draw in their own
process. Either way the same numbers give the same bytes.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import types
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from bot.domain.statistics import Situation, Statistics
from bot.domain.vocabulary import Vocabulary
from bot.texts import Texts

CHARTS = ("categories", "areas", "actors")  # "actors" needs a Situation
# The weekday × time chart: in the lägesbild (``bot.files.patterns`` names it in an Image block)
# and in /orat statistik's files.
PATTERN_CHARTS = ("weekday_hours",)
CHILD_MODULES = ("bot.files.render", "bot.files.lagesbild")  # what run_child may start
TIMEOUT = 120  # seconds for a child to draw (a busy machine: start, import, draw)

_in_child = {"on": False}


def draw_in_child_process(on: bool) -> None:
    """Whether ``draw`` starts a child process (``serve``'s workers) or draws here."""
    _in_child["on"] = on


def draw(subject: Statistics | Situation, charts: tuple[str, ...], texts: Texts) -> list[bytes]:
    """The PNGs of ``charts`` (names from CHARTS), in that order."""
    if not _in_child["on"]:
        return draw_here(subject, charts, texts)
    order = {
        "kind": "situation" if isinstance(subject, Situation) else "statistics",
        "charts": list(charts),
        "language": texts.language,
        "terms": terms_order(texts),
        "subject": encode(subject),
    }
    return [base64.b64decode(png) for png in run_child(order)["charts"]]


def in_child_process() -> bool:
    """Whether files are made in a child process (``serve``) or here."""
    return _in_child["on"]


def run_child(order: dict[str, Any], module: str = "bot.files.render") -> Any:
    """``python -m module`` with ``order`` as JSON on stdin; its JSON answer from stdout."""
    if module not in CHILD_MODULES:
        raise ValueError(f"no child module {module!r}")
    done = subprocess.run(  # noqa: S603 (this interpreter and one of CHILD_MODULES, no shell)
        [sys.executable, "-m", module],
        input=json.dumps(order).encode(),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"making the {order['kind']} files failed ({done.returncode})")
    return json.loads(done.stdout)


def draw_here(subject: Statistics | Situation, charts: tuple[str, ...], texts: Texts) -> list[bytes]:
    from bot.files.charts import actor_chart, area_chart, category_chart, weekday_hours_chart

    stats = subject.statistics if isinstance(subject, Situation) else subject
    drawn = []
    for chart in charts:
        if chart == "categories":
            drawn.append(category_chart(stats, texts))
        elif chart == "areas":
            drawn.append(area_chart(stats, texts))
        elif chart == "weekday_hours":
            drawn.append(weekday_hours_chart(stats, texts))
        elif chart == "actors" and isinstance(subject, Situation):
            drawn.append(actor_chart(subject, texts))
        else:
            raise ValueError(f"no chart {chart!r} for a {type(subject).__name__}")
    return drawn


def terms_order(texts: Texts) -> Any:
    """The workspace's areas and categories the texts name things with, for a child process."""
    vocabulary = texts.vocabulary()
    return encode(vocabulary) if vocabulary is not None else None


def texts_of(order: dict[str, Any]) -> Texts:
    """The child's texts: the order's language, naming things with the order's vocabulary."""
    texts = Texts(order["language"])
    terms = order.get("terms")
    return texts if terms is None else texts.with_vocabulary(decode(Vocabulary, terms))


# ------------------------------------------------------------------------------ the numbers as JSON
def encode(value: Any) -> Any:
    """A frozen dataclass of the statistics as JSON values: dates as ISO text, tuples as lists, a
    dict (tuple keys) as a list of [key, value] pairs."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return [[encode(k), encode(v)] for k, v in value.items()]
    return value


def decode(kind: Any, value: Any) -> Any:
    """``encode`` undone, guided by the type annotations of ``kind``."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        kind = next(a for a in get_args(kind) if a is not type(None))
        origin = get_origin(kind)
    if isinstance(kind, type) and is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(**{name: decode(hints[name], v) for name, v in value.items()})
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if origin is tuple:
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v) for v in value)
        return tuple(decode(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        key, item = get_args(kind)
        return {decode(key, k): decode(item, v) for k, v in value}
    return value


def main() -> int:
    order = json.load(sys.stdin)
    kind = Situation if order["kind"] == "situation" else Statistics
    subject = decode(kind, order["subject"])
    pngs = draw_here(subject, tuple(order["charts"]), texts_of(order))
    json.dump({"charts": [base64.b64encode(png).decode("ascii") for png in pngs]}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
