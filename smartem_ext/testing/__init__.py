"""A stateful, in-memory SmartEM backend for tests (install the `testing` extra).

    with FakeSmartEMBackend() as backend:
        client = SmartEMAPIClient(backend.url)
        ...
        assert backend.entities("foilhole")

It validates requests against the project's OpenAPI document, keeps what is created,
streams instructions over SSE like the real backend and can inject faults on demand.
"""

from ._backend import FakeSmartEMBackend
from ._entities import ENTITY_KINDS
from ._spec import SpecError, default_spec_path
from ._sse import encode_event
from ._state import RequestRecord

__all__ = [
    "ENTITY_KINDS",
    "FakeSmartEMBackend",
    "RequestRecord",
    "SpecError",
    "default_spec_path",
    "encode_event",
]
