"""The core: settings, the store, errors and messages, timings, the records, hosts; no I/O beyond files."""
