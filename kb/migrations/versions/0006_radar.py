"""change radar: documents citing norms a new law version changed, to be checked

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('radar_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('law', sa.String(length=64), nullable=False),
    sa.Column('old_law_id', sa.Integer(), nullable=False),
    sa.Column('new_law_id', sa.Integer(), nullable=False),
    sa.Column('norms', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_by', sa.String(length=64), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['old_law_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['new_law_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'new_law_id')
    )
    for column in ('document_id', 'law', 'old_law_id', 'new_law_id', 'state', 'created_at'):
        op.create_index(f'ix_radar_flags_{column}', 'radar_flags', [column], unique=False)


def downgrade() -> None:
    op.drop_table('radar_flags')
