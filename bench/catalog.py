"""Catalog look-ups against naive baselines measured in the same run (ratios, no absolute claims).

Run: .venv/bin/python bench/catalog.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from indicator_lib.catalog import Catalog, load_catalog
from indicator_lib.catalog._text import name_similarity


def best(fn: Callable[[], object], repeat: int = 5, number: int = 200) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def main() -> None:
    start = time.perf_counter()
    shipped = load_catalog()
    print(f"load shipped catalog ({len(shipped)} indicators): {(time.perf_counter() - start) * 1000:.1f} ms")
    # a bigger library: the shipped one repeated 20 times under new ids (~3,900 entries)
    big = Catalog(ind.model_copy(update={"id": f"{ind.id}-{n}"}) for n in range(20) for ind in shipped)
    codes = ["2050203", "2081902", "21205", "214", "2100408"]

    def indexed() -> None:
        for code in codes:
            big.for_code(code)

    def scan() -> None:
        for code in codes:
            [i for i in big if i.applies_to(code)]

    for code in codes:  # same answer before timing
        assert {i.id for i in big.for_code(code)} == {i.id for i in big if i.applies_to(code)}
    t_index, t_scan = best(indexed, number=20), best(scan, number=20)
    print(
        f"for_code on {len(big)} entries: indexed {t_index * 1e3:.2f} ms, scan {t_scan * 1e3:.2f} ms "
        f"(scan / indexed = {t_scan / t_index:.1f}x)"
    )

    queries = ["满意度", "资金道位率", "低保", "雾炮车"]
    shipped.search("warm-up")

    def search() -> None:
        for q in queries:
            shipped.search(q)

    def similarity_scan() -> None:
        for q in queries:
            sorted(shipped, key=lambda i: -name_similarity(q, i.name))[:20]

    t_search, t_sim = best(search, number=20), best(similarity_scan, number=20)
    print(
        f"search on {len(shipped)} entries: bigram index {t_search * 1e3:.2f} ms, "
        f"similarity scan {t_sim * 1e3:.2f} ms (scan / index = {t_sim / t_search:.1f}x)"
    )


if __name__ == "__main__":
    main()
