"""smeintl."""
