"""Configuration: TOML files in ``config/`` validated with pydantic; a bad file stops start-up naming
file, key and reason."""

from kiosk.config.loader import ConfigError, load_config
from kiosk.config.model import KioskConfig

__all__ = ["ConfigError", "KioskConfig", "load_config"]
