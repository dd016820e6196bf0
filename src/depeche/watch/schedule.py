"""When to poll a source next: its own freshness hints, backoff after
failures, and jitter so that many sources do not all ask at once."""
from __future__ import annotations

import random

# A feed may say `<ttl>10080</ttl>` (a week) or a server max-age=31536000: be
# polite, but still look at least this often.
MAX_HINT = 24 * 3600.0
# However long a source has been failing, it is tried again at least this often.
MAX_BACKOFF = 6 * 3600.0
JITTER = 0.1  # each wait is stretched or shortened by up to 10%


def next_wait(interval: float, errors: int = 0, ttl: float | None = None, max_age: float | None = None,
              rng: random.Random | None = None) -> float:
    """Seconds until the next poll. A healthy source: the interval, or
    longer when the feed (`ttl`) or its server (`max_age`) say the content
    stays fresh longer. After `errors` failures in a row: the interval
    doubled per failure, capped at MAX_BACKOFF (never under the interval)."""
    if errors > 0:
        base = max(interval, min(interval * 2 ** min(errors, 30), MAX_BACKOFF))
    else:
        hints = [h for h in (ttl, max_age) if h]
        base = max([interval] + [min(h, MAX_HINT) for h in hints])
    return base * (1 + JITTER * (2 * (rng or random).random() - 1))
