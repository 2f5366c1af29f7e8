"""Alembic's environment for the store: always run from excursions.store.migrate, on the
connection (and transaction) it hands over in config.attributes["connection"]."""

from alembic import context

from excursions.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
