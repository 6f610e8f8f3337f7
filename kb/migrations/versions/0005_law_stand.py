"""law stand: the legal state ("Stand") each law text shows

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): SQLite adds nullable columns in place, the chunks stay.
    op.add_column('documents', sa.Column('stand', sa.Date(), nullable=True))
    op.add_column('documents', sa.Column('stand_note', sa.String(length=500), nullable=True))
    # The Bürgergeld-V is the GrusiGV renamed: its texts join the series under today's name
    # (kb.services.versions.law_series), unless that series exists already.
    op.execute("UPDATE documents SET series_key = 'law:GrusiGV' WHERE series_key = 'law:BürgergeldV' "
               "AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.series_key = 'law:GrusiGV')")


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('stand_note')
        batch_op.drop_column('stand')
