"""Pure functions of the feedback app: no database, no settings, no request."""
