"""APScheduler daemon that runs crawls on schedule and records every run."""
