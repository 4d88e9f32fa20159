# Shared fixtures: the browser, and the commune personas (lantoa/org/tests/personas.py).
pytest_plugins = ["lantoa.browser_fixtures", "lantoa.org.tests.personas"]
