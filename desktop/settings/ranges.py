"""Valid ranges of numeric model fields, read from their pydantic constraints.

Spin boxes and sliders take their limits from here, so the models stay the
one place that says what is valid.
"""

from __future__ import annotations

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """(minimum, maximum) of a numeric field, None where the model sets no bound."""
    low = high = None
    for meta in model.model_fields[name].metadata:
        if isinstance(meta, (Ge, Gt)):
            low = meta.ge if isinstance(meta, Ge) else meta.gt
        elif isinstance(meta, (Le, Lt)):
            high = meta.le if isinstance(meta, Le) else meta.lt
    return (
        None if low is None else float(low),  # type: ignore[arg-type]
        None if high is None else float(high),  # type: ignore[arg-type]
    )


def field_range(model: type[BaseModel], name: str) -> tuple[float, float]:
    """(minimum, maximum) of a numeric field; raises KeyError if it has no bounds."""
    low, high = field_bounds(model, name)
    if low is None or high is None:
        raise KeyError(f"{model.__name__}.{name} has no range")
    return low, high
