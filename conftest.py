pytest_plugins = ["lantoa.browser_fixtures"]
