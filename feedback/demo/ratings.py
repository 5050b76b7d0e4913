"""Demo data of officers' ratings and surveys: links for the one-stop centre of xã Bát Xát, a few hundred ratings
over recent months, and one published survey with answers. Safe to run twice."""

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from feedback.models import ServiceRating, Survey, SurveyQuestion
from feedback.rules import satisfaction
from feedback.services import ratings as rating_services
from feedback.services import surveys as survey_services
from staff.choices import Status
from staff.models import OrgUnit, StaffMember, User

AGENCY_CODE = "02683"  # UBND xã Bát Xát
DESK_CODE = "02683-HCC"  # Trung tâm Phục vụ hành chính công
RATINGS = 320
DAYS_BACK = 180
COMMENTS = [
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Thủ tục nhanh gọn, đúng hẹn.",
    "Phải chờ hơi lâu vì đông người.",
    "Thái độ niềm nở, cảm ơn chị.",
    "Nên có thêm ghế ngồi chờ.",
    "Giải thích rõ giấy tờ cần bổ sung.",
    "Hẹn trả kết quả nhưng bị chậm hai ngày.",
    "Cán bộ biết tiếng Mông nên tôi hiểu rõ hơn.",
]
SURVEY_TITLE = "Khảo sát mức độ hài lòng về Trung tâm Phục vụ hành chính công xã Bát Xát"


def _current(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code, valid_from__isnull=False).order_by("-valid_from").first()


@transaction.atomic
def seed_ratings(*, stdout) -> None:
    desk = _current(DESK_CODE)
    if desk is None:
        return
    officers = StaffMember.objects.filter(org_unit__path__startswith=desk.path, status=Status.WORKING)
    made = rating_services.ratinglinks_create_missing(staff_members=officers)
    people = list(officers.order_by("id"))
    if not people or ServiceRating.objects.filter(org_unit=desk).exists():
        stdout.write(f"feedback: {made} rating links for {desk}")
        return
    scale = settings.FEEDBACK_RATING_SCALE
    criteria = satisfaction.check_criteria(settings.FEEDBACK_RATING_CRITERIA)
    rng = random.Random(2026)
    weights = {3: [2, 5, 12], 5: [1, 2, 4, 9, 10]}[scale]  # worst level first: mostly satisfied, some not
    now = timezone.now()
    ratings = []
    for _ in range(RATINGS):
        person = rng.choice(people)
        value = rng.choices(range(1, scale + 1), weights=weights)[0]
        rated = {key: max(1, min(scale, value + rng.choice([-1, 0, 0, 1]))) for key in criteria if rng.random() < .4}
        ratings.append(ServiceRating(
            staff_member=person, org_unit_id=person.org_unit_id, scale=scale, value=value,
            is_satisfied=satisfaction.is_satisfied(value, scale), criteria=rated,
            comment=rng.choice(COMMENTS) if rng.random() < .2 else "",
            dossier_code=f"000.00.16.H34-{rng.randint(250701, 251231)}-{rng.randint(1, 999):04d}"
            if rng.random() < .3 else "",
            channel=rng.choice([ServiceRating.Channel.LINK, ServiceRating.Channel.KIOSK])))
    created = ServiceRating.objects.bulk_create(ratings)
    for rating in created:  # spread over office hours of the last months
        day = timezone.localdate(now) - timedelta(days=rng.randint(0, DAYS_BACK))
        rating.created_at = timezone.make_aware(datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59))))
    ServiceRating.objects.bulk_update(created, ["created_at"], batch_size=500)
    stdout.write(f"feedback: {made} rating links and {len(created)} ratings for {desk}")


def seed_surveys(*, stdout) -> None:
    agency = _current(AGENCY_CODE)
    hr = User.objects.filter(username="tochuc").first()
    if agency is None or hr is None or Survey.objects.filter(agency=agency, title=SURVEY_TITLE).exists():
        return
    Kind = SurveyQuestion.Kind
    with transaction.atomic():
        survey = survey_services.survey_create(
            user=hr, agency=agency, title=SURVEY_TITLE,
            intro="UBND xã Bát Xát mong nhận ý kiến của bà con để phục vụ tốt hơn. Phiếu không ghi tên, "
                  "mất khoảng 2 phút.")
        survey_services.survey_questions_save(survey=survey, questions=[
            {"text": "Bà con có hài lòng với thái độ của cán bộ tiếp nhận không?", "kind": Kind.SATISFACTION,
             "is_required": True},
            {"text": "Bà con có hài lòng với thời gian giải quyết hồ sơ không?", "kind": Kind.SATISFACTION,
             "is_required": True},
            {"text": "Bà con đến làm thủ tục thuộc lĩnh vực nào?", "kind": Kind.SINGLE, "is_required": True,
             "choices": "Hộ tịch\nĐất đai\nChứng thực\nBảo trợ xã hội\nKhác"},
            {"text": "Bà con biết đến Trung tâm qua đâu? (chọn nhiều)", "kind": Kind.MULTIPLE, "is_required": False,
             "choices": "Loa truyền thanh xã\nTrưởng thôn\nNgười quen\nMạng xã hội"},
            {"text": "Bà con có góp ý gì thêm?", "kind": Kind.TEXT, "is_required": False},
        ])
        survey = survey_services.survey_publish(survey=survey)
    questions = list(survey.questions.order_by("order", "id"))
    rng = random.Random(766)
    scale = settings.FEEDBACK_RATING_SCALE
    weights = {3: [2, 5, 10], 5: [1, 2, 3, 8, 8]}[scale]
    for _ in range(60):
        answers = {questions[0].pk: rng.choices(range(1, scale + 1), weights=weights)[0],
                   questions[1].pk: rng.choices(range(1, scale + 1), weights=weights)[0],
                   questions[2].pk: rng.choice(questions[2].choices),
                   questions[3].pk: rng.sample(questions[3].choices, rng.randint(0, 2)),
                   questions[4].pk: rng.choice(COMMENTS) if rng.random() < .25 else ""}
        survey_services.survey_answer_submit(survey=survey, answers=answers)
    stdout.write(f"feedback: survey “{survey.title}” published with 60 answers")
