"""lvzhi (履职): party-building and duty-performance work of a CPPCC committee, and the figures it publishes."""

from importlib.metadata import PackageNotFoundError, version

try:
    # The installed package's version (pyproject.toml), shown in every page's footer.
    __version__ = version("lvzhi")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+unknown"
