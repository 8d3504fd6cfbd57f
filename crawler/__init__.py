"""Scrapy crawler: sources → discover → fetch → extract → normalise → filter → dedupe → store."""
