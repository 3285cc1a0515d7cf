"""In-memory adapters: the fakes every test and the demo can run on."""
