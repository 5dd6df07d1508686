"""The one-command development stack: embedded broker and database, services, demo data."""
