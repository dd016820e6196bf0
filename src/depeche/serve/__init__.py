"""`depeche serve`: the HTTP API and the web pages, one FastAPI application
over the DuckDB knowledge base. See app.py."""
