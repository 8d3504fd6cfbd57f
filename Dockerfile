# newswatch: one image for the scheduler daemon and the HTTP API (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY crawler ./crawler
COPY scheduler ./scheduler
COPY search ./search
COPY newswatch ./newswatch
RUN pip install . && useradd --system --create-home newswatch && mkdir -p /data \
    && chown newswatch /data
USER newswatch
WORKDIR /data
EXPOSE 8000
CMD ["newswatch", "serve", "--host", "0.0.0.0"]
