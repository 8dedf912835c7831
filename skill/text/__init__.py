"""Text in and out: routing a message, GUI translation, timeline summaries, reply templates."""
