"""The public origin: web apps, auth, routing to the services, and the WebSocket hub."""
