"""The declarative base and the columns every public model shares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, MetaData, orm
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints make migrations reproducible and let SQLite batch mode drop them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database; SQLite alone would drop the offset."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store the UTC time of an aware datetime: SQLite would keep the local digits."""
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC)

    def process_result_value(self, value: object, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base; Flask-SQLAlchemy uses it as ``db.Model``."""

    registry = orm.registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class Model(Base):
    """A table with a UUID primary key (no guessable ids) and timestamps."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class VersionedModel(Model):
    """A resource clients change concurrently: every write names the version it read.

    SQLAlchemy adds ``AND row_version = <the version loaded>`` to each UPDATE and
    DELETE of the row and bumps the number, so a write that lost a race matches no
    row and raises ``StaleDataError`` instead of overwriting the winner. The ETag
    (``app.api.etags``) is made from this version.
    """

    __abstract__ = True

    row_version: Mapped[int]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805 (a class attribute)
        return {"version_id_col": cls.__table__.c.row_version}
