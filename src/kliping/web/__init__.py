"""Kliping's faces: the JSON API and the dashboard, one FastAPI application (``kliping serve``)."""
