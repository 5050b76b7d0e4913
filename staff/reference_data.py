"""Reference rows every deployment starts with. Used by a data migration and by seed_demo, so a test
database that was flushed (transactional tests) gets them back too."""

from decimal import Decimal

# code, name, years per step, first coefficient, increment, steps (NĐ 204/2004 tables; docs/domain-rules.md)
RANKS = [
    ("01.001", "Chuyên viên cao cấp", 3, "6.20", "0.36", 6),
    ("01.002", "Chuyên viên chính", 3, "4.40", "0.34", 8),
    ("01.003", "Chuyên viên", 3, "2.34", "0.33", 9),
    ("01.004", "Cán sự", 2, "1.86", "0.20", 12),
    ("01.005", "Nhân viên", 2, "1.65", "0.18", 12),
]


def ranks_ensure(rank_model, step_model) -> int:
    """Create the default ranks and their scales where missing; never touches edited rows. Returns how many."""
    created_count = 0
    for order, (code, name, years, first, increment, steps) in enumerate(RANKS, start=1):
        rank, created = rank_model.objects.get_or_create(
            code=code, defaults={"name": name, "years_per_step": years, "sort_order": order * 10})
        if created:
            created_count += 1
            step_model.objects.bulk_create(
                step_model(rank=rank, step=step, coefficient=Decimal(first) + Decimal(increment) * (step - 1))
                for step in range(1, steps + 1))
    return created_count
