"""The application layer: every operation a user can ask for, returning data.

    outcome = app.say(settings, "add lo-fi music at 35%", emit=face.emit)

The operations and their declarations are in skill.app.operations; this
package only hands them out, lazily, so that importing it costs nothing.
`settings.api_url == "local"` needs `settings.local_url` set by the caller
(skill.faces.local): this layer never starts servers.
"""
from __future__ import annotations


def __getattr__(name: str):
    import importlib

    # import_module, not `from skill.app import operations`: that would ask this very hook
    operations = importlib.import_module("skill.app.operations")
    if name in operations.OPERATIONS or name == "language":
        return getattr(operations, name)
    raise AttributeError(f"module 'skill.app' has no attribute {name!r}")
