"""Media adapters: the PyAV probe and the sample-media generator."""
