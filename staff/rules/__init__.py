"""Pure functions encoding legal rules: standard library only, no Django, no database."""
