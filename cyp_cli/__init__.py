"""cyp: lint, build and review statutory Children and Young People's Plans."""

__version__ = "0.1.0"
