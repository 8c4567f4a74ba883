"""Forecast files for the staffing tests: a week of flat demand at a site."""

import datetime

HEADER = "site;queue;interval start;interval length;offered;aht;acw\n"


def monday_in(weeks: int) -> datetime.date:
    today = datetime.date.today()
    return today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=weeks)


def week_file(site: str, queue: str, monday: datetime.date, days: int = 5) -> str:
    """Monday to Friday 08:00-16:00, 100 contacts a half hour, AHT 180 s (10 Erlangs)."""
    lines = [HEADER]
    for d in range(days):
        day = monday + datetime.timedelta(days=d)
        for slot in range(16, 32):
            start = f"{day} {slot // 2:02d}:{30 * (slot % 2):02d}"
            lines.append(f"{site};{queue};{start};30;100;180;0\n")
    return "".join(lines)
