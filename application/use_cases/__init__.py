"""One use-case per module: open the unit of work, load, call the domain, commit."""
