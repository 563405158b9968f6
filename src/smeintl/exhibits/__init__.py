"""The paper's tables and figures, one module per theme."""
