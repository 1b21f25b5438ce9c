import datetime as dt
from zoneinfo import ZoneInfo

from haven.lib.dates import format_date, format_datetime

LONDON = ZoneInfo("Europe/London")


def test_dates_read_as_gov_uk_writes_them():
    assert format_date(dt.date(2026, 11, 5)) == "5 November 2026"
    assert format_date(None) == ""


def test_times_are_shown_in_uk_time_with_am_and_pm():
    summer_utc = dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.UTC)  # 2:05pm in London (BST)
    assert format_datetime(summer_utc) == "1 July 2026, 2:05pm"
    midnight = dt.datetime(2026, 12, 1, 0, 0, tzinfo=LONDON)
    assert format_datetime(midnight) == "1 December 2026, 12am"
    noon = dt.datetime(2026, 12, 1, 12, 30, tzinfo=LONDON)
    assert format_datetime(noon) == "1 December 2026, 12:30pm"
