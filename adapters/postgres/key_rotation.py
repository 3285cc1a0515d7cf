"""Re-encrypt every stored secret under the current key, a row at a time, without downtime.

Each row is locked, re-sealed and written in its own short transaction; rows a refresh
holds are skipped this pass and taken on the next. Versions are not bumped: the secrets'
meaning does not change, only their envelope.
"""

from __future__ import annotations

import asyncpg

from application.ports import Ciphertext, TokenCipher

BATCH = 100


async def rotate_keys(pool: asyncpg.Pool, cipher: TokenCipher, current_key_id: str) -> int:
    """Returns how many rows were re-encrypted; run again until it returns 0."""
    total = 0
    while True:
        async with pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT id, token_key_id, access_token_ct, refresh_token_ct FROM channels"
                " WHERE token_key_id IS NOT NULL AND token_key_id <> $1"
                " LIMIT $2 FOR UPDATE SKIP LOCKED", current_key_id, BATCH)
            for row in rows:
                access = cipher.encrypt(cipher.decrypt(Ciphertext(
                    row["token_key_id"], bytes(row["access_token_ct"]))))
                refresh = cipher.encrypt(cipher.decrypt(Ciphertext(
                    row["token_key_id"], bytes(row["refresh_token_ct"]))))
                await conn.execute(
                    "UPDATE channels SET token_key_id = $2, access_token_ct = $3,"
                    " refresh_token_ct = $4 WHERE id = $1", row["id"], access.key_id,
                    access.data, refresh.data)
            states = await conn.fetch(
                "SELECT state, token_key_id, code_verifier_ct FROM oauth_states"
                " WHERE token_key_id IS NOT NULL AND token_key_id <> $1"
                " LIMIT $2 FOR UPDATE SKIP LOCKED", current_key_id, BATCH)
            for row in states:
                sealed = cipher.encrypt(cipher.decrypt(Ciphertext(
                    row["token_key_id"], bytes(row["code_verifier_ct"]))))
                await conn.execute(
                    "UPDATE oauth_states SET token_key_id = $2, code_verifier_ct = $3"
                    " WHERE state = $1", row["state"], sealed.key_id, sealed.data)
        total += len(rows) + len(states)
        if not rows and not states:
            return total


async def count_by_key(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch("SELECT token_key_id, count(*) AS n FROM channels"
                            " WHERE token_key_id IS NOT NULL GROUP BY token_key_id")
    return {r["token_key_id"]: r["n"] for r in rows}
