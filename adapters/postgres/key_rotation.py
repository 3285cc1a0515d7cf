"""Re-encrypt every stored secret under the current key, a row at a time, without downtime.

Each row is locked, re-sealed and written in its own short transaction; rows a refresh
holds are skipped this pass and taken on the next. Versions are not bumped: the secrets'
meaning does not change, only their envelope.
"""

from __future__ import annotations

import asyncpg

from application.ports import Ciphertext, TokenCipher

BATCH = 100


# Every table holding sealed secrets: its key column and its ciphertext columns.
SEALED = {
    "channels": ("id", ("access_token_ct", "refresh_token_ct")),
    "oauth_states": ("state", ("code_verifier_ct",)),
    "webhook_secrets": ("id", ("secret_ct",)),
    "business_connections": ("id", ("access_token_ct", "refresh_token_ct")),
}


async def rotate_keys(pool: asyncpg.Pool, cipher: TokenCipher, current_key_id: str) -> int:
    """Returns how many rows were re-encrypted; run again until it returns 0."""
    total = 0
    while True:
        async with pool.acquire() as conn, conn.transaction():
            done = sum(
                [
                    await _reseal(conn, cipher, current_key_id, table, key, columns)
                    for table, (key, columns) in SEALED.items()
                ]
            )
        total += done
        if not done:
            return total


async def _reseal(
    conn: asyncpg.Connection,
    cipher: TokenCipher,
    current_key_id: str,
    table: str,
    key: str,
    columns: tuple[str, ...],
) -> int:
    """One batch of one table: open each secret with its own key, seal it with the current."""
    rows = await conn.fetch(
        f"SELECT {key}, token_key_id, {', '.join(columns)} FROM {table}"
        f" WHERE token_key_id IS NOT NULL AND token_key_id <> $1"
        f" LIMIT $2 FOR UPDATE SKIP LOCKED",
        current_key_id,
        BATCH,
    )
    assignments = ", ".join(f"{column} = ${n}" for n, column in enumerate(columns, start=3))
    for row in rows:
        sealed = [
            cipher.encrypt(cipher.decrypt(Ciphertext(row["token_key_id"], bytes(row[column]))))
            for column in columns
        ]
        await conn.execute(
            f"UPDATE {table} SET token_key_id = $2, {assignments} WHERE {key} = $1",
            row[key],
            current_key_id,
            *(s.data for s in sealed),
        )
    return len(rows)


async def count_by_key(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch(
        "SELECT token_key_id, count(*) AS n FROM channels"
        " WHERE token_key_id IS NOT NULL GROUP BY token_key_id"
    )
    return {r["token_key_id"]: r["n"] for r in rows}


async def keys_that_do_not_open(pool: asyncpg.Pool, cipher: TokenCipher) -> list[str]:
    """For every key id the stored secrets name, one sealed value is opened: the ids whose
    configured key does not open it (not configured, or an id reused for a new key)."""
    refused: list[str] = []
    async with pool.acquire() as conn:
        for table, (_, columns) in SEALED.items():
            if not await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", table):
                continue
            rows = await conn.fetch(
                f"SELECT DISTINCT ON (token_key_id) token_key_id, {columns[0]} AS sealed"
                f" FROM {table} WHERE token_key_id IS NOT NULL AND {columns[0]} IS NOT NULL"
            )
            for row in rows:
                try:
                    cipher.decrypt(Ciphertext(row["token_key_id"], bytes(row["sealed"])))
                except Exception:  # DecryptionFailed, or a key the cipher does not know
                    refused.append(f"{row['token_key_id']} ({table})")
    return sorted(set(refused))
