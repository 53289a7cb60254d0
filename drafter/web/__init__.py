"""drafter serve: departments fill in their sections in a browser, the office watches.

The web front end sits beside the CLI: it reads and checks sources with the
same code as `drafter check`, and writes them only through the in-place
editor, so every save is in the history and can be undone.  Nothing here is
imported by build or check.
"""
