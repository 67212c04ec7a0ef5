"""Durable storage: the database (SQLAlchemy 2 models, Alembic migrations, SQLite pragmas) and the sale journal.

May import ``kiosk.domain``; nothing else of the project. Never imports Qt.
"""

from kiosk.persistence.database import Database, DatabaseUrlError, database_url, default_database_url
from kiosk.persistence.journal import JournalError, RecoveredPayment, RecoveredSale, SaleJournal
from kiosk.persistence.models import PaymentStatus, SaleStatus

__all__ = [
    "Database",
    "DatabaseUrlError",
    "JournalError",
    "PaymentStatus",
    "RecoveredPayment",
    "RecoveredSale",
    "SaleJournal",
    "SaleStatus",
    "database_url",
    "default_database_url",
]
