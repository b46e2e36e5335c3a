"""Upstream emulators on SQLite: Open2b v10 and Ecwid v3 customers (`app.create_emulator_app`)."""
