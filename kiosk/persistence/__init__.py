"""Durable storage: the database (SQLAlchemy 2 models, Alembic migrations, SQLite pragmas) and the sale journal.

May import ``kiosk.domain``; nothing else of the project. Never imports Qt.
"""

from kiosk.persistence.database import Database, default_database_url
from kiosk.persistence.journal import JournalError, RecoveredPayment, RecoveredSale, SaleJournal
from kiosk.persistence.models import PaymentStatus, SaleStatus

__all__ = [
    "Database",
    "JournalError",
    "PaymentStatus",
    "RecoveredPayment",
    "RecoveredSale",
    "SaleJournal",
    "SaleStatus",
    "default_database_url",
]
