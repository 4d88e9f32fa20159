from . import variant_hooks  # noqa: F401
