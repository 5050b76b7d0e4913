"""Citizen feedback (phản ánh, kiến nghị) and its handling, ratings of the officers who served, surveys."""

from feedback.models.cases import Attachment, Feedback, FeedbackEvent, Kind
from feedback.models.ratings import RatingLink, ServiceRating
from feedback.models.surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

__all__ = [
    "Attachment", "Feedback", "FeedbackEvent", "Kind", "RatingLink", "ServiceRating", "Survey", "SurveyAnswer",
    "SurveyQuestion", "SurveyResponse",
]
