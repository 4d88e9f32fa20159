"""YouTube: statistics of channels and videos read through the Data API v3 with an API key.

Publishing stays manual (uploads need the owner's OAuth consent and an audited API project);
see `client.py`.
"""
