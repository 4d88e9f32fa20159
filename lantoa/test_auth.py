"""Test-suite authentication backend: django-axes' throttle, letting Django's test client
`client.login()` through (it authenticates without a request, which axes refuses)."""

from axes.backends import AxesStandaloneBackend


class AxesBackendForTestClient(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
