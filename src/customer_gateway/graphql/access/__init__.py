"""Who is calling: static API tokens and JWT access tokens, and the scopes they grant."""
