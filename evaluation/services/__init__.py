"""Writes of the evaluation app: `services.<entity>_<action>(...)`."""

from evaluation.services.minutes import minutes_attach
from evaluation.services.reviews import (
    question_set_activate,
    question_set_copy,
    question_set_create,
    question_set_defaults_ensure,
    question_set_save,
    review_answer_submit,
    review_invitation_add,
    review_invitation_remove,
    review_invitations_add_peers,
    review_invitations_add_subordinates,
    review_invitations_notify,
    review_reminders_send,
    review_request_close,
    review_request_create,
    review_request_send,
)
from evaluation.services.scoring import (
    period_score_recompute,
    period_scores_batch_recompute,
    period_scores_recompute,
)
from evaluation.services.tracking import (
    criteria_save,
    evaluation_year_open,
    general_points_record,
    period_close,
    period_reopen,
    quality_review_record,
    task_group_save,
    work_item_assign,
    work_item_mark_done,
)
from evaluation.services.year_end import (
    appeal_decide,
    appeal_submit,
    evaluation_year_close,
    group_approve,
    head_propose,
    quota_exception_record,
    result_inputs_record,
    result_notices_send,
    results_publish,
    self_assess,
    year_results_refresh,
)

__all__ = [
    "minutes_attach",
    "appeal_decide", "appeal_submit", "result_notices_send", "results_publish",
    "evaluation_year_open", "general_points_record", "group_approve", "head_propose",
    "period_score_recompute", "period_scores_batch_recompute", "period_scores_recompute",
    "quality_review_record", "quota_exception_record", "self_assess", "task_group_save",
    "work_item_assign", "work_item_mark_done", "year_results_refresh",
    "criteria_save", "evaluation_year_close", "period_close", "period_reopen", "result_inputs_record",
    "question_set_activate", "question_set_copy", "question_set_create", "question_set_defaults_ensure",
    "question_set_save", "review_answer_submit", "review_invitation_add", "review_invitation_remove",
    "review_invitations_add_peers", "review_invitations_add_subordinates", "review_invitations_notify",
    "review_reminders_send", "review_request_close", "review_request_create", "review_request_send",
]
