"""video-generator-free-models: make and edit short videos by chatting.

Kept import-free on purpose: `video-skill route` must not pay for HTTP,
templates or YAML it does not use. Import submodules where they are needed.
"""
