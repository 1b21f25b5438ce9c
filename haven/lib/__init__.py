"""Small pure helpers with no knowledge of the domain models."""
