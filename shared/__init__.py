"""The services' common library: settings, events, outbox, consumers, MongoDB, auth, web."""
