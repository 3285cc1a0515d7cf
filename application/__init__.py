"""Use-cases over ports. Imports the domain and nothing else of ours."""
