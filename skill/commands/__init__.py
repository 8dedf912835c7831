"""One module per `video-skill` command: add_arguments(parser), run(args) -> int."""
