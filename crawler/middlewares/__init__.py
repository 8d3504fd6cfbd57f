"""Downloader middlewares of our own; Scrapy's retry, redirect and robots.txt ones are reused."""
