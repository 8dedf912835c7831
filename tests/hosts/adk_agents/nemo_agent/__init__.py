"""A scripted NemoVideo agent for Google's ADK API server (tests/hosts/adk_peer.py)."""
from . import agent  # noqa: F401  (ADK's loader finds nemo_agent.agent.root_agent)
