"""Who sees which network question: one rule for threads, lists, group pages, follows and feeds.

The same rule as `kb.access.visible_documents`: `netzwerk` posts are seen by everyone who may
read, `intern` ones by their own district and by those who see everything. It is an SQL
condition, applied in the query, so no list or count can show what the user may not see.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, true

from kb.access import NETZWERK, Principal
from kb.db.network_models import SICHTBAR, Question


def visible_questions(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on `Question`: the principal may see it (whatever its state)."""
    if principal.sees_all():
        return true()
    if principal.anonymous or principal.district is None:
        return Question.visibility == NETZWERK
    return or_(Question.visibility == NETZWERK, Question.district == principal.district)


def shown_questions(principal: Principal) -> ColumnElement[bool]:
    """Visible to the principal and shown (not withdrawn or hidden)."""
    return and_(Question.status == SICHTBAR, visible_questions(principal))
