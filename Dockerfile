# Desa Sadar Bot: `desabot run` as an unprivileged user, the database on the /data volume.
#
#   docker build -t desabot .            (or: podman build -t desabot .)
#   docker run --env-file .env -v desabot-data:/data desabot
#
# Two stages: the build stage has pip and the wheel cache, the final one only the virtual
# environment and the source (content/ and locales/ are read beside the code at start-up).
# PYTHON_IMAGE: any Debian-based image with python3 (3.11+) and python3-venv.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
# pip's own settings, for a mirror or a TLS-inspecting proxy (build stage only, not in the
# image): e.g. --build-arg PIP_CERT=/etc/ssl/certs/ca-certificates.crt -v /etc/ssl/certs:/etc/ssl/certs:ro
ARG PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_CERT
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python3 -m venv /opt/venv
WORKDIR /app
# Dependencies first, from pyproject.toml alone: editing the code does not reinstall them.
COPY pyproject.toml README.md ./
# With the [postgresql] extra (asyncpg): the same image serves a SQLite file or a server.
RUN python3 -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['postgresql']))" > /tmp/requirements.txt \
 && /opt/venv/bin/pip install -r /tmp/requirements.txt
COPY bot ./bot
COPY handlers ./handlers
COPY sandbox ./sandbox
COPY content ./content
COPY locales ./locales
COPY babel.cfg ./
# Editable: the package finds content/ and locales/ next to its source, in /app.
RUN /opt/venv/bin/pip install --no-deps -e . \
 && /opt/venv/bin/python -m compileall -q /app/bot /app/handlers /app/sandbox \
 && /opt/venv/bin/pip uninstall -q -y pip

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="Desa Sadar Bot" \
      org.opencontainers.image.description="BPJS Ketenagakerjaan outreach for villages on Telegram"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    DESABOT_DB=/data/desabot.sqlite3 \
    DESABOT_WEBHOOK_LISTEN=0.0.0.0 \
    DESABOT_HEALTH_PORT=8081
# A fixed uid/gid so a bind-mounted data directory can be chown'ed on the host (10001:10001).
RUN groupadd --system --gid 10001 desabot \
 && useradd --system --uid 10001 --gid desabot --home-dir /data --shell /usr/sbin/nologin desabot \
 && mkdir -p /data && chown desabot:desabot /data && chmod 700 /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER desabot
VOLUME ["/data"]
# 8443: the webhook (behind the reverse proxy); polling needs no port. 8081: /healthz, /metrics.
EXPOSE 8443 8081
# Healthy when /healthz answers 200: the database answers, updates arrive, the outbox moves.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('DESABOT_HEALTH_PORT', '8081'), timeout=4)"]
# SIGTERM (docker stop) lets the bot stop polling and close the database cleanly.
STOPSIGNAL SIGTERM
# The bot, never the sandbox: `desabot sandbox` is for a terminal, not a server.
ENTRYPOINT ["desabot"]
CMD ["run"]
