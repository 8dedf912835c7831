"""The terminal's setup commands, one module each: add_arguments(parser), run(args) -> int.

The operations (say, chat, status, ...) have no module here: skill.cli makes their
commands from skill.app.operations."""
