"""The API client: HTTP, the token, the session, the endpoints, the chat stream, the export flow."""
