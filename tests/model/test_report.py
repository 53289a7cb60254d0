"""The model: a copy keeps where every object was written."""

import copy

from conftest import EXAMPLE

from drafter.model.report import Node
from drafter.readers.sources import load_report
from drafter.readers.texts import values


def test_a_deep_copy_keeps_every_position():
    report = load_report(EXAMPLE)
    copied = copy.deepcopy(report)
    assert copied == report and copied is not report
    originals = [(path, node) for path, node in values(report, ()) if isinstance(node, Node)]
    copies = [(path, node) for path, node in values(copied, ()) if isinstance(node, Node)]
    assert len(originals) > 50
    for (path, original), (_, node) in zip(originals, copies):
        assert node is not original
        assert node.position == original.position and node.position is not None, path
    assert copied.position == report.position
