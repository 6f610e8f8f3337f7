"""network: questions and answers, working groups, contacts, follows, feed tokens

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('network_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('edited_by', sa.String(length=64), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('network_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('working_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=128), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_groups.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_working_group_id'), ['working_group_id'], unique=False)

    op.create_table('feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('feed_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('target', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'kind', 'target')
    )
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follows_user_id'), ['user_id'], unique=False)

    op.create_table('network_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.Column('addressed', sa.JSON(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_login', sa.String(length=64), nullable=False),
    sa.Column('district', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('hidden_reason', sa.String(length=500), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_groups.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('network_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_questions_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_questions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_questions_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_questions_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_questions_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_questions_visibility'), ['visibility'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_questions_working_group_id'), ['working_group_id'], unique=False)

    op.create_table('working_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['working_groups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id')
    )
    op.create_table('network_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_login', sa.String(length=64), nullable=False),
    sa.Column('district', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('hidden_reason', sa.String(length=500), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['network_questions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('network_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_answers_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_answers_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_answers_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_answers_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_answers_status'), ['status'], unique=False)

    op.create_table('network_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('norm', sa.String(length=128), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['network_answers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['network_questions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('network_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_links_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_links_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_links_norm'), ['norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_links_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('working_group', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_working_group'), ['working_group'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_working_group'))
        batch_op.drop_column('working_group')

    with op.batch_alter_table('network_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_links_question_id'))
        batch_op.drop_index(batch_op.f('ix_network_links_norm'))
        batch_op.drop_index(batch_op.f('ix_network_links_document_id'))
        batch_op.drop_index(batch_op.f('ix_network_links_answer_id'))

    op.drop_table('network_links')
    with op.batch_alter_table('network_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_answers_status'))
        batch_op.drop_index(batch_op.f('ix_network_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_network_answers_document_id'))
        batch_op.drop_index(batch_op.f('ix_network_answers_district'))
        batch_op.drop_index(batch_op.f('ix_network_answers_created_at'))
        batch_op.drop_index(batch_op.f('ix_network_answers_author_id'))

    op.drop_table('network_answers')
    op.drop_table('working_group_members')
    with op.batch_alter_table('network_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_questions_working_group_id'))
        batch_op.drop_index(batch_op.f('ix_network_questions_visibility'))
        batch_op.drop_index(batch_op.f('ix_network_questions_status'))
        batch_op.drop_index(batch_op.f('ix_network_questions_document_id'))
        batch_op.drop_index(batch_op.f('ix_network_questions_district'))
        batch_op.drop_index(batch_op.f('ix_network_questions_created_at'))
        batch_op.drop_index(batch_op.f('ix_network_questions_author_id'))

    op.drop_table('network_questions')
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follows_user_id'))

    op.drop_table('follows')
    with op.batch_alter_table('feed_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_tokens_user_id'))

    op.drop_table('feed_tokens')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_working_group_id'))
        batch_op.drop_index(batch_op.f('ix_contacts_district'))

    op.drop_table('contacts')
    op.drop_table('working_groups')
    with op.batch_alter_table('network_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_revisions_post_id'))

    op.drop_table('network_revisions')
