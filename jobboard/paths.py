"""Where the board finds the folders that live beside the package.

In a source checkout `templates/` and `migrations/` sit at the top of the repository; an
installed wheel carries them inside the package (see `[tool.hatch...force-include]`).
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _beside_package(name: str) -> Path:
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES = _beside_package("templates")
MIGRATIONS = _beside_package("migrations")
TRANSLATIONS = PACKAGE_DIR / "translations"
STATIC = PACKAGE_DIR / "static"
