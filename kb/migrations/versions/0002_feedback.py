"""feedback table: "hilfreich / nicht hilfreich" ratings from the web UI

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('query', sa.String(length=1000), nullable=False),
    sa.Column('chunk_id', sa.Integer(), nullable=True),
    sa.Column('document_source', sa.String(length=512), nullable=False),
    sa.Column('section', sa.String(length=1024), nullable=True),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['chunk_id'], ['chunks.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_chunk_id'), ['chunk_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_created_at'))
        batch_op.drop_index(batch_op.f('ix_feedback_chunk_id'))

    op.drop_table('feedback')
