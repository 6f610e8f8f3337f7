"""lifecycle: document versions, validity and supersession; background jobs

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# SQLite reflects the unique constraint of 0001 without a name; this convention names it.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _source_key_unique() -> str:
    return "documents_source_key_key" if op.get_bind().dialect.name == "postgresql" \
        else "uq_documents_source_key"


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None, naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint(_source_key_unique(), type_='unique')
        batch_op.create_index(batch_op.f('ix_documents_source_key'), ['source_key'], unique=False)
        batch_op.add_column(sa.Column('created_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('series_key', sa.String(length=1100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('superseded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('supersession', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_series_key'), ['series_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_valid_from'), ['valid_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_valid_to'), ['valid_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_superseded_by_id'), ['superseded_by_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_documents_superseded_by_id', 'documents',
                                    ['superseded_by_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE documents SET series_key = source_key")
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('files_total', sa.Integer(), nullable=False),
    sa.Column('files_done', sa.Integer(), nullable=False),
    sa.Column('files_failed', sa.Integer(), nullable=False),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_jobs_kind', 'jobs', ['kind'], unique=False)
    op.create_index('ix_jobs_login', 'jobs', ['login'], unique=False)
    op.create_index('ix_jobs_state', 'jobs', ['state'], unique=False)
    op.create_index('ix_jobs_created_at', 'jobs', ['created_at'], unique=False)
    op.create_table('job_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=1024), nullable=False),
    sa.Column('path', sa.String(length=2048), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('job_id', 'ordinal')
    )
    op.create_index('ix_job_items_job_id', 'job_items', ['job_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_job_items_job_id', table_name='job_items')
    op.drop_table('job_items')
    for name in ('created_at', 'state', 'login', 'kind'):
        op.drop_index(f'ix_jobs_{name}', table_name='jobs')
    op.drop_table('jobs')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint('fk_documents_superseded_by_id', type_='foreignkey')
        for name in ('superseded_by_id', 'valid_to', 'valid_from', 'series_key', 'source_key'):
            batch_op.drop_index(batch_op.f(f'ix_documents_{name}'))
        for name in ('supersession', 'superseded_on', 'superseded_by_id', 'valid_to', 'valid_from',
                     'version', 'series_key', 'created_by'):
            batch_op.drop_column(name)
        batch_op.create_unique_constraint('uq_documents_source_key', ['source_key'])
