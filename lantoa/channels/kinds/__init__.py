"""Channel adapters: one package per channel kind (`lantoa/channels/kinds/<kind>/`).

`base.py` holds what every adapter shares: the HTTP session with its timeouts, the
`PlatformError` every refusal becomes (said in Vietnamese, retryable or not, asking for a
reconnection or not), and the results (`Posted`, `PostStats`). Each kind's `client.py` is
the real HTTP client of its platform's documented API, its base URL from settings so tests
and a staging site point it at the local fake (`fake.py` of the same package), which speaks
the protocol and refuses what the real platform refuses.
"""

import pkgutil
from importlib import import_module, util


def load_adapters() -> None:
    """Import every kind's `adapter.py`: each registers itself (`adapters.register`)."""
    for module in pkgutil.iter_modules(__path__):
        name = f"{__name__}.{module.name}.adapter"
        if module.ispkg and util.find_spec(name) is not None:
            import_module(name)
