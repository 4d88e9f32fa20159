"""Zalo Official Account: OAuth v4 with PKCE, consultation messages, OA articles and
their figures (`client.py`), and a local server that speaks the same protocol (`fake.py`)."""
