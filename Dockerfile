# pfmatch HTTP service: slim Python, non-root, the bundled sample or a mounted directory.
#
#   docker build -t pfmatch .
#   docker run --rm -p 8000:8000 -e PFMATCH_API_KEYS="$(cat keys.txt)" pfmatch
#   docker run --rm -p 8000:8000 -e PFMATCH_API_KEYS=... -v /srv/providers:/data:ro \
#       pfmatch /data --workers 2
#
# Keys come from $PFMATCH_API_KEYS (or a mounted --api-keys-file); the container
# refuses to start without one, since it listens on 0.0.0.0.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY data/providers ./data/providers
RUN pip install --no-cache-dir build && python -m build --wheel --outdir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir "$(ls /wheels/*.whl)[serve]" && rm -rf /wheels \
    && useradd --system --uid 10001 --no-create-home pfmatch
USER pfmatch
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
ENTRYPOINT ["pfmatch", "serve", "--host", "0.0.0.0", "--port", "8000"]
CMD []
