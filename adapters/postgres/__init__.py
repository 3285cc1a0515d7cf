"""PostgreSQL adapters (asyncpg): migrations, repositories, unit of work, embedded server."""
