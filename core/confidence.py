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
    ('according-to', 'full', True): (13, 2),
    ('according-to', 'partial', False): (1, 0),
    ('according-to', 'partial', True): (8, 1),
    ('according-to+nominal', 'full', True): (2, 1),
    ('according-to+nominal', 'partial', False): (4, 0),
    ('according-to+nominal', 'partial', True): (4, 3),
    ('clause-subject', 'partial', False): (36, 18),
    ('clause-subject', 'partial', True): (54, 20),
    ('clause-subject+description', 'partial', False): (0, 1),
    ('clause-subject+description', 'partial', True): (0, 1),
    ('clause-subject+nominal', 'partial', False): (4, 15),
    ('clause-subject+nominal', 'partial', True): (6, 23),
    ('clause-subject+pronoun', 'partial', False): (5, 5),
    ('clause-subject+pronoun', 'partial', True): (16, 7),
    ('colon', 'full', False): (1, 0),
    ('colon', 'full', True): (13, 0),
    ('colon+description', 'full', True): (1, 0),
    ('colon+pronoun', 'full', True): (2, 0),
    ('continuation', 'full', False): (8, 7),
    ('continuation', 'full', True): (76, 35),
    ('continuation', 'partial', True): (4, 2),
    ('dash', 'full', False): (0, 1),
    ('dash', 'full', True): (2, 2),
    ('dash', 'partial', False): (1, 1),
    ('dash', 'partial', True): (0, 7),
    ('previous-speaker', 'full', False): (0, 2),
    ('previous-speaker', 'full', True): (22, 81),
    ('previous-speaker', 'partial', False): (3, 14),
    ('previous-speaker', 'partial', True): (7, 50),
    ('same-paragraph', 'full', True): (117, 6),
    ('same-paragraph', 'partial', False): (0, 9),
    ('same-paragraph', 'partial', True): (7, 7),
    ('speech-nearby', 'full', False): (13, 10),
    ('speech-nearby', 'full', True): (764, 25),
    ('speech-nearby', 'partial', False): (21, 9),
    ('speech-nearby', 'partial', True): (92, 18),
    ('speech-nearby+description', 'full', True): (0, 2),
    ('speech-nearby+description', 'partial', False): (0, 1),
    ('speech-nearby+nominal', 'full', False): (2, 4),
    ('speech-nearby+nominal', 'full', True): (29, 10),
    ('speech-nearby+nominal', 'partial', False): (2, 7),
    ('speech-nearby+nominal', 'partial', True): (3, 2),
    ('speech-nearby+pronoun', 'full', False): (0, 1),
    ('speech-nearby+pronoun', 'full', True): (129, 41),
    ('speech-nearby+pronoun', 'partial', False): (6, 3),
    ('speech-nearby+pronoun', 'partial', True): (16, 3),
    ('speech-verb', 'full', False): (11, 9),
    ('speech-verb', 'full', True): (2190, 55),
    ('speech-verb', 'partial', False): (41, 26),
    ('speech-verb', 'partial', True): (1084, 74),
    ('speech-verb+description', 'full', False): (0, 1),
    ('speech-verb+description', 'full', True): (2, 6),
    ('speech-verb+description', 'partial', False): (0, 1),
    ('speech-verb+description', 'partial', True): (7, 10),
    ('speech-verb+nominal', 'full', False): (1, 2),
    ('speech-verb+nominal', 'full', True): (61, 19),
    ('speech-verb+nominal', 'partial', False): (5, 14),
    ('speech-verb+nominal', 'partial', True): (60, 45),
    ('speech-verb+pronoun', 'full', False): (4, 3),
    ('speech-verb+pronoun', 'full', True): (424, 87),
    ('speech-verb+pronoun', 'partial', False): (8, 5),
    ('speech-verb+pronoun', 'partial', True): (185, 56),
    ('split-quote', 'full', False): (2, 4),
    ('split-quote', 'full', True): (207, 35),
    ('split-quote', 'partial', False): (1, 1),
    ('split-quote', 'partial', True): (14, 21),
    ('stance-verb', 'full', True): (1, 2),
    ('stance-verb', 'partial', False): (3, 3),
    ('stance-verb', 'partial', True): (27, 9),
    ('stance-verb+description', 'partial', True): (0, 1),
    ('stance-verb+nominal', 'full', True): (0, 2),
    ('stance-verb+nominal', 'partial', False): (1, 4),
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
