# syntax=docker/dockerfile:1
# Production image: daphne serves HTTP and WebSocket for config.asgi:application.

FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1


FROM base AS build
# gettext provides msgfmt for compilemessages; it stays in this stage only.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
# The code then runs from /app rather than site-packages: a wheel would carry only the .py
# files, not the templates, static files and translations that live beside them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# The key below exists for this RUN only: production settings refuse to load without one,
# and neither command signs anything with it. The real key arrives at run time.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY=build-only-throwaway-key-never-used-to-sign-anything-at-run-time \
    STATIC_ROOT=/srv/wzk/static \
    VAR_DIR=/tmp/build-var \
    sh -c "python manage.py compilemessages && python manage.py collectstatic --noinput"


FROM base AS runtime
# WeasyPrint (resolutions as PDF, opinions.pdf) lays text out with pango and harfbuzz; the
# resolutions are set in DejaVu Serif and DejaVu Sans, which carry every Polish letter.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# /srv/wzk/static-export is where docker-compose.yml mounts nginx's static volume for the
# one-off copy; created here so the volume is owned by the app user, not root.
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin wzk \
    && mkdir -p /srv/wzk/media /srv/wzk/var /srv/wzk/static-export \
    && chown wzk:wzk /srv/wzk/media /srv/wzk/var /srv/wzk/static-export

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY --from=build /srv/wzk/static /srv/wzk/static

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/srv/wzk/static \
    MEDIA_ROOT=/srv/wzk/media \
    VAR_DIR=/srv/wzk/var

WORKDIR /app
USER wzk
EXPOSE 8000

# --proxy-headers: the client address comes from nginx's X-Forwarded-For (port 8000 is only
# reachable inside the compose network). Sockets are pinged every 20 s so idle ones survive
# proxies, closed after 12 h (the page reconnects). daphne's message size limit applies to
# what the server SENDS too (a frame over it kills the socket with 1011), so it is 1 MiB:
# above every frame the server makes (`subscribed` is cut to fit); the consumer itself
# refuses browser frames over 64 KiB with `too_large`.
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", \
     "--websocket_timeout", "43200", "--websocket_connect_timeout", "10", \
     "--ping-interval", "20", "--ping-timeout", "30", \
     "--websocket-max-message-size", "1048576", "--websocket-max-frame-size", "1048576", \
     "config.asgi:application"]
