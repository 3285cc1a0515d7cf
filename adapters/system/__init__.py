"""System adapters: the wall clock, random identifiers, log notifier."""
