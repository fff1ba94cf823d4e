"""Package data: the project's templates/ and mkdocs.yml (symlinks in a checkout, files in a wheel)."""
