"""Upstream emulators on SQLite: Open2b API v10 customers (`app.create_emulator_app`)."""
