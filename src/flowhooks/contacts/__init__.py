"""Contacts' stored values ($user.key): the rules a value obeys and the import of old ones."""
