"""unpack_symmetric: the packed order is combinations_with_replacement, and the result is symmetric."""

from __future__ import annotations

import itertools
import math
import unittest

import numpy as np

import bayesrg


def rank(multiset, points):
    """The lexicographic rank of a sorted multiset, counted as bayesrg's Multisets.rank counts it."""
    order = len(multiset)
    total, previous = 0, 0
    for p, value in enumerate(multiset):
        remaining = order - p - 1
        for v in range(previous, value):
            total += math.comb(points - v + remaining - 1, remaining) if remaining else 1
        previous = value
    return total


class UnpackSymmetricTest(unittest.TestCase):
    def test_packed_order_is_combinations_with_replacement(self):
        for points in range(1, 6):
            for order in range(1, 7):
                combos = list(itertools.combinations_with_replacement(range(points), order))
                self.assertEqual([rank(c, points) for c in combos], list(range(len(combos))))

    def test_unpack_places_each_number_at_every_ordering_of_its_multiset(self):
        points, order = 4, 3
        combos = list(itertools.combinations_with_replacement(range(points), order))
        packed = np.arange(len(combos), dtype=float) + 0.5
        full = bayesrg.unpack_symmetric(packed, points, order)
        self.assertEqual(full.shape, (points,) * order)
        for index in itertools.product(range(points), repeat=order):
            self.assertEqual(full[index], packed[combos.index(tuple(sorted(index)))])
        for perm in itertools.permutations(range(order)):
            np.testing.assert_array_equal(full, np.transpose(full, perm))

    def test_leading_axes_are_kept_and_a_wrong_length_is_refused(self):
        packed = np.arange(2 * 15, dtype=float).reshape(2, 15)  # C(3 + 4 - 1, 4) = 15
        full = bayesrg.unpack_symmetric(packed, 3, 4)
        self.assertEqual(full.shape, (2, 3, 3, 3, 3))
        self.assertEqual(full[1, 2, 0, 1, 0], packed[1, 4])  # (0, 0, 1, 2) is the 5th multiset
        with self.assertRaises(ValueError):
            bayesrg.unpack_symmetric(np.zeros(14), 3, 4)


if __name__ == "__main__":
    unittest.main()
