"""How sure an attribution is, calibrated on PolNeAR train.

A confidence is only useful if "≥0.9" really means nine in ten or better, so
reviewers can confirm those quickly and look hard at the rest. Each rule's
hit rate was measured on PolNeAR's train split (bench/calibrate.py prints
this table); dev is kept for checking. Confidence is that rate, smoothed
towards the rule's prior when the rule was seen rarely.
"""

from __future__ import annotations

MARGIN = 0.15

#: (rule, quote kind, clear margin over the runner-up) -> (right, wrong)
TABLE: dict[tuple[str, str, bool], tuple[int, int]] = {  # bench/calibrate.py, PolNeAR train
    ('according-to', 'full', True): (14, 2),
    ('according-to', 'partial', False): (2, 0),
    ('according-to', 'partial', True): (10, 2),
    ('according-to+nominal', 'full', True): (1, 1),
    ('according-to+nominal', 'partial', False): (2, 0),
    ('according-to+nominal', 'partial', True): (3, 2),
    ('clause-subject', 'partial', False): (38, 19),
    ('clause-subject', 'partial', True): (56, 19),
    ('clause-subject+description', 'partial', False): (0, 1),
    ('clause-subject+description', 'partial', True): (0, 1),
    ('clause-subject+nominal', 'partial', False): (4, 14),
    ('clause-subject+nominal', 'partial', True): (4, 23),
    ('clause-subject+pronoun', 'partial', False): (5, 5),
    ('clause-subject+pronoun', 'partial', True): (16, 7),
    ('colon', 'full', False): (1, 0),
    ('colon', 'full', True): (41, 7),
    ('colon', 'partial', True): (1, 1),
    ('colon+description', 'full', True): (0, 1),
    ('colon+pronoun', 'full', True): (2, 0),
    ('continuation', 'full', False): (9, 8),
    ('continuation', 'full', True): (73, 38),
    ('continuation', 'partial', True): (4, 2),
    ('dash', 'full', False): (0, 1),
    ('dash', 'full', True): (2, 2),
    ('dash', 'partial', False): (1, 1),
    ('dash', 'partial', True): (0, 7),
    ('previous-speaker', 'full', False): (0, 2),
    ('previous-speaker', 'full', True): (19, 67),
    ('previous-speaker', 'partial', False): (3, 13),
    ('previous-speaker', 'partial', True): (8, 48),
    ('same-paragraph', 'full', True): (116, 4),
    ('same-paragraph', 'partial', False): (0, 9),
    ('same-paragraph', 'partial', True): (7, 7),
    ('speech-nearby', 'full', False): (12, 10),
    ('speech-nearby', 'full', True): (769, 28),
    ('speech-nearby', 'partial', False): (21, 9),
    ('speech-nearby', 'partial', True): (94, 18),
    ('speech-nearby+description', 'full', True): (0, 2),
    ('speech-nearby+description', 'partial', False): (0, 1),
    ('speech-nearby+nominal', 'full', False): (2, 4),
    ('speech-nearby+nominal', 'full', True): (23, 9),
    ('speech-nearby+nominal', 'partial', False): (2, 7),
    ('speech-nearby+nominal', 'partial', True): (2, 2),
    ('speech-nearby+pronoun', 'full', False): (0, 1),
    ('speech-nearby+pronoun', 'full', True): (131, 38),
    ('speech-nearby+pronoun', 'partial', False): (6, 2),
    ('speech-nearby+pronoun', 'partial', True): (16, 3),
    ('speech-verb', 'full', False): (10, 11),
    ('speech-verb', 'full', True): (2201, 58),
    ('speech-verb', 'partial', False): (41, 26),
    ('speech-verb', 'partial', True): (1091, 75),
    ('speech-verb+description', 'full', False): (0, 1),
    ('speech-verb+description', 'full', True): (2, 6),
    ('speech-verb+description', 'partial', False): (1, 1),
    ('speech-verb+description', 'partial', True): (6, 10),
    ('speech-verb+nominal', 'full', False): (2, 3),
    ('speech-verb+nominal', 'full', True): (46, 17),
    ('speech-verb+nominal', 'partial', False): (5, 14),
    ('speech-verb+nominal', 'partial', True): (53, 44),
    ('speech-verb+pronoun', 'full', False): (4, 4),
    ('speech-verb+pronoun', 'full', True): (431, 77),
    ('speech-verb+pronoun', 'partial', False): (8, 5),
    ('speech-verb+pronoun', 'partial', True): (186, 56),
    ('split-quote', 'full', False): (2, 4),
    ('split-quote', 'full', True): (209, 28),
    ('split-quote', 'partial', False): (1, 1),
    ('split-quote', 'partial', True): (13, 20),
    ('stance-verb', 'full', True): (1, 2),
    ('stance-verb', 'partial', False): (4, 4),
    ('stance-verb', 'partial', True): (26, 9),
    ('stance-verb+description', 'partial', True): (0, 1),
    ('stance-verb+nominal', 'full', True): (0, 2),
    ('stance-verb+nominal', 'partial', False): (1, 3),
    ('stance-verb+nominal', 'partial', True): (3, 3),
    ('stance-verb+pronoun', 'full', True): (1, 0),
    ('stance-verb+pronoun', 'partial', False): (1, 1),
    ('stance-verb+pronoun', 'partial', True): (6, 1),
    ('transcript', 'full', True): (0, 4),
}


def kind_group(kind: str) -> str:
    return "full" if kind == "full" else "partial"


def calibrated(pattern: str, kind: str, margin: float, prior: float) -> float:
    right, wrong = TABLE.get((pattern, kind_group(kind), margin >= MARGIN), (0, 0))
    # Beta smoothing: ten pseudo-observations at the rule's prior score.
    value = (right + 10 * prior) / (right + wrong + 10)
    return round(max(0.0, min(0.99, value)), 3)
