"""The product catalog: lookup for the scan path, CSV import, demo and synthetic catalogs.

May import ``kiosk.domain`` and ``kiosk.persistence``. Never imports Qt.
"""

from kiosk.catalog.csvrows import CatalogImportError, RowError
from kiosk.catalog.importer import ImportReport, import_catalog_csv
from kiosk.catalog.repository import CatalogRepository

__all__ = ["CatalogImportError", "CatalogRepository", "ImportReport", "RowError", "import_catalog_csv"]
