FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY service ./service
COPY cypher ./cypher
RUN pip install --no-cache-dir -e .
EXPOSE 8000
# NEO4J_URI must point at a server (docker-compose.yml sets it); the service applies the schema.
CMD ["tracegraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
