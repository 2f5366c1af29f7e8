"""Issue 28: "I lost my link" is counted with the other tries (attempts, kind "link", the
address asked for as a hash in the new `target` column); its own table goes.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = sa.inspect(op.get_bind())
    # A database made before migrations may have the column already (its column adder).
    have = {c["name"] for c in found.get_columns("attempts")}
    indexes = {i["name"] for i in found.get_indexes("attempts")}
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        if "target" not in have:
            batch_op.add_column(sa.Column("target", sa.String(length=64), server_default="", nullable=False))
        if "ix_attempts_target" not in indexes:
            batch_op.create_index(batch_op.f("ix_attempts_target"), ["target"], unique=False)
    if found.has_table("link_requests"):  # requests in flight are forgotten: 15 minutes' worth
        op.drop_table("link_requests")


def downgrade() -> None:
    op.create_table(
        "link_requests",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("link_requests", schema=None) as batch_op:
        for column in ("address_hash", "at", "client", "ip"):
            batch_op.create_index(batch_op.f(f"ix_link_requests_{column}"), [column], unique=False)
    op.execute("DELETE FROM attempts WHERE kind = 'link'")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempts_target"))
        batch_op.drop_column("target")
