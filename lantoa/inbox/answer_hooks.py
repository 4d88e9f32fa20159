"""Wagtail hooks of the inbox's answer screens (imported by wagtail_hooks.py): the Q&A
knowledge base's viewset (lantoa/inbox/answer_views.py) and its permission policy."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .answer_views import AnswerPolicy, AnswerViewSet
from .models import Answer

register_permission_policy(Answer, AnswerPolicy(Answer))


@hooks.register("register_admin_viewset")
def register_answer_viewset():
    return AnswerViewSet("inbox_answer", url_prefix="inbox/answers")
