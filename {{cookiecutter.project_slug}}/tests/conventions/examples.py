"""Models and schemas, good and flawed, that the tests of the runtime checks feed them.

They live on their own declarative bases, so the app's metadata never sees them,
and their module is not under ``app``, so the app's schema check skips them.
"""

from __future__ import annotations

import uuid

from marshmallow import INCLUDE, RAISE, Schema, fields
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.api.listing import InList, ListQuerySchema, Sort


class ExampleBase(DeclarativeBase):
    """Models that follow the rules."""


class ExampleModel(ExampleBase):
    """The shared UUID key, annotated once on an abstract base."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Owner(ExampleModel):
    __tablename__ = "owners"

    name: Mapped[str] = mapped_column(String(40), index=True)


class Gadget(ExampleModel):
    __tablename__ = "gadgets"
    # Covers filters on maker (the leading column), not on colour alone.
    __table_args__ = (Index("ix_gadgets_maker_colour", "maker", "colour"),)

    serial: Mapped[str] = mapped_column(String(40), unique=True)
    maker: Mapped[str] = mapped_column(String(40))
    colour: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("owners.id"))

    owner: Mapped[Owner] = relationship()


class GadgetListQuerySchema(ListQuerySchema):
    """Sorts on maker (indexed first) but filters on colour, which no index leads with."""

    sort = Sort("maker")
    maker = fields.String()
    colour__in = InList(fields.String())


class OwnerListQuerySchema(ListQuerySchema):
    sort = Sort("name")
    name = fields.String()


class FlawedBase(DeclarativeBase):
    """Models that break the rules."""


class Counter(FlawedBase):
    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(primary_key=True)


class Note(FlawedBase):
    __tablename__ = "notes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    body = mapped_column(Text)


class CreateLooseSchema(Schema):
    class Meta:
        unknown = INCLUDE

    name = fields.String()


class UpdateUnstatedSchema(Schema):
    """Marshmallow would raise by default, but nothing here says so."""

    name = fields.String()


class SignInSchema(Schema):
    """Not named as input, but loaded (see the test), so it is input."""

    email = fields.String()


class CreateStrictSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String()


class UpdateStrictSchema(CreateStrictSchema):
    """Inherits the strict Meta."""


class GadgetResponseSchema(Schema):
    """Output only: unknown fields never come in through it."""

    name = fields.String()


EXAMPLE_SCHEMAS: list[type[Schema]] = [
    CreateLooseSchema,
    UpdateUnstatedSchema,
    SignInSchema,
    CreateStrictSchema,
    UpdateStrictSchema,
    GadgetResponseSchema,
]
