"""Reads of the feedback app, one module per area, narrowed to the person's units with staff's scope helper."""
