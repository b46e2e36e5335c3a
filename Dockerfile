# The gateway as an image. Build: `docker build -t customer-gateway .`
# Run:   docker run -p 8080:8080 -e CG_OPEN2B_URL=https://... -e CG_OPEN2B_API_KEY=... customer-gateway
# GraphiQL is at http://localhost:8080/graphql and needs no internet access: its JS and CSS
# are fetched here, at build time, and served by the gateway itself.

# --- build: a virtualenv with the package, plus the GraphiQL assets (the only use of npm) ---
FROM python:3.11-slim AS build

RUN apt-get update \
    && apt-get install -y --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv

WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install .

# npm packs the pinned packages; only their checked dist files land in the installed
# package's static/vendor/. --check fails the build if anything is missing or altered.
RUN python -m customer_gateway.http.assets && python -m customer_gateway.http.assets --check

# --- runtime: python and the virtualenv, no compilers, no node, not root ---
FROM python:3.11-slim

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin gateway
COPY --from=build /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

USER gateway
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
CMD ["customer-gateway", "serve", "--host", "0.0.0.0", "--port", "8080"]
