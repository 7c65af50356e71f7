"""The day a build publishes for: what is dated later stays out of the feeds until then."""

from __future__ import annotations

import datetime as dt
import os

from maagal.model.when import ISRAEL


def build_date() -> dt.date:
    """Today in Israel, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), tz=ISRAEL) if epoch else dt.datetime.now(tz=ISRAEL)
    return now.date()
