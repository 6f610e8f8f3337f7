"""extraction: OCR pages and notes, mail attachments, document ids never reused

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate='always' rebuilds the SQLite table with AUTOINCREMENT, so the id of a deleted
    # document is never handed out again (an old bookmark must not open another document).
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('documents', schema=None, recreate='always' if sqlite else 'auto',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('ocr_pages', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('extraction_note', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('attached_to_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_attached_to_id'), ['attached_to_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_documents_attached_to_id', 'documents',
                                    ['attached_to_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint('fk_documents_attached_to_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_documents_attached_to_id'))
        batch_op.drop_column('attached_to_id')
        batch_op.drop_column('extraction_note')
        batch_op.drop_column('ocr_pages')
