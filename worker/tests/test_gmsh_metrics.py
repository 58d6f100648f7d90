import unittest

import support
from meshwatch_worker.gmsh_metrics import metrics_of


class GmshMetricsTest(unittest.TestCase):

    def test_the_recorded_bracket_mesh(self):
        metrics = metrics_of(support.recording_lines())
        self.assertEqual(66124, metrics["nodes"])
        self.assertEqual(385615, metrics["elements"])
        self.assertEqual(341621, metrics["tetrahedra"])
        # The last optimizer pass, not the first one's 0.00156105 / 0.781389.
        self.assertEqual(0.27354, metrics["min_quality"])
        self.assertEqual(0.793452, metrics["avg_quality"])
        self.assertEqual(0, metrics["warnings"])
        self.assertEqual(0, metrics["errors"])

    def test_the_histogram_is_the_final_meshs(self):
        histogram = metrics_of(support.recording_lines())["quality_histogram"]
        self.assertEqual(10, len(histogram))
        self.assertEqual({"from": 0.2, "to": 0.3, "elements": 3}, histogram[2])
        self.assertEqual({"from": 0.9, "to": 1.0, "elements": 64125}, histogram[9])
        self.assertEqual(0, histogram[0]["elements"], "the first histogram had 706 here")

    def test_warnings_and_errors_are_counted(self):
        metrics = metrics_of(["Info    : Meshing 1D...", "Warning : Curve 3 has a short edge",
                              "Error   : Unknown curve 7", "Error   : No elements in volume 1"])
        self.assertEqual({"warnings": 1, "errors": 2}, metrics)

    def test_output_without_metrics_gives_only_the_counts(self):
        self.assertEqual({"warnings": 0, "errors": 0}, metrics_of([]))


if __name__ == "__main__":
    unittest.main()
