"""Template helpers of the 360-degree reviews, for pages owned by other parts of the evaluation app."""

from django import template
from django.utils import timezone

from evaluation import selectors

register = template.Library()


@register.simple_tag
def closed_reviews(results) -> dict[int, int]:
    """{staff member id: id of their latest review request whose results can be read} for a list of year results,
    in one query. The results page checks access again."""
    return selectors.closed_reviews_by_person(staff_member_ids={result.staff_member_id for result in results},
                                              today=timezone.localdate())


@register.filter
def review_of(reviews: dict, staff_member_id):
    return reviews.get(staff_member_id) if reviews else None
