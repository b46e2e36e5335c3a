"""customer-gateway: one GraphQL schema in front of Open2b v10 and Ecwid v3 customer APIs."""

__version__ = "0.1.0"
