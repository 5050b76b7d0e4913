# Agencies that already have an evaluation year get the default 360-degree question set if they have none: the
# pages no longer create it when someone opens them (a GET writes nothing); opening a year or HR's button on the
# question sets page does, from now on. The questions are copied here as they were when this migration was written
# (evaluation.services.reviews.DEFAULT_QUESTIONS), so a later change of the defaults does not change what it did.

from django.db import migrations

DEFAULT_SET_NAME = "Bộ câu hỏi đánh giá 360 độ"
DEFAULT_QUESTIONS = [
    ("Năng lực chuyên môn, nghiệp vụ: nắm vững và làm tốt nhiệm vụ được giao", "scale", False),
    ("Tinh thần, thái độ làm việc: trách nhiệm, chủ động, đúng hạn", "scale", False),
    ("Ý thức tổ chức kỷ luật, chấp hành nội quy, quy chế của cơ quan", "scale", False),
    ("Phối hợp, hỗ trợ đồng nghiệp trong công việc", "scale", False),
    ("Thái độ phục vụ Nhân dân, tổ chức và doanh nghiệp", "scale", False),
    ("Giao tiếp, ứng xử và truyền đạt thông tin", "scale", False),
    ("Đạo đức, lối sống, tinh thần đoàn kết", "scale", False),
    ("Năng lực lãnh đạo, quản lý: định hướng, phân công và điều hành công việc", "scale", True),
    ("Lắng nghe, động viên và tạo điều kiện cho cấp dưới phát triển", "scale", True),
    ("Người được đánh giá nên giữ điều gì và cần cải thiện điều gì?", "text", False),
]


def give_default_sets(apps, schema_editor):
    EvaluationYear = apps.get_model("evaluation", "EvaluationYear")
    QuestionSet = apps.get_model("evaluation", "QuestionSet")
    Question = apps.get_model("evaluation", "Question")
    with_sets = QuestionSet.objects.values("agency_id")
    agency_ids = (EvaluationYear.objects.exclude(agency_id__in=with_sets).order_by("agency_id")
                  .values_list("agency_id", flat=True).distinct())
    for agency_id in agency_ids:
        question_set = QuestionSet.objects.create(agency_id=agency_id, name=DEFAULT_SET_NAME)
        Question.objects.bulk_create([
            Question(question_set=question_set, text=text, kind=kind, upward_only=upward_only, order=index)
            for index, (text, kind, upward_only) in enumerate(DEFAULT_QUESTIONS, start=1)])


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0010_periodscore_arithmetic_on_demand"),
    ]

    operations = [
        migrations.RunPython(give_default_sets, migrations.RunPython.noop),
    ]
