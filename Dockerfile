FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY service ./service
COPY cypher ./cypher
RUN pip install --no-cache-dir -e .
# The first start's admin API key is written to /data/admin-api-key (0600): mount a volume there.
ENV TRACEGRAPH_DATA_DIR=/data
RUN mkdir -p /data && chmod 700 /data
VOLUME /data
EXPOSE 8000
# NEO4J_URI must point at a server (docker-compose.yml sets it); the service applies the schema,
# loads the demo only into an empty database and never deletes anything.
CMD ["tracegraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
