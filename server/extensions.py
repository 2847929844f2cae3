"""Extension singletons, initialised by create_app."""

from typing import TYPE_CHECKING

import marshmallow as ma
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "snake_case error code"})
    message = ma.fields.String(required=True)
    details = ma.fields.Dict(required=True)


class ErrorEnvelopeSchema(ma.Schema):
    """The one error shape (server/errors.py), documented as every operation's default."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class DocumentedApi(Api):
    ERROR_SCHEMA = ErrorEnvelopeSchema


if TYPE_CHECKING:

    class RequestSession(Session):
        """What `db.session` is to a caller: a `scoped_session` forwards every Session
        method, and adds a call (the current Session) and `remove()`."""

        def __call__(self) -> Session: ...

        def remove(self) -> None: ...


class TypedSQLAlchemy(SQLAlchemy):
    """Flask-SQLAlchemy, with `db.session` typed as the Session its scoped proxy stands for,
    so mypy checks the API and CLI layers against services that take a plain `Session`."""

    if TYPE_CHECKING:
        session: RequestSession  # type: ignore[assignment]


db = TypedSQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
api = DocumentedApi()
babel = Babel()

if TYPE_CHECKING:
    Model = Base
else:
    #: Base class of every model (typed as the DeclarativeBase for mypy).
    Model = db.Model
