"""What every model module shares: enum columns and timestamps."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column

from ..timeutil import UTCDateTime, utcnow


def enum_type(cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum by value as a VARCHAR with a CHECK, the same on SQLite and PostgreSQL."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
