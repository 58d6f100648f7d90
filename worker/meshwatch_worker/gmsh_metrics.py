"""Quality metrics read from what gmsh prints while it meshes (no second pass over the mesh).

gmsh 4 reports, among others:

    Info    : Optimization starts (volume = 1.93481) with worst = 0.00156105 / average = 0.781389:
    Info    : 0.00 < quality < 0.10 :       706 elements
    Info    : 6480 edge swaps, 159 node relocations (volume = 1.93481): worst = 0.27354 / average = 0.793452 (...)
    Info    : 66124 nodes 385615 elements

The quality is the one gmsh's tetrahedron optimizer reports (1 for a regular
tetrahedron, near 0 for a flat one). The histogram printed last describes the final
mesh, and so does the last worst/average pair.
"""

import re

_HISTOGRAM = re.compile(r"^Info\s*:\s*(\d+(?:\.\d+)?)\s*<\s*quality\s*<\s*(\d+(?:\.\d+)?)\s*:\s*(\d+)\s+elements")
_WORST_AVERAGE = re.compile(r"worst\s*=\s*([-+0-9.eE]+)\s*/\s*average\s*=\s*([-+0-9.eE]+)")
_TOTALS = re.compile(r"^Info\s*:\s*(\d+)\s+nodes\s+(\d+)\s+elements\s*$")
_TETRAHEDRA = re.compile(r"(\d+)\s+tetrahedra created")


class GmshMetrics:
    """Feed every line to ``add``; ``result()`` gives what was seen, None where nothing was."""

    def __init__(self):
        self._histogram = []
        self._histogram_done = False
        self._last_histogram = None
        self._worst = None
        self._average = None
        self._nodes = None
        self._elements = None
        self._tetrahedra = None
        self._warnings = 0
        self._errors = 0

    def add(self, line):
        text = line.strip()
        if text.startswith("Warning"):
            self._warnings += 1
        elif text.startswith("Error"):
            self._errors += 1
        match = _HISTOGRAM.match(text)
        if match:
            if self._histogram_done:
                # A new histogram starts: the previous one described an earlier mesh.
                self._histogram, self._histogram_done = [], False
            low, high, count = match.groups()
            self._histogram.append({"from": float(low), "to": float(high), "elements": int(count)})
            if float(high) >= 1.0:
                self._last_histogram, self._histogram_done = self._histogram, True
            return
        match = _WORST_AVERAGE.search(text)
        if match:
            self._worst, self._average = float(match.group(1)), float(match.group(2))
        match = _TOTALS.match(text)
        if match:
            self._nodes, self._elements = int(match.group(1)), int(match.group(2))
        match = _TETRAHEDRA.search(text)
        if match:
            self._tetrahedra = int(match.group(1))

    def result(self):
        metrics = {
            "nodes": self._nodes,
            "elements": self._elements,
            "tetrahedra": self._tetrahedra,
            "min_quality": self._worst,
            "avg_quality": self._average,
            "quality_histogram": self._last_histogram,
            "warnings": self._warnings,
            "errors": self._errors,
        }
        return {name: value for name, value in metrics.items() if value is not None}


def metrics_of(lines):
    metrics = GmshMetrics()
    for line in lines:
        metrics.add(line)
    return metrics.result()
