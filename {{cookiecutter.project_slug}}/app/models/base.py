"""The declarative base and the columns every public model shares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Connection, DateTime, Dialect, Index, MetaData, event, orm, text
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


@event.listens_for(Base.metadata, "before_create")
def create_trigram_extension(
    _metadata: MetaData, connection: Connection, **_kwargs: object
) -> None:
    """The lists' trigram indexes (?q= on PostgreSQL) need pg_trgm: ``create_all()``
    makes it first, as migration 0001 does."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))


class Model(Base):
    """A table with a UUID primary key (no guessable ids) and timestamps."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:  # noqa: N805 (a class attribute)
        """Newest first, the id breaking ties: the order of lists, in one index. A model
        that sets its own ``__table_args__`` lists this index there too."""
        return (Index(f"ix_{cls.__tablename__}_created_at", "created_at", "id"),)


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
