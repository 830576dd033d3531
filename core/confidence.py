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
    ('according-to', 'full', True): (14, 1),
    ('according-to', 'partial', True): (9, 0),
    ('according-to+nominal', 'full', False): (1, 0),
    ('according-to+nominal', 'full', True): (2, 1),
    ('according-to+nominal', 'partial', False): (4, 0),
    ('according-to+nominal', 'partial', True): (5, 3),
    ('clause-subject', 'partial', False): (32, 16),
    ('clause-subject', 'partial', True): (53, 21),
    ('clause-subject+description', 'partial', False): (0, 1),
    ('clause-subject+description', 'partial', True): (0, 1),
    ('clause-subject+pronoun', 'partial', False): (3, 7),
    ('clause-subject+pronoun', 'partial', True): (17, 11),
    ('colon', 'full', False): (2, 0),
    ('colon', 'full', True): (38, 8),
    ('colon', 'partial', True): (1, 1),
    ('colon+description', 'full', True): (1, 0),
    ('colon+pronoun', 'full', True): (2, 0),
    ('continuation', 'full', False): (2, 10),
    ('continuation', 'full', True): (65, 28),
    ('continuation', 'partial', True): (4, 2),
    ('dash', 'full', True): (1, 2),
    ('dash', 'partial', False): (1, 2),
    ('dash', 'partial', True): (1, 6),
    ('previous-speaker', 'full', False): (0, 2),
    ('previous-speaker', 'full', True): (20, 56),
    ('previous-speaker', 'partial', False): (2, 5),
    ('previous-speaker', 'partial', True): (11, 64),
    ('same-paragraph', 'full', True): (117, 4),
    ('same-paragraph', 'partial', False): (0, 3),
    ('same-paragraph', 'partial', True): (6, 11),
    ('speech-nearby', 'full', False): (14, 10),
    ('speech-nearby', 'full', True): (790, 27),
    ('speech-nearby', 'partial', False): (15, 8),
    ('speech-nearby', 'partial', True): (97, 12),
    ('speech-nearby+description', 'full', True): (0, 1),
    ('speech-nearby+description', 'partial', False): (0, 1),
    ('speech-nearby+nominal', 'full', False): (1, 3),
    ('speech-nearby+nominal', 'full', True): (34, 8),
    ('speech-nearby+nominal', 'partial', False): (3, 7),
    ('speech-nearby+nominal', 'partial', True): (5, 8),
    ('speech-nearby+pronoun', 'full', False): (1, 0),
    ('speech-nearby+pronoun', 'full', True): (157, 22),
    ('speech-nearby+pronoun', 'partial', False): (4, 3),
    ('speech-nearby+pronoun', 'partial', True): (19, 4),
    ('speech-verb', 'full', False): (13, 9),
    ('speech-verb', 'full', True): (2209, 48),
    ('speech-verb', 'partial', False): (47, 25),
    ('speech-verb', 'partial', True): (1074, 74),
    ('speech-verb+description', 'full', False): (0, 2),
    ('speech-verb+description', 'full', True): (2, 5),
    ('speech-verb+description', 'partial', False): (0, 1),
    ('speech-verb+description', 'partial', True): (5, 12),
    ('speech-verb+nominal', 'full', False): (1, 2),
    ('speech-verb+nominal', 'full', True): (69, 15),
    ('speech-verb+nominal', 'partial', False): (6, 13),
    ('speech-verb+nominal', 'partial', True): (68, 47),
    ('speech-verb+pronoun', 'full', False): (3, 2),
    ('speech-verb+pronoun', 'full', True): (470, 51),
    ('speech-verb+pronoun', 'partial', False): (6, 4),
    ('speech-verb+pronoun', 'partial', True): (213, 32),
    ('split-quote', 'full', False): (2, 2),
    ('split-quote', 'full', True): (203, 25),
    ('split-quote', 'partial', False): (0, 1),
    ('split-quote', 'partial', True): (12, 22),
    ('stance-verb', 'full', True): (1, 1),
    ('stance-verb', 'partial', False): (4, 4),
    ('stance-verb', 'partial', True): (28, 6),
    ('stance-verb+description', 'partial', True): (0, 1),
    ('stance-verb+nominal', 'full', True): (0, 2),
    ('stance-verb+nominal', 'partial', False): (2, 4),
    ('stance-verb+nominal', 'partial', True): (4, 2),
    ('stance-verb+pronoun', 'full', True): (1, 0),
    ('stance-verb+pronoun', 'partial', False): (1, 1),
    ('stance-verb+pronoun', 'partial', True): (7, 2),
    ('transcript', 'full', True): (0, 4),
}


def kind_group(kind: str) -> str:
    return "full" if kind == "full" else "partial"


def calibrated(pattern: str, kind: str, margin: float, prior: float) -> float:
    right, wrong = TABLE.get((pattern, kind_group(kind), margin >= MARGIN), (0, 0))
    # Beta smoothing: ten pseudo-observations at the rule's prior score.
    value = (right + 10 * prior) / (right + wrong + 10)
    return round(max(0.0, min(0.99, value)), 3)
