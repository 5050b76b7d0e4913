"""Pure functions for evaluation and classification (đánh giá, xếp loại): standard library only, no Django."""
