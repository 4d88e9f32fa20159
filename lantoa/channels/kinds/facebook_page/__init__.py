"""Facebook Page: publish, edit and withdraw posts and read their figures through the Graph
API with a long-lived Page access token; see `client.py` (and `fake.py` for tests).
"""
