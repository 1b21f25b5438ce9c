"""Pure case-work rules: plain functions over plain values, no database access."""
