"""The driver's own way to the hot queries, chosen once when the database is opened.

`interface.py` says what a fast path offers, `sqlite.py` and `asyncpg.py` are the two
implementations, `statements.py` compiles a statement once for each driver.
"""
