"""The product catalog: lookup for the scan path (``repository``), CSV import (``importer``, run in parallel
through ``staging``), demo and synthetic catalogs.

May import ``kiosk.domain`` and ``kiosk.persistence``. Never imports Qt. Deliberately re-exports nothing: the
import's worker processes load ``kiosk.catalog.staging`` and must not pay for SQLAlchemy and Alembic.
"""
