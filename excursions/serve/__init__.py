"""Serve mode (`excursions serve`): the app under uvicorn, tuned for event day.

The runner layer: it may import the UI package and the library; nothing imports it but
the command line, and only when serving.
"""
