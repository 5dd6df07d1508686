"""Attacks a stranger would try: each test fails on code that lets the attack through."""
