from .portal_world import media_root, portal  # noqa: F401  (fixtures of the portal's tests)
