"""Demo cases: a dozen citizens' feedback about xã Bát Xát and its units, in every state a handler meets.

Their tracking codes are 0000-0000-0000-0001 to -0012 (real codes are random), so a demo visitor can look them up.
Safe to run twice: a case whose code exists is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from batxat_portal import calendar_selectors
from feedback.models import Feedback, FeedbackEvent, Kind
from feedback.services import public as services
from staff.choices import Status as StaffStatus
from staff.models import OrgUnit, StaffMember, User

Status, Action = Feedback.Status, FeedbackEvent.Action

# (number, days ago, kind, unit code, status, text, contact, extra fields, steps: (action, days after receipt, note))
CASES = [
    (1, 0, Kind.REPORT, "02683-HCC", Status.RECEIVED,
     "Máy lấy số thứ tự ở bộ phận một cửa bị hỏng từ sáng, người dân phải chờ rất lâu mà không biết đến lượt.",
     {}, {}, []),
    (2, 1, Kind.PROPOSAL, "02683-VHXH", Status.RECEIVED,
     "Đề nghị xã tổ chức lớp dạy chữ Mông cho cán bộ thôn để tiện giải thích chính sách cho bà con.",
     {"citizen_name": "Lý A Chử", "citizen_phone": "0912345001"}, {}, []),
    (3, 4, Kind.REPORT, "02683-KT", Status.IN_PROGRESS,
     "Đường vào thôn Trung Trải bị sạt lở sau mưa lớn, xe máy không qua được.",
     {"citizen_name": "Sần Văn Phủ", "citizen_phone": "0983111002"}, {"assigned": "02683-KT"},
     [(Action.ASSIGNED, 1, "Giao Phòng Kinh tế kiểm tra hiện trường.")]),
    (4, 21, Kind.REPORT, "02683-HCC", Status.IN_PROGRESS,
     "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của tôi đã quá hẹn trả 10 ngày mà chưa có kết quả.",
     {"citizen_name": "Phàn Thị Mẩy", "citizen_email": "phanthimay@example.vn"},
     {"dossier_code": "000.00.12.H34-250812-0007", "procedure_code": "1.004227", "assigned": "02683-HCC"},
     [(Action.ASSIGNED, 1, "Chuyển bộ phận đất đai kiểm tra tiến độ hồ sơ.")]),
    (5, 3, Kind.REPORT, "02683-HCC", Status.WAITING_INFO,
     "Cán bộ hướng dẫn tôi nộp thiếu giấy tờ nên phải đi lại ba lần.",
     {"citizen_phone": "0356222005"}, {},
     [(Action.INFO_REQUESTED, 1, "Xin ông/bà cho biết ngày nộp hồ sơ và số biên nhận để chúng tôi kiểm tra.")]),
    (6, 6, Kind.PROPOSAL, "02683-KT", Status.FORWARDED,
     "Đề nghị nâng cấp tỉnh lộ 156 đoạn qua xã vì mặt đường hư hỏng nặng.",
     {"citizen_name": "Hoàng Văn Sinh"},
     {"within_competence": False, "forwarded_to": "Sở Xây dựng tỉnh Lào Cai"},
     [(Action.FORWARDED, 2, "Chuyển Sở Xây dựng tỉnh Lào Cai theo thẩm quyền.")]),
    (7, 9, Kind.SUGGESTION, "02683-VP", Status.ANSWERED,
     "Nên mở cửa bộ phận một cửa thêm sáng thứ Bảy cho người đi làm xa.",
     {"citizen_email": "goy@example.vn"},
     {"answer": "Từ tháng tới, Trung tâm Phục vụ hành chính công xã mở cửa sáng thứ Bảy hằng tuần, từ 7h30 đến 11h30."},
     [(Action.ANSWERED, 5, "")]),
    (8, 14, Kind.PRAISE, "02683-HCC", Status.CLOSED,
     "Cảm ơn cán bộ ở quầy tiếp nhận đã hướng dẫn tận tình, làm xong hồ sơ trong buổi sáng.",
     {"citizen_name": "Vàng Thị Dở"},
     {"answer": "Cảm ơn bà đã ghi nhận. Ý kiến của bà đã được chuyển tới cán bộ và lãnh đạo đơn vị.",
      "satisfied": True, "officer": True},
     [(Action.ANSWERED, 2, ""), (Action.RATED, 3, "Hài lòng với câu trả lời."), (Action.CLOSED, 3, "")]),
    (9, 30, Kind.COMPLAINT, "02683-VHXH", Status.CLOSED,
     "Gia đình tôi thuộc hộ nghèo nhưng không có tên trong danh sách nhận hỗ trợ năm nay.",
     {"citizen_name": "Chảo Láo Sử", "citizen_phone": "0867333009"},
     {"answer": "Qua rà soát, hộ gia đình ông đã thoát nghèo từ kỳ rà soát năm trước nên không thuộc đối tượng "
                "hỗ trợ. Ông có thể đề nghị rà soát lại tại thôn.", "satisfied": False},
     [(Action.ACCEPTED, 3, ""), (Action.ANSWERED, 20, ""), (Action.RATED, 22, "Không hài lòng với câu trả lời."),
      (Action.CLOSED, 23, "")]),
    (10, 2, Kind.SUGGESTION, "02683-HCC", Status.SPAM,
     "Mua bán sim số đẹp giá rẻ, liên hệ ngay!!!", {}, {}, [(Action.SPAM, 1, "")]),
    (11, 3, Kind.REPORT, "02683-KT", Status.DUPLICATE,
     "Đường thôn Trung Trải sạt lở, đề nghị xã xử lý gấp.", {}, {"duplicate_of": 3},
     [(Action.DUPLICATE, 1, "Trùng với phản ánh 0000-0000-0000-0003.")]),
    (12, 10, Kind.COMPLAINT, "02683", Status.IN_PROGRESS,
     "Tôi khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng nhà ở vì chưa được mời lên làm việc.",
     {"citizen_name": "Lù Văn Pao", "citizen_phone": "0978444012", "citizen_email": "luvanpao@example.vn"},
     {"assigned": "02683"}, [(Action.ASSIGNED, 2, "Giao Văn phòng tham mưu giải quyết.")]),
]


def _code(number: int) -> str:
    return f"0000-0000-0000-{number:04d}"


def seed_cases(*, stdout) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    units = {unit.code: unit for unit in OrgUnit.objects.valid_on(today).filter(
        code__in={case[3] for case in CASES} | {case[7]["assigned"] for case in CASES if "assigned" in case[7]})}
    if "02683-HCC" not in units:
        stdout.write("feedback: no demo cases (the units of xã Bát Xát are missing; seed the staff app first)")
        return
    handler = User.objects.filter(username="tiepnhan").first()
    calendar = calendar_selectors.working_calendar()
    existing = set(Feedback.objects.filter(tracking_code__in=[_code(case[0]) for case in CASES])
                   .values_list("tracking_code", flat=True))
    created = 0
    for number, days_ago, kind, unit_code, status, text, contact, extra, steps in CASES:
        if _code(number) in existing:
            continue
        received_at = now - timedelta(days=days_ago, hours=2)
        # A complaint counts from its acceptance (the ACCEPTED step), if it has one yet.
        accepted_on = next((timezone.localdate(received_at + timedelta(days=d)) for a, d, _ in steps
                            if a == Action.ACCEPTED), None)
        due = services.feedback_deadlines(kind=kind, received_on=timezone.localdate(received_at), calendar=calendar,
                                          accepted_on=accepted_on)
        officer = (StaffMember.objects.filter(org_unit=units[unit_code], status=StaffStatus.WORKING)
                   .order_by("id").first() if extra.get("officer") else None)
        feedback = Feedback.objects.create(
            tracking_code=_code(number), kind=kind, org_unit=units[unit_code], officer=officer, text=text,
            status=status, due_on=due.answer_due_on, forward_due_on=due.forward_due_on, accepted_on=accepted_on,
            accepted_by=handler if accepted_on else None,
            content_hash=services.content_hash(org_unit_id=units[unit_code].pk, text=text),
            assigned_unit=units.get(extra.get("assigned", "")),
            procedure_code=extra.get("procedure_code", ""), dossier_code=extra.get("dossier_code", ""),
            within_competence=extra.get("within_competence", True), forwarded_to=extra.get("forwarded_to", ""),
            answer=extra.get("answer", ""), citizen_satisfied=extra.get("satisfied"),
            duplicate_of=Feedback.objects.filter(tracking_code=_code(extra["duplicate_of"])).first()
            if "duplicate_of" in extra else None,
            **contact)
        step_times = {}
        events = [FeedbackEvent.objects.create(feedback=feedback, action=Action.RECEIVED, is_public=True)]
        step_times[events[0].pk] = received_at
        for action, days_after, note in steps:
            is_public = action not in (Action.ASSIGNED, Action.SPAM, Action.DUPLICATE)
            event = FeedbackEvent.objects.create(
                feedback=feedback, action=action, is_public=is_public,
                actor=None if action == Action.RATED else handler,
                note=note or (feedback.answer if action == Action.ANSWERED else "")
                or (f"Thụ lý ngày {accepted_on:%d/%m/%Y}; hạn giải quyết {feedback.due_on:%d/%m/%Y}."
                    if action == Action.ACCEPTED else ""))
            step_times[event.pk] = received_at + timedelta(days=days_after)
        for pk, at in step_times.items():
            FeedbackEvent.objects.filter(pk=pk).update(at=at)
        answered = next((received_at + timedelta(days=d) for a, d, _ in steps if a == Action.ANSWERED), None)
        closed = next((received_at + timedelta(days=d) for a, d, _ in steps if a == Action.CLOSED), None)
        forwarded = next((received_at + timedelta(days=d) for a, d, _ in steps if a == Action.FORWARDED), None)
        # The mails of demo cases count as sent: the sweep must not write to the example addresses.
        Feedback.objects.filter(pk=feedback.pk).update(
            received_at=received_at, answered_at=answered, answered_by=handler if answered else None,
            closed_at=closed, forwarded_at=forwarded, confirmation_sent_at=received_at)
        created += 1
    stdout.write(f"feedback: {created} new demo cases (codes {_code(1)} to {_code(len(CASES))})")
