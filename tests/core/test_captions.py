from datetime import date

import pytest

from app.core.captions import date_range, days_text, media_counts, place_caption


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2024, 3, 3), date(2024, 3, 3), "Mar 3, 2024"),
        (date(2024, 3, 3), date(2024, 3, 5), "Mar 3–5, 2024"),
        (date(2024, 3, 30), date(2024, 4, 2), "Mar 30 – Apr 2, 2024"),
        (date(2023, 12, 30), date(2024, 1, 2), "Dec 30, 2023 – Jan 2, 2024"),
    ],
)
def test_date_ranges(first: date, last: date, text: str) -> None:
    assert date_range(first, last) == text


def test_counts_and_places() -> None:
    assert days_text(1) == "1 day" and days_text(3) == "3 days"
    assert media_counts(12, 1) == "12 photos, 1 video" and media_counts(0, 0) == "no files"
    address = {"Country": "China", "Province": "Zhejiang", "City": "Hangzhou"}
    assert place_caption(address, "city") == "Hangzhou · Zhejiang, China"
    assert place_caption(address, "province") == "Zhejiang · China"
    assert place_caption({"Country": "China"}, "country") == "China"
    assert (
        place_caption({"Country": "China", "Province": "Beijing", "City": "Beijing"}, "city")
        == "Beijing · China"
    )
