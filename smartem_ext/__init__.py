"""Agent-facing layer over the generated SmartEM backend client (``smartem_api``)."""

__all__: list[str] = []
