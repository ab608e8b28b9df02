"""Speed measurements of the assistant (run by ``make bench``); not part of the package."""
