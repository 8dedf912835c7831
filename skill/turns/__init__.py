"""Chat turns: the record in the store, the detached worker that holds the stream."""
