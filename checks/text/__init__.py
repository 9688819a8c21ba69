"""What several check families share: phrase packs compiled for fast matching."""
